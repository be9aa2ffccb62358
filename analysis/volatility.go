package analysis

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Abnormal volatility (docs/methodology.md 6.15): Beaver's (1968) U statistic.
//
// Per event day the squared standardized abnormal return
//
//	SAR²_τ = AR_τ² / (σ̂²(1+h_τ))
//
// (the prediction-error-corrected SAR of section 5). Over a window of L
// days Beaver's U is the mean of SAR²_τ, which is 1 in expectation when the
// event adds no variance. Test for one event: with normal residuals
// SAR_τ ~ t(df), so SAR²_τ ~ F(1, df); the L numerators are (nearly)
// independent and share the one denominator σ̂², so
//
//	U ~ F(L, df)   (approximately; exact when the h_τ are 0)
//
// F(L, df) and not χ²(L)/L: the χ² version ignores that σ̂² is estimated
// and over-rejects (E[SAR²] = df/(df-2), not 1). p is two-sided, as every
// p of the contract: min(1, 2·min(F(U), 1-F(U))).
//
// The variance ratio is the event-window residual variance over the
// estimation-window residual variance: mean AR_τ² (the mean under the null
// is zero, so the window's ARs are not demeaned; a one-day window could
// not be) over σ̂² = SSE/df. It is U without the prediction-error
// correction 1+h_τ.
//
// Beaver, W. H. (1968), "The information content of annual earnings
// announcements", Journal of Accounting Research 6, 67–92.

// VolatilityTest is one volatility.csv row of an event (without its id).
// When a day of the window lacks an AR (Valid false) every statistic is
// NaN and DF 0.
type VolatilityTest struct {
	Window        Window
	NDays         int // days of the window with a valid SAR
	Valid         bool
	U             float64 // Beaver's U: mean SAR² over the window
	Stat          float64 // the F(L, df) statistic: U itself
	DF            int     // denominator df (the estimation df); the numerator df is NDays
	P             float64 // two-sided p of Stat against F(NDays, DF)
	VarianceRatio float64 // mean AR² over the window / σ̂²
}

// SAR2 is the squared standardized abnormal return of each event day
// (NaN where the SAR is missing).
func (e *EventEstimate) SAR2() []float64 {
	out := make([]float64, len(e.SAR))
	for j, s := range e.SAR {
		out[j] = s * s
	}
	return out
}

// Volatility is Beaver's U test and the variance ratio of e over w.
func Volatility(e *EventEstimate, w Window) VolatilityTest {
	t := VolatilityTest{Window: w, U: nan, Stat: nan, P: nan, VarianceRatio: nan}
	if e == nil || e.Fit == nil || !(e.Fit.Sigma2 > 0) || e.Fit.DF < 1 {
		return t
	}
	a, b, ok := e.span(w)
	if !ok {
		return t
	}
	var sumSAR2, sumAR2 float64
	for j := a; j <= b; j++ {
		if finite(e.SAR[j]) && finite(e.AR[j]) {
			sumSAR2 += e.SAR[j] * e.SAR[j]
			sumAR2 += e.AR[j] * e.AR[j]
			t.NDays++
		}
	}
	L := w.Len()
	if t.NDays < L {
		return t
	}
	t.Valid = true
	t.U = sumSAR2 / float64(L)
	t.Stat = t.U
	t.DF = e.Fit.DF
	t.P = FTwoSided(t.U, float64(L), float64(t.DF))
	t.VarianceRatio = sumAR2 / float64(L) / e.Fit.Sigma2
	return t
}

// VolatilityTests is Volatility of e over every window.
func VolatilityTests(e *EventEstimate, windows []Window) []VolatilityTest {
	out := make([]VolatilityTest, len(windows))
	for j, w := range windows {
		out[j] = Volatility(e, w)
	}
	return out
}

// FTwoSided is the two-sided p-value of f against F(d1, d2):
// min(1, 2·min(CDF, survival)); NaN for a non-finite f or df < 1. The
// regularized incomplete beta function is evaluated once: gonum's
// Survival is 1 - CDF, so calling both computed the same CDF twice (a
// p per event and window of volatility.csv).
func FTwoSided(f, d1, d2 float64) float64 {
	if !finite(f) || f < 0 || d1 < 1 || d2 < 1 {
		return nan
	}
	lo := distuv.F{D1: d1, D2: d2}.CDF(f)
	return math.Min(1, 2*math.Min(lo, 1-lo))
}
