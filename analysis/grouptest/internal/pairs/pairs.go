// Package pairs correlates the estimation residuals of pairs of events for
// the Kolari–Pynnönen r̄ (docs/methodology.md 6.6): Correlation, the
// definition of ρ_ij, and Pairs, which correlates every pair whose event
// windows overlap once per group, in parallel, for all the windows.
// It is the speed machinery behind analysis/grouptest/kolaripynnonen.go.
package pairs

import (
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/breachlab/eventstudy/internal/parallel"
	"gonum.org/v1/gonum/floats"
)

// Pairs ranks the events of a group by window start for Correlate,
// which correlates every pair whose event windows overlap.
//
// The partners of the event at rank r are the ranks skip[r] ≤ q < end[r]
// (the overlapping events after it and outside its block): its Row.
type Pairs struct {
	rank      []int32 // rank[i]: position of event i in window-start order, -1 if absent
	items     []Item  // by rank
	skip, end []int32
}

// Item is an event of New: its index and event-window dates.
type Item struct {
	ID          int
	First, Last int
	// Block is the same number for complete events with the same event and
	// estimation dates, -1 for the others. r̄ sums such events as a block
	// (O(T) each, not O(T) per pair), so their pairs are left out: 2,000
	// firms on one date would otherwise be 2 million correlations.
	Block int
}

// New ranks items (events 0 ≤ ID < n), which it sorts, by window start,
// then block, then ID.
func New(n int, items []Item) *Pairs {
	sort.Slice(items, func(a, b int) bool {
		if items[a].First != items[b].First {
			return items[a].First < items[b].First
		}
		if items[a].Block != items[b].Block {
			return items[a].Block < items[b].Block
		}
		return items[a].ID < items[b].ID
	})
	p := &Pairs{rank: make([]int32, n), items: items,
		skip: make([]int32, len(items)), end: make([]int32, len(items))}
	for i := range p.rank {
		p.rank[i] = -1
	}
	for r, it := range items {
		p.rank[it.ID] = int32(r)
	}
	// A block's members are adjacent: skip[r] is the first item after r
	// that is not in r's block.
	for r := len(items) - 1; r >= 0; r-- {
		p.skip[r] = int32(r + 1)
		if b := items[r].Block; b >= 0 && r+1 < len(items) && items[r+1].Block == b {
			p.skip[r] = p.skip[r+1]
		}
	}
	for r, it := range items {
		q := int(p.skip[r])
		for q < len(items) && items[q].First <= it.Last {
			q++
		}
		p.end[r] = int32(q)
	}
	return p
}

// Len is the number of events p ranks.
func (p *Pairs) Len() int { return len(p.items) }

// ID is the event of rank r.
func (p *Pairs) ID(r int) int { return p.items[r].ID }

// Rank returns event a's rank (-1: p does not hold it).
func (p *Pairs) Rank(a int) int32 {
	if p == nil || a < 0 || a >= len(p.rank) {
		return -1
	}
	return p.rank[a]
}

// Row returns the ranks lo ≤ q < hi of the partners of rank r: the
// events after it whose event windows overlap its own, but its block's.
func (p *Pairs) Row(r int) (lo, hi int) { return int(p.skip[r]), int(p.end[r]) }

// rowLen is the number of partners of rank r (its Row's length).
func (p *Pairs) rowLen(r int) int { return int(p.end[r] - p.skip[r]) }

// Count is the number of pairs: the length of every Row together.
func (p *Pairs) Count() int {
	n := 0
	for r := range p.items {
		n += p.rowLen(r)
	}
	return n
}

// rowBuf is about how many ρ a unit of Correlate's work holds at once
// (the rows of a few events of one date: 512 KB); a variable for tests.
var rowBuf = 1 << 16

