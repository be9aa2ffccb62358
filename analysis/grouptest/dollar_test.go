package grouptest

import (
	"math"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestDollarPlainLoop checks vw_caar and dollar on the events of
// docs/methodology.md 8.3 with market caps 1, 5, 20 and 300 bn against a
// separate plain computation from each event's CAR and CAR variance.
func TestDollarPlainLoop(t *testing.T) {
	cfg := exampleConfig()
	evs := example83(t, cfg)
	caps := []float64{1e9, 5e9, 20e9, 300e9}
	for i, e := range evs {
		e.MCap = caps[i]
	}
	w := analysis.Window{T1: 0, T2: 2}
	rows := Run([]string{"vw_caar", "dollar"}, evs, w, cfg)
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	// plain loop
	var sumM, vw, v, total float64
	for _, m := range caps {
		sumM += m
	}
	u := make([]float64, 4)
	for i, e := range evs {
		car, _ := e.CAR(w)
		sd := math.Sqrt(e.CARVariance(w, false))
		vw += caps[i] / sumM * car
		v += caps[i] * caps[i] / sumM / sumM * sd * sd
		total += caps[i] * car
		u[i] = car / sd
	}
	z := vw / math.Sqrt(v)
	ubar := (u[0] + u[1] + u[2] + u[3]) / 4
	ss := 0.0
	for _, x := range u {
		ss += (x - ubar) * (x - ubar)
	}
	tt := z / math.Sqrt(ss/3)
	close := func(name string, got, want float64) {
		if math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.15g, want %.15g", name, got, want)
		}
	}
	vr, dr := rows[0], rows[1]
	close("vw_caar estimate", float64(vr.Estimate), vw)
	close("vw_caar Z", float64(vr.Statistic), z)
	close("dollar estimate", float64(dr.Estimate), total)
	close("dollar t", float64(dr.Statistic), tt)
	if vr.Dist != analysis.DistNormal || dr.Dist != analysis.DistT || dr.DF.V != 3 || vr.N != 4 || dr.N != 4 {
		t.Errorf("rows %+v %+v", vr, dr)
	}
	// the total dollar CAR is ΣM × VWCAAR
	close("total = ΣM·VWCAAR", total, sumM*vw)

	// Without market caps neither test has a row; events without one are
	// left out of the set.
	for _, e := range evs {
		e.MCap = 0
	}
	if r := Run([]string{"cs_t", "vw_caar", "dollar"}, evs, w, cfg); len(r) != 1 {
		t.Errorf("no market caps: %d rows, want cs_t only", len(r))
	}
	evs[0].MCap, evs[1].MCap = math.Inf(1), 2e9
	r := Run([]string{"vw_caar", "dollar"}, evs, w, cfg)
	if r[0].N != 1 || !r[0].Statistic.IsNA() || r[1].N != 1 || !r[1].Statistic.IsNA() {
		t.Errorf("one market cap: %+v", r)
	}
}
