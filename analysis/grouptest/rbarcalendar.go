package grouptest

import (
	"math"
	"math/bits"
	"slices"

	"github.com/breachlab/eventstudy/analysis/grouptest/internal/pairs"
	"github.com/breachlab/eventstudy/internal/parallel"
)

// The calendar r̄ of a window reads, per event of its set, the window's
// first and last dates, whether the residuals are complete, their
// estimation dates' range, mean and sd, and the pair ranking's rank. Read
// through each event's KPEvent they were a cache miss or more per event
// and window, and the blocks were found with a map keyed by five ints
// (together a third of r̄'s time at 100,000 events). rBarsCalendar reads
// them from arrays made once (prepareKPEvents) in order of the events,
// and finds the blocks with a table keyed by the window's dates and a
// class of the estimation dates. The same blocks in the same order, the
// same block sums as rBarPlain, bit for bit.

// kpEvent is what rBarsCalendar reads of an event.
type kpEvent struct {
	m, s float64 // mean and sd of the residuals (kpStat), when complete
	// class numbers the estimation dates (first, last and how many) of
	// the events with complete residuals on every estimation date; -1
	// for the others, which are in no block.
	class int32
	rank  int32 // the pair ranking's rank (pairs.Pairs.Rank)
	evt1  int32 // first relative event day
}

// prepareKPEvents makes kpEv and the event-window dates kpCal (event i's
// at kpCal[i*kpWidth:]) from the events, their kpStats and the pair ranking.
func (c *cache) prepareKPEvents() {
	events := c.events
	c.kpWidth = 0
	for _, e := range events {
		if fitted(e) {
			c.kpWidth = max(c.kpWidth, len(e.EvtCal))
		}
	}
	c.kpEv = make([]kpEvent, len(events))
	c.kpCal = make([]int32, len(events)*c.kpWidth)
	classes := map[[3]int]int32{}
	for i, e := range events {
		if !fitted(e) {
			continue
		}
		st := c.kpStat[i]
		k := kpEvent{m: st.m, s: st.s, class: -1, rank: c.kp.Rank(i), evt1: int32(e.EvtWindow.T1)}
		if st.complete && len(e.EstCal) == len(e.Residual) {
			key := [3]int{e.EstCal[0], e.EstCal[len(e.EstCal)-1], len(e.EstCal)}
			cl, ok := classes[key]
			if !ok {
				cl = int32(len(classes))
				classes[key] = cl
			}
			k.class = cl
		}
		c.kpEv[i] = k
		for j, d := range e.EvtCal {
			c.kpCal[i*c.kpWidth+j] = int32(d)
		}
	}
}

// kpSpan is how one window sees an event of the pair ranking: its
// window's first and last dates, and its block in the window (-1: none).
// An event outside the window's set spans nothing (first > last), so it
// overlaps no other.
type kpSpan struct{ first, last, block int32 }

var noSpan = kpSpan{first: 1, last: 0, block: -1}

