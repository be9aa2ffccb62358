package grouptest

import (
	"encoding/binary"
	"math"
	"testing"
)

// floatsOf decodes b as float64s (8 bytes each), to let the fuzzer reach
// NaN, ±Inf, zeros and ties.
func floatsOf(b []byte) []float64 {
	x := make([]float64, 0, len(b)/8)
	for ; len(b) >= 8 && len(x) < 80; b = b[8:] {
		x = append(x, math.Float64frombits(binary.LittleEndian.Uint64(b)))
	}
	return x
}

func bytesOf(x ...float64) []byte {
	var b []byte
	for _, v := range x {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func probability(p float64) bool { return p >= 0 && p <= 1+1e-12 }

// FuzzNonparametric: no panic; wilcoxon equals its plain definition bit
// for bit; p-values in [0,1]; exact one-sided p-values
// include the observed value, so they sum to at least 1; ranks sum to
// T(T+1)/2.
func FuzzNonparametric(f *testing.F) {
	f.Add(bytesOf(-0.02, -0.01, 0.01, -0.03, -0.005))
	f.Add(bytesOf(0, 0, 1, math.NaN(), math.Inf(1), -1, -1))
	f.Add(bytesOf(1))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		x := floatsOf(b)
		finiteX := x[:0:0]
		for _, v := range x {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				finiteX = append(finiteX, v)
			}
		}
		w, z, pl, pu, p, est, n := WilcoxonSignedRank(finiteX)
		w0, z0, pl0, pu0, p0, est0, n0 := WilcoxonSignedRankPlain(finiteX)
		if n != n0 || !sameBits([]float64{w, z, pl, pu, p, est}, []float64{w0, z0, pl0, pu0, p0, est0}) {
			t.Fatalf("wilcoxon %v %v %v %v %v %v %d, plain %v %v %v %v %v %v %d", w, z, pl, pu, p, est, n, w0, z0, pl0, pu0, p0, est0, n0)
		}
		if n > 0 {
			if !probability(p) || !probability(pl) || !probability(pu) || pl+pu < 1-1e-12 {
				t.Fatalf("wilcoxon p %v %v %v", p, pl, pu)
			}
			if w < 0 || w > float64(n*(n+1))/2 || est < -0.5 || est > 0.5 {
				t.Fatalf("wilcoxon W+ %v estimate %v n %d", w, est, n)
			}
		}
		np, _, pl, pu, p, est, _ := SignTest(x)
		if len(finiteX) > 0 && (!probability(p) || !probability(pl) || !probability(pu) || np < 0 || est < 0 || est > 1) {
			t.Fatalf("sign N+ %d p %v %v %v", np, p, pl, pu)
		}
		r := Midranks(x)
		sum, cnt := 0.0, 0
		for _, v := range r {
			if !math.IsNaN(v) {
				sum += v
				cnt++
			}
		}
		if sum != float64(cnt*(cnt+1))/2 {
			t.Fatalf("ranks sum %v, want %v", sum, float64(cnt*(cnt+1))/2)
		}
		CrossSectionalT(finiteX)
		SkewAdjustedT(finiteX)
		BMP(finiteX)
	})
}
