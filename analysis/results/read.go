package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/prices"
	"github.com/gocarina/gocsv"
)

const regenerateHint = "the file must be as eventstudy wrote it; rerun the study to regenerate it"

// Read reads a results directory written by Write back into a Set (for
// `eventstudy report DIR`): manifest.json first (it names the factor
// columns of events.csv), then every CSV. Headers are checked before gocsv
// sees a file, because gocsv silently zero-fills missing columns: a missing,
// renamed or unexpected column is an error "file:1[:col]: ...". Every bad
// cell is reported as file:line:column, all problems in one pass.
// regression.csv and warnings.csv are optional; the others are required.
func Read(dir string) (*Set, error) {
	set := &Set{}
	var errs prices.InputErrors

	mpath := filepath.Join(dir, ManifestFile)
	if b, err := os.ReadFile(mpath); err != nil {
		errs.Add(mpath, 0, 0, err.Error(), "is this a directory written by eventstudy run?")
	} else if err := decodeManifest(b, &set.Manifest); err != nil {
		errs.Add(mpath, jsonLine(b, err), 0, "bad JSON: "+err.Error(), regenerateHint)
	}

	read := func(name string, optional bool) []byte {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			if !(optional && errors.Is(err, os.ErrNotExist)) {
				errs.Add(p, 0, 0, err.Error(), "is this a directory written by eventstudy run?")
			}
			return nil
		}
		return b
	}
	path := func(name string) string { return filepath.Join(dir, name) }

	if b := read(EventsFile, false); b != nil {
		var e prices.InputErrors
		set.Events, e = decodeEvents(path(EventsFile), b, set.Manifest.FactorNames)
		errs = append(errs, e...)
	}
	decode(read(ARFile, false), path(ARFile), &set.AR, &errs)
	decode(read(CARFile, false), path(CARFile), &set.CAR, &errs)
	decode(read(TestsFile, false), path(TestsFile), &set.Tests, &errs)
	decode(read(AARFile, false), path(AARFile), &set.AAR, &errs)
	decode(read(PricesFile, false), path(PricesFile), &set.Prices, &errs)
	decode(read(RegressionFile, true), path(RegressionFile), &set.Regression, &errs)
	// Optional: a directory written before it has the warnings in the
	// manifest (decodeManifest).
	decode(read(WarningsFile, true), path(WarningsFile), &set.Manifest.Warnings, &errs)

	// Group, source and attributes are not CSV columns; the manifest
	// carries them.
	meta := map[string]EventMeta{}
	for _, m := range set.Manifest.EventMeta {
		meta[m.EventID] = m
	}
	for i := range set.Events {
		if m, ok := meta[set.Events[i].EventID]; ok {
			set.Events[i].Group, set.Events[i].Source, set.Events[i].Attributes = m.Group, m.Source, m.Attributes
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return set, nil
}

func decode[T any](b []byte, file string, out *[]T, errs *prices.InputErrors) {
	if b == nil {
		return
	}
	rows, e := decodeTable[T](file, b, nil)
	*out = rows
	*errs = append(*errs, e...)
}

func decodeManifest(b []byte, m *Manifest) error {
	// "warnings" is read apart: a manifest older than warnings.csv lists
	// every warning there.
	var file struct {
		Manifest
		Warnings json.RawMessage `json:"warnings"`
	}
	if err := strictJSON(b, &file); err != nil {
		return err
	}
	*m = file.Manifest
	var err error
	m.WarningCodes, m.Warnings, err = decodeWarnings(file.Warnings)
	return err
}

// jsonLine is the line of a JSON syntax or type error, 0 if unknown.
func jsonLine(b []byte, err error) int {
	var off int64
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	default:
		// An unknown key (DisallowUnknownFields) has no offset: find the key.
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			if i := bytes.Index(b, []byte(name+":")); i >= 0 {
				return 1 + bytes.Count(b[:i], []byte("\n"))
			}
		}
		return 0
	}
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	return 1 + bytes.Count(b[:off], []byte("\n"))
}

// records is a parsed CSV: cells plus the line and column of each cell.
type records struct {
	header []string
	rows   [][]string
	pos    [][][2]int // line, column of every cell of rows
}

// parseCSV reads all records, collecting every syntax problem; the header
// is the first record (a UTF-8 BOM, as left by spreadsheet programs, is
// dropped).
func parseCSV(file string, b []byte) (*records, prices.InputErrors) {
	var errs prices.InputErrors
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
		errs.Add(file, 0, 0, "empty file, no header", regenerateHint)
	}
	return rec, errs
}

