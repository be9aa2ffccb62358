package tests

import (
	"math"
	"slices"
)

// The re-standardized rank tests (corrado_zivney, GRANK) rank, per event,
// the estimation-window SARs v_j = ε̂_j/σ̂ pooled with a few window-dependent
// values (the re-standardized event-window SARs, or the one SCAR*). The
// estimation part does not depend on the window, so it is sorted once per
// event (estOrder) and every window only merges its few extra values into
// that order: O(T + K log T) per event and window instead of a sort of T+K
// values. The doubled midranks are the same integers the sort gives
// (doubledMidranks), so the statistics are bit-for-bit the same.

// sortedSAR is one event's non-NaN estimation values v_j = res[j]/sigma in
// ascending order (ties in any order): v[k] is the value of index order[k].
// The values are kept, not only the order: dividing them again for every
// window was half the time of the merge.
type sortedSAR struct {
	order []int32
	v     []float64
}

// estOrder sorts res[j]/sigma (see sortedSAR).
func estOrder(res []float64, sigma float64) sortedSAR {
	return estOrderBuf(res, sigma, nil)
}

// orderKey is a value and its index, sorted by estOrderBuf.
type orderKey struct {
	v float64
	j int32
}

// estOrderBuf is estOrder with scratch space for the sort (a group test
// orders 10,000 events' estimation windows: fresh scratch each time was
// most of its garbage).
func estOrderBuf(res []float64, sigma float64, buf *[]orderKey) sortedSAR {
	var s []orderKey
	if buf != nil {
		s = (*buf)[:0]
	}
	for j, r := range res {
		if v := r / sigma; !math.IsNaN(v) {
			s = append(s, orderKey{v, int32(j)})
		}
	}
	slices.SortFunc(s, func(a, b orderKey) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	out := sortedSAR{order: make([]int32, len(s)), v: make([]float64, len(s))}
	for k, p := range s {
		out.order[k], out.v[k] = p.j, p.v
	}
	if buf != nil {
		*buf = s
	}
	return out
}

// pooledRanks computes twice the midrank of every value of the pool
// {est.v} ∪ {non-NaN x_k} among the pool (see doubledMidranks): into
// dEst[j] for the estimation value of index j (-1 where it is missing;
// dEst has one entry per estimation day) and dX[k] for the extras (-1 for
// NaN). xs is scratch space (best of capacity len(x)). It returns the pool
// size. With L(v) = #{pool < v} and H(v) = #{pool ≤ v}, 2·rank(v) =
// L(v)+H(v)+1; L and H split into the estimation part (a tie run of the
// sorted values) and the extra part (a pointer into the sorted extras).
func pooledRanks(est sortedSAR, x []float64, dEst, dX []int, xs []float64) int {
	for j := range dEst {
		dEst[j] = -1
	}
	xs = xs[:0]
	for _, v := range x {
		if !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	slices.Sort(xs)
	order, sv := est.order, est.v
	nEst := len(order)
	val := func(k int) float64 { return sv[k] }
	// Estimation values, tie run by tie run; lo, hi = #{xs < v}, #{xs ≤ v}.
	lo, hi := 0, 0
	for k := 0; k < nEst; {
		v := val(k)
		k2 := k + 1
		for k2 < nEst && val(k2) == v {
			k2++
		}
		for lo < len(xs) && xs[lo] < v {
			lo++
		}
		hi = max(hi, lo)
		for hi < len(xs) && xs[hi] <= v {
			hi++
		}
		d := k + k2 + 1 + lo + hi
		for m := k; m < k2; m++ {
			dEst[order[m]] = d
		}
		k = k2
	}
	// Extras: binary search in the estimation order and in xs.
	for i, v := range x {
		if math.IsNaN(v) {
			dX[i] = -1
			continue
		}
		a, b := 0, nEst // a = #{est < v}
		for a < b {
			m := int(uint(a+b) >> 1)
			if val(m) < v {
				a = m + 1
			} else {
				b = m
			}
		}
		ae := a
		for ae < nEst && val(ae) == v {
			ae++
		}
		xl := lowerBound(xs, v)
		xh := xl
		for xh < len(xs) && xs[xh] == v {
			xh++
		}
		dX[i] = a + ae + xl + xh + 1
	}
	return nEst + len(xs)
}

// pooled is pooledRanks' output and scratch space, reused from event to
// event by one goroutine.
type pooled struct {
	dEst, dX []int
	x, xs    []float64
}

// extras returns scratch space for n extra values (valid until the next
// call).
func (p *pooled) extras(n int) []float64 {
	p.x = slices.Grow(p.x[:0], n)[:n]
	return p.x
}

// ranks runs pooledRanks for an event with nEst estimation days, leaving
// the doubled ranks in p.dEst and p.dX.
func (p *pooled) ranks(nEst int, est sortedSAR, x []float64) int {
	p.dEst = slices.Grow(p.dEst[:0], nEst)[:nEst]
	p.dX = slices.Grow(p.dX[:0], len(x))[:len(x)]
	p.xs = slices.Grow(p.xs[:0], len(x))
	return pooledRanks(est, x, p.dEst, p.dX, p.xs)
}
