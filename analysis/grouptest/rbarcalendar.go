package grouptest

import (
	"math/bits"
	"slices"
)

// The calendar r̄ of a window reads, per event of its set, the window's
// first and last dates, whether the residuals are complete, their
// estimation dates' range, mean and sd, and the pair memo's rank. Read
// through each event's KPEvent they were a cache miss or more per event
// and window, and the blocks were found with a map keyed by five ints
// (together a third of r̄'s time at 100,000 events). rBarCalendar reads
// them from arrays made once (prepareKPEvents) in order of the events,
// and finds the blocks with a table keyed by the window's dates and a
// class of the estimation dates. The same blocks in the same order, the
// same sums in the same order: rBarPlain's r̄ bit for bit
// (TestRBarCalendarMatchesPlain).

// kpEvent is what rBarCalendar reads of an event.
type kpEvent struct {
	m, s float64 // mean and sd of the residuals (kpStat), when complete
	// class numbers the estimation dates (first, last and how many) of
	// the events with complete residuals on every estimation date; -1
	// for the others, which are in no block.
	class int32
	rank  int32 // the pair memo's rank (pairs.Memo.Rank)
	evt1  int32 // first relative event day
}

// prepareKPEvents makes kpEv and the event-window dates kpCal (event i's
// at kpCal[i*kpWidth:]) from the events, their kpStats and the pair memo.
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

// rBarCalendar is rBarPlain's r̄ (calendar dates, ρ from the pair memo)
// from the cache's arrays.
func (g *group) rBarCalendar() float64 {
	c := g.cache
	n := len(g.idx)
	if n < 2 {
		return nan
	}
	minShared := max(g.cfg.KPMinShared, 2)
	L := g.w.Len()
	order := make([]sweepItem, n)
	for k, i := range g.idx {
		ev := &c.kpEv[i]
		at := i*c.kpWidth + g.w.T1 - int(ev.evt1)
		order[k] = sweepItem{first: c.kpCal[at], last: c.kpCal[at+L-1], i: int32(k), rank: -1}
		if c.kp != nil {
			order[k].rank = ev.rank
		}
	}
	blockOf, start, members := g.kpBlocksCalendar(order)
	total := g.kpBlockSumsCalendar(blockOf, start, members, minShared)
	for k := range order {
		order[k].block = blockOf[k]
	}
	order = sortSweep(order)
	total = sweepPairs(total, order, minShared, c.kp, func(k int32) ([]int, []float64) {
		e := g.v[k]
		return e.EstCal, e.Residual
	})
	return total / float64(n*(n-1))
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