// Correlate correlates, in parallel, every pair of a Row, dates and res
// giving an event's estimation dates and residuals, and calls visit(r,
// rho) once for each rank r with a partners, rho[k] the ρ of r with rank
// lo+k of its Row. visit runs concurrently for different ranks, and rho
// is valid only during the call. The ρ of the pairs are not kept: at
// 144,000 events clustered in earnings seasons they were 190 million,
// 1.5 GB.
func (p *Pairs) Correlate(dates func(id int) []int, res func(id int) []float64, minShared int, visit func(r int, rho []float64)) {
	items := p.items
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
	// A date's events are cut into units of about rowBuf pairs, whose
	// rows are made at once.
	var groups [][2]int
	for r := 0; r < len(items); {
		g := r + 1
		for g < len(items) && sameDates(items[r], items[g], series[r], series[g]) {
			g++
		}
		for a := r; a < g; {
			b, n := a+1, p.rowLen(a)
			for b < g && n+p.rowLen(b) <= rowBuf {
				n += p.rowLen(b)
				b++
			}
			groups = append(groups, [2]int{a, b})
			a = b
		}
		r = g
	}
	// a worker's rows, reused (one a call of the chunks below was 180 MB
	// of garbage at 144,000 events)
	var bufs sync.Pool
	parallel.ForChunks(len(groups), 8, func(lo, hi int) {
		buf, _ := bufs.Get().([]float64)
		defer func() { bufs.Put(buf) }()
		var start []int
		for _, g := range groups[lo:hi] {
			start = append(start[:0], 0)
			for r := g[0]; r < g[1]; r++ {
				start = append(start, start[len(start)-1]+p.rowLen(r))
			}
			buf = slices.Grow(buf[:0], start[len(start)-1])[:start[len(start)-1]]
			p.correlateGroup(g[0], g[1], buf, start, series, dates, res, minShared)
			for r := g[0]; r < g[1]; r++ {
				if start[r-g[0]+1] > start[r-g[0]] {
					visit(r, buf[start[r-g[0]]:start[r-g[0]+1]])
				}
			}
		}
	})
}

// sameDates reports whether items a and b have the same event window and
// the same prepared estimation dates.
func sameDates(a, b Item, sa, sb *series) bool {
	return a.First == b.First && a.Last == b.Last && sa != nil && sb != nil &&
		sa.first == sb.first && len(sa.z) == len(sb.z)
}

// correlateGroup puts the ρ of the items of ranks g0 ≤ r < g1 (one
// date, the same estimation dates: sameDates) with their partners into
// corr, rank r's Row at corr[start[r-g0]:].
func (p *Pairs) correlateGroup(g0, g1 int, corr []float64, start []int, series []*series, dates func(id int) []int, res func(id int) []float64, minShared int) {
	items := p.items
	qlo, qhi := int(p.skip[g0]), int(p.end[g0])
	for r := g0 + 1; r < g1; r++ {
		qlo, qhi = min(qlo, int(p.skip[r])), max(qhi, int(p.end[r]))
	}
	// at is r's ρ slot for partner q.
	at := func(r, q int) int { return start[r-g0] + q - int(p.skip[r]) }
	var rs runSums // the run's partners' sums over the days they share with the group
	// each item's own sums over the days it shares with the run: the same
	// for the many runs of partners of one date
	own := make([]ownRange, g1-g0)
	for q := qlo; q < qhi; {
		run := 1
		if series[g0] != nil && series[q] != nil {
			run = max(series[g0].sameOverlap(series[q:min(q+4, qhi)]), 1)
		}
		if run > 1 {
			_, j0, n0 := series[g0].overlap(series[q])
			rs.of(series[q:q+run], j0, n0)
		}
		// whole says whether rank r's row holds the whole run
		whole := func(r int) bool { return run > 1 && int(p.skip[r]) <= q && q+run <= int(p.end[r]) }
		for r := g0; r < g1; r++ {
			a, b := max(q, int(p.skip[r])), min(q+run, int(p.end[r]))
			switch {
			case a >= b:
			case whole(r) && r+1 < g1 && whole(r+1):
				correlation2x4Own(series[r], series[r+1], series[q:q+run], &rs, &own[r-g0], &own[r+1-g0], corr[at(r, q):][:run], corr[at(r+1, q):][:run], minShared)
				r++
			case whole(r):
				series[r].correlation4Own(series[q:q+run], &rs, &own[r-g0], corr[at(r, q):][:run], minShared)
			default:
				for k := a; k < b; k++ {
					if sa, sb := series[r], series[k]; sa != nil && sb != nil {
						corr[at(r, k)] = sa.correlation(sb, minShared)
					} else {
						ia, ib := items[r].ID, items[k].ID
						corr[at(r, k)] = Correlation(dates(ia), res(ia), dates(ib), res(ib), minShared)
					}
				}
			}
		}
		q += run
	}
}

// series is one event's estimation residuals on consecutive dates,
// prepared for the many pair correlations of Correlate: with missing days
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
	return p.lessMissing(s, ss, i0, j0, other.missIn(j0, n))
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

// missIn returns the indices of p's missing days among the n from j0.
func (p *series) missIn(j0, n int) []int {
	if len(p.miss) == 0 {
		return nil
	}
	lo, _ := slices.BinarySearch(p.miss, j0)
	hi, _ := slices.BinarySearch(p.miss, j0+n)
	return p.miss[lo:hi]
}

