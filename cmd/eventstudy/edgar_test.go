package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/fetch"
)

const edgarTestAgent = "Jane Doe jane@example.org"

// edgarSECServer replays the edgar package's fixtures (SEC formats written by
// hand) and points the EDGAR base URLs at it.
func edgarSECServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir("../../edgar/testdata/sec")))
	t.Cleanup(srv.Close)
	t.Setenv("EVENTSTUDY_SEC_DATA_URL", srv.URL)
	t.Setenv("EVENTSTUDY_SEC_WWW_URL", srv.URL)
	return srv
}

// edgarYahooPrices writes Yahoo-format files for the fixture tickers and the
// market: weekdays 2022-01-03 to 2024-12-31, deterministic returns.
func edgarYahooPrices(t *testing.T, dir string, tickers ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for k, tk := range tickers {
		var b strings.Builder
		b.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
		p := 100.0
		i := 0
		for d := time.Date(2022, 1, 3, 0, 0, 0, 0, time.UTC); !d.After(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
			if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				continue
			}
			m := 0.0004 + 0.009*math.Sin(float64(i)*0.7)
			p *= 1 + m*(0.6+0.3*float64(k)) + 0.006*math.Cos(float64(i)*(1.1+0.2*float64(k)))
			fmt.Fprintf(&b, "%s,%.4f,%.4f,%.4f,%.4f,%.4f,%d\n", d.Format(time.DateOnly), p, p, p, p, p, 1000000+i)
			i++
		}
		if err := os.WriteFile(filepath.Join(dir, tk+".csv"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestEventsEdgarThenRun(t *testing.T) {
	srv := edgarSECServer(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "events.csv")
	cache := filepath.Join(dir, "cache")
	code, stdout, stderr := runCLI(t, "events", "edgar", "--tickers", "ACME,BETA,QUIET", "--from", "2023-12-18", "--to", "2024-12-31",
		"--user-agent", edgarTestAgent, "--cache", cache, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "7 filings of 3 filers") || !strings.Contains(stderr, "note: QUIET (CIK 303, Quiet Holdings): no 8-K") {
		t.Fatalf("stdout %q stderr %q", stdout, stderr)
	}
	rows := readTable(t, out)
	if len(rows) != 7 || rows[3]["event_id"] != "acme-2024-03-15-8k" || rows[3]["time"] != "16:30" || rows[3]["session"] != "after" {
		t.Fatalf("rows %v", rows)
	}

	// The sidecar manifest: the cache, every file read with its hash, the
	// output's hash; the e-mail address is not recorded.
	mb := readFile(t, out+".manifest.json")
	var m struct {
		Cache   string
		Command []string
		Output  struct{ SHA256 string }
		Sources []fetch.Source
	}
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	if m.Cache != cache || m.Output.SHA256 != fetch.HashBytes(readFile(t, out)) || bytes.Contains(mb, []byte("jane@")) {
		t.Fatalf("manifest %s", mb)
	}
	for _, s := range m.Sources {
		if strings.HasSuffix(s.URL, "0000000101-24-000010.hdr.sgml") {
			if b, err := os.ReadFile(s.File); err != nil || fetch.HashBytes(b) != s.SHA256 {
				t.Fatalf("source %+v: %v", s, err)
			}
			goto found
		}
	}
	t.Fatalf("no header among the sources: %s", mb)
found:

	prices := filepath.Join(dir, "prices")
	edgarYahooPrices(t, prices, "ACME", "BETA", "GSPC")
	res := filepath.Join(dir, "results")
	code, stdout, stderr = runCLI(t, "run", "--events", out, "--prices", prices, "--market", "GSPC", "-o", res, "--quiet")
	if code != exitOK {
		t.Fatalf("run exit %d\n%s%s", code, stdout, stderr)
	}
	// Day 0 by hand: after the close moves to the next weekday, before
	// 09:30 stays.
	want := map[string]string{
		"acme-2023-12-20-8k":  "2023-12-21", // Wed 17:15 → Thu
		"beta-2024-01-10-8k":  "2024-01-11", // Wed 16:35 EST (the JSON's 16:35Z would be 11:35 intraday)
		"beta-2024-02-20-8ka": "2024-02-20", // Tue 09:10 pre-market
		"acme-2024-03-15-8k":  "2024-03-18", // Fri 16:30 → Mon
		"acme-2024-04-02-8ka": "2024-04-02", // Tue 08:15 pre-market
		"acme-2024-07-01-8k":  "2024-07-02", // Mon 17:10 (from the JSON, genuine UTC)
		"beta-2024-09-05-8k":  "2024-09-06", // Thu 18:05 (from the JSON, New York clock)
	}
	got := readTable(t, filepath.Join(res, "events.csv"))
	if len(got) != len(want) {
		t.Fatalf("%d events in the results", len(got))
	}
	for _, r := range got {
		if r["day0"] != want[r["event_id"]] || r["status"] != "ok" {
			t.Errorf("%s: day0 %s status %s, want %s", r["event_id"], r["day0"], r["status"], want[r["event_id"]])
		}
		if r["event_id"] == "acme-2024-04-02-8ka" && (r["incident"] != "acme-2024-03-15" || r["stage"] != "update") {
			t.Errorf("amendment %v", r)
		}
	}

	// A rerun reads the cache only: the same bytes with the server gone.
	srv.Close()
	out2 := filepath.Join(dir, "events2.csv")
	code, _, stderr = runCLI(t, "events", "edgar", "--tickers", "ACME,BETA,QUIET", "--to", "2024-12-31", "--user-agent", edgarTestAgent, "--cache", cache, "-o", out2)
	if code != exitOK || !bytes.Equal(readFile(t, out), readFile(t, out2)) {
		t.Fatalf("rerun exit %d: %s", code, stderr)
	}

	// --offline: the submissions from a bulk archive shaped like the SEC's
	// submissions.zip, the rest from the cache; no User-Agent needed.
	bulk := filepath.Join(dir, "submissions.zip")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	names, _ := filepath.Glob("../../edgar/testdata/sec/submissions/*.json")
	for _, n := range names {
		w, _ := zw.Create(filepath.Base(n))
		w.Write(readFile(t, n))
	}
	zw.Close()
	if err := os.WriteFile(bulk, zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EVENTSTUDY_SEC_USER_AGENT", "")
	out3 := filepath.Join(dir, "events3.csv")
	code, _, stderr = runCLI(t, "events", "edgar", "--tickers", "ACME,BETA,QUIET", "--to", "2024-12-31", "--offline", "--bulk", bulk, "--cache", cache, "-o", out3)
	if code != exitOK || !bytes.Equal(readFile(t, out), readFile(t, out3)) {
		t.Fatalf("offline exit %d: %s", code, stderr)
	}
	if mb := readFile(t, out3+".manifest.json"); !bytes.Contains(mb, []byte(`"offline": true`)) || !bytes.Contains(mb, []byte(fetch.HashBytes(zb.Bytes()))) {
		t.Fatalf("offline manifest %s", mb)
	}
}

func TestEventsEdgarUsage(t *testing.T) {
	edgarSECServer(t)
	t.Setenv("EVENTSTUDY_SEC_USER_AGENT", "")
	out := filepath.Join(t.TempDir(), "e.csv")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no user agent", []string{"--tickers", "ACME", "-o", out}, "no --user-agent given; the SEC's fair-access rules require one"},
		{"agent without e-mail", []string{"--tickers", "ACME", "--user-agent", "research bot", "-o", out}, "lacks a name and a contact e-mail"},
		{"no selection", []string{"--user-agent", edgarTestAgent, "-o", out}, "no filer selected"},
		{"bad item", []string{"--tickers", "ACME", "--items", "2.02", "--user-agent", edgarTestAgent, "-o", out}, `"2.02" is not 1.05 or 8.01`},
		{"dates reversed", []string{"--tickers", "ACME", "--from", "2024-05-01", "--to", "2024-01-01", "--user-agent", edgarTestAgent, "-o", out}, "is after --to"},
		{"no output", []string{"--tickers", "ACME", "--user-agent", edgarTestAgent}, "no output file"},
		{"malformed JSON", []string{"--ciks", "404", "--user-agent", edgarTestAgent, "--cache", t.TempDir(), "-o", out}, "CIK0000000404.json:2:15: malformed JSON"},
		{"offline without archive", []string{"--tickers", "ACME", "--offline", "--cache", t.TempDir(), "-o", out}, "cannot open the bulk submissions archive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"events", "edgar"}, c.args...)...)
			if code != exitBadInput || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q, want %q", code, stderr, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("an events file was written")
			}
		})
	}
}

// TestEventsEdgarNoNetwork: with nothing listening, one clear line and
// exit 2, never a stack.
func TestEventsEdgarNoNetwork(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close()
	t.Setenv("EVENTSTUDY_SEC_DATA_URL", url)
	t.Setenv("EVENTSTUDY_SEC_WWW_URL", url)
	code, stdout, stderr := runCLI(t, "events", "edgar", "--tickers", "TMUS", "--user-agent", edgarTestAgent,
		"--cache", t.TempDir(), "-o", filepath.Join(t.TempDir(), "e.csv"))
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if code != exitBadInput || stdout != "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "eventstudy events: cannot reach 127.0.0.1:") ||
		!strings.Contains(lines[0], "--offline") {
		t.Fatalf("exit %d stdout %q stderr %q", code, stdout, stderr)
	}
}

func TestFetchFactors(t *testing.T) {
	text := "This file was created by CMPT_ME_BEME_RETS_DAILY using the 202407 CRSP database.\r\n\r\n" +
		",Mkt-RF,SMB,HML,RF\r\n20240314,   -0.37,   -0.84,    0.22,   0.022\r\n20240315,   -0.66,    0.28,    0.14,   0.022\r\n\r\n" +
		"Copyright 2024 Kenneth R. French\r\n"
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("F-F_Research_Data_Factors_daily.CSV")
	w.Write([]byte(text))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/lib/F-F_Research_Data_Factors_daily_CSV.zip" {
			http.NotFound(rw, r)
			return
		}
		rw.Write(zb.Bytes())
	}))
	defer srv.Close()
	t.Setenv("EVENTSTUDY_FRENCH_URL", srv.URL+"/lib/")
	dir := t.TempDir()
	out := filepath.Join(dir, "factors")
	code, stdout, stderr := runCLI(t, "fetch", "factors", "--sets", "ff3", "--cache", filepath.Join(dir, "cache"), "-o", out)
	if code != exitOK || !strings.Contains(stdout, "ff3: "+filepath.Join(out, "F-F_Research_Data_Factors_daily.CSV")+" (2 days 2024-03-14..2024-03-15; Mkt-RF SMB HML RF)") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	m := string(readFile(t, filepath.Join(out, "factors.manifest.json")))
	if !strings.Contains(m, fetch.HashBytes(zb.Bytes())) || !strings.Contains(m, fetch.HashBytes([]byte(text))) || !strings.Contains(m, srv.URL+"/lib/F-F_Research_Data_Factors_daily_CSV.zip") {
		t.Fatalf("manifest %s", m)
	}
	// The momentum file is not on this server: one line, exit 2.
	code, _, stderr = runCLI(t, "fetch", "factors", "--sets", "mom", "--cache", filepath.Join(dir, "cache"), "-o", out)
	if code != exitBadInput || !strings.Contains(stderr, "HTTP 404") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Fatalf("exit %d stderr %q", code, stderr)
	}
}
