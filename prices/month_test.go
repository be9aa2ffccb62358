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
	if fast != 446 {
		t.Errorf("fast path took %d of 447 days, want all but the first (the months after come by arithmetic)", fast)
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

// TestISOMonthNext walks every day of a few centuries, of the years by
// 9999 and of ones where a month is skipped, through the month fast path
// as rowParser.date uses it, checking each against dates.ParseDate: the
// fast path must give exactly its day, and decline only the first date and
// a date past the month after the remembered one.
func TestISOMonthNext(t *testing.T) {
	walk := func(from, to dates.Day, step func(dates.Day) dates.Day) (fast, slow int) {
		var m isoMonth
		for d := from; d <= to; d = step(d) {
			f := []byte(d.String())
			want, err := dates.ParseDate(f, dates.DateAuto)
			if err != nil || want != d {
				t.Fatalf("%s: dates.ParseDate %v, %v", f, want, err)
			}
			got, ok := m.day(f)
			if !ok {
				slow++
				m.remember(f, want)
				continue
			}
			fast++
			if got != want {
				t.Fatalf("%s: fast path %v, want %v", f, got, want)
			}
		}
		return fast, slow
	}
	daily := func(d dates.Day) dates.Day { return d + 1 }
	if _, slow := walk(dates.DayOf(1850, 1, 1), dates.DayOf(2150, 12, 31), daily); slow != 1 {
		t.Errorf("1850-2150: %d dates took dates.ParseDate, want 1", slow)
	}
	// the last month: no month after
	if _, slow := walk(dates.DayOf(9998, 11, 20), dates.DayOf(9999, 12, 31), daily); slow != 1 {
		t.Errorf("9998-9999: %d dates took dates.ParseDate, want 1", slow)
	}
	// 40 days at a time: some months are skipped and take ParseDate
	_, slow := walk(dates.DayOf(1999, 1, 1), dates.DayOf(2010, 12, 31), func(d dates.Day) dates.Day { return d + 40 })
	if slow < 2 {
		t.Errorf("40-day steps: %d dates took dates.ParseDate, want the skips", slow)
	}
	var m isoMonth
	m.remember([]byte("9999-12-30"), mustDate(t, "9999-12-30"))
	if m.next != 0 {
		t.Errorf("after 9999-12: next month %x", m.next)
	}
	for _, tc := range []struct{ first, next string }{
		{"2000-01-31", "2000-03-01"}, {"2000-01-31", "2000-02-30"}, {"2001-01-31", "2001-02-29"},
		{"2000-12-31", "2000-13-01"}, {"2000-12-31", "2001-00-01"}, {"2000-12-31", "2001-01-00"},
		{"2000-04-29", "2000-05-3x"}, {"2000-04-29", "2000/05/01"}, {"2000-11-30", "1999-12-01"},
	} {
		m.remember([]byte(tc.first), mustDate(t, tc.first))
		d, ok := m.day([]byte(tc.next))
		want, err := dates.ParseDate([]byte(tc.next), dates.DateAuto)
		if ok && (err != nil || d != want) {
			t.Errorf("after %s, %q taken as %v; dates.ParseDate %v, %v", tc.first, tc.next, d, want, err)
		}
		if tc.next == "2000-03-01" && ok {
			t.Errorf("after %s, %q taken: not the month after", tc.first, tc.next)
		}
	}
}
