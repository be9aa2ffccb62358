package grouptest

import (
	"math/rand/v2"

	"github.com/breachlab/eventstudy/results"
)

// SignFlip is the sign-flip randomization test of the CARs across events
// (Fisher 1935, §21; Pitman 1937), docs/methodology.md 6.20: under the
// null each CAR_i is symmetric about 0 and independent of the others, so
// the 2^N vectors (±CAR_1, …, ±CAR_N) are equally likely given |CAR_i|.
// The statistic is the sum S = Σ CAR_i; since Σ CAR_i² is the same for
// every sign vector, the cross-sectional t is increasing in S and the test
// is the same with either (Stat reports cs_t's t). The p-values are
//
//	p = #{|S*| ≥ |S|}/2^N,  p_lower = #{S* ≤ S}/2^N,  p_upper = #{S* ≥ S}/2^N
//
// over all sign vectors when 2^N ≤ B (exact), else over the observed
// vector and B random ones, (1 + #)/(B + 1), which keeps the test exact
// at its level (Phipson & Smyth 2010). Needs N ≥ 2 and s > 0 (a finite t).
func SignFlip(car []float64, b int, rng *rand.Rand) Resampled {
	n := len(car)
	_, t := CrossSectionalT(car)
	if n < 2 || b < 1 || !finite(t) {
		return Resampled{Stat: t, P: nan}
	}
	s := 0.0
	for _, c := range car {
		s += c
	}
	tl := newTally(s)
	if enumerable(n, b) {
		for v := range 1 << n {
			sv := 0.0
			for i, c := range car {
				if v>>i&1 == 1 {
					c = -c
				}
				sv += c
			}
			tl.add(sv, 1)
		}
		return tl.result(t, 1<<n, true)
	}
	tl.add(s, 1) // the observed signs are one of the vectors
	for range b {
		sv := 0.0
		var bits uint64
		for i, c := range car {
			if i%64 == 0 {
				bits = rng.Uint64() // 64 fair signs a draw
			}
			if bits&1 == 1 {
				c = -c
			}
			bits >>= 1
			sv += c
		}
		tl.add(sv, 1)
	}
	return tl.result(t, b, false)
}

func (g *group) perm() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	return withResampled(r, SignFlip(g.car, g.cfg.Bootstrap, g.stream("perm")), DistPermutation)
}
