package charts

import (
	"math"

	"github.com/breachlab/eventstudy/results"
)

// adjustedP returns a tests.csv row's multiplicity-adjusted p-values,
// p_holm (Holm 1979) and p_bh (Benjamini & Hochberg 1995), when the row
// carries them; the p-value heat map then offers a switch between raw and
// adjusted p. It is a variable so the tests can give rows adjusted p-values.
var adjustedP = func(r results.TestRow) (holm, bh float64, ok bool) {
	return float64(r.PHolm), float64(r.PBH), !r.PHolm.IsNA() || !r.PBH.IsNA()
}

// adjustedCells are the heat map's cells of the adjusted p-values, keyed
// "p_holm" and "p_bh" (the tests.csv columns), in the series' data form
// ({value: [window, test, p]}, white labels on the dark p < 0.05 cells);
// nil when no row has them.
func adjustedCells(rows []results.TestRow, wi, ti map[string]int) map[string][]any {
	holm, bh := []any{}, []any{}
	has := false
	for _, r := range rows {
		h, b, ok := adjustedP(r)
		if !ok {
			continue
		}
		has = true
		x, y := wi[r.Window], ti[r.Test]
		if !math.IsNaN(h) {
			holm = append(holm, heatCell(x, y, h))
		}
		if !math.IsNaN(b) {
			bh = append(bh, heatCell(x, y, b))
		}
	}
	if !has {
		return nil
	}
	return map[string][]any{"p_holm": holm, "p_bh": bh}
}

func heatCell(x, y int, p float64) map[string]any {
	c := map[string]any{"value": []any{x, y, val(p)}}
	if p < 0.05 {
		c["label"] = map[string]any{"color": "#ffffff"}
	}
	return c
}
