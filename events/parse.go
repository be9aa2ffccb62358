package events

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"github.com/breachlab/eventstudy/prices"
)

// Options are the settings of LoadWith and ParseWith.
type Options struct {
	DateFormat dates.DateFormat
	// Covariates names the extra columns the cross-sectional regression
	// uses. nil means every numeric extra column (the behaviour before
	// columns could be named); a named column that is not numeric is an
	// error at its first non-numeric cell.
	Covariates []string
}

// Load reads the events file at path and parses it (see Parse).
func Load(path string, dateFormat dates.DateFormat) (*File, error) {
	return LoadWith(path, Options{DateFormat: dateFormat})
}

// LoadWith reads the events file at path and parses it (see ParseWith).
func LoadWith(path string, opt Options) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &inputerr.InputError{File: path, What: "cannot read the events file: " + unwrapPathError(err),
			Hint: "check the --events path"}
	}
	return ParseWith(path, data, opt)
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse reads an events file (docs/design.md "Inputs", docs/methodology.md 2.1):
// a CSV file with a header line, delimiter ',' ';' or tab detected from the
// header, a UTF-8 byte-order mark and CRLF line ends allowed, quoted fields
// with delimiters and line breaks allowed. name is used in error messages.
//
// Columns: event_id, firm and date are required; time (HH:MM, 24 h; H:MM
// and HH:MM:SS are accepted and stored as HH:MM), session (pre, intraday,
// after, any case), incident, stage, label, group, market, source and peers
// (tickers separated by ';', '|', ',' or spaces) are optional. Any other
// column is a numeric characteristic (empty, NA or NaN = missing). A column
// whose values are all non-numeric is reported as an unknown column, with
// the known column it most resembles; a numeric column with a few bad cells
// gets one error per bad cell. An unnamed column whose cells are all empty
// (a trailing delimiter left by a spreadsheet) is ignored with a note.
// Lines starting with '#' are comments; rows whose cells are all empty are
// skipped.
//
// Dates: with dates.DateAuto, a slash-date column is resolved over the
// whole column (dates.DetectDateFormat) and is an error when no date
// proves the order. With an explicit format, ISO (2006-01-02) and compact
// (20060102) dates are still accepted because they cannot be misread.
//
// All problems of the file are returned together as inputerr.InputErrors,
// sorted by line and column, each "file:line:column: what; what to do".
//
// The rows are read with encoding/csv rather than results.DecodeCSV (the
// reader of the output tables): the columns are matched by name and alias,
// and the characteristic columns are not known until the header is read,
// so there is no struct to decode into. encoding/csv's FieldPos gives the
// exact line:column of every cell.
func Parse(name string, data []byte, dateFormat dates.DateFormat) (*File, error) {
	return ParseWith(name, data, Options{DateFormat: dateFormat})
}

