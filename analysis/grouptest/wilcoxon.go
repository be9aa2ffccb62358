package grouptest

import (
	"math"
	"slices"

	"github.com/breachlab/eventstudy/results"
)

// WilcoxonSignedRank is Wilcoxon's (1945) signed-rank test on the CARs of a
// window (ARs for a one-day window), docs/methodology.md 6.11. Zeros (and NaNs)
// are dropped; the n remaining |x_i| get midranks r_i; W⁺ = Σ_{x_i>0} r_i;
//
//	E[W⁺] = n(n+1)/4,  Var[W⁺] = n(n+1)(2n+1)/24 - Σ_g (t_g³ - t_g)/48,
//	z = (W⁺ - E[W⁺]) / sqrt(Var[W⁺])   (tie-corrected, no continuity correction)
//
// over tie groups of size t_g. For n ≤ ExactMax the p-values are exact: the
// null distribution of Σ s_i r_i with independent fair signs s_i ∈ {0,1} over
// the actual midranks, by dynamic programming over the doubled (integer)
// midranks; pLower = P(W⁺ ≤ w), pUpper = P(W⁺ ≥ w), p = min(1, 2 min(·)).
// Above ExactMax they come from z against N(0,1).
// estimate = W⁺/(n(n+1)/2) - 1/2, from -1/2 (all negative) to +1/2.
func WilcoxonSignedRank(values []float64) (wPlus, z, pLower, pUpper, p, estimate float64, n int) {
	// |x_i| and its sign in one word (the bits of a non-negative float
	// ascend with it), sorted: a tie group is a run, its doubled midrank
	// the run's first and last positions' sum, and no search or map of
	// the groups is needed (WilcoxonSignedRankPlain, the definition by
	// midranks, is its oracle).
	keys := make([]uint64, 0, len(values))
	for _, v := range values {
		if v == 0 || math.IsNaN(v) {
			continue
		}
		k := math.Float64bits(math.Abs(v)) << 1
		if v > 0 {
			k |= 1
		}
		keys = append(keys, k)
	}
	n = len(keys)
	if n == 0 {
		return nan, nan, nan, nan, nan, nan, 0
	}
	slices.Sort(keys)
	var r2 []int // the doubled midranks, for the exact tails
	if n <= ExactMax {
		r2 = make([]int, 0, n)
	}
	w2 := 0 // 2 W⁺, an integer
	ties := 0.0
	for a := 0; a < n; {
		b, pos := a+1, int(keys[a]&1)
		for b < n && keys[b]>>1 == keys[a]>>1 {
			pos += int(keys[b] & 1)
			b++
		}
		d := a + b + 1 // positions a+1..b
		w2 += pos * d
		// Σ (t³ - t) over tie groups of size t: integers, exact in any order
		ft := float64(b - a)
		ties += ft*ft*ft - ft
		if r2 != nil {
			for range b - a {
				r2 = append(r2, d)
			}
		}
		a = b
	}
	wPlus, z, pLower, pUpper, p, estimate = wilcoxonFromRanks(n, w2, ties, r2)
	return wPlus, z, pLower, pUpper, p, estimate, n
}

// wilcoxonFromRanks is the test from n nonzero values, twice W⁺ (w2),
// Σ (t³ - t) over the tie groups and, for n ≤ ExactMax, the doubled
// midranks r2 (the exact tails).
func wilcoxonFromRanks(n, w2 int, ties float64, r2 []int) (wPlus, z, pLower, pUpper, p, estimate float64) {
	wPlus = float64(w2) / 2
	fn := float64(n)
	estimate = wPlus/(fn*(fn+1)/2) - 0.5
	v := fn*(fn+1)*(2*fn+1)/24 - ties/48
	if v > 0 {
		z = (wPlus - fn*(fn+1)/4) / math.Sqrt(v)
	} else {
		z = nan
	}
	if n > ExactMax {
		p, pLower, pUpper = normalP(z)
		return wPlus, z, pLower, pUpper, p, estimate
	}
	pLower, pUpper = wilcoxonExactTails(r2, w2)
	return wPlus, z, pLower, pUpper, twoSided(pLower, pUpper), estimate
}

// wilcoxonExactTails returns P(2W⁺ ≤ w2) and P(2W⁺ ≥ w2) under H0, where
// 2W⁺ = Σ s_i r2_i with fair independent signs s_i ∈ {0,1} over the doubled
// midranks r2. Counts fit float64 exactly for n ≤ 52 (≤ 2^n); the total is
// at most n(n+1), so the cost is O(n³).
func wilcoxonExactTails(r2 []int, w2 int) (lower, upper float64) {
	total := 0
	for _, d := range r2 {
		total += d
	}
	cnt := make([]float64, total+1)
	cnt[0] = 1
	hi := 0
	for _, d := range r2 {
		hi += d
		for s := hi; s >= d; s-- {
			cnt[s] += cnt[s-d]
		}
	}
	all := math.Ldexp(1, len(r2))
	for s, c := range cnt {
		if s <= w2 {
			lower += c
		}
		if s >= w2 {
			upper += c
		}
	}
	return lower / all, upper / all
}

// wilcoxon's n is the number of non-zero CARs used (6.0).
func (g *group) wilcoxon() results.TestRow {
	_, z, lo, up, p, est, n := WilcoxonSignedRank(g.car)
	r := row(n, est)
	if g.n() < 2 {
		return r
	}
	if n <= ExactMax {
		return withExact(r, z, p, lo, up)
	}
	return withNormal(r, z)
}
