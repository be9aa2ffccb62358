// Package pairs correlates the estimation residuals of pairs of events for
// the Kolari–Pynnönen r̄ (docs/methodology.md 6.6): Correlation, the
// definition of ρ_ij, and Memo, the ρ_ij of every pair whose event windows
// overlap, made once per group in parallel and shared by every window.
// It is the speed machinery behind analysis/grouptest/kolaripynnonen.go.
package pairs

import (
	"iter"
	"math"
	"slices"
	"sort"

	"github.com/breachlab/eventstudy/internal/parallel"
	"gonum.org/v1/gonum/floats"
)

// Memo holds ρ_ij (Correlation of the estimation residuals on
// calendar dates) of every pair of events whose event windows overlap:
// ρ_ij does not depend on the tested window, so the windows of a study
// share it instead of each correlating its overlapping pairs again (10,000
// events: 410,000 pairs once instead of 1.1 million over the 8 windows).
//
// The events are ranked by window start; the partners of the event at rank r
// are the ranks skip[r] ≤ q < end[r] (the overlapping events after it and
// outside its block), so a pair's ρ is found in O(1) at
// corr[start[r] + q - skip[r]].
type Memo struct {
	rank      []int32 // rank[i]: position of event i in window-start order, -1 if absent
	id        []int32 // id[r]: the event at rank r
	skip, end []int32
	start     []int32
	corr      []float64
}

// Item is an event of NewMemo: its index and event-window dates.
type Item struct {
	ID          int
	First, Last int
	// block is the same number for complete events with the same event and
	// estimation dates, -1 for the others. r̄ sums such events as a block
	// (O(T) each, not O(T) per pair), so their pairs are left out: 2,000
	// firms on one date would otherwise be 2 million correlations.
	Block int
}

// NewMemo correlates, in parallel, every pair of items whose
// [first, last] ranges overlap, except pairs of one block; dates and res
// give an item's estimation dates and residuals.
func NewMemo(n int, items []Item, dates func(id int) []int, res func(id int) []float64, minShared int) *Memo {
	sort.Slice(items, func(a, b int) bool {
		if items[a].First != items[b].First {
			return items[a].First < items[b].First
		}
		if items[a].Block != items[b].Block {
			return items[a].Block < items[b].Block
		}
		return items[a].ID < items[b].ID
	})
	m := &Memo{rank: make([]int32, n), id: make([]int32, len(items)),
		skip: make([]int32, len(items)), end: make([]int32, len(items)), start: make([]int32, len(items)+1)}
	for i := range m.rank {
		m.rank[i] = -1
	}
	for r, it := range items {
		m.rank[it.ID], m.id[r] = int32(r), int32(it.ID)
	}
	// A block's members are adjacent: skip[r] is the first item after r
	// that is not in r's block.
	for r := len(items) - 1; r >= 0; r-- {
		m.skip[r] = int32(r + 1)
		if b := items[r].Block; b >= 0 && r+1 < len(items) && items[r+1].Block == b {
			m.skip[r] = m.skip[r+1]
		}
	}
	// Count, then correlate each event's pairs in parallel.
	for r, it := range items {
		q := int(m.skip[r])
		for q < len(items) && items[q].First <= it.Last {
			q++
		}
		m.end[r] = int32(q)
		m.start[r+1] = m.start[r] + m.end[r] - m.skip[r]
	}
	m.corr = make([]float64, m.start[len(items)])
	// Each item's residuals prepared once for its pairs (nil: dates not
	// consecutive, Correlation's merge path).
	series := make([]*series, len(items))
	parallel.ForChunks(len(items), 64, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			series[r] = newSeries(dates(items[r].ID), res(items[r].ID))
		}
	})
	// The events of one date with the same estimation dates overlap every
	// partner alike: they are correlated together, each run of partners
	// with every one of them while the partners' residuals are in cache
	// (one event at a time read each partner's 2 KB from memory again for
	// every event of its date: the pairs were bound by memory traffic).
	var groups [][2]int
	for r := 0; r < len(items); {
		g := r + 1
		for g < len(items) && sameDates(items[r], items[g], series[r], series[g]) {
			g++
		}
		groups = append(groups, [2]int{r, g})
		r = g
	}
	parallel.ForChunks(len(groups), 8, func(lo, hi int) {
		for _, g := range groups[lo:hi] {
			m.correlateGroup(g[0], g[1], items, series, dates, res, minShared)
		}
	})
	return m
}

