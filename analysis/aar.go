package analysis

// AAR is the average abnormal return of a group on one relative day, one
// aar.csv row once the study adds the group's name.
type AAR struct {
	RelDay int
	N      int     // events with a valid AR on the day
	AAR    float64 // NaN when no event covers the day
	CAAR   float64 // running sum of AAR from the first day; NaN from a NaN AAR on
}

// AverageAbnormalReturns are the average abnormal returns of one group
// (docs/methodology.md 4.3): for every relative day τ of the events' windows,
//
//	AAR_τ = (1/N_τ) Σ_i AR_iτ
//
// over the N_τ events with a valid AR on τ, and CAAR the running sum of AAR
// from the first day. A day no event covers has a NaN AAR, and CAAR is
// NaN from that day on. Pass the group's primary set (4.5).
func AverageAbnormalReturns(events []*EventEstimate) []AAR {
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
	rows := make([]AAR, 0, last-first+1)
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
		rows = append(rows, AAR{RelDay: tau, N: n, AAR: aar, CAAR: caar})
	}
	return rows
}
