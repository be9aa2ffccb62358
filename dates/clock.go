package dates

import "strings"

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
	t := b[at:]
	if len(t) < 2 || !(t[0] == ' ' || (t[0] == 'T' && iso)) {
		return "", notClock(b)
	}
	c := clock{t: t, i: 1}
	c.out.WriteByte(t[0])
	var sec int
	var frac, utc bool
	h, mi, ok := c.hourMinute()
	if ok {
		sec, frac, ok = c.seconds()
	}
	if ok {
		h, ok = c.meridiem(h)
	}
	if ok {
		utc, ok = c.zone()
	}
	if !ok || c.i != len(t) {
		return "", notClock(b)
	}
	if utc && (h != 0 || mi != 0 || sec != 0 || frac) {
		return "", &Error{b, "a UTC time of day: the exchange's trading day may differ from the UTC date; write the exchange's local date (or midnight, or the time with the exchange's offset)"}
	}
	return c.out.String(), nil
}

func notClock(b []byte) *Error {
	return &Error{b, "not a date; expected a date, or a date and time such as 2021-08-16 00:00:00"}
}

// clock scans the time part t of a date-time from t[i] on and writes its
// layout to out ("hh:mm:ss±hh:mm").
type clock struct {
	t   []byte
	i   int
	out strings.Builder
}

// at reports whether the next byte is c.
func (k *clock) at(c byte) bool { return k.i < len(k.t) && k.t[k.i] == c }

// num reads min to max digits; ok=false leaves i where it was.
func (k *clock) num(min, max int) (v, width int, ok bool) {
	j := k.i
	for j < len(k.t) && j-k.i < max && k.t[j] >= '0' && k.t[j] <= '9' {
		j++
	}
	if j-k.i < min {
		return 0, 0, false
	}
	v, _ = digits(k.t[k.i:j])
	width = j - k.i
	k.i = j
	return v, width, true
}

// hourMinute reads h:mm or hh:mm (the hour is checked by meridiem).
func (k *clock) hourMinute() (h, mi int, ok bool) {
	h, hw, ok := k.num(1, 2)
	if !ok || !k.at(':') {
		return 0, 0, false
	}
	k.out.WriteString(strings.Repeat("h", hw))
	k.i++
	if mi, _, ok = k.num(2, 2); !ok || mi > 59 {
		return 0, 0, false
	}
	k.out.WriteString(":mm")
	return h, mi, true
}

// seconds reads an optional :ss with an optional fraction (.fff or
// ,fff); frac reports a nonzero fraction.
func (k *clock) seconds() (sec int, frac, ok bool) {
	if !k.at(':') {
		return 0, false, true
	}
	k.i++
	if sec, _, ok = k.num(2, 2); !ok || sec > 60 {
		return 0, false, false
	}
	k.out.WriteString(":ss")
	if !k.at('.') && !k.at(',') {
		return sec, false, true
	}
	sep := k.t[k.i]
	k.i++
	j := k.i
	for k.i < len(k.t) && k.t[k.i] >= '0' && k.t[k.i] <= '9' {
		if k.t[k.i] != '0' {
			frac = true
		}
		k.i++
	}
	if k.i == j {
		return 0, false, false
	}
	k.out.WriteByte(sep)
	k.out.WriteString(strings.Repeat("f", k.i-j))
	return sec, frac, true
}

// meridiem reads an optional " AM" or " PM" (any case) and returns the
// hour on the 24-hour clock; ok=false for an hour out of range.
func (k *clock) meridiem(h int) (int, bool) {
	t, i := k.t, k.i
	if !(i+2 < len(t) && t[i] == ' ' && (t[i+1]|0x20 == 'a' || t[i+1]|0x20 == 'p') && t[i+2]|0x20 == 'm') {
		return h, h <= 23
	}
	if h < 1 || h > 12 {
		return 0, false
	}
	if h == 12 {
		h = 0
	}
	if t[i+1]|0x20 == 'p' {
		h += 12
	}
	k.out.WriteString(" AM/PM")
	k.i += 3
	return h, true
}

// zone reads an optional zone: Z, ±hh:mm, ±hhmm or ±hh (hours up to 14);
// utc reports a zero offset.
func (k *clock) zone() (utc, ok bool) {
	switch {
	case k.at('Z'):
		k.i++
		k.out.WriteByte('Z')
		return true, true
	case !k.at('+') && !k.at('-'):
		return false, true // none; a stray byte fails parseTimeOfDay's end check
	}
	k.i++
	oh, _, ok := k.num(2, 2)
	if !ok || oh > 14 {
		return false, false
	}
	om, form := 0, "±hh"
	if k.at(':') {
		k.i++
		if om, _, ok = k.num(2, 2); !ok {
			return false, false
		}
		form = "±hh:mm"
	} else if k.i < len(k.t) {
		if om, _, ok = k.num(2, 2); !ok {
			return false, false
		}
		form = "±hhmm"
	}
	if om > 59 {
		return false, false
	}
	k.out.WriteString(form)
	return oh == 0 && om == 0, true
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