// sameDates reports whether items a and b have the same event window and
// the same prepared estimation dates.
func sameDates(a, b Item, sa, sb *series) bool {
	return a.First == b.First && a.Last == b.Last && sa != nil && sb != nil &&
		sa.first == sb.first && len(sa.z) == len(sb.z)
}

// correlateGroup fills the ρ of the items of ranks g0 ≤ r < g1 (one
// date, the same estimation dates: sameDates) with their partners.
func (m *Memo) correlateGroup(g0, g1 int, items []Item, series []*series, dates func(id int) []int, res func(id int) []float64, minShared int) {
	qlo, qhi := int(m.skip[g0]), int(m.end[g0])
	for r := g0 + 1; r < g1; r++ {
		qlo, qhi = min(qlo, int(m.skip[r])), max(qhi, int(m.end[r]))
	}
	// corrAt is r's ρ slot for partner q.
	corrAt := func(r, q int) *float64 { return &m.corr[int(m.start[r])+q-int(m.skip[r])] }
	var own [4][2]float64 // the run's partners' ownSums over the days they share with the group
	for q := qlo; q < qhi; {
		run := 1
		if series[g0] != nil && series[q] != nil {
			run = max(series[g0].sameOverlap(series[q:min(q+4, qhi)]), 1)
		}
		if run > 1 {
			_, j0, n0 := series[g0].overlap(series[q])
			for k, o := range series[q : q+run] {
				own[k][0], own[k][1] = o.ownSums(j0, n0)
			}
		}
		for r := g0; r < g1; r++ {
			a, b := max(q, int(m.skip[r])), min(q+run, int(m.end[r]))
			switch {
			case a >= b:
			case run > 1 && a == q && b == q+run:
				series[r].correlation4Own(series[q:q+run], &own, m.corr[int(m.start[r])+q-int(m.skip[r]):][:run], minShared)
			default:
				for p := a; p < b; p++ {
					if sa, sb := series[r], series[p]; sa != nil && sb != nil {
						*corrAt(r, p) = sa.correlation(sb, minShared)
					} else {
						ia, ib := items[r].ID, items[p].ID
						*corrAt(r, p) = Correlation(dates(ia), res(ia), dates(ib), res(ib), minShared)
					}
				}
			}
		}
		q += run
	}
}

// series is one event's estimation residuals on consecutive dates,
// prepared for the many pair correlations of Memo: with missing days
// set to 0, Σ a_t b_t over two events' shared dates is one dot product
// (gonum's unrolled SIMD kernel), and Σ a_t, Σ a_t² over the shared dates
// are the totals less the few days outside them (partners' windows
// overlap, so their estimation windows are shifted by less than an event
// window) and less the partner's missing days. A pair then costs one dot
// product instead of a loop of five sums with a NaN test per day (r̄'s
// pair correlations: 0.22 → about 0.08 s CPU on the 10,000-event
// benchmark).
type series struct {
	first     int       // date of z[0]
	z         []float64 // residuals, 0 where missing (the residuals themselves if none is)
	sum, sum2 float64   // Σ z_t, Σ z_t²
	miss      []int     // indices of the missing days, ascending
}

// newSeries prepares residuals res on ascending dates; nil unless
// the dates are consecutive.
func newSeries(dates []int, res []float64) *series {
	if !contiguous(dates) || len(dates) != len(res) {
		return nil
	}
	p := &series{first: dates[0], z: res}
	for t, v := range res {
		if math.IsNaN(v) {
			if p.miss == nil {
				p.z = slices.Clone(res)
			}
			p.miss = append(p.miss, t)
			p.z[t] = 0
		}
	}
	p.sum, p.sum2 = sums(p.z)
	return p
}

