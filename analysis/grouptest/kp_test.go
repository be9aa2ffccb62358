package grouptest

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// naiveRBar is the definition of r̄ (METHODOLOGY.md 6.6) as a double loop
// over all pairs, the reference for the block identity.
func naiveRBar(ev []KPEvent, minShared int) float64 {
	n := len(ev)
	var s float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := ev[i], ev[j]
			ov := min(a.WinLast, b.WinLast) - max(a.WinFirst, b.WinFirst) + 1
			if ov <= 0 {
				continue
			}
			L := a.WinLast - a.WinFirst + 1
			s += PairCorrelation(a.Dates, a.Residual, b.Dates, b.Residual, minShared) * float64(ov) / float64(L)
		}
	}
	return s / float64(n*(n-1)/2)
}

// randomKP makes n events with staggered day 0s (a few per date), T
// estimation days, window length L and a share of missing residuals, with a
// common factor so that correlations are not zero.
func randomKP(rng *rand.Rand, n, T, L, spread int, missing float64) []KPEvent {
	common := make([]float64, spread+T+L+10)
	for i := range common {
		common[i] = rng.NormFloat64()
	}
	ev := make([]KPEvent, n)
	for i := range ev {
		day0 := T + rng.IntN(spread)
		k := KPEvent{WinFirst: day0, WinLast: day0 + L - 1}
		load := rng.Float64()
		for t := 0; t < T; t++ {
			c := day0 - T + t
			k.Dates = append(k.Dates, c)
			v := load*common[c] + rng.NormFloat64()
			if rng.Float64() < missing {
				v = math.NaN()
			}
			k.Residual = append(k.Residual, v)
		}
		ev[i] = k
	}
	return ev
}

// TestRBarBlockIdentity: the O(N·T) block computation equals the pairwise
// definition, with and without missing residuals, staggered day 0s, several
// window lengths and minimum shared dates.
func TestRBarBlockIdentity(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		n, T, L, spread, minShared int
		missing                    float64
	}{
		{40, 30, 1, 5, 10, 0},
		{40, 30, 3, 5, 10, 0.02},
		{60, 25, 5, 3, 20, 0.01},
		{30, 12, 2, 1, 10, 0}, // one date: a single block
		{30, 12, 2, 1, 30, 0}, // T below the minimum: r̄ = 0
		{50, 40, 11, 20, 30, 0.05},
	} {
		ev := randomKP(rng, c.n, c.T, c.L, c.spread, c.missing)
		got, want := RBar(ev, c.minShared), naiveRBar(ev, c.minShared)
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%+v: RBar %v, pairwise %v", c, got, want)
		}
	}
	// Constant residuals inside a block have no correlation.
	ev := randomKP(rng, 5, 20, 1, 1, 0)
	for i := range ev[2].Residual {
		ev[2].Residual[i] = 0.5
	}
	if got, want := RBar(ev, 10), naiveRBar(ev, 10); math.Abs(got-want) > 1e-12 {
		t.Errorf("constant member: RBar %v, pairwise %v", got, want)
	}
	if !math.IsNaN(RBar(ev[:1], 10)) {
		t.Error("N=1 should give NaN")
	}
}

// TestRBar83Identity: 8.3 supplement, Σ_t S_t²/(T-1) = 5.289448824 and
// r̄ = (5.289448824-4)/12 = 0.1074540687 on one block of four events.
func TestRBar83Identity(t *testing.T) {
	cfg := exampleConfig()
	evs := example83(t, cfg)
	kp := make([]KPEvent, len(evs))
	var S [12]float64
	for i, e := range evs {
		kp[i] = KPEvent{Dates: e.EstCal, Residual: e.Residual, WinFirst: e.Day0, WinLast: e.Day0}
		z := standardize(nil, e.Residual)
		for t, v := range z {
			S[t] += v
		}
	}
	ss := 0.0
	for _, v := range S {
		ss += v * v
	}
	check(t, "Σ S_t²/(T-1)", ss/11, 5.289448824, tolStat)
	check(t, "r̄", RBar(kp, 10), 0.1074540687, tolStat)
}

