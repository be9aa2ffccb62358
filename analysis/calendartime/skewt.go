package calendartime

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/breachlab/eventstudy/analysis"

	"github.com/breachlab/eventstudy/analysis/grouptest"
)

// SkewT is the test of a mean long-horizon BHAR: the conventional t, the
// skewness-adjusted t of Johnson (1978) as Lyon, Barber & Tsai (1999) use
// it, and its bootstrap p-value (their recommended test):
//
//	S = x̄/s,  γ̂ = Σ(x-x̄)³/(n s³),  t_sa = √n (S + γ̂S²/3 + γ̂/(6n))
//
// Long-run BHARs are right-skewed (a few firms double, none lose more than
// everything), which biases the conventional t towards negative values;
// the γ̂ terms correct it. PBoot resamples nb = n/4 (at least 3) of the
// mean-centred BHARs B times, computes t_sa on each, and rejects where
// t_sa falls outside the resampled distribution: two-sided p = 2·min of
// the shares at or below and at or above t_sa.
type SkewT struct {
	N                    int
	Mean, Median, SD     float64
	Skewness             float64 // γ̂
	T, P                 float64 // conventional t, df n-1
	TSA, PSA             float64 // skewness-adjusted t, p from t(n-1)
	PBoot                float64 // bootstrap p of t_sa
	DF, BootReps, BootNB int
}

// SkewnessAdjusted tests the mean of x (NaN values left out) with B
// bootstrap resamples drawn from seed; NaN fields when n < 3.
func SkewnessAdjusted(x []float64, b int, seed uint64) SkewT {
	v := make([]float64, 0, len(x))
	for _, e := range x {
		if !math.IsNaN(e) && !math.IsInf(e, 0) {
			v = append(v, e)
		}
	}
	nan := math.NaN()
	r := SkewT{N: len(v), Mean: nan, Median: nan, SD: nan, Skewness: nan, T: nan, P: nan, TSA: nan, PSA: nan, PBoot: nan}
	if len(v) < 3 {
		return r
	}
	r.DF = len(v) - 1
	r.Mean, r.SD = grouptest.MeanSD(v)
	r.Median = median(v)
	if !(r.SD > 0) {
		return r
	}
	r.T = r.Mean / r.SD * math.Sqrt(float64(len(v)))
	_, r.Skewness, r.TSA = grouptest.SkewAdjustedT(v) // methodology 6.13's statistic
	r.P, _, _ = analysis.PValues(r.T, analysis.DistT, float64(r.DF))
	r.PSA, _, _ = analysis.PValues(r.TSA, analysis.DistT, float64(r.DF))
	r.BootNB = max(len(v)/4, 3)
	r.BootReps = b
	r.PBoot = bootP(v, r.Mean, r.TSA, r.BootNB, b, seed)
	return r
}

// bootP is the bootstrap p of t_sa: B resamples of nb from v - mean.
func bootP(v []float64, mean, tsa float64, nb, b int, seed uint64) float64 {
	if b <= 0 || math.IsNaN(tsa) {
		return math.NaN()
	}
	rng := rand.New(rand.NewPCG(seed, uint64(len(v))))
	s := make([]float64, nb)
	lo, hi, used := 0, 0, 0
	for range b {
		for i := range s {
			s[i] = v[rng.IntN(len(v))] - mean
		}
		_, _, t := grouptest.SkewAdjustedT(s)
		if math.IsNaN(t) {
			continue // all draws alike
		}
		used++
		if t <= tsa {
			lo++
		}
		if t >= tsa {
			hi++
		}
	}
	if used == 0 {
		return math.NaN()
	}
	return math.Min(1, 2*float64(min(lo, hi))/float64(used))
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
