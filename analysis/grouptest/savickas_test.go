package grouptest

import (
	"math"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestSavickasHand: the savickas row against S_i = CAR_i/√Σσ²_iτ and
// t = mean(S)/(sd(S)/√N) by a plain loop, for events with conditional
// variances (garch) and with a constant one (market, where it is BMP with
// --car-var simple).
func TestSavickasHand(t *testing.T) {
	evs, cfg := syntheticEventsOn(t, 12, 40, 0)
	// Give half the events a conditional variance path over the window.
	for k, e := range evs {
		if k%2 == 0 {
			e.CondVar = make([]float64, len(e.AR))
			for j := range e.CondVar {
				e.CondVar[j] = e.Fit.Sigma2 * (1 + 0.1*float64((j+k)%7))
			}
		}
	}
	simple := cfg
	simple.CARVar = analysis.CARVarSimple
	for _, w := range []analysis.Window{{T1: 0, T2: 0}, {T1: -1, T2: 1}, {T1: 0, T2: 5}} {
		t.Run(w.String(), func(t *testing.T) {
			var s []float64
			for _, e := range evs {
				car, v := 0.0, 0.0
				for tau := w.T1; tau <= w.T2; tau++ {
					j := tau - e.EvtWindow.T1
					car += e.AR[j]
					if e.CondVar != nil {
						v += e.CondVar[j]
					} else {
						v += e.Fit.Sigma2
					}
				}
				s = append(s, car/math.Sqrt(v))
			}
			var m, ss float64
			for _, x := range s {
				m += x
			}
			m /= float64(len(s))
			for _, x := range s {
				ss += (x - m) * (x - m)
			}
			want := m / math.Sqrt(ss/float64(len(s)-1)/float64(len(s)))
			r := Run([]string{"savickas"}, evs, w, cfg)[0]
			if got := float64(r.Statistic); math.Abs(got-want) > 1e-12*math.Abs(want) || r.N != len(evs) || r.DF.V != len(evs)-1 {
				t.Errorf("savickas %v (n %d, df %v), by hand %v", got, r.N, r.DF, want)
			}
		})
	}
	// Without conditional variances savickas is bmp with --car-var simple.
	for _, e := range evs {
		e.CondVar = nil
	}
	w := analysis.Window{T1: -2, T2: 2}
	a, b := Run([]string{"savickas"}, evs, w, cfg)[0], Run([]string{"bmp"}, evs, w, simple)[0]
	if math.Abs(float64(a.Statistic)-float64(b.Statistic)) > 1e-12 {
		t.Errorf("savickas %v, bmp simple %v", a.Statistic, b.Statistic)
	}
}
