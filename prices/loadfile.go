package prices

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"io"
	"os"
	"path/filepath"
)

// fileLoad carries one price file through the loader's stages: front
// door, header, layout, date and number sample, parse chunks, merge,
// settle values, series and detection line. Each stage reads what the
// earlier ones set and returns false when it reported a problem.
type fileLoad struct {
	path   string
	single string // a Yahoo directory's file: its one series' symbol
	opt    LoadOptions
	fs     *source
	c      *collector
	fr     *fileResult
	src    io.ReaderAt
	size   int64

	// header (header.go)
	hs         *lineScanner
	headerLine int
	sp         *splitter
	names      []string
	L          layout
	start      int64 // the first byte after the header

	// sample (sample.go)
	dateFmt   dates.DateFormat
	numStyle  numberStyle
	firstDate []byte
	rowsHint  int
	lineLen   int

	// parse
	sym    string
	keep   bool
	filt   *symbolFilter
	ps     []*rowParser
	parts  [][]*builder
	tally  chunkTally
	series seriesTally
}

// chunkTally sums what the chunks' parsers counted besides problems.
type chunkTally struct {
	rows, skipped     int
	codes             map[string]int
	csNoAjex, csNoTrf int
}

// loadSource reads one price file through the front door (openSource):
// as it is when plain, else as the pre-pass's canonical text. fs is nil
// on the first call; a second call passes the source already opened.
func loadSource(path, single string, opt LoadOptions, all *inputerr.InputErrors, fs *source) *fileResult {
	fl := &fileLoad{path: path, single: single, opt: opt, c: &collector{file: path}, fr: &fileResult{}}
	defer fl.c.flush(all)
	if fs == nil {
		f, err := os.Open(path)
		if err != nil {
			fl.c.add(0, 0, "cannot read: "+errText(err), "check the path and permissions")
			return fl.fr
		}
		defer f.Close()
		fs = openSource(path, f, opt.PriceColumn, opt.SHA256)
	}
	fl.fs = fs
	defer func() { fl.fr.sha256 = fs.hash.sum() }()
	defer func() { fs.sheetColumns(fl.c.errs) }()
	if !fl.frontDoor() || !fl.readHeader() || !fl.readLayout() || !fl.sample() {
		return fl.fr
	}
	if !fl.parse() {
		if fl.c.n() > 0 && fs.retidy() {
			// Yahoo web-table rows or footnotes made the errors: read
			// the tidied text instead.
			fl.c.errs, fl.c.more = nil, 0
			return loadSource(path, fl.single, opt, all, fs)
		}
		return fl.fr
	}
	bs := mergeChunks(fl.parts)
	if fl.keep && unsortedKept(bs) {
		// Sorting and the duplicate lines need every row.
		// c (empty: problems return above) flushes nothing.
		opt.Keep = nil
		return loadSource(path, fl.single, opt, all, fs)
	}
	st, ok := fl.settle(bs)
	if !ok {
		fl.fr.notes = nil
		return fl.fr
	}
	if !fl.buildSeries(bs, st) {
		fl.fr.series = nil
		return fl.fr
	}
	fl.finish(st)
	return fl.fr
}

// frontDoor takes the source's problems and its reader.
func (fl *fileLoad) frontDoor() bool {
	for _, e := range fl.fs.errs {
		e.File = fl.path
		fl.c.addError(e)
	}
	if fl.c.n() > 0 {
		return false
	}
	if fl.fs.multi {
		fl.single = ""
	}
	fl.src, fl.size = fl.fs.r, fl.fs.size
	if fl.opt.meter != nil {
		fl.src = metered{fl.src, fl.opt.meter}
	}
	return true
}

// parse reads the rows after the header in parallel chunks (chunks.go)
// and gathers the chunks' problems; false when there are any.
func (fl *fileLoad) parse() bool {
	fl.fr.layout = fl.L.kind
	fl.keep = fl.opt.Keep != nil && fl.L.kind == "long" && fl.L.kindKnown
	fl.sym = fl.single
	if fl.fs.symbol != "" && (fl.sym == "" || fl.fs.symbolSure) {
		fl.sym = fl.fs.symbol
	} else if fl.sym == "" {
		fl.sym = fileSymbol(filepath.Base(fl.path))
	}
	fl.filt = newSymbolFilter(fl.opt.Symbols)
	run := func(p *rowParser) []*builder {
		switch fl.L.kind {
		case "long":
			return p.long()
		case "wide":
			return p.wide()
		}
		return p.single(fl.sym)
	}
	var h *fileHash
	if fl.fs.data == nil && fl.fs.hash != nil && !fl.fs.hash.complete() {
		h = fl.fs.hash // the chunks read the file itself
	}
	fl.ps, fl.parts = parseChunks(fl.src, fl.start, fl.size, fl.newParser, run, h)
	fl.gatherChunks()
	if fl.tally.rows == 0 && fl.c.n() == 0 {
		fl.c.add(fl.headerLine, 0, "header only, no data rows", "add one row per date below the header")
	}
	return fl.c.n() == 0
}

// newParser is a row parser for one chunk, set up from the header and
// the sample.
func (fl *fileLoad) newParser() *rowParser {
	p := &rowParser{sp: splitter{delim: fl.sp.delim}, c: collector{file: fl.path}, L: fl.L, dateFmt: fl.dateFmt, dec: fl.numStyle.dec,
		nf: len(fl.names), names: fl.names, filter: fl.filt, hint: fl.rowsHint, lineLen: fl.lineLen}
	if fl.keep {
		p.keep, p.cal = fl.opt.Keep, fl.opt.KeepCalendar
	}
	return p
}

// gatherChunks reports the chunks' problems in file order, lines made
// absolute: row problems first, then over-long lines, then the first
// read error, as one sequential pass would.
func (fl *fileLoad) gatherChunks() {
	t := &fl.tally
	before := fl.headerLine
	offsets := make([]int, len(fl.ps))
	for k, p := range fl.ps {
		offsets[k] = before
		for _, e := range p.c.errs {
			e.Line += before
			fl.c.addError(e)
		}
		fl.c.more += p.c.more
		t.rows += p.rows
		t.skipped += p.skipped
		for k, n := range p.codes {
			if t.codes == nil {
				t.codes = map[string]int{}
			}
			t.codes[k] += n
		}
		t.csNoAjex += p.csNoAjex
		t.csNoTrf += p.csNoTrf
		before += p.ls.line
	}
	for k, p := range fl.ps {
		if p.volBad > 0 {
			fl.fr.volumeNote = fmt.Sprintf("%s: volume not read: line %d: volume %q is not a number", fl.path, offsets[k]+p.volBad, p.volBadCell)
			break
		}
	}
	long := fl.hs.long
	for k, p := range fl.ps {
		for _, ln := range p.ls.long {
			long = append(long, offsets[k]+ln)
		}
	}
	for _, ln := range long {
		fl.c.add(ln, 0, fmt.Sprintf("line longer than %d bytes", readBufSize), "check that this is a text CSV file")
	}
	for k, p := range fl.ps {
		if p.ls.err != nil {
			fl.c.add(offsets[k]+p.ls.line, 0, "read error: "+errText(p.ls.err), "check the file")
			break
		}
	}
}

// unsortedKept reports a builder that kept only Keep's rows of a file
// whose rows are not in date order.
func unsortedKept(bs []*builder) bool {
	for _, b := range bs {
		if b != nil && b.keep != nil && b.unsorted {
			return true
		}
	}
	return false
}
