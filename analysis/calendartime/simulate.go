package calendartime

import (
	"math"
	"math/rand/v2"
)

// SimConfig is a size or power simulation of the calendar-time alpha test
// (docs/validation.md): Reps samples of Firms events on random days of a
// calendar of Days trading days grouped into months of MonthLen days;
// firm returns follow the three-factor model with t(4) residuals, and
// Effect (per month, spread evenly over its days) is added to every firm
// within its horizon. Effect 0 measures size, a non-zero one power.
type SimConfig struct {
	Reps, Firms, Days, MonthLen int
	Horizon                     Horizon
	Monthly                     bool
	Weighting                   string
	Effect                      float64
	Seed                        uint64
}

// Simulate returns the share of samples in which the two-sided alpha test
// rejects at 5 %, and the mean alpha. Samples whose fit fails are not
// counted (none do at sensible sizes).
func Simulate(c SimConfig) (rejectRate, meanAlpha float64) {
	month := make([]int, c.Days)
	for t := range month {
		month[t] = t / c.MonthLen
	}
	rejected, fitted := 0, 0
	for s := range c.Reps {
		rng := rand.New(rand.NewPCG(c.Seed, uint64(s)))
		firms, fac := simPanel(rng, c)
		var m []int
		if c.Monthly {
			m = month
		}
		res := Run(firms, c.Horizon, c.Days, c.Weighting, fac, m)
		if math.IsNaN(res.P) {
			continue
		}
		fitted++
		meanAlpha += res.Alpha
		if res.P < 0.05 {
			rejected++
		}
	}
	return float64(rejected) / float64(fitted), meanAlpha / float64(fitted)
}

// simPanel draws one sample: the three factors and the firms' returns.
func simPanel(rng *rand.Rand, c SimConfig) ([]Firm, Factors) {
	fac := Factors{Names: []string{"Mkt-RF", "SMB", "HML"}, Excess: []bool{true, false, false}, RF: make([]float64, c.Days)}
	sd := []float64{0.01, 0.005, 0.005}
	mu := []float64{0.0003, 0, 0}
	for j := range 3 {
		col := make([]float64, c.Days)
		for t := range col {
			col[t] = mu[j] + sd[j]*rng.NormFloat64()
		}
		fac.Cols = append(fac.Cols, col)
	}
	for t := range fac.RF {
		fac.RF[t] = 0.0001
	}
	daily := c.Effect / float64(c.MonthLen)
	firms := make([]Firm, c.Firms)
	for i := range firms {
		b := []float64{0.5 + rng.Float64(), -0.5 + 1.5*rng.Float64(), -0.5 + rng.Float64()}
		sigma := 0.01 + 0.02*rng.Float64()
		f := Firm{Day0: rng.IntN(c.Days) - c.Horizon.From, MCap: math.Exp(20 + 2*rng.NormFloat64()), R: make([]float64, c.Horizon.Len())}
		for k := range f.R {
			t := f.Day0 + c.Horizon.From + k
			if t >= c.Days {
				f.R[k] = math.NaN()
				continue
			}
			r := fac.RF[t] + daily + sigma*studentT4(rng)
			for j := range 3 {
				r += b[j] * fac.Cols[j][t]
			}
			f.R[k] = r
		}
		firms[i] = f
	}
	return firms, fac
}

// studentT4 is a t(4) draw scaled to unit variance (fat tails like daily
// stock returns): Z/√(χ²₄/4)·√(1/2).
func studentT4(rng *rand.Rand) float64 {
	var chi float64
	for range 4 {
		z := rng.NormFloat64()
		chi += z * z
	}
	return rng.NormFloat64() / math.Sqrt(chi/4) * math.Sqrt(0.5)
}
