package grouptest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
)

// sortGRank is GRank as first written: every event's M_i+1 values sorted
// from scratch (doubledMidranks). The merge in pooledRanks must give the
// same numbers bit for bit.
func sortGRank(sar [][]float64, scar []float64) (ubar0, sUbar, z, t float64, T int) {
	n := len(scar)
	_, sSCAR := MeanSD(scar)
	if n < 2 || !(sSCAR > 0) {
		return nan, nan, nan, nan, 0
	}
	cols := 0
	for _, r := range sar {
		cols = max(cols, len(r))
	}
	sum := make([]float64, cols+1)
	cnt := make([]int, cols+1)
	g := make([]float64, cols+1)
	u := make([]float64, cols+1)
	for i, r := range sar {
		for c := range g {
			g[c] = nan
		}
		copy(g, r)
		g[cols] = scar[i] / sSCAR
		standardizedRanksTo(u, g, make([]int, cols+1), make([]float64, 0, cols+1))
		for c, v := range u {
			if !math.IsNaN(v) {
				sum[c] += v
				cnt[c]++
			}
		}
	}
	var ss float64
	for c := range sum {
		if cnt[c] > 0 {
			T++
			ub := sum[c] / float64(cnt[c])
			ss += float64(cnt[c]) / float64(n) * ub * ub
		}
	}
	ubar0 = sum[cols] / float64(n)
	sUbar = math.Sqrt(ss / float64(T))
	z = ratio(ubar0, sUbar)
	if d := float64(T) - 1 - z*z; T > 2 && d > 0 {
		t = z * math.Sqrt(float64(T-2)/d)
	} else {
		t = nan
	}
	return ubar0, sUbar, z, t, T
}

// sortRankTest is the rank tests as first written: each event's values on
// the grid (values writes them into x) sorted from scratch by
// doubledMidranks, summed by rankSums and tested by corrado.
func sortRankTest(g *group, values func(x []float64, e *analysis.EventEstimate) []float64) (estimate, stat float64) {
	c := g.cache
	a := ranks.NewSums(c.gridLen)
	x := make([]float64, c.gridLen)
	u := make([]float64, c.gridLen)
	for _, e := range g.v {
		standardizedRanksTo(u, values(x, e), make([]int, c.gridLen), make([]float64, 0, c.gridLen))
		addU(a, u)
	}
	c1 := g.w.T1 - c.gridLo
	estimate, stat, _, _ = corradoStat(a, c1, c1+g.w.Len()-1)
	return estimate, stat
}

// onGrid writes event e's values on the relative-day grid of the rank tests
// (estimation ∪ event window, NaN elsewhere) into x: est(j) for
// estimation index j and evt(j) for event index j.
func onGrid(g *group, x []float64, e *analysis.EventEstimate, est, evt func(j int) float64) []float64 {
	for c := range x {
		x[c] = nan
	}
	for j := range e.Residual {
		x[e.EstWindow.T1+j-g.cache.gridLo] = est(j)
	}
	for j := range e.AR {
		x[e.EvtWindow.T1+j-g.cache.gridLo] = evt(j)
	}
	return x
}

// sortCorrado is the corrado statistic as first written: residuals and
// ARs themselves (not divided by σ̂) sorted from scratch.
func sortCorrado(g *group) (estimate, stat float64) {
	return sortRankTest(g, func(x []float64, e *analysis.EventEstimate) []float64 {
		return onGrid(g, x, e, func(j int) float64 { return e.Residual[j] },
			func(j int) float64 { return e.AR[j] })
	})
}

