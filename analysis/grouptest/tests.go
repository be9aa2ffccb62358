package grouptest

import (
	"math"
	"slices"
	"sync"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/results"
	"github.com/breachlab/eventstudy/internal/parallel"
)

// All lists every test id in the order rows are written (DESIGN.md,
// METHODOLOGY.md 6.0).
var All = []string{"cs_t", "bw_cda", "patell", "bmp", "kp_patell", "kp_bmp",
	"corrado", "corrado_zivney", "grank_t", "grank_z", "sign", "gen_sign",
	"wilcoxon", "skew_t"}

// Default returns the default test set: every id. METHODOLOGY.md 6.12
// recommends corrado/corrado_zivney for one-day windows and grank for CAR
// windows, but every test is defined for every window, so all are computed
// and the reader picks; rows below a test's minimum size carry only n and
// estimate.
func Default() []string { return slices.Clone(All) }

// Valid reports whether id is a known test id.
func Valid(id string) bool { return slices.Contains(All, id) }

// Run computes the tests ids (in that order; unknown ids are skipped) for
// one group and one window w. events is the group's primary set (status ok,
// one event per stage component, METHODOLOGY.md 4.5); Run restricts it to
// the window's event set V, the events with a valid AR on every day of w
// (6.0). Rows have Group left empty for the caller.
//
// cfg fields used: CARVar ("simple": SCAR with Lσ², else the exact
// variance), MultiDay ("sum-sar": CSAR/√L in place of SCAR in patell, bmp,
// kp_*), KPRbar ("event-time": ρ on relative days and c_ij = 1, else
// calendar dates with the window overlap), KPMinShared and BHARBenchmark.
//
// Minimum sizes (6.0): N ≥ 2 for every test, N ≥ 3 for skew_t,
// 1+(N-1)r̄ > 0 for kp_*; below them, or when a statistic is undefined
// (zero dispersion), the row keeps n and estimate and leaves statistic,
// dist, df and the p-values empty.
func Run(ids []string, events []*analysis.EventEstimate, w analysis.Window, cfg analysis.Config) []results.TestRow {
	return RunWindows(ids, events, []analysis.Window{w}, cfg)
}

// RunWindows is Run for several windows of one group, rows ordered by
// window then id. What does not depend on the window (each event's
// estimation order and corrado ranks, r̄'s pair correlations) is computed
// once, in parallel across events, and the windows then run in parallel,
// so prefer it to a loop over Run. Rows are stored by window: their order
// and bits do not depend on scheduling.
func RunWindows(ids []string, events []*analysis.EventEstimate, windows []analysis.Window, cfg analysis.Config) []results.TestRow {
	c := prepare(ids, events, cfg)
	// Longest windows first: a window's cost grows with its length, and a
	// long one started last would leave the other core idle.
	order := make([]int, len(windows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return windows[b].Len() - windows[a].Len() })
	perWindow := make([][]results.TestRow, len(windows))
	parallel.For(len(windows), func(k int) {
		w := windows[order[k]]
		g := newGroup(c, w, cfg)
		rows := make([]results.TestRow, 0, len(ids))
		for _, id := range ids {
			if f, ok := runners[id]; ok {
				row := f(g)
				row.Window, row.Test = w.String(), id
				rows = append(rows, row)
			}
		}
		perWindow[order[k]] = rows
	})
	rows := make([]results.TestRow, 0, len(ids)*len(windows))
	for _, r := range perWindow {
		rows = append(rows, r...)
	}
	return rows
}

// cache holds per-event results that do not depend on the window, by the
// event's index in RunWindows' events; read-only once prepared, but for
// the column-sum memo (sums), which windows fill under its lock.
type cache struct {
	events []*analysis.EventEstimate
	// gridLo, gridLen span every fitted event's estimation ∪ event window
	// in relative days: the rank tests' columns. Columns no event of a
	// window's set fills are skipped by the statistics, so one grid serves
	// every window.
	gridLo, gridLen int
	// est are the estimation SARs ε̂_it/σ̂_i in ascending order
	// (estOrder), shared by corrado, corrado_zivney and GRANK.
	est      []sortedSAR
	sarOrder [][]int32      // indices of the event-window SARs by value, NaN left out (corrado_zivney's sort hint)
	corradoU []doubledRanks // U_it on the grid (corrado)
	// corradoAll is the tally of every event's corradoU: a window's sums
	// are it less the events its set lacks.
	corradoAll *rankTally
	kp         *pairMemo // ρ_ij of overlapping pairs (kp_*, calendar r̄)
	posShare   []float64 // share of positive estimation residuals (gen_sign)
	kpStat     []kpStat  // completeness, mean and sd of the residuals (kp_*)
	sums       *sumsMemo // corrado's and corrado_zivney's column sums by event set
	cz         *czMemo   // corrado_zivney's base tally (czbase.go)
}

