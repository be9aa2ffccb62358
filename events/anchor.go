package events

import (
	"fmt"
	"strings"
	"time"

	"github.com/breachlab/eventstudy/dates"
)

// DefaultMaxShift is the default --max-shift: the most calendar days
// between the disclosure date and day 0 (docs/methodology.md 2.1).
const DefaultMaxShift = 7

// WarnShift is the shift (calendar days) above which an anchored event
// carries a warning (docs/methodology.md 2.1).
const WarnShift = 3

// Reason codes of events that cannot be anchored (events.csv `reason`).
const (
	ReasonNotTradingDay   = "not_trading_day"   // exact/skip on a non-trading date
	ReasonShiftExceedsMax = "shift_exceeds_max" // day 0 further than --max-shift
	ReasonOutsideData     = "outside_data"      // date outside the trading calendar
	ReasonUnknownRule     = "unknown_rule"      // a Rule ParseRule would reject
)

// Market hours (NYSE/Nasdaq regular session, exchange local time) in
// minutes after midnight.
const (
	openMinutes  = 9*60 + 30
	closeMinutes = 16 * 60
)

// ParseRule reads an --anchor value: next (the default, also for ""),
// previous, exact or skip, in any case.
func ParseRule(s string) (Rule, error) {
	switch r := Rule(strings.ToLower(strings.TrimSpace(s))); r {
	case "":
		return RuleNext, nil
	case RuleNext, RulePrevious, RuleExact, RuleSkip:
		return r, nil
	}
	return "", fmt.Errorf("unknown anchor rule %q; use next, previous, exact or skip", s)
}

// Timing is when within its date a disclosure was made, from its time
// and session (docs/methodology.md 2.1).
type Timing struct {
	Session Session // effective session: from the time when one is given
	Warning string  // time and session disagree, or neither given
}

// TimingOf classifies a disclosure: "after the close" means time >= 16:00
// or session after, "pre-market" time < 09:30 or session pre. The time
// wins when both are given and disagree. With neither, the disclosure is
// taken as intraday (its date is day 0 when that is a trading day).
func TimingOf(e *Event) Timing {
	if e.Time == "" {
		if e.Session == SessionUnknown {
			return Timing{Session: SessionIntraday, Warning: "no time or session given; taken as intraday"}
		}
		return Timing{Session: e.Session}
	}
	t, err := parseClock(e.Time)
	if err != nil {
		// Parse validates times; an Event built by hand may not be.
		return Timing{Session: SessionIntraday, Warning: fmt.Sprintf("time %q is not HH:MM; taken as intraday", e.Time)}
	}
	s := SessionIntraday
	switch m := clockMinutes(t); {
	case m < openMinutes:
		s = SessionPre
	case m >= closeMinutes:
		s = SessionAfter
	}
	tm := Timing{Session: s}
	if e.Session != SessionUnknown && e.Session != s {
		tm.Warning = fmt.Sprintf("time %s means session %s but session says %s; using the time", t, s, e.Session)
	}
	return tm
}

// AnchorEvent maps an event's disclosure date to day 0 on the trading
// calendar under rule (docs/methodology.md 2.1):
//
//   - next: the first trading day on or after the date; a disclosure after
//     the close of a trading day moves to the next trading day.
//   - previous: the last trading day on or before the date; time and
//     session are ignored.
//   - exact: the date itself, which must be a trading day (else reason
//     not_trading_day); time and session are ignored.
//   - skip: as next on a trading day (after the close still moves), a
//     non-trading date is excluded (not_trading_day).
//
// A date before the calendar's first day or after its last, or a day 0
// that would lie beyond the calendar, is excluded as outside_data. A shift
// of more than maxShift calendar days (absolute) is excluded as
// shift_exceeds_max, and one of more than WarnShift days is anchored with a
// warning. maxShift < 1 means DefaultMaxShift: a cap of 0 would exclude
// every after-close disclosure, which no study wants.
//
// The returned Anchor has Day0 = -1 and a Reason when the event is
// excluded, and a one-line Log in either case.
func AnchorEvent(e *Event, cal *dates.Calendar, rule Rule, maxShift int) Anchor {
	if maxShift < 1 {
		maxShift = DefaultMaxShift
	}
	if rule == "" {
		rule = RuleNext
	}
	a := Anchor{Day0: -1, Rule: rule}
	var warnings []string
	timing := Timing{Session: SessionIntraday}
	if rule == RuleNext || rule == RuleSkip {
		timing = TimingOf(e)
		if timing.Warning != "" {
			warnings = append(warnings, timing.Warning)
		}
		a.After = timing.Session == SessionAfter
	}
	n := 0
	if cal != nil {
		n = cal.Len()
	}

	day0 := -1
	switch {
	case rule != RuleNext && rule != RulePrevious && rule != RuleExact && rule != RuleSkip:
		a.Reason = ReasonUnknownRule
	case n == 0 || e.Date < cal.Days[0] || e.Date > cal.Days[n-1]:
		a.Reason = ReasonOutsideData
	case rule == RulePrevious:
		day0 = cal.Prev(e.Date)
	case rule == RuleExact:
		if i, ok := cal.Index(e.Date); ok {
			day0 = i
		} else {
			a.Reason = ReasonNotTradingDay
		}
	default: // next, skip
		i, trading := cal.Index(e.Date)
		if w := earlyCloseWarning(e, timing, trading); w != "" {
			warnings = append(warnings, w)
		}
		switch {
		case !trading && rule == RuleSkip:
			a.Reason = ReasonNotTradingDay
		case trading && a.After:
			day0 = i + 1
		default:
			day0 = i // Index returns the next trading day when d is not one
		}
		if a.Reason == "" && day0 >= n {
			a.Reason = ReasonOutsideData
			day0 = -1
		}
	}
	if day0 >= 0 {
		a.Shift = int(cal.Days[day0] - e.Date)
		switch abs := max(a.Shift, -a.Shift); {
		case abs > maxShift:
			a.Reason = ReasonShiftExceedsMax
			day0 = -1
		case abs > WarnShift:
			warnings = append(warnings, fmt.Sprintf("day 0 is %d calendar days from the disclosure date", abs))
		}
	}
	if a.Reason == "" {
		a.Day0 = day0
	}
	a.Warning = strings.Join(warnings, "; ")
	a.Log = anchorLog(e, a, cal, timing)
	return a
}

