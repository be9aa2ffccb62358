package prices

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// readBufSize is the longest line the loaders accept: a longer line is
// reported as an error (it is not CSV text) instead of being split into
// fields. It was the line buffer of the former buffered reader; the limit
// is kept so the messages do not depend on how the file is read.
const readBufSize = 1 << 20

// scanBlock is the read size of a lineScanner. Reading a chunk of the file
// through one reused block costs a copy from the page cache; mapping the
// file instead cost about four times as much CPU (page-table setup for
// every page, measured on the 273 MB benchmark file).
const scanBlock = 4 << 20

// scanRead is the most a lineScanner reads into its block at a time: the
// bytes a read copies are parsed while still in the core's L2 cache (a
// whole 4 MiB block overflows it). Tests make it a few bytes, to put read
// boundaries inside every row.
var scanRead = 256 << 10

// lineScanner yields the lines of src[off:end] without their line
// terminator (LF or CRLF), counting them from 1. Lines of readBufSize
// bytes or more are skipped and listed in long. The returned slice is
// valid until the next call.
type lineScanner struct {
	src io.ReaderAt
	off int64 // next byte of src to read
	end int64
	buf []byte // the block; data is buf[:n]
	// whole: the block holds the whole range, and fill appends to what
	// it read before, so buf ends up holding the range's bytes (the
	// file's hash takes them from there, chunks.go).
	whole bool
	data  []byte // bytes read and not yet consumed from pos on
	pos   int
	line  int
	long  []int // lines that were too long (skipped)
	err   error // read error other than EOF
}

// newLineScanner reads src[off:end] through buf, or a new block if buf
// is too small: a block holds a line of readBufSize bytes, or the whole
// range if that is shorter (small files get small blocks).
func newLineScanner(src io.ReaderAt, off, end int64, buf []byte) *lineScanner {
	need, size := int64(readBufSize+1), int64(scanBlock)
	if n := max(end-off, 0); n < readBufSize {
		need, size = n+1, n+1
	}
	if int64(cap(buf)) < need {
		buf = make([]byte, size)
	}
	return &lineScanner{src: src, off: off, end: end, buf: buf[:cap(buf)], whole: int64(cap(buf)) > end-off}
}

// read is what the scanner has read of a whole range from start: every
// byte up to where reading stopped (the range's end unless a read
// failed). Only a scanner whose block holds the whole range keeps it.
func (s *lineScanner) read(start int64) ([]byte, bool) {
	if !s.whole {
		return nil, false
	}
	return s.buf[:s.off-start], true
}

// offset is the position in src of the next unread line.
func (s *lineScanner) offset() int64 { return s.off - int64(len(s.data)-s.pos) }

// remaining is the number of bytes not yet consumed.
func (s *lineScanner) remaining() int64 { return s.end - s.offset() }

// fill moves the unconsumed bytes to the front of the block and reads
// more after them (a whole block reads after all it holds); false at the
// end of the range or on a read error.
func (s *lineScanner) fill() bool {
	if s.off >= s.end || s.err != nil {
		return false
	}
	n := len(s.data)
	if !s.whole {
		n = copy(s.buf, s.data[s.pos:])
		s.pos = 0
	}
	want := int(min(int64(min(len(s.buf)-n, scanRead)), s.end-s.off))
	k, err := s.src.ReadAt(s.buf[n:n+want], s.off)
	s.off += int64(k)
	s.data = s.buf[:n+k]
	if k < want {
		// the file shrank or failed under us: stop at what was read
		if err != nil && err != io.EOF {
			s.err = err
		}
		s.end = s.off
	}
	return k > 0
}

// next returns the next line, or ok=false at the end of the range.
func (s *lineScanner) next() (line []byte, ok bool) {
	for {
		rest := s.data[s.pos:]
		i := bytes.IndexByte(rest, '\n')
		if i < 0 && len(rest) < readBufSize && s.fill() {
			continue
		}
		if i < 0 && len(rest) >= readBufSize {
			// too long for a line: skip to its end
			s.line++
			s.long = append(s.long, s.line)
			s.skipLine()
			continue
		}
		if len(rest) == 0 {
			return nil, false
		}
		l := rest
		if i >= 0 {
			l = rest[:i]
			s.pos += i + 1
		} else {
			s.pos = len(s.data)
		}
		s.line++
		if len(l) >= readBufSize {
			s.long = append(s.long, s.line)
			continue
		}
		return trimEOL(l), true
	}
}

