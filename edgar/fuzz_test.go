package edgar

import (
	"strings"
	"testing"
	"time"
)

func FuzzParseHeader(f *testing.F) {
	f.Add([]byte("<ACCEPTANCE-DATETIME>20240315163005\n"))
	f.Add([]byte("<SEC-HEADER>\n<ACCEPTANCE-DATETIME> 20240310023000\r\n"))
	f.Add([]byte("<ACCEPTANCE-DATETIME>99999999999999"))
	f.Fuzz(func(t *testing.T, b []byte) {
		tm, err := ParseHeader(b)
		if err != nil {
			return
		}
		// What is read must print back as the 14 digits (New York clock).
		if tm.Location() != newYork || tm.Year() < 0 {
			t.Fatalf("%v", tm)
		}
		if _, err := ParseHeader([]byte("<ACCEPTANCE-DATETIME>" + tm.Format("20060102150405"))); err != nil {
			t.Fatalf("round trip of %v: %v", tm, err)
		}
	})
}

func FuzzParseSubmissions(f *testing.F) {
	f.Add([]byte(`{"cik":"1","name":"N","tickers":["A"],"filings":{"recent":{"accessionNumber":["0000000001-24-000001"],"filingDate":["2024-01-02"],"acceptanceDateTime":["2024-01-02T21:00:00.000Z"],"form":["8-K"],"items":["1.05"],"primaryDocument":["a.htm"]},"files":[{"name":"p.json","filingFrom":"2020-01-01","filingTo":"2021-01-01"}]}}`))
	f.Add([]byte(`{"cik":12,"filings":{"recent":{}}}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSubmissions("f", b)
		if err != nil {
			return
		}
		for _, fl := range s.Filings {
			// Every filing's acceptance must be read or refused, never panic.
			FromJSON(fl.Accepted, fl.FilingDate)
		}
		ParsePage("f", b)
	})
}

func FuzzFromJSON(f *testing.F) {
	f.Add("2024-03-15T20:30:05.000Z", "2024-03-15")
	f.Add("2024-03-16T00:30:00Z", "2024-03-18")
	f.Fuzz(func(t *testing.T, v, fd string) {
		a, ok := FromJSON(v, fd)
		if !ok {
			return
		}
		if !a.Time.IsZero() && (a.Time.Location() != newYork || dayOf(a.Time) != a.Date) {
			t.Fatalf("%q %q: %+v", v, fd, a)
		}
		_ = time.Second
	})
}

func FuzzParseTickers(f *testing.F) {
	f.Add([]byte(`{"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."},"1":{"cik_str":1067983,"ticker":"BRK-B","title":"B"}}`))
	f.Add([]byte(`{"x":{"cik_str":1,"ticker":"A"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tk, err := ParseTickers("f", b)
		if err != nil {
			return
		}
		// Every CIK listed maps back from its first ticker.
		for _, c := range tk.CIKs() {
			s, ok := tk.Ticker(c)
			if !ok {
				t.Fatalf("CIK %d without ticker", c)
			}
			if _, ok := tk.CIK(s); !ok {
				t.Fatalf("ticker %q of CIK %d not found", s, c)
			}
		}
	})
}

func FuzzPlainText(f *testing.F) {
	f.Add([]byte("<p>A <b>Ransomware</b>&nbsp;attack; see 0000000101-24-000010</p>"), "ransomware")
	f.Add([]byte("<style>x</style><script>y"), "x")
	f.Fuzz(func(t *testing.T, doc []byte, kw string) {
		text := plainText(doc)
		if k := matchKeyword(text, []string{kw}); k != "" && !strings.Contains(text, k) {
			t.Fatalf("keyword %q reported but not in the text", k)
		}
		for _, r := range accessionRefs(text) {
			if len(r) != 20 {
				t.Fatalf("ref %q", r)
			}
		}
	})
}
