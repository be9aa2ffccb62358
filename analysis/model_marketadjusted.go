package analysis

// ModelMarketAdjusted is the market-adjusted model (--model
// market-adjusted; docs/methodology.md 3.3): α = 0 and β = 1 imposed,
//
//	AR_iτ = R_iτ - R_mτ,   σ̂² = Σ(AR_it - mean AR)²/(M-1),   h = 0
//
// over the estimation window (Brown & Warner 1980, 1985). Nothing is
// estimated, so there is no prediction-error term.
const ModelMarketAdjusted Model = "market-adjusted"

var marketAdjustedModel = ModelSpec{
	Name:       ModelMarketAdjusted,
	Regressors: []string{"market"},
	Estimated:  false,
	Section:    "3.3",
}