// peek returns the bytes read and not yet consumed, which start with the
// next line (rowParser.quickRow reads a row from them).
func (s *lineScanner) peek() []byte { return s.data[s.pos:] }

// skip consumes the next line, whose n bytes include its LF.
func (s *lineScanner) skip(n int) {
	s.pos += n
	s.line++
}

// skipLine consumes the rest of the current line and its LF.
func (s *lineScanner) skipLine() {
	for {
		if i := bytes.IndexByte(s.data[s.pos:], '\n'); i >= 0 {
			s.pos += i + 1
			return
		}
		s.pos = len(s.data)
		if !s.fill() {
			return
		}
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// blank reports whether a line holds only spaces, tabs and delimiters
// (empty lines at the end of spreadsheet exports look like ",,,").
func blank(b []byte, delim byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != delim {
			return false
		}
	}
	return true
}

// splitter cuts a line into fields. Unquoted lines take the fast path: the
// fields are sub-slices of the line (no copy, no allocation). Lines with a
// double quote take the RFC 4180 path (quotes removed, "" unescaped) and
// are copied into a scratch buffer.
type splitter struct {
	delim  byte
	fields [][]byte
	cols   []int // 1-based byte column where each field starts
	buf    []byte
	bounds []int
}

// split fills s.fields and s.cols. Fields are trimmed of surrounding blanks.
// The error names the column of a quote problem.
func (s *splitter) split(line []byte) (col int, err error) {
	s.fields = s.fields[:0]
	s.cols = s.cols[:0]
	if bytes.IndexByte(line, '"') >= 0 {
		return s.splitQuoted(line)
	}
	start := 0
	for {
		i := bytes.IndexByte(line[start:], s.delim)
		end := len(line)
		if i >= 0 {
			end = start + i
		}
		f, off := trimBlank(line[start:end], s.delim)
		s.fields = append(s.fields, f)
		s.cols = append(s.cols, start+off+1)
		if i < 0 {
			return 0, nil
		}
		start = end + 1
	}
}

func trimBlank(b []byte, delim byte) ([]byte, int) {
	off := 0
	for len(b) > 0 && (b[0] == ' ' || (b[0] == '\t' && delim != '\t')) {
		b = b[1:]
		off++
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || (b[len(b)-1] == '\t' && delim != '\t')) {
		b = b[:len(b)-1]
	}
	return b, off
}

var errQuote = errors.New("bad quoting")

func (s *splitter) splitQuoted(line []byte) (int, error) {
	s.buf = s.buf[:0]
	s.bounds = s.bounds[:0]
	i := 0
	for {
		// skip leading blanks
		for i < len(line) && (line[i] == ' ' || (line[i] == '\t' && s.delim != '\t')) {
			i++
		}
		s.cols = append(s.cols, i+1)
		begin := len(s.buf)
		if i < len(line) && line[i] == '"' {
			qcol := i + 1
			i++
			closed := false
			for i < len(line) {
				c := line[i]
				if c == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						s.buf = append(s.buf, '"')
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				s.buf = append(s.buf, c)
				i++
			}
			if !closed {
				return qcol, errQuote
			}
			for i < len(line) && (line[i] == ' ' || (line[i] == '\t' && s.delim != '\t')) {
				i++
			}
			if i < len(line) && line[i] != s.delim {
				return i + 1, errQuote
			}
		} else {
			j := i
			for j < len(line) && line[j] != s.delim {
				if line[j] == '"' {
					return j + 1, errQuote
				}
				j++
			}
			f, _ := trimBlank(line[i:j], s.delim)
			s.buf = append(s.buf, f...)
			i = j
		}
		s.bounds = append(s.bounds, begin, len(s.buf))
		if i >= len(line) {
			break
		}
		i++ // delimiter
		if i == len(line) {
			// trailing delimiter: one more empty field
			s.cols = append(s.cols, i+1)
			s.bounds = append(s.bounds, len(s.buf), len(s.buf))
			break
		}
	}
	for k := 0; k < len(s.bounds); k += 2 {
		s.fields = append(s.fields, s.buf[s.bounds[k]:s.bounds[k+1]])
	}
	return 0, nil
}

// detectDelimiter picks the delimiter of a header line: the most frequent of
// comma, semicolon and tab outside quotes (comma on a tie or when none
// occurs, so a one-column header still parses).
func detectDelimiter(header []byte) byte {
	var n [3]int
	in := false
	for _, c := range header {
		switch {
		case c == '"':
			in = !in
		case in:
		case c == ',':
			n[0]++
		case c == ';':
			n[1]++
		case c == '\t':
			n[2]++
		}
	}
	best, d := n[0], byte(',')
	if n[1] > best {
		best, d = n[1], ';'
	}
	if n[2] > best {
		d = '\t'
	}
	return d
}

func delimName(d byte) string {
	switch d {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}

// valueStatus classifies a numeric cell.
type valueStatus int8

const (
	valueOK      valueStatus = iota
	valueMissing             // empty, NaN, Inf, null, NA ...: invalid, not an error
	valueBad                 // not a number: an input error
)

// parseValue parses a numeric cell without allocating, its decimal
// convention unknown (parseValueIn with DecimalAuto).
func parseValue(b []byte) (float64, valueStatus) { return parseValueIn(b, DecimalAuto) }

// parseValueIn parses a numeric cell of a file whose decimal convention is
// dec. Missing-value spellings of common exports (empty, NaN, Inf, null,
// NA, N/A, #N/A, ".", "-") give NaN with valueMissing. A plain decimal
// takes parseDecimal's fast path, except in a decimal-comma file (where
// "1.234" is 1234); vendor forms ("$1,234.56", "1.234,56", "1.2M") are
// read by vendorNumber (number.go) after the fast parse fails.
func parseValueIn(b []byte, dec Decimal) (float64, valueStatus) {
	if len(b) == 0 {
		return math.NaN(), valueMissing
	}
	if dec != DecimalComma {
		if v, ok := parseDecimal(b); ok {
			return v, valueOK
		}
	}
	return parseValueSlow(b, dec)
}

func parseValueSlow(b []byte, dec Decimal) (float64, valueStatus) {
	if dec != DecimalComma || bytes.IndexAny(b, ".,") < 0 {
		// The string aliases b only for the duration of the call; strconv
		// copies it into any error it returns, so no reference escapes.
		v, err := strconv.ParseFloat(unsafe.String(&b[0], len(b)), 64)
		if err == nil {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return math.NaN(), valueMissing
			}
			return v, valueOK
		}
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return math.NaN(), valueMissing
		}
	}
	if isMissingWord(b) {
		return math.NaN(), valueMissing
	}
	if dec == decimalUnproven {
		if decimalEvidence(b) == ',' {
			return math.NaN(), valueBad
		}
		dec = DecimalAuto
	}
	if v, why := vendorNumber(b, dec); why == "" {
		return v, valueOK
	}
	return math.NaN(), valueBad
}

