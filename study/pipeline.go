package study

import (
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/internal/firsttouch"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

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
	if _, err := s.Regression.resolve(evf); err != nil {
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
	if err := in.loadShares(&s); err != nil {
		return nil, err
	}
	if err := in.loadReference(&s); err != nil {
		return nil, err
	}
	return analyse(&s, evf, in), nil
}

// pipeline is one run after loading: the inputs, the event states the
// steps fill in, and the tables and warnings they produce.
type pipeline struct {
	s   *Study
	cfg analysis.Config
	evf *events.File
	in  *inputs

	facCols [][]float64 // factor returns on the calendar (factor models)
	rf      []float64   // the risk-free rate on the calendar, when given

	states []*eventState              // one per event, in file order
	vols   []*analysis.VolumeEstimate // per state, abnormal volume (nil without volume)
	peers  peerEstimates              // the events' peer portfolios, estimated with them

	groupNames    []string
	members       map[string][]*eventState
	groupWarnings [][]results.Warning // per group, added as its tests run

	out      *Outcome
	set      *results.Set
	warnings []results.Warning

	long *longHorizon // --calendar-time: horizon returns (calendar.go); nil without
}

// analyse runs everything after loading, as a list of steps; it cannot
// fail: every problem is a per-event exclusion or a warning.
func analyse(s *Study, evf *events.File, in *inputs) *Outcome {
	p := newPipeline(s, evf, in)
	p.anchor()
	p.align()
	p.estimate()
	p.marketCaps()
	p.keepLongHorizon()
	p.singleEventTables()
	p.abnormalVolume()
	p.dropEmptyVolume()
	p.primarySets()
	p.groupTests()
	p.volumeGroupTests()
	adjustTests(p.set.Tests, p.cfg.MTFamily) // after every test row, av_* included
	p.carTables()
	p.releaseResiduals()
	compared := p.startComparison()
	p.arTable()
	p.finishComparison(compared)
	p.calendarTime()
	p.manifest()
	return p.out
}

// newPipeline starts a run with the notes of the inputs as warnings and
// the factor columns on the calendar.
func newPipeline(s *Study, evf *events.File, in *inputs) *pipeline {
	p := &pipeline{s: s, cfg: s.Analysis, evf: evf, in: in, set: &results.Set{Outputs: s.Outputs, Gzip: s.Gzip},
		out: &Outcome{Groups: map[string][]*analysis.EventEstimate{}}}
	for _, n := range in.panel.Notes {
		p.warn("", "prices_note", displayText(s, n))
	}
	for _, n := range in.matchNotes {
		p.warn("", "symbol_match", displayText(s, n))
	}
	for _, n := range s.unusedSettings() {
		p.warn("", "settings_note", n)
	}
	if len(s.Factors) > 0 && !s.Analysis.Model.Excess() {
		p.warn("", "factors_note", fmt.Sprintf("--model %s uses no factors: the --factors file was not read; the factor models are %s", s.Analysis.Model, analysis.FactorModelList(", ")))
	}
	if in.factors != nil {
		for _, n := range in.factors.Notes {
			p.warn("", "factors_note", displayText(s, n))
		}
		for _, name := range p.cfg.Regressors() {
			p.facCols = append(p.facCols, in.factors.AlignTo(in.cal, name))
		}
		if _, ok := in.factors.Column("RF"); ok {
			p.rf = in.factors.AlignTo(in.cal, "RF")
		}
		if p.cfg.Model == analysis.ModelFactors {
			p.factorWarnings()
		}
	}
	return p
}

func (p *pipeline) warn(id, code, msg string) {
	p.warnings = append(p.warnings, results.Warning{EventID: id, Code: code, Message: msg})
}

// anchor gives every event its day 0 (the anchors made while loading, or
// made now) and excludes the events that cannot be anchored; the log
// keeps file order.
func (p *pipeline) anchor() {
	p.states = newStates(p.evf, p.in.anchored(p.s, p.evf))
	for _, st := range p.states {
		p.out.Log = append(p.out.Log, st.anchor.Log)
		if st.anchor.Warning != "" {
			p.warn(st.ev.ID, "anchoring", st.anchor.Warning)
		}
		if st.anchor.Reason != "" {
			st.exclude(st.anchor.Reason, st.anchor.Log)
		}
	}
	eventWindows(p.states, p.cfg, p.in.cal, display(p.s, p.s.Events))
}

// align places the returns of every symbol the anchored events use (firm,
// market, peers) on the calendar over their data ranges.
func (p *pipeline) align() {
	needed := map[string]bool{p.in.marketName: true}
	for _, st := range p.states {
		if st.status != StatusOK {
			continue
		}
		needed[st.ev.Firm] = true
		if st.ev.Market != "" {
			needed[st.ev.Market] = true
		}
	}
	addPeerSymbols(needed, p.states)
	markConfounding(p.s, p.states)
	p.s.phase("align")
	in := p.in
	ranges := calendarRanges(p.s, dataRanges(p.states, p.cfg, in.cal.Len()), p.states, in.cal.Len())
	series := alignAll(in.panel, in.symbol, in.cal, needed, ranges, p.cfg.LogReturns)
	in.series = series
	in.loadCompanions(series)
	for _, sym := range sortedKeys(series) {
		// The market's own off-calendar dates are its invalid rows, which
		// the price notes already report.
		if n := series[sym].OffCalendar; n > 0 && sym != in.marketName {
			p.warn("", "off_calendar", fmt.Sprintf("%s: %d dates are not trading days of the market series %s; their prices are ignored", sym, n, in.marketName))
		}
	}
}

// estimate estimates every anchored event in parallel (each worker writes
// only its own event's state), then the events' peer portfolios.
func (p *pipeline) estimate() {
	p.s.phase("estimate")
	var estimated atomic.Int64
	parallel.For(len(p.states), func(i int) {
		st := p.states[i]
		if p.s.Progress != nil {
			defer func() { p.s.Progress("estimating", int(estimated.Add(1)), len(p.states)) }()
		}
		if st.status != StatusOK {
			return
		}
		estimateEvent(p.s, st, i, p.in, p.in.series, p.facCols, p.rf)
	})
	p.peers = estimatePeers(p.s, p.in, p.states, p.facCols, p.rf)
}

// singleEventTables makes events.csv and prices.csv (car.csv and
// volatility.csv wait for carTables, ar.csv for arTable, after the group
// tests) and records the exclusions and the single-event warnings. The
// rows are computed per event in parallel, with the days each CAR window
// has (incomplete_window warns of the short ones here, in file order,
// though car.csv's rows come later).
func (p *pipeline) singleEventTables() {
	p.s.phase("single-event tables")
	cfg, in, set, states := p.cfg, p.in, p.set, p.states
	_, carAt := rowOffsets(states, len(cfg.CARWindows))
	nDays := make([]int32, carAt[len(states)])
	rows := make([]results.EventRow, len(states))
	priceRowsOf := make([][]results.PriceRow, len(states))
	charted := chartedEvents(states)
	parallel.For(len(states), func(i int) {
		st := states[i]
		rows[i] = eventRow(st, st.config(cfg), in.cal)
		rows[i].Attributes = attributes(p.evf, st.ev.Attributes)
		if st.status != StatusOK {
			return
		}
		for j, w := range cfg.CARWindows {
			nDays[carAt[i]+j] = int32(windowDays(st.est, w))
		}
		if charted[i] {
			priceRowsOf[i] = priceRows(st, in.series[st.ev.Firm], in.series[marketOf(st, in)], p.volumeSeries(st.ev.Firm), in.cal, st.config(cfg))
		}
	})
	// Nothing reads the aligned returns after this (the peer portfolios
	// are estimated): free them before the group tests.
	in.series = nil
	set.Events = append(set.Events, rows...)
	for i, st := range states {
		for _, w := range st.warnings {
			p.warn(st.ev.ID, ReasonSuspectedSplit, w)
		}
		if st.status != StatusOK {
			p.out.Excluded++
			set.Manifest.Exclusions = append(set.Manifest.Exclusions, results.Exclusion{EventID: st.ev.ID, Reason: st.reason, Detail: st.detail})
			continue
		}
		if g := garchOf(st); g != nil && !g.Used() {
			p.warn(st.ev.ID, analysis.WarnGarchFallback, fmt.Sprintf("--model %s not used: %s; the event has the OLS market model", cfg.Model, g.Fallback))
		}
		for j, n := range nDays[carAt[i]:carAt[i+1]] {
			if w := cfg.CARWindows[j]; int(n) < w.Len() {
				p.warn(st.ev.ID, "incomplete_window", incompleteWindow(st, w, int(n)))
			}
		}
		if n := multiDay(st.est); n > 0 {
			p.warn(st.ev.ID, WarnTradeToTrade, fmt.Sprintf("%d event-window returns span more than one trading day (--gaps trade-to-trade): each is on the day trading resumed, standardized by σ√n", n))
		}
		set.Prices = append(set.Prices, priceRowsOf[i]...)
	}
}

// carTables makes car.csv's and volatility.csv's rows, in parallel
// straight into their place (file order: one row per window of each
// estimated event, so every event's offset is known before any row is
// made). Like arTable it runs after the group tests, which read none of
// the rows: at 100,000 events they are about 220 MB, and built into the
// memory the tests have just left they also cost fewer page faults.
func (p *pipeline) carTables() {
	p.s.phase("comparison") // with ar.csv's rows
	cfg, set, states := p.cfg, p.set, p.states
	_, carAt := rowOffsets(states, len(cfg.CARWindows))
	set.CAR = make([]results.CARRow, carAt[len(states)])
	firsttouch.Slab(set.CAR, func(r *results.CARRow) { r.T1 = 0 })
	vol := !p.s.NoVolatility && p.s.makes("volatility")
	windows := windowNames(cfg.CARWindows)
	if vol {
		set.Volatility = make([]results.VolatilityRow, carAt[len(states)])
		firsttouch.Slab(set.Volatility, func(r *results.VolatilityRow) { r.T1 = 0 })
	}
	parallel.For(len(states), func(i int) {
		st := states[i]
		if st.status != StatusOK {
			return
		}
		carRowsNamed(set.CAR[carAt[i]:carAt[i+1]], st.est, cfg.CARWindows, windows, cfg)
		if vol {
			volatilityRows(set.Volatility[carAt[i]:carAt[i+1]], st.est, cfg.CARWindows, windows)
		}
	})
}

// releaseResiduals drops every estimate's estimation residuals once the
// group tests and car.csv's sample-quantile test have read them: nothing
// after reads them, and at 100,000 events they are 200 MB of a write
// phase that holds every result row. Outcome.Groups' estimates keep their
// event-window series and fit; their Residual is nil.
func (p *pipeline) releaseResiduals() {
	for _, st := range p.states {
		if st.est != nil {
			st.est.Residual = nil
		}
	}
}

// arTable makes ar.csv's rows, in parallel straight into their place
// (file order), with each event's abnormal log volume where it has one
// (abnormalVolume). It runs after the group tests, not with the other
// single-event tables: at 100,000 events the rows are about 320 MB that
// nothing reads before the write, and held during the group tests they
// raised the run's peak live heap by as much.
func (p *pipeline) arTable() {
	if !p.s.makes("ar") {
		return
	}
	states := p.states
	arAt, _ := rowOffsets(states, 0)
	ar := make([]results.ARRow, arAt[len(states)])
	firsttouch.Slab(ar, func(r *results.ARRow) { r.RelDay = 0 })
	days := dayNames(p.in.cal.Days)
	vol := !p.s.NoVolatility
	parallel.For(len(states), func(i int) {
		st := states[i]
		if st.status != StatusOK || st.est == nil {
			return
		}
		rows := ar[arAt[i]:arAt[i+1]]
		arRows(rows, st.est, days, vol)
		if p.vols != nil && p.vols[i] != nil {
			for j, av := range p.vols[i].AV {
				if j < len(rows) {
					rows[j].AV = results.Num(av)
				}
			}
		}
	})
	p.set.AR = ar
}

// dropEmptyVolume lets volume.csv's slab go when it has no row (only the
// market has volume, as in a generated panel): abnormalVolume keeps its
// rows in place in a slot per event, 80 MB at 100,000 events that were
// held empty through the group tests and the write.
func (p *pipeline) dropEmptyVolume() {
	if len(p.set.Volume) == 0 {
		p.set.Volume = nil
	}
}

// rowOffsets are where each event's rows start in ar.csv and car.csv
// (nw rows per estimated event); the last entries are the table lengths.
func rowOffsets(states []*eventState, nw int) (arAt, carAt []int) {
	arAt, carAt = make([]int, len(states)+1), make([]int, len(states)+1)
	for i, st := range states {
		arAt[i+1], carAt[i+1] = arAt[i], carAt[i]
		if st.status == StatusOK {
			if st.est != nil {
				arAt[i+1] += len(st.est.AR)
			}
			carAt[i+1] += nw
		}
	}
	return arAt, carAt
}

// primarySets picks each group's primary events (docs/methodology.md 4.5), the
// events the group statistics use, and warns of secondary stages and of
// estimation windows that hold another event of the same firm. The
// warnings wait in groupWarnings to keep their order: each group's with
// its tests, then the comparison's.
func (p *pipeline) primarySets() {
	p.s.phase("group tests")
	p.groupNames, p.members = groupEvents(p.states)
	p.groupWarnings = make([][]results.Warning, len(p.groupNames))
	for gi, g := range p.groupNames {
		gw := warnTo(&p.groupWarnings[gi])
		var ok []*analysis.EventEstimate
		for _, st := range p.members[g] {
			if st.status == StatusOK {
				ok = append(ok, st.est)
			}
		}
		primary, secondaryOf := analysis.PrimarySet(ok, p.cfg.PrimaryStage)
		for _, st := range p.members[g] {
			if prim, isSec := secondaryOf[st.ev.ID]; isSec {
				gw(st.ev.ID, "secondary_stage", fmt.Sprintf("group %s: event windows overlap %s (same firm); single-event results only, group statistics use %s", g, prim, prim))
			}
		}
		p.out.Groups[g] = primary
		pairs := analysis.EstWindowContainsEvent(ok)
		for len(pairs) > 0 {
			n := 1
			for n < len(pairs) && pairs[n].EventID == pairs[0].EventID {
				n++
			}
			gw(pairs[0].EventID, "est_window_contains_event", estWindowContains(pairs[:n]))
			pairs = pairs[n:]
		}
	}
}

// maxNamedOthers is the most other events est_window_contains_event names.
const maxNamedOthers = 5

// estWindowContains is the est_window_contains_event warning of one event
// whose estimation window holds the event windows of others (its pairs):
// one warning per event, not per pair. An event of a firm with an event
// every few weeks (every 8-K) has dozens of others there, and one row per
// pair made warnings.csv grow with their square (20,000 daily events of 4
// firms: 5.1 million rows, 748 MB); confounding.csv has every pair.
func estWindowContains(pairs []analysis.EventPair) string {
	if len(pairs) == 1 {
		return fmt.Sprintf("estimation window contains the event window of %s (same firm); its returns inflate sigma", pairs[0].OtherID)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "estimation window contains the event windows of %d other events of the same firm (", len(pairs))
	for i, pr := range pairs[:min(len(pairs), maxNamedOthers)] {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pr.OtherID)
	}
	if more := len(pairs) - maxNamedOthers; more > 0 {
		fmt.Fprintf(&b, " and %d more: confounding.csv lists each", more)
	}
	b.WriteString("); their returns inflate sigma")
	return b.String()
}

