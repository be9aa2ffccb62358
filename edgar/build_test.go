package edgar

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/fetch"
)

// server replays testdata/sec (fixtures written from the documented
// formats) and answers 429 to the first request of each path in fail429.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	agents map[string]bool
}

func newServer(t *testing.T, fail429 ...string) *server {
	t.Helper()
	s := &server{hits: map[string]int{}, agents: map[string]bool{}}
	files := http.FileServer(http.Dir("testdata/sec"))
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		n := s.hits[r.URL.Path]
		s.agents[r.Header.Get("User-Agent")] = true
		s.mu.Unlock()
		for _, p := range fail429 {
			if p == r.URL.Path && n == 1 {
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range s.hits {
		n += k
	}
	return n
}

type fakeClock struct {
	t     time.Time
	slept []time.Duration
}

func (f *fakeClock) now() time.Time { return f.t }
func (f *fakeClock) sleep(d time.Duration) {
	f.slept = append(f.slept, d)
	f.t = f.t.Add(d)
}

func day(t *testing.T, s string) dates.Day {
	t.Helper()
	d, ok := parseDay(s)
	if !ok {
		t.Fatalf("bad day %q", s)
	}
	return d
}

func config(t *testing.T, srv *server, cache string) (Config, *fakeClock) {
	c := fetch.New("Jane Doe jane@example.org", cache)
	clk := &fakeClock{t: time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)}
	c.SetClock(clk.now, clk.sleep)
	cfg := Config{From: day(t, "2023-12-18"), To: day(t, "2024-12-31"), Client: c}
	if srv != nil {
		cfg.DataURL, cfg.WWWURL = srv.URL, srv.URL
	}
	return cfg, clk
}

// want is the row each fixture filing must give, worked out by hand from
// the fixtures' headers (New York clock) and the 09:30/16:00 session rule.
type want struct{ id, date, time, session, incident, stage, from, link string }

var wantDefault = []want{
	{"acme-2023-12-20-8k", "2023-12-20", "17:15", "after", "acme-2023-12-20", "filing", "header", "original"},
	{"beta-2024-01-10-8k", "2024-01-10", "16:35", "after", "beta-2024-01-10", "filing", "header", "original"},
	{"beta-2024-02-20-8ka", "2024-02-20", "09:10", "pre", "beta-2024-01-10", "update", "header", "nearest"},
	{"acme-2024-03-15-8k", "2024-03-15", "16:30", "after", "acme-2024-03-15", "filing", "header", "original"},
	{"acme-2024-04-02-8ka", "2024-04-02", "08:15", "pre", "acme-2024-03-15", "update", "header", "accession"},
	{"acme-2024-07-01-8k", "2024-07-01", "17:10", "after", "acme-2024-07-01", "filing", "json-utc", "original"},
	{"beta-2024-09-05-8k", "2024-09-05", "18:05", "after", "beta-2024-09-05", "filing", "json-newyork", "original"},
}

func checkRows(t *testing.T, got []Row, want []want) {
	t.Helper()
	if len(got) != len(want) {
		for _, r := range got {
			t.Logf("%+v", r)
		}
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i, w := range want {
		r := got[i]
		g := [8]string{r.EventID, r.Date, r.Time, r.Session, r.Incident, r.Stage, r.TimeFrom, r.Link}
		if g != [8]string{w.id, w.date, w.time, w.session, w.incident, w.stage, w.from, w.link} {
			t.Errorf("row %d = %v\nwant     %v", i, g, w)
		}
	}
}

func TestBuildFixtures(t *testing.T) {
	srv := newServer(t, "/files/company_tickers.json")
	cfg, clk := config(t, srv, t.TempDir())
	cfg.Tickers = []string{"ACME", "beta", "QUIET"}
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, res.Rows, wantDefault)
	// The 429 on the tickers file was retried after the 1 s backoff.
	if srv.hits["/files/company_tickers.json"] != 2 || len(clk.slept) == 0 || clk.slept[0] != time.Second {
		t.Errorf("tickers file requested %d times, slept %v", srv.hits["/files/company_tickers.json"], clk.slept)
	}
	if len(srv.agents) != 1 || !srv.agents["Jane Doe jane@example.org"] {
		t.Errorf("User-Agents sent: %v", srv.agents)
	}
	notes := strings.Join(res.Notes, "\n")
	for _, s := range []string{"QUIET (CIK 303, Quiet Holdings): no 8-K", "0000000101-24-000060: the SGML header is missing (HTTP 404); time from the submissions JSON (json-utc)",
		"0000000202-24-000030: the SGML header is missing"} {
		if !strings.Contains(notes, s) {
			t.Errorf("notes lack %q:\n%s", s, notes)
		}
	}
	r := res.Rows[3]
	if r.Firm != "ACME" || r.Company != "Acme Data Corp" || r.CIK != "CIK0000000101" || r.Accepted != "2024-03-15T16:30:05-04:00" ||
		r.Source != "https://www.sec.gov/Archives/edgar/data/101/000000010124000010/0000000101-24-000010-index.htm" ||
		r.Label != "8-K Item 1.05 material cybersecurity incident: Acme Data Corp" || r.Item != "Item 1.05" {
		t.Errorf("row 3: %+v", r)
	}
	if b := res.Rows[1]; b.Firm != "BETA" || b.Accepted != "2024-01-10T16:35:00-05:00" {
		t.Errorf("beta row: %+v", b)
	}
	if res.Filers != 3 || res.Empty != 1 {
		t.Errorf("filers %d, empty %d", res.Filers, res.Empty)
	}
	// The limiter spaced the requests: on the fake clock, which only
	// sleeping advances, n requests take at least (n-1) × 100 ms (the
	// 429's backoff counts toward it).
	n := srv.requests()
	elapsed := clk.t.Sub(time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC))
	if n < 10 || elapsed < time.Duration(n-1)*100*time.Millisecond {
		t.Errorf("%d requests in %v of fake time", n, elapsed)
	}
}

