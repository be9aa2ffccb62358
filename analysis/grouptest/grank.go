package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
	"github.com/breachlab/eventstudy/results"
)

// grank is the generalized rank test of Kolari & Pynnönen (2011) for a CAR
// window, docs/methodology.md 6.8. Each event's estimation-day SARs
// ε̂_it/σ̂_i (the plain σ̂_i) on relative-day columns t are ranked with its
// SCAR_i over the window, the SCARs re-standardized by their
// cross-sectional sd (divisor N-1, not demeaned), SCAR*_i = SCAR_i/S_SCAR,
// and appended as one extra point "0"; with U_it the standardized centred
// ranks of each event's M_i+1 values, N_t the events with a value at point t
// (N_0 = N), Ū_t their mean and T the number of points:
//
//	S_Ū = sqrt((1/T) Σ_t (N_t/N) Ū_t²),  Z = Ū_0/S_Ū,
//	t_GRANK = Z sqrt((T-2)/(T-1-Z²))   ~ t_{T-2}.
//
// estimate = Ū_0. Needs N ≥ 2 and S_SCAR > 0; otherwise z and t are NaN.
//
// days[i] is the number of estimation days of event i, est[i] its sorted
// estimation SARs, sSCAR > 0 the SCARs' sd. The reference implementation,
// every event's values sorted anew, is the test oracle GRank.
func grank(days []int, est []ranks.Sorted, scar []float64, sSCAR float64) (ubar0, sUbar, z, t float64, T int) {
	n := len(scar)
	cols := 0
	for _, d := range days {
		cols = max(cols, d)
	}
	tally := ranks.NewTally(cols + 1)
	var p ranks.Pool
	for i := range est {
		// SCAR*_i = SCAR_i/S_SCAR ranked with the event's estimation SARs
		tally.AddOne(est[i], scar[i]/sSCAR, cols, &p)
	}
	rs := tally.Sums()
	sum, cnt := rs.Sum, rs.Cnt
	var ss float64
	fn := float64(n)
	for c := range sum {
		if cnt[c] == 0 {
			continue
		}
		T++
		ub := sum[c] / float64(cnt[c])
		ss += float64(cnt[c]) / fn * ub * ub
	}
	ubar0 = sum[cols] / fn
	sUbar = math.Sqrt(ss / float64(T))
	z = ratio(ubar0, sUbar)
	d := float64(T) - 1 - z*z
	if T > 2 && d > 0 {
		t = z * math.Sqrt(float64(T-2)/d)
	} else {
		t = nan
	}
	return ubar0, sUbar, z, t, T
}

// estSAR returns v[k]'s sorted ε̂_it/σ̂_i.
func (g *group) estSAR(k int) ranks.Sorted {
	return g.cache.est[g.idx[k]]
}

func (g *group) runGrank() [5]float64 {
	if g.haveGrank {
		return g.grank
	}
	g.haveGrank = true
	scar := make([]float64, len(g.v))
	simple := g.cfg.CARVar == analysis.CARVarSimple
	for i, e := range g.v {
		scar[i] = e.SCAR(g.w, simple)
	}
	u0, su, z, t, T := nan, nan, nan, nan, 0
	if _, sSCAR := meanSD(scar); len(scar) >= 2 && sSCAR > 0 {
		days := make([]int, len(g.v))
		est := make([]ranks.Sorted, len(g.v))
		for i, e := range g.v {
			days[i], est[i] = len(e.Residual), g.estSAR(i)
		}
		u0, su, z, t, T = grank(days, est, scar, sSCAR)
	}
	g.grank = [5]float64{u0, su, z, t, float64(T)}
	return g.grank
}

func (g *group) grankT() results.TestRow {
	if g.n() < 2 {
		return row(g.n(), nan)
	}
	gr := g.runGrank()
	return withT(row(g.n(), gr[0]), gr[3], int(gr[4])-2)
}

func (g *group) grankZ() results.TestRow {
	if g.n() < 2 {
		return row(g.n(), nan)
	}
	gr := g.runGrank()
	return withNormal(row(g.n(), gr[0]), gr[2])
}
