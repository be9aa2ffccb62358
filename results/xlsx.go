package results

import (
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// xlsxBytes renders results.xlsx: one sheet per table (named after the
// file without ".csv"), header in row 1. Numbers are written from the CSV
// text itself (SetCellDefault keeps it as the stored value), so the
// workbook holds the same 17-digit numbers as the CSVs; excelize's float
// setters would cut them to Excel's 15 displayed digits. Missing values are
// empty cells; infinities, which a spreadsheet cannot store as numbers,
// are the text "Inf"/"-Inf".
func xlsxBytes(tables []Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	for i, tt := range tables {
		sheet := jsonKey(tt)
		t := tt.cells()
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return nil, err
		}
		for c, h := range t.header {
			if err := setCell(f, sheet, c, 0, h, false); err != nil {
				return nil, err
			}
		}
		for r, row := range t.rows {
			for c, v := range row {
				if err := setCell(f, sheet, c, r+1, v, t.kinds[c].numeric()); err != nil {
					return nil, err
				}
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func setCell(f *excelize.File, sheet string, col, row int, v string, number bool) error {
	if v == "" {
		return nil
	}
	ref, err := excelize.CoordinatesToCellName(col+1, row+1)
	if err != nil {
		return err
	}
	if number {
		if x, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
			return f.SetCellDefault(sheet, ref, v)
		}
	}
	return f.SetCellStr(sheet, ref, v)
}
