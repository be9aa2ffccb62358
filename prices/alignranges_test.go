package prices

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

// TestAlignRanges: AlignRanges is AlignRange on each range, bit for bit,
// for prices (with off-calendar dates, missing, non-positive and invalid
// prices, rows the loader dropped) and returns, simple and log, over
// ranges inside, across and outside the calendar.
func TestAlignRanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 1))
	days := make([]dates.Day, 300)
	for i := range days {
		days[i] = dates.Day(18000 + 2*i) // odd days are off the calendar
	}
	cal, err := dates.NewCalendar(days)
	if err != nil {
		t.Fatal(err)
	}
	for trial := range 40 {
		s := &Series{Symbol: "X", IsReturn: trial%4 == 3, DroppedOffCalendar: trial % 3}
		for d := dates.Day(17990); d < 18620; d++ {
			if rng.Float64() < 0.3 || (d%2 == 1 && rng.Float64() < 0.9) {
				continue
			}
			v := 10 + rng.NormFloat64()
			if s.IsReturn {
				v = 0.02 * rng.NormFloat64()
			}
			switch u := rng.Float64(); {
			case u < 0.03:
				v = -v
			case u < 0.05:
				v = math.Inf(1)
			case u < 0.07:
				v = math.NaN()
			}
			s.Dates, s.Values = append(s.Dates, d), append(s.Values, v)
		}
		finishValues(s, 0)
		var ranges [][2]int
		for lo := -5 + rng.IntN(10); lo < cal.Len()+5; lo += 1 + rng.IntN(60) {
			ranges = append(ranges, [2]int{lo, lo - 1 + rng.IntN(40)})
		}
		for _, kind := range []ReturnKind{Simple, Log} {
			got := s.AlignRanges(cal, kind, ranges)
			if len(got) != len(ranges) {
				t.Fatalf("trial %d: %d alignments of %d ranges", trial, len(got), len(ranges))
			}
			for k, r := range ranges {
				want := s.AlignRange(cal, kind, r[0], r[1])
				if !sameAligned(got[k], want) {
					t.Errorf("trial %d kind %d range %v:\ngot  %+v\nwant %+v", trial, kind, r, got[k], want)
				}
				inv, nonPos := flaggedPositions(s, cal, r[0], r[1])
				if !slices.Equal(got[k].Invalid, inv) || !slices.Equal(got[k].NonPositive, nonPos) {
					t.Errorf("trial %d range %v: invalid %v non-positive %v, want %v %v", trial, r, got[k].Invalid, got[k].NonPositive, inv, nonPos)
				}
				if off := offCalendarByDate(s, cal); got[k].OffCalendar != off {
					t.Errorf("trial %d: off calendar %d, want %d", trial, got[k].OffCalendar, off)
				}
			}
		}
	}
}

// sameAligned reports whether a and b hold the same bits.
func sameAligned(a, b Aligned) bool {
	sameFloats := func(x, y []float64) bool {
		return (x == nil) == (y == nil) && slices.EqualFunc(x, y, func(u, v float64) bool {
			return math.Float64bits(u) == math.Float64bits(v)
		})
	}
	return a.Lo == b.Lo && a.OffCalendar == b.OffCalendar && sameFloats(a.R, b.R) && sameFloats(a.P, b.P) &&
		slices.Equal(a.Spans, b.Spans) && slices.Equal(a.Invalid, b.Invalid) && slices.Equal(a.NonPositive, b.NonPositive)
}

// flaggedPositions are the calendar positions in lo..hi of the series'
// invalid and non-positive observations, by their definition.
func flaggedPositions(s *Series, cal *dates.Calendar, lo, hi int) (invalid, nonPos []int) {
	for pos := max(lo, 0); pos <= min(hi, cal.Len()-1); pos++ {
		k := slices.Index(s.Dates, cal.Days[pos])
		if k < 0 {
			continue
		}
		if slices.Contains(s.NonPositive, k) {
			invalid, nonPos = append(invalid, pos), append(nonPos, pos)
		} else if slices.Contains(s.Invalid, k) {
			invalid = append(invalid, pos)
		}
	}
	return invalid, nonPos
}

// offCalendarByDate counts the series' dates that are not trading days,
// and the rows the loader dropped off the calendar.
func offCalendarByDate(s *Series, cal *dates.Calendar) int {
	n := s.DroppedOffCalendar
	for _, d := range s.Dates {
		if !slices.Contains(cal.Days, d) {
			n++
		}
	}
	return n
}
