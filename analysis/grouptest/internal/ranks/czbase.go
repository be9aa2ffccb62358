package ranks

import (
	"math"
	"slices"

	"github.com/breachlab/eventstudy/internal/parallel"
)

// corrado_zivney's column sums depend on the window only through its event
// set V, but through V twice: which events are summed, and s_τ, the
// cross-sectional sd of each event day's SARs over V, by which every
// event-window SAR is divided before it is ranked among the event's
// estimation SARs. Sets that differ by a few events (the windows of a
// panel with gaps) have nearly the same s_τ, so a re-standardized SAR
// mostly keeps its place among the estimation values, or moves by one or
// two. CZBase keeps the tally of one set with, per event, where each
// extra value fell; another set's tally is the base's less the events that
// left, plus those that came, and for the events of both only the change
// of the ranks their moved values cause (czShiftEvent): the estimation
// values they passed, and the extras whose rank among themselves changed.
// That is O(K + moves) per event instead of the O(T) walk and scatter of
// ranking it anew. The tallies are integers, so the sums are those of a
// full build, bit for bit (FuzzCZShift; grouptest's TestCZFromBaseMatchesFull).

// CZBase is the tally of one event set and what each event gave it.
type CZBase struct {
	idx    []int       // the set, event indices, ascending
	tally  *Tally      // its column sums
	rec    [][]czExtra // per event (cache index; nil outside the set): where each extra value fell
	extras Extras      // the set's extra values, to take an event away again
}

// czExtra is where one extra value x fell among its event's sorted
// estimation values v: lo = #{v < x}, hi = #{v ≤ x} (lo = -1: x is NaN),
// and d, its doubled rank in the pool. Another value x' has the same lo and
// hi exactly when v[lo-1] < x' < v[lo] (the bounds left out at the ends,
// for lo = hi) or x' = v[lo] (x tied estimation values: lo < hi): holds.
// a and b are the float32 keys of v[lo-1] and v[lo] (both v[lo]'s for lo
// < hi), which settle all but equal keys without reading the event's
// values: the float64 bounds took 16 bytes (40 MB of the base at 100,000
// events), reading the keys at lo-1 and lo from the values a cache miss
// per extra.
type czExtra struct {
	a, b   float32
	lo, hi int32
	d      int32
}

// holds reports whether x' (not NaN) falls where r's value fell among the
// sorted estimation values of est.
func (r czExtra) holds(est Sorted, x float64) bool {
	lo, hi := int(r.lo), int(r.hi)
	kx := float32(x)
	if lo < hi {
		return kx == r.a && est.value(lo) == x
	}
	above := lo == 0 || r.a < kx || r.a == kx && est.value(lo-1) < x
	below := lo == est.Len() || kx < r.b || kx == r.b && est.value(lo) > x
	return above && below
}

// Event is what CZBase needs of one event: its sorted estimation values,
// the columns of its first estimation day and its first event day, and the
// indices of its extra values nearly in order of value (placeExtras' hint).
type Event struct {
	Est            Sorted
	EstOff, EvtOff int
	Hint           []int32
}

// Extras fills x, grown to event i's number of extra values, with them (NaN
// where missing) and returns it.
type Extras func(i int, x []float64) []float64

// NewCZBase makes the base of the event set idx (ascending indices below
// nEvents) on cols columns, in parallel over chunks of idx: each chunk
// ranks its events into its own tally (integers: the merged tally does
// not depend on the chunks) and records them in its own slab, so that
// Derive reads an event's records beside the next event's.
func NewCZBase(cols, nEvents int, idx []int, ev func(i int) Event, extras Extras) *CZBase {
	b := &CZBase{idx: slices.Clone(idx), tally: NewTally(cols),
		rec: make([][]czExtra, nEvents), extras: extras}
	const chunk = 1024
	parts := make([]*Tally, (len(idx)+chunk-1)/chunk)
	parallel.ForChunks(len(idx), chunk, func(lo, hi int) {
		a := NewTally(cols)
		var p Pool
		var x []float64
		slab := make([]czExtra, 0, 24*(hi-lo))
		at := make([]int, 0, hi-lo+1)
		for _, i := range idx[lo:hi] {
			e := ev(i)
			x = extras(i, x)
			czAdd(a, e, x, 1, &p)
			at = append(at, len(slab))
			slab = czRecord(slab, e.Est, x, &p)
		}
		at = append(at, len(slab))
		for k, i := range idx[lo:hi] {
			b.rec[i] = slab[at[k]:at[k+1]:at[k+1]]
		}
		parts[lo/chunk] = a
	})
	for _, a := range parts {
		b.tally.Merge(a)
	}
	return b
}

