package prices

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"math"
	"sort"
)

// ReturnKind selects simple or log returns (docs/methodology.md 1.1).
type ReturnKind int

const (
	Simple ReturnKind = iota // R_t = P_t/P_{t-1} - 1
	Log                      // r_t = ln(P_t/P_{t-1}) = ln(1+R_t)
)

// Aligned is a series placed on the trading calendar, over the calendar
// positions Lo..Lo+len(R)-1 (all of them for Align).
type Aligned struct {
	// Lo is the calendar position of index 0 of R and P.
	Lo int
	// R[i] is the return from trading day Lo+i-1 to Lo+i, NaN if either
	// price is missing or invalid: a return spanning a missing day is not
	// recorded (gap policy "drop", docs/methodology.md 1.3).
	R []float64
	// P is the price on each trading day (NaN when missing or invalid); nil
	// for a return series.
	P []float64
	// Spans are the calendar positions whose return was dropped because the
	// previous valid price lies more than one trading day back (for
	// AlignRange: a previous price within the range or on Lo-1).
	Spans []int
	// OffCalendar counts the series' dates that are not trading days
	// (ignored), over the whole series, including the rows the loader
	// counted but did not keep (Series.DroppedOffCalendar).
	OffCalendar int
	// Invalid are the calendar positions where the file had an invalid
	// observation (Series.Invalid: an infinite value, or an empty value
	// column beside other prices of the row; or a price <= 0); NonPositive
	// is the subset holding a price <= 0. A missing day (no row, a row of
	// nulls, a blank wide cell) is in neither: it is only a missing price.
	Invalid     []int
	NonPositive []int
}

// Align places s on cal. For prices, R is computed from consecutive valid
// prices (simple P_t/P_{t-1}-1 or log ln(P_t/P_{t-1}), docs/methodology.md 1.1;
// a price <= 0 is invalid, 1.4). For a return series, R holds the file's
// returns on their dates (log kind: ln(1+r), NaN for r <= -1) and P is nil.
func (s *Series) Align(cal *dates.Calendar, kind ReturnKind) Aligned {
	return s.AlignRange(cal, kind, 0, cal.Len()-1)
}

// AlignRange is Align over the calendar positions lo..hi only (Lo = lo),
// with the same values there: the return on lo uses the price on lo-1.
// A study aligns each security over the positions its events use, so a
// large panel is never held on the whole calendar.
func (s *Series) AlignRange(cal *dates.Calendar, kind ReturnKind, lo, hi int) Aligned {
	return s.alignRange(cal, kind, lo, hi, s.offCalendar(cal)+s.DroppedOffCalendar)
}

// AlignRanges is AlignRange over each range [lo, hi] of ranges. The
// series' count of off-calendar dates, the same in every Aligned, is made
// once: it walks the whole calendar, which for a security with many short
// ranges cost more than aligning them.
func (s *Series) AlignRanges(cal *dates.Calendar, kind ReturnKind, ranges [][2]int) []Aligned {
	out := make([]Aligned, len(ranges))
	off := s.offCalendar(cal) + s.DroppedOffCalendar
	for k, r := range ranges {
		out[k] = s.alignRange(cal, kind, r[0], r[1], off)
	}
	return out
}

// alignRange is AlignRange with the off-calendar count off.
func (s *Series) alignRange(cal *dates.Calendar, kind ReturnKind, lo, hi, off int) Aligned {
	lo, hi = max(lo, 0), min(hi, cal.Len()-1)
	n := max(hi-lo+1, 0)
	a := Aligned{Lo: lo, R: make([]float64, n), OffCalendar: off}
	if n == 0 {
		if !s.IsReturn {
			a.P = []float64{}
		}
		return a
	}
	// vals[i] is the value on position from+i; from = lo-1 gives the
	// price the return on lo needs.
	from := max(lo-1, 0)
	for i := range a.R {
		a.R[i] = math.NaN()
	}
	vals := s.place(cal, from, hi, &a)
	if s.IsReturn {
		fileReturns(a.R, vals[lo-from:], kind)
		return a
	}
	priceReturns(&a, vals, from, kind)
	a.P = vals[lo-from:]
	return a
}

