package dates

import (
	"fmt"
	"strings"
)

// DateFormat is one of the date layouts the loaders accept (docs/design.md
// "Inputs"). The zero value means "detect".
type DateFormat string

const (
	DateAuto    DateFormat = ""
	DateISO     DateFormat = "iso"   // 2006-01-02 (also 2006/01/02)
	DateCompact DateFormat = "ymd"   // 20060102
	DateUS      DateFormat = "mdy"   // 01/02/2006
	DateEU      DateFormat = "dmy"   // 02.01.2006 (also 02/01/2006 when told)
	DateExcel   DateFormat = "excel" // 44424: Excel serial day numbers (layout.go)
)

// ParseDateFormat reads a --date-format value. Besides the names above it
// accepts the layouts spelt out: YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY,
// DD/MM/YYYY, DD.MM.YYYY, and excel (serial day numbers). Unpadded
// dates (M/D/YYYY, D/M/YYYY) follow mdy and dmy.
func ParseDateFormat(s string) (DateFormat, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "AUTO":
		return DateAuto, nil
	case "ISO", "YYYY-MM-DD", "2006-01-02":
		return DateISO, nil
	case "YMD", "YYYYMMDD", "20060102":
		return DateCompact, nil
	case "MDY", "MM/DD/YYYY", "01/02/2006", "M/D/YYYY":
		return DateUS, nil
	case "DMY", "DD.MM.YYYY", "DD/MM/YYYY", "02.01.2006", "02/01/2006", "D/M/YYYY":
		return DateEU, nil
	case "EXCEL", "SERIAL":
		return DateExcel, nil
	}
	return "", fmt.Errorf("unknown date format %q; use iso (YYYY-MM-DD), ymd (YYYYMMDD), mdy (MM/DD/YYYY), dmy (DD.MM.YYYY) or excel (serial numbers)", s)
}

// ParseDate parses b in format f without allocating. With DateAuto it
// accepts the unambiguous layouts only: ISO, YYYYMMDD, and DD.MM.YYYY (the
// dot form is European by convention); a slash date needs an explicit
// format because 01/02/2006 reads both ways. With an explicit format,
// ISO dashed (2006-01-02) and YYYYMMDD dates are still accepted, because
// they cannot be misread: --date-format applies to every input, and Yahoo
// price files stay ISO when the events file is MM/DD/YYYY. The layouts of
// layout.go (unpadded and year-first numeric dates, month names,
// Stata's 16aug2021, date-times, Excel serials under DateExcel) are tried
// after the fixed-width ones fail; those without a day/month order are
// accepted under every format for the same reason.
func ParseDate(b []byte, f DateFormat) (Day, error) {
	y, m, d, ok := 0, 0, 0, false
	switch {
	case len(b) == 10 && (b[4] == '-' || b[4] == '/') && b[7] == b[4] && (f == DateAuto || f == DateISO || b[4] == '-'):
		y, ok = digits(b[0:4])
		if ok {
			m, ok = digits(b[5:7])
		}
		if ok {
			d, ok = digits(b[8:10])
		}
	case len(b) == 8:
		y, ok = digits(b[0:4])
		if ok {
			m, ok = digits(b[4:6])
		}
		if ok {
			d, ok = digits(b[6:8])
		}
	case len(b) == 10 && (b[2] == '/' || b[2] == '.' || b[2] == '-') && b[5] == b[2]:
		a, ok1 := digits(b[0:2])
		c, ok2 := digits(b[3:5])
		yy, ok3 := digits(b[6:10])
		ok = ok1 && ok2 && ok3
		y = yy
		switch {
		case f == DateUS:
			m, d = a, c
		case f == DateEU:
			d, m = a, c
		case f == DateAuto && b[2] == '.':
			d, m = a, c
		case f == DateAuto:
			return 0, &Error{b, "day/month order is ambiguous; pass --date-format mdy (MM/DD/YYYY) or dmy (DD/MM/YYYY)"}
		default:
			ok = false
		}
	}
	if !ok {
		if d, sh, err := parseDateOther(b, f); err != nil || sh.kind != 0 {
			return d, err
		}
		want := "YYYY-MM-DD, YYYYMMDD, MM/DD/YYYY or DD.MM.YYYY"
		if f != DateAuto {
			want = "format " + string(f)
		}
		return 0, &Error{b, "not a date; expected " + want}
	}
	if !ValidDate(y, m, d) {
		return 0, &Error{b, "no such calendar date"}
	}
	return DayOf(y, m, d), nil
}

// Error is ParseDate's error: the cell as written and why it is not a
// date. Loaders report Why at the cell's file position.
type Error struct {
	Input []byte
	Why   string
}

func (e *Error) Error() string { return fmt.Sprintf("date %q: %s", e.Input, e.Why) }

// digits parses a run of ASCII digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}

// DetectDateFormat picks the format of a date column from sample values.
// A column whose every sample is a five-digit Excel serial in the
// plausible range (layout.go) is DateExcel. A column of numeric dates
// with the year last and a slash or dash separator (8/16/2021, 08-16-2021)
// is resolved only when some sample proves the order (a part above 12);
// otherwise it is ambiguous (*AmbiguousDateError asks for --date-format).
// Other layouts need no detection (DateAuto).
// OverrideOrder is the day/month order of samples when they prove the
// order opposite to the one given (--date-format mdy or dmy), with the
// first proving sample; "" when they do not (ambiguous, serials, the
// given order, or contradicting orders). --date-format settles ambiguous
// dates and applies to every input: a file whose own dates prove the other
// order could only fail under it, row by row.
func OverrideOrder(samples [][]byte, given DateFormat) (DateFormat, []byte) {
	if given != DateUS && given != DateEU {
		return "", nil
	}
	df, err := DetectDateFormat(samples)
	if err != nil || df == given || df != DateUS && df != DateEU {
		return "", nil
	}
	for _, s := range samples {
		if one, err := DetectDateFormat([][]byte{s}); err == nil && one == df {
			return df, s
		}
	}
	return "", nil
}

func DetectDateFormat(samples [][]byte) (DateFormat, error) {
	var usProof, euProof []byte
	var first []byte
	var sh dateShape
	serials, n := 0, 0
	for _, s := range samples {
		if len(s) == 0 {
			continue
		}
		n++
		if _, ok := excelSerial(s); ok {
			serials++
			continue
		}
		shape, a, c, ok := orderDependent(s)
		if !ok {
			continue
		}
		if first == nil {
			first, sh = s, shape
		}
		if a > 12 && euProof == nil {
			euProof = s
		}
		if c > 12 && usProof == nil {
			usProof = s
		}
	}
	if n > 0 && serials == n {
		return DateExcel, nil
	}
	if first == nil {
		return DateAuto, nil
	}
	switch {
	case usProof != nil && euProof == nil:
		return DateUS, nil
	case euProof != nil && usProof == nil:
		return DateEU, nil
	case euProof != nil:
		return "", fmt.Errorf("dates %q (day first) and %q (month first) contradict each other; write one order throughout the column", euProof, usProof)
	}
	return "", &AmbiguousDateError{Sample: string(first), Orders: numericForm(sh, DateUS) + " or " + numericForm(sh, DateEU)}
}