// sums returns Σ z and Σ z².
func sums(z []float64) (s, ss float64) {
	for _, v := range z {
		s += v
		ss += v * v
	}
	return s, ss
}

// rangeSums returns Σ z_t and Σ z_t² over the n indices from i0 on, less
// those of the indices other.miss[k] - j0 (the partner's missing days,
// partner index j0 at i0), and the number of partner-missing indices in
// the range that are present here.
func (p *series) rangeSums(i0, n int, other *series, j0 int) (s, ss float64, gone int) {
	s, ss = p.ownSums(i0, n)
	return p.lessPartnerMissing(s, ss, i0, n, other, j0)
}

// ownSums returns Σ z_t and Σ z_t² over the n indices from i0: what
// rangeSums takes from p alone, the same for every partner that overlaps
// p on those days.
func (p *series) ownSums(i0, n int) (s, ss float64) {
	if out := len(p.z) - n; out < n {
		// the totals less the days outside the range
		s1, ss1 := sums(p.z[:i0])
		s2, ss2 := sums(p.z[i0+n:])
		return p.sum - s1 - s2, p.sum2 - ss1 - ss2
	}
	return sums(p.z[i0 : i0+n])
}

// lessPartnerMissing is the rest of rangeSums: the sums s, ss over the n
// indices from i0 less the values at other's missing days (other's index
// j0 at i0) present here, and their number.
func (p *series) lessPartnerMissing(s, ss float64, i0, n int, other *series, j0 int) (float64, float64, int) {
	if len(other.miss) == 0 {
		return s, ss, 0
	}
	gone := 0
	k, _ := slices.BinarySearch(other.miss, j0)
	for ; k < len(other.miss) && other.miss[k] < j0+n; k++ {
		i := i0 + other.miss[k] - j0
		if _, missing := slices.BinarySearch(p.miss, i); missing {
			continue
		}
		s -= p.z[i]
		ss -= p.z[i] * p.z[i]
		gone++
	}
	return s, ss, gone
}

// correlation is Correlation of the two series: the Pearson
// correlation over the dates both have, from co-moments Σxy - ΣxΣy/n.
// It agrees with Correlation to rounding (TestPairSeriesCorrelation).
func (p *series) correlation(o *series, minShared int) float64 {
	i0, j0, n0 := p.overlap(o)
	if n0 <= 0 {
		return 0
	}
	m := p.moments(o, i0, j0, n0)
	if m.n < max(minShared, 2) {
		return 0
	}
	return m.pearson(floats.Dot(p.z[i0:i0+n0], o.z[j0:j0+n0]))
}

// sameOverlap returns how many of os, from the first, overlap p on the
// same days (one or more days; 0 if the first does not).
func (p *series) sameOverlap(os []*series) int {
	i0, j0, n0 := p.overlap(os[0])
	if n0 <= 0 {
		return 0
	}
	for k, o := range os[1:] {
		if o == nil {
			return k + 1
		}
		if i, j, n := p.overlap(o); i != i0 || j != j0 || n != n0 {
			return k + 1
		}
	}
	return len(os)
}

// correlation4 is correlation of p with each of the one to four series
// os, which overlap p on the same days (sameOverlap), into corr: the
// partners of one date, usually, whose dot products are one dot4 (a
// shorter run repeats its first partner in the unused lanes: dot4 takes
// the time of about one dot product).
func (p *series) correlation4(os []*series, corr []float64, minShared int) {
	var own [4][2]float64
	_, j0, n0 := p.overlap(os[0])
	for k, o := range os {
		own[k][0], own[k][1] = o.ownSums(j0, n0)
	}
	p.correlation4Own(os, &own, corr, minShared)
}

