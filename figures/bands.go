package figures

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
)

// critical is the two-sided critical value of a test at coverage level:
// the 1-(1-level)/2 quantile of Student's t with df degrees of freedom,
// or of the standard normal when df <= 0 (unknown or infinite).
func critical(level float64, df int) float64 {
	if df <= 0 {
		return analysis.Critical(level, analysis.DistNormal, 0)
	}
	return analysis.Critical(level, analysis.DistT, float64(df))
}

// runningBand is the half-width of the band of one event's running CAR
// on each day: c·σ̂·√k, k the days with an abnormal return so far (a
// missing day adds no variance), σ̂ the residual standard deviation of
// the estimation window and c = critical(level, df). This is the simple
// variance Var CAR(τ1,τ) ≈ k·σ̂² of MacKinlay (1997, "Event studies in
// economics and finance", JEL 35, eq. 15 with the estimation error
// ignored; docs/methodology.md 4.2): car.csv has the exact variance only
// for the reported windows, so the band is slightly narrower (by about
// k/(2M) relative; 0.6 % for k = 3, M = 250). NaN where the CAR is missing.
func runningBand(ar []float64, sigma, level float64, df int) []float64 {
	c := critical(level, df)
	half := make([]float64, len(ar))
	k := 0
	for i, a := range ar {
		if math.IsNaN(a) {
			half[i] = math.NaN()
			continue
		}
		k++
		half[i] = c * sigma * math.Sqrt(float64(k))
	}
	return half
}

// Significance classes of a two-sided p-value, as the report colours them.
const (
	sig01 = iota
	sig05
	sig10
	sigNS
	sigNA
	nClass
)

func sigClass(p float64) int {
	switch {
	case math.IsNaN(p):
		return sigNA
	case p < 0.01:
		return sig01
	case p < 0.05:
		return sig05
	case p < 0.10:
		return sig10
	}
	return sigNS
}