// rBarsCalendar sets rBarPlain's r̄ (calendar dates) of every group of gs
// (the windows of one cache) at once: each window's blocks summed as
// rBarPlain does, then every overlapping pair correlated once
// (pairs.Correlate) and its 2 ρ_ij c_ij added to the sums of each window
// whose set holds both events outside one block.
//
// Memory O(events × windows): the ρ of the pairs are not kept (at
// 144,000 events clustered in earnings seasons they were 190 million,
// 1.5 GB), and no window sweeps them again. Each rank's pairs are summed
// per window in its own slot, in order of its partners, and the slots
// added in rank order, so the bits do not depend on scheduling; the
// order of the additions is not rBarPlain's, so r̄ agrees with it to
// rounding (TestRBarCalendarMatchesPlain).
func (c *cache) rBarsCalendar(gs []*group) {
	nw := len(gs)
	if nw == 0 {
		return
	}
	cfg := gs[0].cfg
	minShared := max(cfg.KPMinShared, 2)
	nr := c.kp.Len()
	spans := make([]kpSpan, nw*nr) // rank r's in window w at w*nr+r
	for i := range spans {
		spans[i] = noSpan
	}
	totals := make([]float64, nw)
	ranked := make([]bool, nw)
	parallel.For(nw, func(w int) {
		g := gs[w]
		n := len(g.idx)
		order := make([]sweepItem, n)
		ranked[w] = true
		for k, i := range g.idx {
			ev := &c.kpEv[i]
			at := i*c.kpWidth + g.w.T1 - int(ev.evt1)
			order[k] = sweepItem{first: c.kpCal[at], last: c.kpCal[at+g.w.Len()-1], i: int32(k)}
			ranked[w] = ranked[w] && ev.rank >= 0
		}
		if n < 2 || !ranked[w] {
			return
		}
		blockOf, start, members := g.kpBlocksCalendar(order)
		totals[w] = g.kpBlockSumsCalendar(blockOf, start, members, minShared)
		for k, i := range g.idx {
			spans[w*nr+int(c.kpEv[i].rank)] = kpSpan{order[k].first, order[k].last, blockOf[k]}
		}
	})
	// sorted[w]: the window's first dates ascend with the rank (as they
	// do when every event's window is its event window shifted alike), so
	// a rank's partners after the first one starting past its window's
	// end do not overlap it either (short windows overlap a fraction of
	// the partners).
	sorted := make([]bool, nw)
	parallel.For(nw, func(w int) {
		sorted[w] = true
		last := int32(math.MinInt32)
		for _, s := range spans[w*nr : (w+1)*nr] {
			if s.first > s.last {
				continue
			}
			if s.first < last {
				sorted[w] = false
				return
			}
			last = s.first
		}
	})
	rows := make([]float64, nr*nw) // rank r's sum in window w at r*nw+w
	kp := c.kp
	kp.Correlate(func(i int) []int { return c.events[i].EstCal }, func(i int) []float64 { return c.events[i].Residual },
		cfg.KPMinShared, func(r int, rho []float64) {
			lo, _ := kp.Row(r)
			for w := range nw {
				if a := spans[w*nr+r]; a.first <= a.last {
					rows[r*nw+w] = rowTerms(a, spans[w*nr+lo:][:len(rho)], rho, sorted[w], kp, r, lo)
				}
			}
		})
	c.blockPairs(totals, spans, nr, minShared)
	for w, g := range gs {
		n := len(g.idx)
		switch {
		case n < 2:
			g.rbar = nan
		case !ranked[w]:
			g.rbar = g.rBarPlain()
		default:
			total := totals[w]
			for r := range nr {
				total += rows[r*nw+w]
			}
			g.rbar = total / float64(n*(n-1))
		}
		g.haveRbar = true
	}
}

// rowTerms is Σ_k 2 ρ_k c of the event of rank r, span a in a window,
// with its partners of ranks lo+k, spans bs[k], ρ_k = rho[k] (pairTerm
// of each): in four partial sums, as an addition waits on the one before
// (a single sum took as long as the pairs' dot products). sorted: the
// partners' spans ascend by first date, so the first past a's last date
// ends the pairs.
func rowTerms(a kpSpan, bs []kpSpan, rho []float64, sorted bool, kp *pairs.Pairs, r, lo int) float64 {
	L := a.last - a.first + 1
	var s [4]float64
	for k, x := range rho {
		b := bs[k]
		if sorted && b.first > a.last && b.first <= b.last {
			break
		}
		ov := min(a.last, b.last) - max(a.first, b.first) + 1
		if ov <= 0 || a.block >= 0 && a.block == b.block {
			continue
		}
		if b.last-b.first+1 != L {
			d, _ := pairTerm(a, b, x, kp, r, lo+k)
			s[k&3] += d
			continue
		}
		s[k&3] += 2 * x * float64(ov) / float64(L)
	}
	return (s[0] + s[1]) + (s[2] + s[3])
}

// pairTerm is 2 ρ c_ij of the events of ranks r and q, spans a and b in
// a window, with ρ = rho; false when the window does not pair them (not
// both in its set, one block, or windows that do not overlap). L is that
// of the one first in rBarPlain's sweep (window start, block, index).
func pairTerm(a, b kpSpan, rho float64, kp *pairs.Pairs, r, q int) (float64, bool) {
	if a.block >= 0 && a.block == b.block {
		return 0, false
	}
	ov := min(a.last, b.last) - max(a.first, b.first) + 1
	if ov <= 0 {
		return 0, false
	}
	L := a.last - a.first + 1
	if lb := b.last - b.first + 1; lb != L && (b.first < a.first ||
		b.first == a.first && (b.block < a.block || b.block == a.block && kp.ID(q) < kp.ID(r))) {
		L = lb
	}
	return 2 * rho * float64(ov) / float64(L), true
}