// ParseWith is Parse with options. Beyond Parse's CSV it reads a gzipped
// CSV and an .xlsx workbook (its first sheet, see parseXLSX), recognised by
// their first bytes.
func ParseWith(name string, data []byte, opt Options) (*File, error) {
	p := &parser{name: name, dateFormat: opt.DateFormat, covariates: opt.Covariates}
	var f *File
	switch container(data) {
	case "xlsx":
		f = p.parseXLSX(data)
	case "gzip":
		if plain, ok := p.gunzip(data); ok {
			f = p.parse(plain)
		}
	case "xls":
		p.add(0, 0, "this is a legacy Excel .xls workbook, not CSV",
			"save it as .xlsx or as CSV UTF-8 (Excel: File > Save As)")
	default:
		f = p.parse(data)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// cell is one field with its position in the file.
type cell struct {
	s         string // trimmed value
	line, col int
}

type parser struct {
	name       string
	dateFormat dates.DateFormat
	covariates []string
	errs       inputerr.InputErrors
	makeIDs    bool // no event_id column: ids from firm and date (madeID)
}

func (p *parser) add(line, col int, what, hint string) {
	p.errs.Add(p.name, line, col, what, hint)
}

func (p *parser) err() error {
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i], p.errs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return p.errs.Err()
}

// column is one header field and how it is read.
type column struct {
	raw       string // header text, trimmed
	name      string // normalized
	line, col int
	known     bool   // one of KnownColumns
	mapped    string // the role an accepted synonym was read as ("" for none)
	ignore    bool   // unnamed and empty
	charIndex int    // index into File.Characteristics, -1 if not a characteristic
	attrIndex int    // index into File.Attributes, -1 if not an extra column
}

func (p *parser) parse(data []byte) *File {
	f := &File{Path: p.name}
	if len(data) == 0 {
		p.add(0, 0, "the events file is empty",
			"it needs a header line such as event_id,firm,date and one row per event")
		return f
	}
	// Excel's "Unicode text" export is UTF-16 (tab-delimited): decoded
	// here as the price loader does, and said in the detection line.
	data, utf16Step := prices.DecodeUTF16(data)
	if utf16Step != "" {
		f.Detection = append(f.Detection, utf16Step)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	// A file with only carriage returns (classic Mac line ends) would be one
	// endless record to encoding/csv.
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'})
	}
	p.checkUTF8(data)

	delim, ok := detectDelimiter(data)
	if !ok {
		p.add(0, 0, "the events file has no header line",
			"the first line must name the columns, e.g. event_id,firm,date")
		return f
	}
	f.Delimiter = delim

	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delim
	r.Comment = '#'
	r.FieldsPerRecord = -1 // counted here, to report every bad row
	r.ReuseRecord = false
	// Hand-written files put a space after the delimiter, also before a
	// quoted field ("e2, BBB, 2020-12-03, \"breach, records exposed\""),
	// which R's read.csv(strip.white = TRUE) and pandas'
	// skipinitialspace=True read. Unquoted cells are trimmed anyway. Not
	// for tab files: encoding/csv would then skip an empty field's tab.
	r.TrimLeadingSpace = delim != '\t'

	header, rows, rowLines := p.readRecords(r)
	if header == nil {
		p.add(0, 0, "the events file has no header line",
			"the first line must name the columns, e.g. event_id,firm,date")
		return f
	}
	p.build(f, header, rows, rowLines)
	return f
}

// readRecords reads the header and the non-empty rows, with the line of
// each row; a malformed record is reported and skipped so that every bad
// row is listed, not only the first.
func (p *parser) readRecords(r *csv.Reader) (header []cell, rows [][]cell, rowLines []int) {
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				p.add(pe.Line, pe.Column, csvProblem(pe.Err),
					"quote a field that contains the delimiter, a quote or a line break, and double quotes inside it (\"\")")
				continue
			}
			p.add(0, 0, err.Error(), "")
			break
		}
		cells := make([]cell, len(rec))
		for i, s := range rec {
			l, c := r.FieldPos(i)
			cells[i] = cell{s: strings.TrimSpace(s), line: l, col: c}
		}
		if header == nil {
			if allEmpty(cells) { // a line of spaces before the header
				continue
			}
			header = cells
			continue
		}
		if allEmpty(cells) {
			continue
		}
		rows = append(rows, cells)
		line, _ := r.FieldPos(0)
		rowLines = append(rowLines, line)
	}
	return header, rows, rowLines
}

