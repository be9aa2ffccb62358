package prices

import (
	"bytes"
	"fmt"
	"github.com/breachlab/eventstudy/inputerr"
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
	fields, tickers, index, ok := yfinanceLevels(lines, h, delim)
	if !ok {
		return false
	}
	order, ok := s.tickerOrder(tickers)
	if !ok {
		return false
	}
	lines[h+1], lines[h+2] = nil, nil
	where := fmt.Sprintf("lines %d-%d", h+1, h+3)
	for i := 0; i < h; i++ {
		lines[i] = nil
	}
	if len(order) == 1 {
		lines[h] = joinCSV(append([]string{index}, fields[1:]...))
		s.symbol = order[0]
		s.steps = append(s.steps, fmt.Sprintf("yfinance header (%s): ticker %s", where, order[0]))
		if !hasField(fields, "adjclose") {
			s.notes = append(s.notes, "yfinance file without Adj Close: since 0.2.51 download() adjusts Close for splits and dividends by default (auto_adjust=True)")
			s.autoAdjusted = true
		}
		return true
	}
	want, ok := s.yfinanceField(fields, h)
	if !ok {
		return true
	}
	cols, fieldName, ok := s.fieldColumns(fields, tickers, order, want, h)
	if !ok {
		return true
	}
	lines[h] = joinCSV(append([]string{index}, order...))
	s.keepColumns(lines, h, delim, len(fields), cols)
	s.multi = true
	s.pricesFrom = "yfinance field " + fieldName
	s.steps = append(s.steps, fmt.Sprintf("yfinance multi-ticker header (%s): %d tickers, field %s", where, len(order), fieldName))
	return true
}

// yfinanceLevels splits lines h..h+2 and recognises pandas' two column
// levels (fields and tickers, in either order) above a Date index row
// whose other cells are empty. index is that row's first cell.
func yfinanceLevels(lines [][]byte, h int, delim byte) (fields, tickers []string, index string, ok bool) {
	if h+2 >= len(lines) {
		return nil, nil, "", false
	}
	rows := make([][]string, 3)
	sp := &splitter{delim: delim}
	for k := range rows {
		if _, err := sp.split(trimEOL(lines[h+k])); err != nil {
			return nil, nil, "", false
		}
		for _, f := range sp.fields {
			rows[k] = append(rows[k], string(f))
		}
	}
	r1, r2, r3 := rows[0], rows[1], rows[2]
	if len(r1) < 2 || len(r2) != len(r1) || len(r3) < 1 {
		return nil, nil, "", false
	}
	if normName(r3[0]) != "datetime" && dateNameCol([]byte(r3[0]), delim) != 0 {
		return nil, nil, "", false
	}
	for _, f := range r3[1:] {
		if f != "" {
			return nil, nil, "", false
		}
	}
	switch {
	case levelName(r1[0], "price", "") && levelName(r2[0], "ticker", "") && allYfinanceFields(r1):
		return r1, r2, r3[0], true
	case levelName(r1[0], "ticker", "") && levelName(r2[0], "price", "") && allYfinanceFields(r2):
		return r2, r1, r3[0], true
	}
	return nil, nil, "", false
}

// allYfinanceFields: every cell of a level row but the first names a
// yfinance field.
func allYfinanceFields(r []string) bool {
	for _, f := range r[1:] {
		if !yfinanceFields[normName(f)] {
			return false
		}
	}
	return true
}

// levelName: a level row's first cell is one of names (after normName).
func levelName(f string, names ...string) bool {
	n := normName(f)
	for _, x := range names {
		if n == x {
			return true
		}
	}
	return false
}

// tickerOrder lists the tickers of the ticker level in their first
// order, Yahoo's index prefix ^ dropped (in tickers too, with a note):
// ^GSPC is the GSPC of a Yahoo directory (GSPC.csv) and of --market GSPC.
// ok is false when a ticker cell is empty.
func (s *source) tickerOrder(tickers []string) (order []string, ok bool) {
	var carets []string
	seen := map[string]bool{}
	for j, t := range tickers[1:] {
		if t == "" {
			return nil, false
		}
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
	return order, true
}

// yfinanceField is the field a multi-ticker file is read in: the
// --price-column when the file has it, else Adj Close, else Close
// (adjusted by auto_adjust). ok is false, reported, when there is none.
func (s *source) yfinanceField(fields []string, h int) (want string, ok bool) {
	want = "adjclose"
	if s.priceCol != "" && hasField(fields, normName(s.priceCol)) {
		want = normName(s.priceCol)
	} else if !hasField(fields, want) {
		want = "close"
		s.autoAdjusted = true
	}
	if !hasField(fields, want) {
		s.fail(h+1, fmt.Sprintf("yfinance multi-ticker header without a Close or Adj Close column (%s)", strings.Join(fields[1:], ",")),
			"download with the Close column, or pass --price-column")
		return "", false
	}
	return want, true
}

// fieldColumns finds each ticker's column of the field want; ok is
// false, reported, when a ticker lacks it.
func (s *source) fieldColumns(fields, tickers, order []string, want string, h int) (cols []int, fieldName string, ok bool) {
	cols = make([]int, len(order))
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
			return nil, "", false
		}
	}
	return cols, fieldName, true
}

// keepColumns rewrites the data lines after the three header lines to
// the date and the cols, in place so line numbers stay the user's. A
// line with a quoting problem stays as it is: the parser reports it at
// its line; a line with another field count is reported here.
func (s *source) keepColumns(lines [][]byte, h int, delim byte, nf int, cols []int) {
	sp := &splitter{delim: delim}
	row := make([]string, len(cols)+1)
	bad := 0
	for i := h + 3; i < len(lines); i++ {
		l := trimEOL(lines[i])
		if blank(l, delim) {
			continue
		}
		if _, err := sp.split(l); err != nil {
			continue
		}
		if len(sp.fields) != nf {
			if bad++; bad <= inputerr.MaxReported {
				s.fail(i+1, fmt.Sprintf("%d fields, the yfinance header has %d", len(sp.fields), nf),
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
