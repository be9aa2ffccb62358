// Deprecated aliases: use package dates / inputerr.
//
// Dates, the trading calendar and the input-error type moved out of
// prices (issue 18). These names keep the rest of the code base compiling
// while it is restructured in parallel; the lead removes them by a
// mechanical rename after the merges.

package prices

import (
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
)

// Deprecated: use dates.Day and its functions.
type Day = dates.Day

var (
	DayFromTime  = dates.DayFromTime
	ValidDate    = dates.ValidDate
	daysIn       = dates.DaysIn
	DescribeDate = dates.DescribeDate
	// Deprecated: use dates.DescribedSample.
	describedDate    = dates.DescribedSample
	ParseDateFormat  = dates.ParseDateFormat
	DetectDateFormat = dates.DetectDateFormat
	SplitDateTime    = dates.SplitDateTime
	IsMidnight       = dates.IsMidnight
	IsOrderDependent = dates.IsOrderDependent
	excelEpoch       = dates.ExcelEpoch
	excelMinSerial   = dates.ExcelMinSerial
	excelMaxSerial   = dates.ExcelMaxSerial
)

// Deprecated: use dates.DateFormat and its constants.
type DateFormat = dates.DateFormat

const (
	DateAuto    = dates.DateAuto
	DateISO     = dates.DateISO
	DateCompact = dates.DateCompact
	DateUS      = dates.DateUS
	DateEU      = dates.DateEU
	DateExcel   = dates.DateExcel
)

// Deprecated: use dates.Error, dates.AmbiguousDateError.
type (
	dateError          = dates.Error
	AmbiguousDateError = dates.AmbiguousDateError
)

// Deprecated: use dates.Calendar, dates.NewCalendar.
type Calendar = dates.Calendar

var NewCalendar = dates.NewCalendar

// Deprecated: use package inputerr.
type (
	InputError  = inputerr.InputError
	InputErrors = inputerr.InputErrors
)

const MaxReported = inputerr.MaxReported

// DayOf and ParseDate are functions, not variables, so that the loaders'
// per-row calls stay direct (and inlinable) calls.

// Deprecated: use dates.DayOf.
func DayOf(year, month, day int) Day { return dates.DayOf(year, month, day) }

// Deprecated: use dates.ParseDate.
func ParseDate(b []byte, f DateFormat) (Day, error) { return dates.ParseDate(b, f) }

// digits parses a run of ASCII digits (parse.go's ISO month fast path).
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, len(b) > 0
}
