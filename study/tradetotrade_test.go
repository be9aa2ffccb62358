package study

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTradeToTradeThinTMUS makes T-Mobile thinly traded: every third
// trading day of the year before the event and days -2 and -1 have no
// price. Under --gaps trade-to-trade the estimate must be the WLS fit of
// the trade-to-trade returns computed here from the files' Adj Close by a
// plain loop (R = P_t/P_s - 1 over the n = t-s days since the last trade,
// the market compounded over the same days, weights 1/n, normal
// equations by Cramer's rule), and AR(0) spans three days. Zero-volume
// rows in place of the missing ones give the same numbers.
func TestTradeToTradeThinTMUS(t *testing.T) {
	tmus, gspc := yahooLines(t, "TMUS"), yahooLines(t, "GSPC")
	adj := func(lines []string) (days []string, p map[string]float64) {
		p = map[string]float64{}
		for _, l := range lines[1:] {
			c := strings.Split(l, ",")
			v, err := strconv.ParseFloat(c[5], 64)
			if err != nil {
				continue
			}
			days, p[c[0]] = append(days, c[0]), v
		}
		return days, p
	}
	cal, pm := adj(gspc)
	_, pf := adj(tmus)
	day0 := -1
	for i, d := range cal {
		if d == "2021-08-16" {
			day0 = i
		}
	}
	missing := map[string]bool{cal[day0-2]: true, cal[day0-1]: true}
	for i := day0 - 250; i < day0-10; i += 3 {
		missing[cal[i]] = true
	}
	dir := t.TempDir()
	writeLines(t, filepath.Join(dir, "prices", "TMUS.csv"), editLines(tmus, func(date, l string) string {
		if missing[date] {
			return ""
		}
		return l
	}))
	writeLines(t, filepath.Join(dir, "prices", "GSPC.csv"), gspc)

	// The hand computation over relative days -260..-11 and day 0.
	ret := func(i int) (r, rm, n float64, ok bool) {
		if missing[cal[i]] {
			return 0, 0, 0, false
		}
		s := i - 1
		for missing[cal[s]] {
			s--
		}
		comp := 1.0
		for d := s + 1; d <= i; d++ {
			comp *= pm[cal[d]] / pm[cal[d-1]]
		}
		return pf[cal[i]]/pf[cal[s]] - 1, comp - 1, float64(i - s), true
	}
	var sn, sm, smm, sr, srm float64
	M := 0
	for i := day0 - 260; i <= day0-11; i++ {
		if r, m, n, ok := ret(i); ok {
			M++
			sn, sm, smm, sr, srm = sn+n, sm+m, smm+m*m/n, sr+r, srm+r*m/n
		}
	}
	det := sn*smm - sm*sm
	alpha, beta := (sr*smm-sm*srm)/det, (sn*srm-sm*sr)/det
	r0, m0, n0, _ := ret(day0)

	s := Default()
	s.Events, s.Prices, s.Market, s.Gaps = tmusEvent(t, dir), filepath.Join(dir, "prices"), "GSPC", GapsTradeToTrade
	out := runStudy(t, s)
	ev := eventOf(t, out, "tmus-confirm")
	if ev.Reason != "" || ev.NEst.V != M {
		t.Fatalf("reason %q n_est %d, want estimated with %d", ev.Reason, ev.NEst.V, M)
	}
	if n0 != 3 {
		t.Fatalf("day 0 spans %g days, want 3", n0)
	}
	checkCloseRel(t, "alpha", float64(ev.Alpha), alpha, 1e-9)
	checkCloseRel(t, "beta", float64(ev.Beta), beta, 1e-9)
	ar := arOf(out, "tmus-confirm")
	checkCloseRel(t, "AR(0)", float64(ar[0].AR), r0-3*alpha-beta*m0, 1e-9)
	checkCloseRel(t, "ret(0)", float64(ar[0].Ret), r0, 1e-12)
	if !math.IsNaN(float64(ar[-1].AR)) {
		t.Errorf("AR(-1) = %v on a day without a trade", ar[-1].AR)
	}
	found := false
	for _, w := range out.Set.Manifest.Warnings {
		found = found || (w.EventID == "tmus-confirm" && w.Code == WarnTradeToTrade)
	}
	if !found {
		t.Error("no trade_to_trade warning for the three-day AR(0)")
	}

	// The same days written as Yahoo shows days without trades (a row
	// whose Volume is 0, here with the day's real prices) are no trades
	// either: the same estimate and ARs to the bit.
	zdir := t.TempDir()
	writeLines(t, filepath.Join(zdir, "prices", "TMUS.csv"), editLines(tmus, func(date, l string) string {
		if missing[date] {
			c := strings.Split(l, ",")
			c[6] = "0"
			return strings.Join(c, ",")
		}
		return l
	}))
	writeLines(t, filepath.Join(zdir, "prices", "GSPC.csv"), gspc)
	z := s
	z.Prices = filepath.Join(zdir, "prices")
	zout := runStudy(t, z)
	if ze := eventOf(t, zout, "tmus-confirm"); ze.NEst != ev.NEst || ze.Alpha != ev.Alpha || ze.Beta != ev.Beta {
		t.Errorf("zero-volume rows: n_est %v alpha %v beta %v, want %v %v %v", ze.NEst, ze.Alpha, ze.Beta, ev.NEst, ev.Alpha, ev.Beta)
	}
	for d, r := range arOf(zout, "tmus-confirm") {
		if !sameNum(float64(r.AR), float64(ar[d].AR)) {
			t.Errorf("zero-volume rows: AR(%d) = %v, want %v", d, r.AR, ar[d].AR)
		}
	}

	// Under drop the same file loses day 0's return: gap_in_window.
	s.Gaps = GapsDrop
	if ev := eventOf(t, runStudy(t, s), "tmus-confirm"); ev.Reason != ReasonGapInWindow {
		t.Errorf("drop: reason %q, want %s", ev.Reason, ReasonGapInWindow)
	}
}

func checkCloseRel(t *testing.T, name string, got, want, rel float64) {
	t.Helper()
	if math.Abs(got-want) > rel*math.Max(1e-3, math.Abs(want)) {
		t.Errorf("%s = %.12g, want %.12g", name, got, want)
	}
}
