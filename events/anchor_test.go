package events

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

var (
	calOnce sync.Once
	calGSPC *dates.Calendar
	calErr  error
)

// gspcCalendar builds the trading calendar from the Date column of the
// S&P 500 file (Yahoo layout, 1990-01-02 .. 2024-09-12) in testdata: the
// market series' dates are the calendar (docs/methodology.md 1.2).
func gspcCalendar(t testing.TB) *dates.Calendar {
	t.Helper()
	calOnce.Do(func() {
		data, err := os.ReadFile("testdata/GSPC.csv")
		if err != nil {
			calErr = err
			return
		}
		var days []dates.Day
		for i, line := range bytes.Split(data, []byte("\n")) {
			if i == 0 || len(line) < 10 {
				continue
			}
			d, err := dates.ParseDate(line[:10], dates.DateISO)
			if err != nil {
				calErr = err
				return
			}
			days = append(days, d)
		}
		calGSPC, calErr = dates.NewCalendar(days)
	})
	if calErr != nil {
		t.Fatal(calErr)
	}
	return calGSPC
}

func day(t testing.TB, s string) dates.Day {
	t.Helper()
	d, err := dates.ParseDate([]byte(s), dates.DateISO)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAnchorEvent(t *testing.T) {
	cal := gspcCalendar(t)
	// Expected days were read off a printed 2021 NYSE calendar and the
	// incidents' own sources (incidents.md), not computed by the code.
	tests := []struct {
		name     string
		date     string
		time     string
		session  Session
		rule     Rule
		maxShift int
		day0     string // "" when excluded
		reason   string
		shift    int
		after    bool
		warning  string // substring; "" means no warning
	}{
		// T-Mobile 2021 stages (incidents.csv).
		{"claim Sunday next", "2021-08-15", "", "", RuleNext, 7, "2021-08-16", "", 1, false, "no time or session"},
		{"claim Sunday previous", "2021-08-15", "", "", RulePrevious, 7, "2021-08-13", "", -2, false, ""},
		{"confirmation intraday", "2021-08-16", "", SessionIntraday, RuleNext, 7, "2021-08-16", "", 0, false, ""},
		{"8-K 17:27", "2021-08-16", "17:27", SessionAfter, RuleNext, 7, "2021-08-17", "", 1, true, ""},
		{"8-K 17:27 without session", "2021-08-16", "17:27", "", RuleNext, 7, "2021-08-17", "", 1, true, ""},
		{"scope after", "2021-08-17", "", SessionAfter, RuleNext, 7, "2021-08-18", "", 1, true, ""},
		{"update intraday", "2021-08-20", "", SessionIntraday, RuleNext, 7, "2021-08-20", "", 0, false, ""},
		// Clock-time boundaries: 16:00 is after the close, 15:59 is not;
		// 09:29 is pre-market, and both stay on a trading date.
		{"16:00 is after close", "2021-08-16", "16:00", "", RuleNext, 7, "2021-08-17", "", 1, true, ""},
		{"15:59 is intraday", "2021-08-16", "15:59", "", RuleNext, 7, "2021-08-16", "", 0, false, ""},
		{"09:29 pre", "2021-08-16", "09:29", "", RuleNext, 7, "2021-08-16", "", 0, false, ""},
		{"time wins over session", "2021-08-16", "10:15", SessionAfter, RuleNext, 7, "2021-08-16", "", 0, false, "using the time"},
		{"time after wins over session pre", "2021-08-16", "18:00", SessionPre, RuleNext, 7, "2021-08-17", "", 1, true, "using the time"},
		// Holiday: Independence Day observed Monday 2021-07-05.
		{"holiday next", "2021-07-05", "", SessionIntraday, RuleNext, 7, "2021-07-06", "", 1, false, ""},
		{"holiday previous", "2021-07-05", "", SessionIntraday, RulePrevious, 7, "2021-07-02", "", -3, false, ""},
		{"holiday exact", "2021-07-05", "", SessionIntraday, RuleExact, 7, "", ReasonNotTradingDay, 0, false, ""},
		{"holiday skip", "2021-07-05", "", SessionIntraday, RuleSkip, 7, "", ReasonNotTradingDay, 0, false, ""},
		{"Sunday exact", "2021-08-15", "", "", RuleExact, 7, "", ReasonNotTradingDay, 0, false, ""},
		{"exact ignores after", "2021-08-17", "", SessionAfter, RuleExact, 7, "2021-08-17", "", 0, false, ""},
		{"previous ignores after", "2021-08-17", "17:00", "", RulePrevious, 7, "2021-08-17", "", 0, false, ""},
		{"skip moves after close", "2021-08-17", "", SessionAfter, RuleSkip, 7, "2021-08-18", "", 1, true, ""},
		// After the close on a Friday: Monday, 3 days, no warning.
		{"Friday after close", "2021-08-20", "", SessionAfter, RuleNext, 7, "2021-08-23", "", 3, true, ""},
		// Friday 2021-07-02 after close, Monday holiday: Tuesday, 4 days: warning.
		{"Friday after close before holiday", "2021-07-02", "", SessionAfter, RuleNext, 7, "2021-07-06", "", 4, true, "4 calendar days"},
		// Shift cap: Saturday 2021-07-03 to Tuesday 07-06 is 3 days.
		{"cap 2 excludes 3", "2021-07-03", "", SessionIntraday, RuleNext, 2, "", ReasonShiftExceedsMax, 3, false, ""},
		{"cap 3 keeps 3", "2021-07-03", "", SessionIntraday, RuleNext, 3, "2021-07-06", "", 3, false, ""},
		{"previous cap 2 excludes -3", "2021-07-05", "", "", RulePrevious, 2, "", ReasonShiftExceedsMax, -3, false, ""},
		{"cap 0 means default 7", "2021-07-03", "", SessionIntraday, RuleNext, 0, "2021-07-06", "", 3, false, ""},
		// 9/11: NYSE closed 2001-09-11 .. 09-14, reopened Mon 09-17.
		{"9/11 within 7", "2001-09-11", "", SessionIntraday, RuleNext, 7, "2001-09-17", "", 6, false, "6 calendar days"},
		{"9/11 cap 5", "2001-09-11", "", SessionIntraday, RuleNext, 5, "", ReasonShiftExceedsMax, 6, false, ""},
		// Outside the data: calendar is 1990-01-02 .. 2024-09-12.
		{"before first day", "1989-12-29", "", SessionIntraday, RuleNext, 7, "", ReasonOutsideData, 0, false, ""},
		{"first day", "1990-01-02", "", SessionIntraday, RuleNext, 7, "1990-01-02", "", 0, false, ""},
		{"first day previous", "1990-01-02", "", SessionIntraday, RulePrevious, 7, "1990-01-02", "", 0, false, ""},
		{"after last day", "2024-09-13", "", SessionIntraday, RuleNext, 7, "", ReasonOutsideData, 0, false, ""},
		{"after last day previous", "2024-09-14", "", SessionIntraday, RulePrevious, 7, "", ReasonOutsideData, 0, false, ""},
		{"last day after close", "2024-09-12", "", SessionAfter, RuleNext, 7, "", ReasonOutsideData, 0, true, ""},
		{"last day intraday", "2024-09-12", "", SessionIntraday, RuleNext, 7, "2024-09-12", "", 0, false, ""},
		{"unknown rule", "2021-08-16", "", SessionIntraday, Rule("nearest"), 7, "", ReasonUnknownRule, 0, false, ""},
		{"empty rule is next", "2021-08-15", "", SessionIntraday, "", 7, "2021-08-16", "", 1, false, ""},
		// NYSE early closes (13:00 ET): the day after Thanksgiving, Christmas
		// Eve and July 3 on weekdays that trade (NYSE holiday notices). The
		// fixed 16:00 rule keeps 13:00-15:59 intraday; a warning says the
		// market may have closed. Not on ordinary days, not before 13:00,
		// not when the session is given, not when July 3 is a holiday (2020:
		// Friday, observed Independence Day).
		{"after Thanksgiving 14:00", "2020-11-27", "14:00", "", RuleNext, 7, "2020-11-27", "", 0, false, "2020-11-27 is usually an NYSE early-close day (13:00 ET)"},
		{"Christmas Eve 13:30", "2019-12-24", "13:30", "", RuleNext, 7, "2019-12-24", "", 0, false, "set session to after if the market had closed"},
		{"July 3 15:00", "2019-07-03", "15:00", "", RuleNext, 7, "2019-07-03", "", 0, false, "early-close day"},
		{"July 3 Monday 13:00", "2023-07-03", "13:00", "", RuleNext, 7, "2023-07-03", "", 0, false, "early-close day"},
		{"after Thanksgiving 12:59", "2020-11-27", "12:59", "", RuleNext, 7, "2020-11-27", "", 0, false, ""},
		{"after Thanksgiving after close", "2020-11-27", "16:30", "", RuleNext, 7, "2020-11-30", "", 3, true, ""},
		{"after Thanksgiving session after", "2020-11-27", "", SessionAfter, RuleNext, 7, "2020-11-30", "", 3, true, ""},
		{"ordinary Friday 14:00", "2020-11-20", "14:00", "", RuleNext, 7, "2020-11-20", "", 0, false, ""},
		{"July 3 holiday", "2020-07-03", "14:00", "", RuleNext, 7, "2020-07-06", "", 3, false, ""},
		{"Christmas Eve previous", "2019-12-24", "14:00", "", RulePrevious, 7, "2019-12-24", "", 0, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &Event{ID: "x", Firm: "TMUS", Date: day(t, tc.date), Time: tc.time, Session: tc.session}
			a := AnchorEvent(e, cal, tc.rule, tc.maxShift)
			if tc.day0 == "" {
				if a.Day0 != -1 || a.Reason != tc.reason {
					t.Fatalf("got Day0 %d reason %q, want excluded %q; log %s", a.Day0, a.Reason, tc.reason, a.Log)
				}
				if tc.reason == ReasonShiftExceedsMax && a.Shift != tc.shift {
					t.Errorf("shift %d, want %d", a.Shift, tc.shift)
				}
			} else {
				if a.Day0 < 0 || a.Reason != "" {
					t.Fatalf("excluded (%q), want day 0 %s; log %s", a.Reason, tc.day0, a.Log)
				}
				if got := cal.Days[a.Day0].String(); got != tc.day0 {
					t.Errorf("day 0 %s, want %s; log %s", got, tc.day0, a.Log)
				}
				if a.Shift != tc.shift {
					t.Errorf("shift %d, want %d", a.Shift, tc.shift)
				}
			}
			if a.After != tc.after {
				t.Errorf("After %v, want %v", a.After, tc.after)
			}
			if tc.warning == "" && a.Warning != "" {
				t.Errorf("unexpected warning %q", a.Warning)
			}
			if tc.warning != "" && !strings.Contains(a.Warning, tc.warning) {
				t.Errorf("warning %q, want it to contain %q", a.Warning, tc.warning)
			}
			want := tc.rule
			if want == "" {
				want = RuleNext
			}
			if a.Rule != want {
				t.Errorf("rule %q, want %q", a.Rule, want)
			}
			if strings.Contains(a.Log, "\n") || !strings.HasPrefix(a.Log, "x: "+tc.date) {
				t.Errorf("log %q is not one line starting with the id and date", a.Log)
			}
		})
	}
}

