package grouptest

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/pairs"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

// KPFactor returns the Kolari & Pynnönen (2010) cross-correlation
// adjustment factors for N events with average residual correlation r̄
// (docs/methodology.md 6.6):
//
//	t_KP = t_BMP sqrt((1-r̄)/(1+(N-1)r̄)),   Z_P,adj = Z_P sqrt(1/(1+(N-1)r̄)).
//
// Both are NaN when 1+(N-1)r̄ ≤ 0 (the adjustment is undefined).
func KPFactor(rbar float64, n int) (bmpFactor, patellFactor float64) {
	d := 1 + float64(n-1)*rbar
	if !(d > 0) || rbar > 1 {
		return nan, nan
	}
	return math.Sqrt((1 - rbar) / d), math.Sqrt(1 / d)
}

// rBar is the KP r̄ of the window's event set (docs/methodology.md 6.6):
// rBarsCalendar from the cache's arrays where prepareKP made them (for
// all of a call's windows at once, runWindows), else rBarPlain.
func (g *group) rBar() float64 {
	if g.haveRbar {
		return g.rbar
	}
	if g.cache.calendarRBar(g.cfg) {
		g.cache.rBarsCalendar([]*group{g})
	} else {
		g.rbar, g.haveRbar = g.rBarPlain(), true
	}
	return g.rbar
}