// build reads the header and rows of a CSV file or a workbook sheet into f.
func (p *parser) build(f *File, header []cell, rows [][]cell, rowLines []int) {
	delim := f.Delimiter
	cols, ok := p.readHeader(header, rows, delim, f)
	if !ok {
		return
	}
	if len(rows) == 0 {
		p.add(header[0].line, 0, "no events: the file has a header but no rows",
			"add one row per disclosure below the header")
		return
	}
	var text []string
	for i, c := range cols {
		if c.charIndex >= 0 {
			f.Characteristics = append(f.Characteristics, c.raw)
		}
		if c.attrIndex >= 0 {
			f.Attributes = append(f.Attributes, c.raw)
			if c.charIndex < 0 {
				text = append(text, c.raw)
			}
		}
		if _, dollar := dollarScale(c.name); dollar && c.attrIndex >= 0 {
			f.DollarColumns = append(f.DollarColumns, c.name)
			f.Detection = append(f.Detection, dollarDetection(c.raw, c.name))
		}
		if c.ignore {
			f.Notes = append(f.Notes, fmt.Sprintf("%s:%d:%d: column %d has no name and no values; ignored", p.name, c.line, c.col, i+1))
		}
	}
	if len(text) > 0 {
		f.Detection = append(f.Detection, fmt.Sprintf("carried as attributes, not regression covariates: %s", strings.Join(text, ", ")))
	}
	if p.covariates != nil {
		cv := "none"
		if len(f.Characteristics) > 0 {
			cv = strings.Join(f.Characteristics, ", ")
		}
		f.Detection = append(f.Detection, "regression covariates as named: "+cv)
	}
	stamps := p.splitStamps(cols, rows)
	dateFmt, slashAmbiguous := p.dateFormatOf(cols, rows)
	var tally stampTally

	f.Events = make([]Event, 0, len(rows))
	firstLine := make(map[string]int, len(rows))
	for i, row := range rows {
		if len(row) != len(cols) {
			p.add(rowLines[i], 0, fmt.Sprintf("%d fields but the header has %d", len(row), len(cols)),
				"quote fields that contain the delimiter "+delimName(delim)+", or add the missing values")
			continue
		}
		e, ok := p.readRow(row, cols, len(f.Characteristics), len(f.Attributes), dateFmt, slashAmbiguous, stamps[i], &tally)
		e.Line = rowLines[i]
		if p.makeIDs && ok {
			e.ID = madeID(e, firstLine)
			firstLine[e.ID] = e.Line
		} else if e.ID != "" {
			if first, dup := firstLine[e.ID]; dup {
				c := row[indexOf(cols, ColEventID)]
				p.add(c.line, c.col, fmt.Sprintf("duplicate event_id %q (first used on line %d)", e.ID, first),
					"give every event its own id, e.g. add the stage: incident-stage")
				ok = false
			} else {
				firstLine[e.ID] = e.Line
			}
		}
		if ok {
			f.Events = append(f.Events, e)
		}
	}
	f.Detection = append(f.Detection, tally.notes()...)
	f.Dates = dateLayouts(cols, rows, dateFmt)
	if p.makeIDs && len(f.Events) > 0 {
		f.Detection = append(f.Detection, fmt.Sprintf("no event_id column: each event's id is its firm and its date as given (%s; -2, -3 for a second and third event of a firm on one date)", f.Events[0].ID))
	}
}

// dateLayouts describes the layouts the date column is written in, each
// once, in order of first use (at most four, then "...").
func dateLayouts(cols []column, rows [][]cell, f dates.DateFormat) []string {
	i := indexOf(cols, ColDate)
	if i < 0 {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, row := range rows {
		if i >= len(row) || row[i].s == "" {
			continue
		}
		d, _ := dates.SplitDateTime([]byte(row[i].s))
		l := dates.DescribeDate(d, f)
		if !seen[l] {
			seen[l] = true
			if len(out) == 4 {
				return append(out, "...")
			}
			out = append(out, l)
		}
	}
	return out
}

// madeID is the id of an event of a file without an event_id column:
// firm-date, numbered -2, -3 ... after the first of a firm and date.
func madeID(e Event, used map[string]int) string {
	id := e.Firm + "-" + e.Date.String()
	if _, dup := used[id]; !dup {
		return id
	}
	for k := 2; ; k++ {
		if _, dup := used[fmt.Sprintf("%s-%d", id, k)]; !dup {
			return fmt.Sprintf("%s-%d", id, k)
		}
	}
}

// checkUTF8 reports every line holding bytes that are not UTF-8 (typically
// a Windows-1252 export), at the first bad byte of the line.
func (p *parser) checkUTF8(data []byte) {
	if utf8.Valid(data) {
		return
	}
	line := 1
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		l := data[:end]
		if !utf8.Valid(l) {
			col := 1
			for i := 0; i < len(l); {
				r, size := utf8.DecodeRune(l[i:])
				if r == utf8.RuneError && size <= 1 {
					col = i + 1
					p.add(line, col, fmt.Sprintf("byte 0x%02X is not UTF-8 text", l[i]),
						"save the file as UTF-8 (in Excel: \"CSV UTF-8\")")
					break
				}
				i += size
			}
		}
		line++
		if end == len(data) {
			break
		}
		data = data[end+1:]
	}
}