// sumsMemo keeps the column sums of corrado and corrado_zivney by event
// set: their ranks span each event's whole event window, so a window
// changes the sums only through its set V of events with a finite CAR,
// and windows usually share one V. The sums are then made once, not once
// per window (the same additions in the same order: the same bits). It is
// the one part of the cache that windows write, under its lock.
type sumsMemo struct {
	mu      sync.Mutex
	entries []*sumsEntry
}

type sumsEntry struct {
	test string
	idx  []int
	once sync.Once
	sums *rankSums
}

// get returns test's sums over the events idx, made by build the first time.
func (m *sumsMemo) get(test string, idx []int, build func() *rankSums) *rankSums {
	m.mu.Lock()
	var e *sumsEntry
	for _, x := range m.entries {
		if x.test == test && slices.Equal(x.idx, idx) {
			e = x
			break
		}
	}
	if e == nil {
		e = &sumsEntry{test: test, idx: idx}
		m.entries = append(m.entries, e)
	}
	m.mu.Unlock()
	e.once.Do(func() { e.sums = build() })
	return e.sums
}

// doubledRanks are one event's ranks on the grid as doubled midranks (-1
// where missing): U_it = d/den - 1/2, a quarter of the memory of U.
type doubledRanks struct {
	d   []int32
	den int
}

// fitted reports whether e has an estimate the tests can use.
func fitted(e *analysis.EventEstimate) bool {
	return e != nil && e.Fit != nil && e.Fit.Sigma2 > 0
}

// prepareChunk is how many events one worker prepares at a time (with
// one set of scratch space); below it, prepare runs on one core.
const prepareChunk = 64

// prepare computes the cache for the tests ids over events.
func prepare(ids []string, events []*analysis.EventEstimate, cfg analysis.Config) *cache {
	c := &cache{events: events, sums: &sumsMemo{}, cz: &czMemo{}}
	lo, hi := math.MaxInt, math.MinInt
	for _, e := range events {
		if fitted(e) {
			lo = min(lo, e.EstWindow.T1, e.EvtWindow.T1)
			hi = max(hi, e.EstWindow.T2, e.EvtWindow.T2)
		}
	}
	if lo > hi {
		return c
	}
	c.gridLo, c.gridLen = lo, hi-lo+1
	if slices.Contains(ids, "gen_sign") {
		c.posShare = make([]float64, len(events))
		for i, e := range events {
			c.posShare[i] = nan
			if fitted(e) {
				c.posShare[i] = positiveShare(e.Residual)
			}
		}
	}
	if slices.Contains(ids, "kp_patell") || slices.Contains(ids, "kp_bmp") {
		c.prepareKP(cfg)
	}
	if slices.ContainsFunc(ids, func(id string) bool {
		return id == "corrado" || id == "corrado_zivney" || id == "grank_t" || id == "grank_z"
	}) {
		c.prepareRanks(slices.Contains(ids, "corrado"))
	}
	return c
}

// prepareKP computes each event's kpStat and, for the calendar r̄, the
// pair memo.
func (c *cache) prepareKP(cfg analysis.Config) {
	events := c.events
	c.kpStat = make([]kpStat, len(events))
	for i, e := range events {
		if fitted(e) {
			c.kpStat[i] = newKPStat(len(e.Residual), e.Residual)
		}
	}
	if cfg.KPRbar == "event-time" {
		return // every pair shares the relative days: one block
	}
	// Every tested window lies in the event window, so pairs whose event
	// windows overlap are all the pairs any window needs.
	var items []kpItem
	type dates struct{ first, last, est0, est1, nEst int }
	blocks := map[dates]int{}
	for i, e := range events {
		if !fitted(e) || len(e.EvtCal) == 0 {
			continue
		}
		it := kpItem{id: i, first: e.EvtCal[0], last: e.EvtCal[len(e.EvtCal)-1], block: -1}
		if c.kpStat[i].complete && len(e.EstCal) == len(e.Residual) {
			k := dates{it.first, it.last, e.EstCal[0], e.EstCal[len(e.EstCal)-1], len(e.EstCal)}
			b, ok := blocks[k]
			if !ok {
				b = len(blocks)
				blocks[k] = b
			}
			it.block = b
		}
		items = append(items, it)
	}
	c.kp = newPairMemo(len(events), items,
		func(i int) []int { return events[i].EstCal },
		func(i int) []float64 { return events[i].Residual }, cfg.KPMinShared)
}