// correlation4Own is correlation4 given each partner's ownSums over the
// shared days (own[k]): the events of one date share them.
func (p *series) correlation4Own(os []*series, own *[4][2]float64, corr []float64, minShared int) {
	i0, j0, n0 := p.overlap(os[0])
	sa0, saa0 := p.ownSums(i0, n0)
	lo, _ := slices.BinarySearch(p.miss, i0)
	hi, _ := slices.BinarySearch(p.miss, i0+n0)
	var x [4][]float64
	for k := range x {
		x[k] = os[min(k, len(os)-1)].z[j0:]
	}
	var sab [4]float64
	sab[0], sab[1], sab[2], sab[3] = dot4(p.z[i0:i0+n0], x[0], x[1], x[2], x[3])
	var q pearson4
	var n [4]int
	for k := range q.fn {
		kk := min(k, len(os)-1)
		o := os[kk]
		// moments, from the two sides' own sums
		sa, saa, goneA := p.lessPartnerMissing(sa0, saa0, i0, n0, o, j0)
		sb, sbb, _ := o.lessPartnerMissing(own[kk][0], own[kk][1], j0, n0, p, i0)
		n[k] = n0 - (hi - lo) - goneA
		q.sa[k], q.saa[k], q.sb[k], q.sbb[k], q.sab[k], q.fn[k] = sa, saa, sb, sbb, sab[k], float64(n[k])
	}
	pearsonLanes(&q)
	for k := range os {
		rho := 0.0
		if n[k] >= max(minShared, 2) {
			rho = q.finish(k)
		}
		corr[k] = rho
	}
}

// overlap returns the days p and o share: n0 days from index i0 of p and
// j0 of o (n0 ≤ 0: none).
func (p *series) overlap(o *series) (i0, j0, n0 int) {
	first := max(p.first, o.first)
	last := min(p.first+len(p.z), o.first+len(o.z)) - 1
	return first - p.first, first - o.first, last - first + 1
}

// pairMoments are the sums of a pair's correlation over the dates both
// have but Σ a_t b_t.
type pairMoments struct {
	sa, saa, sb, sbb float64
	n                int
}

// moments returns the pairMoments of p and o over their n0 shared days
// from i0 (p) and j0 (o).
func (p *series) moments(o *series, i0, j0, n0 int) pairMoments {
	sa, saa, goneA := p.rangeSums(i0, n0, o, j0)
	sb, sbb, _ := o.rangeSums(j0, n0, p, i0)
	// missing here in the range, then those of the partner not missing here
	lo, _ := slices.BinarySearch(p.miss, i0)
	hi, _ := slices.BinarySearch(p.miss, i0+n0)
	return pairMoments{sa: sa, saa: saa, sb: sb, sbb: sbb, n: n0 - (hi - lo) - goneA}
}

// pearson is the correlation of the moments with Σ a_t b_t = sab.
func (m pairMoments) pearson(sab float64) float64 {
	fn := float64(m.n)
	caa, cbb := m.saa-m.sa*m.sa/fn, m.sbb-m.sb*m.sb/fn
	if !(caa > 0) || !(cbb > 0) {
		return 0
	}
	return max(-1, min(1, (sab-m.sa*m.sb/fn)/math.Sqrt(caa*cbb)))
}

// Rho returns the memoized ρ of events a and b (either order).
func (m *Memo) Rho(a, b int) (float64, bool) {
	return m.RhoRanks(m.Rank(a), m.Rank(b))
}

// Rank returns event a's position in m's order (-1: m does not hold it),
// for RhoRanks.
func (m *Memo) Rank(a int) int32 {
	if m == nil || a < 0 || a >= len(m.rank) {
		return -1
	}
	return m.rank[a]
}

// RhoRanks is Rho of the events of ranks ra and rb (Rank): a caller that
// looks up many pairs of the same events ranks each once.
func (m *Memo) RhoRanks(ra, rb int32) (float64, bool) {
	if ra < 0 || rb < 0 {
		return 0, false
	}
	if ra > rb {
		ra, rb = rb, ra
	}
	if rb < m.skip[ra] || rb >= m.end[ra] {
		return 0, false
	}
	return m.corr[m.start[ra]+rb-m.skip[ra]], true
}

// Row returns where the memo keeps ρ of the event of rank ra with the
// events of the later ranks rb, lo ≤ rb < hi: At(base + rb). The range is
// empty for ra < 0 or a nil memo.
func (m *Memo) Row(ra int32) (base, lo, hi int32) {
	if m == nil || ra < 0 {
		return 0, 0, 0
	}
	return m.start[ra] - m.skip[ra], m.skip[ra], m.end[ra]
}

