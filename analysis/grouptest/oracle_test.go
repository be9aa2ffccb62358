package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
)

// The readable reference implementations: each statistic written as its
// formula reads, over plain slices, with no cache, memo or integer tally.
// They do not run in production; the fast code of the battery is pinned to
// them by the oracle and fuzz tests of this package (TestPooledRanksMatchSort,
// FuzzPooledRanks, TestRBarBlockIdentity, FuzzRBar, ...).

// CorradoRank is Corrado's (1989) rank test in the standardized-rank form
// that handles missing days, with the Cowan (1992) / Campbell & Wasley (1993)
// aggregation over a window (docs/methodology.md 6.7). u[i][t] is the
// standardized centred rank U_it = K_it/(T_i+1) - 1/2 of event i on
// relative-day column t of the pooled estimation ∪ event-window grid (NaN
// where missing; see StandardizedRanks); the tested window is columns
// c1..c2, L = c2-c1+1. With N_t the events valid on column t and T the
// number of columns with N_t ≥ 1:
//
//	D_t = Σ_i U_it / √N_t,  S_U = sqrt(Σ_t D_t² / T),
//	T_R = Σ_{τ=c1..c2} D_τ / (√L S_U)   ~ N(0,1),
//
// estimate = (1/L) Σ_τ Ū_τ with Ū_τ the mean U of day τ. Without missing
// data T_R equals Corrado's original statistic. T_R is NaN when S_U = 0 or
// a window day has no valid event.
func CorradoRank(u [][]float64, c1, c2 int) (estimate, stat, sU float64, T int) {
	cols := 0
	for _, r := range u {
		cols = max(cols, len(r))
	}
	a := ranks.NewSums(cols)
	for _, r := range u {
		addU(a, r)
	}
	return corradoStat(a, c1, c2)
}

// addU adds one event's row of U (NaN where missing) to a.
func addU(a *ranks.Sums, r []float64) {
	for c, v := range r {
		if !math.IsNaN(v) {
			a.Sum[c] += v
			a.Cnt[c]++
		}
	}
}

// GRank is the generalized rank test of Kolari & Pynnönen (2011) for a CAR
// window, docs/methodology.md 6.8. sar[i][t] is the estimation-day SAR of event i
// (ε̂_it/σ̂_i with the plain σ̂_i; NaN where missing) on relative-day column t,
// scar[i] its SCAR over the window. The SCARs are re-standardized by their
// cross-sectional sd (divisor N-1, not demeaned), SCAR*_i = SCAR_i/S_SCAR,
// and appended as one extra point "0"; with U_it the standardized centred
// ranks of each event's M_i+1 values, N_t the events with a value at point t
// (N_0 = N), Ū_t their mean and T the number of points:
//
//	S_Ū = sqrt((1/T) Σ_t (N_t/N) Ū_t²),  Z = Ū_0/S_Ū,
//	t_GRANK = Z sqrt((T-2)/(T-1-Z²))   ~ t_{T-2}.
//
// estimate = Ū_0. Needs N ≥ 2 and S_SCAR > 0; otherwise z and t are NaN.
func GRank(sar [][]float64, scar []float64) (ubar0, sUbar, z, t float64, T int) {
	n := len(scar)
	if n < 2 || len(sar) != n {
		return nan, nan, nan, nan, 0
	}
	_, sSCAR := MeanSD(scar)
	if !(sSCAR > 0) {
		return nan, nan, nan, nan, 0
	}
	est := make([]ranks.Sorted, n)
	idx := make([]int, n)
	cols := 0
	for i, r := range sar {
		est[i], idx[i], cols = estOrder(r, 1), i, max(cols, len(r))
	}
	return grank(est, idx, cols, scar, sSCAR)
}

// RBar is rBar, every ρ_ij correlated anew (the pairwise oracle is
// naiveRBar, kp_test.go).
func RBar(events []KPEvent, minShared int) float64 {
	return rBar(events, minShared)
}

