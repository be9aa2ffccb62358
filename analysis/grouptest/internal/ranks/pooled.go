package ranks

import (
	"cmp"
	"math"
	"slices"
)

// The re-standardized rank tests (corrado_zivney, GRANK) rank, per event,
// the estimation-window SARs v_j = ε̂_j/σ̂ pooled with a few window-dependent
// values (the re-standardized event-window SARs, or the one SCAR*). The
// estimation part does not depend on the window, so it is sorted once per
// event (estOrder) and every window only places its few extra values
// among them (pooledRanks): O(T + K²) per event and window, K ≤ 21,
// instead of a sort of T+K values. The doubled midranks are the same
// integers the sort gives (DoubledMidranks), so the statistics are
// bit-for-bit the same.

// Sorted is one event's non-NaN estimation values v_j = res[j]/sigma in
// ascending order (ties in any order). The order is kept as the days, two
// bytes a value (day32 instead for estimation windows longer than 65,536
// days), and the values as float32 keys beside it: the conversion keeps
// the order, so keys that differ order their values, and keys that are
// equal are settled by the value itself, res[day]/sigma, the division
// Order made (less, equal). That is exact and four bytes a value
// where the float64 took eight (each day's position and the ties' ranks,
// kept as well before, 12 more: 380 MB live through the group tests at
// 100,000 events, now 140). ties is whether two values tie: placeExtras
// then finds the runs.
type Sorted struct {
	key   []float32
	day   []uint16
	day32 []int32
	res   []float64
	sigma float64
	ties  bool
}

// Len is the number of values.
func (s Sorted) Len() int { return len(s.key) }

// value is v[k], exactly.
func (s Sorted) value(k int) float64 { return s.res[s.dayOf(k)] / s.sigma }

// less reports v[k] < x for x not NaN, kx = float32(x).
func (s Sorted) less(k int, x float64, kx float32) bool {
	a := s.key[k]
	return a < kx || a == kx && s.value(k) < x
}

// equal reports v[k] == x, kx = float32(x).
func (s Sorted) equal(k int, x float64, kx float32) bool {
	return s.key[k] == kx && s.value(k) == x
}

// AppendValues appends the sorted values to dst (divided anew: in a
// loop over every event, RadixBuf.AppendSorted right after Order saves
// the divisions).
func (s Sorted) AppendValues(dst []float64) []float64 {
	for k := range s.key {
		dst = append(dst, s.value(k))
	}
	return dst
}

// orderKey is a value and its index (the extras of a pooled rank).
type orderKey struct {
	v float64
	j int32
}

// Order is estOrder with scratch space for the sort (a group test
// orders 10,000 events' estimation windows: fresh scratch each time was
// most of its garbage), sorted by RadixBuf: ascending by value, values
// that compare equal by their sort keys (-0 before +0) and then by day,
// so the order is one permutation, whatever the sort.
func Order(res []float64, sigma float64, buf *RadixBuf) Sorted {
	if buf == nil {
		buf = new(RadixBuf)
	}
	buf.vals = slices.Grow(buf.vals[:0], len(res))[:len(res)]
	vals, s := buf.vals, buf.keys[:0]
	for j, r := range res {
		v := r / sigma
		vals[j] = v
		if !math.IsNaN(v) {
			s = append(s, sortKey(v)&^(1<<32-1)|uint64(j))
		}
	}
	s = buf.sort(s, vals)
	out := Sorted{key: make([]float32, len(s)), res: res, sigma: sigma}
	if len(res) <= 1<<16 {
		out.day = make([]uint16, len(s))
		out.ties = fill(out.key, out.day, s, vals)
	} else {
		out.day32 = make([]int32, len(s))
		out.ties = fill(out.key, out.day32, s, vals)
	}
	buf.keys = s
	return out
}

// fill writes the keys and days of the sorted packed values s and
// reports whether two values tie.
func fill[D dayIndex](key []float32, day []D, s []uint64, vals []float64) (ties bool) {
	prev := math.NaN()
	for k, p := range s {
		v := vals[uint32(p)]
		key[k], day[k] = float32(v), D(uint32(p))
		ties = ties || v == prev
		prev = v
	}
	return ties
}

// dayOf is the day of v[k].
func (s Sorted) dayOf(k int) int {
	if s.day32 != nil {
		return int(s.day32[k])
	}
	return int(s.day[k])
}

// dayIndex is the type of Sorted's days.
type dayIndex interface{ ~uint16 | ~int32 }

// AppendSorted appends the values the last Order sorted to dst.
func (r *RadixBuf) AppendSorted(dst []float64) []float64 {
	for _, p := range r.keys {
		dst = append(dst, r.vals[uint32(p)])
	}
	return dst
}

