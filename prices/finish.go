package prices

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
)

// settle decides prices vs returns and the unit of the values
// (settleValues, settle.go).
func (fl *fileLoad) settle(bs []*builder) (settled, bool) {
	valCols := make([]int, 0, len(bs))
	for _, b := range bs {
		if b != nil {
			valCols = append(valCols, fl.L.valCol0(b))
		}
	}
	headerCol := 0
	if fl.L.kind != "wide" {
		headerCol = fl.sp.cols[fl.L.valCol]
	}
	if fl.tally.codes == nil {
		fl.tally.codes = map[string]int{}
	}
	return settleValues(fl.path, fl.L, fl.opt, fl.names, bs, fl.c, fl.headerLine, headerCol, fl.tally.codes, &fl.fr.notes, func(floor float64) []valueHit {
		return fl.newParser().valueLines(fl.src, fl.start, fl.size, fl.headerLine, valCols, floor, 3)
	})
}

// seriesTally counts the cells the series left missing, and whose.
type seriesTally struct {
	invalid, nonPos         int
	invalidSyms, nonPosSyms []string
	trfd                    trfdTally // Compustat rows with a blank trfd (compustat.go)
}

// buildSeries turns the merged builders into the file's series; false
// (duplicate dates reported with their lines) when a series has a date
// twice.
func (fl *fileLoad) buildSeries(bs []*builder, st settled) bool {
	var dups map[dupKey][]int
	var dupDays [][]dates.Day // per builder
	t := &fl.series
	for i, b := range bs {
		if b == nil || b.sym == "" {
			continue
		}
		s, days := b.finish(fl.path, &fl.fr.notes)
		t.trfd.blankTrfd(b, s)
		if len(days) > 0 {
			if dups == nil {
				dups = map[dupKey][]int{}
				dupDays = make([][]dates.Day, len(bs))
			}
			dupDays[i] = days
			for _, d := range days {
				dups[dupKey{dupSym(fl.L, b), d}] = nil
			}
		}
		s.IsReturn = st.isReturn
		s.Adjusted = !st.isReturn && fl.L.adjusted
		if st.isReturn {
			toDecimal(s.Values, st.unit)
		}
		s.Column = fl.names[fl.L.valCol0(b)]
		if fl.fr.volumeNote != "" {
			s.Volume = nil
		}
		dnp := b.droppedNonPos
		if fl.L.absPrice {
			dnp = 0 // a negative PRC outside Keep is a midpoint, not missing
		}
		if n := finishValues(s, dnp); n > 0 {
			t.nonPos += n
			t.nonPosSyms = append(t.nonPosSyms, s.Symbol)
		}
		if b.invalid > 0 {
			t.invalid += b.invalid
			t.invalidSyms = append(t.invalidSyms, s.Symbol)
		}
		fl.fr.series = append(fl.fr.series, s)
	}
	if dups == nil {
		return true
	}
	fl.newParser().duplicateLines(fl.src, fl.start, fl.size, fl.headerLine, dups)
	for i, days := range dupDays {
		for _, d := range days {
			lines := dups[dupKey{dupSym(fl.L, bs[i]), d}]
			for j := 1; j < len(lines); j++ {
				fl.c.add(lines[j], 0, fmt.Sprintf("duplicate date %s for %s (also on line %d)", d, bs[i].sym, lines[j-1]),
					"keep one row per symbol and date")
			}
		}
	}
	return false
}

// finish writes the file's notes, names and detection line.
func (fl *fileLoad) finish(st settled) {
	fr, L, t, path := fl.fr, fl.L, fl.series, fl.path
	if t.invalid > 0 {
		fr.notes = append(fr.notes, fmt.Sprintf("%s: %d empty or invalid cells (empty, NaN, Inf, null) treated as missing (%s)", path, t.invalid, listSyms(t.invalidSyms)))
	}
	if t.nonPos > 0 {
		fr.notes = append(fr.notes, fmt.Sprintf("%s: %d prices <= 0 treated as missing (%s)", path, t.nonPos, listSyms(t.nonPosSyms)))
	}
	if fl.tally.skipped > 0 {
		fr.notes = append(fr.notes, fmt.Sprintf("%s: %d rows of symbols not in the study skipped", path, fl.tally.skipped))
	}
	fr.names = fileNames(L, fl.names, fl.sym, fr.series, fl.ps)
	csNoAjex, csNoTrf := fl.tally.csNoAjex, fl.tally.csNoTrf
	if L.cs != nil {
		if csNoAjex > 0 {
			fr.notes = append(fr.notes, fmt.Sprintf("%s: %d rows without a positive ajexdi: price treated as missing", path, csNoAjex))
		}
		if csNoTrf > 0 {
			fr.notes = append(fr.notes, fmt.Sprintf("%s: no trfd column: taken as 1 on %d rows (no dividend adjustment)", path, csNoTrf))
		}
		fr.notes = append(fr.notes, t.trfd.notes(path)...)
	}
	if !st.isReturn && L.unadjusted && L.kind != "wide" {
		fr.unadjusted = fl.names[L.valCol]
	}
	if L.cs != nil && csNoTrf > 0 {
		L.adjWords += " (no trfd column, taken as 1: no dividend adjustment)"
	}
	if L.cs != nil {
		L.adjWords += t.trfd.detail()
	}
	if fl.fs.pricesFrom != "" && fl.opt.Kind == KindAuto {
		st.kindHow = fl.fs.pricesFrom
	}
	how := fmt.Sprintf("%s-delimited, dates %s", delimName(fl.sp.delim), describeDate(fl.firstDate, fl.dateFmt))
	if t := fl.fs.table; t != "" {
		how = t + ", dates " + describeDate(fl.firstDate, fl.dateFmt)
		if fl.fs.dateType != "" {
			how = t + ", dates " + fl.fs.dateType
		}
	}
	fr.detail = detailLine(L, st, fl.names, how, fl.single != "")
	if d := fl.numStyle.describe(); d != "" {
		fr.detail += ", " + d
	}
	fl.fs.report(path, fr, fl.single, fl.sym)
}
