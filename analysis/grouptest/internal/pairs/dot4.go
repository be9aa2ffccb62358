package pairs

// dot4 returns floats.Dot(x0, y), floats.Dot(x1, y), floats.Dot(x2, y)
// and floats.Dot(x3, y), bit for bit; every x is at least as long as y.
//
// Correlate's pairs come in runs with the same overlap (the partners of one
// date), so their dot products share y and their lengths. gonum's amd64
// kernel keeps four partial sums in two registers, so each pair waits on
// its additions' latency; dot4 (dot4_amd64.s) runs four pairs' partial
// sums side by side, the same additions in the same order per pair
// (TestDot4, FuzzDot4). Elsewhere it is four calls of floats.Dot.
func dot4(y, x0, x1, x2, x3 []float64) (d0, d1, d2, d3 float64) {
	n := len(y)
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	return dot4Kernel(y, x0, x1, x2, x3)
}

// dot2x4 is dot4 of y0 and of y1 (of one length) with the same four x:
// the eight dot products of two events of one date with a run of four
// partners. Each loaded value of a partner serves both events, and eight
// independent sums keep the adder busy where dot4's four waited on their
// latency; the same additions in the same order per pair as floats.Dot
// (TestDot2x4, FuzzDot2x4).
func dot2x4(y0, y1, x0, x1, x2, x3 []float64) (d [2][4]float64) {
	n := len(y0)
	y1 = y1[:n]
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	return dot2x4Kernel(y0, y1, x0, x1, x2, x3)
}
