package calendartime

import "math"

// BHAR is an event's buy-and-hold abnormal return over a long horizon
// against a benchmark (Barber & Lyon 1997; Lyon, Barber & Tsai 1999):
//
//	BHAR = Π(1+R_it) - Π(1+R_bt)
//
// over the horizon's days, r and bench aligned day by day (simple
// returns). A day without a benchmark return is left out of both
// products; a day the firm has no return but the benchmark has one takes
// the benchmark's return for the firm (Lyon, Barber & Tsai's treatment of
// a firm that stops trading: its proceeds earn the benchmark, adding no
// abnormal return). nDays counts the firm's own returns; with none the
// BHAR is NaN.
func BHAR(r, bench []float64) (bhar float64, nDays int) {
	gi, gb := 1.0, 1.0
	for k, b := range bench {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			continue
		}
		x := b
		if k < len(r) && !math.IsNaN(r[k]) && !math.IsInf(r[k], 0) {
			x = r[k]
			nDays++
		}
		gi *= 1 + x
		gb *= 1 + b
	}
	if nDays == 0 {
		return math.NaN(), 0
	}
	return gi - gb, nDays
}
