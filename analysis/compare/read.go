package compare

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/analysis/results"
	"github.com/breachlab/eventstudy/prices"
)

const readHint = "the file must be as eventstudy wrote it; rerun the study to regenerate it"

// Read reads the comparison tables of a results directory back (for
// `eventstudy report DIR`). A directory written before the comparison
// tables existed has none of them: Read returns nil and no error, and the
// report simply has no comparison section. A table that is missing while
// others are present reads as empty (peers.csv is written only when some
// event has peers).
//
// Every file is checked strictly before any row is built: the header must
// hold exactly the columns eventstudy writes (in any order; a missing,
// renamed, duplicated or unexpected column is an error at line 1), every
// row must have as many fields as the header, and every cell must parse as
// its column's type (whole number, number or empty for missing, true or
// false). All problems of all files are returned in one error,
// "file:line:column: what; what to do" (prices.InputErrors).
func Read(dir string) (*Tables, error) {
	var errs prices.InputErrors
	found := false
	read := func(name string) (string, []byte) {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				errs.Add(p, 0, 0, err.Error(), "check the file's permissions")
			}
			return p, nil
		}
		found = true
		return p, b
	}
	t := &Tables{StageWindow: DefaultStageWindow}
	if p, b := read(StagesFile); b != nil {
		t.Stages = decodeRows[StageRow](p, b, &errs)
	}
	if p, b := read(PeersFile); b != nil {
		t.Peers = decodeRows[PeerRow](p, b, &errs)
	}
	if p, b := read(GroupDiffFile); b != nil {
		t.GroupDiff = decodeRows[GroupDiffRow](p, b, &errs)
	}
	if p, b := read(ConfoundingFile); b != nil {
		t.Confounding = decodeRows[ConfoundRow](p, b, &errs)
	}
	if p, b := read(ClusteringFile); b != nil {
		t.Clustering = decodeRows[ClusterRow](p, b, &errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, nil
	}
	return t, nil
}

// column is one csv-tagged field of a row type.
type column struct {
	name  string
	field int
	typ   reflect.Type
}

var (
	numType = reflect.TypeOf(results.Num(0))
	intType = reflect.TypeOf(results.Int{})
)

func columnsOf(t reflect.Type) []column {
	var out []column
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("csv"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		out = append(out, column{name: tag, field: i, typ: f.Type})
	}
	return out
}

// setCell parses s into v (a field of type c.typ); the error text says
// what the cell should be.
func setCell(v reflect.Value, c column, s string) error {
	switch {
	case c.typ == numType:
		var n results.Num
		if err := n.UnmarshalCSV(s); err != nil {
			return fmt.Errorf("%s: %q is not a number; write a number, or leave the cell empty for a missing value", c.name, s)
		}
		v.Set(reflect.ValueOf(n))
	case c.typ == intType:
		var n results.Int
		if err := n.UnmarshalCSV(s); err != nil {
			return fmt.Errorf("%s: %q is not a whole number; write a whole number, or leave the cell empty for a missing value", c.name, s)
		}
		v.Set(reflect.ValueOf(n))
	case c.typ.Kind() == reflect.String:
		v.SetString(s)
	case c.typ.Kind() == reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%s: %q is not a whole number; %s", c.name, s, readHint)
		}
		v.SetInt(int64(n))
	case c.typ.Kind() == reflect.Bool:
		// gocsv writes exactly these; "1", "T" and friends are not ours.
		switch s {
		case "true":
			v.SetBool(true)
		case "false":
			v.SetBool(false)
		default:
			return fmt.Errorf("%s: %q is not true or false; %s", c.name, s, readHint)
		}
	case c.typ.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a number; %s", c.name, s, readHint)
		}
		v.SetFloat(f)
	default:
		// A row type gained a field of a kind this reader does not know.
		return fmt.Errorf("%s: column of unsupported type %s; this is a bug in eventstudy, please report it", c.name, c.typ)
	}
	return nil
}

// decodeRows reads one comparison table into rows of type T, whose csv
// tags name the columns. On any problem in the file it returns no rows
// and adds every problem to errs.
func decodeRows[T any](file string, b []byte, errs *prices.InputErrors) []T {
	cols := columnsOf(reflect.TypeOf((*T)(nil)).Elem())
	want := make([]string, len(cols))
	for i, c := range cols {
		want[i] = c.name
	}
	wantList := "the header must be " + strings.Join(want, ",") + "; " + readHint
	n0 := len(*errs)

	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = -1 // counted below, with the line
	header, err := r.Read()
	if err == io.EOF {
		errs.Add(file, 1, 0, "empty file, no header", wantList)
		return nil
	}
	if err != nil {
		addCSVError(file, err, errs)
		return nil
	}
	// idx[k] is the position of cols[k] in the file's header.
	idx := make([]int, len(cols))
	at := map[string]int{}
	for i, h := range header {
		if j, dup := at[h]; dup {
			errs.Add(file, 1, i+1, fmt.Sprintf("column %q appears twice (also column %d)", h, j+1), wantList)
			continue
		}
		at[h] = i
	}
	known := map[string]bool{}
	for k, c := range cols {
		known[c.name] = true
		i, ok := at[c.name]
		if !ok {
			errs.Add(file, 1, 0, "missing column "+c.name, wantList)
		}
		idx[k] = i
	}
	for i, h := range header {
		if !known[h] {
			errs.Add(file, 1, i+1, fmt.Sprintf("unexpected column %q", h), wantList)
		}
	}
	if len(*errs) > n0 {
		return nil
	}

	out := []T{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				addCSVError(file, err, errs)
				break
			}
			addCSVError(file, err, errs)
			continue // the reader resumes on the next record
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			errs.Add(file, line, 0, fmt.Sprintf("%d fields, the header has %d", len(rec), len(header)), readHint)
			continue
		}
		var row T
		v := reflect.ValueOf(&row).Elem()
		for k, c := range cols {
			if err := setCell(v.Field(c.field), c, rec[idx[k]]); err != nil {
				l, col := r.FieldPos(idx[k])
				what, hint, _ := strings.Cut(err.Error(), "; ")
				errs.Add(file, l, col, what, hint)
			}
		}
		out = append(out, row)
	}
	if len(*errs) > n0 {
		return nil
	}
	return out
}

func addCSVError(file string, err error, errs *prices.InputErrors) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		errs.Add(file, pe.Line, pe.Column, pe.Err.Error(), "fix the quoting of that field; "+readHint)
		return
	}
	errs.Add(file, 0, 0, err.Error(), readHint)
}
