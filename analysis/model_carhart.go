package analysis

// ModelCarhart is Carhart's four-factor model (--model carhart;
// docs/methodology.md 3.5): the FF3 factors and momentum,
//
//	R_it - R_ft = α_i + b_i MKT-RF_t + s_i SMB_t + h_i HML_t + m_i MOM_t + ε_it
//
// by OLS, df M-5 (Carhart 1997). MOM is French's "Mom" column (also
// called UMD or WML).
const ModelCarhart Model = "carhart"

var carhartModel = ModelSpec{
	Name:       ModelCarhart,
	Regressors: []string{"Mkt-RF", "SMB", "HML", "Mom"},
	Excess:     true,
	Estimated:  true,
	Section:    "3.5",
}