// detectDelimiter picks ',', ';' or tab: the one occurring most often,
// outside quotes, on the header line (the first line that is neither
// blank nor a comment). Ties go to ',' then ';'. ok is false when the
// file has no header line.
func detectDelimiter(data []byte) (rune, bool) {
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		if end < 0 {
			end = len(data)
		}
		line := bytes.TrimRight(data[:end], "\r")
		if len(bytes.TrimSpace(line)) > 0 && line[0] != '#' {
			counts := map[byte]int{}
			quoted := false
			for _, b := range line {
				switch {
				case b == '"':
					quoted = !quoted
				case !quoted && (b == ',' || b == ';' || b == '\t'):
					counts[b]++
				}
			}
			best := byte(',')
			for _, d := range []byte{';', '\t'} {
				if counts[d] > counts[best] {
					best = d
				}
			}
			return rune(best), true
		}
		if end == len(data) {
			break
		}
		data = data[end+1:]
	}
	return 0, false
}

// Detail is the detection line of the file ("11 events, delimiter ','"),
// followed by File.Detection when there is any: what the CLI prints after
// "detected events:" and the manifest records for the input.
func (f *File) Detail() string {
	s := fmt.Sprintf("%d events, delimiter %q", len(f.Events), f.Delimiter)
	if f.Delimiter == 0 {
		s = fmt.Sprintf("%d events, .xlsx workbook", len(f.Events))
	}
	if len(f.Dates) > 0 {
		s += ", dates " + strings.Join(f.Dates, " and ")
	}
	if len(f.Detection) > 0 {
		s += "; " + strings.Join(f.Detection, "; ")
	}
	return s
}

func delimName(d rune) string {
	switch d {
	case '\t':
		return "(tab)"
	case ';':
		return "';'"
	}
	return "','"
}

func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "a quote (\") inside a field that is not quoted"
	case errors.Is(err, csv.ErrQuote):
		return "a quoted field is not closed properly (missing or extra \")"
	}
	return err.Error()
}

func allEmpty(cells []cell) bool {
	for _, c := range cells {
		if c.s != "" {
			return false
		}
	}
	return true
}

func indexOf(cols []column, name string) int {
	for i, c := range cols {
		if c.name == name {
			return i
		}
	}
	return -1
}

// readHeader checks the header: required columns present (directly or
// through one accepted synonym), no duplicates, each extra column an
// attribute and, when numeric (or named by Options.Covariates), a
// characteristic. ok is false when rows cannot be read.
func (p *parser) readHeader(header []cell, rows [][]cell, delim rune, f *File) ([]column, bool) {
	cols, seen, ok := p.headerColumns(header, rows)
	if !p.mapSynonyms(cols, seen, f) {
		ok = false
	}
	suggested, reqOK := p.checkRequired(cols, seen, header, delim)
	extraOK := p.classifyExtras(cols, rows, seen, suggested)
	covOK := p.checkCovariates(cols, seen, header)
	return cols, ok && reqOK && extraOK && covOK
}

// headerColumns names the columns and reports unnamed non-empty columns
// and duplicates; seen maps a normalized name to its first column.
func (p *parser) headerColumns(header []cell, rows [][]cell) ([]column, map[string]int, bool) {
	cols := make([]column, len(header))
	seen := map[string]int{}
	ok := true
	for i, h := range header {
		c := column{raw: h.s, name: normalizeHeader(h.s), line: h.line, col: h.col, charIndex: -1, attrIndex: -1}
		c.known = isKnown(c.name)
		if c.name == "" {
			if columnEmpty(rows, i) {
				c.ignore = true
			} else {
				p.add(h.line, h.col, fmt.Sprintf("column %d has no name", i+1),
					"name it (extra columns are carried along; numeric ones are characteristics such as records) or delete it")
				ok = false
			}
			cols[i] = c
			continue
		}
		if j, dup := seen[c.name]; dup {
			p.add(h.line, h.col, fmt.Sprintf("duplicate column %q (also column %d)", h.s, j+1),
				"keep one of them")
			ok = false
		} else {
			seen[c.name] = i
		}
		cols[i] = c
	}
	return cols, seen, ok
}