// Idx is the base's event set.
func (b *CZBase) Idx() []int { return b.idx }

// Tally is the base's tally (not to be changed).
func (b *CZBase) Tally() *Tally { return b.tally }

// Moved counts how many of event i's extra values x keep the place
// recorded in the base (held) and how many moved (the two cases of
// czShiftEvent), NaNs and events outside the base left out.
func (b *CZBase) Moved(i int, x []float64, ev func(i int) Event) (held, moved int) {
	est := ev(i).Est
	for j, v := range x {
		if r := b.rec[i]; r != nil && r[j].lo >= 0 && !math.IsNaN(v) {
			if r[j].holds(est, v) {
				held++
			} else {
				moved++
			}
		}
	}
	return held, moved
}

// czRecord appends to dst where each of x fell among est (see czExtra),
// from the Pool of the place that ranked them.
func czRecord(dst []czExtra, est Sorted, x []float64, p *Pool) []czExtra {
	for j, v := range x {
		if math.IsNaN(v) {
			dst = append(dst, czExtra{lo: -1, hi: -1, d: -1})
			continue
		}
		lo, hi := p.lohi[2*j], p.lohi[2*j+1]
		r := czExtra{lo: int32(lo), hi: int32(hi), d: int32(p.dX[j])}
		if lo > 0 {
			r.a = est.key[lo-1]
		}
		if lo < est.Len() {
			r.b = est.key[lo]
		}
		if lo < hi {
			r.a = r.b
		}
		dst = append(dst, r)
	}
	return dst
}

// bounds returns #{sv < v} and #{sv ≤ v} of the ascending sv for a non-NaN
// v, walking from position from (v's neighbourhood: a moved value is
// usually a step or two from where it was).
func bounds(est Sorted, v float64, from int) (lo, hi int) {
	kv := float32(v)
	lo = from
	for lo > 0 && !est.less(lo-1, v, kv) {
		lo--
	}
	for lo < est.Len() && est.less(lo, v, kv) {
		lo++
	}
	hi = lo
	for hi < est.Len() && est.equal(hi, v, kv) {
		hi++
	}
	return lo, hi
}

// Derive makes the tally of the event set idx from the base: the events
// of the base not in idx are taken away, those of idx not in the base
// added, and for those of both the change of their ranks applied.
func (b *CZBase) Derive(idx []int, ev func(i int) Event, extras Extras) *Tally {
	a := b.tally.Clone()
	var p Pool
	x := make([]float64, 0, 32)
	bx := make([]float64, 0, 32) // an event's extras in the base's set
	inV := make([]bool, len(b.rec))
	for _, i := range idx {
		inV[i] = true
	}
	for _, i := range b.idx {
		if !inV[i] {
			bx = b.extras(i, bx)
			czAdd(a, ev(i), bx, -1, &p)
		}
	}
	for _, i := range idx {
		e := ev(i)
		x = extras(i, x)
		if rec := b.rec[i]; rec != nil {
			if czShiftEvent(a, e.Est, e.EstOff, e.EvtOff, rec, x, e.Hint, &p) {
				continue
			}
			bx = b.extras(i, bx)
			czAdd(a, e, bx, -1, &p) // another pool size: anew
		}
		czAdd(a, e, x, 1, &p)
	}
	return a
}

