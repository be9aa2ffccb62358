package events

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/xuri/excelize/v2"
)

// container names the kind of file data is from its first bytes: "xlsx"
// (a ZIP archive: Office Open XML), "gzip", "xls" (the legacy OLE2
// compound file) or "" for text.
func container(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "xlsx"
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		return "gzip"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "xls"
	}
	return ""
}

// gunzip decompresses a gzipped events file (events.csv.gz).
func (p *parser) gunzip(data []byte) ([]byte, bool) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err == nil {
		var out []byte
		if out, err = io.ReadAll(zr); err == nil {
			return out, true
		}
	}
	p.add(0, 0, "cannot decompress the gzip file: "+err.Error(), "check that the .gz file is complete, or give the CSV itself")
	return nil, false
}

// parseXLSX reads the first sheet of an .xlsx workbook as an events table:
// the first non-empty row is the header, and positions are reported as
// row:column (line = sheet row). Cells are read as stored (excelize's raw
// values), not as displayed, so that a number keeps its digits. A numeric
// cell with a date or time number format is an Excel serial date (ECMA-376
// Part 1, 18.17.4.1: days since 1899-12-30 in the 1900 date system, since
// 1904-01-01 in the 1904 one; the fraction is the time of day) and is
// written as ISO text: 2021-08-16, 17:27:00 or 2021-08-16 17:27:00, which
// the date and time columns then read like CSV cells (a clock without a
// zone is exchange time, and said so).
func (p *parser) parseXLSX(data []byte) *File {
	f := &File{Path: p.name}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		p.add(0, 0, "cannot read the file as an .xlsx workbook: "+err.Error(),
			"save it again from Excel as .xlsx, or as CSV UTF-8")
		return f
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) == 0 {
		p.add(0, 0, "the workbook has no sheet", "put the events on the first sheet")
		return f
	}
	sheet := sheets[0]
	date1904 := false
	if wp, err := x.GetWorkbookProps(); err == nil && wp.Date1904 != nil {
		date1904 = *wp.Date1904
	}
	raw, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		p.add(0, 0, fmt.Sprintf("cannot read sheet %q: %v", sheet, err), "save the workbook again from Excel")
		return f
	}
	kinds := map[int]serialKind{} // style id → kind
	var header []cell
	var rows [][]cell
	var lines []int
	for ri, rec := range raw {
		line := ri + 1
		cells := make([]cell, len(rec))
		for ci, v := range rec {
			v = strings.TrimSpace(v)
			c := cell{s: v, line: line, col: ci + 1}
			if v != "" {
				c.s = p.xlsxValue(x, sheet, kinds, date1904, ci+1, line, v)
			}
			cells[ci] = c
		}
		if allEmpty(cells) || strings.HasPrefix(cells[0].s, "#") {
			continue
		}
		if header == nil {
			header = cells
			continue
		}
		// Excel does not store trailing empty cells: pad to the header.
		for len(cells) < len(header) {
			cells = append(cells, cell{line: line, col: len(cells) + 1})
		}
		rows = append(rows, cells)
		lines = append(lines, line)
	}
	if header == nil {
		p.add(0, 0, fmt.Sprintf("sheet %q is empty", sheet),
			"the first row must name the columns, e.g. event_id, firm, date")
		return f
	}
	if len(sheets) > 1 {
		f.Detection = append(f.Detection, fmt.Sprintf("read sheet %q, the first of %d", sheet, len(sheets)))
	}
	p.build(f, header, rows, lines)
	return f
}

// serialKind is what a numeric cell's number format shows.
type serialKind uint8

const (
	serialNumber serialKind = iota
	serialDate
	serialTime
	serialDateTime
)

// xlsxValue returns a cell's text: a date- or time-formatted number as ISO
// text, anything else as stored.
func (p *parser) xlsxValue(x *excelize.File, sheet string, kinds map[int]serialKind, date1904 bool, col, row int, v string) string {
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(serial) || math.IsInf(serial, 0) {
		return v
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return v
	}
	style, err := x.GetCellStyle(sheet, ref)
	if err != nil {
		return v
	}
	kind, ok := kinds[style]
	if !ok {
		kind = serialNumber
		if st, err := x.GetStyle(style); err == nil && st != nil {
			custom := ""
			if st.CustomNumFmt != nil {
				custom = *st.CustomNumFmt
			}
			kind = formatKind(st.NumFmt, custom)
		}
		kinds[style] = kind
	}
	if kind == serialNumber {
		return v
	}
	s, ok := serialText(serial, date1904, kind)
	if !ok {
		return v // left to the date parser's error
	}
	return s
}

// formatKind classifies a number format (ECMA-376 Part 1, 18.8.30: the
// built-in ids 14-17 are dates, 18-21 and 45-47 times, 22 date and time;
// a custom format is a date when it holds y or d, a time when it holds h
// or s, outside quoted text and [..] sections such as colours and locales).
func formatKind(id int, custom string) serialKind {
	switch {
	case id >= 14 && id <= 17:
		return serialDate
	case (id >= 18 && id <= 21) || (id >= 45 && id <= 47):
		return serialTime
	case id == 22:
		return serialDateTime
	}
	if custom == "" {
		return serialNumber
	}
	var b strings.Builder
	quoted, bracket := false, false
	for i := 0; i < len(custom); i++ {
		ch := custom[i]
		switch {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '\\' || ch == '_' || ch == '*':
			i++ // the next character is literal or padding
		case ch == '[':
			bracket = true
		case ch == ']':
			bracket = false
		case !bracket:
			b.WriteByte(ch | 0x20) // lower case for letters
		}
	}
	f := b.String()
	hasDate := strings.ContainsAny(f, "yd")
	hasTime := strings.ContainsAny(f, "hs")
	switch {
	case hasDate && hasTime:
		return serialDateTime
	case hasDate:
		return serialDate
	case hasTime:
		return serialTime
	}
	return serialNumber
}

// serialText converts an Excel serial date exactly: whole days from the
// epoch (1900 system: serial 1 is 1900-01-01 and serial 60 Lotus 1-2-3's
// 1900-02-29, which did not exist; from 61 on, days since 1899-12-30),
// the fraction rounded to the second. A date cell whose time is not
// midnight keeps its time, and a time cell (no whole days) is a clock.
func serialText(serial float64, date1904 bool, kind serialKind) (string, bool) {
	if serial < 0 || serial > 2958465 { // 9999-12-31
		return "", false
	}
	days := math.Floor(serial)
	secs := int(math.Round((serial - days) * 86400))
	if kind == serialTime && days == 0 && secs == 86400 {
		secs = 86399 // a clock cell stays on its day: 23:59:59.6 is not 24:00
	}
	if secs == 86400 {
		days, secs = days+1, 0
	}
	clockText := fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs%3600/60, secs%60)
	if kind == serialTime && days == 0 {
		return clockText, true
	}
	d, ok := dates.ExcelDay(int(days), date1904)
	if !ok {
		return "", false // 1900-02-29 and 1900-01-00 are not dates
	}
	if secs == 0 {
		return d.String(), true
	}
	return d.String() + " " + clockText, true
}
