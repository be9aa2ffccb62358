package regression

import "math"

// The textbook formulas by plain loops, independent of gonum and of the
// package's code: the normal equations by Gauss-Jordan inversion of X'X,
// leverages h_ii = x_i'(X'X)⁻¹x_i and the sandwiches written out.

// plainInverse inverts a small symmetric matrix by Gauss-Jordan.
func plainInverse(a [][]float64) [][]float64 {
	n := len(a)
	m := make([][]float64, n)
	for i := range a {
		m[i] = make([]float64, 2*n)
		copy(m[i], a[i])
		m[i][n+i] = 1
	}
	for c := 0; c < n; c++ {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[piv][c]) {
				piv = r
			}
		}
		m[c], m[piv] = m[piv], m[c]
		d := m[c][c]
		for k := range m[c] {
			m[c][k] /= d
		}
		for r := 0; r < n; r++ {
			if r != c {
				f := m[r][c]
				for k := range m[r] {
					m[r][k] -= f * m[c][k]
				}
			}
		}
	}
	inv := make([][]float64, n)
	for i := range m {
		inv[i] = m[i][n:]
	}
	return inv
}

// plainFit returns β = (X'X)⁻¹X'y, (X'X)⁻¹ and the residuals.
func plainFit(X [][]float64, y []float64) (beta []float64, inv [][]float64, u []float64) {
	p := len(X[0])
	xtx := make([][]float64, p)
	xty := make([]float64, p)
	for a := 0; a < p; a++ {
		xtx[a] = make([]float64, p)
		for i := range X {
			xty[a] += X[i][a] * y[i]
			for b := 0; b < p; b++ {
				xtx[a][b] += X[i][a] * X[i][b]
			}
		}
	}
	inv = plainInverse(xtx)
	beta = make([]float64, p)
	for a := 0; a < p; a++ {
		for b := 0; b < p; b++ {
			beta[a] += inv[a][b] * xty[b]
		}
	}
	u = make([]float64, len(y))
	for i := range X {
		u[i] = y[i]
		for a := 0; a < p; a++ {
			u[i] -= X[i][a] * beta[a]
		}
	}
	return beta, inv, u
}

// plainSandwich is the diagonal of inv · (Σ_g s_g s_g') · inv where each
// observation i adds weight[i]·x_i·u_i to the score of its group
// (groups[i]; nil: each observation its own group).
func plainSandwich(X [][]float64, u, weight []float64, groups []int, inv [][]float64) []float64 {
	p := len(X[0])
	scores := map[int][]float64{}
	for i := range X {
		g := i
		if groups != nil {
			g = groups[i]
		}
		if scores[g] == nil {
			scores[g] = make([]float64, p)
		}
		for a := 0; a < p; a++ {
			scores[g][a] += X[i][a] * u[i] * weight[i]
		}
	}
	meat := make([][]float64, p)
	for a := range meat {
		meat[a] = make([]float64, p)
	}
	for _, s := range scores {
		for a := 0; a < p; a++ {
			for b := 0; b < p; b++ {
				meat[a][b] += s[a] * s[b]
			}
		}
	}
	diag := make([]float64, p)
	for a := 0; a < p; a++ {
		for b := 0; b < p; b++ {
			for c := 0; c < p; c++ {
				diag[a] += inv[a][b] * meat[b][c] * inv[c][a]
			}
		}
	}
	return diag
}

// plainLeverage is h_ii = x_i'(X'X)⁻¹x_i.
func plainLeverage(x []float64, inv [][]float64) float64 {
	var h float64
	for a := range x {
		for b := range x {
			h += x[a] * inv[a][b] * x[b]
		}
	}
	return h
}
