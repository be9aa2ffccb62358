package prices

import (
	"bytes"
	"fmt"
	"strings"
)

// readHeader reads the header, the first non-blank line, and splits it
// into the column names.
func (fl *fileLoad) readHeader() bool {
	hs := newLineScanner(fl.src, 0, fl.size, nil)
	var header []byte
	for {
		l, ok := hs.next()
		if !ok {
			break
		}
		if len(bytes.TrimSpace(l)) > 0 {
			header = l
			break
		}
	}
	if hs.err != nil {
		fl.c.add(0, 0, "cannot read: "+errText(hs.err), "check the file")
		return false
	}
	if header == nil {
		fl.c.add(0, 0, "empty file", "a price file starts with a header line such as Date,Open,High,Low,Close,Adj Close,Volume")
		return false
	}
	fl.hs, fl.headerLine, fl.start = hs, hs.line, hs.offset()
	header = bytes.Clone(bytes.TrimPrefix(header, []byte("\xef\xbb\xbf"))) // hs's block is reused
	if err := validHeader(header); err != nil {
		fl.c.add(fl.headerLine, 0, "header is not UTF-8 text ("+err.Error()+")", "save the file as UTF-8 CSV")
		return false
	}
	fl.sp = &splitter{delim: detectDelimiter(header)}
	if col, err := fl.sp.split(header); err != nil {
		fl.c.add(fl.headerLine, col, "unbalanced or misplaced double quote in the header", `quote whole fields, e.g. "Adj Close"`)
		return false
	}
	fl.names = make([]string, len(fl.sp.fields))
	for i, n := range fl.sp.fields {
		fl.names[i] = string(n)
	}
	return true
}

// readLayout decides the layout from the header (detectLayout), with
// what the front door learnt of a yfinance file, and checks the names
// the layout needs to be distinct.
func (fl *fileLoad) readLayout() bool {
	L, what, hint := detectLayout(fl.names, fl.opt, fl.single != "")
	if what != "" {
		fl.c.add(fl.headerLine, 0, what, hint)
		return false
	}
	fl.fs.yfinanceLayout(&L, fl.names, fl.opt.Kind)
	fl.L = L
	if L.kind == "wide" {
		return fl.tickerNames()
	}
	norm := make([]string, len(fl.names))
	for i, n := range fl.names {
		norm[i] = normName(n)
	}
	if i, j := repeatedColumn(norm); j >= 0 {
		fl.c.add(fl.headerLine, fl.sp.cols[j], fmt.Sprintf("columns %d (%q) and %d (%q) have the same name", i+1, fl.names[i], j+1, fl.names[j]),
			"keep one column of each name: a multi-ticker download must be saved one file per ticker (or as a long file with a ticker column)")
		return false
	}
	return true
}

// yfinanceLayout is what a yfinance file's front door says of its
// values beyond the header: a Close that auto_adjust made adjusted, or
// ticker columns of one field (multiheader.go) that are prices.
func (s *source) yfinanceLayout(L *layout, names []string, kind ValueKind) {
	const autoWords = yfinanceAdjustedWords + "; the yfinance file has no Adj Close, which only auto_adjust=True omits"
	if s.autoAdjusted && L.valCol >= 0 && normName(names[L.valCol]) == "close" {
		L.adjusted, L.unadjusted, L.adjWords = true, false, autoWords
	}
	if s.pricesFrom != "" && kind == KindAuto {
		L.kindKnown, L.isReturn = true, false
		L.adjusted, L.adjWords = priceAdjustment(normName(strings.TrimPrefix(s.pricesFrom, "yfinance field ")))
		L.unadjusted = !L.adjusted
		if s.autoAdjusted {
			L.adjusted, L.unadjusted, L.adjWords = true, false, autoWords
		}
	}
}

// tickerNames checks that every ticker column of a wide file has a name
// of its own.
func (fl *fileLoad) tickerNames() bool {
	seen := map[string]int{}
	for i, n := range fl.names {
		if i == fl.L.dateCol {
			continue
		}
		if n == "" {
			fl.c.add(fl.headerLine, fl.sp.cols[i], fmt.Sprintf("column %d has no name", i+1), "give every ticker column a name")
		} else if j, dup := seen[n]; dup {
			fl.c.add(fl.headerLine, fl.sp.cols[i], fmt.Sprintf("ticker %q appears in columns %d and %d", n, j+1, i+1), "keep one column per ticker")
		}
		seen[n] = i
	}
	return fl.c.n() == 0
}
