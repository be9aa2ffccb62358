package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestSampleQuantileTiesMatchDefinition puts x exactly on a block's sum
// (summed in order, as the definition does) and one ulp either side, where
// the prefix-sum difference of SampleQuantileTest may round to the other
// side: the counts must still be the definition's (naiveSQ), bit for bit.
// The cases cover returns-sized residuals with gaps, sums that cancel
// (1e16 beside 1, where the prefix sums lose the small terms), and
// magnitudes outside the fast path (abs ≥ 1e300, ≤ 1e-250, ±Inf, sums
// that overflow).
func TestSampleQuantileTiesMatchDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	gen := map[string]func(i int) float64{
		"returns": func(int) float64 { return 0.015 * rng.NormFloat64() },
		"returns with gaps": func(i int) float64 {
			if i%37 == 5 {
				return math.NaN()
			}
			return 0.015 * rng.NormFloat64()
		},
		"cancelling": func(i int) float64 {
			return []float64{1e16, 1, -1e16, 0.5, -1, 3e-17}[i%6] * (1 + 0.01*rng.Float64())
		},
		"integers": func(int) float64 { return float64(rng.IntN(7) - 3) },
		"huge":     func(int) float64 { return 1e299 * rng.NormFloat64() },
		"overflow": func(i int) float64 { // running sums overflow to ±Inf, then NaN
			return []float64{1e-76, 4e307, 1.4e308, 1e-76, -1.7e308, 1}[i%6]
		},
		"tiny":  func(int) float64 { return 1e-260 * rng.NormFloat64() },
		"zeros": func(int) float64 { return 0 },
		"with inf": func(i int) float64 {
			if i == 40 {
				return math.Inf(1)
			}
			return 0.01 * rng.NormFloat64()
		},
	}
	for name, g := range gen {
		res := make([]float64, 250)
		for i := range res {
			res[i] = g(i)
		}
		for _, L := range []int{1, 2, 3, 5, 6, 11, 21} {
			checked := 0
			for start := 0; start+L <= len(res); start += 7 {
				var s float64
				for _, r := range res[start : start+L] {
					s += r
				}
				for _, x := range []float64{s, math.Nextafter(s, math.Inf(-1)), math.Nextafter(s, math.Inf(1))} {
					if math.IsNaN(x) {
						continue
					}
					lo, up, p, n := SampleQuantileTest(res, L, x)
					wlo, wup, wp, wn := naiveSQ(res, L, x)
					if n != wn || lo != wlo || up != wup || p != wp {
						t.Fatalf("%s, L=%d, x=%g (block %d): %g %g %g %d, definition %g %g %g %d", name, L, x, start, lo, up, p, n, wlo, wup, wp, wn)
					}
					checked++
				}
			}
			if checked == 0 && name != "with inf" {
				t.Fatalf("%s, L=%d: no block checked", name, L)
			}
		}
	}
	// the definition's own numbers on a hand example: sums of 2 of
	// (1, 2, 3, 4) are 3, 5, 7; x = 5 ties the middle one
	lo, up, p, n := SampleQuantileTest([]float64{1, 2, 3, 4}, 2, 5)
	if n != 3 || lo != 3.0/4 || up != 3.0/4 || p != 1 {
		t.Fatalf("hand example: %g %g %g %d, want 0.75 0.75 1 3", lo, up, p, n)
	}
}

// BenchmarkSampleQuantileTest: the test over one event's 250 estimation
// residuals for the eight default window lengths, against the definition
// summed block by block (O(T·L)).
func BenchmarkSampleQuantileTest(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	res := make([]float64, 250)
	for i := range res {
		res[i] = 0.015 * rng.NormFloat64()
	}
	for name, sq := range map[string]func([]float64, int, float64) (float64, float64, float64, int){
		"prefix": SampleQuantileTest, "definition": naiveSQ,
	} {
		b.Run(fmt.Sprint("sq=", name), func(b *testing.B) {
			for b.Loop() {
				for _, w := range DefaultCARWindows {
					sq(res, w.Len(), 0.01)
				}
			}
		})
	}
}

