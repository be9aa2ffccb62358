package events

import (
	"errors"
	"fmt"
	"strings"
	"time"
	// The exchange clock needs America/New_York's daylight-saving rules;
	// embedding them keeps a machine without /usr/share/zoneinfo (a bare
	// container, Windows) from failing or, worse, guessing.
	_ "time/tzdata"

	"github.com/breachlab/eventstudy/dates"
)

// ExchangeZone is the clock the anchoring rules use: NYSE and Nasdaq
// sessions (09:30-16:00) are New York wall-clock times.
const ExchangeZone = "America/New_York"

var newYork = func() *time.Location {
	loc, err := time.LoadLocation(ExchangeZone)
	if err != nil { // cannot happen: time/tzdata is embedded
		panic(err)
	}
	return loc
}()

// zoneKind is how the zone of a clock time was given.
type zoneKind uint8

const (
	zoneNone    zoneKind = iota // no zone: exchange local time, as the time column always was
	zoneFixed                   // Z, UTC, GMT or a numeric offset
	zoneNewYork                 // ET: New York wall clock, daylight saving by date
	zoneEST                     // EST written: must be standard time on that date
	zoneEDT                     // EDT written: must be daylight time on that date
)

// clock is a clock time read from a cell, with the zone it was written in.
type clock struct {
	hour, min, sec int
	kind           zoneKind
	offset         int    // seconds east of UTC, for zoneFixed
	zone           string // the zone as written ("Z", "-04:00", "ET"), "" for none
}

// midnightNoZone reports the pandas date-as-timestamp form
// (2021-08-16 00:00:00): a date that carries no clock time at all.
func (c clock) midnightNoZone() bool {
	return c.kind == zoneNone && c.hour == 0 && c.min == 0 && c.sec == 0
}

// hhmm is the clock as "HH:MM" (seconds dropped: they cannot move a time
// across 09:30 or 16:00).
func (c clock) hhmm() string { return fmt.Sprintf("%02d:%02d", c.hour, c.min) }

// splitTimestamp splits a date cell holding a date and a clock time
// (ISO 8601 "2021-08-16T21:27:00Z", "2021-08-16 17:27 ET",
// "Aug 16, 2021 5:27 PM") into the date text and the clock text. The clock
// is the first tail, after a 'T' or a space, that starts like a clock time
// (digits, ':'); a tail such as "x" in "2021-08-01 x" is not one, and the
// cell is left to the date parser's error. ok is false when there is no
// clock tail.
func splitTimestamp(s string) (date, clk string, ok bool) {
	for i := 1; i < len(s)-1; i++ {
		if s[i] != 'T' && s[i] != ' ' {
			continue
		}
		rest := strings.TrimSpace(s[i+1:])
		if looksLikeClock(rest) {
			return strings.TrimSpace(s[:i]), rest, true
		}
	}
	return s, "", false
}

// looksLikeClock reports whether s starts with one or two digits and ':'.
func looksLikeClock(s string) bool {
	n := 0
	for n < len(s) && n < 3 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n >= 1 && n <= 2 && n < len(s) && s[n] == ':'
}

// parseClockZone reads a clock time with an optional 12-hour marker and an
// optional zone: "17:27", "17:27:02", "17:27:02.5", "5:27 PM", "5:27pm",
// "5:27 p.m.", "17:27 ET", "17:27:00Z", "17:27:00-04:00", "17:27 -0400",
// "21:27 UTC". Zones follow ISO 8601 / RFC 3339 (Z, ±HH:MM, ±HHMM, ±HH)
// and the abbreviations US newswires and EDGAR print (ET, EST, EDT) plus
// UTC and GMT; any other abbreviation is refused, because abbreviations
// are ambiguous (CST is US Central or China Standard Time, IST three zones)
// and an offset is not.
func parseClockZone(s string) (clock, error) {
	var c clock
	rest := s
	h, n := leadingDigits(rest, 2)
	if n == 0 || n >= len(rest) || rest[n] != ':' {
		return c, errors.New("not a clock time")
	}
	rest = rest[n+1:]
	m, n2 := leadingDigits(rest, 2)
	if n2 != 2 {
		return c, errors.New("not a clock time")
	}
	rest = rest[2:]
	c.hour, c.min = h, m
	if len(rest) > 0 && rest[0] == ':' {
		sec, n3 := leadingDigits(rest[1:], 2)
		if n3 != 2 {
			return c, errors.New("not a clock time")
		}
		if sec > 59 {
			return c, errors.New("seconds out of range")
		}
		c.sec = sec
		rest = rest[3:]
		if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') { // fraction of a second
			_, nf := leadingDigits(rest[1:], 9)
			if nf == 0 {
				return c, errors.New("not a clock time")
			}
			rest = rest[1+nf:]
		}
	}
	rest = strings.TrimLeft(rest, " ")
	twelve := ""
	if t, r, ok := cutMeridiem(rest); ok {
		twelve, rest = t, strings.TrimLeft(r, " ")
	}
	if twelve != "" {
		if c.hour < 1 || c.hour > 12 {
			return c, fmt.Errorf("hour %d with %s: a 12-hour clock runs from 1 to 12", c.hour, strings.ToUpper(twelve))
		}
		c.hour %= 12
		if twelve == "pm" {
			c.hour += 12
		}
	}
	if c.hour > 23 || c.min > 59 {
		return c, errors.New("hour or minute out of range")
	}
	if rest == "" {
		return c, nil
	}
	if err := c.readZone(rest); err != nil {
		return c, err
	}
	return c, nil
}

