package results

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/breachlab/eventstudy/inputerr"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// records is a parsed CSV: cells plus the line and column of each cell.
type records struct {
	header []string
	rows   [][]string
	pos    [][][2]int // line, column of every cell of rows
}

// parseCSV reads all records, collecting every syntax problem; the header
// is the first record (a UTF-8 BOM, as left by spreadsheet programs, is
// dropped).
func parseCSV(file string, b []byte) (*records, inputerr.InputErrors) {
	var errs inputerr.InputErrors
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1 // counted below, with positions
	rec := &records{}
	first := true
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs.Add(file, pe.Line, pe.Column, pe.Err.Error(), "fix the quoting of that field; "+regenerateHint)
				continue // the reader resumes on the next record
			}
			errs.Add(file, 0, 0, err.Error(), "")
			break
		}
		if first {
			rec.header = row
			first = false
			continue
		}
		p := make([][2]int, len(row))
		for i := range row {
			p[i][0], p[i][1] = r.FieldPos(i)
		}
		rec.rows = append(rec.rows, row)
		rec.pos = append(rec.pos, p)
	}
	if first && len(errs) == 0 {
		errs.Add(file, 1, 0, "empty file, no header", regenerateHint)
	}
	return rec, errs
}

// checkHeader compares the header with the expected columns and returns,
// for each expected column, its index in the file.
func checkHeader(file string, header, want []string) ([]int, inputerr.InputErrors) {
	var errs inputerr.InputErrors
	at := map[string]int{}
	for i, h := range header {
		if j, dup := at[h]; dup {
			errs.Add(file, 1, i+1, fmt.Sprintf("column %q appears twice (also column %d)", h, j+1), regenerateHint)
			continue
		}
		at[h] = i
	}
	idx := make([]int, len(want))
	wanted := map[string]bool{}
	for k, w := range want {
		wanted[w] = true
		i, ok := at[w]
		if !ok {
			errs.Add(file, 1, 0, "missing column "+w,
				"the header must have the columns "+strings.Join(want, ",")+"; "+regenerateHint)
		}
		idx[k] = i
	}
	for i, h := range header {
		if !wanted[h] {
			errs.Add(file, 1, i+1, fmt.Sprintf("unexpected column %q", h),
				"the header must have the columns "+strings.Join(want, ",")+"; was a column renamed?")
		}
	}
	return idx, errs
}

// parseCell parses s as a cell of kind k into f, the row's field; the
// error says what the cell should be (what; hint).
func parseCell(f reflect.Value, k kind, col, s string) error {
	switch k {
	case kindString:
		f.SetString(s)
	case kindInt:
		v, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%s: %q is not a whole number; %s", col, s, regenerateHint)
		}
		f.SetInt(int64(v))
	case kindNum:
		var n Num
		if err := n.UnmarshalCSV(s); err != nil {
			return fmt.Errorf("%s: %q is not a number; write a number, or leave the cell empty for a missing value", col, s)
		}
		f.SetFloat(float64(n))
	case kindOptInt:
		var n Int
		if err := n.UnmarshalCSV(s); err != nil {
			return fmt.Errorf("%s: %q is not a whole number; write a whole number, or leave the cell empty for a missing value", col, s)
		}
		f.Set(reflect.ValueOf(n))
	case kindBool:
		// The writer writes exactly these; "1", "T" and friends are not ours.
		switch s {
		case "true":
			f.SetBool(true)
		case "false":
			f.SetBool(false)
		default:
			return fmt.Errorf("%s: %q is not true or false; %s", col, s, regenerateHint)
		}
	case kindFloat:
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a number; %s", col, s, regenerateHint)
		}
		f.SetFloat(v)
	}
	return nil
}

// DecodeCSV reads one table of rows of type T, as StreamCSV wrote it,
// from b; file names it in the problems. The header must hold exactly T's
// columns, in any order (a missing, renamed, duplicated or unexpected
// column is a problem at line 1), every record as many fields as the
// header, and every cell must parse as its column's kind (whole number,
// number or empty for missing, true or false). Every problem is returned,
// as file:line:column, and then no rows. The one CSV reader of every
// table.
func DecodeCSV[T any](file string, b []byte) ([]T, inputerr.InputErrors) {
	rows, _, errs := decodeCSV(file, b, ColumnsOf[T](), nil)
	return rows, errs
}

// decodeCSV is DecodeCSV with extra number columns after T's (events.csv's
// beta_<factor>), whose cells it returns per row in extra's order.
func decodeCSV[T any](file string, b []byte, cols Columns[T], extra []string) ([]T, [][]string, inputerr.InputErrors) {
	rec, errs := parseCSV(file, b)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	want := append(append([]string(nil), cols.header...), extra...)
	idx, errs := checkHeader(file, rec.header, want)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	out := make([]T, 0, len(rec.rows))
	var extras [][]string
	if len(extra) > 0 {
		extras = make([][]string, len(rec.rows))
	}
	for r, row := range rec.rows {
		if len(row) != len(rec.header) {
			errs.Add(file, rec.pos[r][0][0], 0, fmt.Sprintf("%d fields, the header has %d", len(row), len(rec.header)), regenerateHint)
			continue
		}
		var v T
		rv := reflect.ValueOf(&v).Elem()
		for k, i := range idx {
			var err error
			if k < len(cols.header) {
				err = parseCell(rv.Field(cols.fields[k]), cols.kinds[k], want[k], row[i])
			} else if err = new(Num).UnmarshalCSV(row[i]); err != nil {
				err = fmt.Errorf("%s: %q is not a number; write a number, or leave the cell empty for a missing value", want[k], row[i])
			} else {
				extras[r] = append(extras[r], row[i])
			}
			if err != nil {
				what, hint, _ := strings.Cut(err.Error(), "; ")
				errs.Add(file, rec.pos[r][i][0], rec.pos[r][i][1], what, hint)
			}
		}
		out = append(out, v)
	}
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return out, extras, nil
}
