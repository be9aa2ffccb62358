package analysis

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// DefaultLevel is the default coverage of confidence intervals and bands
// (--level).
const DefaultLevel = 0.95

// Critical is the two-sided critical value of a confidence interval with
// coverage level: the (1+level)/2 quantile of the statistic's reference
// distribution, Student's t with df degrees of freedom (dist "t") or the
// standard normal (dist "normal", or "t" with df not finite), so that
//
//	estimate ± Critical(level, dist, df)·se
//
// is the interval that inverts the two-sided test of docs/methodology.md
// 6.0 at 1-level: it excludes 0 exactly when p < 1-level. NaN for a level
// outside (0,1), df ≤ 0 with dist t, or another dist.
func Critical(level float64, dist string, df float64) float64 {
	if !(level > 0 && level < 1) {
		return nan
	}
	p := (1 + level) / 2
	switch {
	case dist == DistNormal || (dist == DistT && math.IsInf(df, 1)):
		return distuv.UnitNormal.Quantile(p)
	case dist == DistT && df > 0:
		// Sigma 1 is required: a zero Sigma makes gonum's CDF silently 1.
		return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
	}
	return nan
}

// Interval is estimate ± Critical(level, dist, df)·se; NaN bounds where
// the critical value, the estimate or se is not finite.
func Interval(estimate, se, level float64, dist string, df float64) (lo, hi float64) {
	c := Critical(level, dist, df)
	if !finite(c) || !finite(estimate) || !finite(se) {
		return nan, nan
	}
	return estimate - c*se, estimate + c*se
}

// MeanInterval is the interval at coverage level of a cross-sectional
// mean, mean ± c·s/√N with s the sample standard deviation (N−1 divisor)
// and c = Critical(level, t, N−1): the interval that inverts the
// cross-sectional t-test of Brown & Warner (1985), docs/methodology.md
// 6.2. ok is false for N < 2 or a value that is not finite.
func MeanInterval(x []float64, level float64) (mean, lo, hi float64, ok bool) {
	if len(x) < 2 {
		return nan, nan, nan, false
	}
	for _, v := range x {
		if !finite(v) {
			return nan, nan, nan, false
		}
	}
	mean, sd := stat.MeanStdDev(x, nil)
	half := Critical(level, DistT, float64(len(x)-1)) * sd / math.Sqrt(float64(len(x)))
	return mean, mean - half, mean + half, true
}
