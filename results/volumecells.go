package results

import "math"

// The hand-written cells of volume.csv and volatility.csv (a row per event
// and window, 80,000 each on the 10,000-event benchmark: by reflection
// they cost twice their float formatting).
var (
	volumeColumns     = ColumnsOf[VolumeRow]().WithCells(volumeCells)
	volatilityColumns = ColumnsOf[VolatilityRow]().WithCells(volatilityCells).withRecord(volatilityRecord)
)

func volumeCells(r *VolumeRow, a *Cells, c []string) {
	c[0], c[1], c[2], c[3] = r.EventID, r.Window, a.Int(r.T1), a.Int(r.T2)
	c[4], c[5], c[6], c[7] = a.Num(r.CAV), a.Num(r.SE), a.Num(r.T), a.OptInt(r.DF)
	c[8], c[9] = a.Num(r.P), a.Int(r.NDays)
}

func volatilityCells(r *VolatilityRow, a *Cells, c []string) {
	c[0], c[1], c[2], c[3] = r.EventID, r.Window, a.Int(r.T1), a.Int(r.T2)
	c[4] = a.Num(r.U)
	c[5], c[6], c[7] = a.numLike(r.Stat, r.U, c[4]), a.OptInt(r.DF), a.Num(r.P)
	c[8], c[9] = a.Num(r.VarianceRatio), a.Int(r.NDays)
}

// volatilityRecord is volatilityCells' record (arRecord).
func volatilityRecord(dst []byte, r *VolatilityRow, q *quoteMemo) []byte {
	dst = append(q.appendText(dst, 0, r.EventID), ',')
	dst = append(q.appendText(dst, 1, r.Window), ',')
	dst = append(appendInt(dst, r.T1), ',')
	dst = append(appendInt(dst, r.T2), ',')
	u := len(dst)
	dst = appendNum(dst, r.U)
	uEnd := len(dst)
	dst = append(dst, ',')
	if math.Float64bits(float64(r.Stat)) == math.Float64bits(float64(r.U)) {
		dst = append(dst, dst[u:uEnd]...) // numLike
	} else {
		dst = appendNum(dst, r.Stat)
	}
	dst = append(appendOptInt(append(dst, ','), r.DF), ',')
	dst = append(appendNum(dst, r.P), ',')
	dst = append(appendNum(dst, r.VarianceRatio), ',')
	return append(appendInt(dst, r.NDays), '\n')
}
