package analysis

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// dot is blas64.Dot of two unit-stride vectors of len(x), bit for bit
// (TestDotMatchesBLAS). Below four entries gonum's amd64 kernel adds the
// products in order onto +0 (its second, unrolled accumulator stays +0 and
// a sum begun at +0 is never -0), which the plain loop does too, without
// the call and its checks: the market model's rows have two entries, and
// Estimate takes a dot product per estimation and event day.
func dot(x, y []float64) float64 {
	if len(x) >= 4 {
		return blas64.Dot(blas64.Vector{N: len(x), Inc: 1, Data: x}, blas64.Vector{N: len(x), Inc: 1, Data: y})
	}
	y = y[:len(x)]
	var sum float64
	for i, v := range x {
		sum += y[i] * v
	}
	return sum
}

// innerSym is mat.Inner(x, a, x) for a symmetric a stored in its upper
// triangle, bit for bit (TestInnerSymMatchesMat): the same row-by-row
// sums, with dot in place of the kernel, without mat.Inner's interface
// calls per entry.
func innerSym(x []float64, a blas64.Symmetric) float64 {
	n := a.N
	if len(x) != n {
		panic(mat.ErrShape)
	}
	var sum float64
	for i := 0; i < n; i++ {
		row := a.Data[i*a.Stride : i*a.Stride+n]
		if xi := x[i]; xi != 0 {
			sum += xi * dot(row[i:], x[i:])
			if i != n-1 {
				sum += xi * dot(row[i+1:], x[i+1:])
			}
		}
	}
	return sum
}
