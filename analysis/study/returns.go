package study

import (
	"sort"

	"github.com/breachlab/eventstudy/prices"
)

// returnSeries is one security on the trading calendar, as the estimation
// needs it: returns of the study's kind, simple returns for BHAR and the
// price chart, and the data-quality flags. Prices themselves are dropped
// once the flags are computed, so a large panel is held once, as returns.
type returnSeries struct {
	R      []float64 // simple or log, per the study
	Simple []float64 // simple returns (same slice as R for simple studies)
	Flags  []prices.Flag
	// OffCalendar counts the series' dates that are not trading days
	// (ignored; reported as a warning).
	OffCalendar int
}

// alignAll places every needed symbol on the calendar, in parallel, and
// releases the loaded series (the panel keeps its Detail and Files).
func alignAll(panel *prices.Panel, cal *prices.Calendar, syms map[string]bool, log bool) map[string]*returnSeries {
	names := make([]string, 0, len(syms))
	for s := range syms {
		if panel.Series[s] != nil {
			names = append(names, s)
		}
	}
	sort.Strings(names)
	out := make([]*returnSeries, len(names))
	parallelFor(len(names), func(i int) {
		ser := panel.Series[names[i]]
		a := ser.Align(cal, prices.Simple)
		rs := &returnSeries{R: a.R, Simple: a.R, Flags: a.Quality(cal), OffCalendar: a.OffCalendar}
		if log {
			rs.R = ser.Align(cal, prices.Log).R
		}
		out[i] = rs
	})
	m := make(map[string]*returnSeries, len(names))
	for i, n := range names {
		m[n] = out[i]
		panel.Series[n] = nil // free the raw series; returns are all we need now
	}
	return m
}

func sortedKeys(m map[string]*returnSeries) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
