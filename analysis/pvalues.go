package analysis

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Reference distributions of a test statistic (the dist column of tests.csv).
const (
	DistT      = "t"
	DistNormal = "normal"
	DistExact  = "exact"
)

// PValues returns the p-values of a statistic s under a continuous null
// distribution F (docs/methodology.md 6.0): two-sided p = 2(1-F(|s|)), lower
// tail F(s) and upper tail 1-F(s). dist is "t" (Student t with df > 0
// degrees of freedom) or "normal" (df ignored). A NaN statistic, a t with
// df <= 0 or any other dist gives NaN p-values.
//
// For the t distribution the three come from one regularized incomplete
// beta: with h = ½·I_{ν/(ν+s²)}(ν/2, ½), the upper tail of |s| is h, and
// the tails of s are h and 1-h by its sign. These are the expressions of
// gonum's StudentsT.CDF and Survival (TestPValuesMatchDistuv checks the
// bits), which evaluate I once per call: three times per statistic, a
// fifth of the single-event tables' time at 10,000 events.
func PValues(stat float64, dist string, df float64) (p, lower, upper float64) {
	if math.IsNaN(stat) {
		return nan, nan, nan
	}
	switch dist {
	case DistT:
		if !(df > 0) || math.IsInf(df, 0) {
			return nan, nan, nan
		}
		if stat == 0 {
			return 1, 0.5, 0.5
		}
		h := 0.5 * tTailBeta(stat*stat, df)
		if stat > 0 {
			return math.Min(1, 2*h), 1 - h, h
		}
		return math.Min(1, 2*h), h, 1 - h
	case DistNormal:
		// Both tails from Erfc: 1-Φ(z) = ½·erfc(z/√2) keeps the precision of
		// small tails, where gonum's Normal.Survival (½·(1-erf)) reaches 0
		// near |z| = 8.3 and a p would fall below its own tail.
		lower, upper := normalTail(-stat), normalTail(stat)
		return math.Min(1, 2*normalTail(math.Abs(stat))), lower, upper
	}
	return nan, nan, nan
}

// tTailBeta is I_{ν/(ν+s²)}(ν/2, ½), twice the t distribution's upper
// tail at |s| for ν = df and s² = s2. For s² < 1 the incomplete beta
// (Cephes' incbet) evaluates it as 1 - I_{1-x}(½, ν/2) with 1-x taken from
// the rounded x = ν/(ν+s²), which loses the digits of a small s²: at
// |t| = 1e-6, ν = 246, p came out 3e-9 off. There 1-x = s²/(ν+s²) is
// computed directly, the same evaluation without the rounding (Abramowitz
// & Stegun 26.5.2, I_x(a,b) = 1 - I_{1-x}(b,a)); for s² ≥ 1 the bits are
// gonum's StudentsT (TestPValuesMatchDistuv).
func tTailBeta(s2, df float64) float64 {
	if s2 < 1 {
		return 1 - mathext.RegIncBeta(0.5, df/2, s2/(s2+df))
	}
	return mathext.RegIncBeta(df/2, 0.5, df/(s2+df))
}

// normalTail is the standard normal upper tail 1-Φ(z) = ½·erfc(z/√2).
func normalTail(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }
