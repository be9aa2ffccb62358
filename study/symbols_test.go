package study

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestSymbolMatching: the names of the events and of --market find their
// series in the price data however a source spells them (case, share
// class separators, carets, exchange prefixes and suffixes), in a
// directory and inside long and wide files; a match that is not exact is
// reported; two matches are an error naming both; no match lists the
// nearest names. The data is T-Mobile's and the S&P 500's (real).
func TestSymbolMatching(t *testing.T) {
	tmus, gspc := yahooLines(t, "TMUS"), yahooLines(t, "GSPC")
	// Reference: the exact names (the running example, AR(0) = -3.17 %).
	ref := func() float64 {
		dir := t.TempDir()
		writeLines(t, filepath.Join(dir, "p", "TMUS.csv"), tmus)
		writeLines(t, filepath.Join(dir, "p", "GSPC.csv"), gspc)
		s := Default()
		s.Events, s.Prices, s.Market = tmusEvent(t, dir), filepath.Join(dir, "p"), "GSPC"
		return float64(arOf(runStudy(t, s), "tmus-confirm")[0].AR)
	}()
	if math.Abs(ref+0.0317) > 0.0005 {
		t.Fatalf("reference AR(0) = %v", ref)
	}
	long := func(sym string) []string {
		out := []string{"symbol,date,adj_close"}
		for _, l := range tmus[1:] {
			c := strings.Split(l, ",")
			out = append(out, sym+","+c[0]+","+c[5])
		}
		return out
	}
	wide := func(col string) []string {
		adj := map[string]string{}
		for _, l := range tmus[1:] {
			c := strings.Split(l, ",")
			adj[c[0]] = c[5]
		}
		out := []string{"Date," + col + ",GSPC"}
		for _, l := range gspc[1:] {
			c := strings.Split(l, ",")
			out = append(out, c[0]+","+adj[c[0]]+","+c[5])
		}
		return out
	}
	type file struct {
		name  string
		lines []string
	}
	cases := []struct {
		name   string
		files  []file // under p/ (a directory), or one file p.csv when named so
		firm   string
		market string
		note   string // symbol_match warning ("" = exact, none)
		err    string // run error
		reason string // exclusion
	}{
		{"lower-case firm, upper-case file", []file{{"TMUS.csv", tmus}, {"GSPC.csv", gspc}}, "tmus", "GSPC", "event firm tmus matched file TMUS.csv", "", ""},
		{"upper-case firm, lower-case file", []file{{"tmus.csv", tmus}, {"GSPC.csv", gspc}}, "TMUS", "GSPC", "event firm TMUS matched file tmus.csv", "", ""},
		{"exchange prefix", []file{{"TMUS.csv", tmus}, {"GSPC.csv", gspc}}, "NASDAQ:TMUS", "GSPC", "event firm NASDAQ:TMUS matched file TMUS.csv", "", ""},
		{"Stooq file name", []file{{"tmus.us.csv", tmus}, {"GSPC.csv", gspc}}, "TMUS", "GSPC", "event firm TMUS matched file tmus.us.csv", "", ""},
		{"Refinitiv suffix", []file{{"TMUS.csv", tmus}, {"GSPC.csv", gspc}}, "TMUS.O", "GSPC", "event firm TMUS.O matched file TMUS.csv", "", ""},
		{"class share BRK.B, Yahoo's BRK-B", []file{{"BRK-B.csv", tmus}, {"GSPC.csv", gspc}}, "BRK.B", "GSPC", "event firm BRK.B matched file BRK-B.csv", "", ""},
		{"class share BRK/B", []file{{"BRK-B.csv", tmus}, {"GSPC.csv", gspc}}, "BRK/B", "GSPC", "event firm BRK/B matched file BRK-B.csv", "", ""},
		{"class share BRK B", []file{{"BRK.B.csv", tmus}, {"GSPC.csv", gspc}}, "BRK B", "GSPC", "event firm BRK B matched file BRK.B.csv", "", ""},
		{"market ^GSPC, file GSPC.csv", []file{{"TMUS.csv", tmus}, {"GSPC.csv", gspc}}, "TMUS", "^GSPC", "market ^GSPC matched file GSPC.csv", "", ""},
		{"market GSPC, file ^GSPC.csv", []file{{"TMUS.csv", tmus}, {"^GSPC.csv", gspc}}, "TMUS", "GSPC", "market GSPC matched file ^GSPC.csv", "", ""},
		{"market gspc.csv was 'found none'", []file{{"TMUS.csv", tmus}, {"gspc.csv", gspc}}, "TMUS", "GSPC", "market GSPC matched file gspc.csv", "", ""},
		{"long file, lower-case symbol", []file{{"p.csv", append(long("tmus"), long("GSPC-unused")[1:3]...)}}, "TMUS", "", "event firm TMUS matched symbol tmus in p.csv", "", ""},
		{"wide file, BRK-B column", []file{{"p.csv", wide("BRK-B")}}, "BRK.B", "GSPC", "event firm BRK.B matched symbol BRK-B in p.csv", "", ""},
		{"two files for one name", []file{{"TMUS.csv", tmus}, {"tmus.csv", tmus}, {"GSPC.csv", gspc}}, "Tmus", "GSPC", "", "event firm Tmus matches file TMUS.csv and file tmus.csv", ""},
		{"two classes for one key", []file{{"BRK-B.csv", tmus}, {"BRK_B.csv", tmus}, {"GSPC.csv", gspc}}, "BRK.B", "GSPC", "", "event firm BRK.B matches file BRK-B.csv and file BRK_B.csv", ""},
		{"no match lists the nearest names", []file{{"TMUS.csv", tmus}, {"VZ.csv", tmus}, {"GSPC.csv", gspc}}, "TMSU", "GSPC", "", "", ReasonNoPrices},
		{"market not found lists the names in the data", []file{{"TMUS.csv", tmus}, {"gspc.csv", gspc}}, "TMUS", "SPX", "", `market series "SPX" not found; name a ticker present in the price data (found TMUS, gspc) or pass --market FILE`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := Default()
			s.Prices = filepath.Join(dir, "p")
			for _, f := range tc.files {
				if f.name == "p.csv" {
					s.Prices = filepath.Join(dir, "p.csv")
					writeLines(t, s.Prices, f.lines)
					continue
				}
				writeLines(t, filepath.Join(dir, "p", f.name), f.lines)
			}
			s.Market = tc.market
			if tc.market == "" {
				s.Market = filepath.Join(dir, "GSPC.csv")
				writeLines(t, s.Market, gspc)
			}
			s.Events = filepath.Join(dir, "events.csv")
			writeLines(t, s.Events, []string{"event_id,firm,date,session", "tmus-confirm," + tc.firm + ",2021-08-16,intraday"})
			out, err := Run(s)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ev := eventOf(t, out, "tmus-confirm")
			if ev.Reason != tc.reason {
				t.Fatalf("reason %q, want %q (%+v)", ev.Reason, tc.reason, out.Set.Manifest.Exclusions)
			}
			if tc.reason != "" {
				if d := out.Set.Manifest.Exclusions[0].Detail; !strings.Contains(d, "nearest names in the data: TMUS, GSPC, VZ") {
					t.Errorf("detail %q", d)
				}
				return
			}
			ws := warningsOf(out, "symbol_match")
			if tc.note == "" {
				if len(ws) != 0 {
					t.Errorf("warnings %+v", ws)
				}
			} else {
				if len(ws) != 1 || ws[0].Message != tc.note {
					t.Errorf("warnings %+v, want %q", ws, tc.note)
				}
				if !strings.Contains(strings.Join(out.Detected, "\n"), "symbols: "+tc.note) {
					t.Errorf("detected %q", out.Detected)
				}
			}
			if got := float64(arOf(out, "tmus-confirm")[0].AR); math.Abs(got-ref) > 1e-12 {
				t.Errorf("AR(0) = %.15g, want %.15g", got, ref)
			}
		})
	}
}

// TestMarketNotFoundNames: the missing-market error lists every name the
// data holds up to ten, and beyond ten the first ten and the nearest.
func TestMarketNotFoundNames(t *testing.T) {
	few := []string{"GSPC", "TMUS", "VZ"}
	if got := nameList(few) + nearestIfMany("SPX", few); got != "GSPC, TMUS, VZ" {
		t.Errorf("few: %q", got)
	}
	many := []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "SPY", "GSPC"}
	got := nameList(many) + nearestIfMany("SPX", many)
	if want := "A, B, C, D, E, F, G, H, I, J and 3 more; nearest names in the data: SPY, "; !strings.HasPrefix(got, want) {
		t.Errorf("many: %q, want prefix %q", got, want)
	}
}
