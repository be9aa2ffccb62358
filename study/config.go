// Package study runs a whole event study: it reads the inputs, anchors
// every event, estimates the normal-return model per event, and collects the
// single-event and group results into a results.Set (docs/design.md's flow:
// events.Load, prices.Load → calendar → events.Anchor → analysis.Estimate →
// tests → results).
//
// The files follow the run: config.go (Study, its defaults and Validate;
// settings.go the settings table), load.go (the inputs: market, calendar,
// panel, factors), pipeline.go (Run and its steps: anchor → align →
// estimate, peer portfolios included → single-event tables → primary sets
// → group tests beside the comparison → ar.csv → manifest), then one file per step's
// helpers: returns.go (aligned returns), estimate.go, peers.go, rows.go
// (events.csv and prices.csv rows), regression.go, compare.go.
package study

import (
	"errors"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"os"
	"slices"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/analysis/regression"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// Study is everything that defines one run: inputs and settings. The zero
// value is not useful; start from Default.
type Study struct {
	Events      string   // events file
	Prices      string   // price directory or file
	Market      string   // market ticker in the price data, or a path to a price file
	Factors     []string // Kenneth French daily files (factor models)
	DateFormat  dates.DateFormat
	Decimal     prices.Decimal // decimal separator of the price files ("" = detect)
	PriceColumn string
	// Covariates names the events file's extra columns the cross-sectional
	// regression uses; nil means every numeric extra column.
	Covariates []string
	Anchor     events.Rule
	MaxShift   int // calendar days
	Gaps       Gaps
	Out        string
	Formats    []string
	// Figures are the formats of the static figures written into
	// Out/figures (--figures; package figures): nil writes none.
	Figures []string
	// Outputs names the tables written (results.OutputTables; nil: all);
	// Gzip writes the big ones as .csv.gz (results/outputs.go).
	Outputs []string
	Gzip    bool
	// NoReport leaves report.html out (--report=false); then the rows
	// only the report would read (ar.csv's, volatility.csv's and
	// stages.csv's when --outputs leaves those tables out) are not made.
	NoReport bool

	// MarketPriceColumn, when set, is the value column of a market file
	// (--market FILE) in place of PriceColumn: a Compustat firm file can
	// then go with a Yahoo market file.
	MarketPriceColumn string
	// ReturnsUnit is the unit of returns columns (--returns-unit); "" =
	// from the column name (a percent-like column is then an error).
	ReturnsUnit prices.ReturnsUnit
	// MarketReturnsUnit is the unit of a --market FILE's returns
	// (--market-returns-unit); "" = ReturnsUnit. An index's "change %"
	// export beside CRSP RET needs two units (marketUnit).
	MarketReturnsUnit prices.ReturnsUnit

	Analysis analysis.Config

	// Volume is where trading volume comes from (--volume): "auto" (the
	// price data's Volume column), "off", or a wide volume file.
	Volume      string
	VolumeModel string // --volume-model: analysis.VolumeMean or VolumeMarket

	PeersFile       string // --peers: firm,peer pairs for events without a peers cell
	MaskConfounding bool   // --mask-confounding: drop other events' windows from estimation
	// NoVolatility turns the abnormal-volatility outputs off (--volatility=false).
	NoVolatility bool

	SharesFile string // --shares: symbol,date,shares file (docs/methodology.md 6.16)
	SharesUnit string // --shares-unit: "", shares, thousands or millions

	// Regression is the cross-sectional regression (docs/methodology.md 7).
	Regression  Regression
	RFColumn    string // --rf-column: the factor file's risk-free column ("" RF or R_F, "none")
	FactorsUnit string // --factors-unit: "", percent or decimal (factor files not French's)
	// CalendarTime is the post-event horizon of the calendar-time
	// portfolios (--calendar-time; nil: none), CalendarFreq their period
	// (calendar.go).
	CalendarTime *analysis.Window
	CalendarFreq string
	// BHARReference is a return or price series the long-horizon BHARs
	// are also measured against (--bhar-reference; bhar.go).
	BHARReference string

	// Progress, when set, is told how far a long step has come ("estimating"
	// events, "testing" groups). It is called from several goroutines.
	Progress func(step string, done, total int)

	// Phase, when set, is called as each phase of the run begins ("load",
	// "align", "estimate", ...); bench/run.sh times the phases with it.
	Phase func(name string)

	// DisplayName maps an input path to the name written in the manifest
	// (the demo reports its embedded files, not a temp directory).
	DisplayName func(path string) string

	// Rerun is set for a study read from a manifest.json (rerun.go).
	Rerun *Rerun
}

// Default returns the documented defaults (docs/design.md "Defaults").
func Default() Study {
	return Study{
		Anchor:   events.RuleNext,
		MaxShift: events.DefaultMaxShift,
		Gaps:     GapsDrop,
		Formats:  []string{"csv"},
		Analysis: analysis.DefaultConfig(),

		Volume: VolumeAuto, VolumeModel: analysis.VolumeMean,

		Regression:   Regression{SE: regression.SEHC1, Cluster: ClusterNone},
		CalendarFreq: CalendarDaily,
	}
}

// Reason codes of per-event exclusions added by the pipeline (the
// anchoring and estimation reasons come from events and analysis).
const (
	ReasonNoPrices       = "no_prices"       // the firm is not in the price data
	ReasonNoMarket       = "no_market"       // the event's market series is missing
	ReasonGapInWindow    = "gap_in_window"   // no valid return on day 0
	ReasonInvalidPrices  = "invalid_prices"  // a price <= 0 or unreadable inside the event's windows
	ReasonSuspectedSplit = "suspected_split" // a split-like jump inside the event's windows
	ReasonStalePrices    = "stale_prices"    // a run of identical prices inside the event's windows
	ReasonNoFactors      = "no_factors"      // factor model without factor data over the event
	StatusOK             = "ok"
	StatusExcluded       = "excluded"
)

// Outcome is a run's result: the tables, and whether events were excluded
// (exit code 1 per docs/design.md).
type Outcome struct {
	Set      *results.Set
	Excluded int
	Log      []string                             // anchoring log, one line per event
	Detected []string                             // what was detected in the inputs, one line per input
	Groups   map[string][]*analysis.EventEstimate // primary estimates; Residual released (nil) after car.csv
	Compare  *compare.Tables                      // stages, peers, group differences, diagnostics
}

type eventState struct {
	ev     *events.Event
	anchor events.Anchor
	est    *analysis.EventEstimate
	status string
	reason string
	detail string
	mask   []int // calendar positions masked out of estimation (--mask-confounding)
	// warnings are the event's data-quality warnings (split-like jumps
	// kept), written to the manifest in file order after estimation.
	warnings []string
	// windows are the event's own windows (est_start, est_end, window
	// columns; eventwindows.go), nil for the study's.
	windows *ownWindows
}

// Validate checks settings that make a run meaningless before any file is
// read, and returns every problem found: the analysis settings
// (analysis.Config.Validate) and those that involve the inputs. It is the
// only validation of a study; the settings table (settings.go) only parses
// values.
func (s *Study) Validate() error {
	errs := []error{s.Analysis.Validate()}
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	switch {
	case s.Analysis.Model == analysis.ModelFactors && len(s.Factors) == 0:
		bad("model factors needs --factors FILE: a CSV of a date column and factor columns, or Kenneth French daily files")
	case s.Analysis.Model.Excess() && len(s.Factors) == 0:
		bad("model %s needs --factors (Kenneth French daily files)", s.Analysis.Model)
	}
	if _, err := prices.ParseReturnsUnit(string(s.ReturnsUnit)); err != nil {
		errs = append(errs, err)
	}
	if _, err := prices.ParseReturnsUnit(string(s.MarketReturnsUnit)); err != nil {
		bad("--market-returns-unit %q; use percent, decimal or log", s.MarketReturnsUnit)
	}
	if s.MarketReturnsUnit != "" && s.Market != "" && !looksLikePath(s.Market) {
		bad("--market-returns-unit %s needs --market FILE; the market %q is a series of --prices, whose unit is --returns-unit's", s.MarketReturnsUnit, s.Market)
	}
	if s.MarketPriceColumn != "" && s.Market != "" && !looksLikePath(s.Market) {
		bad("--market-price-column %q needs --market FILE; the market %q is a series of --prices, read with --price-column", s.MarketPriceColumn, s.Market)
	}
	if err := s.Regression.validate(s.Covariates); err != nil {
		errs = append(errs, err)
	}
	if s.Gaps != "" && !slices.Contains(GapPolicies, s.Gaps) {
		bad("--gaps %s is not implemented; use drop (the default) or trade-to-trade (docs/methodology.md 1.3)", s.Gaps)
	}
	if s.Gaps == GapsTradeToTrade && !tradeToTradeModel(s.Analysis.Model) {
		bad("--gaps trade-to-trade works with the models market, mean, market-adjusted and the factor models, not %s (its lags or variance need daily returns); use --gaps drop", s.Analysis.Model)
	}
	for _, o := range []struct{ flag, path string }{{"--prices", s.Prices}, {"--market", s.Market}} {
		if sameFile(s.Events, o.path) {
			bad("--events and %s name the same file, %s; give the events (firm and date per row) as --events and the prices as %s", o.flag, s.Events, o.flag)
		}
	}
	errs = append(errs, s.validateCalendar())
	return errors.Join(errs...)
}

// sameFile reports whether a and b name one regular file. A price file
// given as the events file too was read as an event on every row: 200,000
// price rows of 41 firms made that many events, each with hundreds of
// confounding neighbours, and the run ran out of memory instead of
// saying what was wrong.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	fa, err := os.Stat(a)
	if err != nil || !fa.Mode().IsRegular() {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// covariates turns the covariates setting into events.Options.Covariates:
// nil (every numeric extra column) and a list of names pass as they are;
// "none" (no regression at all) becomes an empty, non-nil list.
func covariates(c []string) []string {
	if len(c) == 1 && strings.EqualFold(c[0], "none") {
		return []string{}
	}
	return c
}

// marketUnit is the unit of a --market FILE's returns and the flag it came
// from: --market-returns-unit, else --returns-unit's (so a study without
// the new flag reads its market file as before).
func (s *Study) marketUnit() (prices.ReturnsUnit, string) {
	if s.MarketReturnsUnit != "" {
		return s.MarketReturnsUnit, "--market-returns-unit"
	}
	return s.ReturnsUnit, "--returns-unit"
}

// makes reports whether a run makes the rows of table (an --outputs
// name; only "ar", "volatility" and "stages" are ever skipped): the table
// is written, or report.html reads every table, or the figures read
// ar.csv's rows, or comparison.md gathers the comparison tables. The
// rows of a table nothing reads are not made: at 100,000 events ar.csv's
// alone are 320 MB and 0.8 s of CPU.
func (s *Study) makes(table string) bool {
	switch {
	case !s.NoReport || results.AnySelected(s.Outputs, table):
		return true
	case table == "ar":
		return len(s.Figures) > 0
	case table == "stages":
		return results.AnySelected(s.Outputs, results.ComparisonTables...)
	}
	return false
}

func (s *Study) phase(name string) {
	if s.Phase != nil {
		s.Phase(name)
	}
}

func (st *eventState) exclude(reason, detail string) {
	st.status, st.reason, st.detail = StatusExcluded, reason, detail
}

func looksLikePath(s string) bool {
	return strings.ContainsAny(s, "/\\") || strings.HasSuffix(strings.ToLower(s), ".csv")
}