// prepareRanks sorts every event's estimation SARs and, with corrado, ranks
// its event-window ARs among them, in parallel.
func (c *cache) prepareRanks(corrado bool) {
	events := c.events
	c.est = make([]sortedSAR, len(events))
	c.sarOrder = make([][]int32, len(events))
	if corrado {
		c.corradoU = make([]doubledRanks, len(events))
	}
	parallel.ForChunks(len(events), prepareChunk, func(lo, hi int) {
		var buf radixBuf
		var p pooled
		for i := lo; i < hi; i++ {
			e := events[i]
			if !fitted(e) {
				continue
			}
			sigma := math.Sqrt(e.Fit.Sigma2)
			c.est[i] = estOrderBuf(e.Residual, sigma, &buf)
			c.sarOrder[i] = valueOrder(e.SAR, &p)
			if corrado {
				c.corradoU[i] = c.corradoRanks(e, sigma, c.est[i], &p)
			}
		}
	})
	if corrado {
		c.corradoAll = newRankTally(c.gridLen)
		for _, u := range c.corradoU {
			if u.d != nil {
				c.corradoAll.addRow(u.d, u.den, 1)
			}
		}
	}
}

// corradoRanks ranks e's estimation residuals pooled with its event-window
// ARs (METHODOLOGY.md 6.7) on the grid. Both are divided by σ̂_i so that the
// estimation part is already sorted (order): division by one positive
// number keeps the order, so these are the ranks of the residuals and ARs
// themselves (two values less than a unit in the last place apart could
// tie after the division; return data do not come that close).
func (c *cache) corradoRanks(e *analysis.EventEstimate, sigma float64, est sortedSAR, p *pooled) doubledRanks {
	x := p.extras(len(e.AR))
	for j, v := range e.AR {
		x[j] = v / sigma
	}
	m := p.ranks(len(e.Residual), est, x)
	dr := doubledRanks{d: make([]int32, c.gridLen), den: 2 * (m + 1)}
	for col := range dr.d {
		dr.d[col] = -1
	}
	// The estimation and event windows are disjoint (Config.Validate).
	for j, d := range p.dEst {
		dr.d[e.EstWindow.T1+j-c.gridLo] = int32(d)
	}
	for j, d := range p.dX {
		dr.d[e.EvtWindow.T1+j-c.gridLo] = int32(d)
	}
	return dr
}

// estSAR returns v[k]'s sorted ε̂_it/σ̂_i.
func (g *group) estSAR(k int) sortedSAR {
	return g.cache.est[g.idx[k]]
}

var runners = map[string]func(*group) results.TestRow{
	"cs_t":           (*group).csT,
	"bw_cda":         (*group).bwCDA,
	"patell":         (*group).patell,
	"bmp":            (*group).bmp,
	"kp_patell":      (*group).kpPatell,
	"kp_bmp":         (*group).kpBMP,
	"corrado":        (*group).corrado,
	"corrado_zivney": (*group).corradoZivney,
	"grank_t":        (*group).grankT,
	"grank_z":        (*group).grankZ,
	"sign":           (*group).sign,
	"gen_sign":       (*group).genSign,
	"wilcoxon":       (*group).wilcoxon,
	"skew_t":         (*group).skewT,
}

// group holds the event set V of one window and the per-event quantities
// the tests share, computed once on first use.
type group struct {
	w   analysis.Window
	cfg analysis.Config
	v   []*analysis.EventEstimate
	idx []int     // index of v[k] in cache.events
	car []float64 // CAR_i over w

	scar      []float64 // SCAR_i (or CSAR_i/√L with sum-sar)
	rbar      float64
	haveRbar  bool
	grank     [5]float64 // ubar0, sUbar, z, t, T
	haveGrank bool
	cache     *cache
}

