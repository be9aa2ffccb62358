package prices

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestXlsxDate1904: a workbook saved in the 1904 date system (Excel for
// Mac before 2011, and any workbook with "Use 1904 date system" ticked)
// stores day 0 as 1904-01-01, 1462 days after the 1900 system's. Read as
// 1900 serials, every date would come out four years and a day early
// with no error. The serials are computed here from the intended dates
// with package time (not dates.ExcelDay, which the reader uses), written
// as raw numbers with a date format, and the same dates in a 1900-system
// workbook must read the same.
func TestXlsxDate1904(t *testing.T) {
	want := []string{"1904-01-04", "1999-12-31", "2000-02-29", "2021-08-13", "2021-08-16", "2021-08-17"}
	closes := []float64{10, 11.5, 12.25, 149.37, 145.02, 141.86}
	isoTime := func(iso string) time.Time {
		d, err := time.Parse("2006-01-02", iso)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		d1904 bool
		epoch string // serial 0; the 1900 system's after its 1900-02-29
	}{
		{"1904 system", true, "1904-01-01"},
		{"1900 system", false, "1899-12-30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &tc.d1904}); err != nil {
				t.Fatal(err)
			}
			style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetSheetRow("Sheet1", "A1", &[]any{"Date", "Close"}); err != nil {
				t.Fatal(err)
			}
			serials := make([]int, len(want))
			for i, iso := range want {
				serials[i] = int(isoTime(iso).Sub(isoTime(tc.epoch)).Hours() / 24)
				cell, _ := excelize.CoordinatesToCellName(1, i+2)
				if err := f.SetSheetRow("Sheet1", cell, &[]any{serials[i], closes[i]}); err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle("Sheet1", cell, cell, style); err != nil {
					t.Fatal(err)
				}
			}
			var b bytes.Buffer
			if err := f.Write(&b); err != nil {
				t.Fatal(err)
			}
			// The test's own arithmetic: T-Mobile's day 0 is 1900 serial
			// 44424 (TestExcelSerialDate), 1904 serial 44424-1462.
			if got, w := serials[4], map[bool]int{false: 44424, true: 44424 - 1462}[tc.d1904]; got != w {
				t.Fatalf("serial of 2021-08-16 %d, want %d", got, w)
			}
			path := writeTemp(t, dir, strings.ReplaceAll(tc.name, " ", "")+".xlsx", b.String())
			p, err := Load(path, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Series) != 1 {
				t.Fatalf("series %v", p.Symbols())
			}
			for _, s := range p.Series {
				sameSeriesAs(t, s, want, closes, 0)
			}
			sys := map[bool]string{false: "1900", true: "1904"}[tc.d1904]
			if w := "6 date serials (" + sys + " system) as ISO dates"; !strings.Contains(p.Detail, w) {
				t.Errorf("detail %q lacks %q", p.Detail, w)
			}
		})
	}
}
