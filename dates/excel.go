package dates

// Excel serial dates (1900 date system: serial 1 is 1900-01-01 and the
// nonexistent 1900-02-29 is serial 60, so from 1900-03-01 on day 0 is
// 1899-12-30; Microsoft, "Differences between the 1900 and the 1904 date
// system in Excel"). Only five-digit serials from 1950-01-01 to 2100-12-31
// are taken as dates, and only when the whole sampled column is such
// serials (DetectDateFormat): no other date layout is five digits, so a
// serial cannot be confused with YYYYMMDD.
var (
	ExcelEpoch     = DayOf(1899, 12, 30)
	ExcelMinSerial = int(DayOf(1950, 1, 1) - ExcelEpoch) // 18264
	ExcelMaxSerial = int(DayOf(2100, 12, 31) - ExcelEpoch)
)

// ExcelDay is the calendar day of a whole Excel serial in the 1900 date
// system (serial 1 is 1900-01-01; serial 60 is Lotus 1-2-3's 1900-02-29,
// which did not exist, and serial 0 is "1900-01-00": neither is a day;
// from 61 on, days since ExcelEpoch) or, with date1904, the 1904 system
// (days since 1904-01-01). Workbook cells (.xlsx prices and events) use
// it; a CSV column of serials is read by DetectDateFormat's rule above.
func ExcelDay(serial int, date1904 bool) (Day, bool) {
	switch {
	case serial < 0:
		return 0, false
	case date1904:
		return DayOf(1904, 1, 1) + Day(serial), true
	case serial == 0 || serial == 60:
		return 0, false
	case serial < 60:
		return DayOf(1899, 12, 31) + Day(serial), true
	}
	return ExcelEpoch + Day(serial), true
}

// excelSerial reads a cell of five digits, optionally followed by a point
// and zeros ("44424", "44424.0"), in the plausible range.
func excelSerial(b []byte) (int, bool) {
	if len(b) < 5 {
		return 0, false
	}
	n, ok := digits(b[:5])
	if !ok || n < ExcelMinSerial || n > ExcelMaxSerial {
		return 0, false
	}
	if rest := b[5:]; len(rest) > 0 {
		if rest[0] != '.' || len(rest) == 1 {
			return 0, false
		}
		for _, c := range rest[1:] {
			if c != '0' {
				return 0, false
			}
		}
	}
	return n, true
}
