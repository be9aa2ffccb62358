package prices

import (
	"bytes"
	"fmt"
	"github.com/breachlab/eventstudy/inputerr"
	"sort"
	"strings"
)

// isStooqHeader recognises the header of Stooq's bulk files
// (<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>;
// stooq.com/db/h): every field in angle brackets.
func isStooqHeader(l []byte, delim byte) bool {
	sp := &splitter{delim: delim}
	if _, err := sp.split(l); err != nil || len(sp.fields) < 3 {
		return false
	}
	for _, f := range sp.fields {
		if len(f) < 3 || f[0] != '<' || f[len(f)-1] != '>' {
			return false
		}
	}
	return true
}

// stooq rewrites a Stooq bulk file in place: the header without its angle
// brackets, the tickers without their market suffix (TMUS.US is TMUS), and
// only daily rows (<PER> D); other periods are an error at their line.
// Stooq's dates are YYYYMMDD, which the parser reads as they are.
func (s *source) stooq(lines [][]byte, h int, delim byte) {
	sp := &splitter{delim: delim}
	sp.split(trimEOL(lines[h]))
	names := make([]string, len(sp.fields))
	tc, pc := -1, -1
	for i, f := range sp.fields {
		names[i] = string(f[1 : len(f)-1])
		switch strings.ToUpper(names[i]) {
		case "TICKER":
			tc = i
		case "PER":
			pc = i
		}
	}
	lines[h] = joinCSV(names)
	tickers := map[string]string{} // symbol -> as written
	nonDaily := 0
	row := make([]string, len(names))
	for i := h + 1; i < len(lines); i++ {
		l := trimEOL(lines[i])
		if blank(l, delim) {
			continue
		}
		if _, err := sp.split(l); err != nil || len(sp.fields) != len(names) {
			continue // the parser reports it
		}
		if pc >= 0 && !bytes.EqualFold(sp.fields[pc], []byte("D")) {
			if nonDaily++; nonDaily <= inputerr.MaxReported {
				s.fail(i+1, fmt.Sprintf("Stooq period %s is not daily (D)", quoteField(sp.fields[pc])),
					"download Stooq's daily data (the d_ files) or keep only the rows with <PER> D")
			}
			continue
		}
		for k, f := range sp.fields {
			row[k] = string(f)
		}
		if tc >= 0 {
			sym := stooqSymbol(row[tc])
			tickers[sym] = row[tc]
			row[tc] = sym
		}
		lines[i] = joinCSV(row)
	}
	syms := make([]string, 0, len(tickers))
	for sym, raw := range tickers {
		if sym != raw {
			syms = append(syms, fmt.Sprintf("%s (%s)", sym, raw))
		} else {
			syms = append(syms, sym)
		}
	}
	sort.Strings(syms)
	step := "Stooq file"
	if len(syms) > 0 {
		step += ", symbol " + listSyms(syms) + ": market suffix dropped"
	}
	s.steps = append(s.steps, step)
	switch {
	case len(tickers) == 1:
		for sym := range tickers {
			s.symbol, s.symbolSure = sym, true
		}
	case len(tickers) > 1:
		s.multi = true
	}
}

// stooqSymbol drops Stooq's market suffix (".US", ".UK", ".DE" ...): a dot
// and two or three letters at the end.
func stooqSymbol(t string) string {
	i := strings.LastIndexByte(t, '.')
	if i <= 0 {
		return t
	}
	suf := t[i+1:]
	if len(suf) < 2 || len(suf) > 3 {
		return t
	}
	for _, r := range suf {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return t
		}
	}
	return t[:i]
}
