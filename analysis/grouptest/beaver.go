package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
	"gonum.org/v1/gonum/stat/distuv"
)

// The abnormal-volatility group tests (docs/methodology.md 6.15): avol_u,
// the χ² aggregate of Beaver's (1968) U, and avol_rank, a rank test of the
// event days' squared SARs against the event's own estimation residuals
// that does not assume normal returns.

// IsVolatility reports whether id is an abnormal-volatility test (turned
// off with --volatility=false).
func IsVolatility(id string) bool { return id == "avol_u" || id == "avol_rank" }

// BeaverU is the group test that the mean U exceeds 1 (avol_u). Event i's
// L·U_i is, under the null with normal residuals, L times an F(L, df_i)
// variable (analysis.Volatility), with
//
//	m_i = L·d/(d-2),  v_i = 2L²·d²(L+d-2) / (L(d-2)²(d-4)),  d = df_i.
//
// S = Σ L·U_i is matched to a scaled χ² (Satterthwaite 1946): with
// m = Σm_i and v = Σv_i, S/c ~ χ²(ν), c = v/(2m), ν = 2m²/v; ν is
// rounded to the nearest whole number (df) and the statistic is S/c. With
// df_i → ∞ this is the plain χ²(N·L) aggregate. p is two-sided, p_upper
// the one-sided test of a volatility increase. Events need df_i > 4 (a
// finite variance); the estimate is the mean U_i.
func BeaverU(sar [][]float64, dfs []int) (meanU, stat float64, df int) {
	var sum, m, v, sumU float64
	n := 0
	for i, s := range sar {
		L, d := float64(len(s)), float64(dfs[i])
		if len(s) == 0 || d <= 4 {
			continue
		}
		var ss float64
		for _, x := range s {
			ss += x * x
		}
		sum += ss
		sumU += ss / L
		m += L * d / (d - 2)
		v += 2 * L * d * d * (L + d - 2) / ((d - 2) * (d - 2) * (d - 4))
		n++
	}
	if n == 0 || !(v > 0) {
		return nan, nan, 0
	}
	c := v / (2 * m)
	nu := math.Round(2 * m * m / v)
	return sumU / float64(n), sum / c, int(nu)
}

func (g *group) avolU() results.TestRow {
	sar, dfs := g.windowSARs()
	meanU, stat, df := BeaverU(sar, dfs)
	r := row(g.n(), meanU)
	if g.n() < 2 || !finite(stat) || df < 1 {
		return r
	}
	chi := distuv.ChiSquared{K: float64(df)}
	lo, up := chi.CDF(stat), chi.Survival(stat)
	r.Statistic, r.Dist, r.DF = results.Num(stat), "chi2", results.SomeInt(df)
	r.P, r.PLower, r.PUpper = results.Num(twoSided(lo, up)), results.Num(lo), results.Num(up)
	return r
}

// windowSARs are the SARs over the window of every event of the set and
// the events' estimation df.
// They are read from the cache's SAR rows where they are made (sarOf),
// the df from its array: through the events, three cache misses an event.
func (g *group) windowSARs() ([][]float64, []int) {
	c := g.cache
	sar := make([][]float64, len(g.v))
	dfs := make([]int, len(g.v))
	for k, i := range g.idx {
		t1, s := c.sarOf(i)
		a := g.w.T1 - t1
		sar[k] = s[a : a+g.w.Len()]
		dfs[k] = int(c.df[i])
	}
	return sar, dfs
}