func newGroup(c *cache, w analysis.Window, cfg analysis.Config) *group {
	g := &group{w: w, cfg: cfg, cache: c}
	for i, e := range c.events {
		if !fitted(e) {
			continue
		}
		car, _ := e.CAR(w)
		if math.IsNaN(car) || math.IsInf(car, 0) {
			continue
		}
		g.v = append(g.v, e)
		g.idx = append(g.idx, i)
		g.car = append(g.car, car)
	}
	return g
}

func (g *group) n() int { return len(g.v) }

// row returns a row with n and estimate and everything else empty.
func row(n int, estimate float64) results.TestRow {
	return results.TestRow{N: n, Estimate: results.Num(estimate),
		Statistic: results.NA, P: results.NA, PLower: results.NA, PUpper: results.NA}
}

// withT fills statistic, dist t, df and p-values; a non-finite statistic or
// df < 1 leaves them empty.
func withT(r results.TestRow, stat float64, df int) results.TestRow {
	if !finite(stat) || df < 1 {
		return r
	}
	p, lo, up := tP(stat, df)
	r.Statistic, r.Dist, r.DF = results.Num(stat), analysis.DistT, results.SomeInt(df)
	r.P, r.PLower, r.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	return r
}

func withNormal(r results.TestRow, z float64) results.TestRow {
	if !finite(z) {
		return r
	}
	p, lo, up := normalP(z)
	r.Statistic, r.Dist = results.Num(z), analysis.DistNormal
	r.P, r.PLower, r.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	return r
}

func withExact(r results.TestRow, z, p, lo, up float64) results.TestRow {
	if !finite(z) || !finite(p) {
		return r
	}
	r.Statistic, r.Dist = results.Num(z), analysis.DistExact
	r.P, r.PLower, r.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (g *group) caar() float64 {
	caar, _ := CrossSectionalT(g.car)
	return caar
}

// scars returns SCAR_i (METHODOLOGY.md 5; exact variance unless
// --car-var simple) or, with --multi-day sum-sar, CSAR_i/√L (6.4).
func (g *group) scars() []float64 {
	if g.scar != nil {
		return g.scar
	}
	g.scar = make([]float64, len(g.v))
	simple := g.cfg.CARVar == "simple"
	sumSAR := g.cfg.MultiDay == "sum-sar"
	L := float64(g.w.Len())
	for i, e := range g.v {
		if sumSAR {
			a := g.w.T1 - e.EvtWindow.T1
			s := 0.0
			for j := a; j < a+g.w.Len(); j++ {
				s += e.SAR[j]
			}
			g.scar[i] = s / math.Sqrt(L)
		} else {
			g.scar[i] = e.SCAR(g.w, simple)
		}
	}
	return g.scar
}

func (g *group) csT() results.TestRow {
	caar, t := CrossSectionalT(g.car)
	r := row(g.n(), caar)
	if g.n() < 2 {
		return r
	}
	return withT(r, t, g.n()-1)
}

func (g *group) residuals() [][]float64 {
	res := make([][]float64, len(g.v))
	for i, e := range g.v {
		res[i] = e.Residual
	}
	return res
}

// bwCDA aligns residuals by index, i.e. by relative estimation day: every
// event of a study shares cfg.Estimation.
func (g *group) bwCDA() results.TestRow {
	caar := g.caar()
	r := row(g.n(), caar)
	if g.n() < 2 {
		return r
	}
	_, t, df := BrownWarnerCDA(caar, g.w.Len(), g.residuals())
	return withT(r, t, df)
}

func (g *group) qs() []float64 {
	q := make([]float64, len(g.v))
	for i, e := range g.v {
		q[i] = e.Fit.Q()
	}
	return q
}

func (g *group) patell() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	return withNormal(r, PatellZ(g.scars(), g.qs()))
}

func (g *group) bmp() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	return withT(r, BMP(g.scars()), g.n()-1)
}