// lessMissing returns the sums s, ss over a range from i0 less the values
// at the partner's missing days om there (missIn; partner index j0 at i0)
// that are present here, and their number.
func (p *series) lessMissing(s, ss float64, i0, j0 int, om []int) (float64, float64, int) {
	gone := 0
	for _, m := range om {
		i := i0 + m - j0
		if len(p.miss) > 0 {
			if _, missing := slices.BinarySearch(p.miss, i); missing {
				continue
			}
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

// runSums is what the partners os of a run (correlation4Own) give every
// event of one date alike: each one's ownSums over the days they share
// with it, n0 from j0, and its missing days there.
type runSums struct {
	own  [4][2]float64
	miss [4][]int
}

func (rs *runSums) of(os []*series, j0, n0 int) {
	for k, o := range os {
		rs.own[k][0], rs.own[k][1] = o.ownSums(j0, n0)
		rs.miss[k] = o.missIn(j0, n0)
	}
}

// correlation4Own is correlation of p with each of the one to four
// series os, which overlap p on the same days (sameOverlap), into corr,
// given the run's runSums: the partners of one date, usually, whose dot
// products are one dot4 (a shorter run repeats its last partner in the
// unused lanes: dot4 takes the time of about one dot product).
func (p *series) correlation4Own(os []*series, rs *runSums, own *ownRange, corr []float64, minShared int) {
	i0, j0, n0 := p.overlap(os[0])
	x := runLanes(os, j0)
	var sab [4]float64
	sab[0], sab[1], sab[2], sab[3] = dot4(p.z[i0:i0+n0], x[0], x[1], x[2], x[3])
	p.pearson4Own(os, rs, own, &sab, i0, j0, n0, corr, minShared)
}

// correlation2x4Own is correlation4Own of p0 and of p1, which have the
// same dates (sameDates), with one dot2x4.
func correlation2x4Own(p0, p1 *series, os []*series, rs *runSums, own0, own1 *ownRange, corr0, corr1 []float64, minShared int) {
	i0, j0, n0 := p0.overlap(os[0])
	x := runLanes(os, j0)
	sab := dot2x4(p0.z[i0:i0+n0], p1.z[i0:i0+n0], x[0], x[1], x[2], x[3])
	p0.pearson4Own(os, rs, own0, &sab[0], i0, j0, n0, corr0, minShared)
	p1.pearson4Own(os, rs, own1, &sab[1], i0, j0, n0, corr1, minShared)
}

// runLanes returns the four x of a run's dot products, from index j0 of
// each partner: a shorter run repeats its last partner.
func runLanes(os []*series, j0 int) (x [4][]float64) {
	for k := range x {
		x[k] = os[min(k, len(os)-1)].z[j0:]
	}
	return x
}

// ownRange is p's ownSums and missIn over the n0 days from i0, kept
// for the next run that shares them.
type ownRange struct {
	i0, n0    int
	set       bool
	sum, sum2 float64
	miss      []int
}

// in returns p's ownSums and missIn over the n0 days from i0.
func (o *ownRange) in(p *series, i0, n0 int) (s, ss float64, miss []int) {
	if !o.set || o.i0 != i0 || o.n0 != n0 {
		o.sum, o.sum2 = p.ownSums(i0, n0)
		o.i0, o.n0, o.set, o.miss = i0, n0, true, p.missIn(i0, n0)
	}
	return o.sum, o.sum2, o.miss
}

// pearson4Own finishes correlation4Own given the dot products sab of p
// with the run's lanes.
func (p *series) pearson4Own(os []*series, rs *runSums, own *ownRange, sab *[4]float64, i0, j0, n0 int, corr []float64, minShared int) {
	sa0, saa0, pm := own.in(p, i0, n0)
	var q pearson4
	var n [4]int
	for k := range q.fn {
		if k >= len(os) { // an unused lane: the last partner's again
			q.sa[k], q.saa[k], q.sb[k], q.sbb[k], q.sab[k], q.fn[k] = q.sa[k-1], q.saa[k-1], q.sb[k-1], q.sbb[k-1], sab[k], q.fn[k-1]
			continue
		}
		// moments, from the two sides' own sums, less the days either misses
		sa, saa, goneA := sa0, saa0, 0
		sb, sbb := rs.own[k][0], rs.own[k][1]
		if len(rs.miss[k]) > 0 {
			sa, saa, goneA = p.lessMissing(sa0, saa0, i0, j0, rs.miss[k])
		}
		if len(pm) > 0 {
			sb, sbb, _ = os[k].lessMissing(sb, sbb, j0, i0, pm)
		}
		n[k] = n0 - len(pm) - goneA
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
	return pairMoments{sa: sa, saa: saa, sb: sb, sbb: sbb, n: n0 - len(p.missIn(i0, n0)) - goneA}
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
