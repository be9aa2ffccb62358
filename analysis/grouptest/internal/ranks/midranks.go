package ranks

import (
	"math"
	"slices"
)

// DoubledMidranks writes into r2 twice the midrank of every value of x among
// the non-NaN values of x (NaN values get -1), and returns the number of
// non-NaN values. A tie group occupying sorted positions a..b (1-based) has
// midrank (a+b)/2, so the doubled rank a+b is an integer: exact-distribution
// code (Wilcoxon) counts on it. With lo = #{x_j < v} and hi = #{x_j ≤ v} the
// group is a = lo+1, b = hi, so 2·rank(v) = lo+hi+1, found by binary search
// in a sorted copy. sorted is scratch space of capacity len(x).
func DoubledMidranks(x []float64, r2 []int, sorted []float64) int {
	sorted = sorted[:0]
	for _, v := range x {
		if !math.IsNaN(v) {
			sorted = append(sorted, v)
		}
	}
	slices.Sort(sorted)
	n := len(sorted)
	for i, v := range x {
		if math.IsNaN(v) {
			r2[i] = -1
			continue
		}
		lo := lowerBound(sorted, v)
		hi := lo
		for hi < n && sorted[hi] == v { // ties are short in return data
			hi++
		}
		r2[i] = lo + hi + 1
	}
	return n
}

// LowerBound is the number of values of the ascending s below v (none
// for a NaN v), by a search without branches.
func LowerBound(s []float64, v float64) int { return lowerBound(s, v) }

// lowerBound is the number of values of the ascending s below v.
func lowerBound(s []float64, v float64) int {
	// Branch-free halving (Khuong & Morin 2017, "Array layouts for
	// comparison-based searching"): each step adds half or nothing by
	// arithmetic, where the classic loop's branch goes either way at
	// random and mispredicts about every other step. The rank tests
	// search every event's estimation values once per event-window SAR.
	n := len(s)
	if n == 0 {
		return 0
	}
	base := 0
	for n > 1 {
		half := n >> 1
		base += half * below(s[base+half], v)
		n -= half
	}
	return base + below(s[base], v)
}

// below is 1 if a < b, else 0, without a branch (a SETcc).
func below(a, b float64) int {
	if a < b {
		return 1
	}
	return 0
}