// RadixBuf sorts an event's values with a least-significant-digit radix
// sort. A value v_j is packed with its index into one word, the upper 32
// bits of v's sort key (the float's bits mapped to unsigned integers in
// the same order) over j: the passes move 8 bytes a value, where a value
// and its index beside its key were 24. Two passes of one byte sort by
// the upper 16 bits of the key (sign, exponent and 4 bits of mantissa),
// skipping a byte all keys share; the few values that agree there (within
// 2⁻⁴ of each other: one or two for each of 250 residuals) are then put
// in full order by an insertion sort on their whole keys, or by a
// comparison sort where it would move many (values that agree in more
// bits). slices.SortFunc, whose comparison function is not inlined, took
// four times as long as the radix sort over 32 bits this replaced.
type RadixBuf struct {
	keys, tmp []uint64
	vals      []float64 // v_j by index j
}

// sortKey maps a non-NaN float to an unsigned integer in the same order.
func sortKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// sort sorts the packed values s (upper 32 bits of sortKey(vals[j]) over
// j) by (sortKey(vals[j]), j), in place, and returns it.
func (r *RadixBuf) sort(s []uint64, vals []float64) []uint64 {
	n := len(s)
	if n < 2 {
		return s
	}
	r.tmp = slices.Grow(r.tmp[:0], n)[:n]
	var count [2][256]int32
	for _, p := range s {
		count[0][byte(p>>48)]++
		count[1][byte(p>>56)]++
	}
	src, dst := s, r.tmp
	for b := range 2 {
		shift := uint(48 + 8*b)
		c := &count[b]
		if c[byte(s[0]>>shift)] == int32(n) {
			continue // every key has this byte
		}
		var sum int32
		for d, k := range c {
			c[d] = sum
			sum += k
		}
		for _, p := range src {
			d := byte(p >> shift)
			dst[c[d]] = p
			c[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
	// Values that agree in the upper 16 bits are in order of j (the
	// passes are stable): an insertion sort puts them in order of their
	// whole keys, then j, and moves nothing else. Should the values agree
	// in more bits than usual, so that it moves much, a comparison sort
	// finishes.
	less := func(p, q uint64) bool {
		if p>>32 != q>>32 {
			return p>>32 < q>>32
		}
		kp, kq := sortKey(vals[uint32(p)]), sortKey(vals[uint32(q)])
		return kp < kq || kp == kq && uint32(p) < uint32(q)
	}
	moves := 0
	for i := 1; i < n; i++ {
		p := s[i]
		if s[i-1]>>32 < p>>32 {
			continue
		}
		j := i
		for ; j > 0 && less(p, s[j-1]); j-- {
			s[j] = s[j-1]
		}
		s[j] = p
		if moves += i - j; moves > 8*n {
			slices.SortFunc(s, func(p, q uint64) int {
				if less(p, q) {
					return -1
				}
				if less(q, p) {
					return 1
				}
				return 0
			})
			break
		}
	}
	return s
}

// pooledRanks computes twice the midrank of every value of the pool
// {est.v} ∪ {non-NaN x_k} among the pool (see DoubledMidranks): into
// dEst[j] for the estimation value of day j (-1 where it is missing; dEst
// has one entry per estimation day) and dX[k] for the extras (-1 for NaN).
// xs and ds are scratch space (best of capacities len(x) and
// len(est.v)+1).
// It returns the pool size.
//
// With L(v) = #{pool < v} and H(v) = #{pool ≤ v}, 2·rank(v) = L(v)+H(v)+1.
// For the estimation value at sorted position k the estimation part is
// 2k+2 (k+k2+1 for a tie run k..k2-1 holding it); the extras' part #{x < v} + #{x ≤ v} is C(k) =
// #{i: hi_i ≤ k} + #{i: lo_i ≤ k}, with lo_i = #{est < x_i} and hi_i =
// #{est ≤ x_i} (x_i < v[k] exactly when hi_i ≤ k, x_i ≤ v[k] when lo_i ≤
// k). C is a prefix count over positions: the extras are placed among
// the estimation values in one sorted pass, and the ranks need no
// comparison per estimation value.
func pooledRanks(est Sorted, x []float64, dEst, dX []int, xs []orderKey, ds []int) int {
	ds, m := placeExtras(est, x, nil, dX, nil, xs, ds)
	for j := range dEst {
		dEst[j] = -1
	}
	if est.day32 != nil {
		spread(dEst, est.day32, ds)
	} else {
		spread(dEst, est.day, ds)
	}
	return m
}

// spread writes the rank ds[k] of every sorted position k to its day's
// entry of d.
func spread[D dayIndex](d []int, day []D, ds []int) {
	for k, j := range day {
		d[j] = ds[k]
	}
}

// placeExtras is pooledRanks but for the estimation days: it returns the
// doubled rank of every sorted position k of est in ds[k] (that of the
// day of v[k]), and the pool size; dX is as in pooledRanks. hint, if
// not nil, lists the indices of x in an order close to ascending (an
// event's SARs by value: divided by the days' sd they stay nearly
// sorted), so that the insertion sort of the extras moves few.
func placeExtras(est Sorted, x []float64, hint []int32, dX, lohi []int, xs []orderKey, ds []int) ([]int, int) {
	xs = xs[:0]
	for i := range dX {
		dX[i] = -1 // NaN extras keep it
	}
	if hint != nil {
		for _, i := range hint {
			if v := x[i]; !math.IsNaN(v) {
				xs = append(xs, orderKey{v, i})
			}
		}
	} else {
		for i, v := range x {
			if !math.IsNaN(v) {
				xs = append(xs, orderKey{v, int32(i)})
			}
		}
	}
	sortFew(xs)
	key := est.key
	nEst := len(key)
	ds = slices.Grow(ds[:0], nEst+1)[:nEst+1]
	clear(ds)
	// lo and hi of the sorted extras, which ascend with them, by one walk
	// along the estimation values; the extras of a tie run q..q2-1 rank
	// together. The walk beats binary searches even for GRANK's one
	// extra: an event's values are rarely in cache, and a search's
	// dependent loads each miss while a walk's are prefetched (measured:
	// 850 ns a search).
	lo := 0
	for q := 0; q < len(xs); {
		v := xs[q].v
		q2 := q + 1
		for q2 < len(xs) && xs[q2].v == v {
			q2++
		}
		kv := float32(v)
		for lo < nEst && (key[lo] < kv || key[lo] == kv && est.value(lo) < v) {
			lo++
		}
		hi := lo
		for hi < nEst && est.equal(hi, v, kv) {
			hi++
		}
		ds[lo] += q2 - q
		ds[hi] += q2 - q
		for d := lo + hi + q + q2 + 1; q < q2; q++ {
			dX[xs[q].j] = d
			if lohi != nil {
				lohi[2*xs[q].j], lohi[2*xs[q].j+1] = lo, hi
			}
		}
	}
	// ds[k] becomes C(k) plus the estimation part: the doubled rank of
	// position k.
	c := 0
	if !est.ties {
		for k := range nEst {
			c += ds[k]
			ds[k] = c + 2*k + 2
		}
		return ds, nEst + len(xs)
	}
	// positions k..k2-1 tie: midrank (k+1+k2)/2
	for k := 0; k < nEst; {
		k2 := k + 1
		for k2 < nEst && key[k2] == key[k] && est.value(k2) == est.value(k) {
			k2++
		}
		for b := k + k2 + 1; k < k2; k++ {
			c += ds[k]
			ds[k] = c + b
		}
	}
	return ds, nEst + len(xs)
}

// addEstRanks adds (sign 1) or takes away (-1) the doubled rank ds[k]
// of every sorted position k of est to the sum of its day and counts it:
// placeExtras' ranks straight into a Tally's columns.
func addEstRanks(sum []int64, cnt []int32, est Sorted, ds []int, sign int) {
	if est.day32 != nil {
		addRanks(sum, cnt, est.day32, ds, sign)
	} else {
		addRanks(sum, cnt, est.day, ds, sign)
	}
}

func addRanks[D dayIndex](sum []int64, cnt []int32, day []D, ds []int, sign int) {
	ds = ds[:len(day)]
	for k, j := range day {
		sum[j] += int64(sign * ds[k])
		cnt[j] += int32(sign)
	}
}

// sortFew sorts the few extras of a pooled rank (an event window's SARs,
// non-NaN) by value: an insertion sort, which for 21 values is a fifth of
// the time of slices.Sort; more than 32 go to slices.SortFunc.
func sortFew(s []orderKey) {
	if len(s) > 32 {
		slices.SortFunc(s, func(a, b orderKey) int { return cmp.Compare(a.v, b.v) })
		return
	}
	for i := 1; i < len(s); i++ {
		k, j := s[i], i
		for j > 0 && s[j-1].v > k.v {
			s[j] = s[j-1]
			j--
		}
		s[j] = k
	}
}

// Pool is pooledRanks' output and scratch space, reused from event to
// event by one goroutine. lohi holds, after place, each non-NaN extra's
// lo and hi (#{v < x} and #{v ≤ x}) at 2j and 2j+1.
type Pool struct {
	dEst, dX, ds []int
	lohi         []int
	x            []float64
	xs           []orderKey
}

// Extras returns scratch space for n extra values (valid until the next
// call).
func (p *Pool) Extras(n int) []float64 {
	p.x = slices.Grow(p.x[:0], n)[:n]
	return p.x
}

// Ranks runs pooledRanks for an event with nEst estimation days, leaving
// the doubled ranks in p.dEst and p.dX.
func (p *Pool) Ranks(nEst int, est Sorted, x []float64) int {
	p.dEst = slices.Grow(p.dEst[:0], nEst)[:nEst]
	p.dX = slices.Grow(p.dX[:0], len(x))[:len(x)]
	p.xs = slices.Grow(p.xs[:0], len(x))
	p.ds = slices.Grow(p.ds[:0], est.Len()+1)
	return pooledRanks(est, x, p.dEst, p.dX, p.xs, p.ds)
}

// place runs placeExtras, leaving the extras' doubled ranks in p.dX and
// returning the ranks by sorted position and the pool size.
func (p *Pool) place(est Sorted, x []float64, hint []int32) ([]int, int) {
	p.dX = slices.Grow(p.dX[:0], len(x))[:len(x)]
	p.xs = slices.Grow(p.xs[:0], len(x))
	p.ds = slices.Grow(p.ds[:0], est.Len()+1)
	p.lohi = slices.Grow(p.lohi[:0], 2*len(x))[:2*len(x)]
	return placeExtras(est, x, hint, p.dX, p.lohi, p.xs, p.ds)
}

// ValueOrder returns the indices of the non-NaN values of x in ascending
// order of value (p's scratch space sorts them).
func ValueOrder(x []float64, p *Pool) []int32 {
	out := make([]int32, len(x))
	return out[:ValueOrderTo(out, x, p)]
}

// ValueOrderTo is ValueOrder into dst (of length at least len(x)): it
// returns how many indices it wrote.
func ValueOrderTo(dst []int32, x []float64, p *Pool) int {
	p.xs = p.xs[:0]
	for i, v := range x {
		if !math.IsNaN(v) {
			p.xs = append(p.xs, orderKey{v, int32(i)})
		}
	}
	sortFew(p.xs)
	for k, o := range p.xs {
		dst[k] = o.j
	}
	return len(p.xs)
}

// EstRanks are the estimation days' doubled ranks of the last Ranks.
func (p *Pool) EstRanks() []int { return p.dEst }

// ExtraRanks are the extras' doubled ranks of the last Ranks.
func (p *Pool) ExtraRanks() []int { return p.dX }

// AddOne adds to a an event's doubled ranks of its estimation values est
// pooled with one extra value x: estimation day j's to column j (columns
// before col), x's to column col (GRANK's SCAR*).
func (a *Tally) AddOne(est Sorted, x float64, col int, p *Pool) {
	if est.ties || math.IsNaN(x) {
		xs := p.Extras(1)
		xs[0] = x
		ds, m := p.place(est, xs, nil)
		s := a.slot(2 * (m + 1))
		addEstRanks(s[:col], a.cnt[:col], est, ds, 1)
		if d := p.dX[0]; d >= 0 {
			s[col] += int64(d)
			a.cnt[col]++
		}
		return
	}
	// placeExtras for one extra and no ties, its ranks added as they are
	// made: with lo = #{v < x} and hi = #{v ≤ x} (hi ≤ lo+1), position
	// k's doubled rank is 2k+2 plus [k ≥ lo] + [k ≥ hi], x's lo+hi+2. A
	// third of GRANK's time went to the ranks' scratch array.
	key, kx := est.key, float32(x)
	lo := 0
	for lo < len(key) && (key[lo] < kx || key[lo] == kx && est.value(lo) < x) {
		lo++
	}
	hi := lo
	if hi < len(key) && est.equal(hi, x, kx) {
		hi++
	}
	s := a.slot(2 * (len(key) + 2))
	if est.day32 != nil {
		addOneRanks(s[:col], a.cnt[:col], est.day32, lo, hi)
	} else {
		addOneRanks(s[:col], a.cnt[:col], est.day, lo, hi)
	}
	s[col] += int64(lo + hi + 2)
	a.cnt[col]++
}

func addOneRanks[D dayIndex](sum []int64, cnt []int32, day []D, lo, hi int) {
	for k, j := range day[:lo] {
		sum[j] += int64(2*k + 2)
		cnt[j]++
	}
	for k := lo; k < hi; k++ {
		j := day[k]
		sum[j] += int64(2*k + 3)
		cnt[j]++
	}
	for k := hi; k < len(day); k++ {
		j := day[k]
		sum[j] += int64(2*k + 4)
		cnt[j]++
	}
}
