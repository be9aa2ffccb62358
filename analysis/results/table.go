package results

import (
	"bufio"
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/gocarina/gocsv"
)

// File names of the tables (DESIGN.md "Outputs").
const (
	EventsFile     = "events.csv"
	ARFile         = "ar.csv"
	CARFile        = "car.csv"
	TestsFile      = "tests.csv"
	AARFile        = "aar.csv"
	PricesFile     = "prices.csv"
	RegressionFile = "regression.csv"
	ManifestFile   = "manifest.json"
	JSONFile       = "results.json"
	MarkdownFile   = "tables.md"
	TeXFile        = "tables.tex"
	XLSXFile       = "results.xlsx"
)

// kind is what a column holds; the xlsx writer and the reader use it.
type kind int

const (
	kindString kind = iota
	kindInt         // a whole number that must be present (rel_day, t1, n ...)
	kindNum         // a Num: a number that may be missing
	kindOptInt      // an Int: a whole number that may be missing (df)
)

// table is one output table as text cells, exactly as written to its CSV:
// every other format is rendered from these cells, so all formats carry the
// same numbers.
type table struct {
	name   string // file name, e.g. "car.csv"
	header []string
	kinds  []kind
	rows   [][]string
}

// recorder captures what gocsv writes, so the record-shaped tables go
// through gocsv (and Num.MarshalCSV) and still reach every format.
type recorder struct{ rows [][]string }

func (r *recorder) Write(row []string) error {
	r.rows = append(r.rows, append([]string(nil), row...))
	return nil
}
func (r *recorder) Flush()       {}
func (r *recorder) Error() error { return nil }

// columnsOf lists the csv-tagged fields of a row struct in order, with the
// kind of each.
func columnsOf(t reflect.Type) (names []string, kinds []kind, index []int) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("csv"), ",")[0]
		if tag == "" || tag == "-" {
			continue
		}
		names = append(names, tag)
		index = append(index, i)
		switch {
		case f.Type == reflect.TypeOf(Num(0)):
			kinds = append(kinds, kindNum)
		case f.Type == reflect.TypeOf(Int{}):
			kinds = append(kinds, kindOptInt)
		case f.Type.Kind() == reflect.Int:
			kinds = append(kinds, kindInt)
		default:
			kinds = append(kinds, kindString)
		}
	}
	return names, kinds, index
}

// marshalTable runs rows (a slice of a row struct) through gocsv.
func marshalTable[T any](name string, rows []T) (*table, error) {
	if rows == nil {
		rows = []T{} // gocsv still writes the header
	}
	var rec recorder
	if err := gocsv.MarshalCSV(rows, &rec); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	_, kinds, _ := columnsOf(reflect.TypeOf(rows).Elem())
	return &table{name: name, header: rec.rows[0], kinds: kinds, rows: rec.rows[1:]}, nil
}

