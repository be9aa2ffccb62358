package analysis

// ModelFF3 is the Fama–French three-factor model (--model ff3;
// docs/methodology.md 3.5), on excess returns:
//
//	R_it - R_ft = α_i + b_i MKT-RF_t + s_i SMB_t + h_i HML_t + ε_it
//
// by OLS, df M-4 (Fama & French 1993). The factors are columns of
// Kenneth French's daily files.
const ModelFF3 Model = "ff3"

var ff3Model = ModelSpec{
	Name:       ModelFF3,
	Regressors: []string{"Mkt-RF", "SMB", "HML"},
	Excess:     true,
	Estimated:  true,
	Section:    "3.5",
}
