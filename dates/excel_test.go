package dates

import "testing"

// TestExcelDay checks the 1900 and 1904 date systems against Microsoft's
// documented anchors: serial 1 = 1900-01-01, 60 = the nonexistent
// 1900-02-29, 61 = 1900-03-01, 44424 = 2021-08-16 (T-Mobile's day 0), and
// the 1904 system 1,462 days behind.
func TestExcelDay(t *testing.T) {
	for _, tc := range []struct {
		serial   int
		date1904 bool
		want     string // "" = not a day
	}{
		{1, false, "1900-01-01"},
		{59, false, "1900-02-28"},
		{60, false, ""},
		{61, false, "1900-03-01"},
		{0, false, ""},
		{-1, false, ""},
		{44424, false, "2021-08-16"},
		{0, true, "1904-01-01"},
		{44424 - 1462, true, "2021-08-16"},
	} {
		d, ok := ExcelDay(tc.serial, tc.date1904)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("ExcelDay(%d, %v) = %q, want %q", tc.serial, tc.date1904, got, tc.want)
		}
	}
}
