package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Standard-error types of the cross-sectional regression.
const (
	SEHC0 = "hc0"
	SEHC1 = "hc1" // default
	SEHC3 = "hc3"
	SEOLS = "ols"
)

// InterceptTerm names the intercept row of a cross-sectional regression.
const InterceptTerm = "intercept"

// Coefficient is one term of a cross-sectional regression, one
// regression.csv row once the study adds the group and window.
type Coefficient struct {
	Term   string // InterceptTerm or a characteristic's name
	N      int    // observations used
	Coef   float64
	SE     float64
	SEType string // SEOLS, SEHC0, SEHC1 or SEHC3
	T      float64
	DF     int // N - p
	P      float64
	R2     float64 // NaN when y is constant
	AdjR2  float64
}

// CrossSectionalRegression regresses y (CARs) on an intercept and the
// event characteristics z (docs/methodology.md 7): z[i] is the row of
// characteristics of observation i, names their names (the intercept term
// is added as InterceptTerm). Rows with a missing value are dropped. OLS by
// QR, γ = (Z'Z)⁻¹Z'y, with residuals u, leverages h_ii = z_i'(Z'Z)⁻¹z_i and
// the covariance of γ by seType:
//
//	"ols": s²(Z'Z)⁻¹, s² = Σu²/(N-p)
//	"hc0": (Z'Z)⁻¹ (Σ u_i² z_i z_i') (Z'Z)⁻¹           White (1980)
//	"hc1": HC0 · N/(N-p)  (default, "" too; Stata robust)
//	"hc3": u_i² replaced by u_i²/(1-h_ii)²             MacKinnon & White (1985)
//
// t = γ_j/SE_j against t_{N-p}; R² = 1 - SSE/SST, adjusted
// R² = 1 - (1-R²)(N-1)/(N-p). One Coefficient per term, the intercept
// first. Errors: unknown seType, names/z mismatch, N <= p,
// or a rank-deficient design.
func CrossSectionalRegression(y []float64, z [][]float64, names []string, seType string) ([]Coefficient, error) {
	if seType == "" {
		seType = SEHC1
	}
	switch seType {
	case SEHC0, SEHC1, SEHC3, SEOLS:
	default:
		return nil, fmt.Errorf("standard errors %q: want hc0, hc1, hc3 or ols", seType)
	}
	rows, err := completeRows(y, z, names)
	if err != nil {
		return nil, err
	}
	N, p := len(rows), len(names)+1
	if N <= p {
		return nil, fmt.Errorf("cross-sectional regression: %d complete observations for %d coefficients; need more events or fewer characteristics", N, p)
	}
	Z := mat.NewDense(N, p, nil)
	c := mat.NewVecDense(N, nil)
	for r, i := range rows {
		Z.Set(r, 0, 1)
		for j, v := range z[i] {
			Z.Set(r, j+1, v)
		}
		c.SetVec(r, y[i])
	}
	gamma, inv, err := solveCrossSection(Z, c)
	if err != nil {
		return nil, err
	}
	u, sse, sst := crossSectionResiduals(Z, c, gamma)
	df := N - p
	cov := crossSectionCov(Z, u, inv, sse, df, seType)
	r2 := 1 - sse/sst
	adj := 1 - (1-r2)*float64(N-1)/float64(df)
	if sst == 0 {
		r2, adj = nan, nan
	}
	out := make([]Coefficient, p)
	for j := 0; j < p; j++ {
		term := InterceptTerm
		if j > 0 {
			term = names[j-1]
		}
		coef := gamma.AtVec(j)
		se := math.Sqrt(cov.At(j, j))
		t := coef / se
		pv, _, _ := PValues(t, DistT, float64(df))
		out[j] = Coefficient{Term: term, N: N, Coef: coef, SE: se, SEType: seType,
			T: t, DF: df, P: pv, R2: r2, AdjR2: adj}
	}
	return out, nil
}

