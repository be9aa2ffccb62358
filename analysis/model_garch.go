package analysis

// ModelGARCH is the market model with GARCH(1,1) errors (--model garch;
// docs/methodology.md 3.7):
//
//	R_it = α_i + β_i R_mt + ε_it,   σ²_it = ω_i + a_i ε²_i,t-1 + b_i σ²_i,t-1,
//
// ω > 0, a, b ≥ 0, a + b < 1, mean and variance fitted jointly by
// maximum likelihood over the estimation window (Bollerslev 1986;
// likelihood in garchlik.go, the fit in garchfit.go). AR_τ is
// R_τ - α̂ - β̂ R_mτ and SAR_τ = AR_τ/σ_τ with σ²_τ the one-step
// forecast from the realized residuals up to τ-1 (Savickas 2003).
const ModelGARCH Model = "garch"

var garchModel = ModelSpec{
	Name:       ModelGARCH,
	Regressors: []string{"market"},
	Estimated:  true,
	Variance:   varGARCH,
	Section:    "3.7",
}
