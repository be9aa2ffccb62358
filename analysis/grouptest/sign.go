package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/results"
	"gonum.org/v1/gonum/stat/distuv"
)

// SignTest is the sign test on the CARs of a window (ARs for a one-day
// window), docs/methodology.md 6.9:
//
//	Z = (N⁺ - N/2) / sqrt(N/4)
//
// with N⁺ the number of values > 0 (zeros count as non-positive), no
// continuity correction. For N ≤ ExactMax the p-values are exact binomial
// (B ~ Binomial(N, 1/2)): pLower = P(B ≤ N⁺), pUpper = P(B ≥ N⁺),
// p = min(1, 2 min(pLower, pUpper)); above, they come from Z against N(0,1)
// and exact is false. estimate = N⁺/N. NaN values are not counted.
// Source: e.g. Cowan (1992), Corrado & Zivney (1992).
func SignTest(values []float64) (nPlus int, z, pLower, pUpper, p, estimate float64, exact bool) {
	nPlus, n := positives(values)
	if n == 0 {
		return 0, nan, nan, nan, nan, nan, false
	}
	fn := float64(n)
	z = (float64(nPlus) - fn/2) / math.Sqrt(fn/4)
	estimate = float64(nPlus) / fn
	if n > ExactMax {
		p, pLower, pUpper = normalP(z)
		return nPlus, z, pLower, pUpper, p, estimate, false
	}
	pLower, pUpper = binomialTails(nPlus, n)
	return nPlus, z, pLower, pUpper, twoSided(pLower, pUpper), estimate, true
}

// binomialTails returns P(B ≤ k) and P(B ≥ k) for B ~ Binomial(n, 1/2).
func binomialTails(k, n int) (lower, upper float64) {
	b := distuv.Binomial{N: float64(n), P: 0.5}
	lower = b.CDF(float64(k))
	// By the symmetry of Binomial(n, 1/2), P(B ≥ k) = P(B ≤ n-k): this avoids
	// the cancellation of 1 - CDF in the far upper tail.
	upper = b.CDF(float64(n - k))
	return lower, upper
}

// positives counts the values above 0 and the non-NaN values of x.
func positives(x []float64) (pos, n int) {
	for _, v := range x {
		if math.IsNaN(v) {
			continue
		}
		n++
		if v > 0 {
			pos++
		}
	}
	return pos, n
}

func (g *group) sign() results.TestRow {
	_, z, lo, up, p, est, exact := SignTest(g.car)
	r := row(g.n(), est)
	if g.n() < 2 {
		return r
	}
	if exact {
		return withExact(r, z, p, lo, up)
	}
	return withNormal(r, z)
}
