package tests

import (
	"math"
	"sort"
)

// doubledMidranks writes into r2 twice the midrank of every value of x among
// the non-NaN values of x (NaN values get -1), and returns the number of
// non-NaN values. A tie group occupying sorted positions a..b (1-based) has
// midrank (a+b)/2, so the doubled rank a+b is an integer: exact-distribution
// code (Wilcoxon) counts on it. idx is scratch space of len(x).
func doubledMidranks(x []float64, r2 []int, idx []int) int {
	idx = idx[:0]
	for i, v := range x {
		if math.IsNaN(v) {
			r2[i] = -1
			continue
		}
		idx = append(idx, i)
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	n := len(idx)
	for a := 0; a < n; {
		b := a
		for b+1 < n && x[idx[b+1]] == x[idx[a]] {
			b++
		}
		d := (a + 1) + (b + 1)
		for k := a; k <= b; k++ {
			r2[idx[k]] = d
		}
		a = b + 1
	}
	return n
}

// Midranks returns the rank of every value of x among the non-NaN values of
// x, 1 for the smallest, ties sharing the average of the positions they
// occupy (midranks, "average ranks for ties" of METHODOLOGY.md 6.7 and 6.11).
// NaN values get rank NaN.
func Midranks(x []float64) []float64 {
	r2 := make([]int, len(x))
	doubledMidranks(x, r2, make([]int, 0, len(x)))
	r := make([]float64, len(x))
	for i, d := range r2 {
		if d < 0 {
			r[i] = math.NaN()
		} else {
			r[i] = float64(d) / 2
		}
	}
	return r
}

// StandardizedRanks returns the standardized centred ranks
// U_t = K_t/(T+1) - 1/2 of the values of one event, K_t the midrank of x_t
// among the T non-NaN values (Kolari & Pynnönen 2011; the form of Corrado's
// 1989 test that handles missing days, METHODOLOGY.md 6.7). NaN stays NaN.
func StandardizedRanks(x []float64) []float64 {
	u := make([]float64, len(x))
	standardizedRanksTo(u, x, make([]int, len(x)), make([]int, 0, len(x)))
	return u
}

func standardizedRanksTo(u, x []float64, r2, idx []int) {
	n := doubledMidranks(x, r2, idx)
	den := 2 * float64(n+1)
	for i, d := range r2 {
		if d < 0 {
			u[i] = math.NaN()
		} else {
			u[i] = float64(d)/den - 0.5
		}
	}
}
