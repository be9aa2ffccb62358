package results

import (
	"fmt"
	"reflect"
	"strings"
)

// kind is what a column holds; the writer (quoting), the reader (cell
// checks) and results.xlsx (number or text) use it.
type kind int

const (
	kindString kind = iota
	kindInt         // a whole number that must be present (rel_day, t1, n ...)
	kindNum         // a Num: a number that may be missing
	kindOptInt      // an Int: a whole number that may be missing (df)
	kindBool        // true or false
	kindFloat       // a float64 that is always present (overlap_share)
)

// numeric reports whether results.xlsx stores the column's cells as
// numbers.
func (k kind) numeric() bool {
	return k == kindInt || k == kindNum || k == kindOptInt || k == kindFloat
}

var (
	numType = reflect.TypeFor[Num]()
	intType = reflect.TypeFor[Int]()
)

// kindOf is the kind of a field of type t; ok is false for a type no
// table may hold.
func kindOf(t reflect.Type) (k kind, ok bool) {
	switch {
	case t == numType:
		return kindNum, true
	case t == intType:
		return kindOptInt, true
	case t.Kind() == reflect.String:
		return kindString, true
	case t.Kind() == reflect.Int:
		return kindInt, true
	case t.Kind() == reflect.Bool:
		return kindBool, true
	case t.Kind() == reflect.Float64:
		return kindFloat, true
	}
	return 0, false
}

// Columns describes a table of rows of type T: its header (the csv tags of
// T's fields, in field order), what each column holds, and how one row's
// cells are formatted. It is the one description the CSV writer, the CSV
// reader, results.json and results.xlsx share, so a column is added by
// adding a tagged field.
type Columns[T any] struct {
	header []string
	kinds  []kind
	fields []int // T's field index of each column, for the reader
	cells  func(r *T, c *Cells, dst []string)
	// record, when set, appends a row's CSV record straight to dst (the
	// big tables): the record appendCSVRecord makes of cells' strings.
	record func(dst []byte, r *T, q *quoteMemo) []byte
}

// ColumnsOf derives the columns of T from its csv tags; fields tagged "-"
// or untagged are not columns. Cells are formatted by reflection (strings
// as they are, whole numbers in decimal, Num and Int by their String
// methods, bools as true/false, a float64 in the shortest fixed-point
// form), which is what the gocsv library this writer replaced wrote. It
// panics on a field type no table holds: a programming error, caught by
// any test that writes the table.
func ColumnsOf[T any]() Columns[T] {
	t := reflect.TypeFor[T]()
	var c Columns[T]
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("csv"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		k, ok := kindOf(f.Type)
		if !ok {
			panic(fmt.Sprintf("results: column %s of %s has type %s, which no table may hold", tag, t, f.Type))
		}
		c.header = append(c.header, tag)
		c.kinds = append(c.kinds, k)
		c.fields = append(c.fields, i)
	}
	c.cells = reflectCells[T](c.kinds, c.fields)
	return c
}

// WithCells returns c with a hand-written cell function, for the large
// tables (a row per event and day): the reflective one is several times
// slower there. cells must fill the same strings in the same order
// (checked by TestFastCellsMatchReflection).
func (c Columns[T]) WithCells(cells func(r *T, a *Cells, dst []string)) Columns[T] {
	c.cells = cells
	return c
}

// withRecord returns c with a hand-written record function for the CSV
// stream, which must write what appendCSVRecord writes of c's cells
// (checked by TestFastCellsMatchReflection's streamed files).
func (c Columns[T]) withRecord(record func(dst []byte, r *T, q *quoteMemo) []byte) Columns[T] {
	c.record = record
	return c
}

// Header is the table's header line, as written.
func (c Columns[T]) Header() []string { return c.header }

// reflectCells formats the cells of a row by reflection.
func reflectCells[T any](kinds []kind, fields []int) func(r *T, c *Cells, dst []string) {
	return func(r *T, c *Cells, dst []string) {
		v := reflect.ValueOf(r).Elem()
		for i, k := range kinds {
			f := v.Field(fields[i])
			switch k {
			case kindString:
				dst[i] = f.String()
			case kindInt:
				dst[i] = c.Int(int(f.Int()))
			case kindNum:
				dst[i] = c.Num(Num(f.Float()))
			case kindOptInt:
				dst[i] = c.OptInt(Int{V: int(f.Field(0).Int()), Valid: f.Field(1).Bool()})
			case kindBool:
				dst[i] = c.Bool(f.Bool())
			case kindFloat:
				dst[i] = c.Float(f.Float())
			}
		}
	}
}
