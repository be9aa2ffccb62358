package grouptest

import (
	"math"

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
// est[idx[i]] are event i's sorted estimation SARs, cols the most
// estimation days of an event, sSCAR > 0 the SCARs' sd. The reference
// implementation, every event's values sorted anew, is the test oracle
// GRank.
func grank(est []ranks.Sorted, idx []int, cols int, scar []float64, sSCAR float64) (ubar0, sUbar, z, t float64, T int) {
	n := len(scar)
	tally := ranks.NewTally(cols + 1)
	var p ranks.Pool
	for i, k := range idx {
		// SCAR*_i = SCAR_i/S_SCAR ranked with the event's estimation SARs
		tally.AddOne(est[k], scar[i]/sSCAR, cols, &p)
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

func (g *group) runGrank() [5]float64 {
	if g.haveGrank {
		return g.grank
	}
	g.haveGrank = true
	scar := g.varSCARs()
	u0, su, z, t, T := nan, nan, nan, nan, 0
	if _, sSCAR := MeanSD(scar); len(scar) >= 2 && sSCAR > 0 {
		cols := 0
		for _, e := range g.v {
			cols = max(cols, len(e.Residual))
		}
		u0, su, z, t, T = grank(g.cache.est, g.idx, cols, scar, sSCAR)
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