// rBar is the KP r̄ of the window's event set (METHODOLOGY.md 6.6).
func (g *group) rBar() float64 {
	if g.haveRbar {
		return g.rbar
	}
	g.haveRbar = true
	kp := make([]KPEvent, len(g.v))
	stats := make([]kpStat, len(g.v))
	eventTime := g.cfg.KPRbar == "event-time"
	// Event-time dates are the relative estimation days, the same array
	// for every event with the same estimation window.
	days := map[[2]int][]int{}
	relDays := func(t1, n int) []int {
		d, ok := days[[2]int{t1, n}]
		if !ok {
			d = make([]int, n)
			for j := range d {
				d[j] = t1 + j
			}
			days[[2]int{t1, n}] = d
		}
		return d
	}
	for i, e := range g.v {
		k := KPEvent{Dates: e.EstCal, Residual: e.Residual, id: -1}
		if eventTime {
			k.Dates = relDays(e.EstWindow.T1, len(e.Residual))
		} else {
			k.id = g.idx[i]
			a := g.w.T1 - e.EvtWindow.T1
			k.WinFirst, k.WinLast = e.EvtCal[a], e.EvtCal[a+g.w.Len()-1]
		}
		if g.cache.kpStat != nil {
			stats[i] = g.cache.kpStat[g.idx[i]]
			stats[i].complete = stats[i].complete && len(k.Dates) == len(k.Residual)
			k.stat = &stats[i]
		}
		kp[i] = k
	}
	g.rbar = rBar(kp, g.cfg.KPMinShared, g.cache.kp)
	return g.rbar
}

func (g *group) kpPatell() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	_, f := KPFactor(g.rBar(), g.n())
	return withNormal(r, PatellZ(g.scars(), g.qs())*f)
}

func (g *group) kpBMP() results.TestRow {
	r := row(g.n(), g.caar())
	if g.n() < 2 {
		return r
	}
	f, _ := KPFactor(g.rBar(), g.n())
	return withT(r, BMP(g.scars())*f, g.n()-1)
}

// corrado ranks estimation residuals with the ARs of the whole event window
// (METHODOLOGY.md 6.7); the ranks do not depend on the window (prepare).
func (g *group) corrado() results.TestRow {
	if g.n() == 0 {
		return row(0, nan)
	}
	c := g.cache
	a := c.sums.get("corrado", g.idx, func() *rankSums {
		// every event's ranks, less those of the events V lacks
		a := c.corradoAll.clone()
		k := 0
		for i, u := range c.corradoU {
			for k < len(g.idx) && g.idx[k] < i {
				k++
			}
			if u.d != nil && (k == len(g.idx) || g.idx[k] != i) {
				a.addRow(u.d, u.den, -1)
			}
		}
		return a.rankSums()
	})
	c1 := g.w.T1 - c.gridLo
	est, stat, _, _ := a.corrado(c1, c1+g.w.Len()-1)
	r := row(g.n(), est)
	if g.n() < 2 {
		return r
	}
	return withNormal(r, stat)
}

// corradoZivney ranks estimation SARs ε̂/σ̂ with the event-window SARs
// divided by their cross-sectional sd s_τ over V (not demeaned); a day with
// fewer than two valid events (or s_τ = 0) is missing (METHODOLOGY.md 6.7).
func (g *group) corradoZivney() results.TestRow {
	if g.n() < 2 {
		return row(g.n(), nan)
	}
	c := g.cache
	a := c.sums.get("corrado_zivney", g.idx, g.corradoZivneySums)
	c1 := g.w.T1 - c.gridLo
	est, stat, _, _ := a.corrado(c1, c1+g.w.Len()-1)
	return withNormal(row(g.n(), est), stat)
}

// corradoZivneySums adds the U_it of every event of V into column sums.
// The first set asked for is built in full and kept as the base (czBase);
// every other set is the base less and plus the events whose ranks differ
// (czFromBase). The sums are integers, so both ways give the same bits.
func (g *group) corradoZivneySums() *rankSums {
	c := g.cache
	sd := g.czDaySD()
	base := c.cz.get(func() *czBase { return g.czBuild(sd) })
	if slices.Equal(base.idx, g.idx) {
		return base.tally.rankSums()
	}
	return g.czFromBase(base, sd).rankSums()
}

