package edgar

import (
	"time"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/events"
)

// TimeFrom says where a row's acceptance time came from (events column
// time_from).
type TimeFrom string

const (
	// FromHeader: the SGML header's ACCEPTANCE-DATETIME (New York clock).
	FromHeader TimeFrom = "header"
	// FromJSONUTC and FromJSONNewYork: the submissions JSON's
	// acceptanceDateTime, its convention decided by the filing date.
	FromJSONUTC     TimeFrom = "json-utc"
	FromJSONNewYork TimeFrom = "json-newyork"
	// FromJSONSession: both conventions give the same date and session
	// (the minute is unknown, so the time is left empty).
	FromJSONSession TimeFrom = "json-session-only"
	// FromJSONUnknown: the conventions disagree and the filing date
	// cannot tell: date = filing date, no time, no session.
	FromJSONUnknown TimeFrom = "json-undecided"
)

// Acceptance is when a filing became public on the New York clock.
type Acceptance struct {
	Time    time.Time // New York; zero when only the date (and maybe the session) is known
	Date    dates.Day
	Session events.Session // "" when unknown
	From    TimeFrom
}

// lastFilingMinute is EDGAR's cut-off: a filing accepted after 17:30
// Eastern gets the next business day as its filing date (Regulation S-T
// Rule 13(a)(2)).
const lastFilingMinute = 17*60 + 30

// FromJSON reads the submissions JSON's acceptanceDateTime when the
// header is not available. The field ends in Z, but for some filers it is
// the New York clock with a Z appended. Each reading r is checked against
// EDGAR's filing date: accepted by 17:30 ET the filing date is r's own
// date, later it is a later date. The reading that fits is used; when both
// fit and give the same date and session, the session is certain but the
// minute is not (FromJSONSession); otherwise only the filing date is
// kept (FromJSONUnknown). ok is false when v is not a timestamp.
func FromJSON(v, filingDate string) (Acceptance, bool) {
	fd, ok := parseDay(filingDate)
	if !ok {
		return Acceptance{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return Acceptance{}, false
	}
	unknown := Acceptance{Date: fd, From: FromJSONUnknown}
	if _, off := t.Zone(); off != 0 || len(v) < 1 || v[len(v)-1] != 'Z' {
		// A real offset is unambiguous.
		return exact(t.In(newYork), FromJSONUTC), true
	}
	utc := t.In(newYork)
	ny := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, newYork)
	fitsU, fitsN := fits(utc, fd), fits(ny, fd)
	switch {
	case fitsU && !fitsN:
		return exact(utc, FromJSONUTC), true
	case fitsN && !fitsU:
		return exact(ny, FromJSONNewYork), true
	case fitsU && fitsN:
		a, b := exact(utc, ""), exact(ny, "")
		if a.Date == b.Date && a.Session == b.Session {
			return Acceptance{Date: a.Date, Session: a.Session, From: FromJSONSession}, true
		}
	}
	return unknown, true
}

// exact is the acceptance at t (New York).
func exact(t time.Time, from TimeFrom) Acceptance {
	return Acceptance{Time: t, Date: dayOf(t), Session: sessionAt(t), From: from}
}

// fits reports whether EDGAR would give a filing accepted at t (New York)
// the filing date fd.
func fits(t time.Time, fd dates.Day) bool {
	d := dayOf(t)
	if t.Hour()*60+t.Minute() < lastFilingMinute || (t.Hour()*60+t.Minute() == lastFilingMinute && t.Second() == 0) {
		return fd == d
	}
	return fd > d && fd-d <= 5 // the next business day, over a long weekend at most
}

func dayOf(t time.Time) dates.Day {
	return dates.DayFromTime(t)
}

// parseDay reads YYYY-MM-DD (EDGAR's filing dates).
func parseDay(s string) (dates.Day, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, false
	}
	return dates.DayFromTime(t), true
}

// sessionAt is the exchange session of a New York time, by the same rule
// the anchoring uses (events.TimingOf: before 09:30 pre, from 16:00 after).
func sessionAt(t time.Time) events.Session {
	e := events.Event{Time: t.Format("15:04")}
	return events.TimingOf(&e).Session
}
