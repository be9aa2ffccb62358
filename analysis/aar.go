package analysis

import (
	"github.com/breachlab/eventstudy/analysis/results"
	"github.com/breachlab/eventstudy/prices"
)

// ARRows are the ar.csv rows of one event, one per day of its event window:
// ret, normal_ret, ar, sar and car, the running Σ_{s=τ1..τ} AR_s
// (METHODOLOGY.md 4.3), empty from the first missing AR on. date is
// calDays[calendar position], empty when the position is outside calDays.
func ARRows(e *EventEstimate, calDays []prices.Day) []results.ARRow {
	if e == nil {
		return nil
	}
	rows := make([]results.ARRow, len(e.AR))
	ARRowsTo(rows, e, calDays)
	return rows
}

// ARRowsTo writes ARRows(e, calDays) into rows, which must have len(e.AR)
// entries (the study writes each event's rows straight into ar.csv's
// table).
func ARRowsTo(rows []results.ARRow, e *EventEstimate, calDays []prices.Day) {
	run := 0.0
	for j := range e.AR {
		date := ""
		if c := calAt(e.EvtCal, j); c >= 0 && c < len(calDays) {
			date = calDays[c].String()
		}
		run += e.AR[j] // NaN sticks: empty from the first missing AR on
		rows[j] = results.ARRow{
			EventID:   e.ID,
			RelDay:    e.EvtWindow.T1 + j,
			Date:      date,
			Ret:       results.Num(value(e.Ret, j)),
			NormalRet: results.Num(value(e.NormalRet, j)),
			AR:        results.Num(e.AR[j]),
			SAR:       results.Num(value(e.SAR, j)),
			CAR:       results.Num(run),
		}
	}
}

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
