package grouptest

import "math"

// MeanSD returns the mean and the sample standard deviation (divisor n-1).
func MeanSD(x []float64) (m, s float64) {
	n := float64(len(x))
	for _, v := range x {
		m += v
	}
	m /= n
	var ss float64
	for _, v := range x {
		d := v - m
		ss += d * d
	}
	return m, math.Sqrt(ss / (n - 1))
}

// ratio is a/b, NaN when b is zero or not finite.
func ratio(a, b float64) float64 {
	if b == 0 || math.IsNaN(b) || math.IsInf(b, 0) {
		return nan
	}
	return a / b
}
