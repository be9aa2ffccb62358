package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// marketReturnsFixture adds to unitsFixture's files the S&P 500 as a
// returns file: mkt.csv holds the decimal returns of GSPC's Adj Close at
// full precision, mkt-pct.csv the same returns ×100 (an index's daily
// "change %" export), mkt-pct-named.csv those under the header "Change %",
// and mkt-below.csv the decimal file with one return of -150 %.
func marketReturnsFixture(t *testing.T, dir string) {
	t.Helper()
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var dec, pct, named, below strings.Builder
	dec.WriteString("date,ret\n")
	pct.WriteString("date,ret\n")
	named.WriteString("Date,Change %\n")
	below.WriteString("date,ret\n")
	var prev float64
	for i, r := range readTable(t, filepath.Join(dir, "yahoo", "GSPC.csv")) {
		a, d := num(t, r["Adj Close"]), r["Date"]
		if i > 0 {
			ret := a/prev - 1
			fmt.Fprintf(&dec, "%s,%s\n", d, g(ret))
			fmt.Fprintf(&pct, "%s,%s\n", d, g(100*ret))
			fmt.Fprintf(&named, "%s,%s\n", d, g(100*ret))
			if i == 100 {
				ret = -1.5
			}
			fmt.Fprintf(&below, "%s,%s\n", d, g(ret))
		}
		prev = a
	}
	for name, content := range map[string]string{"mkt.csv": dec.String(), "mkt-pct.csv": pct.String(),
		"mkt-pct-named.csv": named.String(), "mkt-below.csv": below.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// arT runs a study and returns the event's AR on day 0, the t of its
// CAR(0,0), what the run printed on stderr (the detection lines), and the
// output directory.
func arT(t *testing.T, args ...string) (ar, tstat float64, stderr, out string) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "out")
	args = append([]string{"run", "--model", "market", "--estimation", "-260,-11", "-o", out}, args...)
	code, _, stderr := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := find(readTable(t, filepath.Join(out, "ar.csv")), "event_id", "tmobile-2021-confirmation", "rel_day", "0")
	c := find(readTable(t, filepath.Join(out, "car.csv")), "event_id", "tmobile-2021-confirmation", "window", "0,0")
	if r == nil || c == nil {
		t.Fatal("no day-0 row in ar.csv or car.csv")
	}
	return num(t, r["ar"]), num(t, c["t"]), stderr, out
}

