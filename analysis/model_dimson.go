package analysis

import "gonum.org/v1/gonum/mat"

// ModelMarketDimson is the market model with the Dimson aggregate beta
// (--model market-dimson; docs/methodology.md 15.3):
//
//	R_it = a + Σ_{k=-L..+F} b_k R_m,t+k + u_t,   β̂_D = Σ_k b̂_k,   α̂ = R̄_i - β̂_D R̄_m
//
// by OLS on the estimation days that have every lagged and leading market
// return (Dimson 1979), L = --dimson-lags and F = --dimson-leads (default
// 1 and 1). AR_τ = R_τ - α̂ - β̂_D R_mτ; events.csv beta is β̂_D.
const ModelMarketDimson Model = "market-dimson"

var marketDimsonModel = ModelSpec{
	Name:       ModelMarketDimson,
	Regressors: []string{"market"},
	Estimated:  true,
	Section:    "15.3",
	lagged: &laggedModel{
		window: func(cfg Config) (int, int) { return cfg.DimsonLags, cfg.DimsonLeads },
		beta:   dimsonBeta,
	},
}

// dimsonBeta is the sum of the slopes of the OLS regression of y on a
// constant and every column of m, solved by QR; false when the design is
// rank-deficient or ill-conditioned (cond > maxCond).
func dimsonBeta(y []float64, m [][]float64) (float64, bool) {
	n, p := len(y), len(m)+1
	x := mat.NewDense(n, p, nil)
	for r := 0; r < n; r++ {
		x.Set(r, 0, 1)
		for j := range m {
			x.Set(r, j+1, m[j][r])
		}
	}
	var qr mat.QR
	qr.Factorize(x)
	if !(qr.Cond() <= maxCond) {
		return 0, false
	}
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, mat.NewVecDense(n, y)); err != nil {
		return 0, false
	}
	var sum float64
	for j := 1; j < p; j++ {
		sum += b.AtVec(j)
	}
	return sum, finite(sum)
}