// FuzzSampleQuantileRounding: residuals of a few decimals (multiples of
// 1e-3, inexact in binary, so block sums that are equal in decimal differ
// by rounding and the running sums round differently again) and x set to
// a block's in-order sum, or nudged by ulps: the counts must be the
// block-by-block definition's (naiveSQ), bit for bit. This keeps the fast
// path busy, where FuzzSampleQuantileTest's raw float bits mostly take
// the exact one.
func FuzzSampleQuantileRounding(f *testing.F) {
	f.Add([]byte{1, 2, 3, 255, 254, 0, 7, 7, 7, 9}, uint8(3), uint8(2), int8(0))
	f.Add([]byte{10, 10, 10, 10, 10, 10, 10, 10}, uint8(2), uint8(0), int8(1))
	f.Add([]byte("the quick brown fox jumps over the lazy dog"), uint8(5), uint8(11), int8(-2))
	f.Fuzz(func(t *testing.T, b []byte, l, at uint8, nudge int8) {
		res := make([]float64, len(b))
		for i, c := range b {
			res[i] = float64(int8(c)) * 1e-3
			if c == 0x80 {
				res[i] = math.NaN()
			}
		}
		L := int(l)%8 + 1
		if L > len(res) {
			return
		}
		start := int(at) % (len(res) - L + 1)
		var x float64
		for _, r := range res[start : start+L] {
			x += r
		}
		for range int(nudge) % 4 {
			x = math.Nextafter(x, math.Inf(1))
		}
		for range -int(nudge) % 4 {
			x = math.Nextafter(x, math.Inf(-1))
		}
		if math.IsNaN(x) {
			x = 0
		}
		lo, up, p, n := SampleQuantileTest(res, L, x)
		wlo, wup, wp, wn := naiveSQ(res, L, x)
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		if n != wn || !same(lo, wlo) || !same(up, wup) || !same(p, wp) {
			t.Fatalf("SQ(%v, L=%d, x=%g) = %g %g %g %d, definition %g %g %g %d", res, L, x, lo, up, p, n, wlo, wup, wp, wn)
		}
	})
}

// naiveSQ is SampleQuantileTest's definition, one block at a time: the
// reference for its interleaved sums.
func naiveSQ(residuals []float64, L int, x float64) (pLower, pUpper, p float64, nBlocks int) {
	if L < 1 || L > len(residuals) || math.IsNaN(x) {
		return math.NaN(), math.NaN(), math.NaN(), 0
	}
	var below, above int
	for start := 0; start+L <= len(residuals); start++ {
		var s float64
		complete := true
		for _, r := range residuals[start : start+L] {
			if math.IsNaN(r) || math.IsInf(r, 0) {
				complete = false
				break
			}
			s += r
		}
		if !complete {
			continue
		}
		nBlocks++
		if s <= x {
			below++
		}
		if s >= x {
			above++
		}
	}
	if nBlocks == 0 {
		return math.NaN(), math.NaN(), math.NaN(), 0
	}
	n1 := float64(nBlocks + 1)
	pLower, pUpper = float64(1+below)/n1, float64(1+above)/n1
	return pLower, pUpper, math.Min(1, 2*math.Min(pLower, pUpper)), nBlocks
}

// FuzzSampleQuantileTest: p-values lie in (0,1], p_lower + p_upper >= 1
// (both count ties), n_L never exceeds the number of blocks, and every
// output equals the one-block-at-a-time definition (naiveSQ) exactly.
func FuzzSampleQuantileTest(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 0.0)
	f.Add([]byte{}, 3, -0.01)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, math.MaxInt, 0.0)
	f.Add([]byte("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"), 3, 0.5)
	f.Fuzz(func(t *testing.T, b []byte, L int, x float64) {
		res := floatsFrom(b)
		lo, up, p, n := SampleQuantileTest(res, L, x)
		wlo, wup, wp, wn := naiveSQ(res, L, x)
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		if n != wn || !same(lo, wlo) || !same(up, wup) || !same(p, wp) {
			t.Fatalf("SQ(%v, L=%d, x=%g) = %g %g %g %d, definition %g %g %g %d", res, L, x, lo, up, p, n, wlo, wup, wp, wn)
		}
		if n == 0 {
			if !math.IsNaN(p) {
				t.Fatalf("p %g without blocks", p)
			}
			return
		}
		if n > len(res)-L+1 {
			t.Fatalf("n %d for %d residuals, L %d", n, len(res), L)
		}
		for _, v := range []float64{lo, up, p} {
			if !(v > 0 && v <= 1) {
				t.Fatalf("p-value %g", v)
			}
		}
		if lo+up < 1-1e-12 {
			t.Fatalf("p_lower %g + p_upper %g < 1", lo, up)
		}
	})
}
