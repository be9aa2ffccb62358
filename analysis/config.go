package analysis

import (
	"errors"
	"fmt"
	"slices"
)

// Config holds the methodological settings of a study (docs/design.md defaults,
// docs/methodology.md section 12 options).
type Config struct {
	Model         Model
	LogReturns    bool      // --returns log
	Estimation    Window    // --estimation, default -260,-11
	EventWindow   Window    // --window, default -10,10
	CARWindows    []Window  // --car, default the eight standard windows
	MinEst        int       // --min-est, default 120
	CARVar        CARVar    // --car-var, default exact
	BHARBenchmark Benchmark // --bhar-benchmark, default market
	MultiDay      MultiDay  // --multi-day, default scar
	KPRbar        KPRbar    // --kp-rbar, default calendar
	KPMinShared   int       // default 30
	PrimaryStage  string    // "" = earliest day 0
	Tests         []string  // test ids; nil = default set
	// Level is the coverage of every confidence interval and band (--level,
	// default 0.95; docs/choices.md "Confidence level"): estimate ±
	// Critical(Level, dist, df)·se.
	Level float64

	// Resampling tests and multiple testing (docs/methodology.md 6.17, 6.18).
	Bootstrap   int         // --bootstrap B resamples; 0 = off (no wild_boot, skew_t_boot, perm)
	Seed        uint64      // --seed of every resampling stream, default 1
	BootWeights BootWeights // --bootstrap-weights of wild_boot, default rademacher
	MTFamily    MTFamily    // --mt-family of p_holm and p_bh, default group
	// BootKey names the group whose tests run (set by the study, not a
	// setting): each (group, window, test) draws from its own stream.
	BootKey string
	// DimsonLags and DimsonLeads are the lagged and leading market
	// returns of market-dimson (--dimson-lags, --dimson-leads; default 1).
	DimsonLags, DimsonLeads int
	// FactorColumns are the regressors of --model factors: the factor
	// file's columns but the risk-free rate, in order (set by the study
	// from the file; model_factors.go).
	FactorColumns []string
	GarchDist     GarchDist // --garch-dist (garch, egarch), default normal
}

// DefaultCARWindows are docs/design.md's reported windows.
var DefaultCARWindows = []Window{{0, 0}, {0, 1}, {-1, 1}, {-2, 2}, {0, 5}, {-5, 5}, {0, 10}, {-10, 10}}

// DefaultConfig returns the documented defaults.
func DefaultConfig() Config {
	return Config{
		Model:         ModelMarket,
		Estimation:    Window{-260, -11},
		EventWindow:   Window{-10, 10},
		CARWindows:    append([]Window(nil), DefaultCARWindows...),
		MinEst:        120,
		CARVar:        CARVarExact,
		BHARBenchmark: BenchmarkMarket,
		MultiDay:      MultiDaySCAR,
		KPRbar:        KPRbarCalendar,
		KPMinShared:   30,
		Level:         DefaultLevel,
		Seed:          1,
		BootWeights:   BootRademacher,
		MTFamily:      MTGroup,
		DimsonLags:    1,
		DimsonLeads:   1,
		GarchDist:     GarchNormal,
	}
}

// Validate checks the windows and options of c (docs/methodology.md 2, 12) and
// returns every problem found, joined, or nil: the estimation window must
// end before the event window starts (no overlap, 2.2), the event window
// must contain day 0, every CAR window must lie inside the event window.
// It is the one check of these settings: study.Study.Validate calls it.
//
// MinEst only has to be a count (>= 0): whatever its value, Estimate also
// needs residual df above 2 (docs/methodology.md 2, "In the code"), so a value
// below the model's parameters + 3 changes nothing. An option left ""
// is its default (see options.go).
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if _, ok := c.Model.Spec(); !ok {
		bad("unknown model %q; use %s", c.Model, OrList(Models))
	}
	if c.Estimation.T1 > c.Estimation.T2 {
		bad("estimation window %s: first day is after the last", c.Estimation)
	}
	if c.EventWindow.T1 > 0 || c.EventWindow.T2 < 0 {
		bad("event window %s must contain day 0, e.g. --window -10,10", c.EventWindow)
	}
	if c.Estimation.T2 >= c.EventWindow.T1 {
		bad("estimation window %s overlaps or follows the event window %s; end the estimation window before the event window starts (e.g. --estimation -260,-11 with --window -10,10)", c.Estimation, c.EventWindow)
	}
	for _, w := range c.CARWindows {
		if !c.EventWindow.Contains(w) || w.T1 > w.T2 {
			bad("CAR window %s lies outside the event window %s; widen --window or drop the --car", w, c.EventWindow)
		}
	}
	if c.MinEst < 0 {
		bad("--min-est %d: want a non-negative number of estimation returns", c.MinEst)
	}
	if !valid(c.CARVar, CARVars) {
		bad("--car-var %q; use %s", c.CARVar, OrList(CARVars))
	}
	if !valid(c.BHARBenchmark, Benchmarks) {
		bad("--bhar-benchmark %q; use %s", c.BHARBenchmark, OrList(Benchmarks))
	}
	if !valid(c.MultiDay, MultiDays) {
		bad("--multi-day %q; use %s", c.MultiDay, OrList(MultiDays))
	}
	if !valid(c.KPRbar, KPRbars) {
		bad("--kp-rbar %q; use %s", c.KPRbar, OrList(KPRbars))
	}
	if !(c.Level > 0 && c.Level < 1) {
		bad("--level %v: want a confidence level between 0 and 1 (exclusive), e.g. 0.95 or 0.90", c.Level)
	}
	if c.Bootstrap < 0 {
		bad("--bootstrap %d: want 0 (off) or a number of resamples, e.g. 999", c.Bootstrap)
	}
	if !valid(c.BootWeights, BootWeightsList) {
		bad("--bootstrap-weights %q; use %s", c.BootWeights, OrList(BootWeightsList))
	}
	if !valid(c.MTFamily, MTFamilies) {
		bad("--mt-family %q; use %s", c.MTFamily, OrList(MTFamilies))
	}
	if c.Bootstrap == 0 {
		for _, id := range c.Tests {
			if slices.Contains(ResamplingTests, id) {
				bad("test %s resamples: give --bootstrap B (e.g. --bootstrap 999) or leave it out of --tests", id)
			}
		}
	}
	if c.DimsonLags < 0 || c.DimsonLeads < 0 {
		bad("--dimson-lags %d --dimson-leads %d: want non-negative numbers of days, e.g. 1 and 1", c.DimsonLags, c.DimsonLeads)
	}
	if !valid(c.GarchDist, GarchDists) {
		bad("--garch-dist %q; use %s", c.GarchDist, OrList(GarchDists))
	}
	return errors.Join(errs...)
}
