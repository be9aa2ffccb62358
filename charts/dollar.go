package charts

import (
	"fmt"
	"math"
)

// dollarTable is the comparison's dollar value per event (car.csv mcap,
// dollar_car, dollar_se on the compared window; docs/methodology.md 6.16),
// in file order; ok is false when no event has a market cap, and the
// report then shows no such table. Past MaxCompareBars events the rows
// stop, with a note.
func (b *builder) dollarTable(w string) (t htmlTable, note string, ok bool) {
	var day0, firm map[string]string // made at the first row shown: most studies have no market caps
	t = htmlTable{ID: "dollar", Caption: "Dollar value of " + w + ": market cap on day −1 × CAR, in the price's currency (car.csv mcap, dollar_car, dollar_se)",
		Head: []string{"event", "firm", "day 0", "market cap", "dollar " + w, "se", "p"}}
	n := 0
	for _, r := range b.set.CAR {
		if r.T1 != b.t1 || r.T2 != b.t2 || r.DollarCAR.IsNA() || !(r.MCap > 0) {
			continue
		}
		n++
		if n > MaxCompareBars {
			continue
		}
		if day0 == nil {
			day0, firm = map[string]string{}, map[string]string{}
			for _, e := range b.set.Events {
				day0[e.EventID], firm[e.EventID] = e.Day0, e.Firm
			}
		}
		t.Rows = append(t.Rows, tableRow{Cells: []tableCell{code(r.EventID), txt(firm[r.EventID]), code(day0[r.EventID]),
			numc(fmtMoney(float64(r.MCap))), numc(fmtMoney(float64(r.DollarCAR))), numc(fmtMoney(float64(r.DollarSE))), numc(fmtP(float64(r.P)))}})
	}
	if n > MaxCompareBars {
		note = fmt.Sprintf("The dollar table shows the first %d of %d events with a market cap; car.csv has them all.", MaxCompareBars, n)
	}
	return t, note, n > 0
}

// fmtMoney writes an amount in thousands (k), millions (m) or billions (bn).
func fmtMoney(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	a := math.Abs(f)
	switch {
	case a >= 1e9:
		return fmt.Sprintf("%.2f bn", f/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.2f m", f/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.1f k", f/1e3)
	}
	return fmt.Sprintf("%.0f", f)
}
