package edgar

import (
	"strings"
	"testing"
	"time"
)

func TestParseHeader(t *testing.T) {
	cases := []struct {
		name, in, want, err string
	}{
		// EDT: 16:30:05 New York = 20:30:05 UTC.
		{"daylight time", "<SEC-HEADER>x\n<ACCEPTANCE-DATETIME>20240315163005\nACCESSION NUMBER: 1", "2024-03-15T20:30:05Z", ""},
		// EST: 16:35 New York = 21:35 UTC.
		{"standard time", "<ACCEPTANCE-DATETIME>20240110163500\r\n", "2024-01-10T21:35:00Z", ""},
		{"at end of file", "<ACCEPTANCE-DATETIME>20231220171500", "2023-12-20T22:15:00Z", ""},
		{"no tag", "<SEC-HEADER>\nACCESSION NUMBER: 1\n", "", "no <ACCEPTANCE-DATETIME>"},
		{"short", "<ACCEPTANCE-DATETIME>202403151630\n", "", "not YYYYMMDDhhmmss"},
		{"letters", "<ACCEPTANCE-DATETIME>2024031516300x\n", "", "not YYYYMMDDhhmmss"},
		{"no such day", "<ACCEPTANCE-DATETIME>20240230120000\n", "", "not a valid New York time"},
		{"hour 24", "<ACCEPTANCE-DATETIME>20240315240000\n", "", "not a valid New York time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseHeader([]byte(c.in))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || got.UTC().Format(time.RFC3339) != c.want {
				t.Fatalf("got %v %v, want %s", got.UTC(), err, c.want)
			}
		})
	}
}

// TestFromJSON works each case by hand: the UTC reading is the value
// minus 4 h (EDT) or 5 h (EST); the New York reading is the value's own
// clock; a reading fits when at or before 17:30 its date is the filing
// date, and after 17:30 the filing date is later.
func TestFromJSON(t *testing.T) {
	cases := []struct {
		name, v, fd      string
		date, hhmm, sess string
		from             TimeFrom
	}{
		// 20:30Z: UTC 16:30 EDT fits (same date); NY 20:30 needs a later
		// filing date, which 03-15 is not.
		{"genuine UTC after close", "2024-03-15T20:30:05.000Z", "2024-03-15", "2024-03-15", "16:30", "after", FromJSONUTC},
		// 18:05Z filed 09-06: UTC 14:05 EDT needs filing date 09-05: no;
		// NY 18:05 after 17:30 with a later filing date: yes.
		{"New York clock after 17:30", "2024-09-05T18:05:00.000Z", "2024-09-06", "2024-09-05", "18:05", "after", FromJSONNewYork},
		// 00:30Z on 03-16 = 20:30 EDT on 03-15, filed 03-18 (Monday): UTC
		// reading fits; NY reading 00:30 on 03-16 before 17:30 needs
		// filing date 03-16: no.
		{"UTC past midnight", "2024-03-16T00:30:00.000Z", "2024-03-18", "2024-03-15", "20:30", "after", FromJSONUTC},
		// 15:00Z: UTC 11:00 EDT, NY 15:00: both fit, both intraday.
		{"both intraday", "2024-05-06T15:00:00.000Z", "2024-05-06", "2024-05-06", "", "intraday", FromJSONSession},
		// 13:00Z in winter: UTC 08:00 EST (pre), NY 13:00 (intraday): both
		// fit, sessions differ: undecided.
		{"pre or intraday", "2024-01-10T13:00:00.000Z", "2024-01-10", "2024-01-10", "", "", FromJSONUnknown},
		// 16:35Z in winter: UTC 11:35 EST intraday, NY 16:35 after: the trap.
		{"the trap", "2024-01-10T16:35:00.000Z", "2024-01-10", "2024-01-10", "", "", FromJSONUnknown},
		// An explicit offset is exact.
		{"offset", "2024-01-10T16:35:00-05:00", "2024-01-10", "2024-01-10", "16:35", "after", FromJSONUTC},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, ok := FromJSON(c.v, c.fd)
			if !ok {
				t.Fatal("not read")
			}
			hhmm := ""
			if !a.Time.IsZero() {
				hhmm = a.Time.Format("15:04")
			}
			if a.Date.String() != c.date || hhmm != c.hhmm || string(a.Session) != c.sess || a.From != c.from {
				t.Fatalf("got %s %q %q %s, want %s %q %q %s", a.Date, hhmm, a.Session, a.From, c.date, c.hhmm, c.sess, c.from)
			}
		})
	}
	for _, bad := range [][2]string{{"yesterday", "2024-01-10"}, {"2024-01-10T16:35:00Z", "10/01/2024"}} {
		if _, ok := FromJSON(bad[0], bad[1]); ok {
			t.Errorf("%v read", bad)
		}
	}
}

