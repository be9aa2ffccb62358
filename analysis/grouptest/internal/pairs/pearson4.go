package pairs

import "math"

// pearson4 holds the moments of up to four pairs, lane k one pair, for
// pearsonLanes; caa, cbb and r are its results.
type pearson4 struct {
	sa, saa, sb, sbb, sab, fn [4]float64
	caa, cbb, r               [4]float64
}

// finish is pairMoments.pearson of lane k from pearsonLanes' results.
func (q *pearson4) finish(k int) float64 {
	if !(q.caa[k] > 0) || !(q.cbb[k] > 0) {
		return 0
	}
	return max(-1, min(1, q.r[k]))
}

// pearsonGo is pearsonLanes one lane at a time: the operations of
// pairMoments.pearson, in its order.
func pearsonGo(q *pearson4) {
	for k := range 4 {
		fn := q.fn[k]
		q.caa[k] = q.saa[k] - q.sa[k]*q.sa[k]/fn
		q.cbb[k] = q.sbb[k] - q.sb[k]*q.sb[k]/fn
		q.r[k] = (q.sab[k] - q.sa[k]*q.sb[k]/fn) / math.Sqrt(q.caa[k]*q.cbb[k])
	}
}
