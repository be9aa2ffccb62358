package tests

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

var nan = math.NaN()

// normalP returns the two-sided, lower and upper p-values of z against
// N(0,1) (METHODOLOGY.md 6.0).
func normalP(z float64) (p, lower, upper float64) {
	return distP(distuv.UnitNormal, z)
}

type cdfer interface{ CDF(float64) float64 }

// distP uses F(-|s|) rather than 1-F(|s|) so tails keep their precision.
func distP(d cdfer, s float64) (p, lower, upper float64) {
	if math.IsNaN(s) {
		return nan, nan, nan
	}
	lower = d.CDF(s)
	upper = d.CDF(-s) // symmetric reference distributions only
	return math.Min(1, 2*math.Min(lower, upper)), lower, upper
}

// tP returns the two-sided, lower and upper p-values of t against Student's
// t with df degrees of freedom. Sigma: 1 is required: a zero Sigma makes
// gonum's CDF silently return 1 (DEPENDENCIES.md).
func tP(t float64, df int) (p, lower, upper float64) {
	if df <= 0 {
		return nan, nan, nan
	}
	return distP(distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}, t)
}
