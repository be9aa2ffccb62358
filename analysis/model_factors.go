package analysis

// ModelFactors is the linear factor model on any factor file (--model
// factors; docs/methodology.md 15.4), on excess returns:
//
//	R_it - R_ft = α_i + Σ_k β_ik F_kt + ε_it
//
// by OLS, df M-K-1, where F_1..F_K are every column of the --factors
// file(s) but the risk-free rate (--rf-column), in file order: q-factors
// (Hou, Xue & Zhang 2015), industry or liquidity factors, a French file.
// The regressors are data, so they live in Config.FactorColumns, set by
// the study after reading the file.
const ModelFactors Model = "factors"

var factorsModel = ModelSpec{
	Name:      ModelFactors,
	Excess:    true,
	Estimated: true,
	Section:   "15.4",
	anyFactor: true,
}

// Regressors are the regressors f_1..f_k of c's model in order: the
// model's own list, or for the factors model Config.FactorColumns.
func (c Config) Regressors() []string {
	if s, ok := c.Model.Spec(); ok && s.anyFactor {
		return c.FactorColumns
	}
	return c.Model.Factors()
}

// spec is c.Model's spec with the factors model's regressors filled in
// from c.FactorColumns (a copy; the registry is never changed).
func (c Config) spec() (*ModelSpec, bool) {
	s, ok := c.Model.Spec()
	if !ok || !s.anyFactor {
		return s, ok
	}
	cp := *s
	cp.Regressors = c.FactorColumns
	return &cp, true
}
