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
