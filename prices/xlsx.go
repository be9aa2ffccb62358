package prices

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/xuri/excelize/v2"
)

// xlsx reads an Excel workbook into canonical CSV, one line per sheet
// row (line number = row number). The sheet read is the first whose rows
// hold a date header, else the first. Cells are raw values, so prices keep
// full precision rather than the displayed decimals; dates, which Excel
// stores as serial day numbers (ECMA-376 Part 1, 18.17.4.1: 1900 system
// day 0 = 1899-12-30 past the fictitious 1900-02-29, or the 1904 system),
// become ISO dates in the date columns; text dates stay text.
func (s *source) xlsx(path string, data []byte) {
	// A damaged workbook is a file problem, never a crash of the run.
	defer func() {
		if r := recover(); r != nil {
			s.errs = nil
			s.fail(0, fmt.Sprintf("an .xlsx workbook that cannot be read (%v)", r), "save it again from Excel, or as CSV UTF-8")
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		s.fail(0, "an .xlsx workbook that cannot be read ("+err.Error()+")", "save it again from Excel, or as CSV UTF-8")
		return
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	sheets := f.GetSheetList()
	var rows [][]string
	sheet := ""
	for _, name := range sheets {
		r, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			continue
		}
		if sheet == "" {
			sheet, rows = name, r
		}
		if s.sheetHeader(r) >= 0 {
			sheet, rows = name, r
			break
		}
	}
	if sheet == "" {
		s.fail(0, "an .xlsx workbook without a readable sheet", "save the prices sheet as CSV UTF-8")
		return
	}
	s.sheet = sheet
	how := fmt.Sprintf("xlsx sheet %q", sheet)
	if len(sheets) > 1 {
		how += fmt.Sprintf(" (of %d sheets)", len(sheets))
	}
	serials := s.sheetSerials(rows, date1904)
	if serials > 0 {
		sys := "1900"
		if date1904 {
			sys = "1904"
		}
		how += fmt.Sprintf(", %d date serials (%s system) as ISO dates", serials, sys)
	}
	s.steps = append(s.steps, how+", line numbers are sheet rows")
	s.text(path, sheetCSV(rows))
}

// sheetSerials turns the Excel serials of a sheet's date columns (below
// its header row) into ISO dates, and with decodeOnly (an events file)
// the day fractions of its time columns into clock times. It returns
// how many cells it turned.
func (s *source) sheetSerials(rows [][]string, date1904 bool) int {
	h := s.sheetHeader(rows)
	if h < 0 {
		return 0
	}
	serials := 0
	var dateCols, timeCols []int
	for j, c := range rows[h] {
		switch {
		case s.dateHeader(c):
			dateCols = append(dateCols, j)
		case s.decodeOnly && strings.Contains(normName(c), "time"):
			timeCols = append(timeCols, j)
		}
	}
	for i := h + 1; i < len(rows); i++ {
		for _, j := range dateCols {
			if j < len(rows[i]) {
				if iso, ok := excelSerialDate(rows[i][j], date1904, s.decodeOnly); ok {
					rows[i][j] = iso
					serials++
				}
			}
		}
		for _, j := range timeCols {
			if j < len(rows[i]) {
				if v, err := strconv.ParseFloat(rows[i][j], 64); err == nil && v >= 0 && v < 1 {
					rows[i][j] = excelClock(v)
					serials++
				}
			}
		}
	}
	return serials
}

// sheetCSV writes a sheet's rows as canonical CSV, one line per row.
func sheetCSV(rows [][]string) []byte {
	var b bytes.Buffer
	for i, r := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.Write(joinCSV(r))
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// sheetHeader is the index of the first of a sheet's first rows naming a
// date column, or -1.
func (s *source) sheetHeader(rows [][]string) int {
	for i := 0; i < len(rows) && i < headerSearchLines; i++ {
		for _, c := range rows[i] {
			if s.dateHeader(c) {
				return i
			}
		}
	}
	return -1
}

// excelSerialDate turns a raw cell holding an Excel date serial into
// YYYY-MM-DD. Numbers beyond the last Excel date (9999-12-31, serial
// 2958465) are not serials (a YYYYMMDD number such as 20210816 is one of
// them) and stay as they are. A fraction's time of day is dropped (daily
// prices), or with clock written after the date (event times).
func excelSerialDate(cell string, date1904, clock bool) (string, bool) {
	v, err := strconv.ParseFloat(cell, 64)
	if err != nil || math.IsNaN(v) || v < 1 || v > 2958465 {
		return "", false
	}
	d := int(math.Floor(v))
	day, ok := dates.ExcelDay(d, date1904)
	if !ok {
		return "", false // 1900-02-29, which did not exist
	}
	iso := day.String()
	if clock && v != float64(d) {
		iso += " " + excelClock(v-float64(d))
	}
	return iso, true
}

// excelClock writes a day fraction (Excel's time of day) as HH:MM, or
// HH:MM:SS when the seconds are not zero, rounded to the second.
func excelClock(frac float64) string {
	sec := int(math.Round(frac * 86400))
	if sec >= 86400 {
		sec = 86399
	}
	if sec%60 != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%02d:%02d", sec/3600, sec/60%60)
}
