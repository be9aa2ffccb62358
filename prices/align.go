package prices

import (
	"fmt"
	"math"
)

// ReturnKind selects simple or log returns (METHODOLOGY.md 1.1).
type ReturnKind int

const (
	Simple ReturnKind = iota // R_t = P_t/P_{t-1} - 1
	Log                      // r_t = ln(P_t/P_{t-1}) = ln(1+R_t)
)

// Aligned is a series placed on the trading calendar.
type Aligned struct {
	// R[i] is the return from trading day i-1 to i, NaN if either price is
	// missing or invalid: a return spanning a missing day is not recorded
	// (gap policy "drop", METHODOLOGY.md 1.3).
	R []float64
	// P is the price on each trading day (NaN when missing or invalid); nil
	// for a return series.
	P []float64
	// Spans are the calendar positions whose return was dropped because the
	// previous valid price lies more than one trading day back.
	Spans []int
	// OffCalendar counts the series' dates that are not trading days
	// (ignored).
	OffCalendar int
	// Invalid are the calendar positions where the file had a row whose
	// value was invalid (empty, NaN, Inf, null, or a price <= 0);
	// NonPositive is the subset holding a price <= 0.
	Invalid     []int
	NonPositive []int
}

// Align places s on cal. For prices, R is computed from consecutive valid
// prices (simple P_t/P_{t-1}-1 or log ln(P_t/P_{t-1}), METHODOLOGY.md 1.1;
// a price <= 0 is invalid, 1.4). For a return series, R holds the file's
// returns on their dates (log kind: ln(1+r), NaN for r <= -1) and P is nil.
func (s *Series) Align(cal *Calendar, kind ReturnKind) Aligned {
	n := cal.Len()
	a := Aligned{R: make([]float64, n)}
	vals := make([]float64, n)
	have := make([]bool, n) // the series has a row on that trading day
	for i := range vals {
		vals[i] = math.NaN()
		a.R[i] = math.NaN()
	}
	nonPos := make(map[int]bool, len(s.NonPositive))
	for _, k := range s.NonPositive {
		nonPos[k] = true
	}
	j := 0 // walk both ascending date lists together
	for k, d := range s.Dates {
		for j < n && cal.Days[j] < d {
			j++
		}
		if j == n || cal.Days[j] != d {
			a.OffCalendar++
			continue
		}
		vals[j], have[j] = s.Values[k], true
		if math.IsNaN(s.Values[k]) {
			a.Invalid = append(a.Invalid, j)
			if nonPos[k] {
				a.NonPositive = append(a.NonPositive, j)
			}
		}
	}
	if s.IsReturn {
		for i, r := range vals {
			switch {
			case math.IsNaN(r):
			case kind == Log && r <= -1:
			case kind == Log:
				a.R[i] = math.Log1p(r)
			default:
				a.R[i] = r
			}
		}
		return a
	}
	a.P = vals
	lastValid := -1
	for i, p := range vals {
		if !(p > 0) || math.IsInf(p, 0) {
			continue
		}
		switch {
		case lastValid == i-1 && i > 0:
			if kind == Log {
				a.R[i] = math.Log(p / vals[i-1])
			} else {
				a.R[i] = p/vals[i-1] - 1
			}
		case lastValid >= 0:
			a.Spans = append(a.Spans, i)
		}
		lastValid = i
	}
	return a
}

// MarketCalendar returns the trading calendar: the dates on which the market
// series has a valid value (METHODOLOGY.md 1.2).
func MarketCalendar(s *Series) (*Calendar, error) {
	days := make([]Day, 0, len(s.Dates))
	for i, d := range s.Dates {
		v := s.Values[i]
		if math.IsNaN(v) || math.IsInf(v, 0) || (!s.IsReturn && v <= 0) {
			continue
		}
		days = append(days, d)
	}
	if len(days) == 0 {
		return nil, &InputError{File: s.File, What: fmt.Sprintf("market series %s has no valid value", s.Symbol),
			Hint: "choose another --market ticker"}
	}
	return NewCalendar(days)
}
