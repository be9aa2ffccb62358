package grouptest

import (
	"slices"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// Test is one group test of the battery: its id (the --tests value and
// tests.csv's test column), what it is, the paper it comes from, the section of
// docs/methodology.md that specifies it, what it needs prepared once per
// group, and the function that computes its row for one window.
type Test struct {
	ID      string
	Name    string // README.md's test table's "test" column
	Source  string // as README.md's test table cites it (TestReadmeTestTable)
	Section string // docs/methodology.md
	needs   need
	run     func(*group) results.TestRow
}

// need is what prepare computes once per group, for every window, on
// behalf of a test.
type need uint8

const (
	needShares  need = 1 << iota // each event's share of positive residuals (gen_sign)
	needKP                       // residual moments and pair correlations (kp_*)
	needOrder                    // sorted estimation SARs (the rank tests)
	needCorrado                  // corrado's ranks on the grid
	needMCap                     // market caps: no row for a group without any (vw_caar, dollar)
	needAbsRank                  // each event day's count among the squared estimation SARs (avol_rank; with needOrder)
)

// Registry lists every group test in the order rows are written
// (docs/methodology.md 6.0). Run order, the --tests ids and README.md's
// test table follow it.
var Registry = []Test{
	{"cs_t", "cross-sectional t", "Brown & Warner (1985)", "6.2", 0, (*group).csT},
	{"bw_cda", "crude dependence adjustment (time-series t)", "Brown & Warner (1980, 1985)", "6.3", 0, (*group).bwCDA},
	{"patell", "standardized-residual Z", "Patell (1976)", "6.4", 0, (*group).patell},
	{"bmp", "standardized cross-sectional t", "Boehmer, Musumeci & Poulsen (1991)", "6.5", 0, (*group).bmp},
	{"kp_patell", "Patell Z adjusted for cross-correlation", "Kolari & Pynnönen (2010)", "6.6", needKP, (*group).kpPatell},
	{"kp_bmp", "BMP t adjusted for cross-correlation", "Kolari & Pynnönen (2010)", "6.6", needKP, (*group).kpBMP},
	{"corrado", "rank test", "Corrado (1989); multi-day: Cowan (1992), Campbell & Wasley (1993)", "6.7", needOrder | needCorrado, (*group).corrado},
	{"corrado_zivney", "rank test on re-standardized SARs", "Corrado & Zivney (1992)", "6.7", needOrder, (*group).corradoZivney},
	{"grank_t", "generalized rank test, t form", "Kolari & Pynnönen (2011)", "6.8", needOrder, (*group).grankT},
	{"grank_z", "generalized rank test, Z form", "Kolari & Pynnönen (2011)", "6.8", needOrder, (*group).grankZ},
	{"sign", "sign test (exact binomial for N ≤ 50)", "—", "6.9", 0, (*group).sign},
	{"gen_sign", "generalized sign test", "Cowan (1992)", "6.10", needShares, (*group).genSign},
	{"wilcoxon", "signed-rank test (exact over midranks for n ≤ 50)", "Wilcoxon (1945)", "6.11", 0, (*group).wilcoxon},
	{"skew_t", "skewness-adjusted t for BHAR", "Lyon, Barber & Tsai (1999)", "6.13", 0, (*group).skewT},
	{"avol_u", "abnormal volatility: χ² aggregate of Beaver's U", "Beaver (1968)", "6.15", 0, (*group).avolU},
	{"avol_rank", "abnormal volatility: rank test of squared SARs", "Mann & Whitney (1947)", "6.15", needOrder | needAbsRank, (*group).avolRank},
	{"vw_caar", "value-weighted CAAR, Z from the events' CAR variances", "Campbell, Lo & MacKinlay (1997) §4.4", "6.16", needMCap, (*group).vwCAAR},
	{"dollar", "total dollar CAR, standardized value-weighted t", "Boehmer, Musumeci & Poulsen (1991)", "6.16", needMCap, (*group).dollar},
	{"wild_boot", "wild bootstrap of the CAAR t (--bootstrap B)", "Wu (1986); Liu (1988); Mammen (1993)", "6.18", 0, (*group).wildBoot},
	{"skew_t_boot", "bootstrapped skewness-adjusted t for BHAR (--bootstrap B)", "Lyon, Barber & Tsai (1999)", "6.19", 0, (*group).skewTBoot},
	{"perm", "sign-flip randomization test of the CARs (--bootstrap B)", "Fisher (1935); Pitman (1937)", "6.20", 0, (*group).perm},
	{"savickas", "GARCH-adjusted standardized cross-sectional t", "Savickas (2003)", "6.21", 0, (*group).savickas},
}

// conditionalOnly are the tests in the default set only for a model with
// a conditional variance (garch, egarch): for the others savickas is BMP
// with --car-var simple, which adds nothing to the default battery (it
// runs when --tests names it).
var conditionalOnly = []string{"savickas"}

// All lists every test id in Registry order.
var All = ids(Registry)

func ids(reg []Test) []string {
	out := make([]string, len(reg))
	for i, t := range reg {
		out[i] = t.ID
	}
	return out
}

// Default returns the default test set: every id but the resampling tests
// (analysis.ResamplingTests), which run only with --bootstrap B, and
// conditionalOnly, which join for garch and egarch (DefaultFor).
// docs/methodology.md 6.12 recommends corrado/corrado_zivney for one-day
// windows and grank for CAR windows, but every test is defined for every
// window, so all are computed and the reader picks; rows below a test's
// minimum size carry only n and estimate.
func Default() []string {
	return slices.DeleteFunc(slices.Clone(All), func(id string) bool {
		return slices.Contains(analysis.ResamplingTests, id) || slices.Contains(conditionalOnly, id)
	})
}

// DefaultFor is the default test set of cfg: Default, plus the resampling
// tests with --bootstrap B > 0 and savickas for garch and egarch.
func DefaultFor(cfg analysis.Config) []string {
	return slices.DeleteFunc(slices.Clone(All), func(id string) bool {
		switch {
		case slices.Contains(analysis.ResamplingTests, id):
			return cfg.Bootstrap <= 0
		case slices.Contains(conditionalOnly, id):
			return !cfg.Model.Conditional()
		}
		return false
	})
}

// Valid reports whether id is a known test id.
func Valid(id string) bool { return lookup(id) != nil }

// lookup returns id's entry of Registry, nil if there is none.
func lookup(id string) *Test {
	for i := range Registry {
		if Registry[i].ID == id {
			return &Registry[i]
		}
	}
	return nil
}

// needsOf is what the tests ids need prepared (unknown ids need nothing).
func needsOf(ids []string) need {
	var n need
	for _, id := range ids {
		if t := lookup(id); t != nil {
			n |= t.needs
		}
	}
	return n
}
