package analysis

import "math"

// SampleQuantileTest is the sample-quantile (SQ) test of Gelbach, Helland &
// Klick (2013) for one event (docs/methodology.md 6.1). S_1..S_n are the sums of
// L consecutive residuals, one per block of L consecutive entries of
// residuals (stride 1, overlapping; blocks touching a NaN are skipped), and
//
//	p_lower = (1 + #{S_j ≤ x}) / (n+1),  p_upper = (1 + #{S_j ≥ x}) / (n+1),
//	p = min(1, 2 min(p_lower, p_upper)).
//
// The "+1" rank form is this project's convention (it never returns 0).
// For L = 1 it is the rank p-value of x among the residuals. All p's are NaN
// when x is NaN, L < 1 or there is no complete block.
func SampleQuantileTest(residuals []float64, L int, x float64) (pLower, pUpper, p float64, nBlocks int) {
	var b blockSums
	b.init(residuals)
	return b.test(L, x)
}

// blockSums holds what the SQ test needs of one event's residuals for any
// block length: bad[k], the non-finite residuals before k (a block is
// complete when bad does not change over it), pre[k], the sum of the
// finite residuals before k, and slack, the most by which pre[s+L]-pre[s]
// can differ from the block's sum taken as the definition takes it, its
// residuals added in order. Up to 511 residuals (an estimation window of a
// year is 250) it lives in its own arrays, so a stack variable allocates
// nothing.
type blockSums struct {
	residuals []float64
	slack     float64
	bigBad    []int32 // more than 511 residuals
	bigPre    []float64
	bad       [512]int32
	pre       [512]float64
}

func (b *blockSums) init(residuals []float64) {
	T := len(residuals)
	b.residuals = residuals
	if T+1 > len(b.bad) {
		b.bigBad, b.bigPre = make([]int32, T+1), make([]float64, T+1)
	}
	bad, pre := b.sums()
	bad[0], pre[0] = 0, 0
	var sum, abs float64
	var nBad int32
	for k, r := range residuals {
		if finite(r) {
			sum += r
			abs += math.Abs(r)
		} else {
			nBad++
		}
		bad[k+1], pre[k+1] = nBad, sum
	}
	// pre[s+L]-pre[s] differs from the block's sum in order by rounding
	// only, at most 3γ_T·abs + 2u·|pre[s+L]-pre[s]| ≤ (3.01T+4.2)·u·abs
	// (u = 2⁻⁵³; Higham 2002, §4.2). slack is twice that, with room for
	// its own rounding. Outside 1e-250 < abs < 1e300 (underflow of slack,
	// overflow of the sums) it is +Inf: every block is summed in order.
	b.slack = math.Inf(1)
	if abs > 1e-250 && abs < 1e300 {
		b.slack = 8 * float64(T+3) * abs * 0x1p-53
	}
}

func (b *blockSums) sums() ([]int32, []float64) {
	if b.bigBad != nil {
		return b.bigBad, b.bigPre
	}
	return b.bad[:], b.pre[:]
}

// side counts block start (pre difference sum) below or above x: by sum
// when it lies more than slack from x, else summed in order.
func (b *blockSums) side(sum float64, start, L int, x, slack float64) (below, above int) {
	switch d := sum - x; {
	case d > slack:
		return 0, 1
	case d < -slack:
		return 1, 0
	}
	return b.inOrder(start, L, x)
}

// test is SampleQuantileTest for blocks of L. A block whose pre difference
// lies more than slack from x is on that side of x in the definition too;
// only the blocks within slack of x (ties and near-ties) are summed in
// order. So the counts are the definition's, in O(T) rather than O(T·L).
func (b *blockSums) test(L int, x float64) (pLower, pUpper, p float64, nBlocks int) {
	T := len(b.residuals)
	if L < 1 || L > T || math.IsNaN(x) {
		return nan, nan, nan, 0
	}
	bad, pre := b.sums()
	slack := b.slack
	var below, above int
	// lo[s] and hi[s] are the running sums before and after block s.
	end := T - L + 1
	lo, hi := pre[:end], pre[L:L+end]
	if bad[T] == 0 {
		// Every block is complete (the usual event), two at a time; the
		// sides are counted without a branch (x splits the blocks at
		// random), the rare near-ties branch out to inOrder.
		nBlocks = end
		start := 0
		for ; start+1 < end; start += 2 {
			d0 := (hi[start] - lo[start]) - x
			d1 := (hi[start+1] - lo[start+1]) - x
			up0, down0 := d0 > slack, d0 < -slack
			up1, down1 := d1 > slack, d1 < -slack
			above += b2i(up0) + b2i(up1)
			below += b2i(down0) + b2i(down1)
			if up0 == down0 {
				dBelow, dAbove := b.inOrder(start, L, x)
				below += dBelow
				above += dAbove
			}
			if up1 == down1 {
				dBelow, dAbove := b.inOrder(start+1, L, x)
				below += dBelow
				above += dAbove
			}
		}
		if start < end {
			dBelow, dAbove := b.side(hi[start]-lo[start], start, L, x, slack)
			below += dBelow
			above += dAbove
		}
	} else {
		// Blocks touching a NaN are left out: the same count without a
		// branch, each side masked by the block being complete (an
		// event with missing returns in its estimation window has a
		// branch per block otherwise, mispredicted half the time).
		for start := range lo {
			complete := b2i(bad[start+L] == bad[start])
			d := (hi[start] - lo[start]) - x
			up, down := d > slack, d < -slack
			nBlocks += complete
			above += b2i(up) & complete
			below += b2i(down) & complete
			if up == down && complete == 1 {
				dBelow, dAbove := b.inOrder(start, L, x)
				below += dBelow
				above += dAbove
			}
		}
	}
	if nBlocks == 0 {
		return nan, nan, nan, 0
	}
	n1 := float64(nBlocks + 1)
	pLower = float64(1+below) / n1
	pUpper = float64(1+above) / n1
	p = math.Min(1, 2*math.Min(pLower, pUpper))
	return pLower, pUpper, p, nBlocks
}

// inOrder counts the block of L from start against x as the definition
// does, its residuals summed in order: the rare block whose running-sum
// difference d lies within slack of x (up == down: neither d > slack nor
// d < -slack, as slack ≥ 0), or is NaN (the running sums overflowed: slack
// is +Inf then).
func (b *blockSums) inOrder(start, L int, x float64) (below, above int) {
	var s float64
	for _, r := range b.residuals[start : start+L] {
		s += r
	}
	return b2i(s <= x), b2i(s >= x)
}

// b2i is 1 for true (the compiler makes it a SETcc, not a branch).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