// earlyCloseWarning warns about a clock time from 13:00 to 15:59 on a day
// the NYSE usually closes at 13:00 (docs/methodology.md 2.1): the day
// after Thanksgiving (the fourth Thursday of November), Christmas Eve and
// July 3 on weekdays that trade. The fixed 16:00 rule keeps such a
// disclosure intraday, which puts day 0 a session early if the market had
// closed; the rule is not changed, as early closes are set by notice, not
// by law, but the user is told. A given session (no time) is the user's
// word and gets no warning.
func earlyCloseWarning(e *Event, timing Timing, trading bool) string {
	if !trading || e.Time == "" || timing.Session != SessionIntraday {
		return ""
	}
	t, err := parseClock(e.Time)
	if err != nil || clockMinutes(t) < 13*60 {
		return ""
	}
	tm := e.Date.Time()
	y, m, d := tm.Date()
	wd := tm.Weekday()
	if wd == time.Saturday || wd == time.Sunday {
		return ""
	}
	early := m == time.December && d == 24 || m == time.July && d == 3
	if m == time.November && wd == time.Friday {
		// The fourth Thursday of November is between the 22nd and the 28th.
		thu := time.Date(y, time.November, d-1, 0, 0, 0, 0, time.UTC)
		early = thu.Day() >= 22 && thu.Day() <= 28
	}
	if !early {
		return ""
	}
	return fmt.Sprintf("%s is usually an NYSE early-close day (13:00 ET): %s is taken as intraday (16:00 close); set session to after if the market had closed",
		e.Date, e.Time)
}

// anchorLog formats the one-line anchoring log, e.g.
// "tmobile-2021-scope: 2021-08-17 (Tue) after close → day 0 2021-08-18 (Wed) [next]".
func anchorLog(e *Event, a Anchor, cal *dates.Calendar, timing Timing) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", e.ID)
	if e.Stamp != "" {
		// The conversion to the exchange clock, shown before its result:
		// "given 2021-08-17T01:00:00Z = 2021-08-16 (Mon) 21:00 EDT".
		fmt.Fprintf(&b, "given %s = ", e.Stamp)
	}
	fmt.Fprintf(&b, "%s (%s)", e.Date, e.Date.Weekday().String()[:3])
	if e.Stamp != "" && !(a.Rule == RuleNext || a.Rule == RuleSkip) {
		fmt.Fprintf(&b, " %s %s", e.Time, e.Zone)
	}
	if a.Rule == RuleNext || a.Rule == RuleSkip {
		if e.Time != "" {
			b.WriteString(" " + e.Time)
			if e.Zone != "" {
				b.WriteString(" " + e.Zone)
			}
		}
		switch {
		case e.Time == "" && e.Session == SessionUnknown:
			b.WriteString(" no time/session")
		case timing.Session == SessionAfter:
			b.WriteString(" after close")
		case timing.Session == SessionPre:
			b.WriteString(" pre-market")
		default:
			b.WriteString(" intraday")
		}
	}
	if a.Day0 >= 0 {
		d := cal.Days[a.Day0]
		fmt.Fprintf(&b, " → day 0 %s (%s)", d, d.Weekday().String()[:3])
	} else {
		fmt.Fprintf(&b, " → excluded: %s", a.Reason)
		if a.Reason == ReasonShiftExceedsMax {
			fmt.Fprintf(&b, " (%d days)", max(a.Shift, -a.Shift))
		}
	}
	fmt.Fprintf(&b, " [%s]", a.Rule)
	return b.String()
}