// checkRequired reports each missing required column, suggesting the
// column that looks like a misspelling of it (suggested marks those). A
// missing event_id with other columns present makes ids from firm and date.
func (p *parser) checkRequired(cols []column, seen map[string]int, header []cell, delim rune) (map[int]bool, bool) {
	ok := true
	suggested := map[int]bool{}
	for _, req := range RequiredColumns {
		if _, ok2 := seen[req]; ok2 {
			continue
		}
		hint := "the header must name the columns event_id, firm and date"
		meant := -1
		for i, c := range cols {
			if c.known || c.name == "" || suggested[i] {
				continue
			}
			if closestKnown(c.raw, RequiredColumns) == req {
				hint = fmt.Sprintf("did you mean column %d %q? rename it to %s", i+1, c.raw, req)
				suggested[i] = true
				meant = i
				break
			}
		}
		if req == ColEventID && meant < 0 && len(header) > 1 {
			// A list of firms and dates (WRDS's permno,evtdate) names
			// no event: ids are made from firm and date (parse).
			p.makeIDs = true
			continue
		}
		ok = false
		if len(header) == 1 && strings.ContainsAny(header[0].s, "|:") {
			hint = "the delimiter must be ',', ';' or a tab"
		}
		what := fmt.Sprintf("missing required column %q (header read with delimiter %s)", req, delimName(delim))
		if delim == 0 {
			what = fmt.Sprintf("missing required column %q in the first row of the sheet", req)
		}
		p.add(header[0].line, 0, what, hint)
	}
	return suggested, ok
}

// classifyExtras makes every extra column an attribute and the numeric
// ones (or those named by Options.Covariates) characteristics. An entirely
// non-numeric one that looks like a misspelled known column is refused, so
// that "sesion" cannot silently lose the sessions.
func (p *parser) classifyExtras(cols []column, rows [][]cell, seen map[string]int, suggested map[int]bool) bool {
	var absent []string
	for _, k := range KnownColumns {
		if _, in := seen[k]; !in {
			absent = append(absent, k)
		}
	}
	named := map[string]bool{}
	for _, n := range p.covariates {
		named[normalizeHeader(n)] = true
	}
	ok := true
	nChar, nAttr := 0, 0
	for i := range cols {
		c := &cols[i]
		if c.known || c.ignore || c.name == "" || suggested[i] {
			continue
		}
		nonEmpty, bad, firstBad := numericCells(rows, i)
		// Mostly words: a text attribute (a notes column may hold a
		// number or two). Mostly numbers: a covariate whose bad cells
		// are errors, so a typo cannot silently drop it from the
		// regression.
		text := nonEmpty > 0 && 2*bad > nonEmpty
		if text {
			if s := misspelling(c.raw, absent); s != "" {
				p.add(c.line, c.col, fmt.Sprintf("unknown column %q (did you mean %s?)", c.raw, s),
					"rename it to "+s+" if that is what it holds, or give it another name to carry it as an attribute (known columns are "+knownList()+")")
				ok = false
				continue
			}
		}
		c.attrIndex = nAttr
		nAttr++
		_, dollar := dollarScale(c.name)
		switch {
		case dollar && !named[c.name]:
			// shares or market cap: its own meaning (shares.go)
		case p.covariates != nil && !named[c.name]:
			// an attribute only
		case p.covariates != nil && bad > 0:
			p.add(firstBad.line, firstBad.col, fmt.Sprintf("column %q is named as a regression covariate but %q is not a number", c.raw, firstBad.s),
				"covariates must be numeric columns; fix the cell or leave it empty if unknown, or drop the column from the covariates")
			ok = false
		case text:
			// a text attribute
		default:
			c.charIndex = nChar
			nChar++
		}
	}
	return ok
}

// numericCells counts the non-missing cells of column i and those that are
// not numbers, and returns the first of these.
func numericCells(rows [][]cell, i int) (nonEmpty, bad int, firstBad *cell) {
	for _, row := range rows {
		if i >= len(row) || missingNumber(row[i].s) {
			continue
		}
		nonEmpty++
		if _, err := parseNumber(row[i].s); err != nil {
			bad++
			if firstBad == nil {
				firstBad = &row[i]
			}
		}
	}
	return nonEmpty, bad, firstBad
}

// checkCovariates reports covariates (Options.Covariates) that are not
// extra columns of the file.
func (p *parser) checkCovariates(cols []column, seen map[string]int, header []cell) bool {
	ok := true
	for _, n := range p.covariates {
		nn := normalizeHeader(n)
		i, in := seen[nn]
		switch {
		case !in:
			p.add(header[0].line, 0, fmt.Sprintf("covariate %q is not a column of the events file", n),
				"name extra columns of the header"+extraList(cols))
			ok = false
		case cols[i].known:
			p.add(cols[i].line, cols[i].col, fmt.Sprintf("covariate %q is the %s column, not a characteristic", n, cols[i].name),
				"name extra numeric columns"+extraList(cols))
			ok = false
		}
	}
	return ok
}

