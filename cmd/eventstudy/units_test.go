package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// unitsFixture writes the T-Mobile confirmation event, the Yahoo files of
// TMUS and GSPC, and TMUS rebuilt in other layouts from the Yahoo file at
// full precision: percent returns (ticker,date,ret), a CRSP daily file
// keyed by PERMNO (RET), and a Compustat daily file (prccd, ajexdi, trfd).
func unitsFixture(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	yahoo := filepath.Join(dir, "yahoo")
	if err := os.MkdirAll(yahoo, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"TMUS", "GSPC"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo", "prices", s+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(yahoo, s+".csv"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var pct, crsp, cs strings.Builder
	pct.WriteString("ticker,date,ret\n")
	crsp.WriteString("PERMNO,date,TICKER,PRC,RET\n")
	cs.WriteString("gvkey,iid,datadate,tic,prccd,ajexdi,trfd\n")
	var prev float64
	for i, r := range readTable(t, filepath.Join(yahoo, "TMUS.csv")) {
		d, c, a := r["Date"], num(t, r["Close"]), num(t, r["Adj Close"])
		k := 1.0
		if d < "2015-01-02" {
			k = 2 // a 2:1 split: prccd doubled before it, ajexdi 2
		}
		fmt.Fprintf(&cs, "158260,01,%s,TMUS,%s,%s,%s\n", strings.ReplaceAll(d, "-", ""), g(k*c), g(k), g(a/c))
		if i > 0 {
			ret := a/prev - 1
			fmt.Fprintf(&pct, "TMUS,%s,%s\n", d, g(100*ret))
			fmt.Fprintf(&crsp, "79678,%s,TMUS,-%s,%s\n", strings.ReplaceAll(d, "-", ""), r["Close"], g(ret))
		}
		prev = a
	}
	for name, content := range map[string]string{
		"pct.csv":           pct.String(),
		"dsf.csv":           crsp.String(),
		"secd.csv":          cs.String(),
		"events.csv":        "event_id,firm,date,session\ntmobile-2021-confirmation,TMUS,2021-08-16,intraday\n",
		"events-permno.csv": "event_id,firm,date,session\ntmobile-2021-confirmation,79678,2021-08-16,intraday\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// ar0 runs a study and returns the event's AR on day 0.
func ar0(t *testing.T, args ...string) float64 {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	args = append([]string{"run", "--model", "market", "--estimation", "-260,-11", "-o", out, "--quiet"}, args...)
	code, _, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := find(readTable(t, filepath.Join(out, "ar.csv")), "event_id", "tmobile-2021-confirmation", "rel_day", "0")
	if r == nil {
		t.Fatal("no day-0 row in ar.csv")
	}
	return num(t, r["ar"])
}

// Every layout of TMUS gives the Yahoo run's day-0 AR (-3.17 %), with the
// flags each needs; without them the run stops with an error that says
// which flag.
func TestLayoutsGiveYahooAR(t *testing.T) {
	dir := unitsFixture(t)
	at := func(s string) string { return filepath.Join(dir, s) }
	yahoo := ar0(t, "--events", at("events.csv"), "--prices", at("yahoo"), "--market", "GSPC")
	if math.Abs(yahoo-(-0.0317)) > 5e-5 {
		t.Fatalf("Yahoo AR(0) %v, want -3.17 %%", yahoo)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"percent returns, --returns-unit percent", []string{"--events", at("events.csv"), "--prices", at("pct.csv"), "--market", at("yahoo/GSPC.csv"), "--returns-unit", "percent"}},
		{"CRSP RET keyed by PERMNO", []string{"--events", at("events-permno.csv"), "--prices", at("dsf.csv"), "--market", at("yahoo/GSPC.csv")}},
		{"Compustat with a Yahoo market", []string{"--events", at("events.csv"), "--prices", at("secd.csv"), "--market", at("yahoo/GSPC.csv"),
			"--price-column", "prccd", "--market-price-column", "Adj Close"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ar0(t, tc.args...); math.Abs(got-yahoo) > 1e-12 {
				t.Errorf("AR(0) %v, Yahoo's %v (diff %g)", got, yahoo, got-yahoo)
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"percent returns without the unit", []string{"--events", at("events.csv"), "--prices", at("pct.csv"), "--market", at("yahoo/GSPC.csv")},
			at("pct.csv") + `:1:13: returns in column "ret" look like percent: median |r| = `},
		{"market file without --market-price-column", []string{"--events", at("events.csv"), "--prices", at("secd.csv"), "--market", at("yahoo/GSPC.csv"), "--price-column", "prccd"},
			`price column "prccd" not in header "Date","Open","High","Low","Close","Adj Close","Volume"`},
		{"--market-price-column with a market ticker", []string{"--events", at("events.csv"), "--prices", at("yahoo"), "--market", "GSPC", "--market-price-column", "Close"},
			`--market-price-column "Close" needs --market FILE`},
		{"unknown unit", []string{"--events", at("events.csv"), "--prices", at("yahoo"), "--market", "GSPC", "--returns-unit", "pct"},
			`--returns-unit "pct"; use percent, decimal or log`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"run", "-o", filepath.Join(t.TempDir(), "out")}, tc.args...)...)
			if code != exitBadInput || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr\n%s\nwant %q", code, stderr, tc.want)
			}
		})
	}
}
