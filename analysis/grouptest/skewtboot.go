package grouptest

import (
	"math"
	"math/rand/v2"

	"github.com/breachlab/eventstudy/results"
)

// SkewTBootstrap is the bootstrapped skewness-adjusted t of Lyon, Barber
// & Tsai (1999), docs/methodology.md 6.19: the observed statistic is
// skew_t's t_sa over the N BHARs; each of B resamples draws N BHARs with
// replacement and computes t*_sa on the draws centred at the sample mean
// B̄ (S* = (B̄* − B̄)/s*, γ̂* of the draws), so that the resamples obey the
// null. The p-values come from that bootstrap distribution, not from
// t_{N−1}:
//
//	p_lower = P*(t* ≤ t_sa),  p_upper = P*(t* ≥ t_sa),  p = min(1, 2 min(p_lower, p_upper)),
//
// equal tails, as LBT's two critical values: t_sa is skewed on purpose;
// each share counts the observed t_sa as one of the draws, (1 + #)/(B + 1).
// LBT draw resamples of N/4 (after Sutton 1993); here they are of N: a
// breach sample of 12 would give resamples of 3, where γ̂* is degenerate,
// and the bootstrap of the statistic actually computed is the one with
// Hall's (1992) refinement for a pivot. Resamples of one value (s* = 0) have no t*
// and are left out; B counts those kept. Needs N ≥ 3 and s > 0.
func SkewTBootstrap(bhar []float64, b int, rng *rand.Rand) Resampled {
	n := len(bhar)
	mean, _, t := SkewAdjustedT(bhar)
	if n < 3 || !finite(t) || b < 1 {
		return Resampled{Stat: t, P: nan}
	}
	draw := make([]float64, n)
	tl := newTally(t)
	tl.add(t, 1) // (1 + #)/(B + 1), as wild_boot
	kept := 0
	for range b {
		same := true
		for i := range draw {
			draw[i] = bhar[rng.IntN(n)] - mean
			same = same && draw[i] == draw[0]
		}
		if same {
			continue // s* = 0 in exact arithmetic; rounding would give a huge t*
		}
		_, _, ts := SkewAdjustedT(draw)
		if finite(ts) {
			tl.add(ts, 1)
			kept++
		}
	}
	if kept == 0 {
		return Resampled{Stat: t, P: nan}
	}
	lo, up := tl.le/tl.totalWgt, tl.ge/tl.totalWgt
	return Resampled{Stat: t, P: math.Min(1, 2*math.Min(lo, up)), PLower: lo, PUpper: up, B: kept}
}

// skewTBoot uses the events of V with a BHAR, as skewT.
func (g *group) skewTBoot() results.TestRow {
	bhar := g.bhars()
	mean, _, _ := SkewAdjustedT(bhar)
	r := row(len(bhar), mean)
	if len(bhar) < 3 {
		return r
	}
	return withResampled(r, SkewTBootstrap(bhar, g.cfg.Bootstrap, g.stream("skew_t_boot")), DistBootstrap)
}