// TestTimeZoneTrap: BETA's JSON writes 16:35 on the New York clock with a
// Z; read as UTC it would be 11:35 EST, mid-session. The header says
// 16:35 EST: after the close.
func TestTimeZoneTrap(t *testing.T) {
	a, _ := FromJSON("2024-01-10T16:35:00.000Z", "2024-01-10")
	// Both readings fit the filing date (both before 17:30) and their
	// sessions differ, so the JSON alone cannot decide: no time is given.
	if a.From != FromJSONUnknown || !a.Time.IsZero() || a.Session != "" {
		t.Fatalf("JSON alone: %+v", a)
	}
	srv := newServer(t)
	cfg, _ := config(t, srv, t.TempDir())
	cfg.CIKs = []int{202}
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Rows[0]; r.Time != "16:35" || r.Session != "after" || r.TimeFrom != "header" {
		t.Fatalf("%+v", r)
	}
}

func TestItem801Keyword(t *testing.T) {
	srv := newServer(t)
	cfg, _ := config(t, srv, t.TempDir())
	cfg.Tickers = []string{"ACME"}
	cfg.Items = []string{ItemIncident, ItemOther}
	cfg.Keywords = DefaultKeywords
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got *Row
	for i, r := range res.Rows {
		if r.Item == "Item 8.01" {
			if got != nil {
				t.Fatalf("two Item 8.01 rows")
			}
			got = &res.Rows[i]
		}
	}
	if got == nil || got.Date != "2024-05-06" || got.Time != "11:00" || got.Session != "intraday" ||
		got.Label != `8-K Item 8.01 other events, keyword "ransomware": Acme Data Corp` {
		t.Fatalf("8.01 row %+v", got)
	}
	if res.Skipped != 1 || len(res.Rows) != 5 {
		t.Fatalf("skipped %d rows %d", res.Skipped, len(res.Rows))
	}
	// With a keyword list that does not match, both 8.01 filings go.
	cfg.Keywords = []string{"solar flare"}
	res, err = Build(cfg)
	if err != nil || res.Skipped != 2 || len(res.Rows) != 4 {
		t.Fatalf("%v skipped %d rows %d", err, res.Skipped, len(res.Rows))
	}
}

func TestRerunFromCacheIsOffline(t *testing.T) {
	srv := newServer(t)
	cache := t.TempDir()
	cfg, _ := config(t, srv, cache)
	cfg.Tickers = []string{"ACME", "BETA"}
	first, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	n := srv.requests()
	srv.Close()
	cfg2, _ := config(t, nil, cache)
	cfg2.DataURL, cfg2.WWWURL = cfg.DataURL, cfg.WWWURL // same URLs, server gone
	cfg2.Tickers = cfg.Tickers
	second, err := Build(cfg2)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if string(CSV(first.Rows)) != string(CSV(second.Rows)) {
		t.Fatalf("rerun differs")
	}
	for _, s := range cfg2.Client.Sources() {
		if !s.FromCache || s.SHA256 == "" {
			t.Fatalf("source %+v not from the cache", s)
		}
	}
	if n == 0 {
		t.Fatal("no requests the first time")
	}
}

func TestErrors(t *testing.T) {
	srv := newServer(t)
	cases := []struct {
		name    string
		tickers []string
		ciks    []int
		want    string
	}{
		{"malformed JSON", nil, []int{404}, "/submissions/CIK0000000404.json:2:15: malformed JSON"},
		{"unknown ticker", []string{"NOPE"}, nil, "ticker NOPE is not in the SEC's company tickers file"},
		{"unknown CIK", nil, []int{999}, "no EDGAR filer with CIK 999"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, _ := config(t, srv, t.TempDir())
			cfg.Tickers, cfg.CIKs = c.tickers, c.ciks
			_, err := Build(cfg)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want %q", err, c.want)
			}
		})
	}
	// In --all the damaged filer is a note, the others go on.
	cfg, _ := config(t, srv, t.TempDir())
	cfg.All = true
	res, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != len(wantDefault) || !strings.Contains(strings.Join(res.Notes, "\n"), "CIK 404 skipped") {
		t.Fatalf("rows %d notes %v", len(res.Rows), res.Notes)
	}
}

func TestNoNetworkOneLine(t *testing.T) {
	srv := newServer(t)
	url := srv.URL
	srv.Close()
	cfg, _ := config(t, nil, t.TempDir())
	cfg.DataURL, cfg.WWWURL = url, url
	cfg.Tickers = []string{"ACME"}
	cfg.Client.OfflineHint = "or rerun with --offline"
	_, err := Build(cfg)
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "cannot reach 127.0.0.1") {
		t.Fatalf("err %q", err)
	}
	var he *fetch.HTTPError
	if errors.As(err, &he) {
		t.Fatal("a refused connection reported as HTTP")
	}
}
