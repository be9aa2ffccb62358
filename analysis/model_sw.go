package analysis

import "math"

// ModelMarketSW is the market model with the Scholes–Williams beta
// (--model market-sw; docs/methodology.md 15.2), for thinly traded
// securities whose prices lag the market:
//
//	β̂_SW = (β̂₋₁ + β̂₀ + β̂₊₁) / (1 + 2ρ̂_m),   α̂_SW = R̄_i - β̂_SW R̄_m
//
// where β̂_k is the OLS slope of R_it on R_m,t+k and ρ̂_m the first-order
// autocorrelation of the market return (Scholes & Williams 1977, eqs. 11
// and 13). All are computed on the estimation days that have R_m,t-1,
// R_mt and R_m,t+1. AR_τ = R_τ - α̂_SW - β̂_SW R_mτ; events.csv beta is β̂_SW.
const ModelMarketSW Model = "market-sw"

var marketSWModel = ModelSpec{
	Name:       ModelMarketSW,
	Regressors: []string{"market"},
	Estimated:  true,
	Section:    "15.2",
	lagged: &laggedModel{
		window: func(Config) (int, int) { return 1, 1 },
		beta:   scholesWilliamsBeta,
	},
}

// scholesWilliamsBeta is β̂_SW of y on m = (R_m,t-1, R_mt, R_m,t+1). ρ̂_m
// is the sample correlation of R_mt with R_m,t-1 over the same days.
func scholesWilliamsBeta(y []float64, m [][]float64) (float64, bool) {
	lag, same, lead := m[0], m[1], m[2]
	rho := correlation(same, lag)
	b := (slope(y, lag) + slope(y, same) + slope(y, lead)) / (1 + 2*rho)
	return b, finite(b)
}

// correlation is the Pearson correlation of x and y; NaN when either is
// constant.
func correlation(x, y []float64) float64 {
	xbar, ybar := mean(x), mean(y)
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - xbar) * (y[i] - ybar)
		sxx += (x[i] - xbar) * (x[i] - xbar)
		syy += (y[i] - ybar) * (y[i] - ybar)
	}
	return sxy / math.Sqrt(sxx*syy)
}