// readZone reads the zone part of a clock time.
func (c *clock) readZone(z string) error {
	c.zone = z
	switch strings.ToUpper(z) {
	case "Z", "UTC", "GMT":
		c.kind, c.offset = zoneFixed, 0
		return nil
	case "ET":
		c.kind = zoneNewYork
		return nil
	case "EST":
		c.kind = zoneEST
		return nil
	case "EDT":
		c.kind = zoneEDT
		return nil
	}
	if z[0] == '+' || z[0] == '-' {
		d := strings.ReplaceAll(z[1:], ":", "")
		hh, n := leadingDigits(d, 2)
		mm := 0
		switch {
		case n == 2 && len(d) == 2:
		case n == 2 && len(d) == 4 && (len(z) == 5 || (len(z) == 6 && z[3] == ':')):
			var nm int
			mm, nm = leadingDigits(d[2:], 2)
			if nm != 2 {
				return fmt.Errorf("zone offset %q: write it as ±HH:MM, e.g. -04:00", z)
			}
		default:
			return fmt.Errorf("zone offset %q: write it as ±HH:MM, e.g. -04:00", z)
		}
		if hh > 14 || mm > 59 {
			return fmt.Errorf("zone offset %q is out of range", z)
		}
		c.kind, c.offset = zoneFixed, hh*3600+mm*60
		if z[0] == '-' {
			c.offset = -c.offset
		}
		return nil
	}
	return fmt.Errorf("time zone %q is not accepted", z)
}

// zoneHint is the hint of a clock error.
func zoneHint(err error) string {
	if strings.Contains(err.Error(), "time zone") {
		return "give the UTC offset instead (e.g. 2021-08-16T17:27:00-04:00) or write ET, UTC or Z"
	}
	return "write a time as HH:MM (24 h) or 5:27 PM, optionally with a zone: Z, ±HH:MM, ET, UTC"
}

// cutMeridiem cuts a leading am/pm marker (AM, pm, a.m., P.M.).
func cutMeridiem(s string) (marker, rest string, ok bool) {
	l := strings.ToLower(s)
	for _, m := range []struct{ text, v string }{{"a.m.", "am"}, {"p.m.", "pm"}, {"am", "am"}, {"pm", "pm"}} {
		if strings.HasPrefix(l, m.text) {
			r := s[len(m.text):]
			// "am" must end there: "amc" is not a marker.
			if r != "" && r[0] != ' ' && r[0] != '+' && r[0] != '-' {
				continue
			}
			return m.v, r, true
		}
	}
	return "", s, false
}

// leadingDigits parses up to max leading ASCII digits; n is how many.
func leadingDigits(s string, max int) (v, n int) {
	for n < len(s) && n < max && s[n] >= '0' && s[n] <= '9' {
		v = v*10 + int(s[n]-'0')
		n++
	}
	return v, n
}

// exchangeTime converts a clock on date d into the exchange clock: the New
// York date, "HH:MM" and the zone abbreviation in force (EDT or EST). A
// clock without a zone is already exchange time. A time written EST on a
// summer date (or EDT in winter) is an error: it is either a loose "ET" or
// a real standard-time instant an hour apart, and only the user knows.
func exchangeTime(d dates.Day, c clock) (dates.Day, string, string, error) {
	y, mo, dd := d.Time().Date()
	switch c.kind {
	case zoneNone:
		return d, c.hhmm(), "", nil
	case zoneFixed:
		t := time.Date(y, mo, dd, c.hour, c.min, c.sec, 0, time.FixedZone(c.zone, c.offset)).In(newYork)
		return dayOf(t), fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute()), abbrev(t), nil
	}
	t := time.Date(y, mo, dd, c.hour, c.min, c.sec, 0, newYork)
	got := abbrev(t)
	if (c.kind == zoneEST && got != "EST") || (c.kind == zoneEDT && got != "EDT") {
		_, off := t.Zone()
		return d, "", "", fmt.Errorf("%s on %s: New York was on %s (UTC%s) that day", c.zone, d, got, offsetText(off))
	}
	return dayOf(t), fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute()), got, nil
}

// dayOf is t's date in t's own location (New York here).
func dayOf(t time.Time) dates.Day { return dates.DayFromTime(t) }

// abbrev is the New York zone abbreviation of t (EDT or EST).
func abbrev(t time.Time) string {
	name, _ := t.In(newYork).Zone()
	return name
}

func offsetText(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d:%02d", sign, sec/3600, sec%3600/60)
}