// extraList lists the extra columns for a hint.
func extraList(cols []column) string {
	var names []string
	for _, c := range cols {
		if !c.known && !c.ignore && c.name != "" {
			names = append(names, c.raw)
		}
	}
	if len(names) == 0 {
		return " (the file has none)"
	}
	return " (the file has " + strings.Join(names, ", ") + ")"
}

// mapSynonyms reads a header named by an accepted synonym (ticker,
// announcement_date, ...) as its column when the file lacks the column and
// exactly one header maps to it, and reports the mapping. Two headers
// mapping to one missing column are an error naming both. A synonym whose
// column is present stays an extra column (an attribute). ok is false on
// an ambiguity.
func (p *parser) mapSynonyms(cols []column, seen map[string]int, f *File) bool {
	ok := true
	for _, role := range KnownColumns {
		if _, in := seen[role]; in {
			continue
		}
		var cand []int
		for i, c := range cols {
			if !c.known && accepted[c.name] == role {
				cand = append(cand, i)
			}
		}
		switch len(cand) {
		case 0:
		case 1:
			c := &cols[cand[0]]
			c.mapped, c.name, c.known = c.raw, role, true
			seen[role] = cand[0]
			f.Detection = append(f.Detection, fmt.Sprintf("column %q read as %s", c.raw, role))
		default:
			seen[role] = cand[0] // reported here, not as missing too
			a, b := cols[cand[0]], cols[cand[1]]
			p.add(b.line, b.col, fmt.Sprintf("columns %d %q and %d %q could both be %s", cand[0]+1, a.raw, cand[1]+1, b.raw, role),
				fmt.Sprintf("rename the one that holds the %s to %s", role, role))
			ok = false
		}
	}
	return ok
}

func columnEmpty(rows [][]cell, i int) bool {
	for _, row := range rows {
		if i < len(row) && row[i].s != "" {
			return false
		}
	}
	return true
}

// dateFormatOf resolves the date format of the column. slashAmbiguous is
// true when day/month-ordered dates cannot be read (already reported once
// for the column instead of once per cell). A column of Excel serials is
// DateExcel even under an explicit format (which names a day/month order,
// not serials).
func (p *parser) dateFormatOf(cols []column, rows [][]cell) (dates.DateFormat, bool) {
	di := indexOf(cols, ColDate)
	var samples [][]byte
	var first cell
	for _, row := range rows {
		if di < len(row) && row[di].s != "" {
			if first.s == "" && isSlashDate(row[di].s) {
				first = row[di]
			}
			samples = append(samples, []byte(row[di].s))
		}
	}
	f, err := dates.DetectDateFormat(samples)
	if f == dates.DateExcel || p.dateFormat != dates.DateAuto {
		if f == dates.DateExcel {
			return f, false
		}
		if od, _ := dates.OverrideOrder(samples, p.dateFormat); od != "" {
			return od, false // the column proves the other order (docs/choices.md)
		}
		return p.dateFormat, false
	}
	if err != nil {
		p.add(first.line, first.col, "date column: "+err.Error(), "")
		return dates.DateAuto, true
	}
	return f, false
}

// isSlashDate reports whether a date needs the day/month order: 8/16/2021,
// 08/16/2021, 08-16-2021 (dates.IsOrderDependent).
func isSlashDate(s string) bool {
	return dates.IsOrderDependent([]byte(s))
}