func TestAnchorLog(t *testing.T) {
	cal := gspcCalendar(t)
	tests := []struct {
		e    Event
		rule Rule
		want string
	}{
		{Event{ID: "tmobile-2021-scope", Date: day(t, "2021-08-17"), Session: SessionAfter}, RuleNext,
			"tmobile-2021-scope: 2021-08-17 (Tue) after close → day 0 2021-08-18 (Wed) [next]"},
		{Event{ID: "tmobile-2021-filing", Date: day(t, "2021-08-16"), Time: "17:27", Session: SessionAfter}, RuleNext,
			"tmobile-2021-filing: 2021-08-16 (Mon) 17:27 after close → day 0 2021-08-17 (Tue) [next]"},
		{Event{ID: "tmobile-2021-claim", Date: day(t, "2021-08-15")}, RuleNext,
			"tmobile-2021-claim: 2021-08-15 (Sun) no time/session → day 0 2021-08-16 (Mon) [next]"},
		{Event{ID: "tmobile-2021-claim", Date: day(t, "2021-08-15")}, RulePrevious,
			"tmobile-2021-claim: 2021-08-15 (Sun) → day 0 2021-08-13 (Fri) [previous]"},
		{Event{ID: "okta-2022-confirmation", Date: day(t, "2022-03-22"), Time: "04:30", Session: SessionPre}, RuleNext,
			"okta-2022-confirmation: 2022-03-22 (Tue) 04:30 pre-market → day 0 2022-03-22 (Tue) [next]"},
		{Event{ID: "x", Date: day(t, "2021-08-15")}, RuleExact,
			"x: 2021-08-15 (Sun) → excluded: not_trading_day [exact]"},
	}
	for _, tc := range tests {
		if got := AnchorEvent(&tc.e, cal, tc.rule, DefaultMaxShift).Log; got != tc.want {
			t.Errorf("log\n got %s\nwant %s", got, tc.want)
		}
	}
}