// rBarPlain is r̄ of the window's event set by rBarWith over each event's
// KPEvent.
func (g *group) rBarPlain() float64 {
	kp := make([]KPEvent, len(g.v))
	stats := make([]kpStat, len(g.v))
	eventTime := g.cfg.KPRbar == analysis.KPRbarEventTime
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
	return rBarWith(kp, g.cfg.KPMinShared, g.cache.blocks)
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

// calendarRBar reports whether r̄ is rBarsCalendar's: on calendar dates
// (--kp-rbar), with the arrays prepareKP made.
func (c *cache) calendarRBar(cfg analysis.Config) bool {
	return c.kpEv != nil && cfg.KPRbar != analysis.KPRbarEventTime
}

// prepareKP computes each event's kpStat and, for the calendar r̄, the
// pair ranking and the arrays rBarsCalendar reads.
func (c *cache) prepareKP(cfg analysis.Config) {
	events := c.events
	c.kpStat = make([]kpStat, len(events))
	parallel.ForChunks(len(events), prepareChunk, func(lo, hi int) {
		for i, e := range events[lo:hi] {
			if fitted(e) {
				c.kpStat[lo+i] = newKPStat(len(e.Residual), e.Residual)
			}
		}
	})
	if cfg.KPRbar == analysis.KPRbarEventTime {
		return // every pair shares the relative days: one block
	}
	// Every tested window lies in the event window, so pairs whose event
	// windows overlap are all the pairs any window needs.
	var items []pairs.Item
	type dates struct{ first, last, est0, est1, nEst int }
	blocks := map[dates]int{}
	for i, e := range events {
		if !fitted(e) || len(e.EvtCal) == 0 {
			continue
		}
		it := pairs.Item{ID: i, First: e.EvtCal[0], Last: e.EvtCal[len(e.EvtCal)-1], Block: -1}
		if c.kpStat[i].complete && len(e.EstCal) == len(e.Residual) {
			k := dates{it.First, it.Last, e.EstCal[0], e.EstCal[len(e.EstCal)-1], len(e.EstCal)}
			b, ok := blocks[k]
			if !ok {
				b = len(blocks)
				blocks[k] = b
			}
			it.Block = b
		}
		items = append(items, it)
	}
	c.blocks = newBlockMemo()
	c.kp = pairs.New(len(events), items)
	c.prepareKPEvents()
}

// KPEvent is what the Kolari–Pynnönen r̄ needs of one event of a window's
// event set.
type KPEvent struct {
	// Dates is the ascending date key of each estimation day: its calendar
	// position (--kp-rbar calendar) or its relative day (event-time).
	Dates    []int
	Residual []float64 // estimation residual per entry of Dates, NaN where missing
	// WinFirst, WinLast are the dates of the tested window's first and last
	// day (calendar positions). In event-time mode give every event the same
	// pair, so that c_ij = 1 for all pairs.
	WinFirst, WinLast int

	id   int     // index in the cache (blockMemo's key), -1 for none
	stat *kpStat // Residual's completeness, mean and sd, if known
}

// kpStat is what r̄'s blocks need of an event's residuals, which does not
// depend on the window: whether all are present, and their mean and sd
// (MeanSD).
type kpStat struct {
	complete bool
	m, s     float64
}

// newKPStat computes the kpStat of residuals on nDates dates.
func newKPStat(nDates int, residual []float64) kpStat {
	st := kpStat{complete: nDates >= 2 && nDates == len(residual)}
	for _, v := range residual {
		if math.IsNaN(v) {
			st.complete = false
			break
		}
	}
	if st.complete {
		st.m, st.s = MeanSD(residual)
	}
	return st
}

// rBar is the average cross-correlation r̄ of Kolari & Pynnönen (2010) for a
// window of length L, docs/methodology.md 6.6: the mean over all N(N-1)/2 pairs of
//
//	r_ij = ρ_ij c_ij,
//
// ρ_ij the Pearson correlation of the two events' residuals over the dates
// D_ij where both have one (0 when |D_ij| < minShared), c_ij = |W_i ∩ W_j|/L
// the share of the window's dates the two windows share.
//
// Cost O(N·T) plus O(T) per pair whose windows overlap but which are not in
// one block: events with the same window dates and the same complete
// estimation dates form a block b, and with standardized residuals
// z_it = (ε_it - ε̄_i)/s_i (divisor T-1) and S_t = Σ_{i∈b} z_it,
//
//	Σ_{i≠j∈b} ρ_ij = Σ_t S_t²/(T-1) - n_b,
//
// so r̄ = [Σ_b (Σ_t S_bt²/(T-1) - n_b) + 2 Σ_other ρ_ij c_ij] / (N(N-1)).
// NaN for N < 2.
func rBar(events []KPEvent, minShared int) float64 {
	return rBarWith(events, minShared, nil)
}

// rBarWith is rBar with a memo of the blocks' Σ_t S_bt² shared by the
// windows of a group (nil: none).
func rBarWith(events []KPEvent, minShared int, blocks *blockMemo) float64 {
	n := len(events)
	if n < 2 {
		return nan
	}
	minShared = max(minShared, 2)
	blockOf, members := kpBlocks(events)
	total := kpBlockSums(events, blockOf, members, minShared, blocks)
	total = kpPairSums(total, events, blockOf, minShared)
	return total / float64(n*(n-1))
}

// kpStatOf is e's kpStat, from the cache when there is one.
func kpStatOf(e *KPEvent) kpStat {
	if e.stat != nil {
		return *e.stat
	}
	return newKPStat(len(e.Dates), e.Residual)
}

// kpBlocks groups the complete events with the same window and the same
// estimation date range into blocks: blockOf[i] is event i's block (-1:
// none), members[b] the events of block b.
func kpBlocks(events []KPEvent) (blockOf []int, members [][]int) {
	type key struct{ wf, wl, d0, d1, nd int }
	blocks := map[key]int{}
	blockOf = make([]int, len(events))
	for i := range events {
		e := &events[i]
		blockOf[i] = -1
		if !kpStatOf(e).complete {
			continue
		}
		k := key{e.WinFirst, e.WinLast, e.Dates[0], e.Dates[len(e.Dates)-1], len(e.Dates)}
		b, ok := blocks[k]
		if !ok {
			b = len(members)
			blocks[k] = b
			members = append(members, nil)
		}
		members[b] = append(members[b], i)
		blockOf[i] = b
	}
	return blockOf, members
}

// kpBlockSums is Σ_b (Σ_t S_bt²/(T-1) - n_b) over the blocks (see rBar).
// Members whose residuals do not vary have no correlation: they leave
// their block (blockOf is updated) and are treated pairwise, where ρ
// comes out 0.
//
// With blocks, Σ_t S_bt² of a block whose kept members (by their index
// in the cache, KPEvent.id) another window already summed is taken from
// it: windows mostly share their blocks, and summing them again was 40 %
// of r̄ at 100,000 events. The same members added in the same order: the
// same bits.
func kpBlockSums(events []KPEvent, blockOf []int, members [][]int, minShared int, blocks *blockMemo) float64 {
	var total float64
	var S []float64  // S_t of the block, reused
	var kept []int   // the block's members that vary, reused
	var keptID []int // their KPEvent.id
	for b, mem := range members {
		if len(mem) == 1 {
			// A block of one adds nothing and is paired like any event.
			blockOf[mem[0]] = -1
			continue
		}
		T := len(events[mem[0]].Dates)
		kept, keptID = kept[:0], keptID[:0]
		for _, i := range mem {
			if st := kpStatOf(&events[i]); !(st.s > 0) {
				blockOf[i] = -1
				continue
			}
			kept = append(kept, i)
			keptID = append(keptID, events[i].id)
		}
		if len(kept) < 2 || T < minShared {
			// ρ_ij = 0 inside the block, or a single member: nothing to add;
			// its members still must not be paired again.
			if len(kept) < 2 {
				for _, i := range mem {
					if blockOf[i] == b {
						blockOf[i] = -1
					}
				}
			}
			continue
		}
		ss, ok := blocks.get(keptID, T)
		if !ok {
			S = slices.Grow(S[:0], T)[:T]
			clear(S)
			for _, i := range kept {
				// z_it = (ε_it - ε̄_i)/s_i (divisor T-1).
				st := kpStatOf(&events[i])
				for t, v := range events[i].Residual {
					S[t] += (v - st.m) / st.s
				}
			}
			ss = 0
			for _, v := range S {
				ss += v * v
			}
			blocks.put(keptID, T, ss)
		}
		total += ss/float64(T-1) - float64(len(kept))
	}
	return total
}

// blockMemo holds Σ_t S_bt² of r̄'s blocks by their kept members' cache
// indices and T, for the windows of one group (which run in parallel,
// hence the lock). A nil memo, or members without a cache index (-1),
// keeps nothing.
type blockMemo struct {
	mu sync.Mutex
	m  map[blockKey][]blockSum
}

// blockKey narrows the search; the member lists themselves decide.
type blockKey struct{ first, last, n, T int }

type blockSum struct {
	ids []int
	ss  float64
}

func newBlockMemo() *blockMemo { return &blockMemo{m: map[blockKey][]blockSum{}} }

func memoizable(ids []int) bool { return len(ids) > 0 && ids[0] >= 0 && ids[len(ids)-1] >= 0 }

func (bm *blockMemo) get(ids []int, T int) (float64, bool) {
	if bm == nil || !memoizable(ids) {
		return 0, false
	}
	bm.mu.Lock()
	defer bm.mu.Unlock()
	for _, e := range bm.m[blockKey{ids[0], ids[len(ids)-1], len(ids), T}] {
		if slices.Equal(e.ids, ids) {
			return e.ss, true
		}
	}
	return 0, false
}

func (bm *blockMemo) put(ids []int, T int, ss float64) {
	if bm == nil || !memoizable(ids) {
		return
	}
	k := blockKey{ids[0], ids[len(ids)-1], len(ids), T}
	bm.mu.Lock()
	defer bm.mu.Unlock()
	for _, e := range bm.m[k] {
		if slices.Equal(e.ids, ids) {
			return // another window summed it meanwhile
		}
	}
	bm.m[k] = append(bm.m[k], blockSum{slices.Clone(ids), ss})
}

// kpPairSums adds 2 Σ ρ_ij c_ij over the pairs outside one block whose
// windows overlap to total (see rBar).
// sweepItem holds what r̄'s pair sweep reads of an event, so that its
// inner loop walks the order alone: reading each partner's KPEvent
// through the event's index was a cache miss per pair.
type sweepItem struct {
	first, last int32 // WinFirst, WinLast; first is the sort key
	i           int32 // index in events
	block       int32 // -1: not in a block (pairwise)
	blockEnd    int32 // position after the last member of its block in order
}

// sortSweep sorts s by (first, block, i), s in order of i: by a counting
// sort on first (windows start on a few thousand dates; a comparison
// sort of 100,000 items per window took a quarter of the sweep), then a
// stable sort of each date's items by block (insertion for the few of a
// usual date), which keeps their order of i. Dates spread far wider than
// the items fall back to slices.SortFunc.
func sortSweep(s []sweepItem) []sweepItem {
	if len(s) < 2 {
		return s
	}
	lo, hi := s[0].first, s[0].first
	for _, it := range s {
		lo, hi = min(lo, it.first), max(hi, it.first)
	}
	if int(hi)-int(lo) > 4*len(s)+1024 {
		slices.SortFunc(s, func(a, b sweepItem) int {
			if c := cmp.Compare(a.first, b.first); c != 0 {
				return c
			}
			if c := cmp.Compare(a.block, b.block); c != 0 {
				return c
			}
			return cmp.Compare(a.i, b.i)
		})
		return s
	}
	at := make([]int32, int(hi-lo)+2)
	for _, it := range s {
		at[it.first-lo+1]++
	}
	for d := 1; d < len(at); d++ {
		at[d] += at[d-1]
	}
	out := make([]sweepItem, len(s))
	for _, it := range s {
		out[at[it.first-lo]] = it
		at[it.first-lo]++
	}
	for a := 0; a < len(out); {
		b := a + 1
		for b < len(out) && out[b].first == out[a].first {
			b++
		}
		if b-a > 32 { // a market-wide date: not quadratic
			slices.SortStableFunc(out[a:b], func(x, y sweepItem) int { return cmp.Compare(x.block, y.block) })
		}
		for k := a + 1; k < b; k++ {
			for j := k; j > a && out[j-1].block > out[j].block; j-- {
				out[j-1], out[j] = out[j], out[j-1]
			}
		}
		a = b
	}
	return out
}

func kpPairSums(total float64, events []KPEvent, blockOf []int, minShared int) float64 {
	n := len(events)
	// Sweep the events in order of window start; a pair contributes only if
	// the windows overlap. Members of one block are adjacent in the order,
	// so a block member skips its own block in one step. The order is total
	// (i breaks ties), so any sort gives it (sortSweep).
	order := make([]sweepItem, n)
	for i := range order {
		e := &events[i]
		order[i] = sweepItem{first: int32(e.WinFirst), last: int32(e.WinLast), i: int32(i), block: int32(blockOf[i])}
	}
	order = sortSweep(order)
	return sweepPairs(total, order, minShared, func(i int32) (dates []int, res []float64) {
		return events[i].Dates, events[i].Residual
	})
}

// sweepPairs adds 2 ρ_ij c_ij of the pairs of order, sorted by sortSweep,
// to total (kpPairSums); series gives the dates and residuals of item i.
func sweepPairs(total float64, order []sweepItem, minShared int, series func(i int32) ([]int, []float64)) float64 {
	n := len(order)
	for p := n - 1; p >= 0; p-- {
		order[p].blockEnd = int32(p + 1)
		if b := order[p].block; b >= 0 && p+1 < n && order[p+1].block == b && order[p+1].first == order[p].first {
			order[p].blockEnd = order[p+1].blockEnd
		}
	}
	for p := 0; p < n; p++ {
		ei := order[p]
		L := ei.last - ei.first + 1
		q := p + 1
		if ei.block >= 0 {
			q = int(ei.blockEnd)
		}
		da, ra := series(ei.i)
		for ; q < n; q++ {
			ej := order[q]
			if ej.first > ei.last {
				break
			}
			ov := min(ei.last, ej.last) - max(ei.first, ej.first) + 1
			if ov <= 0 {
				continue
			}
			db, rb := series(ej.i)
			rho := pairs.Correlation(da, ra, db, rb, minShared)
			total += 2 * rho * float64(ov) / float64(L)
		}
	}
	return total
}