// readRow reads one row whose field count matches the header.
func (p *parser) readRow(row []cell, cols []column, nChar, nAttr int, dateFmt dates.DateFormat, slashAmbiguous bool, st *dateStamp, tally *stampTally) (Event, bool) {
	e := Event{}
	if nChar > 0 {
		e.Characteristics = make([]float64, nChar)
	}
	if nAttr > 0 {
		e.Attributes = make([]string, nAttr)
	}
	ok := true
	dateOK := false
	var dateCell, timeCell *cell
	var timeClock clock
	bad := func(c cell, what, hint string) {
		p.add(c.line, c.col, what, hint)
		ok = false
	}
	for i, col := range cols {
		c := row[i]
		switch col.name {
		case ColEventID:
			if c.s == "" {
				bad(c, "empty event_id", "give every event a unique id")
			}
			e.ID = c.s
		case ColFirm:
			if c.s == "" {
				bad(c, "empty firm", "put the ticker as named in the price data")
			}
			e.Firm = c.s
		case ColDate:
			d, parsed, cellOK := p.readDate(c, dateFmt, slashAmbiguous)
			e.Date = d
			ok = ok && cellOK
			if parsed {
				dateOK, dateCell = true, &row[i]
			}
		case ColTime:
			t, set, cellOK := p.readTime(c)
			ok = ok && cellOK
			if set {
				timeCell, timeClock = &row[i], t
				e.Time = t.hhmm()
			}
		case ColSession:
			s, err := ParseSession(c.s)
			if err != nil {
				bad(c, err.Error(), sessionHint(c.s))
			}
			e.Session = s
		case ColIncident, ColStage, ColLabel, ColGroup, ColMarket, ColSource, ColPeers:
			e.setText(col.name, c.s)
		case ColEstStart, ColEstEnd:
			b, problem := readBound(c.s, dateFmt)
			if problem != "" {
				bad(c, fmt.Sprintf("%s %q: %s", col.name, c.s, problem), "write a relative trading day such as -250, or a date such as 2020-08-03, or leave it empty for --estimation")
			}
			if col.name == ColEstStart {
				e.EstStart = b
			} else {
				e.EstEnd = b
			}
		case ColWindow:
			if c.s != "" {
				w, wok := readWindow(c.s)
				if !wok {
					bad(c, fmt.Sprintf("window %q: want two relative trading days like -5,5", c.s), "quote the cell (\"-5,5\") or write -5:5; leave it empty for --window")
				}
				e.Window, e.HasWindow = w, wok
			}
		default:
			if col.attrIndex >= 0 {
				e.Attributes[col.attrIndex] = c.s
			}
			if _, dollar := dollarScale(col.name); dollar && col.attrIndex >= 0 {
				e.setDollar(col.name, c.s)
			}
			if col.charIndex < 0 {
				continue
			}
			v, err := parseNumber(c.s)
			if err != nil {
				bad(c, fmt.Sprintf("column %q: %q is not a number", col.raw, c.s),
					"most cells of this column are numbers, so it is a regression covariate; fix the cell or leave it empty if unknown")
			}
			e.Characteristics[col.charIndex] = v
		}
	}
	if dateOK && !p.applyClock(&e, dateCell, st, timeCell, timeClock, tally) {
		ok = false
	}
	return e, ok
}

// setText sets the free-text column name (incident ... peers) to s.
func (e *Event) setText(name, s string) {
	switch name {
	case ColIncident:
		e.Incident = s
	case ColStage:
		e.Stage = s
	case ColLabel:
		e.Label = s
	case ColGroup:
		e.Group = s
	case ColMarket:
		e.Market = s
	case ColSource:
		e.Source = s
	case ColPeers:
		e.Peers = splitPeers(s)
	}
}

// readDate reads the date cell in format f. parsed is true when it holds a
// date; ok is false when the cell is a problem (an ambiguous day/month
// order was reported once for the column, dateFormatOf).
func (p *parser) readDate(c cell, f dates.DateFormat, slashAmbiguous bool) (d dates.Day, parsed, ok bool) {
	switch {
	case c.s == "":
		p.add(c.line, c.col, "empty date", "give the disclosure date as YYYY-MM-DD")
		return d, false, false
	case slashAmbiguous && isSlashDate(c.s):
		return d, false, false
	}
	d, err := parseEventDate(c.s, f)
	if err != nil {
		hint := ""
		if strings.ContainsAny(c.s, ":T ") {
			hint = "a date with a clock time reads as 2021-08-16 17:27 ET or 2021-08-16T21:27:00Z (or put HH:MM in the time column)"
		}
		p.add(c.line, c.col, err.Error(), hint)
		return d, false, false
	}
	return d, true, true
}

