package analysis

// ModelFF5 is the Fama–French five-factor model (--model ff5;
// docs/methodology.md 3.5): FF3 plus profitability and investment,
//
//	R_it - R_ft = α_i + b_i MKT-RF_t + s_i SMB_t + h_i HML_t + r_i RMW_t + c_i CMA_t + ε_it
//
// by OLS, df M-6 (Fama & French 2015).
const ModelFF5 Model = "ff5"

var ff5Model = ModelSpec{
	Name:       ModelFF5,
	Regressors: []string{"Mkt-RF", "SMB", "HML", "RMW", "CMA"},
	Excess:     true,
	Estimated:  true,
	Section:    "3.5",
}
