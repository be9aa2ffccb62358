package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

// generalizedSign is Cowan's (1992) generalized sign test,
// docs/methodology.md 6.10:
//
//	p̂ = (1/N) Σ_i (1/M_i) Σ_t 1[ε̂_it > 0],  Z = (w - N p̂) / sqrt(N p̂ (1-p̂))
//
// with w the number of positive values (CARs, or ARs for a one-day window),
// shares[i] event i's share of positive estimation residuals (positiveShare:
// the M_i non-NaN ones) and p̂ the average over events of these shares (not
// pooled over firm-days). Reference N(0,1); estimate = w/N. NaN z when p̂
// is 0 or 1.
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

// prepareShares computes every fitted event's positiveShare: it does not
// depend on the window.
func (c *cache) prepareShares() {
	c.posShare = make([]float64, len(c.events))
	parallel.ForChunks(len(c.events), prepareChunk, func(lo, hi int) {
		for i, e := range c.events[lo:hi] {
			c.posShare[lo+i] = nan
			if fitted(e) {
				c.posShare[lo+i] = positiveShare(e.Residual)
			}
		}
	})
}

func (g *group) genSign() results.TestRow {
	shares := make([]float64, len(g.v))
	for k, i := range g.idx {
		shares[k] = g.cache.posShare[i]
	}
	_, _, z, est := generalizedSign(g.car, shares)
	r := row(g.n(), est)
	if g.n() < 2 {
		return r
	}
	return withNormal(r, z)
}