// blockPairs adds to totals the pairs of events of one pair-ranking
// block (complete, the same event and estimation dates: pairs.Correlate
// leaves them out) that a window pairs all the same: those of a member
// that left its block in the window (residuals that do not vary, or no
// other member varies), which the window's block sums do not hold. Such
// pairs are rare; their ρ is correlated anew.
func (c *cache) blockPairs(totals []float64, spans []kpSpan, nr, minShared int) {
	kp := c.kp
	for a := 0; a < kp.Len(); {
		b, _ := kp.Row(a)
		if b-a < 2 {
			a = b
			continue
		}
		for w := range totals {
			// the members in the window outside a block, and whether those
			// in one are all in the same (when not, every pair is checked)
			loose, tight, mixed := false, int32(-1), false
			for r := a; r < b; r++ {
				s := spans[w*nr+r]
				switch {
				case s.first > s.last:
				case s.block < 0:
					loose = true
				case tight >= 0 && s.block != tight:
					mixed = true
				default:
					tight = s.block
				}
			}
			if !loose && !mixed {
				continue
			}
			for r := a; r < b; r++ {
				for q := r + 1; q < b; q++ {
					sa, sb := spans[w*nr+r], spans[w*nr+q]
					if !mixed && sa.block >= 0 && sb.block >= 0 {
						continue
					}
					if _, ok := pairTerm(sa, sb, 1, kp, r, q); !ok {
						continue
					}
					ea, eb := c.events[kp.ID(r)], c.events[kp.ID(q)]
					rho := pairs.Correlation(ea.EstCal, ea.Residual, eb.EstCal, eb.Residual, minShared)
					d, _ := pairTerm(sa, sb, rho, kp, r, q)
					totals[w] += d
				}
			}
		}
		a = b
	}
}

// kpBlocksCalendar is kpBlocks of the set's events, order[k] holding
// event k's window dates: the blocks numbered as they are first met,
// block b's members members[start[b]:start[b+1]] in order.
func (g *group) kpBlocksCalendar(order []sweepItem) (blockOf, start, members []int32) {
	c := g.cache
	n := len(order)
	blockOf = make([]int32, n)
	// An open-addressing table of the blocks met, keyed by the window's
	// dates and the estimation dates' class; b is the block's number + 1
	// (0: empty).
	type slot struct{ first, last, class, b int32 }
	shift := 64 - bits.Len(uint(2*n))
	table := make([]slot, 1<<(64-shift))
	mask := len(table) - 1
	var count []int32
	for k, it := range order {
		cl := c.kpEv[g.idx[k]].class
		if cl < 0 {
			blockOf[k] = -1
			continue
		}
		h := uint64(uint32(it.first)) | uint64(uint32(it.last))<<32
		h = (h ^ uint64(uint32(cl))*0x9e3779b97f4a7c15) * 0xff51afd7ed558ccd
		for p := int(h >> shift); ; p = (p + 1) & mask {
			s := &table[p]
			if s.b == 0 {
				*s = slot{it.first, it.last, cl, int32(len(count)) + 1}
				count = append(count, 0)
			} else if s.first != it.first || s.last != it.last || s.class != cl {
				continue
			}
			blockOf[k] = s.b - 1
			count[s.b-1]++
			break
		}
	}
	start = make([]int32, len(count)+1)
	for b, m := range count {
		start[b+1] = start[b] + m
	}
	members = make([]int32, start[len(count)])
	at := slices.Clone(start[:len(count)])
	for k, b := range blockOf {
		if b >= 0 {
			members[at[b]] = int32(k)
			at[b]++
		}
	}
	return blockOf, start, members
}

// kpBlockSumsCalendar is kpBlockSums over kpBlocksCalendar's blocks.
func (g *group) kpBlockSumsCalendar(blockOf, start, members []int32, minShared int) float64 {
	c := g.cache
	var total float64
	var S []float64
	var kept []int32
	var keptID []int
	for b := range len(start) - 1 {
		mem := members[start[b]:start[b+1]]
		if len(mem) == 1 {
			blockOf[mem[0]] = -1
			continue
		}
		T := len(g.v[mem[0]].EstCal)
		kept, keptID = kept[:0], keptID[:0]
		for _, k := range mem {
			if !(c.kpEv[g.idx[k]].s > 0) {
				blockOf[k] = -1
				continue
			}
			kept = append(kept, k)
			keptID = append(keptID, g.idx[k])
		}
		if len(kept) < 2 || T < minShared {
			if len(kept) < 2 {
				for _, k := range mem {
					if blockOf[k] == int32(b) {
						blockOf[k] = -1
					}
				}
			}
			continue
		}
		ss, ok := c.blocks.get(keptID, T)
		if !ok {
			S = slices.Grow(S[:0], T)[:T]
			clear(S)
			for _, k := range kept {
				ev := &c.kpEv[g.idx[k]]
				for t, v := range g.v[k].Residual {
					S[t] += (v - ev.m) / ev.s
				}
			}
			ss = 0
			for _, v := range S {
				ss += v * v
			}
			c.blocks.put(keptID, T, ss)
		}
		total += ss/float64(T-1) - float64(len(kept))
	}
	return total
}
