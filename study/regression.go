package study

import (
	"fmt"
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/results"
)

// regression runs the cross-sectional regression of CARs on the events
// file's numeric characteristics (docs/methodology.md 7) for one group and
// window, over the primary events with a complete window and every
// characteristic present; byID gives each event id its event.
func regression(g string, w analysis.Window, primary []*analysis.EventEstimate, byID map[string]*events.Event, evf *events.File, warn func(id, code, msg string)) []results.RegressionRow {
	if len(evf.Characteristics) == 0 {
		return nil
	}
	y := make([]float64, 0, len(primary))
	z := make([][]float64, 0, len(primary))
	for _, e := range primary {
		car, n := e.CAR(w)
		if n < w.Len() || math.IsNaN(car) {
			continue
		}
		ch := byID[e.ID].Characteristics
		row := make([]float64, len(ch))
		ok := true
		for j, v := range ch {
			if math.IsNaN(v) {
				ok = false
				break
			}
			row[j] = v
		}
		if !ok {
			continue
		}
		y = append(y, car)
		z = append(z, row)
	}
	if len(y) <= len(evf.Characteristics)+1 {
		return nil
	}
	coefs, err := analysis.CrossSectionalRegression(y, z, evf.Characteristics, "hc1")
	if err != nil {
		warn("", "regression", fmt.Sprintf("group %s window %s: %v", g, w, err))
		return nil
	}
	rows := make([]results.RegressionRow, len(coefs))
	for i, c := range coefs {
		rows[i] = results.RegressionRow{Group: g, Window: w.String(), Term: c.Term, N: c.N,
			Coef: results.Num(c.Coef), SE: results.Num(c.SE), SEType: c.SEType, T: results.Num(c.T),
			DF: results.SomeInt(c.DF), P: results.Num(c.P), R2: results.Num(c.R2), AdjR2: results.Num(c.AdjR2)}
	}
	return rows
}
