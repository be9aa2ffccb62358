package results

import (
	"bufio"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// With --format parquet the big tables (ar, car, prices, volume: those
// --gzip compresses) are also written as Parquet, for readers that load
// them into DuckDB, Polars or Spark: ar.parquet beside ar.csv, the same
// columns in the same order, typed by what each holds (kind): text as
// strings, whole numbers as INT64, numbers as DOUBLE, booleans as
// BOOLEAN; a missing cell (empty in the CSV) is a null. The values are
// the CSV cells read back (a number's cell is its shortest round-trip
// decimal, so the double is the same), which keeps one description of
// every table (Columns). Snappy-compressed, row groups of 122,880 rows.

// parquetFile is a table's Parquet file, or false for a table not
// written as Parquet.
func parquetFile(t Table) (namedFile, bool) {
	if !gzipped[t.File()] {
		return namedFile{}, false
	}
	name := strings.TrimSuffix(t.File(), ".csv") + ".parquet"
	return namedFile{name: name, write: func(w *bufio.Writer) error { return writeParquetTable(w, t.cells()) }}, true
}

// parquetSchema is the schema of a table: a struct type built from its
// header and kinds (fields in column order), pointers for the columns
// that may be missing.
func parquetSchema(t *table) (*parquet.Schema, error) {
	fields := make([]reflect.StructField, len(t.header))
	for i, h := range t.header {
		var typ reflect.Type
		tag := h
		switch t.kinds[i] {
		case kindString:
			typ, tag = reflect.TypeFor[*string](), h+",optional"
		case kindInt:
			typ = reflect.TypeFor[int64]()
		case kindNum:
			typ, tag = reflect.TypeFor[*float64](), h+",optional"
		case kindOptInt:
			typ, tag = reflect.TypeFor[*int64](), h+",optional"
		case kindBool:
			typ = reflect.TypeFor[bool]()
		case kindFloat:
			typ = reflect.TypeFor[float64]()
		default:
			return nil, fmt.Errorf("column %s: no Parquet type", h)
		}
		fields[i] = reflect.StructField{Name: fmt.Sprintf("C%d", i), Type: typ, Tag: reflect.StructTag(`parquet:"` + tag + `"`)}
	}
	return parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Interface()), nil
}

// writeParquetTable writes t's rows as Parquet to w.
func writeParquetTable(w *bufio.Writer, t *table) error {
	schema, err := parquetSchema(t)
	if err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	pw := parquet.NewWriter(w, schema, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(122_880))
	row := make(parquet.Row, len(t.header))
	for n, cells := range t.rows {
		for i, c := range cells {
			v, def, err := parquetValue(t.kinds[i], c)
			if err != nil {
				return fmt.Errorf("%s row %d column %s: %w", t.name, n+1, t.header[i], err)
			}
			row[i] = v.Level(0, def, i)
		}
		if _, err := pw.WriteRows([]parquet.Row{row}); err != nil {
			return err
		}
	}
	return pw.Close()
}

// parquetValue is cell c of a column of kind k and its definition
// level: 0 for an empty cell of a column that may be missing (a null),
// 1 for its other cells, 0 for the required columns.
func parquetValue(k kind, c string) (v parquet.Value, def int, err error) {
	optional := k == kindString || k == kindNum || k == kindOptInt
	if optional && c == "" {
		return parquet.Value{}, 0, nil
	}
	if optional {
		def = 1
	}
	switch k {
	case kindString:
		v = parquet.ByteArrayValue([]byte(c))
	case kindInt, kindOptInt:
		var n int64
		n, err = strconv.ParseInt(c, 10, 64)
		v = parquet.Int64Value(n)
	case kindNum, kindFloat:
		var x float64
		x, err = strconv.ParseFloat(c, 64)
		v = parquet.DoubleValue(x)
	case kindBool:
		var b bool
		b, err = strconv.ParseBool(c)
		v = parquet.BooleanValue(b)
	}
	return v, def, err
}
