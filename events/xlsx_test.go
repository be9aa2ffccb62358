package events

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// serialOf is the Excel 1900-system serial of a UTC time, computed from
// the epoch 1899-12-30 (valid from 1900-03-01 on).
func serialOf(t time.Time) float64 {
	return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

// buildWorkbook writes an events workbook as Excel stores one: dates as
// serial numbers under date formats (built-in 14, a custom yyyy-mm-dd
// hh:mm), a time as a day fraction under h:mm (built-in 20), a text date,
// a number and a text column.
func buildWorkbook(t *testing.T, date1904 bool, rows [][]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	if date1904 {
		v := true
		if err := x.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &v}); err != nil {
			t.Fatal(err)
		}
	}
	dateStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 14})
	custom := "yyyy-mm-dd hh:mm"
	dtStyle, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	timeStyle, _ := x.NewStyle(&excelize.Style{NumFmt: 20})
	sheet := x.GetSheetName(0)
	for r, row := range rows {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			style := 0
			switch w := v.(type) {
			case dateCell:
				v, style = float64(w), dateStyle
			case dateTimeCell:
				v, style = float64(w), dtStyle
			case timeCell:
				v, style = float64(w), timeStyle
			}
			if err := x.SetCellValue(sheet, ref, v); err != nil {
				t.Fatal(err)
			}
			if style != 0 {
				x.SetCellStyle(sheet, ref, ref, style)
			}
		}
	}
	x.NewSheet("Notes") // a second sheet is not read
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type (
	dateCell     float64
	dateTimeCell float64
	timeCell     float64
)

func TestParseXLSX(t *testing.T) {
	d0816 := serialOf(time.Date(2021, 8, 16, 0, 0, 0, 0, time.UTC))
	if d0816 != 44424 {
		t.Fatalf("serial of 2021-08-16 = %v", d0816)
	}
	clock1727 := (17*60 + 27) / 1440.0
	rows := [][]any{
		{"event_id", "ticker", "date", "time", "company", "records"},
		{"confirm", "TMUS", dateCell(d0816), "", "T-Mobile US", 100000000},
		{"filing", "TMUS", dateCell(d0816), timeCell(clock1727), "T-Mobile US", ""},
		{}, // an empty row is skipped
		{"filing-dt", "TMUS", dateTimeCell(d0816 + clock1727), "", "T-Mobile US"}, // trailing cells not stored
		{"text-date", "EFX", "2017-09-07", "", "Equifax", 147900000},
	}
	f, err := Parse("ev.xlsx", buildWorkbook(t, false, rows), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, date, tm string
		line         int
	}{
		{"confirm", "2021-08-16", "", 2},
		{"filing", "2021-08-16", "17:27", 3},
		{"filing-dt", "2021-08-16", "17:27", 5},
		{"text-date", "2017-09-07", "", 6},
	}
	if len(f.Events) != len(want) {
		t.Fatalf("%d events: %+v", len(f.Events), f.Events)
	}
	for i, w := range want {
		e := f.Events[i]
		if e.ID != w.id || e.Date.String() != w.date || e.Time != w.tm || e.Line != w.line || e.Firm == "" {
			t.Errorf("event %d = %s %s %q line %d firm %s, want %+v", i, e.ID, e.Date, e.Time, e.Line, e.Firm, w)
		}
	}
	if f.Events[0].Characteristics[0] != 1e8 || f.Events[0].Attributes[0] != "T-Mobile US" {
		t.Errorf("extra columns %v %q", f.Events[0].Characteristics, f.Events[0].Attributes)
	}
	d := f.Detail()
	for _, w := range []string{"4 events, .xlsx workbook", `read sheet "Sheet1", the first of 2`, `column "ticker" read as firm`,
		"1 timestamp(s) without a zone read as New York (exchange) time", "carried as attributes, not regression covariates: company"} {
		if !strings.Contains(d, w) {
			t.Errorf("detail %q lacks %q", d, w)
		}
	}

	// The 1904 date system counts from 1904-01-01.
	f, err = Parse("ev.xlsx", buildWorkbook(t, true, [][]any{
		{"event_id", "firm", "date"}, {"a", "TMUS", dateCell(d0816 - 1462)}}), "")
	if err != nil || f.Events[0].Date.String() != "2021-08-16" {
		t.Errorf("1904 system: %v %+v", err, f)
	}

	// Errors carry the sheet row and column.
	_, err = Parse("ev.xlsx", buildWorkbook(t, false, [][]any{
		{"event_id", "firm", "date"}, {"a", "TMUS", "2021-08-16"}, {"b", "", "2021-13-01"}}), "")
	if err == nil || !strings.Contains(err.Error(), "ev.xlsx:3:2: empty firm") || !strings.Contains(err.Error(), `ev.xlsx:3:3: date "2021-13-01"`) {
		t.Errorf("error %v", err)
	}
}

func TestSerialText(t *testing.T) {
	tests := []struct {
		serial float64
		kind   serialKind
		want   string
		ok     bool
	}{
		{44424, serialDate, "2021-08-16", true},
		{44424.727083333333, serialDateTime, "2021-08-16 17:27:00", true},
		{0.727083333333, serialTime, "17:27:00", true},
		{0.99999999, serialTime, "23:59:59", true}, // a clock does not round into the next day
		{1, serialDate, "1900-01-01", true},
		{59, serialDate, "1900-02-28", true},
		{60, serialDate, "", false}, // Lotus 1-2-3's 1900-02-29
		{61, serialDate, "1900-03-01", true},
		{-1, serialDate, "", false},
	}
	for _, tc := range tests {
		got, ok := serialText(tc.serial, false, tc.kind)
		if got != tc.want || ok != tc.ok {
			t.Errorf("serialText(%v) = %q %v, want %q %v", tc.serial, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		id     int
		custom string
		want   serialKind
	}{{14, "", serialDate}, {22, "", serialDateTime}, {20, "", serialTime}, {2, "", serialNumber},
		{164, "dd/mm/yyyy", serialDate}, {164, "[$-409]h:mm AM/PM", serialTime}, {164, `0.00" days"`, serialNumber},
		{164, "[Red]#,##0", serialNumber}, {164, "m/d/yy h:mm", serialDateTime}} {
		if got := formatKind(tc.id, tc.custom); got != tc.want {
			t.Errorf("formatKind(%d, %q) = %d, want %d", tc.id, tc.custom, got, tc.want)
		}
	}
}

func TestContainers(t *testing.T) {
	csv := "event_id,firm,date\na,TMUS,2021-08-16\n"
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write([]byte(csv))
	w.Close()
	f, err := Parse("ev.csv.gz", gz.Bytes(), "")
	if err != nil || len(f.Events) != 1 || f.Events[0].Date.String() != "2021-08-16" {
		t.Errorf("gzip: %v %+v", err, f)
	}
	_, err = Parse("ev.csv.gz", gz.Bytes()[:10], "")
	if err == nil || !strings.Contains(err.Error(), "cannot decompress the gzip file") {
		t.Errorf("truncated gzip: %v", err)
	}
	_, err = Parse("ev.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), "")
	if err == nil || !strings.Contains(err.Error(), "legacy Excel .xls workbook") {
		t.Errorf("xls: %v", err)
	}
	_, err = Parse("ev.zip", []byte("PK\x03\x04garbage"), "")
	if err == nil || !strings.Contains(err.Error(), "cannot read the file as an .xlsx workbook") {
		t.Errorf("zip: %v", err)
	}
}
