package study

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// TestMissingDayHoweverWritten: T-Mobile with one estimation-window day
// (2021-07-15) missing, written as Yahoo's row of nulls, as an empty or
// NaN row, as a blank cell of a wide panel, or not written at all, gives
// the same estimate, AR(0) and CARs under every --gaps policy. A row
// whose Adj Close is empty while its other prices are there is a broken
// observation, not a missing day: it still excludes (invalid_prices), as
// does an infinite price.
func TestMissingDayHoweverWritten(t *testing.T) {
	const gap = "2021-07-15"
	tmus, gspc := yahooLines(t, "TMUS"), yahooLines(t, "GSPC")
	yahooDir := func(t *testing.T, row string) string {
		dir := t.TempDir()
		writeLines(t, filepath.Join(dir, "prices", "TMUS.csv"), editLines(tmus, func(date, l string) string {
			if date == gap {
				return row
			}
			return l
		}))
		writeLines(t, filepath.Join(dir, "prices", "GSPC.csv"), gspc)
		return dir
	}
	wide := func(t *testing.T) string {
		// Date,TMUS,GSPC from the Adj Close columns, TMUS blank on the gap.
		dir := t.TempDir()
		adj := map[string]string{}
		for _, l := range tmus[1:] {
			c := strings.Split(l, ",")
			adj[c[0]] = c[5]
			if c[0] == gap {
				adj[c[0]] = ""
			}
		}
		lines := []string{"Date,TMUS,GSPC"}
		for _, l := range gspc[1:] {
			c := strings.Split(l, ",")
			lines = append(lines, c[0]+","+adj[c[0]]+","+c[5])
		}
		writeLines(t, filepath.Join(dir, "prices", "wide.csv"), lines)
		return dir
	}
	cases := []struct {
		name   string
		dir    func(t *testing.T) string
		prices string // under dir
		reason string // "" = estimated
	}{
		{"absent row", func(t *testing.T) string { return yahooDir(t, "") }, "prices", ""},
		{"yahoo null row", func(t *testing.T) string { return yahooDir(t, gap+",null,null,null,null,null,null") }, "prices", ""},
		{"empty row", func(t *testing.T) string { return yahooDir(t, gap+",,,,,,") }, "prices", ""},
		{"NaN row with a volume", func(t *testing.T) string { return yahooDir(t, gap+",NaN,NaN,NaN,NaN,NaN,0") }, "prices", ""},
		{"blank wide cell", wide, "prices/wide.csv", ""},
		{"empty Adj Close beside prices", func(t *testing.T) string {
			return yahooDir(t, gap+",149.339996,150.139999,148.110001,148.339996,,3348600")
		}, "prices", ReasonInvalidPrices},
		{"infinite price", func(t *testing.T) string { return yahooDir(t, gap+",Inf,Inf,Inf,Inf,Inf,0") }, "prices", ReasonInvalidPrices},
	}
	for _, policy := range GapPolicies {
		var ref *Outcome
		for _, tc := range cases {
			t.Run(policy.String()+"/"+tc.name, func(t *testing.T) {
				dir := tc.dir(t)
				s := Default()
				s.Events, s.Prices, s.Market, s.Gaps = tmusEvent(t, dir), filepath.Join(dir, tc.prices), "GSPC", policy
				out := runStudy(t, s)
				ev := eventOf(t, out, "tmus-confirm")
				if ev.Reason != tc.reason {
					t.Fatalf("reason %q, want %q", ev.Reason, tc.reason)
				}
				if tc.reason != "" {
					return
				}
				ar := arOf(out, "tmus-confirm")
				// The running example's AR(0) is -3.17 %; two estimation
				// returns fewer move it only slightly.
				if got := float64(ar[0].AR); math.Abs(got+0.0317) > 0.0005 {
					t.Errorf("AR(0) = %.5f, want about -0.0317", got)
				}
				// Trade-to-trade keeps the day after as a two-day return.
				if want := map[Gaps]int{GapsDrop: 248, GapsTradeToTrade: 249}[policy]; ev.NEst.V != want {
					t.Errorf("n_est %d, want %d (250 less the missing day, and under drop the day after)", ev.NEst.V, want)
				}
				if ref == nil {
					ref = out
					return
				}
				want := arOf(ref, "tmus-confirm")
				if len(ar) != len(want) {
					t.Fatalf("%d AR rows, want %d", len(ar), len(want))
				}
				for d, r := range ar {
					if !sameNum(float64(r.AR), float64(want[d].AR)) || !sameNum(float64(r.CAR), float64(want[d].CAR)) || !sameNum(float64(r.SAR), float64(want[d].SAR)) {
						t.Errorf("day %d: AR %v CAR %v, want %v %v", d, r.AR, r.CAR, want[d].AR, want[d].CAR)
					}
				}
				for i, r := range out.Set.CAR {
					w := ref.Set.CAR[i]
					if r.Window != w.Window || !sameNum(float64(r.CAR), float64(w.CAR)) || !sameNum(float64(r.T), float64(w.T)) || r.NDays != w.NDays {
						t.Errorf("CAR(%s) = %v t %v, want %v t %v", r.Window, r.CAR, r.T, w.CAR, w.T)
					}
				}
			})
		}
	}
}

// sameNum: equal to 1e-15 relative (the wide file's values are the same
// decimals as the Yahoo file's, so the results agree to the bit), or both
// missing.
func sameNum(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-15*math.Max(1, math.Abs(b))
}
