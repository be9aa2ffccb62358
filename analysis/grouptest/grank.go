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
	tally := ranks.NewTally(cols + 1)
	var p ranks.Pool
	for i, k := range idx {
		// SCAR*_i = SCAR_i/S_SCAR ranked with the event's estimation SARs
		tally.AddOne(est[k], scar[i]/sSCAR, cols, &p)
	}
	return grankStat(tally.Sums(), cols, len(scar))
}

// grankBase is what GRANK's ranks of every event hold whatever the window:
// the tally of ranks.AddOneBase over the fitted events without ties
// (members, ascending), on cols+1 columns, cols the most estimation days
// of any of them. A window's tally is a copy less the members it lacks,
// plus AddOneShift of its events: the tally grank makes, in integers, so
// the same statistic bit for bit (TestGrankFromBase). Columns past the
// longest window of the set are empty and skipped, as grank skips empty
// columns; the SCAR* column is the last either way.
type grankBase struct {
	tally   *ranks.Tally
	members []int
	cols    int
}

// grank is grank(est, idx, b.cols, scar, sSCAR) from the base.
func (b *grankBase) grank(est []ranks.Sorted, idx []int, scar []float64, sSCAR float64) (ubar0, sUbar, z, t float64, T int) {
	tally := b.tally.Clone()
	k := 0
	for _, i := range b.members {
		for k < len(idx) && idx[k] < i {
			k++
		}
		if k == len(idx) || idx[k] != i {
			tally.AddOneBase(est[i], -1)
		}
	}
	var p ranks.Pool
	for i, k := range idx {
		x := scar[i] / sSCAR
		if tally.AddOneShift(est[k], x, b.cols) {
			continue
		}
		if !est[k].Ties() { // a member with a NaN SCAR*: ranked anew
			tally.AddOneBase(est[k], -1)
		}
		tally.AddOne(est[k], x, b.cols, &p)
	}
	return grankStat(tally.Sums(), b.cols, len(scar))
}

// grankStat is GRANK's statistic from the rank sums of n events, the
// SCAR*s in column cols.
func grankStat(rs *ranks.Sums, cols, n int) (ubar0, sUbar, z, t float64, T int) {
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
		if b := g.cache.grankBase; b != nil {
			u0, su, z, t, T = b.grank(g.cache.est, g.idx, scar, sSCAR)
		} else {
			cols := 0
			for _, e := range g.v {
				cols = max(cols, len(e.Residual))
			}
			u0, su, z, t, T = grank(g.cache.est, g.idx, cols, scar, sSCAR)
		}
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
