package prices

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"github.com/breachlab/eventstudy/inputerr"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// source is a price file as the loader reads it. A plain file (UTF-8 text
// whose header is its first non-blank line) is the file itself, streamed
// and chunked as before. Anything else goes through the front door's
// pre-pass into canonical comma CSV in memory, keeping the user's line
// numbers (a skipped line becomes an empty line, which the parser skips),
// so every error still points at the user's file:line.
type source struct {
	r    io.ReaderAt
	size int64
	// data is the canonical text when the source is in memory.
	data []byte
	// steps are the pre-pass steps for the detail line ("gzip",
	// "UTF-16LE decoded", "header on line 5").
	steps []string
	notes []string
	// symbol names a one-series file's security when the content says it
	// (Stooq's ticker column, a one-ticker yfinance header).
	symbol string
	// symbolSure: symbol wins over a directory file's name (Stooq's
	// tmus.us.txt holds TMUS).
	symbolSure bool
	// multi: several securities in one file, read as such even from a
	// directory (a yfinance multi-ticker download).
	multi bool
	// pricesFrom says why a file's values are prices when its columns,
	// rewritten as tickers, no longer say it.
	pricesFrom string
	// autoAdjusted: a yfinance download() file without Adj Close, which
	// only auto_adjust=True (the default since 0.2.51) writes: its Close
	// is adjusted for splits and dividends.
	autoAdjusted bool
	// sheet is the .xlsx sheet read: lines are its row numbers.
	sheet string
	// tidied: the text steps ran (header search, Yahoo web rows).
	tidied bool
	errs   inputerr.InputErrors
	// priceCol is --price-column: the field taken from a multi-ticker
	// yfinance file.
	priceCol string
	// decodeOnly: DecodeFile's byte-level steps, no price-file tidying.
	decodeOnly bool
	// sha256: hash the file's bytes as they are read (LoadOptions.SHA256)
	// into hash, which readAll or the chunks' reads feed.
	sha256 bool
	hash   *fileHash
	// table names a typed table's format ("Parquet") for the detail
	// line, which then says no delimiter: the canonical text's commas
	// are not the file's. dateType, when set, is its date column's type
	// ("DATE"), said instead of the canonical text's date format.
	table, dateType string
}

// Sizes for the front door. Vendor files are small; the in-memory limit
// guards against decompression bombs.
const (
	sniffSize   = 64 << 10
	maxInMemory = 1 << 30
	// maxRetidy bounds the plain files a failed read tidies: copies of
	// Yahoo's web table are small, and a large file's errors are real.
	maxRetidy = 64 << 20
)

// openSource reads f's first bytes and decides how to read the file. The
// plain path costs one extra read of at most sniffSize bytes.
func openSource(path string, f *os.File, priceCol string, sha256 bool) *source {
	return frontDoor(path, f, &source{priceCol: priceCol, sha256: sha256})
}

// frontDoor fills s from f (s.decodeOnly: the byte-level steps only).
func frontDoor(path string, f *os.File, s *source) *source {
	var err error
	s.r, s.size, err = readerAt(f)
	r, size := s.r, s.size
	if err != nil {
		s.fail(0, "cannot read: "+errText(err), "check the file")
		return s
	}
	if s.sha256 {
		s.hash = newFileHash(size)
	}
	// A small first read serves nearly every file (a directory of many
	// small files must not pay for more); a longer first line is read
	// to sniffSize.
	head, err := readHead(r, min(size, 4<<10))
	if err == nil && !firstLineIn(head) && size > int64(len(head)) {
		head, err = readHead(r, min(size, sniffSize))
	}
	if err != nil {
		s.fail(0, "cannot read: "+errText(err), "check the file")
		return s
	}
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		if !s.gunzip(path) {
			return s
		}
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		s.unzip(path)
		return s
	case bytes.HasPrefix(head, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}):
		s.fail(0, "an Excel 97-2003 workbook (.xls), which is not read", "save it as .xlsx or as CSV UTF-8 (File > Save As)")
	case utf16Order(head) != "":
		data, ok := s.readAll(path)
		if ok {
			s.text(path, decodeUTF16(data, utf16Order(head), &s.steps))
		}
	case !s.decodeOnly && !plainHead(head):
		// Header not on the first non-blank line, or a vendor header
		// (Stooq, yfinance): read into memory and tidy.
		data, ok := s.readAll(path)
		if ok {
			s.text(path, data)
		}
	}
	if s.decodeOnly && s.data == nil && len(s.errs) == 0 {
		if data, ok := s.readAll(path); ok {
			s.setData(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
		}
	}
	return s
}

// gunzip reads a gzip file's text (at most maxInMemory bytes); false
// when it reported a problem or could not read the file.
func (s *source) gunzip(path string) bool {
	data, ok := s.readAll(path)
	if !ok {
		return false
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(zr, maxInMemory+1))
	}
	if err != nil {
		s.fail(0, "a gzip file that cannot be decompressed ("+err.Error()+")", "check the download, or decompress it (gunzip) and pass the CSV")
		return false
	}
	if len(data) > maxInMemory {
		s.fail(0, "gzip file decompresses to more than 1 GiB", "decompress it (gunzip) and pass the CSV")
		return false
	}
	s.steps = append(s.steps, "gzip")
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		s.fail(0, "a gzip file holding an archive, not a CSV", "decompress it and pass the CSV inside")
		return false
	}
	s.text(path, data)
	return true
}