func FuzzRBar(f *testing.F) {
	f.Add(uint64(1), uint8(5), uint8(12), uint8(1), uint8(3), uint8(10))
	f.Add(uint64(7), uint8(2), uint8(3), uint8(4), uint8(0), uint8(2))
	f.Fuzz(func(t *testing.T, seed uint64, n, T, L, spread, minShared uint8) {
		if n < 2 || T == 0 || L == 0 || n > 60 || T > 60 || L > 30 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 3))
		ev := randomKP(rng, int(n), int(T), int(L), int(spread)+1, float64(seed%5)/10)
		got, want := RBar(ev, int(minShared)), naiveRBar(ev, int(minShared))
		if math.IsNaN(got) || got < -1-1e-9 || got > 1+1e-9 || math.Abs(got-want) > 1e-9 {
			t.Fatalf("RBar %v, pairwise %v", got, want)
		}
	})
}

// TestPairCorrelationPaths: the contiguous fast path and the merge path
// agree (dates with a hole force the merge).
func TestPairCorrelationPaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ev := randomKP(rng, 2, 40, 1, 10, 0.1)
	a, b := ev[0], ev[1]
	fast := PairCorrelation(a.Dates, a.Residual, b.Dates, b.Residual, 5)
	// Same data with one date removed from a and its value from both ends:
	// append a far-away date with NaN so a is no longer contiguous.
	da := append(append([]int{}, a.Dates...), a.Dates[len(a.Dates)-1]+100)
	ra := append(append([]float64{}, a.Residual...), math.NaN())
	slow := PairCorrelation(da, ra, b.Dates, b.Residual, 5)
	if fast == 0 || math.Abs(fast-slow) > 1e-14 {
		t.Errorf("fast %v, merge %v", fast, slow)
	}
}

// TestCorrelationMatchesGonum: the one-pass correlation equals gonum's
// two-pass stat.Correlation over the pairs without NaN, for residual-like
// series, for series far from 0 (where an unshifted one-pass formula loses
// its digits) and with missing days; 0 below minShared and without variation.
func TestCorrelationMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	series := func(n int, level float64, missing float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = level + 0.02*rng.NormFloat64()
			if rng.Float64() < missing {
				x[i] = math.NaN()
			}
		}
		return x
	}
	for _, tc := range []struct {
		name           string
		n              int
		level, missing float64
	}{
		{"residuals", 250, 0, 0},
		{"far from zero", 250, 1e6, 0},
		{"missing days", 250, 0, 0.1},
		{"short", 40, 0.5, 0.05},
	} {
		a, b := series(tc.n, tc.level, tc.missing), series(tc.n, -tc.level, tc.missing)
		for i := range b { // correlate them: b takes half of a's noise
			if !math.IsNaN(a[i]) {
				b[i] += 0.5 * (a[i] - tc.level)
			}
		}
		var x, y []float64
		for i := range a {
			if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
				x, y = append(x, a[i]), append(y, b[i])
			}
		}
		want := stat.Correlation(x, y, nil)
		if got := correlation(a, b, 30); math.Abs(got-want) > 1e-9 || want < 0.2 {
			t.Errorf("%s: correlation %v, gonum %v", tc.name, got, want)
		}
	}
	flat := make([]float64, 50)
	if got := correlation(flat, series(50, 0, 0), 30); got != 0 {
		t.Errorf("constant series: %v, want 0", got)
	}
	if got := correlation(series(20, 0, 0), series(20, 0, 0), 30); got != 0 {
		t.Errorf("20 shared days with minShared 30: %v, want 0", got)
	}
}

