package charts

import (
	"fmt"

	"github.com/breachlab/eventstudy/results"
)

// volatilitySection is the table of volatility.csv (docs/methodology.md
// 6.15): per event Beaver's (1968) U, the mean squared standardized
// abnormal return over a window, its two-sided F p and the variance ratio of
// event-window to estimation-window residuals, on day 0 and on the
// compared window. No rows, no section.
func (b *builder) volatilitySection() (section, error) {
	if len(b.set.Volatility) == 0 {
		return section{}, nil
	}
	s := section{ID: "volatility", Heading: "Abnormal volatility per event",
		Intro: "volatility.csv. U: mean of the squared standardized abnormal returns over the window (Beaver 1968), 1 when the event adds no risk; " +
			"p: two-sided, U against F(L, df) (docs/methodology.md 6.15); variance ratio: event-window over estimation-window residual variance. " +
			"Highlighted: p < 0.05 on a shown window. Group tests (avol_u, avol_rank) are in the tests table."}
	have := map[string]bool{}
	for i := range b.set.Volatility {
		have[b.set.Volatility[i].Window] = true
	}
	var ws []string
	for _, w := range []string{"0,0", fmt.Sprintf("%d,%d", b.t1, b.t2)} {
		if have[w] && (len(ws) == 0 || ws[0] != w) {
			ws = append(ws, w)
		}
	}
	if len(ws) == 0 {
		ws = []string{b.set.Volatility[0].Window}
	}
	// by[k] indexes the rows of window ws[k] by event (only the shown
	// windows: volatility.csv has a row per event and CAR window).
	by := make([]map[string]*results.VolatilityRow, len(ws))
	for k := range by {
		by[k] = make(map[string]*results.VolatilityRow, len(b.set.Events)) // a row per event at most
	}
	for i := range b.set.Volatility {
		r := &b.set.Volatility[i]
		for k, w := range ws {
			if r.Window == w {
				by[k][r.EventID] = r
			}
		}
	}
	t := htmlTable{ID: "volatility-table", Head: []string{"event", "firm", "day 0"}}
	for _, w := range ws {
		t.Head = append(t.Head, "U("+w+")", "p", "variance ratio")
	}
	var evs []*results.EventRow
	for i := range b.set.Events {
		if _, ok := by[0][b.set.Events[i].EventID]; ok {
			evs = append(evs, &b.set.Events[i])
		}
	}
	if n := len(evs); n > MaxTableRows {
		k := MaxTableRows / 4
		idx := tails(n, k, func(i int) float64 { return float64(by[0][evs[i].EventID].U) })
		kept := make([]*results.EventRow, len(idx))
		for j, i := range idx {
			kept[j] = evs[i]
		}
		evs = kept
		t.Summary = fmt.Sprintf("%s events. Shown: the %d with the lowest and the %d with the highest U(%s), lowest first.",
			thousands(n), min(k, len(idx)/2), min(k, len(idx)-len(idx)/2), ws[0])
		t.Full = fullTableFor(b.set.Manifest.Config, "volatility")
	}
	for _, e := range evs {
		row := tableRow{Cells: []tableCell{code(e.EventID), code(e.Firm), code(e.Day0)}}
		for k := range ws {
			r, ok := by[k][e.EventID]
			if !ok {
				row.Cells = append(row.Cells, numc(""), numc(""), numc(""))
				continue
			}
			row.Cells = append(row.Cells, numc(fmtG(float64(r.U))), numc(fmtP(float64(r.P))), numc(fmtG(float64(r.VarianceRatio))))
			if !r.P.IsNA() && float64(r.P) < 0.05 {
				row.Class = "sig"
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 {
		return section{}, nil
	}
	s.Tables = append(s.Tables, t)
	return s, nil
}