// unzip reads a zip file: an .xlsx workbook (xl/workbook.xml inside) is
// read as its sheet; any other archive is refused, naming its files.
func (s *source) unzip(path string) {
	data, ok := s.readAll(path)
	if !ok {
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		s.fail(0, "a damaged zip archive ("+err.Error()+")", "check the download")
		return
	}
	var names []string
	for _, m := range zr.File {
		if m.Name == "xl/workbook.xml" {
			s.xlsx(path, data)
			return
		}
		if !strings.HasSuffix(m.Name, "/") {
			names = append(names, m.Name)
		}
	}
	s.fail(0, fmt.Sprintf("a zip archive (%s), not a CSV", listSyms(names)), "unzip it and pass the CSV")
}

// DecodeFile reads a text table the way the price loader's front door
// does before it looks at the header, for other readers (events): gzip
// decompressed, .xlsx turned into comma CSV (the first sheet with a
// header cell naming a date; Excel date serials in the columns whose name
// holds "date" as ISO dates; line = sheet row), UTF-16 decoded, a UTF-8
// byte-order mark dropped. Line numbers stay the file's. A zip archive or
// an .xls workbook is an inputerr.InputErrors saying what to do. steps name what
// was done (none for a plain UTF-8 file), for the detection line.
func DecodeFile(path string) (data []byte, steps []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, inputerr.InputErrors{{File: path, What: "cannot read: " + errText(err), Hint: "check the path and permissions"}}
	}
	defer f.Close()
	s := frontDoor(path, f, &source{decodeOnly: true})
	if len(s.errs) > 0 {
		for _, e := range s.errs {
			e.File = path
		}
		return nil, nil, s.errs
	}
	return s.data, s.steps, nil
}

// dateHeader says whether an .xlsx header cell names a date column.
func (s *source) dateHeader(cell string) bool {
	if s.decodeOnly {
		return strings.Contains(normName(cell), "date")
	}
	return dateNameCol([]byte(cell), ',') == 0
}

func readHead(r io.ReaderAt, n int64) ([]byte, error) {
	head := make([]byte, n)
	k, err := r.ReadAt(head, 0)
	if err == io.EOF {
		err = nil
	}
	return head[:k], err
}

// firstLineIn says whether head holds a whole non-blank line.
func firstLineIn(head []byte) bool {
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			return false
		}
		if l := trimEOL(head[:i+1]); !blank(l, detectDelimiter(l)) {
			return true
		}
		head = head[i+1:]
	}
	return false
}

func (s *source) fail(line int, what, hint string) {
	s.errs.Add("", line, 0, what, hint)
}

// readAll reads the whole file for the pre-pass.
func (s *source) readAll(path string) ([]byte, bool) {
	if s.size > maxInMemory {
		s.fail(0, "file over 1 GiB that is not a plain UTF-8 CSV", "save it as UTF-8 CSV with the header on the first line")
		return nil, false
	}
	data := make([]byte, s.size)
	n, err := s.r.ReadAt(data, 0)
	if err != nil && err != io.EOF {
		s.fail(0, "cannot read: "+errText(err), "check the file")
		return nil, false
	}
	s.hash.feed(0, data[:n])
	return data[:n], true
}

// text tidies in-memory text (header search, vendor headers, Yahoo web
// rows) and makes it the source.
func (s *source) text(path string, data []byte) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if s.decodeOnly {
		s.setData(data)
		return
	}
	if out, ok := s.tidy(data); ok {
		data = out
	}
	s.setData(data)
}

func (s *source) setData(data []byte) {
	s.data = data
	s.r = bytes.NewReader(data)
	s.size = int64(len(data))
}

// plainHead reports whether the first bytes of a file show a plain file:
// its first non-blank line names a date column. Files whose first line is
// too long to judge are left to the loader, as before.
func plainHead(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			return true
		}
		l := trimEOL(head[:i+1])
		head = head[i+1:]
		if blank(l, detectDelimiter(l)) {
			continue
		}
		return dateNameCol(l, detectDelimiter(l)) >= 0
	}
	return true
}

// dateNameCol is the index of the first field of line naming a date
// column, or -1.
func dateNameCol(line []byte, delim byte) int {
	sp := &splitter{delim: delim}
	if _, err := sp.split(line); err != nil {
		return -1
	}
	for i, f := range sp.fields {
		n := normName(string(f))
		for _, d := range dateNames {
			if n == d {
				return i
			}
		}
	}
	return -1
}

