package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

var nan = math.NaN()

// ExactMax is the largest sample for which sign and wilcoxon report exact
// p-values (dist "exact"); above it they use the normal approximation
// (docs/methodology.md 6.0).
const ExactMax = 50

// normalP returns the two-sided, lower and upper p-values of z against
// N(0,1) (docs/methodology.md 6.0).
func normalP(z float64) (p, lower, upper float64) {
	return analysis.PValues(z, analysis.DistNormal, 0)
}

// tP returns the p-values of t against Student's t with df degrees of
// freedom.
func tP(t float64, df int) (p, lower, upper float64) {
	return analysis.PValues(t, analysis.DistT, float64(df))
}

// twoSided is the two-sided p-value of an exact test from its tails
// (docs/methodology.md 6.0).
func twoSided(lower, upper float64) float64 {
	return math.Min(1, 2*math.Min(lower, upper))
}

// row returns a row with n and estimate and everything else empty.
func row(n int, estimate float64) results.TestRow {
	return results.TestRow{N: n, Estimate: results.Num(estimate),
		Statistic: results.NA, P: results.NA, PLower: results.NA, PUpper: results.NA}
}

// withT fills statistic, dist t, df and p-values; a non-finite statistic or
// df < 1 leaves them empty.
func withT(r results.TestRow, stat float64, df int) results.TestRow {
	if !finite(stat) || df < 1 {
		return r
	}
	p, lo, up := tP(stat, df)
	r.Statistic, r.Dist, r.DF = results.Num(stat), analysis.DistT, results.SomeInt(df)
	r.P, r.PLower, r.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	return r
}

func withNormal(r results.TestRow, z float64) results.TestRow {
	if !finite(z) {
		return r
	}
	p, lo, up := normalP(z)
	r.Statistic, r.Dist = results.Num(z), analysis.DistNormal
	r.P, r.PLower, r.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	return r
}

func withExact(r results.TestRow, z, p, lo, up float64) results.TestRow {
	if !finite(z) || !finite(p) {
		return r
	}
	r.Statistic, r.Dist = results.Num(z), analysis.DistExact
	r.P, r.PLower, r.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