// At is the ρ at k of a Row.
func (m *Memo) At(k int32) float64 { return m.corr[k] }

// Correlation is the Pearson correlation of two residual series over the
// dates both have a (non-NaN) value, with means and standard deviations over
// those shared dates (docs/methodology.md 6.6 ρ_ij). Dates must ascend. It is 0
// when fewer than minShared dates are shared or a series does not vary there.
func Correlation(da []int, a []float64, db []int, b []float64, minShared int) float64 {
	if contiguous(da) && contiguous(db) {
		// Fast path (the usual case: consecutive trading days): the shared
		// dates are one range, aligned by an index offset.
		first, last := max(da[0], db[0]), min(da[len(da)-1], db[len(db)-1])
		if last < first {
			return 0
		}
		return correlation(a[first-da[0]:last-da[0]+1], b[first-db[0]:last-db[0]+1], minShared)
	}
	var sa, sb float64
	n := 0
	for i, j := 0, 0; i < len(da) && j < len(db); {
		switch {
		case da[i] < db[j]:
			i++
		case da[i] > db[j]:
			j++
		default:
			if !math.IsNaN(a[i]) && !math.IsNaN(b[j]) {
				sa += a[i]
				sb += b[j]
				n++
			}
			i++
			j++
		}
	}
	if n < max(minShared, 2) {
		return 0
	}
	ma, mb := sa/float64(n), sb/float64(n)
	var saa, sbb, sab float64
	for i, j := 0, 0; i < len(da) && j < len(db); {
		switch {
		case da[i] < db[j]:
			i++
		case da[i] > db[j]:
			j++
		default:
			if !math.IsNaN(a[i]) && !math.IsNaN(b[j]) {
				x, y := a[i]-ma, b[j]-mb
				saa += x * x
				sbb += y * y
				sab += x * y
			}
			i++
			j++
		}
	}
	if saa == 0 || sbb == 0 {
		return 0
	}
	return sab / math.Sqrt(saa*sbb)
}

func contiguous(d []int) bool { return len(d) > 0 && d[len(d)-1]-d[0] == len(d)-1 }

// correlation is the Pearson correlation of a and b over the indices where
// both are non-NaN; 0 below minShared such indices or without variation.
//
// One pass (rBar calls it for every overlapping pair of every window): the
// co-moments come from the raw sums of deviations from the first shared
// pair, Σxy - ΣxΣy/n. The shift keeps the sums of squares of the order of
// the variance, so no digits cancel away when the series sit far from 0;
// residuals sit at 0 anyway.
func correlation(a, b []float64, minShared int) float64 {
	b = b[:len(a)]
	k := 0
	for k < len(a) && (math.IsNaN(a[k]) || math.IsNaN(b[k])) {
		k++
	}
	if k == len(a) {
		return 0
	}
	a0, b0 := a[k], b[k]
	var sa, sb, saa, sbb, sab float64
	n := 0
	for i := k; i < len(a); i++ {
		x, y := a[i], b[i]
		if x != x || y != y { // NaN: a missing day of either series
			continue
		}
		x -= a0
		y -= b0
		sa += x
		sb += y
		saa += x * x
		sbb += y * y
		sab += x * y
		n++
	}
	if n < max(minShared, 2) {
		return 0
	}
	fn := float64(n)
	caa, cbb := saa-sa*sa/fn, sbb-sb*sb/fn
	if !(caa > 0) || !(cbb > 0) {
		return 0
	}
	return max(-1, min(1, (sab-sa*sb/fn)/math.Sqrt(caa*cbb)))
}

// Len is the number of pairs m holds.
func (m *Memo) Len() int { return len(m.corr) }

// Pairs yields every pair m holds as event indices (a, b), a before b in
// window-start order.
func (m *Memo) Pairs() iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for r := range m.id {
			for q := m.skip[r]; q < m.end[r]; q++ {
				if !yield(int(m.id[r]), int(m.id[q])) {
					return
				}
			}
		}
	}
}