// utf16Order detects UTF-16 text ("Unicode text" as Excel saves it): by
// its byte-order mark, or without one by the zero high bytes of ASCII
// characters in the first bytes. It returns "LE", "BE" or "".
func utf16Order(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}):
		return "LE"
	case bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return "BE"
	}
	n := min(len(head), 512) &^ 1
	if n < 8 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	switch {
	case odd*10 >= n/2*9 && even == 0:
		return "LE"
	case even*10 >= n/2*9 && odd == 0:
		return "BE"
	}
	return ""
}

// decodeUTF16 decodes UTF-16 text to UTF-8 (invalid surrogates become
// U+FFFD, which the header check reports).
func decodeUTF16(data []byte, order string, steps *[]string) []byte {
	bom := bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff})
	if bom {
		data = data[2:]
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if order == "LE" {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		} else {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		}
	}
	how := "UTF-16" + order + " decoded"
	if !bom {
		how += " (no byte-order mark; detected from the zero bytes)"
	}
	*steps = append(*steps, how)
	return []byte(string(utf16.Decode(u)))
}

// retidy is the plain path's second chance: when a plain file gave
// errors, the text steps run on it in memory; if they blank Yahoo
// web-table rows (dividends, splits, footnotes) it reports true and the
// file is read again from the tidied text. Clean files never come here.
func (s *source) retidy() bool {
	if s.tidied || s.data != nil || s.size > maxRetidy {
		return false
	}
	s.tidied = true
	data, ok := s.readAll("")
	if !ok {
		s.errs = nil
		return false
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	out, changed := s.tidy(data)
	if !changed {
		s.steps, s.notes = nil, nil
		return false
	}
	s.setData(out)
	return true
}

// report puts the pre-pass steps in front of the file's detail line and
// its notes among the file's notes.
func (s *source) report(path string, fr *fileResult, single, sym string) {
	if len(s.steps) > 0 {
		fr.detail = strings.Join(s.steps, ", ") + "; " + fr.detail
	}
	for _, n := range s.notes {
		fr.notes = append(fr.notes, path+": "+n)
	}
	if single != "" && s.symbol != "" && !s.symbolSure && s.symbol != sym {
		fr.notes = append(fr.notes, fmt.Sprintf("%s: the header names ticker %s; the series is %s, after the file name", path, s.symbol, sym))
	}
}

// sheetColumns turns the byte columns of errors in an .xlsx sheet's
// canonical text into the sheet's column numbers (A = 1), and names the
// sheet and cell (or row) in the message.
func (s *source) sheetColumns(errs inputerr.InputErrors) {
	if s.sheet == "" {
		return
	}
	lines := bytes.Split(s.data, []byte{'\n'})
	for _, e := range errs {
		if e.Line < 1 || e.Line > len(lines) {
			continue
		}
		if e.Column < 1 {
			e.What += fmt.Sprintf(" (sheet %q, row %d)", s.sheet, e.Line)
			continue
		}
		l := lines[e.Line-1]
		n, in := 1, false
		for i := 0; i < e.Column-1 && i < len(l); i++ {
			switch {
			case l[i] == '"':
				in = !in
			case l[i] == ',' && !in:
				n++
			}
		}
		e.Column = n
		if cell, err := excelize.CoordinatesToCellName(n, e.Line); err == nil {
			e.What += fmt.Sprintf(" (sheet %q, cell %s)", s.sheet, cell)
		}
	}
}

// fileSymbol is a file's name without .gz and its extension.
func fileSymbol(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".gz") {
		name = name[:len(name)-3]
	}
	return strings.TrimSuffix(name, filepath.Ext(name))
}

// priceFile says whether a directory entry is a price file and gives its
// symbol: the name without .gz and the extension (TMUS.csv.gz is TMUS).
func priceFile(name string) (string, bool) {
	base := name
	gz := strings.HasSuffix(strings.ToLower(base), ".gz")
	if gz {
		base = base[:len(base)-3]
	}
	ext := strings.ToLower(filepath.Ext(base))
	if !priceExts[ext] && (ext != ".xlsx" || gz) {
		return "", false
	}
	return strings.TrimSuffix(base, filepath.Ext(base)), true
}

// archiveNote names the entries of a directory that are archives or old
// workbooks, which a price directory cannot read as they are.
func archiveNote(dir string, skipped []string) string {
	var zips []string
	for _, n := range skipped {
		switch strings.ToLower(filepath.Ext(n)) {
		case ".zip", ".xls", ".7z", ".rar":
			zips = append(zips, n)
		}
	}
	if len(zips) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: %s not read: unzip archives and save .xls workbooks as .xlsx or CSV", dir, listSyms(zips))
}

// DecodeUTF16 decodes data when it is UTF-16 text (by its byte-order mark
// or the zero bytes of ASCII text, as the price front door detects it) and
// says how; other data is returned as it is with an empty step. For the
// events reader, which reads a whole file itself.
func DecodeUTF16(data []byte) (out []byte, step string) {
	order := utf16Order(data[:min(len(data), 4096)])
	if order == "" {
		return data, ""
	}
	var steps []string
	out = decodeUTF16(data, order, &steps)
	return out, steps[0]
}
