package analysis

// ModelMarket is the market model, the default (--model market;
// docs/methodology.md 3.4):
//
//	R_it = α_i + β_i R_mt + ε_it,   AR_iτ = R_iτ - α̂_i - β̂_i R_mτ
//
// by OLS with σ̂² = SSE/(M-2), df M-2 (MacKinlay 1997; Campbell, Lo &
// MacKinlay 1997 §4.3.1).
const ModelMarket Model = "market"

var marketModel = ModelSpec{
	Name:       ModelMarket,
	Regressors: []string{"market"},
	Estimated:  true,
	Section:    "3.4",
}
