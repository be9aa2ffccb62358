package edgar

import (
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