// checkHeader compares the header with the expected columns and returns,
// for each expected column, its index in the file.
func checkHeader(file string, header, want []string) ([]int, prices.InputErrors) {
	var errs prices.InputErrors
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

// checkCells validates every cell by its column kind, so gocsv (which
// reads an empty or bad whole number as 0) only ever sees good cells.
func checkCells(file string, rec *records, cols []string, kinds []kind, idx []int) prices.InputErrors {
	var errs prices.InputErrors
	for r, row := range rec.rows {
		if len(row) != len(rec.header) {
			line := rec.pos[r][0][0]
			errs.Add(file, line, 0, fmt.Sprintf("%d fields, the header has %d", len(row), len(rec.header)), regenerateHint)
			continue
		}
		for k, i := range idx {
			s := row[i]
			line, col := rec.pos[r][i][0], rec.pos[r][i][1]
			switch kinds[k] {
			case kindInt:
				if _, err := strconv.Atoi(s); err != nil {
					errs.Add(file, line, col, fmt.Sprintf("%s: %q is not a whole number", cols[k], s), regenerateHint)
				}
			case kindNum:
				var n Num
				if err := n.UnmarshalCSV(s); err != nil {
					errs.Add(file, line, col, fmt.Sprintf("%s: %q is not a number", cols[k], s),
						"write a number, or leave the cell empty for a missing value")
				}
			case kindOptInt:
				var n Int
				if err := n.UnmarshalCSV(s); err != nil {
					errs.Add(file, line, col, fmt.Sprintf("%s: %q is not a whole number", cols[k], s),
						"write a whole number, or leave the cell empty for a missing value")
				}
			}
		}
	}
	return errs
}

// sliceReader hands pre-checked records to gocsv.
type sliceReader struct{ rows [][]string }

func (s *sliceReader) Read() ([]string, error) {
	if len(s.rows) == 0 {
		return nil, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r, nil
}

func (s *sliceReader) ReadAll() ([][]string, error) {
	r := s.rows
	s.rows = nil
	return r, nil
}

// decodeTable reads one table of row type T whose header must be T's csv
// columns followed by extra. It returns the rows and the cells of the extra
// columns (in extra's order). On any problem it returns no rows.
func decodeTable[T any](file string, b []byte, extra []string) ([]T, prices.InputErrors) {
	rows, _, errs := decodeTableExtra[T](file, b, extra)
	return rows, errs
}

func decodeTableExtra[T any](file string, b []byte, extra []string) ([]T, [][]string, prices.InputErrors) {
	rec, errs := parseCSV(file, b)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	cols, kinds, _ := columnsOf(reflect.TypeOf((*T)(nil)).Elem())
	want := append(append([]string(nil), cols...), extra...)
	for range extra {
		kinds = append(kinds, kindNum)
	}
	idx, errs := checkHeader(file, rec.header, want)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	if errs := checkCells(file, rec, want, kinds, idx); len(errs) > 0 {
		return nil, nil, errs
	}
	// Canonical column order for gocsv; the extra columns are kept apart.
	fixed := make([][]string, 0, len(rec.rows)+1)
	fixed = append(fixed, cols)
	extras := make([][]string, len(rec.rows))
	for r, row := range rec.rows {
		c := make([]string, len(cols))
		for k := range cols {
			c[k] = row[idx[k]]
		}
		fixed = append(fixed, c)
		for k := range extra {
			extras[r] = append(extras[r], row[idx[len(cols)+k]])
		}
	}
	out := []T{}
	if err := gocsv.UnmarshalCSV(&sliceReader{rows: fixed}, &out); err != nil {
		// Unreachable after the checks above; reported rather than lost.
		errs.Add(file, 0, 0, err.Error(), regenerateHint)
		return nil, nil, errs
	}
	return out, extras, nil
}

// decodeEvents reads events.csv with its beta_<factor> columns.
func decodeEvents(file string, b []byte, factors []string) ([]EventRow, prices.InputErrors) {
	rows, extras, errs := decodeTableExtra[EventRow](file, b, betaColumns(factors))
	if len(errs) > 0 {
		return nil, errs
	}
	for i := range rows {
		if len(factors) == 0 {
			continue
		}
		rows[i].Betas = make([]Num, len(factors))
		for k, s := range extras[i] {
			_ = rows[i].Betas[k].UnmarshalCSV(s) // checked by checkCells
		}
	}
	return rows, nil
}