// GeneralizedSign is Cowan's (1992) generalized sign test, docs/methodology.md
// 6.10:
//
//	p̂ = (1/N) Σ_i (1/M_i) Σ_t 1[ε̂_it > 0],  Z = (w - N p̂) / sqrt(N p̂ (1-p̂))
//
// with w the number of positive values (CARs, or ARs for a one-day window),
// resid[i] the estimation residuals of event i (NaN where missing; M_i the
// number of non-NaN ones) and p̂ the average over events of the per-event
// share of positive residuals (not pooled over firm-days). Reference N(0,1);
// estimate = w/N. NaN z when p̂ is 0 or 1.
func GeneralizedSign(values []float64, resid [][]float64) (w int, phat, z, estimate float64) {
	if len(resid) != len(values) {
		return 0, nan, nan, nan
	}
	shares := make([]float64, len(resid))
	for i, r := range resid {
		shares[i] = positiveShare(r)
	}
	return generalizedSign(values, shares)
}

// Midranks returns the rank of every value of x among the non-NaN values of
// x, 1 for the smallest, ties sharing the average of the positions they
// occupy (midranks, "average ranks for ties" of docs/methodology.md 6.7 and 6.11).
// NaN values get rank NaN.
func Midranks(x []float64) []float64 {
	r2 := make([]int, len(x))
	ranks.DoubledMidranks(x, r2, make([]float64, 0, len(x)))
	r := make([]float64, len(x))
	for i, d := range r2 {
		if d < 0 {
			r[i] = math.NaN()
		} else {
			r[i] = float64(d) / 2
		}
	}
	return r
}

// StandardizedRanks returns the standardized centred ranks
// U_t = K_t/(T+1) - 1/2 of the values of one event, K_t the midrank of x_t
// among the T non-NaN values (Kolari & Pynnönen 2011; the form of Corrado's
// 1989 test that handles missing days, docs/methodology.md 6.7). NaN stays NaN.
func StandardizedRanks(x []float64) []float64 {
	u := make([]float64, len(x))
	standardizedRanksTo(u, x, make([]int, len(x)), make([]float64, 0, len(x)))
	return u
}

func standardizedRanksTo(u, x []float64, r2 []int, sorted []float64) {
	n := ranks.DoubledMidranks(x, r2, sorted)
	den := 2 * float64(n+1)
	for i, d := range r2 {
		if d < 0 {
			u[i] = math.NaN()
		} else {
			u[i] = float64(d)/den - 0.5
		}
	}
}

// estOrder sorts res[j]/sigma (see ranks.Sorted).
func estOrder(res []float64, sigma float64) ranks.Sorted {
	return ranks.Order(res, sigma, nil)
}

// WilcoxonSignedRankPlain is WilcoxonSignedRank by its definition: the
// doubled midranks of the |x_i| (DoubledMidranks) and a count of each tie
// group's members.
func WilcoxonSignedRankPlain(values []float64) (wPlus, z, pLower, pUpper, p, estimate float64, n int) {
	abs := make([]float64, 0, len(values))
	pos := make([]bool, 0, len(values))
	for _, v := range values {
		if v == 0 || math.IsNaN(v) {
			continue
		}
		abs = append(abs, math.Abs(v))
		pos = append(pos, v > 0)
	}
	n = len(abs)
	if n == 0 {
		return nan, nan, nan, nan, nan, nan, 0
	}
	r2 := make([]int, n)
	ranks.DoubledMidranks(abs, r2, make([]float64, 0, n))
	w2 := 0 // 2 W⁺, an integer
	for i, d := range r2 {
		if pos[i] {
			w2 += d
		}
	}
	// A tie group of size t shares one doubled rank; count them.
	groups := map[int]int{}
	for _, d := range r2 {
		groups[d]++
	}
	ties := 0.0
	for _, t := range groups {
		ft := float64(t)
		ties += ft*ft*ft - ft
	}
	wPlus, z, pLower, pUpper, p, estimate = wilcoxonFromRanks(n, w2, ties, r2)
	return wPlus, z, pLower, pUpper, p, estimate, n
}
