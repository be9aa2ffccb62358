package events

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/dates"
)

// FuzzParse feeds arbitrary bytes to Parse: it must not panic, and a file
// it accepts must hold events with an id, a firm, unique ids, a
// characteristic per column and increasing line numbers.
func FuzzParse(f *testing.F) {
	if data, err := os.ReadFile("testdata/incidents_events.csv"); err == nil {
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"event_id,firm,date\n",
		"event_id,firm,date\na,TMUS,2021-08-15\n",
		"\xEF\xBB\xBFevent_id;firm;date;time;session\r\na;X;2021-08-16;17:27;after\r\n",
		"event_id\tfirm\tdate\tpeers\tx\na\tX\t20210816\tVZ|T\t1.5\n",
		"event_id,firm,date,label\na,X,08/15/2021,\"multi\nline\"\n",
		"event_id,firm,date\na,X,01/02/2021\n",
		"evnt_id,Firm ID,date,,\n1,2,3,,\n",
		"event_id,firm,date,records\na,X,2021-01-04,\"1\"x\nb,,bad,NA\n",
		"event_id,firm,date\ra,X,2021-08-15\r",
		"\xff\xfe\x00",
		"# c\n\n,,,\n",
		"id,ticker,event_date,company\na,TMUS,2021-08-16T21:27:00Z,T-Mobile\nb,VZ,2021-08-16 17:27 ET,Verizon\n",
		"event_id, firm, date, time, label\ne2, BBB, 2020-12-03, 5:27 PM, \"breach, records exposed\"\n",
		"event_id,symbol,ticker,date\na,X,X,2021-08-16 00:00:00\n",
		"event_id,firm,date,notes,records\na,X,2021-08-16 17:27 EST,3,1\nb,X,2021-12-16 17:27 EST,see,x\n",
		"event_id,firm,date,est_start,est_end,window\na,X,2021-08-16,-200,2021-07-30,\"-5,5\"\nb,X,2021-08-16,x,,5:-5\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, df := range []dates.DateFormat{dates.DateAuto, dates.DateUS} {
			file, err := Parse("fuzz.csv", data, df)
			if err != nil {
				if file != nil {
					t.Fatal("file returned with an error")
				}
				if err.Error() == "" {
					t.Fatal("empty error message")
				}
				continue
			}
			if len(file.Events) == 0 {
				t.Fatal("accepted a file without events")
			}
			seen := map[string]bool{}
			last := 0
			for _, e := range file.Events {
				if e.ID == "" || e.Firm == "" {
					t.Fatalf("event without id or firm: %+v", e)
				}
				if seen[e.ID] {
					t.Fatalf("duplicate id %q accepted", e.ID)
				}
				seen[e.ID] = true
				if len(e.Characteristics) != len(file.Characteristics) {
					t.Fatalf("%d characteristics, file has %d", len(e.Characteristics), len(file.Characteristics))
				}
				if e.Line <= last {
					t.Fatalf("line %d after line %d", e.Line, last)
				}
				last = e.Line
				if e.Time != "" && (len(e.Time) != 5 || e.Time[2] != ':') {
					t.Fatalf("time %q not HH:MM", e.Time)
				}
			}
		}
	})
}

// FuzzAnchor anchors arbitrary dates, times and sessions on the real
// calendar under every rule: no panic, and an anchored day 0 obeys its
// rule and the shift cap.
func FuzzAnchor(f *testing.F) {
	cal := gspcCalendar(f)
	f.Add(int32(18854), "", "", uint8(0), 7)           // 2021-08-15
	f.Add(int32(18855), "17:27", "after", uint8(0), 7) // 2021-08-16
	f.Add(int32(18813), "", "intraday", uint8(2), 7)   // 2021-07-05
	f.Add(int32(7305), "", "", uint8(1), 0)            // 1990-01-01
	f.Add(int32(19979), "16:00", "pre", uint8(3), 2)   // 2024-09-13
	f.Add(int32(-100000), "99:99", "x", uint8(9), -5)
	rules := []Rule{RuleNext, RulePrevious, RuleExact, RuleSkip, "bogus"}
	f.Fuzz(func(t *testing.T, d int32, tm, session string, r uint8, maxShift int) {
		e := &Event{ID: "f", Firm: "X", Date: dates.Day(d), Time: tm, Session: Session(session)}
		rule := rules[int(r)%len(rules)]
		a := AnchorEvent(e, cal, rule, maxShift)
		if a.Log == "" {
			t.Fatal("empty log")
		}
		if a.Day0 < 0 {
			if a.Day0 != -1 || a.Reason == "" {
				t.Fatalf("excluded without reason: %+v", a)
			}
			return
		}
		if a.Reason != "" || a.Day0 >= cal.Len() {
			t.Fatalf("bad anchor %+v", a)
		}
		limit := maxShift
		if limit < 1 {
			limit = DefaultMaxShift
		}
		got := cal.Days[a.Day0]
		if int(got-e.Date) != a.Shift || a.Shift > limit || -a.Shift > limit {
			t.Fatalf("shift %d for %s → %s (cap %d)", a.Shift, e.Date, got, limit)
		}
		switch rule {
		case RuleNext, RuleSkip:
			if got < e.Date || (a.After && got == e.Date) {
				t.Fatalf("%s: day 0 %s before the disclosure %s", rule, got, e.Date)
			}
			if a.Day0 > 0 && cal.Days[a.Day0-1] > e.Date && !a.After {
				t.Fatalf("%s: skipped a trading day", rule)
			}
		case RulePrevious:
			if got > e.Date || (a.Day0+1 < cal.Len() && cal.Days[a.Day0+1] <= e.Date) {
				t.Fatalf("previous: %s for %s", got, e.Date)
			}
		case RuleExact:
			if got != e.Date {
				t.Fatalf("exact: %s for %s", got, e.Date)
			}
		}
	})
}

// FuzzTimestamp feeds arbitrary date cells and time cells to the
// timestamp reading: no panic; an accepted clock formats back to the same
// clock; a zoned time converts to the New York date and time of the same
// instant (checked with time.Time); and a file holding the cells either
// parses to an HH:MM time or reports a line.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{
		"2021-08-16T21:27:00Z", "2021-08-17T01:00:00Z", "2021-08-16T17:27:00-04:00", "2021-08-16 17:27 ET",
		"2021-08-16 17:27 EST", "2021-12-16 17:27 EST", "2021-08-16 00:00:00", "2021-08-16 5:27 PM",
		"2021-08-16 5:27pm", "2021-08-16T17:27:00.123+0530", "2021-03-14T02:30:00 ET", "2021-11-07T01:30 ET",
		"Aug 16, 2021 5:27 PM ET", "2021-08-16 x", "2021-08-16T", "T1:", "2021-08-16 17:27 PST", "12:00 a.m.",
	} {
		f.Add(s, "")
	}
	f.Add("2021-08-16", "5:27 PM")
	f.Add("2021-08-17", "01:00 UTC")
	f.Add("2021-08-16", "21:27Z")
	ny, err := time.LoadLocation(ExchangeZone)
	if err != nil {
		f.Fatal(err)
	}
	day := dates.DayOf(2021, 8, 16)
	f.Fuzz(func(t *testing.T, date, tm string) {
		for _, s := range []string{date, tm} {
			_, clk, ok := splitTimestamp(s)
			if !ok {
				clk = s
			}
			c, err := parseClockZone(clk)
			if err != nil {
				continue
			}
			if c.hour > 23 || c.min > 59 || c.sec > 59 {
				t.Fatalf("%q: clock %+v out of range", clk, c)
			}
			back := fmt.Sprintf("%02d:%02d:%02d", c.hour, c.min, c.sec)
			if c.zone != "" {
				back += " " + c.zone
			}
			c2, err := parseClockZone(back)
			if err != nil || c2 != c {
				t.Fatalf("%q → %+v → %q → %+v, %v", clk, c, back, c2, err)
			}
			d, hhmm, zone, err := exchangeTime(day, c)
			if err != nil || c.kind == zoneNone {
				continue
			}
			var inst time.Time
			switch c.kind {
			case zoneFixed:
				inst = time.Date(2021, 8, 16, c.hour, c.min, c.sec, 0, time.FixedZone("", c.offset))
			default:
				inst = time.Date(2021, 8, 16, c.hour, c.min, c.sec, 0, ny)
			}
			local := inst.In(ny)
			name, _ := local.Zone()
			if got := d.String() + " " + hhmm + " " + zone; got != local.Format("2006-01-02 15:04 ")+name {
				t.Fatalf("%q: %s, the instant is %s in New York", clk, got, local.Format("2006-01-02 15:04 MST"))
			}
		}
		if strings.ContainsAny(date+tm, ",\"\n\r") {
			return
		}
		data := "event_id,firm,date,time\na,X," + date + "," + tm + "\n"
		file, err := Parse("fuzz.csv", []byte(data), dates.DateAuto)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.csv:") {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		e := file.Events[0]
		if e.Time != "" && (len(e.Time) != 5 || e.Time[2] != ':') {
			t.Fatalf("time %q not HH:MM", e.Time)
		}
		if (e.Stamp == "") != (e.Zone == "") {
			t.Fatalf("stamp %q zone %q", e.Stamp, e.Zone)
		}
	})
}
