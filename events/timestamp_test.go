package events

import (
	"strings"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/dates"
)

func TestParseClockZone(t *testing.T) {
	tests := []struct {
		in         string
		hour, min  int
		kind       zoneKind
		offset     int
		wantErrSub string
	}{
		{"17:27", 17, 27, zoneNone, 0, ""},
		{"9:05", 9, 5, zoneNone, 0, ""},
		{"17:27:02", 17, 27, zoneNone, 0, ""},
		{"17:27:02.123", 17, 27, zoneNone, 0, ""},
		{"5:27 PM", 17, 27, zoneNone, 0, ""},
		{"5:27pm", 17, 27, zoneNone, 0, ""},
		{"5:27 p.m.", 17, 27, zoneNone, 0, ""},
		{"12:05 AM", 0, 5, zoneNone, 0, ""},
		{"12:05 PM", 12, 5, zoneNone, 0, ""},
		{"17:27 ET", 17, 27, zoneNewYork, 0, ""},
		{"17:27 EDT", 17, 27, zoneEDT, 0, ""},
		{"17:27 est", 17, 27, zoneEST, 0, ""},
		{"21:27:00Z", 21, 27, zoneFixed, 0, ""},
		{"21:27 UTC", 21, 27, zoneFixed, 0, ""},
		{"21:27 GMT", 21, 27, zoneFixed, 0, ""},
		{"17:27:00-04:00", 17, 27, zoneFixed, -4 * 3600, ""},
		{"17:27 -0400", 17, 27, zoneFixed, -4 * 3600, ""},
		{"23:27+05:30", 23, 27, zoneFixed, 5*3600 + 1800, ""},
		{"17:27-04", 17, 27, zoneFixed, -4 * 3600, ""},
		{"5:27 PM ET", 17, 27, zoneNewYork, 0, ""},
		{"25:00", 0, 0, 0, 0, "hour or minute out of range"},
		{"13:30 pm", 0, 0, 0, 0, "a 12-hour clock runs from 1 to 12"},
		{"0:30 am", 0, 0, 0, 0, "a 12-hour clock runs from 1 to 12"},
		{"17:27 PST", 0, 0, 0, 0, `time zone "PST" is not accepted`},
		{"17:27 CET", 0, 0, 0, 0, `time zone "CET" is not accepted`},
		{"17:27+4:00", 0, 0, 0, 0, "write it as ±HH:MM"},
		{"17:27+15:00", 0, 0, 0, 0, "out of range"},
		{"17:27:61", 0, 0, 0, 0, "seconds out of range"},
		{"17:7", 0, 0, 0, 0, "not a clock time"},
		{"1727", 0, 0, 0, 0, "not a clock time"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			c, err := parseClockZone(tc.in)
			if tc.wantErrSub != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrSub) {
					t.Fatalf("error %v, want %q", err, tc.wantErrSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.hour != tc.hour || c.min != tc.min || c.kind != tc.kind || c.offset != tc.offset {
				t.Errorf("got %+v, want %02d:%02d kind %d offset %d", c, tc.hour, tc.min, tc.kind, tc.offset)
			}
		})
	}
}

