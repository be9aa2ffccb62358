package prices

import (
	"bytes"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
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
// inputerr.InputErrors ("file:line:col: what; hint").
func Load(path string, opt LoadOptions) (*Panel, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, inputerr.InputErrors{{File: path, What: "cannot read: " + errText(err), Hint: "check the --prices path"}}
	}
	if files, skipped, ok := parquetFiles(path); ok { // parquet.go
		return loadParquetHashed(path, files, skipped, opt)
	}
	if fi.IsDir() {
		return loadDir(path, opt)
	}
	if err := notParquet(path); err != nil { // parquet.go
		return nil, inputerr.InputErrors{err}
	}
	if opt.Progress != nil {
		opt.meter = &readMeter{total: fi.Size(), report: opt.Progress}
	}
	var errs inputerr.InputErrors
	fr := loadFile(path, "", opt, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	p := &Panel{Series: map[string]*Series{}, Layout: fr.layout, Detail: fr.detail, Files: []string{path}, Notes: fr.notes, Names: fr.names}
	if fr.unadjusted != "" {
		p.Notes = append(p.Notes, unadjustedNote(path, fr.unadjusted))
	}
	if fr.volumeNote != "" {
		p.VolumeNotes = append(p.VolumeNotes, fr.volumeNote)
	}
	for _, s := range fr.series {
		p.Series[s.Symbol] = s
	}
	p.addSHA256(path, fr.sha256)
	return p, nil
}

// addSHA256 records a file's SHA-256 (none when sum is "").
func (p *Panel) addSHA256(path, sum string) {
	if sum == "" {
		return
	}
	if p.SHA256 == nil {
		p.SHA256 = map[string]string{}
	}
	p.SHA256[path] = sum
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
		return nil, inputerr.InputErrors{{File: dir, What: "cannot read directory: " + errText(err), Hint: "check the --prices path"}}
	}
	filt := newSymbolFilter(opt.Symbols) // match.go: tmus.csv is read for TMUS
	if opt.Progress != nil {
		opt.meter = &readMeter{total: dirBytes(dir, ents, filt), report: opt.Progress}
	}
	d := &dirLoad{dir: dir, p: &Panel{Series: map[string]*Series{}, Layout: "yahoo-dir"}, details: map[string][]string{}, fileOf: map[string]string{}}
	for _, e := range ents {
		d.entry(e, opt, filt)
	}
	if d.nCSV == 0 {
		hint := "put one <TICKER>.csv per security there (Date,...,Adj Close columns), or pass a single long or wide file"
		if an := archiveNote(dir, d.skipped); an != "" {
			hint = strings.TrimPrefix(an, dir+": ") + "; " + hint
		}
		return nil, inputerr.InputErrors{{File: dir, What: "no .csv files in the directory", Hint: hint}}
	}
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	d.finish()
	return d.p, nil
}

// dirLoad gathers a Yahoo directory's files into one panel.
type dirLoad struct {
	dir            string
	p              *Panel
	skipped, unadj []string
	errs           inputerr.InputErrors
	details        map[string][]string // detection line -> its files' names
	fileOf         map[string]string   // symbol -> the file it was read from
	nCSV           int
}

// entry reads one directory entry when it is a price file of a symbol
// in the study.
func (d *dirLoad) entry(e os.DirEntry, opt LoadOptions, filt *symbolFilter) {
	name := e.Name()
	if strings.HasPrefix(name, ".") {
		return
	}
	sym, ok := priceFile(name)
	if e.IsDir() || !ok {
		d.skipped = append(d.skipped, name)
		return
	}
	d.nCSV++
	d.p.Names = append(d.p.Names, sym)
	if !filt.has(sym) {
		return
	}
	path := filepath.Join(d.dir, name)
	if prev, dup := d.fileOf[sym]; dup {
		d.errs.Add(path, 0, 0, fmt.Sprintf("symbol %s is also read from %s", sym, filepath.Base(prev)), "keep one file per symbol")
		return
	}
	d.fileOf[sym] = path
	fr := loadFile(path, sym, opt, &d.errs)
	d.p.Files = append(d.p.Files, path)
	d.p.addSHA256(path, fr.sha256)
	d.p.Notes = append(d.p.Notes, fr.notes...)
	if fr.volumeNote != "" {
		d.p.VolumeNotes = append(d.p.VolumeNotes, fr.volumeNote)
	}
	if fr.unadjusted != "" {
		d.unadj = append(d.unadj, name)
	}
	if fr.detail != "" {
		d.details[fr.detail] = append(d.details[fr.detail], name)
	}
	for _, s := range fr.series {
		d.p.Series[s.Symbol] = s
	}
}

// finish writes the directory's notes and detection line.
func (d *dirLoad) finish() {
	p, dir := d.p, d.dir
	if len(d.unadj) > 0 {
		p.Notes = append(p.Notes, unadjustedDirNote(dir, d.unadj))
	}
	if len(d.skipped) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%s: skipped %d entries that are not .csv/.txt/.tsv files: %s", dir, len(d.skipped), strings.Join(d.skipped, ", ")))
		if an := archiveNote(dir, d.skipped); an != "" {
			p.Notes = append(p.Notes, an)
		}
	}
	sort.Strings(p.Names)
	p.Detail = dirDetail("yahoo-dir", len(p.Files), d.details)
}

// dirDetail is a directory's detection line: what and how many files
// were read, then how. Files read alike share a line; where they differ,
// each line names its files, so a user sees which file was read how.
func dirDetail(what string, nFiles int, details map[string][]string) string {
	if len(details) == 1 {
		for det := range details {
			return fmt.Sprintf("%s: %d files read; %s", what, nFiles, det)
		}
	}
	ds := make([]string, 0, len(details))
	for det, files := range details {
		ds = append(ds, fmt.Sprintf("%s: %s", dirFileList(files), det))
	}
	sort.Strings(ds)
	return fmt.Sprintf("%s: %d files read; %s", what, nFiles, strings.Join(ds, "; "))
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
	// volumeNote says why the file's volume was not read (Panel.VolumeNotes).
	volumeNote string
	// unadjusted names the column when the prices are an unadjusted
	// close: Load notes it, loadDir once for all such files.
	unadjusted string
	// sha256 is the file's hex SHA-256 when LoadOptions.SHA256 asked for
	// it and the loader read every byte of the file.
	sha256 string
}

// describeDate names the date layout of a sample value for Panel.Detail
// (dates.DescribeDate, dates/layout.go).
func describeDate(b []byte, f dates.DateFormat) string { return dates.DescribeDate(b, f) }

// loadFile reads one price file. single != "" forces a one-series file
// whose symbol is single (a file of a Yahoo directory).
func loadFile(path, single string, opt LoadOptions, all *inputerr.InputErrors) *fileResult {
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
