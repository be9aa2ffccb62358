package analysis

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Reference distributions of a test statistic (the dist column of tests.csv).
const (
	DistT      = "t"
	DistNormal = "normal"
	DistExact  = "exact"
)

// PValues returns the p-values of a statistic s under a continuous null
// distribution F (METHODOLOGY.md 6.0): two-sided p = 2(1-F(|s|)), lower
// tail F(s) and upper tail 1-F(s). dist is "t" (Student t with df > 0
// degrees of freedom) or "normal" (df ignored). A NaN statistic, a t with
// df <= 0 or any other dist gives NaN p-values.
//
// This is the one place that builds the t distribution: gonum's StudentsT
// needs Sigma: 1, without it CDF silently returns 1.
func PValues(stat float64, dist string, df float64) (p, lower, upper float64) {
	if math.IsNaN(stat) {
		return nan, nan, nan
	}
	var cdf, survival func(float64) float64
	switch dist {
	case DistT:
		if !(df > 0) || math.IsInf(df, 0) {
			return nan, nan, nan
		}
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
		cdf, survival = t.CDF, t.Survival
	case DistNormal:
		cdf, survival = distuv.UnitNormal.CDF, distuv.UnitNormal.Survival
	default:
		return nan, nan, nan
	}
	// Survival instead of 1-CDF keeps the precision of small upper tails.
	lower = cdf(stat)
	upper = survival(stat)
	p = math.Min(1, 2*survival(math.Abs(stat)))
	return p, lower, upper
}
