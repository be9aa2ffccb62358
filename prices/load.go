package prices

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Load reads prices or returns from path: a directory of per-ticker
// Yahoo-style files (symbol = file base name), or one file in Yahoo layout
// (symbol = base name), long layout (symbol, date, value columns) or wide
// layout (date + one column per ticker). The layout, delimiter (comma,
// semicolon, tab) and date format are detected from the header and the
// first rows. All problems of a file are reported in one pass as
// InputErrors ("file:line:col: what; hint").
func Load(path string, opt LoadOptions) (*Panel, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, InputErrors{{File: path, What: "cannot read: " + errText(err), Hint: "check the --prices path"}}
	}
	if fi.IsDir() {
		return loadDir(path, opt)
	}
	if opt.Progress != nil {
		opt.meter = &readMeter{total: fi.Size(), report: opt.Progress}
	}
	var errs InputErrors
	fr := loadFile(path, "", opt, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	p := &Panel{Series: map[string]*Series{}, Layout: fr.layout, Detail: fr.detail, Files: []string{path}, Notes: fr.notes, Names: fr.names}
	if fr.unadjusted != "" {
		p.Notes = append(p.Notes, unadjustedNote(path, fr.unadjusted))
	}
	for _, s := range fr.series {
		p.Series[s.Symbol] = s
	}
	return p, nil
}

func errText(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// priceExts are the file name extensions read from a price directory.
var priceExts = map[string]bool{".csv": true, ".txt": true, ".tsv": true}

func loadDir(dir string, opt LoadOptions) (*Panel, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, InputErrors{{File: dir, What: "cannot read directory: " + errText(err), Hint: "check the --prices path"}}
	}
	p := &Panel{Series: map[string]*Series{}, Layout: "yahoo-dir"}
	var skipped, unadj []string
	var errs InputErrors
	details := map[string][]string{} // detection line -> its files' names
	nCSV := 0
	filt := newSymbolFilter(opt.Symbols) // match.go: tmus.csv is read for TMUS
	fileOf := map[string]string{}
	if opt.Progress != nil {
		opt.meter = &readMeter{total: dirBytes(dir, ents, filt), report: opt.Progress}
	}
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		sym, ok := priceFile(name)
		if e.IsDir() || !ok {
			skipped = append(skipped, name)
			continue
		}
		nCSV++
		p.Names = append(p.Names, sym)
		if !filt.has(sym) {
			continue
		}
		path := filepath.Join(dir, name)
		if prev, dup := fileOf[sym]; dup {
			errs.Add(path, 0, 0, fmt.Sprintf("symbol %s is also read from %s", sym, filepath.Base(prev)), "keep one file per symbol")
			continue
		}
		fileOf[sym] = path
		fr := loadFile(path, sym, opt, &errs)
		p.Files = append(p.Files, path)
		p.Notes = append(p.Notes, fr.notes...)
		if fr.unadjusted != "" {
			unadj = append(unadj, name)
		}
		if fr.detail != "" {
			details[fr.detail] = append(details[fr.detail], name)
		}
		for _, s := range fr.series {
			p.Series[s.Symbol] = s
		}
	}
	if nCSV == 0 {
		hint := "put one <TICKER>.csv per security there (Date,...,Adj Close columns), or pass a single long or wide file"
		if an := archiveNote(dir, skipped); an != "" {
			hint = strings.TrimPrefix(an, dir+": ") + "; " + hint
		}
		return nil, InputErrors{{File: dir, What: "no .csv files in the directory", Hint: hint}}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if len(unadj) > 0 {
		p.Notes = append(p.Notes, unadjustedDirNote(dir, unadj))
	}
	if len(skipped) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%s: skipped %d entries that are not .csv/.txt/.tsv files: %s", dir, len(skipped), strings.Join(skipped, ", ")))
		if an := archiveNote(dir, skipped); an != "" {
			p.Notes = append(p.Notes, an)
		}
	}
	// Files read alike share a line; where they differ, each line names
	// its files, so a user sees which file was read how.
	ds := make([]string, 0, len(details))
	for d, files := range details {
		ds = append(ds, fmt.Sprintf("%s: %s", dirFileList(files), d))
	}
	sort.Strings(ds)
	sort.Strings(p.Names)
	p.Detail = fmt.Sprintf("yahoo-dir: %d files read; %s", len(p.Files), strings.Join(ds, "; "))
	if len(details) == 1 {
		for d := range details {
			p.Detail = fmt.Sprintf("yahoo-dir: %d files read; %s", len(p.Files), d)
		}
	}
	return p, nil
}

