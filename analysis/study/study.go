// Package study runs a whole event study: it reads the inputs, anchors
// every event, estimates the normal-return model per event, and collects the
// single-event and group results into a results.Set (DESIGN.md's flow:
// events.Load, prices.Load → calendar → events.Anchor → analysis.Estimate →
// tests → results).
package study

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/analysis/results"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/prices"
)

// Study is everything that defines one run: inputs and settings. The zero
// value is not useful; start from Default.
type Study struct {
	Events      string   // events file
	Prices      string   // price directory or file
	Market      string   // market ticker in the price data, or a path to a price file
	Factors     []string // Kenneth French daily files (factor models)
	DateFormat  prices.DateFormat
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

	// MarketPriceColumn, when set, is the value column of a market file
	// (--market FILE) in place of PriceColumn: a Compustat firm file can
	// then go with a Yahoo market file.
	MarketPriceColumn string
	// ReturnsUnit is the unit of returns columns (--returns-unit); "" =
	// from the column name (a percent-like column is then an error).
	ReturnsUnit prices.ReturnsUnit

	Analysis analysis.Config

	PeersFile       string // --peers: firm,peer pairs for events without a peers cell
	MaskConfounding bool   // --mask-confounding: drop other events' windows from estimation

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

// Default returns the documented defaults (DESIGN.md "Defaults").
func Default() Study {
	return Study{
		Anchor:   events.RuleNext,
		MaxShift: events.DefaultMaxShift,
		Gaps:     GapsDrop,
		Formats:  []string{"csv"},
		Analysis: analysis.DefaultConfig(),
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
// (exit code 1 per DESIGN.md).
type Outcome struct {
	Set      *results.Set
	Excluded int
	Log      []string // anchoring log, one line per event
	Detected []string // what was detected in the inputs, one line per input
	Groups   map[string][]*analysis.EventEstimate
	Compare  *compare.Tables // stages, peers, group differences, diagnostics
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
}

// Validate checks settings that make a run meaningless before any file is
// read, and returns every problem found: the analysis settings
// (analysis.Config.Validate) and those that involve the inputs. It is the
// only validation of a study; the settings table (settings.go) only parses
// values.
func (s *Study) Validate() error {
	errs := []error{s.Analysis.Validate()}
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if s.Analysis.Model.Excess() && len(s.Factors) == 0 {
		bad("model %s needs --factors (Kenneth French daily files)", s.Analysis.Model)
	}
	if _, err := prices.ParseReturnsUnit(string(s.ReturnsUnit)); err != nil {
		errs = append(errs, err)
	}
	if s.MarketPriceColumn != "" && s.Market != "" && !looksLikePath(s.Market) {
		bad("--market-price-column %q needs --market FILE; the market %q is a series of --prices, read with --price-column", s.MarketPriceColumn, s.Market)
	}
	if s.Gaps != "" && s.Gaps != GapsDrop {
		bad("--gaps %s is not implemented; only drop (the default, METHODOLOGY.md 1.3) is", s.Gaps)
	}
	return errors.Join(errs...)
}

// Run performs the study. A returned error means bad input or settings
// (exit 2, nothing written); per-event problems are exclusions in the
// outcome.
func Run(s Study) (*Outcome, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	s.phase("events")
	evf, err := events.LoadWith(s.Events, events.Options{DateFormat: s.DateFormat, Covariates: covariates(s.Covariates)})
	if err != nil {
		return nil, err
	}
	if err := applyPeers(&s, evf); err != nil {
		return nil, err
	}
	s.phase("prices")
	in, err := loadInputs(&s, evf)
	if err != nil {
		return nil, err
	}
	return analyse(&s, evf, in), nil
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

func (s *Study) phase(name string) {
	if s.Phase != nil {
		s.Phase(name)
	}
}

// inputs are the loaded price data around the events.
type inputs struct {
	panel      *prices.Panel
	marketName string
	market     *prices.Series
	cal        *prices.Calendar
	factors    *prices.Factors
	files      []results.InputFile
	detected   []string
	series     map[string]*returnSeries // aligned returns of every symbol used
	// anchors are the events' anchors on cal when they were needed before
	// the panel was read (a market file: the data ranges); nil otherwise.
	anchors []events.Anchor

	positionsOnce sync.Once
	allPositions  []int

	dateFormat  prices.DateFormat // for a second read of a file (split checks)
	companionOf map[fileCol2]*prices.Series

	// alias maps each wanted name to the panel's symbol for it
	// (symbols.go); matchNotes are the matches that are not exact.
	alias      map[string]string
	matchNotes []string
}

// symbol is the panel's symbol for a wanted name ("" when none).
func (in *inputs) symbol(name string) string {
	return in.alias[name]
}

// positions returns 0, 1, ..., cal.Len()-1, one array for every event.
func (in *inputs) positions() []int {
	in.positionsOnce.Do(func() {
		in.allPositions = make([]int, in.cal.Len())
		for i := range in.allPositions {
			in.allPositions[i] = i
		}
	})
	return in.allPositions
}

func loadInputs(s *Study, evf *events.File) (*inputs, error) {
	want := map[string]bool{}
	for _, e := range evf.Events {
		want[e.Firm] = true
		if e.Market != "" {
			want[e.Market] = true
		}
		for _, p := range e.Peers {
			want[p] = true
		}
	}
	in := &inputs{dateFormat: s.DateFormat}
	marketIsFile := looksLikePath(s.Market)
	if !marketIsFile {
		want[s.Market] = true
	}
	if s.Prices == "" {
		return nil, fmt.Errorf("no price data; pass --prices DIR or FILE")
	}
	if s.Market == "" {
		return nil, fmt.Errorf("no market series; pass --market TICKER (a series in the price data) or --market FILE")
	}
	opt := prices.LoadOptions{DateFormat: s.DateFormat, Decimal: s.Decimal, PriceColumn: s.PriceColumn, ReturnsUnit: s.ReturnsUnit, Symbols: want}
	if s.Progress != nil {
		opt.Progress = func(done, total int64) {
			if total < readingProgressMin {
				return
			}
			mb, all := done>>20, total>>20
			if done < total {
				mb = max(min(mb, all-1), 0) // the bar ends once, at the last byte
			}
			s.Progress("reading MB", int(mb), int(all))
		}
	}
	// A market file gives the trading calendar before the panel is read:
	// then the panel keeps only the rows its events use (the rest is
	// checked and counted, not stored), which bounds the memory of a large
	// panel. Its errors wait until the panel's are reported.
	var mp *prices.Panel
	var mErr error
	var marketCal *prices.Calendar // the market file's calendar, when it has one
	if marketIsFile {
		mcol := s.PriceColumn
		if s.MarketPriceColumn != "" {
			mcol = s.MarketPriceColumn
		}
		mp, mErr = prices.Load(s.Market, prices.LoadOptions{DateFormat: s.DateFormat, Decimal: s.Decimal, PriceColumn: mcol, ReturnsUnit: s.ReturnsUnit})
		if mErr == nil && len(mp.Series) == 1 {
			for _, ser := range mp.Series {
				if cal, err := prices.MarketCalendar(ser); err == nil && cal.Len() >= 2 {
					states := anchorAll(s, evf, cal)
					opt.Keep, opt.KeepCalendar = keepRanges(dataRanges(states, s.Analysis, cal.Len()), cal), cal.Days
					marketCal = cal
					in.anchors = make([]events.Anchor, len(states))
					for i, st := range states {
						in.anchors[i] = st.anchor
					}
				}
			}
		}
	}
	// The manifest's SHA-256 of a price file is computed while the file is
	// parsed (a 273 MB panel takes 0.2 s to hash).
	pricesHash := startHash(s.Prices)
	panel, err := prices.Load(s.Prices, opt)
	if err != nil {
		return nil, err
	}
	in.panel = panel
	in.detected = append(in.detected, "prices: "+panel.Detail)
	if marketIsFile && mErr == nil && len(mp.Series) == 1 {
		for name, ser := range mp.Series {
			if _, clash := panel.Series[name]; !clash {
				panel.Series[name] = ser
			}
		}
	}
	if in.alias, in.matchNotes, err = matchSymbols(panel, symbolRoles(s, evf, marketIsFile), s.Prices); err != nil {
		return nil, err
	}
	if len(in.matchNotes) > 0 {
		in.detected = append(in.detected, matchLine(in.matchNotes))
	}
	if marketIsFile {
		if mErr != nil {
			return nil, mErr
		}
		if len(mp.Series) != 1 {
			return nil, fmt.Errorf("%s: market file holds %d series; give one series or name the market ticker with --market", s.Market, len(mp.Series))
		}
		for name, ser := range mp.Series {
			in.marketName, in.market = name, ser
			in.alias[name] = name
		}
		in.detected = append(in.detected, "market: "+mp.Detail)
		in.files = append(in.files, hashFiles(s, "market", mp.Files, mp.Detail)...)
	} else {
		in.marketName = s.Market
		in.market = panel.Series[in.symbol(s.Market)]
		if in.market == nil {
			return nil, fmt.Errorf("%s: market series %q not found; name a ticker present in the price data (found %s) or pass --market FILE%s", s.Prices, s.Market, nameList(panel.Names), nearestIfMany(s.Market, panel.Names))
		}
	}
	// The market file's calendar (and the anchors on it) serve again; a
	// market named in the panel gives its calendar now.
	cal := marketCal
	if cal == nil {
		if cal, err = prices.MarketCalendar(in.market); err != nil {
			return nil, fmt.Errorf("market series %s: %v", in.marketName, err)
		}
		if cal.Len() < 2 {
			return nil, fmt.Errorf("market series %s has %d valid days; the trading calendar needs more", in.marketName, cal.Len())
		}
	}
	in.cal = cal
	in.files = append(in.files, hashFiles(s, "events", []string{s.Events}, evf.Detail())...)
	in.detected = append([]string{"events: " + evf.Detail()}, in.detected...)
	in.files = append(in.files, pricesHash.files(s, "prices", panel.Files, panel.Detail)...)
	if s.Analysis.Model.Excess() {
		f, err := prices.LoadFrench(s.Factors...)
		if err != nil {
			return nil, err
		}
		for _, name := range s.Analysis.Model.Factors() {
			if _, ok := f.Column(name); !ok {
				return nil, fmt.Errorf("%s: factor %s not found (have %s); model %s needs it", strings.Join(s.Factors, ", "), name, strings.Join(f.Names, ", "), s.Analysis.Model)
			}
		}
		in.factors = f
		in.files = append(in.files, hashFiles(s, "factors", f.Files, strings.Join(f.Names, ","))...)
		in.detected = append(in.detected, fmt.Sprintf("factors: %s (%s .. %s)", strings.Join(f.Names, ", "), f.Dates[0], f.Dates[len(f.Dates)-1]))
	}
	return in, nil
}

// anchorAll anchors every event on cal as analyse does (for the data
// ranges, before the panel is read).
func anchorAll(s *Study, evf *events.File, cal *prices.Calendar) []*eventState {
	states := make([]*eventState, len(evf.Events))
	for i := range evf.Events {
		ev := &evf.Events[i]
		states[i] = &eventState{ev: ev, anchor: events.AnchorEvent(ev, cal, s.Anchor, s.MaxShift)}
	}
	return states
}

func looksLikePath(s string) bool {
	return strings.ContainsAny(s, "/\\") || strings.HasSuffix(strings.ToLower(s), ".csv")
}

// nameList lists the names of the series the price data holds, read or
// not (a directory's files are filtered before they are read, so the
// series read would say "none" while GSPC.csv sits there).
func nameList(syms []string) string {
	if len(syms) > 10 {
		return strings.Join(syms[:10], ", ") + fmt.Sprintf(" and %d more", len(syms)-10)
	}
	if len(syms) == 0 {
		return "none"
	}
	return strings.Join(syms, ", ")
}

// analyse runs everything after loading; it cannot fail: every problem is a
// per-event exclusion or a warning.
// nearestIfMany adds the nearest names when nameList cut the list.
func nearestIfMany(want string, names []string) string {
	if len(names) <= 10 {
		return ""
	}
	return "; " + nearestNames(want, names)
}

func analyse(s *Study, evf *events.File, in *inputs) *Outcome {
	cfg := s.Analysis
	out := &Outcome{Groups: map[string][]*analysis.EventEstimate{}}
	set := &results.Set{}
	var warnings []results.Warning
	warn := warnTo(&warnings)
	for _, n := range in.panel.Notes {
		warn("", "prices_note", displayText(s, n))
	}
	for _, n := range in.matchNotes {
		warn("", "symbol_match", displayText(s, n))
	}
	if in.factors != nil {
		for _, n := range in.factors.Notes {
			warn("", "factors_note", displayText(s, n))
		}
	}

	var facCols [][]float64
	var rf []float64
	if in.factors != nil {
		for _, name := range cfg.Model.Factors() {
			facCols = append(facCols, in.factors.AlignTo(in.cal, name))
		}
		if _, ok := in.factors.Column("RF"); ok {
			rf = in.factors.AlignTo(in.cal, "RF")
		}
	}

	// Anchor every event (cheap, sequential: the log keeps file order).
	states := make([]*eventState, len(evf.Events))
	needed := map[string]bool{in.marketName: true}
	for i := range evf.Events {
		ev := &evf.Events[i]
		st := &eventState{ev: ev, status: StatusOK}
		states[i] = st
		if in.anchors != nil {
			st.anchor = in.anchors[i]
		} else {
			st.anchor = events.AnchorEvent(ev, in.cal, s.Anchor, s.MaxShift)
		}
		out.Log = append(out.Log, st.anchor.Log)
		if st.anchor.Warning != "" {
			warn(ev.ID, "anchoring", st.anchor.Warning)
		}
		if st.anchor.Reason != "" {
			st.exclude(st.anchor.Reason, st.anchor.Log)
			continue
		}
		needed[ev.Firm] = true
		if ev.Market != "" {
			needed[ev.Market] = true
		}
	}
	addPeerSymbols(needed, states)
	markConfounding(s, states)
	s.phase("align")
	series := alignAll(in.panel, in.symbol, in.cal, needed, dataRanges(states, cfg, in.cal.Len()), cfg.LogReturns)
	in.series = series
	in.loadCompanions(series)
	for _, sym := range sortedKeys(series) {
		// The market's own off-calendar dates are its invalid rows, which
		// the price notes already report.
		if n := series[sym].OffCalendar; n > 0 && sym != in.marketName {
			warn("", "off_calendar", fmt.Sprintf("%s: %d dates are not trading days of the market series %s; their prices are ignored", sym, n, in.marketName))
		}
	}

	// Estimate every anchored event, in parallel; each worker writes only
	// its own event's state.
	s.phase("estimate")
	var estimated atomic.Int64
	parallel.For(len(states), func(i int) {
		st := states[i]
		if s.Progress != nil {
			defer func() { s.Progress("estimating", int(estimated.Add(1)), len(states)) }()
		}
		if st.status != StatusOK {
			return
		}
		estimateEvent(s, st, i, in, series, facCols, rf)
	})
	// Single-event tables, computed per event in parallel straight into
	// their place in the big tables (file order): ar.csv has len(AR) rows
	// per estimated event and car.csv one per window, so every event's
	// offset is known before any row is made. Joining per-event slices
	// afterwards copied 30 MB on one core.
	s.phase("single-event tables")
	arAt, carAt := make([]int, len(states)+1), make([]int, len(states)+1)
	arAt[0], carAt[0] = len(set.AR), len(set.CAR)
	for i, st := range states {
		arAt[i+1], carAt[i+1] = arAt[i], carAt[i]
		if st.status == StatusOK {
			if st.est != nil {
				arAt[i+1] += len(st.est.AR)
			}
			carAt[i+1] += len(cfg.CARWindows)
		}
	}
	set.AR = append(make([]results.ARRow, 0, arAt[len(states)]), set.AR...)[:arAt[len(states)]]
	set.CAR = append(make([]results.CARRow, 0, carAt[len(states)]), set.CAR...)[:carAt[len(states)]]
	rows := make([]results.EventRow, len(states))
	priceRowsOf := make([][]results.PriceRow, len(states))
	charted := chartedEvents(states)
	parallel.For(len(states), func(i int) {
		st := states[i]
		rows[i] = eventRow(st, cfg, in.cal)
		rows[i].Attributes = attributes(evf, st.ev.Attributes)
		if st.status != StatusOK {
			return
		}
		if st.est != nil {
			analysis.ARRowsTo(set.AR[arAt[i]:arAt[i+1]], st.est, in.cal.Days)
		}
		analysis.SingleEventRows(set.CAR[carAt[i]:carAt[i+1]], st.est, cfg.CARWindows, cfg)
		if charted[i] {
			priceRowsOf[i] = priceRows(st, series[st.ev.Firm], series[marketOf(st, in)], in.cal, cfg)
		}
	})
	releaseSeries(series, states, in.marketName)
	set.Events = append(set.Events, rows...)
	for i, st := range states {
		for _, w := range st.warnings {
			warn(st.ev.ID, ReasonSuspectedSplit, w)
		}
		if st.status != StatusOK {
			out.Excluded++
			set.Manifest.Exclusions = append(set.Manifest.Exclusions, results.Exclusion{EventID: st.ev.ID, Reason: st.reason, Detail: st.detail})
			continue
		}
		for j, row := range set.CAR[carAt[i]:carAt[i+1]] {
			if w := cfg.CARWindows[j]; row.NDays < w.Len() {
				warn(st.ev.ID, "incomplete_window", fmt.Sprintf("CAR(%s) not computed: %d of %d days have a valid abnormal return", w, row.NDays, w.Len()))
			}
		}
		set.Prices = append(set.Prices, priceRowsOf[i]...)
	}

	// Groups: primary sets, group tests, AAR, regression.
	s.phase("group tests")
	groupNames, members := groupEvents(states)
	// The primary sets come first: the comparison tables need them and
	// nothing of the tests, so they are built beside the tests (they are
	// sequential work; the tests keep every core busy). Warnings keep
	// their order: each group's, then the comparison's.
	groupWarnings := make([][]results.Warning, len(groupNames))
	for gi, g := range groupNames {
		gw := warnTo(&groupWarnings[gi])
		var ok []*analysis.EventEstimate
		for _, st := range members[g] {
			if st.status == StatusOK {
				ok = append(ok, st.est)
			}
		}
		primary, secondaryOf := analysis.PrimarySet(ok, cfg.PrimaryStage)
		for _, st := range members[g] {
			if p, isSec := secondaryOf[st.ev.ID]; isSec {
				gw(st.ev.ID, "secondary_stage", fmt.Sprintf("group %s: event windows overlap %s (same firm); single-event results only, group statistics use %s", g, p, p))
			}
		}
		out.Groups[g] = primary
		for _, pair := range analysis.EstWindowContainsEvent(ok) {
			gw(pair.EventID, "est_window_contains_event", fmt.Sprintf("estimation window contains the event window of %s (same firm); its returns inflate sigma", pair.OtherID))
		}
	}
	var compareWarnings []results.Warning
	compared := make(chan struct{})
	go func() {
		defer close(compared)
		out.Compare = comparison(s, in, states, set, out.Groups, groupNames, facCols, rf, warnTo(&compareWarnings))
	}()
	testIDs := cfg.Tests
	var byID map[string]*events.Event // for the regressions
	if len(evf.Characteristics) > 0 {
		byID = make(map[string]*events.Event, len(states))
		for _, st := range states {
			byID[st.ev.ID] = st.ev
		}
	}
	for gi, g := range groupNames {
		if s.Progress != nil {
			s.Progress("testing", gi, len(groupNames))
		}
		warnings = append(warnings, groupWarnings[gi]...)
		primary := out.Groups[g]
		set.AAR = append(set.AAR, analysis.AverageAbnormalReturns(g, primary)...)
		rows := runTests(testIDs, primary, cfg.CARWindows, cfg)
		for i := range rows {
			rows[i].Group = g
		}
		set.Tests = append(set.Tests, rows...)
		for _, w := range cfg.CARWindows {
			set.Regression = append(set.Regression, regression(g, w, primary, byID, evf, warn)...)
		}
		if len(primary) < 2 {
			warn("", "small_group", fmt.Sprintf("group %s has %d independent event(s); group tests need at least 2 (single-event results are in car.csv)", g, len(primary)))
		}
	}
	if s.Progress != nil {
		s.Progress("testing", len(groupNames), len(groupNames))
	}

	s.phase("comparison") // what is left of it once the tests are done
	<-compared
	warnings = append(warnings, compareWarnings...)
	warnings = append(warnings, inputWarnings(s, in.files)...)
	set.Extra = out.Compare.ResultTables()
	set.Manifest.Anchoring = out.Log
	set.Manifest.Warnings = warnings
	set.Manifest.Inputs = in.files
	set.Manifest.FactorNames = factorNames(cfg)
	set.Manifest.Config = s.Resolved()
	if set.Manifest.Exclusions == nil {
		set.Manifest.Exclusions = []results.Exclusion{}
	}
	if set.Manifest.Warnings == nil {
		set.Manifest.Warnings = []results.Warning{}
	}
	out.Set = set
	out.Detected = in.detected
	return out
}

// warnTo returns a function that appends a manifest warning to *dst.
func warnTo(dst *[]results.Warning) func(id, code, msg string) {
	return func(id, code, msg string) {
		*dst = append(*dst, results.Warning{EventID: id, Code: code, Message: msg})
	}
}

// releaseSeries drops the returns nothing needs after the single-event
// tables: only the peer portfolios (comparison) still read series, those
// of the peers and of the events' markets.
func releaseSeries(series map[string]*returnSeries, states []*eventState, market string) {
	keep := map[string]bool{market: true}
	for _, st := range states {
		if st.status != StatusOK || len(st.ev.Peers) == 0 {
			continue
		}
		keep[st.ev.Market] = true
		for _, p := range st.ev.Peers {
			keep[p] = true
		}
	}
	for sym := range series {
		if !keep[sym] {
			delete(series, sym)
		}
	}
}

// readingProgressMin is the size of price data from which reading it is
// shown on the progress bar (smaller files are read in well under a
// second).
var readingProgressMin int64 = 64 << 20

// PriceIncidents is how many incidents get price rows (prices.csv): the
// report draws one price chart per incident for the first 40 incidents
// (charts.MaxIncidentCharts), so a 10,000-event study does not write
// price paths nobody draws.
const PriceIncidents = 40

// chartedEvents marks the estimated events of the first PriceIncidents
// incidents (an event without an incident is its own), in file order.
func chartedEvents(states []*eventState) []bool {
	marked := make([]bool, len(states))
	seen := map[string]bool{}
	for i, st := range states {
		if st.status != StatusOK {
			continue
		}
		k := st.ev.Incident
		if k == "" {
			k = st.ev.ID
		}
		if !seen[k] {
			if len(seen) == PriceIncidents {
				continue
			}
			seen[k] = true
		}
		marked[i] = true
	}
	return marked
}

func (st *eventState) exclude(reason, detail string) {
	st.status, st.reason, st.detail = StatusExcluded, reason, detail
}

func marketOf(st *eventState, in *inputs) string {
	if st.ev.Market != "" {
		return st.ev.Market
	}
	return in.marketName
}

// qualityReason excludes an event whose windows [first,last] contain a
// data-quality flag of its firm (DESIGN.md "Errors and bad input"). A
// split-like jump excludes only when split says so; otherwise it becomes a
// warning (its text in warnings), and the next flag is looked at.
func qualityReason(fl []prices.Flag, first, last int, split func(prices.Flag) (bool, string)) (reason, detail string, warnings []string) {
	for _, f := range fl {
		if f.Last < first || f.Pos > last {
			continue
		}
		switch f.Code {
		case "split_like_jump":
			exclude, why := split(f)
			if exclude {
				return ReasonSuspectedSplit, fmt.Sprintf("%s: %s; %s", f.Date, f.Detail, why), warnings
			}
			warnings = append(warnings, fmt.Sprintf("%s: %s; %s", f.Date, f.Detail, why))
		case "stale_prices":
			return ReasonStalePrices, fmt.Sprintf("%s: %s", f.Date, f.Detail), warnings
		case "non_positive_price", "invalid_price":
			return ReasonInvalidPrices, fmt.Sprintf("%s: %s", f.Date, f.Detail), warnings
		}
	}
	return "", "", warnings
}

func groupEvents(states []*eventState) ([]string, map[string][]*eventState) {
	members := map[string][]*eventState{}
	var names []string
	for _, st := range states {
		g := st.ev.Group
		if g == "" {
			g = "all"
		}
		if _, ok := members[g]; !ok {
			names = append(names, g)
		}
		members[g] = append(members[g], st)
	}
	return names, members
}

func factorNames(cfg analysis.Config) []string {
	if !cfg.Model.Excess() {
		return nil
	}
	return cfg.Model.Factors()
}

// attributes pairs the events file's extra text columns with an event's
// cells (nil when there are none, or for a peer portfolio's row). Numeric
// columns are the regression's characteristics, not repeated here.
func attributes(evf *events.File, cells []string) map[string]string {
	names := evf.Attributes
	if len(names) == 0 || len(cells) != len(names) {
		return nil
	}
	var m map[string]string
	for i, n := range names {
		if slices.Contains(evf.Characteristics, n) {
			continue
		}
		if m == nil {
			m = map[string]string{}
		}
		m[n] = cells[i]
	}
	return m
}

func eventRow(st *eventState, cfg analysis.Config, cal *prices.Calendar) results.EventRow {
	ev := st.ev
	r := results.EventRow{
		EventID: ev.ID, Firm: ev.Firm, Incident: ev.Incident, Stage: ev.Stage, Label: ev.Label,
		DateGiven: ev.Date.String(), AnchorRule: string(st.anchor.Rule), Status: st.status, Reason: st.reason,
		Model: string(cfg.Model), Alpha: results.NA, Beta: results.NA, Sigma: results.NA, R2: results.NA,
		Group: ev.Group, Source: ev.Source,
	}
	if r.Group == "" {
		r.Group = "all"
	}
	if st.anchor.Day0 >= 0 && st.anchor.Reason == "" {
		r.Day0 = cal.Days[st.anchor.Day0].String()
		a, b := st.anchor.Day0+cfg.Estimation.T1, st.anchor.Day0+cfg.Estimation.T2
		if a < 0 {
			a = 0
		}
		if b >= 0 && a < cal.Len() {
			if b >= cal.Len() {
				b = cal.Len() - 1
			}
			r.EstStart, r.EstEnd = cal.Days[a].String(), cal.Days[b].String()
		}
	}
	if st.est != nil && st.est.Fit != nil {
		f := st.est.Fit
		r.NEst = results.SomeInt(f.M)
		if len(f.Theta) > 0 && !math.IsNaN(f.Sigma2) {
			r.Alpha = results.Num(f.Theta[0])
			if len(f.Theta) > 1 {
				r.Beta = results.Num(f.Theta[1])
			}
			r.Sigma = results.Num(math.Sqrt(f.Sigma2))
			r.R2 = results.Num(f.R2)
			if cfg.Model.Excess() {
				for _, th := range f.Theta[1:] {
					r.Betas = append(r.Betas, results.Num(th))
				}
			}
		}
	}
	// events.csv has one beta column per factor for every row; an excluded
	// event has them empty.
	for len(r.Betas) < len(factorNames(cfg)) {
		r.Betas = append(r.Betas, results.NA)
	}
	return r
}

// priceRows are the rebased firm and market levels from 20 days before
// the event window to 20 days after it, 100 on the day before the window.
func priceRows(st *eventState, firm, market *returnSeries, cal *prices.Calendar, cfg analysis.Config) []results.PriceRow {
	const pad = chartPad
	if firm == nil || market == nil {
		return nil
	}
	day0 := st.anchor.Day0
	lo, hi := cfg.EventWindow.T1-pad, cfg.EventWindow.T2+pad
	base := day0 + cfg.EventWindow.T1 - 1
	level := func(a *returnSeries) func(pos int) float64 {
		// Cumulate returns from base, so return series (no P) work too and
		// gaps stay gaps.
		return func(pos int) float64 {
			if pos < 0 || pos >= cal.Len() || base < 0 || base >= cal.Len() {
				return math.NaN()
			}
			v := 100.0
			if pos >= base {
				for k := base + 1; k <= pos; k++ {
					v *= retFactor(a.ret(k), cfg.LogReturns)
				}
			} else {
				for k := pos + 1; k <= base; k++ {
					v /= retFactor(a.ret(k), cfg.LogReturns)
				}
			}
			return v
		}
	}
	fl, ml := level(firm), level(market)
	var rows []results.PriceRow
	for rel := lo; rel <= hi; rel++ {
		pos := day0 + rel
		if pos < 0 || pos >= cal.Len() {
			continue
		}
		rows = append(rows, results.PriceRow{EventID: st.ev.ID, RelDay: rel, Date: cal.Days[pos].String(),
			Firm: results.Num(fl(pos)), Market: results.Num(ml(pos))})
	}
	return rows
}

func retFactor(r float64, log bool) float64 {
	if log {
		return math.Exp(r)
	}
	return 1 + r
}

// regression runs the cross-sectional regression of CARs on the events
// file's numeric characteristics (METHODOLOGY.md 7) for one group and
// window, over the primary events with a complete window and every
// characteristic present; byID gives each event id its event.
func regression(g string, w analysis.Window, primary []*analysis.EventEstimate, byID map[string]*events.Event, evf *events.File, warn func(id, code, msg string)) []results.RegressionRow {
	if len(evf.Characteristics) == 0 {
		return nil
	}
	y := make([]float64, 0, len(primary))
	z := make([][]float64, 0, len(primary))
	for _, e := range primary {
		car, n := e.CAR(w)
		if n < w.Len() || math.IsNaN(car) {
			continue
		}
		ch := byID[e.ID].Characteristics
		row := make([]float64, len(ch))
		ok := true
		for j, v := range ch {
			if math.IsNaN(v) {
				ok = false
				break
			}
			row[j] = v
		}
		if !ok {
			continue
		}
		y = append(y, car)
		z = append(z, row)
	}
	if len(y) <= len(evf.Characteristics)+1 {
		return nil
	}
	rows, err := analysis.CrossSectionalRegression(y, z, evf.Characteristics, "hc1")
	if err != nil {
		warn("", "regression", fmt.Sprintf("group %s window %s: %v", g, w, err))
		return nil
	}
	for i := range rows {
		rows[i].Group, rows[i].Window = g, w.String()
	}
	return rows
}
