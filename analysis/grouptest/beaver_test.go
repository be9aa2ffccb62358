package grouptest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBeaverUHand: two events, SARs (1, 2) with df 10 and (3) with df 20.
// By hand: S = 1+4+9 = 14; m = 2·10/8 + 20/18; v = 2·2·100·10/(64·6) +
// 2·400·19/(324·16); c = v/(2m), ν = round(2m²/v); mean U = (2.5 + 9)/2.
func TestBeaverUHand(t *testing.T) {
	m := 2.5 + 20.0/18
	v := 4000.0/384 + 15200.0/5184
	meanU, stat, df := BeaverU([][]float64{{1, 2}, {3}}, []int{10, 20})
	if meanU != 5.75 || math.Abs(stat-14/(v/(2*m))) > 1e-12 || df != int(math.Round(2*m*m/v)) {
		t.Errorf("BeaverU = %v, %v, %v; want 5.75, %v, %v", meanU, stat, df, 14/(v/(2*m)), math.Round(2*m*m/v))
	}
	// With large df the aggregate is the plain χ²(N·L): c → 1, ν → 3.
	_, stat, df = BeaverU([][]float64{{1, 2}, {3}}, []int{1e9, 1e9})
	if math.Abs(stat-14) > 1e-6 || df != 3 {
		t.Errorf("df → ∞: stat %v df %v, want 14, 3", stat, df)
	}
	// df ≤ 4 (no finite variance) drops the event; none left: NaN.
	if _, stat, _ := BeaverU([][]float64{{1}}, []int{4}); !math.IsNaN(stat) {
		t.Errorf("df 4: stat %v, want NaN", stat)
	}
}

// TestVolatilityRankHand: event A, SAR 0.5 (0.25) against estimation
// residuals -3, -1, 2 (squares 9, 1, 4): U = 0, z = -1.5/√(3·5/12);
// event B, SARs 3, -2 (9, 4) against -1.5, 1 (2.25, 1) with the tie-free
// count U = 2+2 = 4, z = 2/√(2·2·5/12). t = z̄/(s_z/√2), estimate
// (0/3 + 4/4)/2 = 0.5.
func TestVolatilityRankHand(t *testing.T) {
	za := -1.5 / math.Sqrt(15.0/12)
	zb := 2 / math.Sqrt(20.0/12)
	zbar := (za + zb) / 2
	sz := math.Abs(za-zb) / math.Sqrt2
	want := zbar / (sz / math.Sqrt2)
	est, tt, n := VolatilityRank([][]float64{{0.5}, {3, -2}}, [][]float64{{-3, -1, 2}, {-1.5, 1}})
	if est != 0.5 || n != 2 || math.Abs(tt-want) > 1e-12 {
		t.Errorf("VolatilityRank = %v, %v, %v; want 0.5, %v, 2", est, tt, n, want)
	}
	// A tie counts one half, on either side of zero: SAR² 4 against 1, 4,
	// 9 gives U = 1.5, z = 0.
	est, _, _ = VolatilityRank([][]float64{{2}, {-2}}, [][]float64{{-3, 1, 2}, {-2, 1, 3}})
	if est != 0.5 {
		t.Errorf("ties: estimate %v, want 0.5", est)
	}
}

// absRankPlain is absRank as the definition reads: the count of the
// estimation values with a smaller square, ties at ±x counting one half.
func absRankPlain(est []float64, x float64) float64 {
	var r float64
	for _, e := range est {
		switch {
		case e*e < x*x:
			r++
		case e*e == x*x:
			r += 0.5
		}
	}
	return r
}