// czDaySD is s_τ per relative event day over V (index τ - lo), NaN where
// fewer than two events have a SAR or s_τ = 0, and lo.
func (g *group) czDaySD() czSD {
	lo, hi := math.MaxInt, math.MinInt
	for _, e := range g.v {
		lo = min(lo, e.EvtWindow.T1)
		hi = max(hi, e.EvtWindow.T1+len(e.SAR)-1)
	}
	sd := make([]float64, max(hi-lo+1, 0))
	// The days' columns in one pass over the events (each event's SARs
	// are read once, in order), in the order of V as before.
	n := len(g.v)
	buf := make([]float64, len(sd)*n)
	cols := make([][]float64, len(sd))
	for d := range cols {
		cols[d] = buf[d*n : d*n : (d+1)*n]
	}
	for _, e := range g.v {
		off := e.EvtWindow.T1 - lo
		for j, v := range e.SAR {
			if finite(v) {
				cols[off+j] = append(cols[off+j], v)
			}
		}
	}
	for d, col := range cols {
		sd[d] = nan
		if len(col) >= 2 {
			if _, s := meanSD(col); s > 0 {
				sd[d] = s
			}
		}
	}
	return czSD{sd: sd, lo: lo}
}

// czSD is s_τ by relative day τ, from lo.
type czSD struct {
	sd []float64
	lo int
}

// extras fills x with e's event-window SARs re-standardized by s_τ (NaN
// where either is missing).
func (s czSD) extras(e *analysis.EventEstimate, x []float64) {
	for j, v := range e.SAR {
		x[j] = nan
		if d := e.EvtWindow.T1 + j - s.lo; d >= 0 && d < len(s.sd) {
			x[j] = v / s.sd[d]
		}
	}
}

func (g *group) runGrank() [5]float64 {
	if g.haveGrank {
		return g.grank
	}
	g.haveGrank = true
	scar := make([]float64, len(g.v))
	simple := g.cfg.CARVar == "simple"
	for i, e := range g.v {
		scar[i] = e.SCAR(g.w, simple)
	}
	u0, su, z, t, T := nan, nan, nan, nan, 0
	if _, sSCAR := meanSD(scar); len(scar) >= 2 && sSCAR > 0 {
		days := make([]int, len(g.v))
		est := make([]sortedSAR, len(g.v))
		for i, e := range g.v {
			days[i], est[i] = len(e.Residual), g.estSAR(i)
		}
		u0, su, z, t, T = grank(days, est, scar, sSCAR)
	}
	g.grank = [5]float64{u0, su, z, t, float64(T)}
	return g.grank
}

func (g *group) grankT() results.TestRow {
	if g.n() < 2 {
		return row(g.n(), nan)
	}
	gr := g.runGrank()
	return withT(row(g.n(), gr[0]), gr[3], int(gr[4])-2)
}

func (g *group) grankZ() results.TestRow {
	if g.n() < 2 {
		return row(g.n(), nan)
	}
	gr := g.runGrank()
	return withNormal(row(g.n(), gr[0]), gr[2])
}

func (g *group) sign() results.TestRow {
	_, z, lo, up, p, est, exact := SignTest(g.car)
	r := row(g.n(), est)
	if g.n() < 2 {
		return r
	}
	if exact {
		return withExact(r, z, p, lo, up)
	}
	return withNormal(r, z)
}

func (g *group) genSign() results.TestRow {
	shares := make([]float64, len(g.v))
	for k, i := range g.idx {
		shares[k] = g.cache.posShare[i]
	}
	_, _, z, est := generalizedSign(g.car, shares)
	r := row(g.n(), est)
	if g.n() < 2 {
		return r
	}
	return withNormal(r, z)
}

// wilcoxon's n is the number of non-zero CARs used (6.0).
func (g *group) wilcoxon() results.TestRow {
	_, z, lo, up, p, est, n := WilcoxonSignedRank(g.car)
	r := row(n, est)
	if g.n() < 2 {
		return r
	}
	if n <= ExactMax {
		return withExact(r, z, p, lo, up)
	}
	return withNormal(r, z)
}

// skewT uses the events of V with a BHAR (a valid return and benchmark on
// every window day, 4.4); n counts them.
func (g *group) skewT() results.TestRow {
	bhar := make([]float64, 0, len(g.v))
	for _, e := range g.v {
		if b := e.BHAR(g.w, g.cfg.BHARBenchmark); finite(b) {
			bhar = append(bhar, b)
		}
	}
	est, _, t := SkewAdjustedT(bhar)
	r := row(len(bhar), est)
	if len(bhar) < 3 {
		return r
	}
	return withT(r, t, len(bhar)-1)
}
