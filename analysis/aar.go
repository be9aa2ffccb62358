package analysis

import (
	"github.com/breachlab/eventstudy/analysis/results"
)

// AverageAbnormalReturns are the aar.csv rows of one group (METHODOLOGY.md
// 4.3): for every relative day τ of the events' windows,
//
//	AAR_τ = (1/N_τ) Σ_i AR_iτ
//
// over the N_τ events with a valid AR on τ, and caar the running sum of AAR
// from the first day. A day no event covers has an empty aar, and caar is
// empty from that day on. Pass the group's primary set (4.5).
func AverageAbnormalReturns(group string, events []*EventEstimate) []results.AARRow {
	first, last, found := 0, -1, false
	for _, e := range events {
		if e == nil || len(e.AR) == 0 {
			continue
		}
		t1, t2 := e.EvtWindow.T1, e.EvtWindow.T1+len(e.AR)-1
		if !found || t1 < first {
			first = t1
		}
		if !found || t2 > last {
			last = t2
		}
		found = true
	}
	if !found {
		return nil
	}
	rows := make([]results.AARRow, 0, last-first+1)
	caar := 0.0
	for tau := first; tau <= last; tau++ {
		var sum float64
		n := 0
		for _, e := range events {
			if e == nil {
				continue
			}
			if ar := value(e.AR, tau-e.EvtWindow.T1); finite(ar) {
				sum += ar
				n++
			}
		}
		aar := nan
		if n > 0 {
			aar = sum / float64(n)
		}
		caar += aar
		rows = append(rows, results.AARRow{Group: group, RelDay: tau, N: n, AAR: results.Num(aar), CAAR: results.Num(caar)})
	}
	return rows
}
