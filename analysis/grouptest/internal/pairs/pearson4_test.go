package pairs

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestPearsonLanes: every kernel's lanes give pairMoments.pearson bit for
// bit, for residual-like moments, cancelling ones (caa, cbb near 0 or
// below), zero and non-finite moments.
func TestPearsonLanes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	moments := map[string]func() (pairMoments, float64){
		"residuals": func() (pairMoments, float64) {
			n := 30 + rng.IntN(220)
			sa, sb := 0.01*rng.NormFloat64(), 0.01*rng.NormFloat64()
			return pairMoments{sa: sa, saa: 0.03 * rng.Float64(), sb: sb, sbb: 0.03 * rng.Float64(), n: n}, 0.01 * rng.NormFloat64()
		},
		"cancelling": func() (pairMoments, float64) {
			n := 2 + rng.IntN(10)
			sa := rng.NormFloat64()
			saa := sa * sa / float64(n) * (1 + float64(rng.IntN(3)-1)*1e-15)
			return pairMoments{sa: sa, saa: saa, sb: sa, sbb: saa, n: n}, saa
		},
		"zeros": func() (pairMoments, float64) {
			return pairMoments{n: rng.IntN(3)}, 0
		},
		"non-finite": func() (pairMoments, float64) {
			v := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e308, 1e-308}
			pick := func() float64 { return v[rng.IntN(len(v))] }
			return pairMoments{sa: pick(), saa: pick(), sb: pick(), sbb: pick(), n: rng.IntN(5)}, pick()
		},
	}
	defer restoreKernel()
	for kernel, use := range dot4Kernels() {
		use()
		for name, gen := range moments {
			t.Run(fmt.Sprintf("%s/%s", kernel, name), func(t *testing.T) {
				for rep := 0; rep < 500; rep++ {
					var q pearson4
					var ms [4]pairMoments
					for k := range ms {
						m, sab := gen()
						ms[k] = m
						q.sa[k], q.saa[k], q.sb[k], q.sbb[k], q.sab[k], q.fn[k] = m.sa, m.saa, m.sb, m.sbb, sab, float64(m.n)
					}
					pearsonLanes(&q)
					for k, m := range ms {
						got, want := q.finish(k), m.pearson(q.sab[k])
						if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
							t.Fatalf("lane %d %+v sab %v: %v, pearson %v", k, m, q.sab[k], got, want)
						}
					}
				}
			})
		}
	}
}

// FuzzPearsonLanes: every kernel's lanes are pairMoments.pearson for any
// moments.
func FuzzPearsonLanes(f *testing.F) {
	f.Add(make([]byte, 4*6*8))
	f.Fuzz(func(t *testing.T, b []byte) {
		var q pearson4
		var ms [4]pairMoments
		v := func(i int) float64 {
			if 8*i+8 > len(b) {
				return float64(i)
			}
			return math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		for k := range ms {
			ms[k] = pairMoments{sa: v(6 * k), saa: v(6*k + 1), sb: v(6*k + 2), sbb: v(6*k + 3), n: 2 + int(uint64(math.Float64bits(v(6*k+5)))%300)}
			q.sa[k], q.saa[k], q.sb[k], q.sbb[k], q.sab[k], q.fn[k] = ms[k].sa, ms[k].saa, ms[k].sb, ms[k].sbb, v(6*k+4), float64(ms[k].n)
		}
		defer restoreKernel()
		for _, use := range dot4Kernels() {
			use()
			pearsonLanes(&q)
			for k, m := range ms {
				got, want := q.finish(k), m.pearson(q.sab[k])
				if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("lane %d %+v sab %v: %v, pearson %v", k, m, q.sab[k], got, want)
				}
			}
		}
	})
}
