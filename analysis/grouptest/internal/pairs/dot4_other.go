//go:build !amd64 || noasm || gccgo || safe

package pairs

import "gonum.org/v1/gonum/floats"

func dot4Kernel(y, x0, x1, x2, x3 []float64) (d0, d1, d2, d3 float64) {
	return floats.Dot(x0, y), floats.Dot(x1, y), floats.Dot(x2, y), floats.Dot(x3, y)
}

func pearsonLanes(q *pearson4) { pearsonGo(q) }
