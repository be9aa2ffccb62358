package dates

import "fmt"

// The date layouts of real-world exports beyond ParseDate's fixed-width
// ones (issue 17): unpadded numeric dates (Excel's m/d/yyyy), English
// month names, Stata's %td display, date-times whose date part is the
// trading day, and Excel serial numbers. They are read here, off the fast
// path: ParseDate tries its fixed-width layouts first and comes here only
// when they fail, so Yahoo and YYYYMMDD files cost what they did.

// dateShape records how a cell was written, for DescribeDate.
type dateShape struct {
	kind     byte // 'n' numeric (y/m/d or d/m/y parts), 'm' month name, 's' Stata, 'x' Excel serial
	sep      byte // numeric: the separator
	yearLast bool // numeric: D/M/Y or M/D/Y (else Y/M/D)
	padded   bool // numeric: both day and month have two digits
	form     string
	time     string // the time part's layout ("" for none)
}

// token is a run of digits ('9'), of letters ('a') or of separators (' ').
type token struct {
	kind       byte
	start, end int
}

// maxTokens bounds the tokens of a date part: the longest form
// ("August 16, 2021") has five.
const maxTokens = 5

// tokenize cuts the date part of b into at most maxTokens tokens and
// returns them with the offset where the date part ends: at a time part
// (a ' ' or 'T' followed by a digit after three value tokens) or at a
// byte no date uses. ok=false when b has more tokens.
func tokenize(b []byte, ts *[maxTokens]token) (n, end int, ok bool) {
	i, values := 0, 0
	for i < len(b) {
		k := kindOf(b[i])
		if k == 0 {
			return n, i, true
		}
		if values == 3 && (b[i] == ' ' || b[i] == 'T') && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9' {
			return n, i, true
		}
		if n == maxTokens {
			return n, i, false
		}
		j := i + 1
		for j < len(b) && kindOf(b[j]) == k {
			j++
		}
		if k != ' ' {
			values++
		}
		ts[n] = token{k, i, j}
		n++
		i = j
	}
	return n, i, true
}

func kindOf(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return '9'
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		return 'a'
	case c == ' ', c == ',', c == '/', c == '-', c == '.':
		return ' '
	}
	return 0
}

// monthNames are English month names and abbreviations, compared
// case-insensitively ("Sept" is the AP style's September).
var monthNames = [...]string{"january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december"}

