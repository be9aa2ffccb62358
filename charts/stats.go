package charts

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/breachlab/eventstudy/analysis"
)

// DefaultLevel is the coverage of every band and interval when neither
// the caller nor the study sets one.
const DefaultLevel = 0.95

// Level is the two-sided coverage of the report's bands and error bars
// (the study's `level`): an interval at Level l is estimate ± c·se with c
// the 1-(1-l)/2 quantile of Student's t (or of the normal).
type Level float64

// Label is the level for a legend or a caption: "95%", "99.5%".
func (l Level) Label() string { return strconv.FormatFloat(100*float64(l), 'g', 6, 64) + "%" }

// Quantile is the quantile of the critical value, for formulas: "0.975".
func (l Level) Quantile() string {
	return strconv.FormatFloat(1-(1-float64(l))/2, 'g', 6, 64)
}

// valid reports whether l is a coverage strictly between 0 and 1.
func (l Level) valid() bool { return l > 0 && l < 1 }

// criticalValue returns the two-sided critical value at level l: the
// 1-(1-l)/2 quantile of Student's t with df degrees of freedom, or of the
// standard normal when df <= 0 (df unknown or infinite).
func (l Level) criticalValue(df int) float64 {
	k := critKey{l, df}
	if v, ok := critical.Load(k); ok {
		return v.(float64)
	}
	v := quantile(float64(l), df)
	critical.Store(k, v)
	return v
}

// critical caches criticalValue by level and df: a 10,000-event report
// asks for a few distinct df thousands of times, and the t quantile is an
// iterative inversion.
var critical sync.Map

type critKey struct {
	l  Level
	df int
}

func quantile(level float64, df int) float64 {
	if df <= 0 {
		return analysis.Critical(level, analysis.DistNormal, 0)
	}
	return analysis.Critical(level, analysis.DistT, float64(df))
}

// RunningCARBand returns the half-widths of the band at level l of a
// single event's running CAR, CAR(τ1,τ) ± c·σ̂·√k, with k = τ-τ1+1 days
// elapsed, σ̂ the event's residual standard deviation (EventRow.Sigma) and
// c the critical value of t with df degrees of freedom (normal when df <= 0).
//
// This is the simple (asymptotic) variance of MacKinlay (1997),
// Var CAR ≈ L·σ̂² (docs/methodology.md 4.2 "Simple"): car.csv carries the exact,
// prediction-error corrected se only for the reported windows, not for every
// running window, so the band is slightly narrower than the exact test
// (by about L/(2M) relative, 0.6% for L=3, M=250).
func (l Level) RunningCARBand(sigma float64, df, days int) []float64 {
	c := l.criticalValue(df)
	half := make([]float64, days)
	for k := range half {
		half[k] = c * sigma * math.Sqrt(float64(k+1))
	}
	return half
}

// MeanBand is the confidence interval at level l of a cross-sectional
// mean, mean ± t_{N-1}·s/√N with s the sample standard deviation (N-1
// divisor): the interval that inverts the cross-sectional t-test of
// Brown & Warner (1985), docs/methodology.md 6.2. ok is false for N < 2 or NaN
// input.
func (l Level) MeanBand(x []float64) (mean, lo, hi float64, ok bool) {
	return analysis.MeanInterval(x, float64(l))
}

// CARInterval is the interval at level l, car ± t_{df}·se, of a car.csv
// row (the single-event CAR t-test of docs/methodology.md 6.1 inverted).
func (l Level) CARInterval(car, se float64, df int) (lo, hi float64) {
	c := l.criticalValue(df)
	return car - c*se, car + c*se
}

// Significance classes of a two-sided p-value, as coloured in the report.
const (
	Sig01  = "p < 0.01"
	Sig05  = "p < 0.05"
	Sig10  = "p < 0.10"
	SigNS  = "n.s."
	SigNA  = "no test"
	nClass = 5
)

var sigClasses = [nClass]string{Sig01, Sig05, Sig10, SigNS, SigNA}

// sigColors match sigClasses: dark to light for stronger evidence, grey
// for rows without a p-value.
var sigColors = [nClass]string{"#08306b", "#2171b5", "#6baed6", "#bdbdbd", "#e0e0e0"}

// SignificanceClass returns the class of a two-sided p-value.
func SignificanceClass(p float64) string {
	switch {
	case math.IsNaN(p):
		return SigNA
	case p < 0.01:
		return Sig01
	case p < 0.05:
		return Sig05
	case p < 0.10:
		return Sig10
	default:
		return SigNS
	}
}

// nSubtitle is the "N = …" subtitle of a chart over rows with n events
// each: "N = 40" when every row has the same n, else "N = 12–40" followed
// by per (e.g. " events per day"); when the smallest n is below SmallN it
// adds that the asymptotic tests are unreliable. One function, so the
// AAR charts and the p-value heat maps say the same thing about the same
// counts (they used to warn on the largest and the smallest n).
func nSubtitle(ns []int, per string) string {
	if len(ns) == 0 {
		return ""
	}
	minN, maxN := slices.Min(ns), slices.Max(ns)
	sub := fmt.Sprintf("N = %d", maxN)
	if minN != maxN {
		sub = fmt.Sprintf("N = %d–%d%s", minN, maxN, per)
	}
	if minN < SmallN {
		sub += fmt.Sprintf(" (N < %d: asymptotic tests unreliable)", SmallN)
	}
	return sub
}
