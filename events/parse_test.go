package events

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
)

func TestParseIncidents(t *testing.T) {
	f, err := Load("testdata/incidents_events.csv", dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if f.Delimiter != ',' {
		t.Errorf("delimiter %q", f.Delimiter)
	}
	if len(f.Characteristics) != 1 || f.Characteristics[0] != "records" {
		t.Fatalf("characteristics %q, want [records]", f.Characteristics)
	}
	// Compare every event with the file as read by encoding/csv alone
	// (an independent reader), so labels and sources stay verbatim.
	raw, err := os.ReadFile("testdata/incidents_events.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Events) != len(recs)-1 {
		t.Fatalf("%d events, want %d", len(f.Events), len(recs)-1)
	}
	for i, e := range f.Events {
		r := recs[i+1]
		if e.ID != r[0] || e.Firm != r[1] || e.Date.String() != r[2] || e.Time != r[3] ||
			string(e.Session) != r[4] || e.Incident != r[5] || e.Stage != r[6] || e.Label != r[7] ||
			e.Source != r[9] || e.Group != "breach" {
			t.Errorf("event %d = %+v, want record %q", i, e, r)
		}
		if r[8] == "" {
			if !math.IsNaN(e.Characteristics[0]) {
				t.Errorf("%s: records %v, want NaN", e.ID, e.Characteristics[0])
			}
		} else if got := e.Characteristics[0]; got != mustFloat(t, r[8]) {
			t.Errorf("%s: records %v, want %s", e.ID, got, r[8])
		}
	}
	// Line numbers: every row is one line here (no multi-line fields).
	for i, e := range f.Events {
		if e.Line != i+2 {
			t.Errorf("%s: line %d, want %d", e.ID, e.Line, i+2)
		}
	}
	tm := f.Events[3]
	if tm.ID != "tmobile-2021-filing" || tm.Time != "17:27" || tm.Session != SessionAfter || !math.IsNaN(tm.Characteristics[0]) {
		t.Errorf("filing row: %+v", tm)
	}
}

// mustFloat reads the integer record counts of the fixture digit by digit,
// independently of the parser's strconv path.
func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	var v float64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not an integer: %q", s)
		}
		v = v*10 + float64(c-'0')
	}
	return v
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		delim rune
		ids   []string
		lines []int
		dates []string
	}{
		{"comma", "event_id,firm,date\na,TMUS,2021-08-15\nb,VZ,2021-08-16\n", ',',
			[]string{"a", "b"}, []int{2, 3}, []string{"2021-08-15", "2021-08-16"}},
		{"semicolon BOM CRLF", "\xEF\xBB\xBFevent_id;firm;date\r\na;TMUS;2021-08-15\r\n", ';',
			[]string{"a"}, []int{2}, []string{"2021-08-15"}},
		{"tab, no final newline", "event_id\tfirm\tdate\na\tTMUS\t20210815", '\t',
			[]string{"a"}, []int{2}, []string{"2021-08-15"}},
		{"case and spaces in header", " Event ID , FIRM ,Date\na,TMUS,2021-08-15\n", ',',
			[]string{"a"}, []int{2}, []string{"2021-08-15"}},
		{"quoted multi-line label keeps line numbers", "event_id,firm,date,label\na,TMUS,2021-08-15,\"two\nlines, with comma\"\nb,TMUS,2021-08-16,x\n", ',',
			[]string{"a", "b"}, []int{2, 4}, []string{"2021-08-15", "2021-08-16"}},
		{"comments and blank rows", "# events\nevent_id,firm,date\n\n# comment\na,TMUS,2021-08-15\n,,\n", ',',
			[]string{"a"}, []int{5}, []string{"2021-08-15"}},
		{"US slash dates resolved by a day > 12", "event_id,firm,date\na,X,08/15/2021\nb,X,01/02/2021\n", ',',
			[]string{"a", "b"}, []int{2, 3}, []string{"2021-08-15", "2021-01-02"}},
		{"EU slash dates resolved by a day > 12", "event_id,firm,date\na,X,15/08/2021\nb,X,01/02/2021\n", ',',
			[]string{"a", "b"}, []int{2, 3}, []string{"2021-08-15", "2021-02-01"}},
		{"dotted dates are day.month", "event_id,firm,date\na,X,02.01.2021\n", ',',
			[]string{"a"}, []int{2}, []string{"2021-01-02"}},
		{"old Mac CR line ends", "event_id,firm,date\ra,X,2021-08-15\r", ',',
			[]string{"a"}, []int{2}, []string{"2021-08-15"}},
		{"unnamed empty trailing column", "event_id,firm,date,\na,X,2021-08-15,\n", ',',
			[]string{"a"}, []int{2}, []string{"2021-08-15"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("ev.csv", []byte(tc.data), dates.DateAuto)
			if err != nil {
				t.Fatal(err)
			}
			if f.Delimiter != tc.delim {
				t.Errorf("delimiter %q, want %q", f.Delimiter, tc.delim)
			}
			if len(f.Events) != len(tc.ids) {
				t.Fatalf("%d events, want %d", len(f.Events), len(tc.ids))
			}
			for i, e := range f.Events {
				if e.ID != tc.ids[i] || e.Line != tc.lines[i] || e.Date.String() != tc.dates[i] {
					t.Errorf("event %d: id %q line %d date %s; want %q %d %s", i, e.ID, e.Line, e.Date, tc.ids[i], tc.lines[i], tc.dates[i])
				}
			}
		})
	}
}

