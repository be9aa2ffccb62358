package dates

import (
	"fmt"
	"strings"
)

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

// Excel serial dates (1900 date system: serial 1 is 1900-01-01 and the
// nonexistent 1900-02-29 is serial 60, so from 1900-03-01 on day 0 is
// 1899-12-30; Microsoft, "Differences between the 1900 and the 1904 date
// system in Excel"). Only five-digit serials from 1950-01-01 to 2100-12-31
// are taken as dates, and only when the whole sampled column is such
// serials (DetectDateFormat): no other date layout is five digits, so a
// serial cannot be confused with YYYYMMDD.
var (
	ExcelEpoch     = DayOf(1899, 12, 30)
	ExcelMinSerial = int(DayOf(1950, 1, 1) - ExcelEpoch) // 18264
	ExcelMaxSerial = int(DayOf(2100, 12, 31) - ExcelEpoch)
)

// excelSerial reads a cell of five digits, optionally followed by a point
// and zeros ("44424", "44424.0"), in the plausible range.
func excelSerial(b []byte) (int, bool) {
	if len(b) < 5 {
		return 0, false
	}
	n, ok := digits(b[:5])
	if !ok || n < ExcelMinSerial || n > ExcelMaxSerial {
		return 0, false
	}
	if rest := b[5:]; len(rest) > 0 {
		if rest[0] != '.' || len(rest) == 1 {
			return 0, false
		}
		for _, c := range rest[1:] {
			if c != '0' {
				return 0, false
			}
		}
	}
	return n, true
}

const twoDigitYear = "two-digit year; write years with four digits (in Excel: Format Cells, Custom, m/d/yyyy)"

