package prices

import (
	"bytes"
	"fmt"
	"strings"
)

// yfinanceFields are the column names of yfinance's download(), compared
// after normName.
var yfinanceFields = map[string]bool{
	"open": true, "high": true, "low": true, "close": true, "adjclose": true, "volume": true,
	"dividends": true, "stocksplits": true, "capitalgains": true, "repaired?": true,
}

// multiHeader recognises the header pandas writes for yfinance's
// download() (a DataFrame with two column levels and a Date index):
//
//	Price,Adj Close,Adj Close,Close,...   (yfinance >= 0.2.51; older: empty first cell)
//	Ticker,GSPC,TMUS,GSPC,...             (older: empty first cell)
//	Date,,,,...
//
// or, with group_by='ticker', the two level rows swapped. One ticker: the
// rows become a Yahoo header (Date,<fields>), the ticker names the series.
// Several: a wide file (Date,<ticker>,...) of one field, Adj Close when
// present (else the --price-column, or Close), every line kept in place.
// See yfinance's download() docs and issues #1795, #2193, #2269.
func (s *source) multiHeader(lines [][]byte, h int, delim byte) bool {
	if h+2 >= len(lines) {
		return false
	}
	rows := make([][]string, 3)
	sp := &splitter{delim: delim}
	for k := range rows {
		if _, err := sp.split(trimEOL(lines[h+k])); err != nil {
			return false
		}
		for _, f := range sp.fields {
			rows[k] = append(rows[k], string(f))
		}
	}
	r1, r2, r3 := rows[0], rows[1], rows[2]
	if len(r1) < 2 || len(r2) != len(r1) || len(r3) < 1 {
		return false
	}
	idx := normName(r3[0])
	if idx != "datetime" && dateNameCol([]byte(r3[0]), delim) != 0 {
		return false
	}
	for _, f := range r3[1:] {
		if f != "" {
			return false
		}
	}
	allFields := func(r []string) bool {
		for _, f := range r[1:] {
			if !yfinanceFields[normName(f)] {
				return false
			}
		}
		return true
	}
	level := func(f string, names ...string) bool {
		n := normName(f)
		for _, x := range names {
			if n == x {
				return true
			}
		}
		return false
	}
	var fields, tickers []string
	switch {
	case level(r1[0], "price", "") && level(r2[0], "ticker", "") && allFields(r1):
		fields, tickers = r1, r2
	case level(r1[0], "ticker", "") && level(r2[0], "price", "") && allFields(r2):
		fields, tickers = r2, r1
	default:
		return false
	}
	var order, carets []string
	seen := map[string]bool{}
	for j, t := range tickers[1:] {
		if t == "" {
			return false
		}
		// Yahoo's index prefix: ^GSPC is the GSPC of a Yahoo directory
		// (GSPC.csv) and of --market GSPC.
		if strings.HasPrefix(t, "^") && len(t) > 1 {
			t = t[1:]
			tickers[j+1] = t
			if !seen[t] {
				carets = append(carets, "^"+t)
			}
		}
		if !seen[t] {
			seen[t] = true
			order = append(order, t)
		}
	}
	if len(carets) > 0 {
		s.notes = append(s.notes, fmt.Sprintf("yfinance tickers %s read without Yahoo's index prefix ^", strings.Join(carets, ", ")))
	}
	lines[h+1], lines[h+2] = nil, nil
	where := fmt.Sprintf("lines %d-%d", h+1, h+3)
	if h > 0 {
		for i := 0; i < h; i++ {
			lines[i] = nil
		}
	}
	if len(order) == 1 {
		hdr := append([]string{r3[0]}, fields[1:]...)
		lines[h] = joinCSV(hdr)
		s.symbol = order[0]
		s.steps = append(s.steps, fmt.Sprintf("yfinance header (%s): ticker %s", where, order[0]))
		if !hasField(fields, "adjclose") {
			s.notes = append(s.notes, "yfinance file without Adj Close: since 0.2.51 download() adjusts Close for splits and dividends by default (auto_adjust=True)")
			s.autoAdjusted = true
		}
		return true
	}
	want := "adjclose"
	if s.priceCol != "" && hasField(fields, normName(s.priceCol)) {
		want = normName(s.priceCol)
	} else if !hasField(fields, want) {
		want = "close"
		s.autoAdjusted = true
	}
	if !hasField(fields, want) {
		s.fail(h+1, fmt.Sprintf("yfinance multi-ticker header without a Close or Adj Close column (%s)", strings.Join(fields[1:], ",")),
			"download with the Close column, or pass --price-column")
		return true
	}
	cols := make([]int, len(order)) // column of each ticker's chosen field
	fieldName := ""
	for j := 1; j < len(fields); j++ {
		if normName(fields[j]) == want {
			fieldName = fields[j]
			for k, t := range order {
				if tickers[j] == t {
					cols[k] = j
				}
			}
		}
	}
	for k, t := range order {
		if cols[k] == 0 {
			s.fail(h+1, fmt.Sprintf("yfinance header has no %s column for %s", fieldName, t), "download every ticker with the same columns")
			return true
		}
	}
	lines[h] = joinCSV(append([]string{r3[0]}, order...))
	row := make([]string, len(order)+1)
	bad := 0
	for i := h + 3; i < len(lines); i++ {
		l := trimEOL(lines[i])
		if blank(l, delim) {
			continue
		}
		// A line with a quoting problem stays as it is: the parser
		// reports it at its line.
		if _, err := sp.split(l); err != nil {
			continue
		}
		if len(sp.fields) != len(fields) {
			if bad++; bad <= MaxReported {
				s.fail(i+1, fmt.Sprintf("%d fields, the yfinance header has %d", len(sp.fields), len(fields)),
					fmt.Sprintf("check the delimiter (%s, detected from the header) and quoting", delimName(delim)))
			}
			continue
		}
		row[0] = string(sp.fields[0])
		for k, c := range cols {
			row[k+1] = string(sp.fields[c])
		}
		lines[i] = joinCSV(row)
	}
	s.multi = true
	s.pricesFrom = "yfinance field " + fieldName
	s.steps = append(s.steps, fmt.Sprintf("yfinance multi-ticker header (%s): %d tickers, field %s", where, len(order), fieldName))
	return true
}

func hasField(fields []string, norm string) bool {
	for _, f := range fields[1:] {
		if normName(f) == norm {
			return true
		}
	}
	return false
}

// joinCSV writes one canonical comma-separated line, quoting fields that
// need it (RFC 4180) and turning line breaks inside a field into blanks so
// the line count stays the user's.
func joinCSV(fields []string) []byte {
	var b bytes.Buffer
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		f = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(f)
		if strings.ContainsAny(f, ",\"") || strings.TrimSpace(f) != f {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(f, `"`, `""`))
			b.WriteByte('"')
			continue
		}
		b.WriteString(f)
	}
	return b.Bytes()
}