// VolatilityRank is the rank test of abnormal volatility (avol_rank). For
// event i, the L squared SARs of the window are ranked against the M_i
// squared standardized estimation residuals (ε̂_t/σ̂_i)², by the
// Mann–Whitney (1947) count
//
//	U_i = Σ_τ Σ_t [1(SAR²_τ > ε̂²_t/σ̂²) + ½·1(=)],
//	z_i = (U_i - L·M_i/2) / sqrt(L·M_i(M_i+L+1)/12),
//
// and the group statistic is the cross-sectional t of the z_i,
//
//	t = z̄ / (s_z/√N) ~ t(N-1),  s_z² = Σ(z_i - z̄)²/(N-1),
//
// as BMP (1991) and GRANK-T (Kolari & Pynnönen 2011) standardize. Under
// the null the event-window and estimation residuals are exchangeable, so
// the ranks have the same distribution whatever the return distribution:
// fat tails move U_i not at all (the χ² test avol_u relies on normal
// SARs). The cross-sectional s_z, not the Mann–Whitney variance, scales
// the sum: volatility clustering makes the L squared residuals of one
// window dependent, which the iid variance understates (Stouffer's
// Σz_i/√N rejected 10.8 % over (0,5) on the bundled real returns).
// estimate is the mean U_i/(L·M_i), the probability that an event day's
// squared residual exceeds an estimation day's (½ under the null).
// sorted are each event's standardized estimation residuals in ascending
// order (the rank tests' shared order): e² < x² is |e| < |x|, so two
// binary searches count them without squaring and sorting the squares.
func VolatilityRank(sar [][]float64, sorted [][]float64) (estimate, t float64, n int) {
	var sumP float64
	var zs []float64
	for i, s := range sar {
		est := sorted[i]
		L, M := float64(len(s)), float64(len(est))
		if len(s) == 0 || len(est) == 0 {
			continue
		}
		var u float64
		for _, x := range s {
			u += absRank(est, x)
		}
		zs = append(zs, (u-L*M/2)/math.Sqrt(L*M*(M+L+1)/12))
		sumP += u / (L * M)
	}
	return mannWhitneyT(zs, sumP)
}

// mannWhitneyT is VolatilityRank's estimate and t from the events' z_i
// and the sum of their U_i/(L·M_i).
func mannWhitneyT(zs []float64, sumP float64) (estimate, t float64, n int) {
	n = len(zs)
	if n == 0 {
		return nan, nan, 0
	}
	_, t = CrossSectionalT(zs)
	return sumP / float64(n), t, n
}

// absRank is #{e : |e| < |x|} + ½·#{e : |e| = |x|} over the ascending est.
// The searches are branch-free (ranks.LowerBound): a binary search's
// branch goes either way at random, twice for each of an event's 21 SARs.
func absRank(est []float64, x float64) float64 {
	a := math.Abs(x)
	lo := ranks.LowerBound(est, -a) // first ≥ -a
	loEnd := lo
	for loEnd < len(est) && est[loEnd] == -a {
		loEnd++
	}
	if a == 0 { // -a = a: the zeros are the ties, nothing is smaller
		return 0.5 * float64(loEnd-lo)
	}
	hi := loEnd + ranks.LowerBound(est[loEnd:], a) // first ≥ a
	hiEnd := hi
	for hiEnd < len(est) && est[hiEnd] == a {
		hiEnd++
	}
	return float64(hi-loEnd) + 0.5*float64(loEnd-lo+hiEnd-hi)
}

// avolRank is VolatilityRank of the window from the per-day counts
// (prepareAbsRank): the same sums in the same order.
func (g *group) avolRank() results.TestRow {
	L := float64(g.w.Len())
	zs := make([]float64, 0, len(g.v))
	var sumP float64
	for _, i := range g.idx {
		M := float64(g.cache.est[i].Len())
		if L == 0 || M == 0 {
			continue
		}
		a := g.w.T1 - int(g.cache.evt1[i])
		var u float64
		for _, c := range g.cache.absRank[i][a : a+g.w.Len()] {
			u += c
		}
		zs = append(zs, (u-L*M/2)/math.Sqrt(L*M*(M+L+1)/12))
		sumP += u / (L * M)
	}
	est, t, n := mannWhitneyT(zs, sumP)
	r := row(g.n(), est)
	if n < 2 {
		return r
	}
	return withT(r, t, n-1)
}

// prepareAbsRank counts, once per event and event-window day τ, the
// estimation days below and tied with SAR²_τ (absRank on the sorted
// residuals of needOrder): a window's U_i is the sum over its days, so the
// binary searches are not repeated for every window holding the day (the
// eight default windows hold 60 event days, the event window 21).
func (c *cache) prepareAbsRank() {
	c.absRank = make([][]float64, len(c.events))
	parallel.ForChunks(len(c.events), prepareChunk, func(lo, hi int) {
		var est []float64 // the event's sorted values, reused
		for i := lo; i < hi; i++ {
			e := c.events[i]
			if !fitted(e) {
				continue
			}
			est = c.est[i].AppendValues(est[:0])
			c.absRank[i] = absRanks(est, e.SAR)
		}
	})
}

// absRanks is absRank of each of sar among the sorted est.
func absRanks(est, sar []float64) []float64 {
	u := make([]float64, len(sar))
	for j, x := range sar {
		u[j] = absRank(est, x)
	}
	return u
}
