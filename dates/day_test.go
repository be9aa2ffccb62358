package dates

import "testing"

// Day.String against time.Format for every day of four centuries.
func TestDayStringMatchesTimeFormat(t *testing.T) {
	for d := DayOf(1900, 1, 1); d <= DayOf(2300, 12, 31); d++ {
		if got, want := d.String(), d.Time().Format("2006-01-02"); got != want {
			t.Fatalf("Day(%d).String() = %s, want %s", d, got, want)
		}
	}
}
