package analysis

// ModelEGARCH is the market model with EGARCH(1,1) errors (--model
// egarch; docs/methodology.md 3.7):
//
//	R_it = α_i + β_i R_mt + ε_it,
//	ln σ²_it = ω_i + a_i(|z_i,t-1| - E|z|) + γ_i z_i,t-1 + b_i ln σ²_i,t-1,
//
// z = ε/σ, |b| < 1, fitted like garch by maximum likelihood (Nelson
// 1991). γ < 0 is the leverage effect: bad news raises the variance more
// than good news of the same size.
const ModelEGARCH Model = "egarch"

var egarchModel = ModelSpec{
	Name:       ModelEGARCH,
	Regressors: []string{"market"},
	Estimated:  true,
	Variance:   varEGARCH,
	Section:    "3.7",
}