// place puts the series' values on the calendar positions from..hi
// (NaN where it has none) and records in a the positions from a.Lo on
// that hold an invalid or non-positive observation.
func (s *Series) place(cal *dates.Calendar, from, hi int, a *Aligned) []float64 {
	lo := a.Lo
	vals := make([]float64, hi-from+1)
	for i := range vals {
		vals[i] = math.NaN()
	}
	nonPos := make(map[int]bool, len(s.NonPositive))
	for _, k := range s.NonPositive {
		nonPos[k] = true
	}
	invalid := make(map[int]bool, len(s.Invalid))
	for _, k := range s.Invalid {
		invalid[k] = true
	}
	flagged := len(invalid) > 0 || len(nonPos) > 0 // most series: no lookups
	// Walk both ascending date lists together, from the first date
	// on or after position from.
	k := sort.Search(len(s.Dates), func(k int) bool { return s.Dates[k] >= cal.Days[from] })
	j := from
	for ; k < len(s.Dates); k++ {
		d := s.Dates[k]
		for j <= hi && cal.Days[j] < d {
			j++
		}
		if j > hi {
			break
		}
		if cal.Days[j] != d {
			continue
		}
		vals[j-from] = s.Values[k]
		if flagged && (invalid[k] || nonPos[k]) && j >= lo {
			a.Invalid = append(a.Invalid, j)
			if nonPos[k] {
				a.NonPositive = append(a.NonPositive, j)
			}
		}
	}
	return vals
}

// fileReturns copies a return series' values into r: log kind takes
// ln(1+r), missing (NaN) for r <= -1.
func fileReturns(r, vals []float64, kind ReturnKind) {
	for i := range r {
		switch v := vals[i]; {
		case math.IsNaN(v):
		case kind == Log && v <= -1:
		case kind == Log:
			r[i] = math.Log1p(v)
		default:
			r[i] = v
		}
	}
}

// priceReturns sets a.R from consecutive valid prices of vals (position
// from+i): R_t = P_t/P_{t-1} - 1, or ln(P_t/P_{t-1}) for log returns
// (docs/methodology.md 1.1). A return across a missing or invalid price is
// dropped (1.3) and its position noted in a.Spans.
func priceReturns(a *Aligned, vals []float64, from int, kind ReturnKind) {
	lo := a.Lo
	lastValid := -1 // index into vals
	for i, p := range vals {
		if !(p > 0) || math.IsInf(p, 0) {
			continue
		}
		if pos := from + i; pos >= lo {
			switch {
			case lastValid == i-1 && i > 0:
				if kind == Log {
					a.R[pos-lo] = math.Log(p / vals[i-1])
				} else {
					a.R[pos-lo] = p/vals[i-1] - 1
				}
			case lastValid >= 0:
				a.Spans = append(a.Spans, pos)
			}
		}
		lastValid = i
	}
}

// offCalendar counts the dates of s that are not trading days of cal.
func (s *Series) offCalendar(cal *dates.Calendar) int {
	n, j := 0, 0
	for _, d := range s.Dates {
		for j < cal.Len() && cal.Days[j] < d {
			j++
		}
		if j == cal.Len() || cal.Days[j] != d {
			n++
		}
	}
	return n
}

// MarketCalendar returns the trading calendar: the dates on which the market
// series has a valid value (docs/methodology.md 1.2).
func MarketCalendar(s *Series) (*dates.Calendar, error) {
	days := make([]dates.Day, 0, len(s.Dates))
	for i, d := range s.Dates {
		v := s.Values[i]
		if math.IsNaN(v) || math.IsInf(v, 0) || (!s.IsReturn && v <= 0) {
			continue
		}
		days = append(days, d)
	}
	if len(days) == 0 {
		return nil, &inputerr.InputError{File: s.File, What: fmt.Sprintf("market series %s has no valid value", s.Symbol),
			Hint: "choose another --market ticker"}
	}
	return dates.NewCalendar(days)
}