// TestRBarPairMemo: r̄ with the window-independent ρ_ij memo equals r̄
// correlating every overlapping pair anew (to rounding: the memo's
// pairSeries sums differently), in every window
// (the synthetic events have same-date blocks, staggered neighbours and
// missing returns); the memo holds only overlapping pairs, and no pair of
// one block (complete events on the same dates).
func TestRBarPairMemo(t *testing.T) {
	evs, cfg := syntheticEvents(t, 400)
	c := prepare(All, evs, cfg)
	if c.kp == nil || len(c.kp.corr) == 0 {
		t.Fatal("no pair memo for kp tests in calendar mode")
	}
	bare := *c
	bare.kp = nil
	for _, w := range cfg.CARWindows {
		got, want := newGroup(c, w, cfg).rBar(), newGroup(&bare, w, cfg).rBar()
		if math.Abs(got-want) > 1e-14 || math.IsNaN(got) {
			t.Errorf("window %s: r̄ with memo %v, without %v", w, got, want)
		}
	}
	for r := range c.kp.id { // every partner's event window overlaps
		id := int(c.kp.id[r])
		a := evs[id]
		for q := c.kp.skip[r]; q < c.kp.end[r]; q++ {
			other := int(c.kp.id[q])
			b := evs[other]
			if b.EvtCal[0] > a.EvtCal[len(a.EvtCal)-1] || a.EvtCal[0] > b.EvtCal[len(b.EvtCal)-1] {
				t.Fatalf("pair %d, %d: event windows do not overlap", id, other)
			}
			if a.EvtCal[0] == b.EvtCal[0] && c.kpStat[id].complete && c.kpStat[other].complete {
				t.Fatalf("pair %d, %d: one block (same dates, complete), which r̄ sums without pairs", id, other)
			}
			want := PairCorrelation(a.EstCal, a.Residual, b.EstCal, b.Residual, cfg.KPMinShared)
			if rho, ok := c.kp.rho(other, id); !ok || math.Abs(rho-want) > 1e-12 || (rho == 0) != (want == 0) {
				t.Fatalf("pair %d, %d: memo %v %v, PairCorrelation %v", id, other, rho, ok, want)
			}
		}
	}
	if _, ok := c.kp.rho(0, 0); ok {
		t.Error("an event paired with itself")
	}
	et := cfg
	et.KPRbar = "event-time"
	if prepare(All, evs, et).kp != nil {
		t.Error("pair memo built for event-time r̄, which pairs by relative day")
	}
}

// standardize appends (x_t - x̄)/s (divisor T-1) to dst; nil if s = 0.
func standardize(dst, x []float64) []float64 {
	m, s := meanSD(x)
	if !(s > 0) {
		return nil
	}
	for _, v := range x {
		dst = append(dst, (v-m)/s)
	}
	return dst
}

// TestPairSeriesCorrelation: the prepared pair correlation of pairMemo
// equals PairCorrelation (to 1e-12, and exactly 0 where it is 0) for
// series with missing days on either side or both, shifted against each
// other by up to their length, with shared counts around minShared.
func TestPairSeriesCorrelation(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	mk := func(first, n int, missing float64) ([]int, []float64) {
		d, r := make([]int, n), make([]float64, n)
		for i := range d {
			d[i], r[i] = first+i, 0.02*rng.NormFloat64()+0.001
			if rng.Float64() < missing {
				r[i] = math.NaN()
			}
		}
		return d, r
	}
	pairs, zeros := 0, 0
	for trial := 0; trial < 3000; trial++ {
		na, nb := 5+rng.IntN(60), 5+rng.IntN(60)
		da, ra := mk(rng.IntN(40), na, []float64{0, 0.02, 0.3}[trial%3])
		db, rb := mk(rng.IntN(40), nb, []float64{0, 0.05, 0.5}[(trial/3)%3])
		if trial%17 == 0 { // a common shock: strong correlation
			for i := range ra {
				if j := da[i] - db[0]; j >= 0 && j < nb && !math.IsNaN(rb[j]) && !math.IsNaN(ra[i]) {
					rb[j] = ra[i] + 0.001*rng.NormFloat64()
				}
			}
		}
		minShared := 2 + rng.IntN(30)
		want := PairCorrelation(da, ra, db, rb, minShared)
		pa, pb := newPairSeries(da, ra), newPairSeries(db, rb)
		if pa == nil || pb == nil {
			t.Fatal("consecutive dates not prepared")
		}
		for _, got := range []float64{pa.correlation(pb, minShared), pb.correlation(pa, minShared)} {
			if math.Abs(got-want) > 1e-12 || (got == 0) != (want == 0) {
				t.Fatalf("trial %d: %v, PairCorrelation %v (na %d nb %d, minShared %d)", trial, got, want, na, nb, minShared)
			}
		}
		pairs++
		if want == 0 {
			zeros++
		}
	}
	if zeros < 300 || pairs-zeros < 1000 {
		t.Errorf("%d of %d pairs 0: the trials miss a case", zeros, pairs)
	}
	if newPairSeries([]int{1, 2, 4}, []float64{1, 2, 3}) != nil {
		t.Error("dates with a gap prepared")
	}
}
