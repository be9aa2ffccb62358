package calendartime

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"gonum.org/v1/gonum/mat"
)

// Fit is the calendar-time regression of the portfolio's excess return on
// the factors: Jensen's alpha (the intercept), its OLS standard error,
// t = alpha/se with df = n-k-1, the two-sided p from Student's t, and the
// centred R². NaN fields when there are too few periods or the factors
// are collinear.
type Fit struct {
	Alpha, SE, T, P, R2 float64
	DF                  int
}

func nanFit() Fit {
	nan := math.NaN()
	return Fit{Alpha: nan, SE: nan, T: nan, P: nan, R2: nan}
}

// OLS regresses y on an intercept and the columns x[j] (all of y's
// length) by QR, with the classical covariance s²(X'X)⁻¹,
// s² = RSS/(n-k-1) (Fama 1998 and Mitchell & Stafford 2000 use these
// plain OLS errors; the portfolio already holds the cross-correlation).
func OLS(y []float64, x [][]float64) Fit {
	n, p := len(y), len(x)+1
	if n <= p {
		return nanFit()
	}
	X := mat.NewDense(n, p, nil)
	for i := range n {
		X.Set(i, 0, 1)
		for j, c := range x {
			X.Set(i, j+1, c[i])
		}
	}
	var qr mat.QR
	qr.Factorize(X)
	var beta mat.Dense
	if err := qr.SolveTo(&beta, false, mat.NewDense(n, 1, append([]float64(nil), y...))); err != nil {
		return nanFit()
	}
	var Rd mat.Dense
	qr.RTo(&Rd)
	R := mat.NewTriDense(p, mat.Upper, nil)
	for i := range p {
		for j := i; j < p; j++ {
			R.SetTri(i, j, Rd.At(i, j))
		}
	}
	var Rinv mat.TriDense
	if err := Rinv.InverseTri(R); err != nil {
		return nanFit()
	}
	// (X'X)⁻¹ = R⁻¹R⁻ᵀ; its [0,0] entry is the squared norm of R⁻¹'s first row.
	v00 := 0.0
	for j := range p {
		v00 += Rinv.At(0, j) * Rinv.At(0, j)
	}
	rss, mean, tss := 0.0, 0.0, 0.0
	for i := range n {
		mean += y[i]
	}
	mean /= float64(n)
	for i := range n {
		fit := beta.At(0, 0)
		for j, c := range x {
			fit += beta.At(j+1, 0) * c[i]
		}
		e := y[i] - fit
		rss += e * e
		tss += (y[i] - mean) * (y[i] - mean)
	}
	df := n - p
	f := Fit{Alpha: beta.At(0, 0), DF: df, R2: math.NaN()}
	f.SE = math.Sqrt(rss / float64(df) * v00)
	f.T = f.Alpha / f.SE
	f.P, _, _ = analysis.PValues(f.T, analysis.DistT, float64(df))
	if tss > 0 {
		f.R2 = 1 - rss/tss
	}
	if math.IsNaN(f.T) || math.IsInf(f.T, 0) {
		f.T, f.P = math.NaN(), math.NaN()
	}
	return f
}