// comparing is a comparison running beside arTable.
type comparing struct {
	done     chan struct{}
	warnings []results.Warning
}

// startComparison builds the comparison tables beside arTable: they need
// car.csv's rows (carTables) and the primary sets, and are mostly
// sequential work while arTable keeps the other cores busy. Beside the
// group tests, as before, their rows were held through the tests' peak
// of memory (about 190 MB of stage rows at 100,000 events).
func (p *pipeline) startComparison() *comparing {
	c := &comparing{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		p.out.Compare = comparison(p.s, p.in, p.states, p.set, p.peers, p.out.Groups, p.groupNames, warnTo(&c.warnings))
	}()
	return c
}

// groupTests runs, per group, the AAR table, the group tests and the
// cross-sectional regressions on the primary events.
func (p *pipeline) groupTests() {
	cfg, set := p.cfg, p.set
	var byID map[string]*events.Event // for the regressions
	reg, err := p.s.Regression.resolve(p.evf)
	if err != nil {
		p.warn("", "regression", err.Error())
	}
	if reg != nil {
		byID = make(map[string]*events.Event, len(p.states))
		for _, st := range p.states {
			byID[st.ev.ID] = st.ev
		}
	}
	for gi, g := range p.groupNames {
		if p.s.Progress != nil {
			p.s.Progress("testing", gi, len(p.groupNames))
		}
		p.warnings = append(p.warnings, p.groupWarnings[gi]...)
		primary := p.out.Groups[g]
		aar := analysis.AverageAbnormalReturns(primary)
		gcfg := cfg
		gcfg.BootKey = g // each group's resampling streams are its own
		rows, daily := runTests(p.testIDs(), primary, cfg.CARWindows, aar, gcfg)
		set.AAR = append(set.AAR, aarRows(g, aar, daily)...)
		for i := range rows {
			rows[i].Group = g
		}
		set.Tests = append(set.Tests, rows...)
		if reg != nil {
			set.Regression = append(set.Regression, reg.group(g, cfg.CARWindows, primary, byID, p.warn)...)
		}
		if len(primary) < 2 {
			p.warn("", "small_group", fmt.Sprintf("group %s has %d independent event(s); group tests need at least 2 (single-event results are in car.csv)", g, len(primary)))
		}
	}
	if p.s.Progress != nil {
		p.s.Progress("testing", len(p.groupNames), len(p.groupNames))
	}
}