func TestParseNotesAndFormats(t *testing.T) {
	f, err := Parse("ev.csv", []byte("   \nevent_id,firm,date,\na,X,2021-08-15,\n"), dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Notes) != 1 || f.Notes[0] != "ev.csv:2:20: column 4 has no name and no values; ignored" {
		t.Errorf("notes %q", f.Notes)
	}
	// An explicit --date-format still reads ISO and compact dates (they
	// cannot be misread) and applies to slash dates.
	f, err = Parse("ev.csv", []byte("event_id,firm,date\na,X,2021-08-15\nb,X,20210816\nc,X,08/17/2021\n"), dates.DateUS)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"2021-08-15", "2021-08-16", "2021-08-17"} {
		if got := f.Events[i].Date.String(); got != want {
			t.Errorf("event %d: %s, want %s", i, got, want)
		}
	}
	f, err = Parse("ev.csv", []byte("event_id,firm,date\na,X,01/02/2021\n"), dates.DateEU)
	if err != nil || f.Events[0].Date.String() != "2021-02-01" {
		t.Errorf("dmy: %v %v", f, err)
	}
}

func TestParseFields(t *testing.T) {
	data := "event_id,firm,date,time,session,peers,market,records,fine\n" +
		"a,TMUS,2021-08-16,9:05,PRE,VZ;T,SPY,100,\n" +
		"b,TMUS,2021-08-16,17:27:02,After,VZ | T  S,,NA,2.5e6\n" +
		"c,TMUS,2021-08-16,,Intraday,,,-3,\n"
	f, err := Parse("ev.csv", []byte(data), dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.Characteristics, ","); got != "records,fine" {
		t.Errorf("characteristics %q", got)
	}
	a, b, c := f.Events[0], f.Events[1], f.Events[2]
	if a.Time != "09:05" || a.Session != SessionPre || strings.Join(a.Peers, ",") != "VZ,T" || a.Market != "SPY" {
		t.Errorf("a = %+v", a)
	}
	if b.Time != "17:27" || b.Session != SessionAfter || strings.Join(b.Peers, ",") != "VZ,T,S" {
		t.Errorf("b = %+v", b)
	}
	if c.Session != SessionIntraday || c.Peers != nil {
		t.Errorf("c = %+v", c)
	}
	wantChar := [][2]float64{{100, math.NaN()}, {math.NaN(), 2.5e6}, {-3, math.NaN()}}
	for i, e := range f.Events {
		for j, w := range wantChar[i] {
			g := e.Characteristics[j]
			if !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
				t.Errorf("event %s char %d = %v, want %v", e.ID, j, g, w)
			}
		}
	}
}