// TestAbsRank compares the two binary searches with the count over
// squares, as the definition reads, on values with ties at ±a and zeros.
func TestAbsRank(t *testing.T) {
	est := []float64{-3, -2, -2, -1, 0, 0, 0.5, 1, 2, 3, 3}
	for _, x := range []float64{0, -0.0, 0.25, -0.5, 1, -1, 2, -2, 2.5, 3, -3, 4} {
		t.Run(fmt.Sprint(x), func(t *testing.T) {
			if got, want := absRank(est, x), absRankPlain(est, x); got != want {
				t.Errorf("absRank(%v) = %v, want %v", x, got, want)
			}
		})
	}
	// and on random sorted values with ties, at every size up to an
	// estimation window's, for values inside, outside and at ±est
	rng := rand.New(rand.NewPCG(15, 6))
	for n := range 260 {
		est := make([]float64, n)
		for i := range est {
			est[i] = float64(rng.IntN(41)-20) * 0.125
		}
		slices.Sort(est)
		for range 8 {
			x := float64(rng.IntN(49)-24) * 0.125
			if rng.IntN(8) == 0 {
				x = []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}[rng.IntN(4)]
			}
			if got, want := absRank(est, x), absRankPlain(est, x); got != want {
				t.Fatalf("n=%d: absRank(%v) = %v, want %v", n, x, got, want)
			}
		}
	}
}

// TestAvolRankFromDayCounts: the group test's per-day counts give, bit
// for bit, VolatilityRank over the window's SARs and the sorted
// residuals, in every default window.
func TestAvolRankFromDayCounts(t *testing.T) {
	evs, cfg := syntheticEvents(t, 200)
	c := prepare([]string{"avol_rank"}, evs, cfg)
	// made apart from the order (prepareAbsRank), the counts are the same
	apart := newCache([]string{"avol_rank"}, evs)
	apart.ready(needOrder, cfg)
	if apart.absRank != nil {
		t.Fatal("avol_rank's counts made without being asked for")
	}
	apart.ready(needAbsRank, cfg)
	for i := range evs {
		if !sameBits(apart.absRank[i], c.absRank[i]) {
			t.Fatalf("event %d: counts %v, with the order %v", i, apart.absRank[i], c.absRank[i])
		}
	}
	for _, w := range cfg.CARWindows {
		t.Run(w.String(), func(t *testing.T) {
			g := newGroup(c, w, cfg)
			sar, _ := plainWindowSARs(g)
			sorted := make([][]float64, len(g.v))
			for k, i := range g.idx {
				sorted[k] = c.est[i].AppendValues(nil)
			}
			est, tt, n := VolatilityRank(sar, sorted)
			r := g.avolRank()
			if n < 150 || r.N != g.n() || float64(r.Estimate) != est || float64(r.Statistic) != tt || int(r.DF.V) != n-1 {
				t.Errorf("avolRank %v %v df %v, VolatilityRank %v %v n %d", r.Estimate, r.Statistic, r.DF, est, tt, n)
			}
		})
	}
}

// plainWindowSARs is windowSARs read from the events themselves.
func plainWindowSARs(g *group) ([][]float64, []int) {
	sar := make([][]float64, len(g.v))
	dfs := make([]int, len(g.v))
	for k, e := range g.v {
		a := g.w.T1 - e.EvtWindow.T1
		sar[k] = e.SAR[a : a+g.w.Len()]
		dfs[k] = e.Fit.DF
	}
	return sar, dfs
}

// TestAvolUFromCache: avol_u from the cache's SAR rows and df array is
// BeaverU over the events' own SARs and df, bit for bit, with the rows
// made (corrado_zivney asked for), not made, and released.
func TestAvolUFromCache(t *testing.T) {
	evs, cfg := syntheticEvents(t, 200)
	evs[3].Fit.DF = 7 // another df
	released := prepare(All, evs, cfg)
	released.releaseWindowed()
	for name, c := range map[string]*cache{"rows": prepare(All, evs, cfg),
		"no rows": prepare([]string{"avol_u"}, evs, cfg), "released": released} {
		if (c.sarRows != nil) != (name == "rows") {
			t.Fatalf("%s: SAR rows %v", name, c.sarRows != nil)
		}
		for _, w := range cfg.CARWindows {
			g := newGroup(c, w, cfg)
			sar, dfs := plainWindowSARs(g)
			meanU, stat, df := BeaverU(sar, dfs)
			r := g.avolU()
			if float64(r.Estimate) != meanU || float64(r.Statistic) != stat || int(r.DF.V) != df || r.N < 150 {
				t.Fatalf("%s, window %s: avolU %v %v df %v, BeaverU %v %v df %d", name, w, r.Estimate, r.Statistic, r.DF, meanU, stat, df)
			}
		}
	}
}
