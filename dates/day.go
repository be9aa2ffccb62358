// Package dates reads and holds the calendar dates of the inputs: Day
// (days since 1970-01-01), the date layouts of real-world exports
// (ISO, YYYYMMDD, M/D/YYYY and D.M.YYYY, month names, Stata's %td,
// date-times, Excel serials) with their detection and description, and
// the trading Calendar that relative event days count in. It knows
// nothing of prices or events: both loaders use it.
package dates

import (
	"fmt"
	"time"
)

// Day is a calendar date counted in days since 1970-01-01. Trading days are
// stored as Days (4 bytes) instead of time.Time (24 bytes) so that a
// 10-million-row panel stays compact.
type Day int32

// DayOf returns the Day of a proleptic Gregorian date. It does not validate;
// use ValidDate first when the parts come from user input.
func DayOf(year, month, day int) Day {
	// Days-from-civil (H. Hinnant), exact for all int32 ranges we use.
	y := year
	if month <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	m := month
	if m > 2 {
		m -= 3
	} else {
		m += 9
	}
	doy := (153*m+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

// ValidDate reports whether year-month-day exists in the Gregorian calendar.
func ValidDate(year, month, day int) bool {
	if month < 1 || month > 12 || day < 1 || year < 1 || year > 9999 {
		return false
	}
	return day <= DaysIn(year, month)
}

// DaysIn returns the number of days in month (1-12) of year.
func DaysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DayFromTime returns the Day of t's calendar date (in t's location).
func DayFromTime(t time.Time) Day {
	y, m, d := t.Date()
	return DayOf(y, int(m), d)
}

// Time returns midnight UTC of d.
func (d Day) Time() time.Time {
	return time.Unix(int64(d)*86400, 0).UTC()
}

// Weekday returns the day of the week of d.
func (d Day) Weekday() time.Weekday { return d.Time().Weekday() }

// String formats d as ISO 2006-01-02. It is on the output hot path (one
// call per row of ar.csv and prices.csv), hence no fmt.
func (d Day) String() string {
	var b [10]byte
	return string(d.AppendISO(b[:0]))
}

// AppendISO appends d as 2006-01-02 to b.
func (d Day) AppendISO(b []byte) []byte {
	y, m, dd := d.Time().Date()
	if y < 0 || y > 9999 {
		return fmt.Appendf(b, "%04d-%02d-%02d", y, int(m), dd)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}