// dirFileList names a directory's files for a detection line: all of
// them up to four, else the first three and a count.
func dirFileList(files []string) string {
	sort.Strings(files)
	if len(files) <= 4 {
		return strings.Join(files, ", ")
	}
	return fmt.Sprintf("%s and %d more files", strings.Join(files[:3], ", "), len(files)-3)
}

// dirBytes is the size of the files of dir that loadDir reads.
func dirBytes(dir string, ents []os.DirEntry, filt *symbolFilter) int64 {
	var n int64
	for _, e := range ents {
		name := e.Name()
		sym, ok := priceFile(name)
		if strings.HasPrefix(name, ".") || e.IsDir() || !ok {
			continue
		}
		if !filt.has(sym) {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// readMeter counts the bytes read for LoadOptions.Progress. Reads of the
// same bytes twice (the peeks at a chunk's start, a second pass) push the
// count past total; it is reported clamped, and only when it rises, so
// the last report is total once.
type readMeter struct {
	total    int64
	report   func(done, total int64)
	mu       sync.Mutex
	read     int64
	reported int64
}

func (m *readMeter) add(n int) {
	if n <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.read += int64(n)
	if done := min(m.read, m.total); done > m.reported {
		m.reported = done
		m.report(done, m.total)
	}
}

// metered is a ReaderAt that counts what it reads into a readMeter.
type metered struct {
	r io.ReaderAt
	m *readMeter
}

func (r metered) ReadAt(b []byte, off int64) (int, error) {
	n, err := r.r.ReadAt(b, off)
	r.m.add(n)
	return n, err
}

// fileResult is what one file contributes to a panel.
type fileResult struct {
	series []*Series
	layout string
	detail string
	notes  []string
	names  []string // every symbol of the file, read or not (Panel.Names)
	// unadjusted names the column when the prices are an unadjusted
	// close: Load notes it, loadDir once for all such files.
	unadjusted string
}

// normName lower-cases a header name and drops blanks, '_', '-' and '.', so
// "Adj Close", "adj_close" and "AdjClose" compare equal.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '_', '-', '.', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func findName(norm []string, vocab []string) int {
	for _, v := range vocab {
		for i, n := range norm {
			if n == v {
				return i
			}
		}
	}
	return -1
}

// layout is the result of reading a header.
type layout struct {
	kind    string // "yahoo-file", "long", "wide"
	dateCol int
	symCol  int // long only
	valCol  int // yahoo-file and long
	// kindKnown is set when the value column's name says prices or returns.
	kindKnown bool
	isReturn  bool

	// What the value column's name says (columns.go): a log or a
	// percent-like returns name; for prices, adjusted (for splits at
	// least) or a known unadjusted close, in words for the detection line.
	logName, pctName bool
	adjusted         bool
	unadjusted       bool
	adjWords         string
	over             string   // an unadjusted close passed over for the adjusted column
	ignored          []string // percent-change columns not used ("Change %")
	source           string   // "CRSP daily", "Compustat daily" or ""
	crsp             bool     // CRSP: RET letter codes are missing values
	absPrice         bool     // CRSP PRC: a negative price is the bid/ask midpoint
	cs               *compustatCols
}

// classify sets what the value column's name says.
func (L *layout) classify(norm []string) {
	n := norm[L.valCol]
	one := []string{n}
	switch {
	case findName(one, returnNames) == 0:
		L.kindKnown, L.isReturn = true, true
	case findName(one, logNames) == 0:
		L.kindKnown, L.isReturn, L.logName = true, true, true
	case findName(one, percentNames) == 0:
		L.kindKnown, L.isReturn, L.pctName = true, true, true
	case findName(one, adjNames) == 0 || findName(one, closeNames) == 0:
		L.kindKnown = true
		L.adjusted, L.adjWords = priceAdjustment(n)
		L.unadjusted = !L.adjusted
		if n == "close" && yfinanceHistoryAdjusted(norm) {
			L.adjusted, L.unadjusted, L.adjWords = true, false, yfinanceAdjustedWords+"; the file has Dividends and Stock Splits columns but no Adj Close, as yfinance's history() writes it"
		}
	default:
		L.kindKnown = true // a named price column (--price-column)
		L.adjWords = "adjustment not stated"
	}
}

// detectLayout decides the layout from the header. single forces a
// one-series file (the files of a Yahoo directory).
func detectLayout(names []string, opt LoadOptions, single bool) (layout, string, string) {
	norm := make([]string, len(names))
	for i, n := range names {
		norm[i] = normName(n)
	}
	L := layout{dateCol: findName(norm, dateNames), symCol: -1, valCol: -1}
	if L.dateCol < 0 {
		return L, fmt.Sprintf("no date column in header %s", strings.Join(quoteAll(names), ",")),
			"name the date column Date (or date)"
	}
	cs, isCS := isCompustat(norm)
	if opt.PriceColumn != "" {
		want := normName(opt.PriceColumn)
		for i, n := range norm {
			if names[i] == opt.PriceColumn || n == want {
				L.valCol = i
				break
			}
		}
		if L.valCol < 0 {
			return L, fmt.Sprintf("price column %q not in header %s", opt.PriceColumn, strings.Join(quoteAll(names), ",")),
				"pass one of the header's columns as the price column (--price-column; for a --market file whose columns differ, --market-price-column)"
		}
		L.classify(norm)
	} else {
		switch {
		case isCS:
			L.valCol = findName(norm, []string{"prccd"})
		case isCRSP(norm):
			// RET (with dividends) wins over PRC (unadjusted).
			if L.valCol = findName(norm, []string{"ret"}); L.valCol < 0 {
				L.valCol = findName(norm, []string{"prc"})
			}
		default:
			for _, vocab := range [][]string{adjNames, closeNames, returnNames, logNames, percentNames} {
				if L.valCol = findName(norm, vocab); L.valCol >= 0 {
					break
				}
			}
		}
		if L.valCol >= 0 {
			L.classify(norm)
			if L.adjusted && !isCS {
				if c := findName(norm, closeNames); c >= 0 && !L.isReturn {
					if a, _ := priceAdjustment(norm[c]); !a {
						L.over = names[c]
					}
				}
			}
			if !L.isReturn {
				for i, n := range norm {
					if i != L.valCol && findName([]string{n}, percentNames) == 0 {
						L.ignored = append(L.ignored, names[i])
					}
				}
			}
		}
	}
	if isCRSP(norm) && L.valCol >= 0 {
		// RET letter codes are missing values; a negative PRC is the
		// bid/ask midpoint (crsp.go).
		L.source, L.crsp, L.absPrice = "CRSP daily", true, norm[L.valCol] == "prc"
	}
	if isCS && L.valCol >= 0 && norm[L.valCol] == "prccd" {
		// prccd, found or told, is read as Compustat's adjusted price.
		L.cs, L.source = &cs, "Compustat daily"
		L.kindKnown, L.isReturn = true, false
		L.adjusted, L.unadjusted, L.adjWords = true, false, "prccd / ajexdi * trfd: adjusted for splits and dividends"
	}
	if !single {
		if isCRSP(norm) {
			// CRSP's permanent number is its key; tickers are reused.
			L.symCol = findName(norm, crspKeys)
		} else {
			L.symCol = findName(norm, symbolNames)
		}
	}
	switch {
	case L.symCol >= 0:
		L.kind = "long"
		if L.valCol < 0 {
			// symbol, date and exactly one other column: that is the value.
			if len(names) == 3 {
				L.valCol = 3 - L.symCol - L.dateCol
			} else {
				return L, fmt.Sprintf("long file (symbol column %q) has no price or return column among %s", names[L.symCol], strings.Join(quoteAll(names), ",")),
					"name the value column adj_close, close, price or ret, or pass --price-column"
			}
		}
	case L.valCol >= 0:
		L.kind = "yahoo-file"
	case single:
		if len(names) == 2 {
			L.kind, L.valCol = "yahoo-file", 1-L.dateCol
		} else {
			return L, fmt.Sprintf("no Close or Adj Close column in header %s", strings.Join(quoteAll(names), ",")),
				"use Yahoo's layout Date,Open,High,Low,Close,Adj Close,Volume or pass --price-column"
		}
	case findName(norm, yahooNames) >= 0:
		// Open/High/Low/Volume are Yahoo's columns, never tickers: the
		// file lacks its price column rather than being a wide file.
		return L, fmt.Sprintf("no Close or Adj Close column in header %s", strings.Join(quoteAll(names), ",")),
			"use Yahoo's layout Date,Open,High,Low,Close,Adj Close,Volume or pass --price-column"
	default:
		if len(names) < 2 {
			return L, "header has only a date column",
				"add price columns (wide layout: Date,TMUS,GSPC,...); check the delimiter (comma, semicolon or tab)"
		}
		L.kind = "wide"
	}
	if L.valCol == L.dateCol && L.kind != "wide" {
		return L, "the value column is the date column", "pass another --price-column"
	}
	if opt.Kind == KindPrices {
		L.kindKnown, L.isReturn = true, false
	} else if opt.Kind == KindReturns {
		L.kindKnown, L.isReturn = true, true
	}
	return L, "", ""
}

func quoteAll(s []string) []string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return q
}

// describeDate names the date layout of a sample value for Panel.Detail
// (DescribeDate, datelayout.go).
func describeDate(b []byte, f DateFormat) string { return DescribeDate(b, f) }

// loadFile reads one price file. single != "" forces a one-series file
// whose symbol is single (a file of a Yahoo directory).
func loadFile(path, single string, opt LoadOptions, all *InputErrors) *fileResult {
	return loadSource(path, single, opt, all, nil)
}

// dupSym is the symbol part of a duplicate's key: outside long files every
// series has a row on every line, so the date alone finds the lines.
func dupSym(L layout, b *builder) string {
	if L.kind == "long" {
		return b.sym
	}
	return ""
}

// readerAt gives random access to a price file: the file itself when it
// is a regular file, else (a pipe, a device) its content read into memory.
func readerAt(f *os.File) (io.ReaderAt, int64, error) {
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		return f, fi.Size(), nil
	}
	b, err := io.ReadAll(f)
	return bytes.NewReader(b), int64(len(b)), err
}

// valCol0 is the column a builder's values came from (wide files keep the
// column index in the builder).
func (L layout) valCol0(b *builder) int {
	if L.kind == "wide" {
		return b.col
	}
	return L.valCol
}

func listSyms(s []string) string {
	if len(s) > 10 {
		return strings.Join(s[:10], ", ") + fmt.Sprintf(" and %d more", len(s)-10)
	}
	return strings.Join(s, ", ")
}

// looksLikeReturns guesses returns when the column name does not say: a
// price is never negative, while a return series of any length has
// negative days, and returns (decimals) stay below 1 in size.
func looksLikeReturns(bs []*builder) bool {
	neg := false
	for _, b := range bs {
		if b == nil {
			continue
		}
		for _, v := range b.vals {
			if math.IsNaN(v) || math.IsInf(v, 0) { // missing, invalid
				continue
			}
			if math.Abs(v) >= 1 {
				return false
			}
			if v < 0 {
				neg = true
			}
		}
	}
	return neg
}
