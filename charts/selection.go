package charts

import "slices"

// orderStats rearranges x so that x[k] is the k-th smallest of x for
// every k in ks (ascending, each in [0, len(x))), as it is in sorted x:
// the distribution chart needs ten order statistics of each day's
// 100,000 CARs at research scale, and sorting them all was a fifth of
// the report's time. x must hold no NaN. Equal values (−0 and +0 among
// them) may end in another order than a sort leaves them.
func orderStats(x []float64, ks []int) {
	for depth := 0; len(ks) > 0; depth++ {
		if len(x) <= 16 || depth > 64 {
			slices.Sort(x) // short, or partitions keep failing: sort what is left
			return
		}
		p := median3(x[0], x[len(x)/2], x[len(x)-1])
		lt, gt := partition3(x, p)
		// x[:lt] < p, x[lt:gt] == p, x[gt:] > p: the ks in the middle are done.
		i := 0
		for i < len(ks) && ks[i] < lt {
			i++
		}
		j := i
		for j < len(ks) && ks[j] < gt {
			j++
		}
		left, right := ks[:i], ks[j:]
		if len(left) > 0 && len(right) > 0 {
			orderStats(x[:lt], left)
		} else if len(left) > 0 {
			x, ks = x[:lt], left
			continue
		}
		if len(right) == 0 {
			return
		}
		shifted := make([]int, len(right))
		for k, v := range right {
			shifted[k] = v - gt
		}
		x, ks = x[gt:], shifted
	}
}

// median3 is the median of a, b and c.
func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}

// partition3 puts the values of x below p first, then those equal to p,
// then those above, and returns where the equal ones start and end.
func partition3(x []float64, p float64) (lt, gt int) {
	lt, i, gt := 0, 0, len(x)
	for i < gt {
		switch v := x[i]; {
		case v < p:
			x[lt], x[i] = v, x[lt]
			lt++
			i++
		case v > p:
			gt--
			x[gt], x[i] = v, x[gt]
		default:
			i++
		}
	}
	return lt, gt
}

// smallestK returns the k smallest of idx under less, a strict total
// order, smallest first: the first k of idx sorted, from one pass with a
// bounded heap instead of a sort of every index (tails keeps 6 or 50 of
// 100,000). idx is not changed.
func smallestK(idx []int, k int, less func(a, b int) bool) []int {
	k = max(0, min(k, len(idx)))
	h := slices.Clone(idx[:k]) // a max-heap of the k smallest so far
	for i := k/2 - 1; i >= 0; i-- {
		siftDown(h, i, less)
	}
	for _, v := range idx[k:] {
		if k > 0 && less(v, h[0]) {
			h[0] = v
			siftDown(h, 0, less)
		}
	}
	slices.SortFunc(h, func(a, b int) int {
		switch {
		case a == b:
			return 0
		case less(a, b):
			return -1
		}
		return 1
	})
	return h
}

// siftDown restores the max-heap h below i.
func siftDown(h []int, i int, less func(a, b int) bool) {
	for {
		c := 2*i + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && less(h[c], h[c+1]) {
			c++
		}
		if !less(h[i], h[c]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
