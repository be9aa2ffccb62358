package prices

import (
	"github.com/breachlab/eventstudy/dates"
	"testing"
)

// TestISOMonthEveryDay walks every day from 1999-12-20 to 2001-03-10 (a
// leap February, month and year ends) through rowParser's month fast path
// and checks each against dates.ParseDate, then invalid days after a valid one.
func TestISOMonthEveryDay(t *testing.T) {
	var m isoMonth
	fast := 0
	for d := dates.DayOf(1999, 12, 20); d <= dates.DayOf(2001, 3, 10); d++ {
		f := []byte(d.String())
		got, ok := m.day(f)
		if ok {
			fast++
		} else {
			var err error
			if got, err = dates.ParseDate(f, dates.DateAuto); err != nil {
				t.Fatal(err)
			}
			m.remember(f, got)
		}
		if got != d {
			t.Fatalf("%s: %v (fast path %v)", f, got, ok)
		}
	}
	if fast < 400 {
		t.Errorf("fast path took %d of 447 days, want all but the first of each month", fast)
	}
	for _, tc := range []struct{ first, next string }{
		{"2001-02-27", "2001-02-29"}, {"2000-04-29", "2000-04-31"}, {"2000-04-29", "2000-04-00"},
		{"2000-04-29", "2000-04-3 "}, {"2000-04-29", "2000-04-+1"}, {"2000-04-29", "2000-04-1"},
	} {
		m.remember([]byte(tc.first), mustDate(t, tc.first))
		if d, ok := m.day([]byte(tc.next)); ok {
			t.Errorf("after %s, %q taken as %v; dates.ParseDate rejects it", tc.first, tc.next, d)
		}
	}
}

func mustDate(t *testing.T, s string) dates.Day {
	t.Helper()
	d, err := dates.ParseDate([]byte(s), dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
