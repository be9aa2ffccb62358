package prices

import (
	"bytes"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"math"
	"os"
	"strings"
)

// Factors holds daily factor returns from Kenneth French's data library.
type Factors struct {
	Dates []dates.Day
	Names []string    // trimmed header names as published: "Mkt-RF", "SMB", "HML", "RMW", "CMA", "Mom"; RF kept separately
	Cols  [][]float64 // Cols[j][i] is factor j on Dates[i], decimal (file percent / 100)
	RF    []float64   // decimal; nil if no file has an RF column
	Files []string
	Notes []string // non-fatal notes (dates dropped by the merge, duplicate factors)
}

// frenchTable is the first table of one file.
type frenchTable struct {
	dates []dates.Day
	names []string
	cols  [][]float64
}

// LoadFrench reads Kenneth French daily factor CSVs as published: a
// free-text preamble, a header line ",Mkt-RF,SMB,HML,RF" (names may carry
// blanks), YYYYMMDD rows in percent, CRLF line ends, and a blank line before
// a copyright footer or a further (annual) table, which is ignored. The
// missing-value codes -99.99 and -999 become NaN; values are divided by 100.
// Several files (e.g. FF3 and momentum) are merged on their common dates;
// a factor present in more than one file is taken from the first.
func LoadFrench(paths ...string) (*Factors, error) {
	if len(paths) == 0 {
		return nil, inputerr.InputErrors{{What: "no factor file given", Hint: "pass --factors F-F_Research_Data_Factors_daily.CSV"}}
	}
	var errs inputerr.InputErrors
	tables := make([]*frenchTable, len(paths))
	for i, p := range paths {
		c := &collector{file: p}
		b, err := os.ReadFile(p)
		if err != nil {
			c.add(0, 0, "cannot read: "+errText(err), "check the --factors path")
		} else {
			tables[i] = parseFrench(b, c)
		}
		c.flush(&errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return mergeFrench(paths, tables), nil
}

// parseFrench reads the first table of a French CSV.
func parseFrench(b []byte, c *collector) *frenchTable {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	t := &frenchTable{}
	sp := &splitter{delim: ','}
	lines := bytes.Split(b, []byte{'\n'})
	ln, ok := t.header(lines, sp, c)
	if !ok {
		return nil
	}
	if t.names == nil {
		if len(bytes.TrimSpace(b)) == 0 {
			c.add(0, 0, "empty file", "download the daily CSV from the Kenneth French data library")
		} else {
			c.add(0, 0, `no header line such as ",Mkt-RF,SMB,HML,RF" found`, "pass a Kenneth French daily factor CSV as published (unzipped)")
		}
		return nil
	}
	headerLine := ln + 1
	t.cols = make([][]float64, len(t.names))
	var last dates.Day
	for ln++; ln < len(lines); ln++ {
		l := trimEOL(lines[ln])
		if len(bytes.TrimSpace(l)) == 0 || bytes.IndexByte(l, ',') < 0 {
			if len(t.dates) == 0 && len(bytes.TrimSpace(l)) == 0 {
				continue
			}
			break // blank line or footer text: end of the first table
		}
		if !t.row(l, ln+1, sp, c, &last) {
			return nil
		}
	}
	if len(t.dates) == 0 && c.n() == 0 {
		c.add(headerLine, 0, "no data rows after the header", "use the daily file as published")
		return nil
	}
	return t
}

// header skips the preamble up to the header line, whose first field is
// empty, and takes the factor names from it. It returns the header's
// index in lines (len(lines) and no names when there is none); ok is
// false when the header is not UTF-8.
func (t *frenchTable) header(lines [][]byte, sp *splitter, c *collector) (ln int, ok bool) {
	for ; ln < len(lines); ln++ {
		l := trimEOL(lines[ln])
		if len(l) == 0 || l[0] != ',' {
			continue
		}
		if _, err := sp.split(l); err != nil || len(sp.fields) < 2 {
			continue
		}
		if err := validHeader(l); err != nil {
			c.add(ln+1, 0, "header is not UTF-8 text ("+err.Error()+")", "use the CSV file as downloaded from the French data library")
			return ln, false
		}
		for j, f := range sp.fields[1:] {
			if len(f) == 0 {
				c.add(ln+1, sp.cols[j+1], fmt.Sprintf("factor column %d has no name", j+2), "use the file as published")
			}
			t.names = append(t.names, string(f))
		}
		break
	}
	return ln, true
}

// row reads one data row l (on line) after the date last: a YYYYMMDD
// date and the factors in percent, -99.99 and -999 missing. A bad row is
// reported and skipped; false (reported) when the file is monthly.
func (t *frenchTable) row(l []byte, line int, sp *splitter, c *collector, last *dates.Day) bool {
	nf := len(t.names) + 1
	if col, err := sp.split(l); err != nil {
		c.add(line, col, "unexpected double quote", "use the file as published")
		return true
	}
	if len(sp.fields) != nf {
		c.add(line, 0, fmt.Sprintf("%d fields, the header has %d", len(sp.fields), nf), "use the file as published")
		return true
	}
	df := sp.fields[0]
	if len(df) == 6 && allDigits(df) {
		c.add(line, sp.cols[0], fmt.Sprintf("monthly date %s", quoteField(df)), "this is a monthly file; use the daily file (YYYYMMDD rows)")
		return false
	}
	d, err := dates.ParseDate(df, dates.DateCompact)
	if err != nil {
		c.add(line, sp.cols[0], "bad date "+quoteField(df), "expected YYYYMMDD")
		return true
	}
	if len(t.dates) > 0 && d <= *last {
		c.add(line, sp.cols[0], fmt.Sprintf("date %s does not follow %s", d, *last), "dates must ascend without repeats")
		return true
	}
	ok := true
	for j := 1; j < nf; j++ {
		if _, st := parseValue(sp.fields[j]); st == valueBad {
			c.add(line, sp.cols[j], fmt.Sprintf("bad number %s for %s", quoteField(sp.fields[j]), t.names[j-1]), "use the file as published")
			ok = false
		}
	}
	if !ok {
		return true
	}
	for j := 1; j < nf; j++ {
		v, _ := parseValue(sp.fields[j])
		if v == -99.99 || v == -999 {
			v = math.NaN()
		}
		t.cols[j-1] = append(t.cols[j-1], v/100)
	}
	t.dates = append(t.dates, d)
	*last = d
	return true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// mergeFrench joins tables on their common dates.
func mergeFrench(paths []string, ts []*frenchTable) *Factors {
	f := &Factors{Files: paths}
	// common dates: walk all tables with one index each
	idx := make([]int, len(ts))
	type pick struct{ t, j int }
	var picks []pick
	rfT, rfJ := -1, -1
	seen := map[string]bool{}
	for ti, t := range ts {
		for j, n := range t.names {
			switch {
			case n == "RF" && rfT < 0:
				rfT, rfJ = ti, j
			case n == "RF" || seen[n]:
				f.Notes = append(f.Notes, fmt.Sprintf("%s: %s also in an earlier factor file; the earlier one is used", paths[ti], n))
			default:
				seen[n] = true
				f.Names = append(f.Names, n)
				picks = append(picks, pick{ti, j})
			}
		}
	}
	f.Cols = make([][]float64, len(picks))
	if rfT >= 0 {
		f.RF = []float64{}
	}
	for idx[0] < len(ts[0].dates) {
		d := ts[0].dates[idx[0]]
		all := true
		for ti := 1; ti < len(ts); ti++ {
			for idx[ti] < len(ts[ti].dates) && ts[ti].dates[idx[ti]] < d {
				idx[ti]++
			}
			if idx[ti] == len(ts[ti].dates) || ts[ti].dates[idx[ti]] != d {
				all = false
			}
		}
		if all {
			f.Dates = append(f.Dates, d)
			for k, p := range picks {
				f.Cols[k] = append(f.Cols[k], ts[p.t].cols[p.j][idx[p.t]])
			}
			if rfT >= 0 {
				f.RF = append(f.RF, ts[rfT].cols[rfJ][idx[rfT]])
			}
			for ti := 1; ti < len(ts); ti++ {
				idx[ti]++
			}
		}
		idx[0]++
	}
	if len(ts) > 1 && len(f.Dates) > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("factor files merged on %d common dates (%s to %s)", len(f.Dates), f.Dates[0], f.Dates[len(f.Dates)-1]))
	}
	return f
}

// Column returns the factor called name ("RF" for the risk-free rate);
// an exact match is preferred, then a case-insensitive one.
func (f *Factors) Column(name string) ([]float64, bool) {
	if name == "RF" || (strings.EqualFold(name, "rf") && f.RF != nil) {
		return f.RF, f.RF != nil
	}
	for j, n := range f.Names {
		if n == name {
			return f.Cols[j], true
		}
	}
	for j, n := range f.Names {
		if strings.EqualFold(n, name) {
			return f.Cols[j], true
		}
	}
	return nil, false
}

// AlignTo returns factor name on every trading day of cal (NaN where the
// factor file lacks the date), or nil if there is no such factor.
func (f *Factors) AlignTo(cal *dates.Calendar, name string) []float64 {
	col, ok := f.Column(name)
	if !ok {
		return nil
	}
	out := make([]float64, cal.Len())
	j := 0
	for i, d := range cal.Days {
		for j < len(f.Dates) && f.Dates[j] < d {
			j++
		}
		if j < len(f.Dates) && f.Dates[j] == d {
			out[i] = col[j]
		} else {
			out[i] = math.NaN()
		}
	}
	return out
}
