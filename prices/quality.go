package prices

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
)

// Flag is one data-quality finding on a price series. Pos is the calendar
// position, Date its trading day; Last is the last position it covers (the
// end of a stale run, else Pos).
type Flag struct {
	Code   string // "non_positive_price", "invalid_price", "split_like_jump", "stale_prices"
	Pos    int
	Last   int
	Date   dates.Day
	Detail string
	// Ratio and Factor describe a split_like_jump: the day's price ratio
	// P_t/P_{t-1} (for returns 1+R_t) and the split factor it is near.
	Ratio, Factor float64
}

// Thresholds of the data-quality checks.
const (
	// SplitTolerance: a price ratio within 3 % of a common split factor
	// (SplitFactors, either direction) looks like an unadjusted split ...
	SplitTolerance = 0.03
	// SplitMinMove: ... provided the move is also larger than 30 %, which
	// excludes the 1.5 factor's near misses on ordinary volatile days.
	SplitMinMove = 0.30
	// StaleRun: this many consecutive identical valid prices (StaleRun-1
	// zero returns) suggest a stale or forward-filled series.
	StaleRun = 10
)

// SplitFactors are the split ratios checked by Quality (3:2, 2:1, 3:1, 4:1,
// 5:1, 10:1 and their reverse splits).
var SplitFactors = []float64{1.5, 2, 3, 4, 5, 10}

// Quality checks an aligned price series (docs/methodology.md 1.4 and the
// per-event exclusions of docs/design.md):
//   - "non_positive_price" / "invalid_price": a row on a trading day whose
//     price was <= 0, or empty/NaN/Inf/null;
//   - "split_like_jump": consecutive valid prices with ratio q = P_t/P_{t-1}
//     where max(q, 1/q) is within SplitTolerance (relative) of a factor in
//     SplitFactors and |q-1| > SplitMinMove (an unadjusted split);
//   - "stale_prices": at least StaleRun consecutive identical valid prices,
//     flagged at the first of them.
//
// A return series (P nil) has no price checks; a return whose 1+R is
// near a split factor gives a split_like_jump (which the study reports and
// never excludes on: returns cannot hold a split). For an AlignRange
// result the checks see only its positions: a stale run is counted within
// them.
func (a Aligned) Quality(cal *dates.Calendar) []Flag {
	day := func(i int) dates.Day {
		if i < cal.Len() {
			return cal.Days[i]
		}
		return 0
	}
	if a.P == nil {
		var fl []Flag
		for i, r := range a.R {
			if q := 1 + r; q > 0 {
				if k := splitFactor(q); k > 0 {
					fl = append(fl, Flag{Code: "split_like_jump", Pos: a.Lo + i, Last: a.Lo + i, Date: day(a.Lo + i), Ratio: q, Factor: k,
						Detail: fmt.Sprintf("return %.4g is near a %s split", r, splitName(q, k))})
				}
			}
		}
		return fl
	}
	var fl []Flag
	np := map[int]bool{}
	for _, i := range a.NonPositive {
		np[i] = true
		fl = append(fl, Flag{Code: "non_positive_price", Pos: i, Last: i, Date: day(i), Detail: "price <= 0 in the file; treated as missing"})
	}
	for _, i := range a.Invalid {
		if !np[i] {
			fl = append(fl, Flag{Code: "invalid_price", Pos: i, Last: i, Date: day(i), Detail: "empty or invalid price in the file; treated as missing"})
		}
	}
	for i := 1; i < len(a.P); i++ {
		p0, p1 := a.P[i-1], a.P[i]
		if !(p0 > 0) || !(p1 > 0) {
			continue
		}
		q := p1 / p0
		if k := splitFactor(q); k > 0 {
			fl = append(fl, Flag{Code: "split_like_jump", Pos: a.Lo + i, Last: a.Lo + i, Date: day(a.Lo + i), Ratio: q, Factor: k,
				Detail: fmt.Sprintf("price ratio %.4g (from %g to %g) is near a %s split", q, p0, p1, splitName(q, k))})
		}
	}
	for i := 0; i < len(a.P); {
		p := a.P[i]
		if !(p > 0) {
			i++
			continue
		}
		j := i + 1
		for j < len(a.P) && a.P[j] == p {
			j++
		}
		if j-i >= StaleRun {
			fl = append(fl, Flag{Code: "stale_prices", Pos: a.Lo + i, Last: a.Lo + j - 1, Date: day(a.Lo + i),
				Detail: fmt.Sprintf("%d consecutive trading days at price %g (to %s)", j-i, p, day(a.Lo+j-1))})
		}
		i = j
	}
	return fl
}

// splitFactor returns the factor of SplitFactors that the ratio q (or
// 1/q) is near, 0 when none is or the move is no larger than SplitMinMove.
func splitFactor(q float64) float64 {
	if !(q > 0) || math.IsInf(q, 0) || math.Abs(q-1) <= SplitMinMove {
		return 0
	}
	big := math.Max(q, 1/q)
	for _, k := range SplitFactors {
		if math.Abs(big/k-1) <= SplitTolerance {
			return k
		}
	}
	return 0
}

func splitName(q, k float64) string {
	if q < 1 {
		return fmt.Sprintf("%g-for-1", k)
	}
	return fmt.Sprintf("1-for-%g (reverse)", k)
}
