package results

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// File names of the tables (docs/design.md "Outputs").
const (
	EventsFile     = "events.csv"
	ARFile         = "ar.csv"
	CARFile        = "car.csv"
	TestsFile      = "tests.csv"
	AARFile        = "aar.csv"
	PricesFile     = "prices.csv"
	VolumeFile     = "volume.csv"
	RegressionFile = "regression.csv"
	VolatilityFile = "volatility.csv"
	CalendarFile   = "calendar.csv"
	BHARFile       = "bhar.csv"
	BHARGroupFile  = "bhar_group.csv"
	ManifestFile   = "manifest.json"
	JSONFile       = "results.json"
	MarkdownFile   = "tables.md"
	TeXFile        = "tables.tex"
	XLSXFile       = "results.xlsx"
)

// table is one output table as text cells, exactly as written to its CSV,
// for results.xlsx.
type table struct {
	name   string // file name, e.g. "car.csv"
	header []string
	kinds  []kind
	rows   [][]string
}

// Table is one table of a result set: a CSV file, a sheet of results.xlsx
// and a key of results.json (the file name without ".csv"), all from the
// same cells. NewTable makes one.
type Table interface {
	// File is the table's file name, e.g. "stages.csv".
	File() string
	writeCSV(w *bufio.Writer) error
	cells() *table
	jsonRows() any
}

// NewTable is the table file of rows, written with cols.
func NewTable[T any](file string, rows []T, cols Columns[T]) Table {
	return &rowTable[T]{file: file, rows: rows, cols: cols}
}

type rowTable[T any] struct {
	file string
	rows []T
	cols Columns[T]
}

func (t *rowTable[T]) File() string                   { return t.file }
func (t *rowTable[T]) writeCSV(w *bufio.Writer) error { return streamTable(w, t.rows, t.cols) }
func (t *rowTable[T]) cells() *table                  { return cellTable(t.file, t.rows, t.cols) }
func (t *rowTable[T]) jsonRows() any                  { return nonNil(t.rows) }

// jsonKey is a table's key in results.json and its sheet in results.xlsx.
func jsonKey(t Table) string { return strings.TrimSuffix(t.File(), ".csv") }

// Tables lists every table of the set in file order: the study's own
// (warnings.csv always, the full list the manifest summarises), then
// s.Extra (the comparison tables). regression.csv is left out when it has
// no rows. A new table is one line here (and its field in Set).
func (s *Set) Tables() ([]Table, error) {
	ev, err := eventColumns(s.Events, s.Manifest.FactorNames, s.Manifest.GarchColumns)
	if err != nil {
		return nil, err
	}
	out := []Table{
		NewTable(EventsFile, s.Events, ev),
		NewTable(ARFile, s.AR, arColumns),
		NewTable(CARFile, s.CAR, carColumns),
		NewTable(TestsFile, s.Tests, ColumnsOf[TestRow]()),
		NewTable(AARFile, s.AAR, ColumnsOf[AARRow]()),
		NewTable(PricesFile, s.Prices, priceColumns),
	}
	if len(s.Regression) > 0 {
		out = append(out, NewTable(RegressionFile, s.Regression, ColumnsOf[RegressionRow]()))
	}
	if len(s.Volume) > 0 {
		out = append(out, NewTable(VolumeFile, s.Volume, volumeColumns))
	}
	if len(s.Volatility) > 0 {
		out = append(out, NewTable(VolatilityFile, s.Volatility, volatilityColumns))
	}
	if len(s.Calendar) > 0 {
		out = append(out, NewTable(CalendarFile, s.Calendar, ColumnsOf[CalendarRow]()))
	}
	if len(s.BHAR) > 0 {
		out = append(out, NewTable(BHARFile, s.BHAR, ColumnsOf[BHARRow]()), NewTable(BHARGroupFile, s.BHARGroup, ColumnsOf[BHARGroupRow]()))
	}
	out = append(out, NewTable(WarningsFile, s.Manifest.Warnings, ColumnsOf[Warning]()))
	return append(out, s.Extra...), nil
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

// eventColumns are the columns of events.csv: EventRow's, then one
// beta_<factor> column per factor, then the garch columns (a struct
// cannot have a variable number of fields, hence the appended cells).
// Every row must have a loading per factor and a value per garch column.
func eventColumns(rows []EventRow, factors, garch []string) (Columns[EventRow], error) {
	for i := range rows {
		if len(rows[i].Betas) != len(factors) {
			return Columns[EventRow]{}, fmt.Errorf("%s: event %q has %d factor loadings for %d factor names %v",
				EventsFile, rows[i].EventID, len(rows[i].Betas), len(factors), factors)
		}
		if len(rows[i].Garch) != len(garch) {
			return Columns[EventRow]{}, fmt.Errorf("%s: event %q has %d garch values for the columns %v",
				EventsFile, rows[i].EventID, len(rows[i].Garch), garch)
		}
	}
	c := ColumnsOf[EventRow]()
	fixed, n := c.cells, len(c.header)
	c.header = append(append(c.header[:n:n], betaColumns(factors)...), garch...)
	for range len(factors) + len(garch) {
		c.kinds = append(c.kinds, kindNum)
	}
	nb := len(factors)
	c.cells = func(r *EventRow, a *Cells, dst []string) {
		fixed(r, a, dst[:n])
		for k, b := range r.Betas {
			dst[n+k] = a.Num(b)
		}
		for k, g := range r.Garch {
			dst[n+nb+k] = a.Num(g)
		}
	}
	return c, nil
}

// WriteCSV writes the table's CSV file to w.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := t.writeCSV(bw); err != nil {
		return err
	}
	return bw.Flush()
}
