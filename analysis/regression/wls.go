package regression

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// designOf returns the matrix Z and vector c of the fit on rows: X and y
// as they are for OLS, or multiplied row by row by √w_i for weighted
// least squares (docs/methodology.md 7.4; Greene, Econometric Analysis,
// 9.4): OLS on (√w·X, √w·y) minimizes Σ w_i u_i², and every formula
// after it (leverages, sandwiches, clusters) holds for the transformed
// data. sw are the √w_i of the rows, nil for OLS. With w_i = 1/σ_i² of
// each event's estimation residuals, precise CARs count more.
func designOf(y []float64, X [][]float64, rows []int, w []float64) (*mat.Dense, *mat.VecDense, []float64) {
	N, p := len(rows), len(X[rows[0]])
	Z := mat.NewDense(N, p, nil)
	c := mat.NewVecDense(N, nil)
	var sw []float64
	if w != nil {
		sw = make([]float64, N)
	}
	for r, i := range rows {
		s := 1.0
		if w != nil {
			s = math.Sqrt(w[i])
			sw[r] = s
		}
		for j, v := range X[i] {
			if w != nil {
				v *= s
			}
			Z.Set(r, j, v)
		}
		if w != nil {
			c.SetVec(r, s*y[i])
		} else {
			c.SetVec(r, y[i])
		}
	}
	return Z, c, sw
}
