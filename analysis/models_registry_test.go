package analysis

import (
	"slices"
	"testing"
)

// TestModelSpecs: every registered model's spec, as the estimator and the
// study's loader read it (regressors and so events.csv's beta columns,
// excess returns, market input, parameters that df subtracts).
func TestModelSpecs(t *testing.T) {
	cases := []struct {
		model      Model
		regressors []string
		excess     bool
		market     bool
		estimated  bool
		params     int
		section    string
	}{
		{ModelMarket, []string{"market"}, false, true, true, 2, "3.4"},
		{ModelMarketSW, []string{"market"}, false, true, true, 2, "15.2"},
		{ModelMarketDimson, []string{"market"}, false, true, true, 2, "15.3"},
		{ModelMean, nil, false, false, true, 1, "3.2"},
		{ModelMarketAdjusted, []string{"market"}, false, true, false, 1, "3.3"},
		{ModelFactors, nil, true, false, true, 1, "15.4"},
		{ModelFF3, []string{"Mkt-RF", "SMB", "HML"}, true, false, true, 4, "3.5"},
		{ModelCarhart, []string{"Mkt-RF", "SMB", "HML", "Mom"}, true, false, true, 5, "3.5"},
		{ModelFF5, []string{"Mkt-RF", "SMB", "HML", "RMW", "CMA"}, true, false, true, 6, "3.5"},
		{ModelGARCH, []string{"market"}, false, true, true, 2, "3.7"},
		{ModelEGARCH, []string{"market"}, false, true, true, 2, "3.7"},
	}
	for _, c := range cases {
		t.Run(string(c.model), func(t *testing.T) {
			s, ok := c.model.Spec()
			if !ok {
				t.Fatalf("%s not registered", c.model)
			}
			if s.Name != c.model || !slices.Equal(c.model.Factors(), c.regressors) ||
				c.model.Excess() != c.excess || c.model.UsesMarket() != c.market ||
				s.Estimated != c.estimated || s.params() != c.params || s.Section != c.section {
				t.Errorf("spec %+v: Factors %v Excess %v UsesMarket %v params %d",
					*s, c.model.Factors(), c.model.Excess(), c.model.UsesMarket(), s.params())
			}
		})
	}
	// The registry is the list --model accepts, in the help's order, the
	// default first.
	want := []Model{ModelMarket, ModelMarketSW, ModelMarketDimson, ModelMean, ModelMarketAdjusted, ModelFactors, ModelFF3, ModelCarhart, ModelFF5, ModelGARCH, ModelEGARCH}
	if !slices.Equal(Models, want) || DefaultConfig().Model != Models[0] {
		t.Errorf("Models = %v, want %v", Models, want)
	}
}

// TestUnknownModel: a name outside the registry has no spec, no factors,
// and is neither excess nor market-based; Validate and Estimate refuse it.
func TestUnknownModel(t *testing.T) {
	for _, m := range []Model{"", "capm", "Market"} {
		t.Run("name="+string(m), func(t *testing.T) {
			if s, ok := m.Spec(); ok || s != nil || m.Factors() != nil || m.Excess() || m.UsesMarket() {
				t.Errorf("%q: spec %v %v", m, s, ok)
			}
			cfg := DefaultConfig()
			cfg.Model = m
			if cfg.Validate() == nil {
				t.Errorf("Validate accepted model %q", m)
			}
			if _, reason := Estimate(&EventInput{}, cfg); reason != ReasonUnknownModel {
				t.Errorf("Estimate reason %q, want %q", reason, ReasonUnknownModel)
			}
		})
	}
}

// TestModelLists: the help texts' lists of models follow the registry.
func TestModelLists(t *testing.T) {
	cases := []struct{ name, got, want string }{
		{"all", ModelList(), "market, market-sw, market-dimson, mean, market-adjusted, factors, ff3, carhart, ff5, garch, egarch"},
		{"factor models, comma", FactorModelList(", "), "factors, ff3, carhart, ff5"},
		{"factor models, slash", FactorModelList("/"), "factors/ff3/carhart/ff5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
}