func TestParseSubmissionsErrors(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"arrays differ", `{"cik":"1","filings":{"recent":{"accessionNumber":["a","b"],"filingDate":["x"],"acceptanceDateTime":[],"form":[],"items":[],"primaryDocument":[]}}}`,
			"filings.recent arrays differ in length (accessionNumber 2, filingDate 1)"},
		{"no recent", `{"cik":"1","filings":{}}`, "no filings.recent"},
		{"not JSON", "<html>Too Many Requests</html>", "f:1:1: malformed JSON"},
		{"truncated", `{"cik":"1","filings":{"recent":{"accessionNumber":["a"`, "malformed JSON"},
		{"bad cik", `{"cik":"x1","filings":{"recent":{}}}`, "malformed JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSubmissions("f", []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
		})
	}
	s, err := ParseSubmissions("f", []byte(`{"cik":320193,"name":"N","tickers":["A"],"filings":{"recent":{"accessionNumber":[],"filingDate":[],"acceptanceDateTime":[],"form":[],"items":[],"primaryDocument":[]}}}`))
	if err != nil || s.CIK != 320193 || len(s.Filings) != 0 {
		t.Fatalf("numeric cik: %+v %v", s, err)
	}
}

func TestTickers(t *testing.T) {
	tk, err := ParseTickers("t", []byte(`{"1":{"cik_str":1067983,"ticker":"BRK-A","title":"BERKSHIRE"},"0":{"cik_str":1067983,"ticker":"BRK-B","title":"BERKSHIRE"},"2":{"cik_str":1283699,"ticker":"TMUS","title":"T-Mobile US, Inc."}}`))
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]int{"brk.b": 1067983, "BRK/A": 1067983, " tmus ": 1283699} {
		if c, ok := tk.CIK(in); !ok || c != want {
			t.Errorf("CIK(%q) = %d %v", in, c, ok)
		}
	}
	// Row "0" comes first whatever the JSON order: BRK-B.
	if s, _ := tk.Ticker(1067983); s != "BRK-B" {
		t.Errorf("Ticker = %s", s)
	}
	if got := tk.CIKs(); len(got) != 2 || got[0] != 1067983 {
		t.Errorf("CIKs %v", got)
	}
	if _, err := ParseTickers("t", []byte(`{"0":{"ticker":"X"}}`)); err == nil {
		t.Error("entry without cik accepted")
	}
}

func TestKeywordsAndRefs(t *testing.T) {
	doc := []byte("<html><style>p{color:red}</style><p>An&nbsp;UNAUTHORIZED\n  <i>access</i> by a cyber&#8209;attack; see 0001193125-24-012345.</p></html>")
	text := plainText(doc)
	if k := matchKeyword(text, []string{"ransomware", "unauthorized access"}); k != "unauthorized access" {
		t.Errorf("keyword %q in %q", k, text)
	}
	if k := matchKeyword(text, []string{"Cyber-Attack"}); k != "cyber-attack" {
		t.Errorf("hyphen variant: %q", k)
	}
	if k := matchKeyword(text, []string{"color"}); k != "" {
		t.Errorf("style text matched: %q", k)
	}
	if r := accessionRefs(text); len(r) != 1 || r[0] != "0001193125-24-012345" {
		t.Errorf("refs %v", r)
	}
}

func TestFindOriginal(t *testing.T) {
	fs := []Filing{
		{Accession: "a1", FilingDate: "2024-01-05", Form: "8-K", Items: "1.05"},
		{Accession: "a2", FilingDate: "2024-02-05", Form: "8-K", Items: "1.05,9.01"},
		{Accession: "a3", FilingDate: "2024-02-06", Form: "8-K", Items: "2.02"},
		{Accession: "a4", FilingDate: "2024-03-01", Form: "8-K", Items: "1.05"}, // after the amendment
		{Accession: "x", FilingDate: "2024-02-10", Form: "8-K/A", Items: "1.05"},
	}
	all := func(Filing) bool { return true }
	amend := fs[4]
	if o, how := findOriginal(amend, "1.05", []string{"a1"}, fs, all); o.Accession != "a1" || how != LinkAccession {
		t.Errorf("cited: %s %s", o.Accession, how)
	}
	if o, how := findOriginal(amend, "1.05", nil, fs, all); o.Accession != "a2" || how != LinkNearest {
		t.Errorf("nearest: %s %s", o.Accession, how)
	}
	if _, how := findOriginal(amend, "8.01", nil, fs, all); how != LinkNone {
		t.Errorf("no 8.01 original: %s", how)
	}
}

func TestOriginalDate(t *testing.T) {
	rows := map[string]string{"a": "2024-03-15"}
	cases := []struct {
		name string
		f    Filing
		want string
	}{
		{"from its row", Filing{Accession: "a", FilingDate: "2024-03-18"}, "2024-03-15"},
		// 00:30Z on 03-16 filed Monday 03-18: 20:30 EDT on Friday 03-15.
		{"from the JSON", Filing{Accession: "b", Accepted: "2024-03-16T00:30:00.000Z", FilingDate: "2024-03-18"}, "2024-03-15"},
		{"filing date", Filing{Accession: "c", Accepted: "", FilingDate: "2024-03-18"}, "2024-03-18"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := originalDate(c.f, rows); got != c.want {
				t.Fatalf("%s, want %s", got, c.want)
			}
		})
	}
}
