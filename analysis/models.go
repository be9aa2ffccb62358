package analysis

import "strings"

// Model names a normal-return model (--model). Each model is one file,
// model_<name>.go, holding its constant and its ModelSpec; modelSpecs
// lists them. Adding a model is that file and one line in modelSpecs.
type Model string

// ModelSpec describes a normal-return model (docs/methodology.md 3): what
// it regresses on and whether its coefficients are estimated. Estimate,
// Validate and the study's loader read it instead of switching on names.
type ModelSpec struct {
	Name Model
	// Regressors are f_1..f_k of x = (1, f_1..f_k) in order (3.1): "market"
	// is the market return (EventInput.X[0]); for an Excess model they are
	// the columns read from the factor files, and events.csv gets one
	// beta_<factor> column per entry (results.BetaColumn).
	Regressors []string
	// Excess: the model explains R - RF and its normal return is RF + x'θ
	// (3.5); its regressors come from --factors.
	Excess bool
	// Estimated: θ is fitted by OLS (3.1). Otherwise α = 0 and β = 1 are
	// imposed on the single regressor (3.3): AR = y - f_1, σ² the sample
	// variance of the estimation ARs, df M-1, h = 0.
	Estimated bool
	// Variance is the conditional-variance process fitted jointly with
	// the mean equation by maximum likelihood ("garch", "egarch"; 3.7),
	// "" for a constant error variance.
	Variance string
	// Section is the model's section of docs/methodology.md.
	Section string

	// lagged is set for the aggregate-beta models (market-sw,
	// market-dimson; lagged.go): the beta comes from lagged and leading
	// market returns, the AR from the market model with that beta.
	lagged *laggedModel
	// anyFactor: the regressors are the factor file's columns
	// (Config.FactorColumns; model_factors.go), not Regressors.
	anyFactor bool
}

// modelSpecs is the registry of models, in the order help texts list them
// (Models). The first is the default.
var modelSpecs = []*ModelSpec{
	&marketModel,
	&marketSWModel,
	&marketDimsonModel,
	&meanModel,
	&marketAdjustedModel,
	&factorsModel,
	&ff3Model,
	&carhartModel,
	&ff5Model,
	&garchModel,
	&egarchModel,
}

// modelNames lists the registered models' names in registry order.
func modelNames() []Model {
	out := make([]Model, len(modelSpecs))
	for i, s := range modelSpecs {
		out[i] = s.Name
	}
	return out
}

// ModelList is the registered models' names joined by ", ", for the help
// texts of --model ("market, mean, market-adjusted, ff3, carhart, ff5"),
// so that a new model file shows up there too.
func ModelList() string { return modelList(false, ", ") }

// FactorModelList is the names of the Excess models, those that read
// --factors, joined by sep ("ff3, carhart, ff5" with ", ").
func FactorModelList(sep string) string { return modelList(true, sep) }

func modelList(excessOnly bool, sep string) string {
	var names []string
	for _, s := range modelSpecs {
		if s.Excess || !excessOnly {
			names = append(names, string(s.Name))
		}
	}
	return strings.Join(names, sep)
}

// Spec returns m's description, and false when m is not a registered model.
// The registry is short, so a scan costs less than a map lookup.
func (m Model) Spec() (*ModelSpec, bool) {
	for _, s := range modelSpecs {
		if s.Name == m {
			return s, true
		}
	}
	return nil, false
}

// Factors returns the regressors f_1..f_k a model uses, in order (the
// market return is named "market"; market-adjusted's imposed regressor
// too); nil for mean or an unknown model.
func (m Model) Factors() []string {
	if s, ok := m.Spec(); ok {
		return s.Regressors
	}
	return nil
}

// Excess reports whether the model explains excess returns R - RF.
func (m Model) Excess() bool {
	s, ok := m.Spec()
	return ok && s.Excess
}

// UsesMarket reports whether the model's first regressor is the market
// return, which the caller supplies as EventInput.X[0].
func (m Model) UsesMarket() bool {
	s, ok := m.Spec()
	return ok && !s.Excess && len(s.Regressors) > 0
}

// Conditional reports whether the model has a conditional error variance
// (garch, egarch): SAR_τ divides by σ_τ and Var(CAR) is Σσ²_τ.
func (m Model) Conditional() bool {
	s, ok := m.Spec()
	return ok && s.Variance != ""
}

// k is the number of regressors besides the intercept.
func (s *ModelSpec) k() int { return len(s.Regressors) }

// params is the number of estimated coefficients that the residual df
// subtracts: k+1 for OLS; 1 for an imposed model, whose σ² is a sample
// variance around the mean (3.3).
func (s *ModelSpec) params() int {
	if !s.Estimated {
		return 1
	}
	return s.k() + 1
}
