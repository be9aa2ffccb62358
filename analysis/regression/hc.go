package regression

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Standard-error types without clusters (Options.SE) and with (SECR1).
const (
	SEOLS = "ols"
	SEHC0 = "hc0"
	SEHC1 = "hc1" // the default
	SEHC2 = "hc2"
	SEHC3 = "hc3"
	SECR1 = "cr1" // clustered, cluster.go
)

// SETypes are the values of Options.SE (the --se flag).
var SETypes = []string{SEOLS, SEHC0, SEHC1, SEHC2, SEHC3}

// hcCov is the covariance of γ (docs/methodology.md 7.2): s²(Z'Z)⁻¹ for
// "ols", s² = SSE/df, else the sandwich
//
//	(Z'Z)⁻¹ (Σ ω_i z_i z_i') (Z'Z)⁻¹
//
// with ω_i = u_i² (HC0, White 1980), then scaled by N/df (HC1, Hinkley
// 1977; Stata's robust), u_i²/(1−h_ii) (HC2) or u_i²/(1−h_ii)² (HC3;
// MacKinnon & White 1985, recommended for small samples by Long & Ervin
// 2000), h_ii = z_i'(Z'Z)⁻¹z_i the leverage. An observation with leverage
// 1 (the only event of a level) leaves HC2 and HC3 undefined: the
// covariance is then NaN and note says why.
func hcCov(Z *mat.Dense, u []float64, inv *mat.SymDense, sse float64, df int, seType string) (cov *mat.Dense, note string) {
	N, p := Z.Dims()
	cov = new(mat.Dense)
	if seType == SEOLS {
		cov.Scale(sse/float64(df), inv)
		return cov, ""
	}
	meat := mat.NewSymDense(p, nil)
	for r := 0; r < N; r++ {
		zr := Z.RowView(r)
		w := u[r] * u[r]
		if seType == SEHC2 || seType == SEHC3 {
			h := mat.Inner(zr, inv, zr)
			if !(1-h > 1e-10) {
				note = "an event has leverage 1 (it alone fixes a coefficient), so " + seType + " is undefined; use hc1 or drop the term"
				nanCov(cov, p)
				return cov, note
			}
			if seType == SEHC2 {
				w /= 1 - h
			} else {
				w /= (1 - h) * (1 - h)
			}
		}
		meat.SymRankOne(meat, w, zr)
	}
	cov.Product(inv, meat, inv)
	if seType == SEHC1 {
		cov.Scale(float64(N)/float64(df), cov)
	}
	return cov, ""
}

func nanCov(cov *mat.Dense, p int) {
	if cov.IsEmpty() {
		cov.ReuseAs(p, p)
	}
	for i := 0; i < p; i++ {
		for j := 0; j < p; j++ {
			cov.Set(i, j, math.NaN())
		}
	}
}
