package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// dotValue draws entries that exercise the kernel's corner cases: zeros of
// both signs, exact cancellation, and magnitudes far apart.
func dotValue(rng *rand.Rand) float64 {
	switch rng.IntN(8) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return 1
	case 3:
		return -1
	case 4:
		return rng.NormFloat64() * 1e12
	}
	return rng.NormFloat64()
}

func TestDotMatchesBLAS(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 9; n++ {
		for trial := 0; trial < 2000; trial++ {
			x, y := make([]float64, n), make([]float64, n+trial%2) // y may be longer
			for i := range x {
				x[i] = dotValue(rng)
			}
			for i := range y {
				y[i] = dotValue(rng)
			}
			got := dot(x, y)
			want := blas64.Dot(blas64.Vector{N: n, Inc: 1, Data: x}, blas64.Vector{N: n, Inc: 1, Data: y[:n]})
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("dot(%v, %v) = %v (%x), blas64.Dot %v (%x)", x, y, got, math.Float64bits(got), want, math.Float64bits(want))
			}
		}
	}
}

func TestInnerSymMatchesMat(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for n := 1; n <= 7; n++ {
		for trial := 0; trial < 2000; trial++ {
			a := mat.NewSymDense(n, nil)
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					a.SetSym(i, j, dotValue(rng))
				}
			}
			x := make([]float64, n)
			for i := range x {
				x[i] = dotValue(rng)
			}
			got := innerSym(x, a.RawSymmetric())
			xv := mat.NewVecDense(n, x)
			want := mat.Inner(xv, a, xv)
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("n=%d innerSym = %v, mat.Inner %v (x %v, a %v)", n, got, want, x, mat.Formatted(a))
			}
		}
	}
}

func FuzzInnerSym(f *testing.F) {
	f.Add(0.5, -0.25, 1.0, 2.0, 3.0, 4.0, 5.0)
	f.Add(0.0, math.Copysign(0, -1), 1e300, -1e300, 1e-300, 0.0, 1.0)
	f.Fuzz(func(t *testing.T, x0, x1, x2, a00, a01, a11, a22 float64) {
		for n := 1; n <= 3; n++ {
			a := mat.NewSymDense(n, nil)
			vals := []float64{a00, a01, a11, a22, a01 * 0.5, a00 - a11}
			k := 0
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					a.SetSym(i, j, vals[k%len(vals)])
					k++
				}
			}
			x := []float64{x0, x1, x2}[:n]
			got := innerSym(x, a.RawSymmetric())
			xv := mat.NewVecDense(n, x)
			want := mat.Inner(xv, a, xv)
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("n=%d innerSym = %v, mat.Inner %v", n, got, want)
			}
			if d, b := dot(x, x[:n]), blas64.Dot(blas64.Vector{N: n, Inc: 1, Data: x}, blas64.Vector{N: n, Inc: 1, Data: x}); math.Float64bits(d) != math.Float64bits(b) && !(math.IsNaN(d) && math.IsNaN(b)) {
				t.Fatalf("dot = %v, blas64.Dot %v", d, b)
			}
		}
	})
}
