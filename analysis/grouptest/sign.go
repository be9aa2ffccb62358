package grouptest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ExactMax is the largest sample for which sign and wilcoxon report exact
// p-values (dist "exact"); above it they use the normal approximation
// (METHODOLOGY.md 6.0).
const ExactMax = 50

// SignTest is the sign test on the CARs of a window (ARs for a one-day
// window), METHODOLOGY.md 6.9:
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

func twoSided(lower, upper float64) float64 {
	return math.Min(1, 2*math.Min(lower, upper))
}

// GeneralizedSign is Cowan's (1992) generalized sign test, METHODOLOGY.md
// 6.10:
//
//	p̂ = (1/N) Σ_i (1/M_i) Σ_t 1[ε̂_it > 0],  Z = (w - N p̂) / sqrt(N p̂ (1-p̂))
//
// with w the number of positive values (CARs, or ARs for a one-day window),
// resid[i] the estimation residuals of event i (NaN where missing; M_i the
// number of non-NaN ones) and p̂ the average over events of the per-event
// share of positive residuals (not pooled over firm-days). Reference N(0,1);
// estimate = w/N. NaN z when p̂ is 0 or 1.
func GeneralizedSign(values []float64, resid [][]float64) (w int, phat, z, estimate float64) {
	if len(resid) != len(values) {
		return 0, nan, nan, nan
	}
	shares := make([]float64, len(resid))
	for i, r := range resid {
		shares[i] = positiveShare(r)
	}
	return generalizedSign(values, shares)
}

// positiveShare is (1/M) Σ_t 1[ε̂_t > 0] over the M non-NaN residuals; NaN
// when there are none. It does not depend on the window, so the group
// tests compute it once per event.
func positiveShare(resid []float64) float64 {
	pos, m := positives(resid)
	if m == 0 {
		return nan
	}
	return float64(pos) / float64(m)
}

// generalizedSign is GeneralizedSign with each event's positiveShare.
func generalizedSign(values, shares []float64) (w int, phat, z, estimate float64) {
	n := len(values)
	if n == 0 || len(shares) != n {
		return 0, nan, nan, nan
	}
	for i, v := range values {
		if v > 0 {
			w++
		}
		if math.IsNaN(shares[i]) {
			return w, nan, nan, nan
		}
		phat += shares[i]
	}
	fn := float64(n)
	phat /= fn
	estimate = float64(w) / fn
	den := math.Sqrt(fn * phat * (1 - phat))
	if den == 0 {
		return w, phat, nan, estimate
	}
	return w, phat, (float64(w) - fn*phat) / den, estimate
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
