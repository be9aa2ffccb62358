package compare

import (
	"math"
	"sort"

	"github.com/breachlab/eventstudy/analysis"
)

// MannWhitney is the Wilcoxon (1945) rank-sum test in the form of Mann &
// Whitney (1947). Pool the N = n_a+n_b values, rank them (midranks for
// ties), R_a = rank sum of a, U = R_a - n_a(n_a+1)/2 (the number of pairs
// with a above b, ties counting ½). Under H0
//
//	E[U] = n_a n_b / 2,
//	Var[U] = n_a n_b/12 · [ (N+1) - Σ_g (t_g³ - t_g) / (N(N-1)) ]
//
// over tie groups of size t_g (Lehmann 1975, eq. 1.47), and the statistic
// is Z = (U - E[U])/sqrt(Var[U]) without continuity correction. For
// N ≤ MaxExactRankSum the p-values are exact: the permutation distribution
// of R_a over the actual midranks (every n_a-subset of the pooled ranks
// equally likely), counted by dynamic programming over doubled ranks
// (integers), with p_lower = P(R_a ≤ r), p_upper = P(R_a ≥ r) and
// p = min(1, 2 min); Dist is "exact". Above that, normal p-values from Z.
// Estimate is U/(n_a n_b), the probability that a draw from a exceeds one
// from b (ties ½). NaN values are dropped; an empty sample or a zero
// variance (all values tied) gives NaN statistic and p-values.
func MannWhitney(a, b []float64) Diff {
	a, b = finiteValues(a), finiteValues(b)
	na, nb := len(a), len(b)
	d := naDiff(na, nb)
	d.Dist = analysis.DistNormal
	if na == 0 || nb == 0 {
		return d
	}
	n := na + nb
	pooled := make([]float64, 0, n)
	pooled = append(append(pooled, a...), b...)
	r2, ties := doubledRanks(pooled)
	ra2 := 0 // doubled rank sum of a
	for i := 0; i < na; i++ {
		ra2 += r2[i]
	}
	u := float64(ra2)/2 - float64(na*(na+1))/2
	d.Estimate = u / float64(na*nb)
	fa, fb, fn := float64(na), float64(nb), float64(n)
	v := fa * fb / 12 * ((fn + 1) - ties/(fn*(fn-1)))
	if !(v > 0) {
		return d
	}
	d.Statistic = (u - fa*fb/2) / math.Sqrt(v)
	if n <= MaxExactRankSum {
		lo, up := rankSumTails(r2, na, ra2)
		d.Dist = analysis.DistExact
		d.PLower, d.PUpper = lo, up
		d.P = math.Min(1, 2*math.Min(lo, up))
		return d
	}
	d.P, d.PLower, d.PUpper = analysis.PValues(d.Statistic, analysis.DistNormal, 0)
	return d
}

// doubledRanks returns twice the midrank of every value of x (integers)
// and the tie term Σ(t³-t) over tie groups.
func doubledRanks(x []float64) ([]int, float64) {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(p, q int) bool { return x[idx[p]] < x[idx[q]] })
	r2 := make([]int, len(x))
	var ties float64
	for lo := 0; lo < len(idx); {
		hi := lo
		for hi+1 < len(idx) && x[idx[hi+1]] == x[idx[lo]] {
			hi++
		}
		for k := lo; k <= hi; k++ {
			r2[idx[k]] = (lo + 1) + (hi + 1)
		}
		t := float64(hi - lo + 1)
		ties += t*t*t - t
		lo = hi + 1
	}
	return r2, ties
}

// rankSumTails is P(R ≤ obs) and P(R ≥ obs) for R the doubled rank sum
// of a uniformly random k-subset of the doubled ranks r2.
// ways[j][s] counts the j-subsets of the items seen so far with sum s.
func rankSumTails(r2 []int, k, obs int) (lower, upper float64) {
	total := 0
	for _, r := range r2 {
		total += r
	}
	ways := make([][]float64, k+1)
	for j := range ways {
		ways[j] = make([]float64, total+1)
	}
	ways[0][0] = 1
	for _, r := range r2 {
		for j := k; j >= 1; j-- {
			prev, cur := ways[j-1], ways[j]
			for s := total; s >= r; s-- {
				cur[s] += prev[s-r]
			}
		}
	}
	var all, le, ge float64
	for s, w := range ways[k] {
		all += w
		if s <= obs {
			le += w
		}
		if s >= obs {
			ge += w
		}
	}
	return le / all, ge / all
}