// sortCorradoZivney is the corrado_zivney statistic as first written: the
// pooled grid of every event sorted from scratch (rankTest).
func sortCorradoZivney(g *group) (estimate, stat float64) {
	lo, hi := math.MaxInt, math.MinInt
	for _, e := range g.v {
		lo = min(lo, e.EvtWindow.T1)
		hi = max(hi, e.EvtWindow.T1+len(e.SAR)-1)
	}
	sd := make([]float64, hi-lo+1)
	for d := range sd {
		var col []float64
		for _, e := range g.v {
			if j := lo + d - e.EvtWindow.T1; j >= 0 && j < len(e.SAR) && finite(e.SAR[j]) {
				col = append(col, e.SAR[j])
			}
		}
		sd[d] = nan
		if len(col) >= 2 {
			if _, s := MeanSD(col); s > 0 {
				sd[d] = s
			}
		}
	}
	return sortRankTest(g, func(x []float64, e *analysis.EventEstimate) []float64 {
		sigma := math.Sqrt(e.Fit.Sigma2)
		return onGrid(g, x, e, func(j int) float64 { return e.Residual[j] / sigma },
			func(j int) float64 { return e.SAR[j] / sd[e.EvtWindow.T1+j-lo] })
	})
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// nearRounding is same to rounding: the rank tests sum integer doubled ranks per
// denominator (rankTally), the references per-event U_it, so the
// statistics agree to about 1e-15, not bit for bit.
func nearRounding(a, b float64) bool {
	return same(a, b) || math.Abs(a-b) <= 1e-12*max(1, math.Abs(b))
}

// TestPooledRanksMatchSort: the merged ranks of corrado, corrado_zivney and
// GRANK give a full sort's statistics (to rounding: nearRounding), with continuous data, with heavy ties
// (values rounded to a coarse grid, so estimation and event values tie
// with each other), and with missing values.
func TestPooledRanksMatchSort(t *testing.T) {
	for _, tc := range []struct {
		name string
		grid float64 // round residuals and SARs to multiples of grid; 0 keeps them
	}{{"continuous", 0}, {"ties", 0.01}, {"heavy ties", 0.5}} {
		evs, cfg := syntheticEvents(t, 120)
		rng := rand.New(rand.NewPCG(7, 7))
		if tc.grid > 0 {
			for _, e := range evs {
				sigma := math.Sqrt(e.Fit.Sigma2)
				for j, r := range e.Residual {
					e.Residual[j] = math.Round(r/sigma/tc.grid) * tc.grid * sigma
				}
				for j, a := range e.AR {
					e.AR[j] = math.Round(a/sigma/tc.grid) * tc.grid * sigma
				}
				for j, s := range e.SAR {
					e.SAR[j] = math.Round(s/tc.grid) * tc.grid
					if rng.IntN(50) == 0 {
						e.SAR[j] = math.NaN()
					}
				}
			}
		}
		// One cache for every window, as RunWindows has: the column sums
		// memo (sumsMemo) must serve each window its own set's sums.
		c := prepare(All, evs, cfg)
		sets := map[string]bool{}
		for _, w := range cfg.CARWindows {
			g := newGroup(c, w, cfg)
			sets[fmt.Sprint(g.idx)] = true
			fast := g.corradoZivney()
			wantEst, wantStat := sortCorradoZivney(g)
			if !nearRounding(float64(fast.Estimate), wantEst) || !nearRounding(float64(fast.Statistic), wantStat) {
				t.Errorf("%s %s corrado_zivney: merged (%v, %v), sorted (%v, %v)", tc.name, w, fast.Estimate, fast.Statistic, wantEst, wantStat)
			}
			cor := g.corrado()
			wantEst, wantStat = sortCorrado(g)
			if !nearRounding(float64(cor.Estimate), wantEst) || !nearRounding(float64(cor.Statistic), wantStat) {
				t.Errorf("%s %s corrado: merged (%v, %v), sorted (%v, %v)", tc.name, w, cor.Estimate, cor.Statistic, wantEst, wantStat)
			}
			gr := g.runGrank()
			sar := make([][]float64, len(g.v))
			for i, e := range g.v {
				sigma := math.Sqrt(e.Fit.Sigma2)
				for _, r := range e.Residual {
					sar[i] = append(sar[i], r/sigma)
				}
			}
			u0, su, z, tt, T := sortGRank(sar, g.scars())
			want := [5]float64{u0, su, z, tt, float64(T)}
			for k := range want {
				if !nearRounding(gr[k], want[k]) {
					t.Errorf("%s %s grank[%d]: merged %v, sorted %v", tc.name, w, k, gr[k], want[k])
				}
			}
			if a, b, c, d, e := GRank(sar, g.scars()); !nearRounding(a, u0) || !nearRounding(b, su) || !nearRounding(c, z) || !nearRounding(d, tt) || e != T {
				t.Errorf("%s %s GRank: (%v %v %v %v %d), sorted (%v %v %v %v %d)", tc.name, w, a, b, c, d, e, u0, su, z, tt, T)
			}
		}
		if len(sets) < 2 || len(sets) == len(cfg.CARWindows) {
			t.Errorf("%s: %d event sets over %d windows; the memo needs both shared and distinct sets to be tested", tc.name, len(sets), len(cfg.CARWindows))
		}
	}
}

// TestGrankFromBase: GRANK from the cache's base tally (grankBase) is
// grank's plain tally over the window's set, bit for bit, on every CAR
// window and event day, with continuous values, ties, and estimation
// windows of several lengths (the base's columns outnumber a set's).
func TestGrankFromBase(t *testing.T) {
	for _, tc := range []struct {
		name string
		grid float64
		cut  bool // some estimation windows cut short
	}{{"continuous", 0, false}, {"ties", 0.01, false}, {"heavy ties", 0.5, false}, {"cut short", 0, true}} {
		t.Run(tc.name, func(t *testing.T) {
			evs, cfg := syntheticEvents(t, 150)
			for k, e := range evs {
				sigma := math.Sqrt(e.Fit.Sigma2)
				if tc.grid > 0 && k%2 == 0 {
					for j, r := range e.Residual {
						e.Residual[j] = math.Round(r/sigma/tc.grid) * tc.grid * sigma
					}
				}
				if tc.cut && k%3 == 0 {
					e.Residual = e.Residual[:len(e.Residual)-10*(1+k%4)]
				}
			}
			c := prepare(All, evs, cfg)
			if c.grankBase == nil || len(c.grankBase.members) == 0 {
				t.Fatal("no GRANK base prepared")
			}
			windows := slices.Clone(cfg.CARWindows)
			for tau := cfg.EventWindow.T1; tau <= cfg.EventWindow.T2; tau++ {
				windows = append(windows, analysis.Window{T1: tau, T2: tau})
			}
			lacking := 0
			for _, w := range windows {
				g := newGroup(c, w, cfg)
				lacking += len(c.grankBase.members) - len(g.idx)
				got := g.runGrank()
				scar := g.varSCARs()
				_, sSCAR := MeanSD(scar)
				cols := 0
				for _, e := range g.v {
					cols = max(cols, len(e.Residual))
				}
				u0, su, z, tt, T := grank(c.est, g.idx, cols, scar, sSCAR)
				want := [5]float64{u0, su, z, tt, float64(T)}
				for k := range want {
					if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
						t.Fatalf("window %s value %d: from the base %v, plain %v", w, k, got[k], want[k])
					}
				}
			}
			if lacking == 0 && tc.grid == 0 {
				t.Error("no window lacks a base member: the subtraction is not tested")
			}
		})
	}
}