// finishComparison waits for the comparison and adds its tables and
// warnings (after the tests' warnings, before calendarTime's).
func (p *pipeline) finishComparison(c *comparing) {
	<-c.done
	p.warnings = append(p.warnings, c.warnings...)
	p.set.Extra = p.out.Compare.ResultTables()
}

// manifest records the run: anchoring log, warnings (the inputs' hash
// checks last), inputs, factors and the resolved settings.
func (p *pipeline) manifest() {
	m := &p.set.Manifest
	p.warnings = append(p.warnings, inputWarnings(p.s, p.in.files)...)
	m.Anchoring = p.out.Log
	m.Warnings = p.warnings
	m.Inputs = p.in.files
	m.FactorNames = factorNames(p.cfg)
	m.EventWindows = eventWindowRecords(p.states)
	m.GarchColumns = results.GarchColumns // every model: empty cells without a garch fit
	m.Config = p.s.Resolved()
	if m.Exclusions == nil {
		m.Exclusions = []results.Exclusion{}
	}
	if m.Warnings == nil {
		m.Warnings = []results.Warning{}
	}
	p.out.Set = p.set
	p.out.Detected = p.in.detected
}

// warnTo returns a function that appends a manifest warning to *dst.
func warnTo(dst *[]results.Warning) func(id, code, msg string) {
	return func(id, code, msg string) {
		*dst = append(*dst, results.Warning{EventID: id, Code: code, Message: msg})
	}
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

// testIDs are the group tests to run: cfg.Tests less the abnormal-volatility
// tests when they are turned off (--volatility=false).
func (p *pipeline) testIDs() []string {
	if !p.s.NoVolatility {
		return p.cfg.Tests
	}
	all := p.cfg.Tests
	if all == nil {
		all = grouptest.DefaultFor(p.cfg)
	}
	ids := []string{}
	for _, id := range all {
		if !grouptest.IsVolatility(id) {
			ids = append(ids, id)
		}
	}
	return ids
}
