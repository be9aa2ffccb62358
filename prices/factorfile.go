package prices

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
)

// FactorOptions say how to read factor files that are not Kenneth French's
// (LoadFactors; docs/inputs.md "Factor files").
type FactorOptions struct {
	// Unit is "percent", "decimal" or "" (from the data: percent when some
	// value is 1 or more in absolute value, else the file is refused).
	Unit string
	// RFColumn names the risk-free column; "" takes a column called RF or
	// R_F (any case) when there is one; "none": no risk-free rate.
	RFColumn string
	// DateFormat reads ambiguous dates (--date-format).
	DateFormat dates.DateFormat
}

// Factor units (--factors-unit).
const (
	FactorsPercent = "percent"
	FactorsDecimal = "decimal"
)

// rfNone is the --rf-column value for no risk-free rate.
const rfNone = "none"

// LoadFactors reads factor files and merges them on their common dates,
// as LoadFrench does. A file whose header line starts with a comma after
// a free-text preamble is a Kenneth French file, read exactly as
// LoadFrench reads it (percent; its RF column, or the --rf-column when
// given). Any other file is a CSV of a date column and any factor columns
// (readFactorCSV). The risk-free column is kept as RF, apart from the
// factors.
func LoadFactors(paths []string, o FactorOptions) (*Factors, error) {
	if len(paths) == 0 {
		return nil, inputerr.InputErrors{{What: "no factor file given", Hint: "pass --factors F-F_Research_Data_Factors_daily.CSV or a CSV of date and factor columns"}}
	}
	var errs inputerr.InputErrors
	tables := make([]*frenchTable, len(paths))
	texts, readErrs := make([][]byte, len(paths)), make([]error, len(paths))
	csvs := 0 // files --factors-unit describes (French files are percent)
	for i, p := range paths {
		texts[i], readErrs[i] = os.ReadFile(p)
		if readErrs[i] == nil && !isFrench(texts[i]) {
			csvs++
		}
	}
	for i, p := range paths {
		c := &collector{file: p}
		b, err := texts[i], readErrs[i]
		switch {
		case err != nil:
			c.add(0, 0, "cannot read: "+errText(err), "check the --factors path")
		case isFrench(b):
			if o.Unit == FactorsDecimal && csvs == 0 {
				c.add(0, 0, "a Kenneth French file is in percent, --factors-unit says decimal", "drop --factors-unit or pass --factors-unit percent")
				break
			}
			tables[i] = parseFrench(b, c)
			if tables[i] != nil {
				renameRF(tables[i], o.RFColumn, c)
			}
		default:
			tables[i] = readFactorCSV(b, c, o)
		}
		c.flush(&errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return mergeFrench(paths, tables), nil
}

// isFrench reports whether b looks like a French file: its first line
// that starts with a comma or a digit starts with a comma (the header
// ",Mkt-RF,..." after a text preamble; a plain CSV starts with its
// header's first name, then data rows).
func isFrench(b []byte) bool {
	for _, l := range bytes.Split(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), []byte{'\n'}) {
		l = bytes.TrimSpace(l)
		if len(l) > 0 && (l[0] == ',' || (l[0] >= '0' && l[0] <= '9')) {
			return l[0] == ','
		}
	}
	return false
}

// renameRF makes the --rf-column of a French table its RF column.
func renameRF(t *frenchTable, rf string, c *collector) {
	if rf == "" || rf == "RF" {
		return
	}
	for j, n := range t.names {
		if n == "RF" {
			t.names[j] = "RF (not the risk-free column)"
		}
	}
	if rf == rfNone {
		return
	}
	for j, n := range t.names {
		if strings.EqualFold(n, rf) {
			t.names[j] = "RF"
			return
		}
	}
	c.add(0, 0, fmt.Sprintf("no column %q (have %s)", rf, strings.Join(t.names, ", ")), "pass --rf-column with one of them, or none")
}

// readFactorCSV reads a CSV of factor returns: a header line naming a
// date column first and the factors after it, then one row per date
// (ascending, no repeats) with the values; an empty or NA cell is
// missing. Values are percent or decimal (FactorOptions.Unit) and are
// returned in decimal; the risk-free column is renamed RF.
func readFactorCSV(b []byte, c *collector, o FactorOptions) *frenchTable {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	lines := bytes.Split(b, []byte{'\n'})
	sp := &splitter{delim: ','}
	ln := 0
	for ln < len(lines) && len(bytes.TrimSpace(lines[ln])) == 0 {
		ln++
	}
	if ln == len(lines) {
		c.add(0, 0, "empty file", "give a CSV with a header line: date, then one column per factor")
		return nil
	}
	t, rfIdx := factorHeader(trimEOL(lines[ln]), ln+1, sp, c, o.RFColumn)
	if t == nil {
		return nil
	}
	header := ln + 1
	t.cols = make([][]float64, len(t.names))
	var last dates.Day
	maxAbs, maxLine := 0.0, 0
	for ln++; ln < len(lines); ln++ {
		l := trimEOL(lines[ln])
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		m, ok := t.csvRow(l, ln+1, sp, c, &last, o.DateFormat)
		if ok && m > maxAbs {
			maxAbs, maxLine = m, ln+1
		}
	}
	if c.n() > 0 {
		return nil
	}
	if len(t.dates) == 0 {
		c.add(header, 0, "no data rows after the header", "add one row per date")
		return nil
	}
	div, ok := factorDivisor(o.Unit, maxAbs, maxLine, header, c)
	if !ok {
		return nil
	}
	for _, col := range t.cols {
		for i := range col {
			col[i] /= div // as the French loader: v/100 for percent
		}
	}
	if rfIdx >= 0 {
		t.names[rfIdx] = "RF"
	}
	return t
}

// factorDivisor is what the values are divided by: 100 for percent. Without --factors-unit the unit must be provable: a value
// of 1 or more in absolute value cannot be a daily decimal return of a
// factor (100 %), so the file is percent; otherwise it is refused.
func factorDivisor(unit string, maxAbs float64, maxLine, header int, c *collector) (float64, bool) {
	switch unit {
	case FactorsPercent:
		return 100, true
	case FactorsDecimal:
		if maxAbs >= 1 {
			c.add(maxLine, 0, fmt.Sprintf("value %g is a return of %g %% a day in decimal", maxAbs, 100*maxAbs), "pass --factors-unit percent if the file is in percent, or fix the value")
			return 0, false
		}
		return 1, true
	}
	if maxAbs >= 1 {
		return 100, true
	}
	c.add(header, 0, "cannot tell whether the factor returns are percent or decimal (every value is below 1 in absolute value)", "pass --factors-unit percent or --factors-unit decimal")
	return 0, false
}

// factorHeader reads the header line: the date column's name, then the
// factor names (non-empty, distinct). rfIdx is the index among the factor
// names of the risk-free column, -1 for none.
func factorHeader(l []byte, line int, sp *splitter, c *collector, rf string) (t *frenchTable, rfIdx int) {
	if err := validHeader(l); err != nil {
		c.add(line, 0, "header is not UTF-8 text ("+err.Error()+")", "save the file as UTF-8 CSV")
		return nil, -1
	}
	if col, err := sp.split(l); err != nil {
		c.add(line, col, "unexpected double quote in the header", "write the header as plain names: date,MKT,ME,IA,ROE,RF")
		return nil, -1
	}
	if len(sp.fields) < 2 && bytes.ContainsAny(l, ";\t") {
		// A European Excel export: say so rather than "no factor column".
		sep := `";"`
		if bytes.IndexByte(l, '\t') >= 0 {
			sep = "a tab"
		}
		c.add(line, 0, "the header is one column holding "+sep+": a factor CSV is comma-delimited", "save the file as comma-separated values with point decimals (0.17, not 0,17)")
		return nil, -1
	}
	if len(sp.fields) < 2 {
		c.add(line, 0, "the header names no factor column", "write a header such as date,MKT,ME,IA,ROE,RF")
		return nil, -1
	}
	t, rfIdx = &frenchTable{}, -1
	seen := map[string]bool{}
	for j, f := range sp.fields[1:] {
		name := string(f)
		switch {
		case name == "":
			c.add(line, sp.cols[j+1], fmt.Sprintf("column %d has no name", j+2), "name every factor column")
		case seen[strings.ToLower(name)]:
			c.add(line, sp.cols[j+1], fmt.Sprintf("column %q appears twice", name), "give each factor column its own name")
		}
		seen[strings.ToLower(name)] = true
		t.names = append(t.names, name)
		if (rf == "" && (strings.EqualFold(name, "RF") || strings.EqualFold(name, "R_F"))) || (rf != "" && rf != rfNone && strings.EqualFold(name, rf)) {
			rfIdx = j
		}
	}
	if rf != "" && rf != rfNone && rfIdx < 0 {
		c.add(line, 0, fmt.Sprintf("no column %q (have %s)", rf, strings.Join(t.names, ", ")), "pass --rf-column with one of them, or none")
	}
	if rfIdx < 0 {
		for j, n := range t.names {
			if n == "RF" {
				t.names[j] = "RF (not the risk-free column)"
			}
		}
	}
	if c.n() > 0 {
		return nil, -1
	}
	return t, rfIdx
}

// csvRow reads one data row; it returns the largest absolute value of
// the row and false when the row was reported.
func (t *frenchTable) csvRow(l []byte, line int, sp *splitter, c *collector, last *dates.Day, df dates.DateFormat) (float64, bool) {
	nf := len(t.names) + 1
	if col, err := sp.split(l); err != nil {
		c.add(line, col, "unexpected double quote", "write plain values")
		return 0, false
	}
	if len(sp.fields) != nf {
		c.add(line, 0, fmt.Sprintf("%d fields, the header has %d", len(sp.fields), nf), "give every row a date and one value per factor column")
		return 0, false
	}
	d, err := dates.ParseDate(sp.fields[0], df)
	if err != nil {
		c.add(line, sp.cols[0], fmt.Sprintf("bad date %s: %v", quoteField(sp.fields[0]), err), "write dates as YYYY-MM-DD or YYYYMMDD, or pass --date-format")
		return 0, false
	}
	if len(t.dates) > 0 && d <= *last {
		c.add(line, sp.cols[0], fmt.Sprintf("date %s does not follow %s", d, *last), "sort the rows by date, one row per date")
		return 0, false
	}
	var m float64
	vals := make([]float64, nf-1)
	for j := 1; j < nf; j++ {
		v, st := parseValue(sp.fields[j])
		if st == valueBad {
			c.add(line, sp.cols[j], fmt.Sprintf("bad number %s for %s", quoteField(sp.fields[j]), t.names[j-1]), "write a number, or leave the cell empty when missing")
			return 0, false
		}
		vals[j-1] = v
		if !math.IsNaN(v) {
			m = math.Max(m, math.Abs(v))
		}
	}
	for j, v := range vals {
		t.cols[j] = append(t.cols[j], v)
	}
	t.dates = append(t.dates, d)
	*last = d
	return m, true
}