// TestMarketReturnsUnit: a percent market returns file beside decimal
// firm returns (CRSP RET) is read with --market-returns-unit percent (or
// market_returns_unit in a study file) and gives the decimal market's
// AR(0) and t; the firm files keep --returns-unit. Without the flag, or
// with it where it does not fit, the run stops naming the flag that
// fixes it (--market-returns-unit when the market file is the problem).
func TestMarketReturnsUnit(t *testing.T) {
	dir := unitsFixture(t)
	marketReturnsFixture(t, dir)
	at := func(s string) string { return filepath.Join(dir, s) }
	crsp := []string{"--events", at("events-permno.csv"), "--prices", at("dsf.csv")}
	ar, tstat, _, _ := arT(t, append(crsp, "--market", at("mkt.csv"))...)
	// T-Mobile's confirmation: -3.17 % (TestLayoutsGiveYahooAR), t about -2.4
	if math.Abs(ar-(-0.0317)) > 5e-5 || tstat > -2 || tstat < -3 {
		t.Fatalf("decimal market: AR(0) %v t %v, want -3.17 %% and about -2.4", ar, tstat)
	}
	study := at("study.yaml")
	if err := os.WriteFile(study, []byte("events: events-permno.csv\nprices: dsf.csv\nmarket: mkt-pct.csv\nmarket_returns_unit: percent\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"percent market, --market-returns-unit percent", append(crsp, "--market", at("mkt-pct.csv"), "--market-returns-unit", "percent")},
		{"Change % market, --market-returns-unit percent", append(crsp, "--market", at("mkt-pct-named.csv"), "--market-returns-unit", "percent")},
		{"--returns-unit decimal beside it", append(crsp, "--market", at("mkt-pct.csv"), "--returns-unit", "decimal", "--market-returns-unit", "percent")},
		{"percent firms and market by --returns-unit", []string{"--events", at("events.csv"), "--prices", at("pct.csv"), "--market", at("mkt-pct.csv"), "--returns-unit", "percent"}},
		{"percent firms, decimal market by its flag", []string{"--events", at("events.csv"), "--prices", at("pct.csv"), "--market", at("mkt.csv"),
			"--returns-unit", "percent", "--market-returns-unit", "decimal"}},
		{"study file with market_returns_unit", []string{study}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, gotT, stderr, out := arT(t, tc.args...)
			if math.Abs(got-ar) > 1e-12 || math.Abs(gotT-tstat) > 1e-12 {
				t.Errorf("AR(0) %v t %v, the decimal market's %v %v (diff %g, %g)", got, gotT, ar, tstat, got-ar, gotT-tstat)
			}
			m, err := os.ReadFile(filepath.Join(out, "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			unit := "percent"
			if strings.Contains(tc.name, "decimal market") {
				unit = "decimal"
			}
			var want []string
			switch {
			case slices.Contains(tc.args, "--market-returns-unit") || tc.args[0] == study:
				want = []string{unit + ", divided by 100, as told (--market-returns-unit)", `"market_returns_unit": "` + unit + `"`}
				if unit == "decimal" {
					want[0] = "decimal, as told (--market-returns-unit)"
				}
			default:
				want = []string{"percent, divided by 100, as told (--returns-unit, without --market-returns-unit)", `"market_returns_unit": ""`}
			}
			// The detection line is printed and recorded; the setting is
			// recorded in the manifest's config.
			if !strings.Contains(stderr, "detected market: ") || !strings.Contains(stderr, want[0]) {
				t.Errorf("stderr lacks the market's detection line %q:\n%s", want[0], stderr)
			}
			for _, w := range want {
				if !strings.Contains(string(m), w) {
					t.Errorf("manifest lacks %q", w)
				}
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"percent market without the flag", append(crsp, "--market", at("mkt-pct.csv")),
			[]string{at("mkt-pct.csv") + `:1:6: returns in column "ret" look like percent: median |r| = `,
				"say the unit: --market-returns-unit percent (-2.9 means -2.9 %) or --market-returns-unit decimal (-0.029 means -2.9 %)"}},
		{"Change % market without the flag", append(crsp, "--market", at("mkt-pct-named.csv")),
			[]string{at("mkt-pct-named.csv") + `:1:6: column "Change %" is named like percent returns`, "say the unit: --market-returns-unit percent"}},
		{"--returns-unit percent for a percent market beside CRSP RET", append(crsp, "--market", at("mkt-pct.csv"), "--returns-unit", "percent"),
			[]string{at("dsf.csv") + `:1:24: column "RET": told --returns-unit percent, but the largest |r| is`, "a percent market file takes --market-returns-unit percent"}},
		{"--market-returns-unit percent, decimal market", append(crsp, "--market", at("mkt.csv"), "--market-returns-unit", "percent"),
			[]string{at("mkt.csv") + `:1:6: column "ret": told --market-returns-unit percent, but the largest |r| is`,
				"--market-returns-unit is this file's unit only: drop it if the file holds decimals"}},
		{"--returns-unit percent, decimal market", []string{"--events", at("events.csv"), "--prices", at("pct.csv"), "--market", at("mkt.csv"), "--returns-unit", "percent"},
			[]string{at("mkt.csv") + `:1:6: column "ret": told --returns-unit percent, but the largest |r| is`,
				"without --market-returns-unit this file takes --returns-unit's unit: pass --market-returns-unit decimal"}},
		{"market below -100 %", append(crsp, "--market", at("mkt-below.csv")),
			[]string{at("mkt-below.csv") + `:101:12: return "-1.5" in column "ret" is below -1 (-100 %), impossible for a decimal simple return; if the column holds percent, pass --market-returns-unit percent; log returns: --market-returns-unit log`}},
		{"--market-returns-unit with a market ticker", []string{"--events", at("events.csv"), "--prices", at("yahoo"), "--market", "GSPC", "--market-returns-unit", "percent"},
			[]string{`--market-returns-unit percent needs --market FILE; the market "GSPC" is a series of --prices, whose unit is --returns-unit's`}},
		{"unknown market unit", append(crsp, "--market", at("mkt-pct.csv"), "--market-returns-unit", "pct"),
			[]string{`--market-returns-unit "pct"; use percent, decimal or log (or leave it empty for --returns-unit's)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"run", "-o", filepath.Join(t.TempDir(), "out")}, tc.args...)...)
			if code != exitBadInput {
				t.Errorf("exit %d, want a refusal", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr\n%s\nlacks\n%s", stderr, w)
				}
			}
			// A market file's refusal must not send the user to the flag
			// that also converts the firm files.
			if strings.HasPrefix(tc.want[0], at("mkt")) && (strings.Contains(stderr, "pass --returns-unit") || strings.Contains(stderr, "unit: --returns-unit")) {
				t.Errorf("the market file's refusal names --returns-unit:\n%s", stderr)
			}
		})
	}
}
