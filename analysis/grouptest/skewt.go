package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/results"
)

// SkewAdjustedT is the skewness-adjusted t statistic of Lyon, Barber & Tsai
// (1999) for buy-and-hold abnormal returns, docs/methodology.md 6.13: with mean
// B̄ and sample standard deviation s (divisor N-1) of the N BHARs,
//
//	S = B̄/s,  γ̂ = Σ(BHAR_i - B̄)³ / (N s³),
//	t_sa = sqrt(N) (S + γ̂ S²/3 + γ̂/(6N))   ~ t_{N-1}.
//
// estimate = B̄. Needs N ≥ 3 and s > 0; otherwise t (and γ̂) are NaN.
func SkewAdjustedT(bhar []float64) (estimate, gamma, t float64) {
	n := len(bhar)
	if n == 0 {
		return nan, nan, nan
	}
	fn := float64(n)
	m := 0.0
	for _, b := range bhar {
		m += b
	}
	m /= fn
	if n < 3 {
		return m, nan, nan
	}
	var ss, s3 float64
	for _, b := range bhar {
		d := b - m
		ss += d * d
		s3 += d * d * d
	}
	s := math.Sqrt(ss / (fn - 1))
	if s == 0 {
		return m, nan, nan
	}
	S := m / s
	gamma = s3 / (fn * s * s * s)
	t = math.Sqrt(fn) * (S + gamma*S*S/3 + gamma/(6*fn))
	return m, gamma, t
}

// skewT uses the events of V with a BHAR (a valid return and benchmark on
// every window day, 4.4); n counts them.
func (g *group) skewT() results.TestRow {
	bhar := g.bhars()
	est, _, t := SkewAdjustedT(bhar)
	r := row(len(bhar), est)
	if len(bhar) < 3 {
		return r
	}
	return withT(r, t, len(bhar)-1)
}

// bhars are the BHARs of the events of V that have one (skew_t, skew_t_boot).
func (g *group) bhars() []float64 {
	if g.bhar != nil {
		return g.bhar
	}
	bhar := make([]float64, 0, len(g.v))
	for _, e := range g.v {
		if b := e.BHAR(g.w, g.cfg.BHARBenchmark); finite(b) {
			bhar = append(bhar, b)
		}
	}
	return bhar
}