// monthOf returns the month (1-12) named by w, full ("August") or
// abbreviated to three letters ("Aug", "aug", "AUG") or "Sept"; full=true
// for a full name.
func monthOf(w []byte) (m int, full bool) {
	if len(w) < 3 {
		return 0, false
	}
	var low [9]byte
	if len(w) > len(low) {
		return 0, false
	}
	for i, c := range w {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	s := low[:len(w)]
	for i, name := range monthNames {
		switch {
		case string(s) == name:
			return i + 1, len(s) > 3 // "may" is both
		case len(s) == 3 && string(s) == name[:3]:
			return i + 1, false
		case i == 8 && string(s) == "sept":
			return 9, false
		}
	}
	return 0, false
}

const twoDigitYear = "two-digit year; write years with four digits (in Excel: Format Cells, Custom, m/d/yyyy)"

// parseDateOther reads the layouts ParseDate's fixed-width cases do not:
// see the file comment. The day/month order of a numeric date with the
// year last follows f as in ParseDate; a year-first date is always
// Y/M/D. With f == DateExcel a five-digit serial is a date. A zero
// sh.kind with a nil error means no layout here reads b.
func parseDateOther(b []byte, f DateFormat) (Day, dateShape, error) {
	if f == DateExcel {
		if n, ok := excelSerial(b); ok {
			return ExcelEpoch + Day(n), dateShape{kind: 'x'}, nil
		}
	}
	var ts [maxTokens]token
	n, end, ok := tokenize(b, &ts)
	if !ok {
		return 0, dateShape{}, nil
	}
	c := cell{b, ts[:n]}
	var v ymd
	var sh dateShape
	var err error
	switch c.pattern() {
	case "9 9 9": // 8/16/2021, 2021/8/16, 16-08-2021
		v, sh, err = c.numeric(f)
	case "a 9 9": // Aug 16, 2021; August 16, 2021; Aug 16 2021
		v, sh, err = c.monthFirst()
	case "9 a 9": // 16 Aug 2021; 16-Aug-2021
		v, sh, err = c.dayMonthYear()
	case "9a9": // 16aug2021 (Stata %td)
		v, sh = c.stata()
	}
	if err != nil || sh.kind == 0 {
		return 0, sh, err
	}
	if end < len(b) {
		iso := sh.kind == 'n' && !sh.yearLast && sh.sep == '-'
		t, err := parseTimeOfDay(b, end, iso)
		if err != nil {
			return 0, sh, err
		}
		sh.time = t
	}
	if !ValidDate(v.y, v.m, v.d) {
		return 0, sh, &Error{b, "no such calendar date"}
	}
	return DayOf(v.y, v.m, v.d), sh, nil
}

// ymd is a date read from its parts, not yet validated.
type ymd struct{ y, m, d int }

// cell is a date cell cut into tokens by tokenize.
type cell struct {
	b  []byte
	ts []token
}

// tok returns the bytes of token i.
func (c cell) tok(i int) []byte { return c.b[c.ts[i].start:c.ts[i].end] }

// pattern spells the token kinds, e.g. "9 9 9" for 8/16/2021.
func (c cell) pattern() string {
	p := make([]byte, 0, maxTokens)
	for _, t := range c.ts {
		p = append(p, t.kind)
	}
	return string(p)
}

// num returns the value of digit token i (tokenize made it digits).
func (c cell) num(i int) int {
	n, _ := digits(c.tok(i))
	return n
}

// numeric reads a date of three numbers with one separator: year first
// (Y/M/D) or year last (order from f, dots day first under DateAuto).
func (c cell) numeric(f DateFormat) (ymd, dateShape, error) {
	s1, s2 := c.tok(1), c.tok(3)
	if len(s1) != 1 || len(s2) != 1 || s1[0] != s2[0] || s1[0] == ' ' || s1[0] == ',' {
		return ymd{}, dateShape{}, nil
	}
	a, m, e := c.tok(0), c.tok(2), c.tok(4)
	if len(m) > 2 || len(m) == 0 {
		return ymd{}, dateShape{}, nil
	}
	sh := dateShape{kind: 'n', sep: s1[0]}
	switch {
	case len(a) == 4 && len(e) <= 2:
		sh.padded = len(m) == 2 && len(e) == 2
		return ymd{c.num(0), c.num(2), c.num(4)}, sh, nil
	case len(a) <= 2 && len(e) == 4:
		sh.yearLast, sh.padded = true, len(a) == 2 && len(m) == 2
		p, q, y := c.num(0), c.num(2), c.num(4)
		switch {
		case f == DateUS:
			return ymd{y, p, q}, sh, nil
		case f == DateEU, f == DateAuto && sh.sep == '.':
			return ymd{y, q, p}, sh, nil
		case f == DateAuto:
			return ymd{}, sh, &Error{c.b, "day/month order is ambiguous; pass --date-format mdy (" + numericForm(sh, DateUS) + ") or dmy (" + numericForm(sh, DateEU) + ")"}
		}
	case len(a) <= 2 && len(e) == 2 && sh.sep != '-':
		// m/d/yy, dd.mm.yy (a dashed 21-8-16 may be year first)
		return ymd{}, sh, &Error{c.b, twoDigitYear}
	}
	return ymd{}, dateShape{}, nil
}

// monthFirst reads "Aug 16, 2021", "August 16, 2021", "Aug 16 2021" and
// "Aug-16-2021".
func (c cell) monthFirst() (ymd, dateShape, error) {
	s1, s2 := string(c.tok(1)), string(c.tok(3))
	m, full := monthOf(c.tok(0))
	if m == 0 || len(c.tok(2)) > 2 || (s1 != " " && s1 != "-") || (s2 != ", " && s2 != " " && s2 != "," && s2 != s1) {
		return ymd{}, dateShape{}, nil
	}
	if err := c.fourDigitYear(4); err != nil || len(c.tok(4)) != 4 {
		return ymd{}, dateShape{}, err
	}
	sh := dateShape{kind: 'm', form: monthForm(full) + s1 + "D" + s2 + "YYYY"}
	return ymd{c.num(4), m, c.num(2)}, sh, nil
}

// dayMonthYear reads "16 Aug 2021" and "16-Aug-2021".
func (c cell) dayMonthYear() (ymd, dateShape, error) {
	s1, s2 := string(c.tok(1)), string(c.tok(3))
	m, full := monthOf(c.tok(2))
	if m == 0 || len(c.tok(0)) > 2 || s1 != s2 || (s1 != " " && s1 != "-") {
		return ymd{}, dateShape{}, nil
	}
	if err := c.fourDigitYear(4); err != nil || len(c.tok(4)) != 4 {
		return ymd{}, dateShape{}, err
	}
	sh := dateShape{kind: 'm', form: "D" + s1 + monthForm(full) + s1 + "YYYY"}
	return ymd{c.num(4), m, c.num(0)}, sh, nil
}

// stata reads Stata's %td display, 16aug2021 (abbreviated month only).
func (c cell) stata() (ymd, dateShape) {
	m, full := monthOf(c.tok(1))
	if m == 0 || full || len(c.tok(0)) > 2 || len(c.tok(2)) != 4 {
		return ymd{}, dateShape{}
	}
	return ymd{c.num(2), m, c.num(0)}, dateShape{kind: 's'}
}

// fourDigitYear refuses a two-digit year token i with the fix in Excel:
// 21 may be 1921 or 2021.
func (c cell) fourDigitYear(i int) error {
	if len(c.tok(i)) == 2 {
		return &Error{c.b, twoDigitYear}
	}
	return nil
}

// monthForm names a month token's form for DescribeDate.
func monthForm(full bool) string {
	if full {
		return "Month"
	}
	return "Mon"
}

// numericForm names the layout of a numeric date read in order f, e.g.
// "M/D/YYYY" or "DD.MM.YYYY".
func numericForm(sh dateShape, f DateFormat) string {
	s := string(sh.sep)
	if !sh.yearLast {
		if sh.padded {
			return "YYYY" + s + "MM" + s + "DD"
		}
		return "YYYY" + s + "M" + s + "D"
	}
	d, m := "D", "M"
	if sh.padded {
		d, m = "DD", "MM"
	}
	if f == DateEU || (f == DateAuto && sh.sep == '.') {
		return d + s + m + s + "YYYY"
	}
	return m + s + d + s + "YYYY"
}

// DescribeDate names the layout of a date column from one of its cells
// and the format it is read in, for a price file's detection line (e.g.
// "M/D/YYYY", "YYYY-MM-DD hh:mm:ss±hh:mm (date part as written)",
// "Mon D, YYYY", "DDmonYYYY (Stata)", "Excel serial (1900 system)"). A
// cell no layout reads gives "YYYY-MM-DD".
func DescribeDate(b []byte, f DateFormat) string {
	switch {
	case len(b) == 10 && b[4] == '-' && b[7] == '-':
		return "YYYY-MM-DD"
	case len(b) == 10 && b[4] == '/' && b[7] == '/':
		return "YYYY/MM/DD"
	case len(b) == 8 && isDigits(b):
		return "YYYYMMDD"
	}
	_, sh, err := parseDateOther(b, f)
	if err != nil || sh.kind == 0 {
		return "YYYY-MM-DD"
	}
	var s string
	switch sh.kind {
	case 'x':
		return "Excel serial (1900 system)"
	case 's':
		s = "DDmonYYYY (Stata)"
	case 'm':
		s = sh.form
	default:
		s = numericForm(sh, f)
	}
	if sh.time != "" {
		s += sh.time + " (date part as written)"
	}
	return s
}

// DescribedSample picks the sample DescribeDate names a column by: the
// first, unless it looks padded (10/23/2000) and a later one is not
// (1/3/2000), as Excel's m/d/yyyy writes both.
func DescribedSample(samples [][]byte, first []byte, f DateFormat) []byte {
	if _, sh, err := parseDateOther(first, f); err != nil || sh.kind != 'n' || !sh.padded {
		if !(len(first) == 10 && (first[2] == '/' || first[2] == '.' || first[2] == '-')) {
			return first
		}
	}
	for _, s := range samples {
		if _, sh, err := parseDateOther(s, f); err == nil && sh.kind == 'n' && !sh.padded {
			return s
		}
	}
	return first
}

// AmbiguousDateError is DetectDateFormat's error when no date of a
// column proves its day/month order.
type AmbiguousDateError struct {
	Sample string // the first such date
	Orders string // e.g. "MM/DD/YYYY or DD/MM/YYYY"
}

func (e *AmbiguousDateError) Error() string {
	return fmt.Sprintf("dates like %q could be %s; pass --date-format mdy or dmy", e.Sample, e.Orders)
}

// orderDependent reports whether b is a numeric date with the year last
// whose day/month order needs proof (a slash or dash separator: dots are
// day first by convention), with its shape.
func orderDependent(b []byte) (dateShape, int, int, bool) {
	var ts [maxTokens]token
	n, _, ok := tokenize(b, &ts)
	if !ok || n != 5 || ts[0].kind != '9' || ts[1].kind != ' ' || ts[2].kind != '9' || ts[3].kind != ' ' || ts[4].kind != '9' {
		return dateShape{}, 0, 0, false
	}
	if ts[1].end-ts[1].start != 1 || ts[3].end-ts[3].start != 1 {
		return dateShape{}, 0, 0, false
	}
	sep := b[ts[1].start]
	if sep != b[ts[3].start] || (sep != '/' && sep != '-') {
		return dateShape{}, 0, 0, false
	}
	la, lc, le := ts[0].end-ts[0].start, ts[2].end-ts[2].start, ts[4].end-ts[4].start
	if la > 2 || lc > 2 || le != 4 {
		return dateShape{}, 0, 0, false
	}
	a, _ := digits(b[ts[0].start:ts[0].end])
	c, _ := digits(b[ts[2].start:ts[2].end])
	return dateShape{kind: 'n', sep: sep, yearLast: true, padded: la == 2 && lc == 2}, a, c, true
}

func isDigits(b []byte) bool {
	_, ok := digits(b)
	return ok
}

// IsOrderDependent reports whether a date cell's reading depends on the
// day/month order (8/16/2021, 08-16-2021), i.e. needs DetectDateFormat's
// proof or --date-format.
func IsOrderDependent(b []byte) bool {
	_, _, _, ok := orderDependent(b)
	return ok
}