// TestParseErrors checks that every problem of a file is reported in one
// pass, at its line and column, with a hint.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		data   string
		format dates.DateFormat
		want   []string // each must appear, in this order, one per error
	}{
		{"empty file", "", "", []string{"ev.csv: the events file is empty; "}},
		{"only blank lines", "\n\n", "", []string{"ev.csv: the events file has no header line"}},
		{"header only", "event_id,firm,date\n", "", []string{"ev.csv:1: no events"}},
		{"misspelled required", "evnt_id,Frim,date\na,b,2021-01-04\n", "", []string{
			`ev.csv:1: missing required column "event_id"`, `did you mean column 1 "evnt_id"? rename it to event_id`,
			`ev.csv:1: missing required column "firm"`, `did you mean column 2 "Frim"? rename it to firm`}},
		// company is only suggested: it is as often a name as a ticker.
		{"synonym suggested", "event_id,company,date\na,b,2021-01-04\n", "", []string{
			`ev.csv:1: missing required column "firm"`, `did you mean column 2 "company"?`}},
		// A misspelled known column is refused; another text column
		// (confidence) is an attribute.
		{"unknown text column", "event_id,firm,date,lable,confidence\na,X,2021-01-04,hello,high\n", "", []string{
			`ev.csv:1:20: unknown column "lable" (did you mean label?); rename it to label`, `known columns are event_id, firm, date, est_end, est_start, group`}},
		{"per-event window cells", "event_id,firm,date,est_start,est_end,window\na,X,2021-01-04,-2x,2021-13-01,\"5,-5\"\n", "", []string{
			`ev.csv:2:16: est_start "-2x": not a relative trading day or a date`,
			`ev.csv:2:20: est_end "2021-13-01": not a relative trading day or a date`,
			`ev.csv:2:31: window "5,-5": want two relative trading days like -5,5`}},
		{"duplicate column", "event_id,firm,date,Firm\na,X,2021-01-04,Y\n", "", []string{
			`ev.csv:1:20: duplicate column "Firm" (also column 2); keep one of them`}},
		{"wrong delimiter", "event_id|firm|date\na|X|2021-01-04\n", "", []string{
			`missing required column "event_id"`, "the delimiter must be ',', ';' or a tab"}},
		{"row problems all at once", "event_id,firm,date,time,session,records\n" +
			",X,2021-01-04,,,\n" + // empty id
			"b,,2021-01-04,,,\n" + // empty firm
			"c,X,,,,\n" + // empty date
			"d,X,2021-02-30,,,\n" + // no such date
			"e,X,2021-01-04,25:00,,\n" + // bad time
			"f,X,2021-01-04,13:30 pm,,\n" + // 12-hour time out of range
			"g,X,2021-01-04,,AMC,\n" + // other tool's session name
			"h,X,2021-01-04,,later,\n" + // bad session
			"i,X,2021-01-04,,,12x\n" + // bad number
			"b,X,2021-01-04,,,\n" + // duplicate id
			"k,X,2021-01-04\n" + // field count
			"l,X,2021-01-04 17:00 PST,,,\n" + // ambiguous zone abbreviation
			"m,X,2021-01-04,,,1\n",
			"", []string{
				`ev.csv:2:1: empty event_id; give every event a unique id`,
				`ev.csv:3:3: empty firm`,
				`ev.csv:4:5: empty date`,
				`ev.csv:5:5: date "2021-02-30": no such calendar date`,
				`ev.csv:6:16: time "25:00": hour or minute out of range; use 24-hour HH:MM`,
				`ev.csv:7:16: time "13:30 pm": hour 13 with PM: a 12-hour clock runs from 1 to 12`,
				`ev.csv:8:17: session "AMC" is not pre, intraday or after; write after (after the 16:00 close)`,
				`ev.csv:9:17: session "later" is not pre, intraday or after; use pre, intraday or after`,
				`ev.csv:10:18: column "records": "12x" is not a number`,
				`ev.csv:11:1: duplicate event_id "b" (first used on line 3)`,
				`ev.csv:12: 3 fields but the header has 6`,
				`ev.csv:13:5: date "2021-01-04 17:00 PST": time zone "PST" is not accepted; give the UTC offset instead`,
			}},
		{"ambiguous slash dates", "event_id,firm,date\na,X,01/02/2021\nb,X,03/04/2021\nc,X,2021-13-01\n", "", []string{
			`ev.csv:2:5: date column: dates like "01/02/2021" could be MM/DD/YYYY or DD/MM/YYYY; pass --date-format mdy or dmy`,
			`ev.csv:4:5: date "2021-13-01"`}},
		// A column proving the other order is read in it (TestEventDateLayouts);
		// one with both orders keeps the explicit format and fails its rows.
		{"explicit format mismatch", "event_id,firm,date\na,X,15/08/2021\nb,X,08/16/2021\n", dates.DateUS, []string{
			`ev.csv:2:5: date "15/08/2021": no such calendar date`}},
		{"bare quote", "event_id,firm,date,label\na,X,2021-01-04,say \"hi\"\nb,X,2021-01-04,ok\n", "", []string{
			`ev.csv:2:20: a quote (") inside a field that is not quoted; quote a field`}},
		{"non-UTF-8", "event_id,firm,date,label\na,X,2021-01-04,caf\xe9\nb,X,2021-01-04,ok\xff\n", "", []string{
			`ev.csv:2:19: byte 0xE9 is not UTF-8 text; save the file as UTF-8`,
			`ev.csv:3:18: byte 0xFF is not UTF-8 text`}},
		{"UTF-16 decoded, then checked", "\xff\xfee\x00v\x00", "", []string{`ev.csv:1: missing required column "event_id"`}},
		{"unnamed column with values", "event_id,firm,date,\na,X,2021-01-04,7\n", "", []string{
			`ev.csv:1:20: column 4 has no name`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("ev.csv", []byte(tc.data), tc.format)
			if err == nil {
				t.Fatalf("no error; events %+v", f.Events)
			}
			if f != nil {
				t.Errorf("file returned with an error")
			}
			msg := err.Error()
			rest := msg
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error\n%s\nlacks (in order) %q", msg, w)
				}
				rest = rest[i+len(w):]
			}
			var ies inputerr.InputErrors
			var ie *inputerr.InputError
			switch {
			case errors.As(err, &ies):
				for _, e := range ies {
					if e.File != "ev.csv" || e.What == "" {
						t.Errorf("bad InputError %+v", e)
					}
				}
			case errors.As(err, &ie):
			default:
				t.Errorf("error is %T, want inputerr.InputErrors", err)
			}
		})
	}
}

func TestParseErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("event_id,firm,date\n")
	for i := 0; i < 50; i++ {
		b.WriteString("x,,bad\n")
	}
	_, err := Parse("ev.csv", []byte(b.String()), dates.DateAuto)
	var ies inputerr.InputErrors
	if !errors.As(err, &ies) {
		t.Fatalf("error %T", err)
	}
	// 50 empty firms + 50 bad dates + 49 duplicate ids.
	if len(ies) != 149 {
		t.Errorf("%d problems, want 149", len(ies))
	}
	msg := err.Error()
	if got := strings.Count(msg, "ev.csv:"); got != inputerr.MaxReported {
		t.Errorf("%d problems listed, want %d", got, inputerr.MaxReported)
	}
	if !strings.HasSuffix(msg, "and 129 more problems") {
		t.Errorf("message ends %q", msg[len(msg)-40:])
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load("testdata/no-such-file.csv", dates.DateAuto)
	if err == nil || !strings.HasPrefix(err.Error(), "testdata/no-such-file.csv: cannot read the events file: no such file or directory; check the --events path") {
		t.Errorf("got %v", err)
	}
}

func TestClosestKnown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"evnt_id", ColEventID}, {"Firm ID", ColFirm}, {"eventid", ColEventID}, {"Datum", ColDate},
		{"ticker", ColFirm}, {"lable", ColLabel}, {"sesion", ColSession}, {"records", ""}, {"confidence", ""},
	}
	for _, tc := range tests {
		if got := closestKnown(tc.in, KnownColumns); got != tc.want {
			t.Errorf("closestKnown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTimingOf(t *testing.T) {
	tests := []struct {
		time    string
		session Session
		want    Session
		warn    bool
	}{
		{"", "", SessionIntraday, true},
		{"", SessionAfter, SessionAfter, false},
		{"", SessionPre, SessionPre, false},
		{"09:29", "", SessionPre, false},
		{"09:30", "", SessionIntraday, false},
		{"15:59", SessionIntraday, SessionIntraday, false},
		{"16:00", "", SessionAfter, false},
		{"16:00", SessionIntraday, SessionAfter, true},
		{"04:30", SessionPre, SessionPre, false},
		{"bad", SessionAfter, SessionIntraday, true},
	}
	for _, tc := range tests {
		got := TimingOf(&Event{Time: tc.time, Session: tc.session})
		if got.Session != tc.want || (got.Warning != "") != tc.warn {
			t.Errorf("TimingOf(%q, %q) = %+v, want %q warn=%v", tc.time, tc.session, got, tc.want, tc.warn)
		}
	}
}

// TestParseUTF16 reads Excel's "Unicode text" export (UTF-16 with or
// without a byte-order mark, little or big endian, tab-delimited) to the
// same events as the UTF-8 file, and says it decoded it.
func TestParseUTF16(t *testing.T) {
	plain := "event_id\tfirm\tdate\tlabel\r\ntmus-confirm\tTMUS\t2021-08-16\tT-Mobile confirms (café)\r\n"
	want, err := Parse("ev.txt", []byte(plain), "")
	if err != nil {
		t.Fatal(err)
	}
	enc := func(s string, le, bom bool) []byte {
		var b []byte
		if bom {
			if le {
				b = append(b, 0xff, 0xfe)
			} else {
				b = append(b, 0xfe, 0xff)
			}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			if le {
				b = append(b, byte(u), byte(u>>8))
			} else {
				b = append(b, byte(u>>8), byte(u))
			}
		}
		return b
	}
	for _, tc := range []struct {
		name    string
		le, bom bool
		step    string
	}{
		{"LE with BOM", true, true, "UTF-16LE decoded"},
		{"BE with BOM", false, true, "UTF-16BE decoded"},
		{"LE without BOM", true, false, "UTF-16LE decoded (no byte-order mark; detected from the zero bytes)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse("ev.txt", enc(plain, tc.le, tc.bom), "")
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Events) != 1 || !reflect.DeepEqual(got.Events, want.Events) {
				t.Fatalf("events %+v, want %+v", got.Events, want.Events)
			}
			if len(got.Detection) == 0 || got.Detection[0] != tc.step {
				t.Errorf("detection %q, want first %q", got.Detection, tc.step)
			}
		})
	}
}

