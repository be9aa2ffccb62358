package compare

import (
	"math"
)

// Test ids of groupdiff.csv.
const (
	TestWelch       = "welch_t"      // Welch (1947) unequal-variance t
	TestMannWhitney = "mann_whitney" // Wilcoxon (1945) rank-sum / Mann & Whitney (1947) U
)

// MaxExactRankSum is the largest pooled sample size n_a+n_b for which
// MannWhitney computes exact p-values (the same cut as the exact
// Wilcoxon signed-rank test, docs/methodology.md 6.11).
const MaxExactRankSum = 50

// Diff is one two-sample test: estimate, statistic and p-values in the
// conventions of tests.csv (docs/methodology.md 6.0).
type Diff struct {
	NA, NB    int
	Estimate  float64 // Welch: mean(a) - mean(b); Mann–Whitney: U_a/(n_a n_b)
	Statistic float64 // t, or the tie-corrected Z of U
	Dist      string  // analysis.DistT, DistNormal or DistExact
	DF        float64 // Welch–Satterthwaite df; NaN for Z
	P         float64 // two-sided
	PLower    float64 // H1: a below b
	PUpper    float64 // H1: a above b
}

func naDiff(na, nb int) Diff {
	return Diff{NA: na, NB: nb, Estimate: math.NaN(), Statistic: math.NaN(), DF: math.NaN(),
		P: math.NaN(), PLower: math.NaN(), PUpper: math.NaN()}
}

// finiteValues drops NaN and ±Inf.
func finiteValues(x []float64) []float64 {
	out := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

func meanVar(x []float64) (m, v float64) {
	for _, xi := range x {
		m += xi
	}
	m /= float64(len(x))
	for _, xi := range x {
		v += (xi - m) * (xi - m)
	}
	return m, v / float64(len(x)-1)
}
