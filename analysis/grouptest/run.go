package grouptest

import (
	"math"
	"slices"
	"sync"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/pairs"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

// Run computes the tests ids (in that order; unknown ids are skipped) for
// one group and one window w. events is the group's primary set (status ok,
// one event per stage component, docs/methodology.md 4.5); Run restricts it to
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
	return runWindows(newCache(ids, events), ids, windows, cfg)
}

// runWindows is RunWindows over a cache made for (at least) ids.
func runWindows(c *cache, ids []string, windows []analysis.Window, cfg analysis.Config) []results.TestRow {
	// Longest windows first: a window's cost grows with its length, and a
	// long one started last would leave the other core idle.
	order := make([]int, len(windows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return windows[b].Len() - windows[a].Len() })
	groups := make([]*group, len(windows))
	perWindow := make([][]results.TestRow, len(windows)) // by position in ids
	has := make([][]bool, len(windows))
	copy(groups, newGroups(c, windows, cfg, needsSCARs(ids), slices.Contains(ids, "skew_t") || slices.Contains(ids, "skew_t_boot")))
	for i, g := range groups {
		g.bwAt = i
		perWindow[i], has[i] = make([]results.TestRow, len(ids)), make([]bool, len(ids))
	}
	c.bw = &bwMemo{groups: groups}
	// stage runs the tests pick selects on every window.
	stage := func(pick func(t *Test) bool) {
		parallel.For(len(windows), func(k int) {
			i := order[k]
			w := windows[i]
			for n, id := range ids {
				if t := lookup(id); t != nil && pick(t) && (t.needs&needMCap == 0 || c.anyMCap) {
					row := t.run(groups[i])
					row.Window, row.Test = w.String(), id
					perWindow[i][n], has[i][n] = row, true
				}
			}
		})
	}
	// r̄'s arrays and the rank tests' sorted estimation values are the
	// largest things prepared: the kp tests run first on every window and
	// their arrays are dropped before the rank tests' preparation, so that
	// the two are never live at once. The calendar r̄ of every window is
	// made at once, each overlapping pair correlated once for all.
	needs := needsOf(ids)
	if needs&needKP != 0 {
		c.ready(needKP, cfg)
		if c.calendarRBar(cfg) {
			c.rBarsCalendar(groups)
		}
		stage(func(t *Test) bool { return t.needs&needKP != 0 })
		c.release(needKP)
	}
	c.ready(needs&^needKP, cfg)
	stage(func(t *Test) bool { return t.needs&needKP == 0 })
	c.releaseWindowed()
	rows := make([]results.TestRow, 0, len(ids)*len(windows))
	for i, r := range perWindow {
		for n, ok := range has[i] {
			if ok {
				rows = append(rows, r[n])
			}
		}
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
	est []ranks.Sorted
	// corradoAll is the tally of every event's corrado ranks U_it on the
	// grid: a window's sums are it less the events its set lacks.
	corradoAll *ranks.Tally
	kp         *pairs.Pairs // the events ranked for r̄'s pairs (kp_*, calendar r̄)
	blocks     *blockMemo   // Σ_t S_bt² of r̄'s blocks (calendar r̄), filled by the windows
	posShare   []float64    // share of positive estimation residuals (gen_sign)
	kpStat     []kpStat     // completeness, mean and sd of the residuals (kp_*)
	// kpEv and kpCal are what the calendar r̄ reads of each event
	// (prepareKPEvents), kpWidth the most event days of an event.
	kpEv    []kpEvent
	kpCal   []int32
	kpWidth int
	sums    *sumsMemo // corrado's and corrado_zivney's column sums by event set
	cz      *czMemo   // corrado_zivney's base tally (ranks.CZBase)
	anyMCap bool      // some event has a market cap (vw_caar and dollar have rows)
	// evt1 and df are each fitted event's first relative event day and
	// estimation df (avol_u, avol_rank), read in order of the events.
	evt1, df []int32
	absRank  [][]float64 // per event-window day, SAR²'s Mann–Whitney count (avol_rank)
	// needs is what the cache's tests need prepared, done what is
	// (ready, release).
	needs, done need

	// grankBase is GRANK's tally of what does not depend on the window
	// (with grank_t or grank_z, needOrder); estCols the most estimation
	// days of a fitted event.
	grankBase *grankBase
	wantGrank bool
	estCols   int
	// sarRows holds, with corrado_zivney (needOrder), every fitted event
	// i's event-window SARs at sarRows[i*sarWidth:][:sarSpan[i].n], its
	// first relative day sarSpan[i].t1 (sarOf): one array read in order by
	// the passes over a window's set, where each event's own was a cache
	// miss or two. sarHint[i*sarWidth:][:sarSpan[i].nh] are the indices
	// of its non-NaN SARs by value (corrado_zivney's sort hint, czEvent).
	// sarWidth is the most event-window days of a fitted event.
	sarRows  []float64
	sarHint  []int32
	sarSpan  []sarSpan
	sarWidth int
	wantCZ   bool
	// bw is bw_cda's sums of the windows of the current runWindows call.
	bw *bwMemo
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
	sums *ranks.Sums
}

// get returns test's sums over the events idx, made by build the first time.
func (m *sumsMemo) get(test string, idx []int, build func() *ranks.Sums) *ranks.Sums {
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

// fitted reports whether e has an estimate the tests can use.
func fitted(e *analysis.EventEstimate) bool {
	return e != nil && e.Fit != nil && e.Fit.Sigma2 > 0
}

// prepareChunk is how many events one worker prepares at a time (with
// one set of scratch space); below it, prepare runs on one core.
const prepareChunk = 64

// prepare computes the cache for the tests ids over events.
func prepare(ids []string, events []*analysis.EventEstimate, cfg analysis.Config) *cache {
	c := newCache(ids, events)
	c.ready(c.needs, cfg)
	return c
}

// newCache is the cache for the tests ids over events with nothing
// prepared yet (ready does).
func newCache(ids []string, events []*analysis.EventEstimate) *cache {
	c := &cache{events: events, sums: &sumsMemo{}, cz: &czMemo{}, needs: needsOf(ids),
		wantGrank: slices.Contains(ids, "grank_t") || slices.Contains(ids, "grank_z"),
		wantCZ:    slices.Contains(ids, "corrado_zivney")}
	c.evt1, c.df = make([]int32, len(events)), make([]int32, len(events))
	for i, e := range events {
		c.anyMCap = c.anyMCap || (e != nil && e.MCap > 0)
		if fitted(e) {
			c.evt1[i], c.df[i] = int32(e.EvtWindow.T1), int32(e.Fit.DF)
		}
	}
	lo, hi := math.MaxInt, math.MinInt
	for _, e := range events {
		if fitted(e) {
			lo = min(lo, e.EstWindow.T1, e.EvtWindow.T1)
			hi = max(hi, e.EstWindow.T2, e.EvtWindow.T2)
			c.estCols = max(c.estCols, len(e.Residual))
			c.sarWidth = max(c.sarWidth, len(e.SAR))
		}
	}
	if lo <= hi {
		c.gridLo, c.gridLen = lo, hi-lo+1
	}
	return c
}

// ready prepares what the needs n of the cache's tests ask for and is not
// prepared yet (nothing without a fitted event).
func (c *cache) ready(n need, cfg analysis.Config) {
	n &= c.needs &^ c.done
	if c.gridLen == 0 || n == 0 {
		return
	}
	if n&needShares != 0 {
		c.prepareShares()
	}
	if n&needKP != 0 {
		c.prepareKP(cfg)
	}
	if n&needOrder != 0 {
		c.prepareRanks(c.needs&needCorrado != 0, n&needAbsRank != 0)
		n |= c.needs & needCorrado
		if n&needAbsRank != 0 {
			c.done |= needAbsRank // made with the order
			n &^= needAbsRank
		}
	}
	if n&needAbsRank != 0 {
		c.prepareAbsRank()
	}
	c.done |= n
}

// releaseWindowed drops what only one call's windows read (the
// corrado_zivney base and SAR rows, GRANK's base, bw_cda's sums: 60 MB
// at 100,000 events) before the next call (RunWindowsDays' days run
// none of those tests; a call that did would rebuild the base, and read
// the SARs and rank GRANK without the others).
func (c *cache) releaseWindowed() {
	c.cz = &czMemo{}
	c.sarRows, c.sarHint, c.sarSpan = nil, nil, nil
	c.grankBase = nil
	c.bw = nil
}

// release drops what was prepared for needKP once no window needs it
// (ready would prepare it again).
func (c *cache) release(n need) {
	if n&needKP != 0 {
		c.kp, c.blocks, c.kpStat = nil, nil, nil
		c.kpEv, c.kpCal = nil, nil
		c.done &^= needKP
	}
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
	scarVar   []float64 // SCAR_i with the --car-var variance (GRANK's, whatever --multi-day)
	bwAt      int       // index in cache.bw's groups, -1 for none
	q         []float64 // Q_i (qs), when newGroups made it
	bhar      []float64 // the finite BHARs (bhars), when newGroups made them
	rbar      float64
	haveRbar  bool
	grank     [5]float64 // ubar0, sUbar, z, t, T
	haveGrank bool
	cache     *cache
}

func newGroup(c *cache, w analysis.Window, cfg analysis.Config) *group {
	// Presized: at 100,000 events the appends' regrowth was 340 MB of
	// garbage over the 29 windows and days of a run.
	n := len(c.events)
	g := &group{w: w, cfg: cfg, cache: c, bwAt: -1,
		v: make([]*analysis.EventEstimate, 0, n), idx: make([]int, 0, n), car: make([]float64, 0, n)}
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

// newGroups is newGroup for each of windows, made event by event: each
// event's ARs, and with scars its fit and regressors, are read once for
// all the windows (a group at a time read them once a window, a cache
// miss or more an event: 0.8 CPU-s of CAR and CARVariance at 100M over
// the 29 windows and days): a first pass finds the sets (a bit per event
// and window) and keeps the CARs of a chunk of events at a time, a second
// places the members' CARs and fills, with scars, each group's varSCARs
// and qs, with bhars its bhars (window-by-event columns of all the values
// were 6 MB for the eight windows at 100,000 events and up to 50 MB for
// the 21 days). The same calls per event and window (CAR, CARVariance,
// Fit.Q, BHAR), so the same values (TestNewGroups); the groups' slices
// are sized to their sets.
func newGroups(c *cache, windows []analysis.Window, cfg analysis.Config, scars, bhars bool) []*group {
	n, nw := len(c.events), len(windows)
	// in[i*words+w/64] bit w%64: event i is in window w's set.
	words := (nw + 63) / 64
	in := make([]uint64, n*words)
	const chunk = 4 * prepareChunk
	count := make([][]int, (n+chunk-1)/chunk) // per chunk and window
	// cars[k] are chunk k's CARs by event, then window, for the second
	// pass: computing them again read every event's ARs twice (1.3 MB a
	// chunk for the 21 days of aar.csv, freed as the chunk is read).
	cars := make([][]float64, len(count))
	parallel.ForChunks(n, chunk, func(lo, hi int) {
		cnt := make([]int, nw)
		car := make([]float64, (hi-lo)*nw)
		for i := lo; i < hi; i++ {
			e := c.events[i]
			if !fitted(e) {
				continue
			}
			for w, win := range windows {
				x, _ := e.CAR(win)
				car[(i-lo)*nw+w] = x
				if finite(x) {
					in[i*words+w/64] |= 1 << (w % 64)
					cnt[w]++
				}
			}
		}
		count[lo/chunk], cars[lo/chunk] = cnt, car
	})
	groups := make([]*group, nw)
	for w, win := range windows {
		m := 0
		for _, cnt := range count {
			m += cnt[w]
		}
		g := &group{w: win, cfg: cfg, cache: c, bwAt: -1,
			v: make([]*analysis.EventEstimate, 0, m), idx: make([]int, 0, m), car: make([]float64, m)}
		if scars {
			g.scarVar, g.q = make([]float64, m), make([]float64, m)
		}
		if bhars {
			g.bhar = make([]float64, m) // every member's, then the finite ones
		}
		groups[w] = g
	}
	parallel.For(nw, func(w int) {
		g := groups[w]
		for i := range n {
			if in[i*words+w/64]&(1<<(w%64)) != 0 {
				g.v = append(g.v, c.events[i])
				g.idx = append(g.idx, i)
			}
		}
	})
	// The sets known, a second pass over the events fills each member's
	// CAR (again: the same call), SCAR, Q and BHAR at its place in every
	// set that holds it.
	simple := cfg.CARVar == analysis.CARVarSimple
	parallel.ForChunks(n, chunk, func(lo, hi int) {
		at := make([]int, nw) // each set's first member at or after lo
		for w, g := range groups {
			at[w], _ = slices.BinarySearch(g.idx, lo)
		}
		car := cars[lo/chunk]
		cars[lo/chunk] = nil
		for i := lo; i < hi; i++ {
			e := c.events[i]
			for w, g := range groups {
				k := at[w]
				if k == len(g.idx) || g.idx[k] != i {
					continue
				}
				at[w]++
				g.car[k] = car[(i-lo)*nw+w]
				if scars {
					g.scarVar[k] = g.car[k] / math.Sqrt(e.CARVariance(g.w, simple))
					g.q[k] = e.Fit.Q()
				}
				if bhars {
					g.bhar[k] = e.BHAR(g.w, cfg.BHARBenchmark)
				}
			}
		}
	})
	if bhars {
		for _, g := range groups {
			b := g.bhar[:0]
			for _, x := range g.bhar {
				if finite(x) {
					b = append(b, x)
				}
			}
			g.bhar = b
		}
	}
	return groups
}

// needsSCARs reports whether one of the tests ids reads the SCARs (scars,
// varSCARs).
func needsSCARs(ids []string) bool {
	for _, id := range ids {
		switch id {
		case "patell", "bmp", "kp_patell", "kp_bmp", "grank_t", "grank_z":
			return true
		}
	}
	return false
}

func (g *group) n() int { return len(g.v) }

func (g *group) caar() float64 {
	caar, _ := CrossSectionalT(g.car)
	return caar
}

// scars returns SCAR_i (docs/methodology.md 5; exact variance unless
// --car-var simple) or, with --multi-day sum-sar, CSAR_i/√L (6.4).
func (g *group) scars() []float64 {
	if g.scar != nil {
		return g.scar
	}
	if g.cfg.MultiDay != analysis.MultiDaySumSAR {
		g.scar = g.varSCARs()
		return g.scar
	}
	g.scar = make([]float64, len(g.v))
	L := float64(g.w.Len())
	for i, e := range g.v {
		a := g.w.T1 - e.EvtWindow.T1
		s := 0.0
		for j := a; j < a+g.w.Len(); j++ {
			s += e.SAR[j]
		}
		g.scar[i] = s / math.Sqrt(L)
	}
	return g.scar
}

// varSCARs returns SCAR_i = CAR_i/sqrt(Var(CAR_i)) (analysis's SCAR, the
// --car-var variance) from the window's CARs, which newGroup computed
// already: the same division, without summing each event's ARs again.
func (g *group) varSCARs() []float64 {
	if g.scarVar != nil {
		return g.scarVar
	}
	g.scarVar = make([]float64, len(g.v))
	simple := g.cfg.CARVar == analysis.CARVarSimple
	for i, e := range g.v {
		g.scarVar[i] = g.car[i] / math.Sqrt(e.CARVariance(g.w, simple))
	}
	return g.scarVar
}
