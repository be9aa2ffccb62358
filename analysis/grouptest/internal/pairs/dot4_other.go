//go:build !amd64 || noasm || gccgo || safe

package pairs

import "gonum.org/v1/gonum/floats"

func dot4Kernel(y, x0, x1, x2, x3 []float64) (d0, d1, d2, d3 float64) {
	return floats.Dot(x0, y), floats.Dot(x1, y), floats.Dot(x2, y), floats.Dot(x3, y)
}

func pearsonLanes(q *pearson4) { pearsonGo(q) }

func dot2x4Kernel(y0, y1, x0, x1, x2, x3 []float64) (d [2][4]float64) {
	d[0][0], d[0][1], d[0][2], d[0][3] = dot4Kernel(y0, x0, x1, x2, x3)
	d[1][0], d[1][1], d[1][2], d[1][3] = dot4Kernel(y1, x0, x1, x2, x3)
	return d
}