// pow10 are the powers of ten that are exact doubles.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseDecimal is the exact fast path of strconv.ParseFloat for a plain
// decimal such as "-139.562302": an optional minus, digits, an optional
// point and digits, whose digits form an integer m < 2^53 with k <= 22 of
// them after the point. Then m and 10^k are exact doubles, and the one
// correctly rounded IEEE division m/10^k is the correctly rounded value of
// the decimal, which is what ParseFloat returns (Clinger 1990, "How to read
// floating point numbers accurately", the fast path; strconv's
// atof64exact). Anything else (exponents, '+', more digits, words) returns
// ok=false for ParseFloat to handle. It is the price file's hot path: a
// third of the load time went to ParseFloat's general reader.
//
// The loops do only the digit work: a cell of at most 19 bytes has at
// most 19 digits, too few to wrap m around, so one check of m after them
// stands for parseDecimalChecked's check per digit. The sign goes into the
// divisor instead of a branch (IEEE division is symmetric in sign: m/-10^k
// is -(m/10^k) bit for bit, -0 included), as a returns file's signs are
// random. A cell takes a fifth less CPU than in parseDecimalChecked's
// loop. A SWAR version (8 bytes in a uint64, digits classified at once,
// Lemire's multiply-shift from "Faster integer parsing") was tried and
// not kept: the point's position is predictable from row to row, so the
// byte loop mispredicts little, and finding the point, aligning and
// converting made a longer dependency chain than the loop's for cells of
// up to 10 bytes; on BenchmarkLoadLong it saved no more than this.
func parseDecimal(b []byte) (v float64, ok bool) {
	if len(b) > 19 {
		return parseDecimalChecked(b)
	}
	v, n, ok := parseDecimalPrefix(b)
	if !ok || n != len(b) {
		return 0, false
	}
	return v, true
}