// BetaColumn is the events.csv column of a factor loading: "beta_" and
// the factor name made Stata-legal (lower case letters, digits and
// underscores, at most 32 characters), e.g. Mkt-RF -> beta_mkt_rf.
func BetaColumn(factor string) string {
	var b strings.Builder
	b.WriteString("beta_")
	lastUnderscore := true // no "beta__x"
	for _, r := range strings.ToLower(strings.TrimSpace(factor)) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		switch {
		case ok:
			b.WriteRune(r)
			lastUnderscore = false
		case !lastUnderscore:
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	s := strings.TrimRight(b.String(), "_")
	if s == "beta" {
		s = "beta_factor"
	}
	if len(s) > 32 {
		s = s[:32]
	}
	return s
}

// betaColumns names the beta columns of the factors, making names that
// collide after sanitizing unique with a numeric suffix (SMB and smb).
func betaColumns(factors []string) []string {
	seen := map[string]bool{"beta": true}
	out := make([]string, len(factors))
	for i, f := range factors {
		c := BetaColumn(f)
		for k := 2; seen[c]; k++ {
			suffix := "_" + strconv.Itoa(k)
			base := BetaColumn(f)
			if len(base)+len(suffix) > 32 {
				base = base[:32-len(suffix)]
			}
			c = base + suffix
		}
		seen[c] = true
		out[i] = c
	}
	return out
}

// eventsTable builds events.csv: gocsv writes the fixed columns, then one
// beta_<factor> column per factor is appended to every record. gocsv maps
// struct fields to columns and cannot express a variable number of them,
// hence the append.
func eventsTable(rows []EventRow, factors []string) (*table, error) {
	t, err := marshalTable(EventsFile, rows)
	if err != nil {
		return nil, err
	}
	cols := betaColumns(factors)
	t.header = append(t.header, cols...)
	for range cols {
		t.kinds = append(t.kinds, kindNum)
	}
	for i := range t.rows {
		if len(rows[i].Betas) != len(factors) {
			return nil, fmt.Errorf("%s: event %q has %d factor loadings for %d factor names %v",
				EventsFile, rows[i].EventID, len(rows[i].Betas), len(factors), factors)
		}
		for _, b := range rows[i].Betas {
			t.rows[i] = append(t.rows[i], b.String())
		}
	}
	return t, nil
}

// writeCSV writes the table as RFC 4180 CSV with "\n" line ends, byte
// for byte what encoding/csv writes.
func (t *table) writeCSV(w *bufio.Writer) error {
	if err := appendCSVRow(w, t.header, nil); err != nil {
		return err
	}
	for _, row := range t.rows {
		if err := appendCSVRow(w, row, nil); err != nil {
			return err
		}
	}
	return nil
}

// csvBytes is the table's CSV (writeCSV) in memory.
func (t *table) csvBytes() ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(t.csvSize() + 64)
	w := bufio.NewWriterSize(&buf, 64<<10)
	if err := t.writeCSV(w); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// csvFiles lists the CSV tables of the set in file order, regression.csv
// only when it has rows, warnings.csv always. The small tables are rendered now (so their
// errors come before any file is touched); ar.csv, car.csv and prices.csv
// are streamed into their files when written (streamTable).
func (s *Set) csvFiles() ([]namedFile, error) {
	ev, err := eventsTable(s.Events, s.Manifest.FactorNames)
	if err != nil {
		return nil, err
	}
	tests, err := marshalTable(TestsFile, s.Tests)
	if err != nil {
		return nil, err
	}
	aar, err := marshalTable(AARFile, s.AAR)
	if err != nil {
		return nil, err
	}
	out := []namedFile{
		{name: EventsFile, write: ev.writeCSV},
		{name: ARFile, write: func(w *bufio.Writer) error { return streamTable(w, s.AR, arCells) }},
		{name: CARFile, write: func(w *bufio.Writer) error { return streamTable(w, s.CAR, carCells) }},
		{name: TestsFile, write: tests.writeCSV},
		{name: AARFile, write: aar.writeCSV},
		{name: PricesFile, write: func(w *bufio.Writer) error { return streamTable(w, s.Prices, priceCells) }},
	}
	if len(s.Regression) > 0 {
		reg, err := marshalTable(RegressionFile, s.Regression)
		if err != nil {
			return nil, err
		}
		out = append(out, namedFile{name: RegressionFile, write: reg.writeCSV})
	}
	warn, err := marshalTable(WarningsFile, s.Manifest.Warnings)
	if err != nil {
		return nil, err
	}
	return append(out, namedFile{name: WarningsFile, write: warn.writeCSV}), nil
}

// tables renders every table of the set in file order; regression.csv only
// when it has rows, warnings.csv always.
func (s *Set) tables() ([]*table, error) {
	var out []*table
	ev, err := eventsTable(s.Events, s.Manifest.FactorNames)
	if err != nil {
		return nil, err
	}
	out = append(out, ev)
	add := func(t *table, err error) error {
		if err != nil {
			return err
		}
		out = append(out, t)
		return nil
	}
	// The large tables skip gocsv (fastcells.go: same cells).
	out = append(out, fastTable(ARFile, s.AR, arCells), fastTable(CARFile, s.CAR, carCells))
	if err := add(marshalTable(TestsFile, s.Tests)); err != nil {
		return nil, err
	}
	if err := add(marshalTable(AARFile, s.AAR)); err != nil {
		return nil, err
	}
	out = append(out, fastTable(PricesFile, s.Prices, priceCells))
	if len(s.Regression) > 0 {
		if err := add(marshalTable(RegressionFile, s.Regression)); err != nil {
			return nil, err
		}
	}
	if err := add(marshalTable(WarningsFile, s.Manifest.Warnings)); err != nil {
		return nil, err
	}
	return out, nil
}