// readTime reads the optional time cell; set is false when it is empty or
// not a time (then ok is false too).
func (p *parser) readTime(c cell) (t clock, set, ok bool) {
	if c.s == "" {
		return t, false, true
	}
	t, err := parseClockZone(c.s)
	if err != nil {
		hint := "use 24-hour HH:MM exchange local time, e.g. 17:27, or leave it empty"
		if strings.Contains(err.Error(), "zone") {
			hint = zoneHint(err)
		}
		p.add(c.line, c.col, fmt.Sprintf("time %q: %v", c.s, err), hint)
		return clock{}, false, false
	}
	return t, true, true
}

// parseEventDate parses a date cell in format f; the layouts without a
// day/month order (ISO, compact, month names, Stata) are accepted whatever
// f says because they cannot be misread. A date-time is read here only
// when its time is midnight without a zone (pandas writes a date column
// so): any other time of day matters for after-close anchoring and
// belongs in the time column.
func parseEventDate(s string, f dates.DateFormat) (dates.Day, error) {
	b := []byte(s)
	if date, clock := dates.SplitDateTime(b); clock != nil {
		if !dates.IsMidnight(clock) {
			return 0, fmt.Errorf("date %q: not a date; it has a time of day (%s)", s, clock)
		}
		b = date
	}
	d, err := dates.ParseDate(b, f)
	if err != nil && f != dates.DateAuto && !isSlashDate(string(b)) && !(len(b) == 10 && b[2] == '.') {
		if d2, err2 := dates.ParseDate(b, dates.DateAuto); err2 == nil {
			return d2, nil
		}
	}
	return d, err
}

// parseClock validates a clock time and returns it as "HH:MM". It accepts
// H:MM, HH:MM and HH:MM:SS (EDGAR acceptance times carry seconds); seconds
// are dropped, which cannot move a time across 09:30 or 16:00.
func parseClock(s string) (string, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return "", errors.New("not a clock time")
	}
	h, okH := smallInt(parts[0], 1, 2)
	m, okM := smallInt(parts[1], 2, 2)
	if !okH || !okM {
		return "", errors.New("not a clock time")
	}
	if len(parts) == 3 {
		sec, okS := smallInt(parts[2], 2, 2)
		if !okS || sec > 59 {
			return "", errors.New("seconds out of range")
		}
	}
	if h > 23 || m > 59 {
		return "", errors.New("hour or minute out of range")
	}
	return fmt.Sprintf("%02d:%02d", h, m), nil
}

// smallInt parses between minLen and maxLen ASCII digits.
func smallInt(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// clockMinutes returns the minutes after midnight of a validated "HH:MM".
func clockMinutes(t string) int {
	h, _ := smallInt(t[:2], 2, 2)
	m, _ := smallInt(t[3:5], 2, 2)
	return h*60 + m
}

// ParseSession reads a session cell: pre, intraday or after in any case;
// "" is SessionUnknown.
func ParseSession(s string) (Session, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return SessionUnknown, nil
	case "pre":
		return SessionPre, nil
	case "intraday":
		return SessionIntraday, nil
	case "after":
		return SessionAfter, nil
	}
	return SessionUnknown, fmt.Errorf("session %q is not pre, intraday or after", s)
}

// sessionHint maps common spellings of other tools onto ours.
func sessionHint(s string) string {
	n := strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s))
	switch n {
	case "premarket", "bmo", "beforeopen", "beforemarket", "morning", "beforetheopen":
		return "write pre (before the 09:30 open)"
	case "amc", "afterclose", "afterhours", "aftermarket", "postmarket", "evening", "aftertheclose":
		return "write after (after the 16:00 close)"
	case "during", "market", "regular", "dmh", "open", "trading":
		return "write intraday (during regular trading)"
	}
	return "use pre, intraday or after, or leave it empty"
}

// splitPeers splits a peers cell on ';', '|', ',' and white space.
func splitPeers(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '|' || r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	})
	if len(f) == 0 {
		return nil
	}
	return f
}

// missingNumber reports whether a characteristic cell means "unknown".
func missingNumber(s string) bool {
	switch strings.ToLower(s) {
	case "", "na", "nan", "n/a", ".":
		return true
	}
	return false
}

// parseNumber reads a characteristic: a finite decimal number, or NaN for
// a missing cell.
func parseNumber(s string) (float64, error) {
	if missingNumber(s) {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return math.NaN(), errors.New("not a number")
	}
	return v, nil
}
