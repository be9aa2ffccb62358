package prices

import (
	"bytes"
	"fmt"
	"strings"
)

// headerSearchLines is how far down a file the header row is looked for:
// Bloomberg, Eikon and Yahoo web exports put a few title and parameter
// lines ("Security: TMUS US Equity", "Start Date: ...") above it.
const headerSearchLines = 50

// tidy runs the text steps of the pre-pass on in-memory text, line by
// line, keeping line numbers: vendor headers (Stooq, yfinance) rewritten
// in canonical form, lines above the header and Yahoo web-table rows
// blanked. It reports whether it changed anything.
func (s *source) tidy(data []byte) ([]byte, bool) {
	s.tidied = true
	lines := bytes.Split(data, []byte{'\n'})
	h := nextNonBlank(lines, 0)
	if h < 0 || h >= headerSearchLines {
		return data, false
	}
	l := trimEOL(lines[h])
	delim := detectDelimiter(l)
	switch {
	case isStooqHeader(l, delim):
		s.stooq(lines, h, delim)
		return bytes.Join(lines, []byte{'\n'}), true
	case s.multiHeader(lines, h, delim):
		return bytes.Join(lines, []byte{'\n'}), true
	}
	changed := false
	if dateNameCol(l, delim) < 0 {
		hh := findHeader(lines, h)
		if hh < 0 {
			return data, false
		}
		s.steps = append(s.steps, fmt.Sprintf("header on line %d", hh+1))
		s.notes = append(s.notes, fmt.Sprintf("%s above the header skipped (first: %q)", lineRange(1, hh), clip(string(trimEOL(lines[h])), 60)))
		for i := 0; i < hh; i++ {
			lines[i] = nil
		}
		h, changed = hh, true
		delim = detectDelimiter(trimEOL(lines[h]))
	}
	if s.yahooWebRows(lines, h, delim) {
		changed = true
	}
	if !changed {
		return data, false
	}
	return bytes.Join(lines, []byte{'\n'}), true
}

func nextNonBlank(lines [][]byte, from int) int {
	for i := from; i < len(lines); i++ {
		l := trimEOL(lines[i])
		if !blank(l, detectDelimiter(l)) {
			return i
		}
	}
	return -1
}

// findHeader finds the header row below title lines: the first line,
// within headerSearchLines, with a date column name and another named
// field, followed by a row with a value in that date column.
func findHeader(lines [][]byte, from int) int {
	sp := &splitter{}
	for i := from; i < len(lines) && i < headerSearchLines; i++ {
		l := trimEOL(lines[i])
		sp.delim = detectDelimiter(l)
		dc := dateNameCol(l, sp.delim)
		if dc < 0 {
			continue
		}
		if _, err := sp.split(l); err != nil {
			continue
		}
		named := 0
		for _, f := range sp.fields {
			if len(f) > 0 {
				named++
			}
		}
		j := nextNonBlank(lines, i+1)
		if named < 2 || j < 0 {
			continue
		}
		if _, err := sp.split(trimEOL(lines[j])); err != nil || len(sp.fields) < 2 || dc >= len(sp.fields) {
			continue
		}
		if bytes.ContainsAny(sp.fields[dc], "0123456789") {
			return i
		}
	}
	return -1
}

// yahooWebRows blanks what a copy of Yahoo's web table holds besides
// prices: dividend and split rows ("0.35 Dividend", "2:1 Stock Splits",
// with fewer fields than the header) and the footnotes below the table
// ("*Close price adjusted for splits."). Footnotes count only when they
// come after the last data row and are text without a delimiter.
func (s *source) yahooWebRows(lines [][]byte, h int, delim byte) bool {
	hl := trimEOL(lines[h])
	nh := bytes.Count(hl, []byte{delim}) + 1
	if nh < 2 {
		return false
	}
	var div, split int
	for i := h + 1; i < len(lines); i++ {
		l := trimEOL(lines[i])
		if n := bytes.Count(l, []byte{delim}) + 1; n < 2 || n >= nh {
			continue
		}
		switch yahooEventRow(l, delim) {
		case "dividend":
			div++
		case "split":
			split++
		default:
			continue
		}
		lines[i] = nil
	}
	var foot []int
	for i := len(lines) - 1; i > h; i-- {
		l := trimEOL(lines[i])
		if blank(l, delim) {
			continue
		}
		if !footnote(l, delim) {
			break
		}
		foot = append(foot, i)
	}
	if div+split > 0 {
		s.notes = append(s.notes, fmt.Sprintf("%d dividend and %d split rows of Yahoo's web table skipped (they are not prices)", div, split))
	}
	if len(foot) > 0 {
		first, last := foot[len(foot)-1]+1, foot[0]+1
		s.notes = append(s.notes, fmt.Sprintf("footnote %s below the data skipped (first: %q)", lineRange(first, last), clip(string(trimEOL(lines[first-1])), 60)))
		for _, i := range foot {
			lines[i] = nil
		}
	}
	return div+split+len(foot) > 0
}

// footnote reports whether a line is clearly text, not a data row: no
// delimiter, not starting with a digit, and at least three words of
// letters ("*Close price adjusted for splits.").
func footnote(l []byte, delim byte) bool {
	if bytes.IndexByte(l, delim) >= 0 || len(l) == 0 || (l[0] >= '0' && l[0] <= '9') {
		return false
	}
	words := 0
	for _, w := range strings.Fields(string(l)) {
		letters := 0
		for _, r := range w {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				letters++
			}
		}
		if letters >= 2 {
			words++
		}
	}
	return words >= 3
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// yahooEventRow tells a dividend or split row of Yahoo's web table: a
// cell such as "0.35 Dividend" or "2:1 Stock Splits" (a number first).
func yahooEventRow(l []byte, delim byte) string {
	for _, f := range bytes.Split(l, []byte{delim}) {
		f = bytes.ToLower(bytes.Trim(f, " \t\""))
		if len(f) == 0 || f[0] < '0' || f[0] > '9' {
			continue
		}
		switch {
		case bytes.HasSuffix(f, []byte(" dividend")):
			return "dividend"
		case bytes.HasSuffix(f, []byte(" stock split")), bytes.HasSuffix(f, []byte(" stock splits")):
			return "split"
		}
	}
	return ""
}

// lineRange is "line 3" or "lines 1-4".
func lineRange(a, b int) string {
	if a == b {
		return fmt.Sprintf("line %d", a)
	}
	return fmt.Sprintf("lines %d-%d", a, b)
}
