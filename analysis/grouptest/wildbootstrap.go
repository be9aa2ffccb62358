package grouptest

import (
	"math"
	"math/rand/v2"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// Mammen's (1993) two-point weights: mean 0, variance 1, third moment 1.
var (
	mammenLo   = (1 - math.Sqrt(5)) / 2
	mammenHi   = (1 + math.Sqrt(5)) / 2
	mammenPrLo = (math.Sqrt(5) + 1) / (2 * math.Sqrt(5))
)

// WildBootstrapT is the wild bootstrap of the cross-sectional t of the
// CAAR, docs/methodology.md 6.18 (Wu 1986; Liu 1988; Mammen 1993). The
// observed statistic is cs_t's t = CAAR/(s/√N). Under the null the CARs
// are their residuals about the mean, e_i = CAR_i − CAAR; a resample is
// CAR*_i = w_i e_i with independent weights w_i of mean 0 and variance 1
// (Rademacher ±1, or Mammen's two points), and t* is the same t computed
// on it. The p-values are the bootstrap probabilities
//
//	p = P*(|t*| ≥ |t|),  p_lower = P*(t* ≤ t),  p_upper = P*(t* ≥ t),
//
// estimated from B draws as (1 + #)/(B + 1) (Davison & Hinkley 1997,
// §4.2: never 0, and a test at level α stays at α), or, when the 2^N
// weight vectors number at most B, computed exactly by enumerating them
// with their probabilities (Exact, B = 2^N). Needs N ≥ 2 and s > 0.
func WildBootstrapT(car []float64, weights analysis.BootWeights, b int, rng *rand.Rand) Resampled {
	n := len(car)
	_, t := CrossSectionalT(car)
	if n < 2 || !finite(t) || b < 1 {
		return Resampled{Stat: t, P: nan}
	}
	m, _ := MeanSD(car)
	e := make([]float64, n)
	for i, c := range car {
		e[i] = c - m
	}
	lo, hi, prLo := -1.0, 1.0, 0.5
	if weights == analysis.BootMammen {
		lo, hi, prLo = mammenLo, mammenHi, mammenPrLo
	}
	y := make([]float64, n)
	tl := newTally(t)
	if enumerable(n, b) {
		for v := range 1 << n {
			pr := 1.0
			for i := range n {
				if v>>i&1 == 1 {
					y[i], pr = lo*e[i], pr*prLo
				} else {
					y[i], pr = hi*e[i], pr*(1-prLo)
				}
			}
			tl.add(studentT(y), pr)
		}
		return tl.result(t, 1<<n, true)
	}
	tl.add(t, 1) // (1 + #)/(B + 1): the observed t is one of the draws
	for range b {
		if weights == analysis.BootMammen {
			for i := range n {
				if rng.Float64() < prLo {
					y[i] = lo * e[i]
				} else {
					y[i] = hi * e[i]
				}
			}
		} else {
			var bits uint64
			for i := range n {
				if i%64 == 0 {
					bits = rng.Uint64() // 64 fair signs a draw
				}
				if bits&1 == 1 {
					y[i] = -e[i]
				} else {
					y[i] = e[i]
				}
				bits >>= 1
			}
		}
		tl.add(studentT(y), 1)
	}
	return tl.result(t, b, false)
}

// studentT is √N·mean/s of y (s with divisor N−1): ±Inf when s = 0 and
// the mean is not, NaN when both are 0.
func studentT(y []float64) float64 {
	m, s := MeanSD(y)
	return m / (s / math.Sqrt(float64(len(y))))
}

func (g *group) wildBoot() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	return withResampled(r, WildBootstrapT(g.car, g.cfg.BootWeights, g.cfg.Bootstrap, g.stream("wild_boot")), DistBootstrap)
}
