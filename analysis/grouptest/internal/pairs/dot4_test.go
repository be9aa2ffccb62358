package pairs

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// checkDot4 fails unless dot4 of y and xs is floats.Dot of each, bit for bit.
func checkDot4(t *testing.T, y []float64, xs [4][]float64) {
	t.Helper()
	var got [4]float64
	got[0], got[1], got[2], got[3] = dot4(y, xs[0], xs[1], xs[2], xs[3])
	for k, x := range xs {
		want := floats.Dot(x[:len(y)], y)
		if math.Float64bits(got[k]) != math.Float64bits(want) && !(math.IsNaN(got[k]) && math.IsNaN(want)) {
			t.Fatalf("n %d pair %d: dot4 %v (%#x), floats.Dot %v (%#x)", len(y), k, got[k], math.Float64bits(got[k]), want, math.Float64bits(want))
		}
	}
}

// TestDot4 is the oracle test of the kernels (SSE2 and AVX on amd64): every length up to 3 past
// two unrolled steps and the residual lengths r̄ meets, x longer than y,
// with values where the order of the additions shows (magnitudes over 40
// binades, cancelling signs), zeros for missing days, ±0 and non-finite
// values.
func TestDot4(t *testing.T) {
	testDotKernel(t, func(t *testing.T, ys [2][]float64, xs [4][]float64) { checkDot4(t, ys[0], xs) })
}

// TestDot2x4 is TestDot4 of dot2x4: two y against the same four x.
func TestDot2x4(t *testing.T) { testDotKernel(t, checkDot2x4) }

// checkDot2x4 fails unless dot2x4 of ys and xs is floats.Dot of each pair, bit for bit.
func checkDot2x4(t *testing.T, ys [2][]float64, xs [4][]float64) {
	t.Helper()
	got := dot2x4(ys[0], ys[1], xs[0], xs[1], xs[2], xs[3])
	for e, y := range ys {
		for k, x := range xs {
			want := floats.Dot(x[:len(y)], y)
			if math.Float64bits(got[e][k]) != math.Float64bits(want) && !(math.IsNaN(got[e][k]) && math.IsNaN(want)) {
				t.Fatalf("n %d pair %d,%d: dot2x4 %v (%#x), floats.Dot %v (%#x)", len(y), e, k, got[e][k], math.Float64bits(got[e][k]), want, math.Float64bits(want))
			}
		}
	}
}

// testDotKernel runs check, every kernel, on the values and lengths of TestDot4.
func testDotKernel(t *testing.T, check func(t *testing.T, ys [2][]float64, xs [4][]float64)) {
	rng := rand.New(rand.NewPCG(3, 4))
	kinds := map[string]func() float64{
		"residuals": func() float64 { return 0.02 * rng.NormFloat64() },
		"binades":   func() float64 { return math.Ldexp(rng.NormFloat64(), rng.IntN(80)-40) },
		"cancelling": func() float64 {
			return float64(1-2*rng.IntN(2)) * (1 + math.Ldexp(rng.Float64(), -30))
		},
		"zeros": func() float64 {
			if rng.IntN(3) == 0 {
				return 0
			}
			return rng.NormFloat64()
		},
		"signed zeros": func() float64 { return math.Copysign(0, float64(rng.IntN(2))-0.5) },
		"non-finite": func() float64 {
			switch rng.IntN(20) {
			case 0:
				return math.Inf(1)
			case 1:
				return math.Inf(-1)
			case 2:
				return math.NaN()
			}
			return rng.NormFloat64()
		},
	}
	lengths := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 120, 229, 230, 231, 250}
	defer restoreKernel()
	for kernel, use := range dot4Kernels() {
		use()
		for name, gen := range kinds {
			for _, n := range lengths {
				t.Run(fmt.Sprintf("%s/%s/n=%d", kernel, name, n), func(t *testing.T) {
					for rep := 0; rep < 20; rep++ {
						var ys [2][]float64
						for e := range ys {
							ys[e] = make([]float64, n)
							for i := range ys[e] {
								ys[e][i] = gen()
							}
						}
						var xs [4][]float64
						for k := range xs {
							xs[k] = make([]float64, n+rng.IntN(3))
							for i := range xs[k] {
								xs[k][i] = gen()
							}
						}
						check(t, ys, xs)
					}
				})
			}
		}
	}
}

// FuzzDot4: dot4 is floats.Dot on any values and length, every kernel.
func FuzzDot4(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40})
	f.Fuzz(func(t *testing.T, b []byte) {
		v := make([]float64, len(b)/8)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		n := len(v) / 5
		var xs [4][]float64
		for k := range xs {
			xs[k] = v[(k+1)*n : (k+2)*n]
		}
		defer restoreKernel()
		for _, use := range dot4Kernels() {
			use()
			checkDot4(t, v[:n], xs)
		}
	})
}

// FuzzDot2x4: dot2x4 is floats.Dot on any values and length, every kernel.
func FuzzDot2x4(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48})
	f.Fuzz(func(t *testing.T, b []byte) {
		v := make([]float64, len(b)/8)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		n := len(v) / 6
		ys := [2][]float64{v[:n], v[n : 2*n]}
		var xs [4][]float64
		for k := range xs {
			xs[k] = v[(k+2)*n : (k+3)*n]
		}
		defer restoreKernel()
		for _, use := range dot4Kernels() {
			use()
			checkDot2x4(t, ys, xs)
		}
	})
}