// TestAnchorIncidents anchors every row of the bundled incidents file; the
// expected day 0 of each row is the "first trading reaction" stated in
// incidents.md / the row's label, or the next session by the rule.
func TestAnchorIncidents(t *testing.T) {
	cal := gspcCalendar(t)
	f, err := Load("testdata/incidents_events.csv", dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"tmobile-2021-claim":             "2021-08-16",
		"tmobile-2021-media":             "2021-08-16",
		"tmobile-2021-confirmation":      "2021-08-16",
		"tmobile-2021-filing":            "2021-08-17",
		"tmobile-2021-scope":             "2021-08-18",
		"tmobile-2021-update":            "2021-08-20",
		"tmobile-2023-filing":            "2023-01-20", // "first reaction Fri 2023-01-20"
		"equifax-2017-confirmation":      "2017-09-08",
		"equifax-2017-update":            "2017-10-03",
		"capitalone-2019-confirmation":   "2019-07-30", // "first reaction Tue 2019-07-30"
		"marriott-2018-confirmation":     "2018-11-30",
		"marriott-2018-update":           "2019-01-04",
		"facebook-2018-confirmation":     "2018-09-28",
		"facebook-2018-update":           "2018-10-12",
		"target-2013-media":              "2013-12-19",
		"target-2013-confirmation":       "2013-12-19",
		"target-2013-update":             "2014-01-10",
		"homedepot-2014-media":           "2014-09-02",
		"homedepot-2014-confirmation":    "2014-09-09",
		"homedepot-2014-scope":           "2014-09-18",
		"solarwinds-2020-media":          "2020-12-09",
		"solarwinds-2020-media-2":        "2020-12-14",
		"solarwinds-2020-confirmation":   "2020-12-14", // "first trading reaction Mon 2020-12-14"
		"solarwinds-2020-filing":         "2020-12-14",
		"okta-2022-claim":                "2022-03-22",
		"okta-2022-confirmation":         "2022-03-22",
		"okta-2022-scope":                "2022-03-23", // "first reaction Wed 2022-03-23"
		"unitedhealth-2024-confirmation": "2024-02-21",
		"unitedhealth-2024-filing":       "2024-02-23", // "first reaction Fri 2024-02-23"
	}
	if len(f.Events) != len(want) {
		t.Fatalf("%d events, want %d", len(f.Events), len(want))
	}
	for i := range f.Events {
		e := &f.Events[i]
		a := AnchorEvent(e, cal, RuleNext, DefaultMaxShift)
		if a.Day0 < 0 {
			t.Errorf("%s excluded: %s", e.ID, a.Reason)
			continue
		}
		if got := cal.Days[a.Day0].String(); got != want[e.ID] {
			t.Errorf("%s: day 0 %s, want %s (%s)", e.ID, got, want[e.ID], a.Log)
		}
	}
}

func TestParseRule(t *testing.T) {
	tests := []struct {
		in   string
		want Rule
		ok   bool
	}{
		{"next", RuleNext, true}, {"", RuleNext, true}, {" Previous ", RulePrevious, true},
		{"EXACT", RuleExact, true}, {"skip", RuleSkip, true}, {"nearest", "", false}, {"nex", "", false},
	}
	for _, tc := range tests {
		got, err := ParseRule(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseRule(%q) = %q, %v; want %q ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestAnchorEmptyCalendar(t *testing.T) {
	e := &Event{ID: "x", Date: 1000}
	for _, cal := range []*dates.Calendar{nil, {}} {
		a := AnchorEvent(e, cal, RuleNext, 7)
		if a.Day0 != -1 || a.Reason != ReasonOutsideData {
			t.Errorf("empty calendar: %+v", a)
		}
	}
}