// parseDecimalPrefix parses the plain decimal at the start of b, as
// parseDecimal does, up to the first byte that is neither a digit nor its
// point, and returns its value and length n. ok=false if b does not start
// with one, if it is longer than 19 bytes (then it could wrap m) or if it
// is not exact (m ≥ 2^53). rowParser.quickRow reads the value and finds the
// line's end in one pass with it.
func parseDecimalPrefix(b []byte) (v float64, n int, ok bool) {
	b = b[:min(len(b), 20)]
	i := 0
	if len(b) > 0 && b[0] == '-' {
		i = 1
	}
	sign := uint64(i) << 63
	start := i
	var m uint64
	for ; i < len(b); i++ {
		c := b[i] - '0' // a byte: a non-digit wraps above 9
		if c > 9 {
			break
		}
		m = m*10 + uint64(c)
	}
	nd, frac := i-start, 0
	if i < len(b) && b[i] == '.' {
		i++
		f := i
		for ; i < len(b); i++ {
			c := b[i] - '0'
			if c > 9 {
				break
			}
			m = m*10 + uint64(c)
		}
		frac = i - f
		nd += frac
	}
	if i > 19 || nd == 0 || m >= 1<<53 {
		return 0, 0, false
	}
	d := math.Float64frombits(math.Float64bits(pow10[frac]) | sign)
	return float64(int64(m)) / d, i, true
}

// parseDecimalChecked is parseDecimal with the overflow check on every
// digit, for cells longer than 19 bytes (leading zeros can make them
// plain decimals); it is also the reference parseDecimal is tested
// against.
func parseDecimalChecked(b []byte) (v float64, ok bool) {
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		neg, i = true, 1
	}
	var m uint64
	nd, frac, point := 0, 0, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			if m >= 1<<53 {
				return 0, false
			}
			nd++
			if point {
				frac++
			}
		case c == '.' && !point:
			point = true
		default:
			return 0, false
		}
	}
	if nd == 0 || frac >= len(pow10) {
		return 0, false
	}
	v = float64(m) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// "#N/A N/A" is Bloomberg's BDH cell for a day without a value; its
// other "#N/A ..." cells are errors (numberHint).
var missingWords = []string{"null", "na", "n/a", "#n/a", ".", "-", "none", "nil", "#value!", "#div/0!", "#n/a n/a"}

func isMissingWord(b []byte) bool {
	if len(b) > 8 {
		return false
	}
	for _, w := range missingWords {
		if len(w) == len(b) && strings.EqualFold(w, string(b)) {
			return true
		}
	}
	return false
}

// validHeader checks that a header line is UTF-8 text.
func validHeader(b []byte) error {
	if !utf8.Valid(b) {
		i := 0
		for i < len(b) {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return fmt.Errorf("byte %d: not UTF-8", i+1)
			}
			i += n
		}
	}
	return nil
}

// quoteField shortens a cell for an error message.
func quoteField(b []byte) string {
	if len(b) > 40 {
		return strconv.Quote(string(b[:40])) + "..."
	}
	return strconv.Quote(string(b))
}