// parseDateOther reads the layouts ParseDate's fixed-width cases do not:
// see the file comment. The day/month order of a numeric date with the
// year last follows f as in ParseDate; a year-first date is always
// Y/M/D. With f == DateExcel a five-digit serial is a date.
func parseDateOther(b []byte, f DateFormat) (Day, dateShape, error) {
	var sh dateShape
	if f == DateExcel {
		if n, ok := excelSerial(b); ok {
			sh.kind = 'x'
			return ExcelEpoch + Day(n), sh, nil
		}
	}
	var ts [maxTokens]token
	n, end, ok := tokenize(b, &ts)
	if !ok {
		return 0, dateShape{}, nil
	}
	tok := func(i int) []byte { return b[ts[i].start:ts[i].end] }
	pat := make([]byte, 0, maxTokens)
	for _, t := range ts[:n] {
		pat = append(pat, t.kind)
	}
	y, m, d := 0, 0, 0
	switch string(pat) {
	case "9 9 9": // 8/16/2021, 2021/8/16, 16-08-2021
		s1, s2 := tok(1), tok(3)
		if len(s1) != 1 || len(s2) != 1 || s1[0] != s2[0] || s1[0] == ' ' || s1[0] == ',' {
			return 0, dateShape{}, nil
		}
		a, c, e := tok(0), tok(2), tok(4)
		if len(c) > 2 || len(c) == 0 {
			return 0, dateShape{}, nil
		}
		sh.kind, sh.sep = 'n', s1[0]
		switch {
		case len(a) == 4 && len(e) <= 2:
			y, _ = digits(a)
			m, _ = digits(c)
			d, _ = digits(e)
			sh.padded = len(c) == 2 && len(e) == 2
		case len(a) <= 2 && len(e) == 4:
			sh.yearLast, sh.padded = true, len(a) == 2 && len(c) == 2
			y, _ = digits(e)
			p, _ := digits(a)
			q, _ := digits(c)
			switch {
			case f == DateUS:
				m, d = p, q
			case f == DateEU, f == DateAuto && sh.sep == '.':
				d, m = p, q
			case f == DateAuto:
				return 0, sh, &Error{b, "day/month order is ambiguous; pass --date-format mdy (" + numericForm(sh, DateUS) + ") or dmy (" + numericForm(sh, DateEU) + ")"}
			default:
				return 0, dateShape{}, nil
			}
		case len(a) <= 2 && len(e) == 2 && sh.sep != '-':
			// m/d/yy, dd.mm.yy (a dashed 21-8-16 may be year first)
			return 0, sh, &Error{b, twoDigitYear}
		default:
			return 0, dateShape{}, nil
		}
	case "a 9 9": // Aug 16, 2021; August 16, 2021; Aug 16 2021
		s1, s2 := string(tok(1)), string(tok(3))
		mm, full := monthOf(tok(0))
		if mm == 0 || len(tok(2)) > 2 || (s1 != " " && s1 != "-") || (s2 != ", " && s2 != " " && s2 != "," && s2 != s1) {
			return 0, dateShape{}, nil
		}
		if len(tok(4)) == 2 {
			return 0, sh, &Error{b, twoDigitYear}
		}
		if len(tok(4)) != 4 {
			return 0, dateShape{}, nil
		}
		m = mm
		d, _ = digits(tok(2))
		y, _ = digits(tok(4))
		mon := "Mon"
		if full {
			mon = "Month"
		}
		sh.kind, sh.form = 'm', mon+s1+"D"+s2+"YYYY"
	case "9 a 9": // 16 Aug 2021; 16-Aug-2021
		s1, s2 := string(tok(1)), string(tok(3))
		mm, full := monthOf(tok(2))
		if mm == 0 || len(tok(0)) > 2 || s1 != s2 || (s1 != " " && s1 != "-") {
			return 0, dateShape{}, nil
		}
		if len(tok(4)) == 2 {
			return 0, sh, &Error{b, twoDigitYear}
		}
		if len(tok(4)) != 4 {
			return 0, dateShape{}, nil
		}
		d, _ = digits(tok(0))
		m = mm
		y, _ = digits(tok(4))
		mon := "Mon"
		if full {
			mon = "Month"
		}
		sh.kind, sh.form = 'm', "D"+s1+mon+s1+"YYYY"
	case "9a9": // 16aug2021 (Stata %td)
		mm, full := monthOf(tok(1))
		if mm == 0 || full || len(tok(0)) > 2 || len(tok(2)) != 4 {
			return 0, dateShape{}, nil
		}
		d, _ = digits(tok(0))
		m = mm
		y, _ = digits(tok(2))
		sh.kind = 's'
	default:
		return 0, dateShape{}, nil
	}
	if end < len(b) {
		iso := sh.kind == 'n' && !sh.yearLast && sh.sep == '-'
		t, err := parseTimeOfDay(b, end, iso)
		if err != nil {
			return 0, sh, err
		}
		sh.time = t
	}
	if !ValidDate(y, m, d) {
		return 0, sh, &Error{b, "no such calendar date"}
	}
	return DayOf(y, m, d), sh, nil
}