// TestParseTimestamps reads date and time cells as people and tools write
// them and checks the exchange-clock date and time each becomes, against
// instants computed independently with time.Time in America/New_York.
func TestParseTimestamps(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, date, tm string
		wantDate       string
		wantTime       string // "" = no clock time
		wantZone       string // "" = no conversion
		wantNote       string
		wantErr        string
		instant        string // RFC 3339, by hand, for the converted cases
	}{
		{"ISO Z after close", "2021-08-16T21:27:00Z", "", "2021-08-16", "17:27", "EDT", "converted to New York time", "", "2021-08-16T21:27:00Z"},
		{"ISO offset", "2021-08-16T17:27:00-04:00", "", "2021-08-16", "17:27", "EDT", "converted", "", "2021-08-16T21:27:00Z"},
		{"ISO offset compact", "2021-08-16T17:27:00-0400", "", "2021-08-16", "17:27", "EDT", "converted", "", "2021-08-16T21:27:00Z"},
		{"UTC date differs from NY date", "2021-08-17T01:00:00Z", "", "2021-08-16", "21:00", "EDT", "converted", "", "2021-08-17T01:00:00Z"},
		{"ET", "2021-08-16 17:27 ET", "", "2021-08-16", "17:27", "EDT", "converted", "", "2021-08-16T21:27:00Z"},
		{"EDT", "2021-08-16 17:27 EDT", "", "2021-08-16", "17:27", "EDT", "converted", "", "2021-08-16T21:27:00Z"},
		{"EST in winter", "2021-12-16 17:27 EST", "", "2021-12-16", "17:27", "EST", "converted", "", "2021-12-16T22:27:00Z"},
		{"EST in summer refused", "2021-08-16 17:27 EST", "", "", "", "", "", `New York was on EDT (UTC-04:00) that day; write ET`, ""},
		{"EDT in winter refused", "2021-12-16 17:27 EDT", "", "", "", "", "", `New York was on EST (UTC-05:00) that day`, ""},
		{"winter Z", "2021-01-15T21:27:00Z", "", "2021-01-15", "16:27", "EST", "converted", "", "2021-01-15T21:27:00Z"},
		{"DST starts (Mar 14 2021)", "2021-03-14T12:00:00Z", "", "2021-03-14", "08:00", "EDT", "converted", "", "2021-03-14T12:00:00Z"},
		{"DST ends (Nov 7 2021)", "2021-11-07T12:00:00Z", "", "2021-11-07", "07:00", "EST", "converted", "", "2021-11-07T12:00:00Z"},
		{"Asia offset across midnight", "2021-08-17T05:27:00+08:00", "", "2021-08-16", "17:27", "EDT", "converted", "", "2021-08-16T21:27:00Z"},
		{"pandas midnight", "2021-08-16 00:00:00", "", "2021-08-16", "", "", "as pandas writes dates", "", ""},
		{"pandas midnight with time column", "2021-08-16 00:00:00", "17:27", "2021-08-16", "17:27", "", "as pandas writes dates", "", ""},
		{"no zone in date cell", "2021-08-16 17:27:00", "", "2021-08-16", "17:27", "", "without a zone read as New York (exchange) time", "", ""},
		{"12-hour time column", "2021-08-16", "5:27 PM", "2021-08-16", "17:27", "", "", "", ""},
		{"12-hour time column, no space", "2021-08-16", "5:27pm", "2021-08-16", "17:27", "", "", "", ""},
		{"zoned time column", "2021-08-16", "21:27Z", "2021-08-16", "17:27", "EDT", "converted", "", "2021-08-16T21:27:00Z"},
		{"zoned time column crossing midnight", "2021-08-17", "01:00 UTC", "2021-08-16", "21:00", "EDT", "converted", "", "2021-08-17T01:00:00Z"},
		{"time in both columns", "2021-08-16T21:27:00Z", "17:27", "", "", "", "", "holds a clock time and the time column holds", ""},
		{"refused abbreviation", "2021-08-16 17:27 PST", "", "", "", "", "", `time zone "PST" is not accepted; give the UTC offset`, ""},
		{"not a timestamp", "2021-08-16 x", "", "", "", "", "", `date "2021-08-16 x": not a date`, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := "event_id,firm,date,time\na,TMUS," + tc.date + "," + tc.tm + "\n"
			f, err := Parse("ev.csv", []byte(data), dates.DateAuto)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "ev.csv:2:") {
					t.Fatalf("error %v, want ev.csv:2:... %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e := f.Events[0]
			if e.Date.String() != tc.wantDate || e.Time != tc.wantTime || e.Zone != tc.wantZone {
				t.Errorf("got %s %q %q, want %s %q %q", e.Date, e.Time, e.Zone, tc.wantDate, tc.wantTime, tc.wantZone)
			}
			if tc.wantZone != "" {
				// The instant written by hand, shown in New York by the
				// standard library.
				inst, err := time.Parse(time.RFC3339, tc.instant)
				if err != nil {
					t.Fatal(err)
				}
				if got := inst.In(ny).Format("2006-01-02 15:04 MST"); got != tc.wantDate+" "+tc.wantTime+" "+tc.wantZone {
					t.Errorf("time.Parse gives %s, want %s %s %s", got, tc.wantDate, tc.wantTime, tc.wantZone)
				}
			} else if e.Stamp != "" {
				t.Errorf("stamp %q without a conversion", e.Stamp)
			}
			if d := strings.Join(f.Detection, "; "); (tc.wantNote == "") != (d == "") || !strings.Contains(d, tc.wantNote) {
				t.Errorf("detection %q, want %q", d, tc.wantNote)
			}
		})
	}
}

