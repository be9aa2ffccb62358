package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
)

var nan = math.NaN()

// normalP returns the two-sided, lower and upper p-values of z against
// N(0,1) (METHODOLOGY.md 6.0).
func normalP(z float64) (p, lower, upper float64) {
	return analysis.PValues(z, analysis.DistNormal, 0)
}

// tP returns the p-values of t against Student's t with df degrees of
// freedom.
func tP(t float64, df int) (p, lower, upper float64) {
	return analysis.PValues(t, analysis.DistT, float64(df))
}