// parseTimeOfDay checks the time part b[at:] of a date-time: ' ' (or 'T'
// after an ISO date) then h:mm[:ss[.fff]], an optional AM/PM, and an
// optional zone (Z, ±hh:mm, ±hhmm, ±hh). It returns the part's layout for
// DescribeDate. A daily file stamps each day with a clock time (pandas
// writes midnight, yfinance's history() midnight at the exchange's
// offset): the date as written is the trading day. That holds for a local
// clock (no zone, or an offset) but not for a UTC time of day, which may
// be the previous day's evening of a zone east of UTC: such cells are
// refused rather than misdated.
func parseTimeOfDay(b []byte, at int, iso bool) (string, *Error) {
	bad := &Error{b, "not a date; expected a date, or a date and time such as 2021-08-16 00:00:00"}
	t := b[at:]
	if len(t) < 2 || !(t[0] == ' ' || (t[0] == 'T' && iso)) {
		return "", bad
	}
	var out strings.Builder
	out.WriteByte(t[0])
	i := 1
	num := func(min, max int) (int, int, bool) {
		j := i
		for j < len(t) && j-i < max && t[j] >= '0' && t[j] <= '9' {
			j++
		}
		if j-i < min {
			return 0, 0, false
		}
		v, _ := digits(t[i:j])
		w := j - i
		i = j
		return v, w, true
	}
	h, hw, ok := num(1, 2)
	if !ok || i >= len(t) || t[i] != ':' {
		return "", bad
	}
	out.WriteString(strings.Repeat("h", hw))
	i++
	mi, _, ok := num(2, 2)
	if !ok || mi > 59 {
		return "", bad
	}
	out.WriteString(":mm")
	sec, frac := 0, false
	if i < len(t) && t[i] == ':' {
		i++
		if sec, _, ok = num(2, 2); !ok || sec > 60 {
			return "", bad
		}
		out.WriteString(":ss")
		if i < len(t) && (t[i] == '.' || t[i] == ',') {
			sep := t[i]
			i++
			j := i
			for i < len(t) && t[i] >= '0' && t[i] <= '9' {
				if t[i] != '0' {
					frac = true
				}
				i++
			}
			if i == j {
				return "", bad
			}
			out.WriteByte(sep)
			out.WriteString(strings.Repeat("f", i-j))
		}
	}
	if i+2 < len(t) && t[i] == ' ' && (t[i+1]|0x20 == 'a' || t[i+1]|0x20 == 'p') && t[i+2]|0x20 == 'm' {
		if h < 1 || h > 12 {
			return "", bad
		}
		if h == 12 {
			h = 0
		}
		if t[i+1]|0x20 == 'p' {
			h += 12
		}
		out.WriteString(" AM/PM")
		i += 3
	} else if h > 23 {
		return "", bad
	}
	utc := false
	switch {
	case i == len(t):
	case t[i] == 'Z':
		utc = true
		i++
		out.WriteByte('Z')
	case t[i] == '+' || t[i] == '-':
		i++
		oh, _, ok := num(2, 2)
		if !ok || oh > 14 {
			return "", bad
		}
		om := 0
		form := "±hh"
		if i < len(t) && t[i] == ':' {
			i++
			if om, _, ok = num(2, 2); !ok {
				return "", bad
			}
			form = "±hh:mm"
		} else if i < len(t) {
			if om, _, ok = num(2, 2); !ok {
				return "", bad
			}
			form = "±hhmm"
		}
		if om > 59 {
			return "", bad
		}
		utc = oh == 0 && om == 0
		out.WriteString(form)
	}
	if i != len(t) {
		return "", bad
	}
	if utc && (h != 0 || mi != 0 || sec != 0 || frac) {
		return "", &Error{b, "a UTC time of day: the exchange's trading day may differ from the UTC date; write the exchange's local date (or midnight, or the time with the exchange's offset)"}
	}
	return out.String(), nil
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

// SplitDateTime cuts a date-time cell into its date part and the time
// part after the ' ' or 'T' (clock, with any AM/PM and zone as written);
// clock is nil for a cell without a time part. Events files need the
// clock (after-close anchoring), where a price file keeps the date part.
func SplitDateTime(b []byte) (date, clock []byte) {
	var ts [maxTokens]token
	n, end, ok := tokenize(b, &ts)
	if !ok || n == 0 || end >= len(b) || end == 0 {
		return b, nil
	}
	if b[end] != ' ' && b[end] != 'T' {
		return b, nil
	}
	return b[:end], b[end+1:]
}

// IsMidnight reports whether a clock from SplitDateTime is midnight
// without a zone ("00:00:00", "00:00", "0:00", "00:00:00.000", "12:00:00
// AM"): pandas writes a date-only column so, and the date then is the
// date as written in any time zone.
func IsMidnight(clock []byte) bool {
	if len(clock) == 0 {
		return false
	}
	for _, c := range clock {
		if c == 'Z' || c == '+' || c == '-' {
			return false
		}
	}
	b := append([]byte("2000-01-01 "), clock...)
	if _, err := parseTimeOfDay(b, 10, true); err != nil {
		return false
	}
	h := 0
	for _, c := range clock {
		if c == ':' {
			break
		}
		h = h*10 + int(c-'0')
	}
	rest := clock[strings.IndexByte(string(clock), ':'):]
	for _, c := range rest {
		if c >= '1' && c <= '9' {
			return false
		}
	}
	upper := strings.ToUpper(string(clock))
	return h == 0 || (h == 12 && strings.HasSuffix(upper, "AM"))
}

// IsOrderDependent reports whether a date cell's reading depends on the
// day/month order (8/16/2021, 08-16-2021), i.e. needs DetectDateFormat's
// proof or --date-format.
func IsOrderDependent(b []byte) bool {
	_, _, _, ok := orderDependent(b)
	return ok
}