// TestAnchorTimestamps anchors zoned disclosures of the T-Mobile incident
// on the real S&P 500 calendar: the 8-K accepted at 21:27 UTC is 17:27 EDT,
// after the close, so day 0 is Tue 2021-08-17; a time whose UTC date is
// the 17th but whose New York date is the 16th lands on the 16th's
// evening (day 0 the 17th again); the Reuters timestamp 19:39 UTC is
// 15:39 EDT, intraday (day 0 Mon 08-16). The log shows the conversion.
func TestAnchorTimestamps(t *testing.T) {
	cal := gspcCalendar(t)
	data := "event_id,firm,date\n" +
		"filing,TMUS,2021-08-16T21:27:00Z\n" +
		"late,TMUS,2021-08-17T01:00:00Z\n" +
		"reuters,TMUS,2021-08-16T19:39:00Z\n" +
		"pre,TMUS,2021-08-16T13:00:00Z\n" +
		"et,TMUS,2021-08-16 17:27 ET\n"
	f, err := Parse("ev.csv", []byte(data), dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ day0, log string }{
		"filing":  {"2021-08-17", "filing: given 2021-08-16T21:27:00Z = 2021-08-16 (Mon) 17:27 EDT after close → day 0 2021-08-17 (Tue) [next]"},
		"late":    {"2021-08-17", "late: given 2021-08-17T01:00:00Z = 2021-08-16 (Mon) 21:00 EDT after close → day 0 2021-08-17 (Tue) [next]"},
		"reuters": {"2021-08-16", "reuters: given 2021-08-16T19:39:00Z = 2021-08-16 (Mon) 15:39 EDT intraday → day 0 2021-08-16 (Mon) [next]"},
		"pre":     {"2021-08-16", "pre: given 2021-08-16T13:00:00Z = 2021-08-16 (Mon) 09:00 EDT pre-market → day 0 2021-08-16 (Mon) [next]"},
		"et":      {"2021-08-17", "et: given 2021-08-16 17:27 ET = 2021-08-16 (Mon) 17:27 EDT after close → day 0 2021-08-17 (Tue) [next]"},
	}
	for i := range f.Events {
		e := &f.Events[i]
		t.Run(e.ID, func(t *testing.T) {
			a := AnchorEvent(e, cal, RuleNext, DefaultMaxShift)
			if a.Day0 < 0 {
				t.Fatalf("excluded: %s", a.Log)
			}
			w := want[e.ID]
			if got := cal.Days[a.Day0].String(); got != w.day0 {
				t.Errorf("day 0 %s, want %s", got, w.day0)
			}
			if a.Log != w.log {
				t.Errorf("log\n%s\nwant\n%s", a.Log, w.log)
			}
			prev := AnchorEvent(e, cal, RulePrevious, DefaultMaxShift)
			if !strings.Contains(prev.Log, "= 2021-08-16 (Mon) ") {
				t.Errorf("previous-rule log lacks the conversion: %s", prev.Log)
			}
		})
	}
}