// czShiftEvent changes tally a from an event's ranks with the extras
// recorded in rec to its ranks with the extras x (hint: every index of a
// non-NaN x, nearly in order of value, as for placeExtras), given the columns of its first estimation
// day (estOff) and first event day (evtOff). It returns false, changing
// nothing, when x has NaNs elsewhere than rec (another pool size, another
// rank denominator: the caller ranks the event anew).
//
// The doubled rank of the estimation value at sorted position k is
// base(k) + C(k) with C(k) = #{extras with hi ≤ k} + #{with lo ≤ k}
// (placeExtras): moving a bound from o to n adds 1 to C over [n, o) or
// takes 1 away over [o, n). An extra's own doubled rank is
// lo + hi + q + q2 + 1 for its tie run q..q2-1 among the sorted extras
// (all of a run tie the same estimation values: same lo and hi).
func czShiftEvent(a *Tally, est Sorted, estOff, evtOff int, rec []czExtra, x []float64, hint []int32, p *Pool) bool {
	valid := 0
	for j, v := range x {
		if math.IsNaN(v) != (rec[j].lo < 0) {
			return false
		}
		if !math.IsNaN(v) {
			valid++
		}
	}
	sum := a.slot(2 * (est.Len() + valid + 1))
	sumEst, sumEvt := sum[estOff:], sum[evtOff:]
	lohi := slices.Grow(p.dX[:0], 2*len(x))[:2*len(x)]
	for j, v := range x {
		r := rec[j]
		lo, hi := int(r.lo), int(r.hi)
		if lo >= 0 && !r.holds(est, v) {
			lo, hi = bounds(est, v, lo)
			shiftC(sumEst, est, int(r.lo), lo)
			shiftC(sumEst, est, int(r.hi), hi)
		}
		lohi[2*j], lohi[2*j+1] = lo, hi
	}
	xs := p.xs[:0]
	for _, j := range hint {
		if v := x[j]; !math.IsNaN(v) {
			xs = append(xs, orderKey{v, j})
		}
	}
	sortFew(xs)
	for q := 0; q < len(xs); {
		q2 := q + 1
		for q2 < len(xs) && xs[q2].v == xs[q].v {
			q2++
		}
		for q0 := q; q < q2; q++ {
			j := xs[q].j
			if d := lohi[2*j] + lohi[2*j+1] + q0 + q2 + 1; d != int(rec[j].d) {
				sumEvt[j] += int64(d - int(rec[j].d))
			}
		}
	}
	p.xs, p.dX = xs, lohi
	return true
}

// shiftC applies a bound's move from o to n to the estimation columns:
// +1 on the days of positions [n, o), -1 on those of [o, n).
func shiftC(sum []int64, est Sorted, o, n int) {
	if est.day32 != nil {
		shiftDays(sum, est.day32, o, n)
	} else {
		shiftDays(sum, est.day, o, n)
	}
}

func shiftDays[D dayIndex](sum []int64, day []D, o, n int) {
	for k := n; k < o; k++ {
		sum[day[k]]++
	}
	for k := o; k < n; k++ {
		sum[day[k]]--
	}
}

// AddEvent adds (sign 1) or takes away (-1) the doubled ranks of an
// event's estimation values est pooled with the extras x (NaN where
// missing) to a: the estimation days' to the columns from estOff, the
// extras' to those from evtOff (corrado's ranks, docs/methodology.md 6.7).
func (a *Tally) AddEvent(est Sorted, estOff, evtOff int, x []float64, sign int, p *Pool) {
	czAddEvent(a, est, estOff, evtOff, x, nil, sign, p)
}

// czAdd adds (sign 1) or takes away (-1) the doubled ranks of event e
// with extras x.
func czAdd(a *Tally, e Event, x []float64, sign int, p *Pool) {
	czAddEvent(a, e.Est, e.EstOff, e.EvtOff, x, e.Hint, sign, p)
}

// czAddEvent adds (sign 1) or takes away (-1) an event's doubled ranks:
// its estimation values est pooled with the extras x, into the columns
// from estOff (estimation days) and evtOff (event days). The estimation
// and event windows are disjoint (analysis.Config.Validate), so each column gets
// one of them. p.dX holds the extras' doubled ranks afterwards.
func czAddEvent(a *Tally, est Sorted, estOff, evtOff int, x []float64, hint []int32, sign int, p *Pool) {
	ds, m := p.place(est, x, hint)
	sum := a.slot(2 * (m + 1))
	addEstRanks(sum[estOff:], a.cnt[estOff:], est, ds, sign)
	for j, d := range p.dX {
		if d >= 0 {
			sum[evtOff+j] += int64(sign * d)
			a.cnt[evtOff+j] += int32(sign)
		}
	}
}