// completeRows checks that z has one row of len(names) characteristics per
// value of y and returns the indices of the rows with no missing value.
func completeRows(y []float64, z [][]float64, names []string) ([]int, error) {
	if len(z) != len(y) {
		return nil, fmt.Errorf("cross-sectional regression: %d values but %d rows of characteristics", len(y), len(z))
	}
	k := len(names)
	var rows []int
	for i := range y {
		if len(z[i]) != k {
			return nil, fmt.Errorf("cross-sectional regression: row %d has %d characteristics, want %d (%v)", i+1, len(z[i]), k, names)
		}
		ok := finite(y[i])
		for _, v := range z[i] {
			ok = ok && finite(v)
		}
		if ok {
			rows = append(rows, i)
		}
	}
	return rows, nil
}

// solveCrossSection returns γ = (Z'Z)⁻¹Z'c by QR and (Z'Z)⁻¹, or an error
// when the design is collinear or constant.
func solveCrossSection(Z *mat.Dense, c *mat.VecDense) (*mat.VecDense, *mat.SymDense, error) {
	_, p := Z.Dims()
	var qr mat.QR
	qr.Factorize(Z)
	// Judge collinearity on the column-equilibrated design: characteristics
	// in raw units (records breached ~1e8) next to the intercept give a
	// large condition number without any collinearity, and rescaling a
	// column changes no t statistic.
	if cond := equilibratedCond(Z); !(cond <= maxCond) {
		return nil, nil, fmt.Errorf("cross-sectional regression: characteristics are collinear or constant (condition number %.3g); drop one", cond)
	}
	var gamma mat.VecDense
	if err := qr.SolveVecTo(&gamma, false, c); err != nil {
		return nil, nil, fmt.Errorf("cross-sectional regression: %v", err)
	}
	inv, err := xtxInverse(&qr, p)
	if err != nil {
		return nil, nil, fmt.Errorf("cross-sectional regression: %v", err)
	}
	return &gamma, inv, nil
}

// crossSectionResiduals returns u = c - Zγ, SSE = Σu² and SST = Σ(c - c̄)².
func crossSectionResiduals(Z *mat.Dense, c, gamma *mat.VecDense) (u []float64, sse, sst float64) {
	N := c.Len()
	u = make([]float64, N)
	var mean float64
	for r := 0; r < N; r++ {
		u[r] = c.AtVec(r) - mat.Dot(Z.RowView(r), gamma)
		sse += u[r] * u[r]
		mean += c.AtVec(r)
	}
	mean /= float64(N)
	for r := 0; r < N; r++ {
		d := c.AtVec(r) - mean
		sst += d * d
	}
	return u, sse, sst
}

// crossSectionCov is the covariance of γ by seType (the formulas of
// CrossSectionalRegression): s²(Z'Z)⁻¹ for "ols", else the sandwich
// (Z'Z)⁻¹ (Σ w_i z_i z_i') (Z'Z)⁻¹ with w_i = u_i² (hc0, hc1 then scaled
// by N/df) or u_i²/(1-h_ii)² (hc3).
func crossSectionCov(Z *mat.Dense, u []float64, inv *mat.SymDense, sse float64, df int, seType string) *mat.Dense {
	N, p := Z.Dims()
	var cov mat.Dense
	if seType == SEOLS {
		cov.Scale(sse/float64(df), inv)
		return &cov
	}
	meat := mat.NewSymDense(p, nil)
	for r := 0; r < N; r++ {
		zr := Z.RowView(r)
		w := u[r] * u[r]
		if seType == SEHC3 {
			h := mat.Inner(zr, inv, zr)
			w /= (1 - h) * (1 - h)
		}
		meat.SymRankOne(meat, w, zr)
	}
	cov.Product(inv, meat, inv)
	if seType == SEHC1 {
		cov.Scale(float64(N)/float64(df), &cov)
	}
	return &cov
}

// equilibratedCond is the condition number of Z after scaling each column
// to unit Euclidean length (a constant or collinear column still gives a
// huge or infinite value).
func equilibratedCond(Z *mat.Dense) float64 {
	n, p := Z.Dims()
	S := mat.DenseCopyOf(Z)
	for j := 0; j < p; j++ {
		norm := mat.Norm(S.ColView(j), 2)
		if norm == 0 {
			return math.Inf(1)
		}
		for i := 0; i < n; i++ {
			S.Set(i, j, S.At(i, j)/norm)
		}
	}
	var qr mat.QR
	qr.Factorize(S)
	return qr.Cond()
}