// TestMadeIDs: a file without an event_id column (WRDS's event-study
// input is permno,evtdate) gets ids from firm and date, numbered for a
// firm's second event on one date, and says so; a misspelled event_id
// column is still refused rather than replaced.
func TestMadeIDs(t *testing.T) {
	f, err := Parse("ev.csv", []byte("permno,evtdate\n90720,20210816\n90720,08/16/2021\n12490,2021-08-17\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range f.Events {
		ids = append(ids, e.ID+"@"+e.Date.String())
	}
	want := []string{"90720-2021-08-16@2021-08-16", "90720-2021-08-16-2@2021-08-16", "12490-2021-08-17@2021-08-17"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
	if d := strings.Join(f.Detection, "; "); !strings.Contains(d, "no event_id column: each event's id is its firm and its date as given (90720-2021-08-16;") {
		t.Errorf("detection %q", d)
	}
	_, err = Parse("ev.csv", []byte("evnt_id,firm,date\na,TMUS,2021-08-16\n"), "")
	if err == nil || !strings.Contains(err.Error(), `ev.csv:1: missing required column "event_id"`) || !strings.Contains(err.Error(), `did you mean column 1 "evnt_id"`) {
		t.Errorf("misspelled event_id: %v", err)
	}
}

// TestDateLayoutsDetected: the detection line names the date column's
// layouts as written, each once, in order of first use.
func TestDateLayoutsDetected(t *testing.T) {
	for _, tc := range []struct{ name, dates, want string }{
		{"ISO", "2021-08-16|2021-08-17", "dates YYYY-MM-DD"},
		{"mixed", "20210816|08/16/2021|2021-08-18", "dates YYYYMMDD and MM/DD/YYYY and YYYY-MM-DD"},
		{"unpadded US", "8/16/2021|8/17/2021", "dates M/D/YYYY"},
		{"month names", `"Aug 16, 2021"|"Aug 17, 2021"`, "dates Mon D, YYYY"},
		{"timestamp: the date part", "2021-08-16T21:27:00Z|2021-08-17", "dates YYYY-MM-DD;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := "event_id,firm,date\n"
			for i, d := range strings.Split(tc.dates, "|") {
				data += fmt.Sprintf("e%d,TMUS,%s\n", i, d)
			}
			f, err := Parse("ev.csv", []byte(data), "")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(f.Detail(), ", "+tc.want) {
				t.Errorf("detail %q lacks %q", f.Detail(), tc.want)
			}
		})
	}
}
