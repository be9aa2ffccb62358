package grouptest

import (
	"slices"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// DailyTests are the tests of aar.csv's per-day columns, in column order
// (docs/methodology.md 4.6): cs_t (t_cs, p_cs), patell (z_patell,
// p_patell), bmp (t_bmp, p_bmp) and corrado (z_rank, p_rank).
var DailyTests = []string{"cs_t", "patell", "bmp", "corrado"}

// RunDays runs DailyTests on every one-day window (τ,τ), τ = first..last,
// of one group: day[k] holds the rows of day first+k in DailyTests order.
// A daily test is its window test at L = 1 (docs/methodology.md 6.0), so
// this is RunWindows over those windows, not a second copy of the
// formulas: the rows equal RunWindows' rows of the window (τ,τ) bit for
// bit. Rows below a test's minimum size keep only n and estimate.
func RunDays(events []*analysis.EventEstimate, first, last int, cfg analysis.Config) (day [][]results.TestRow) {
	_, day = RunWindowsDays(nil, events, nil, first, last, cfg)
	return day
}

// RunWindowsDays is RunWindows(ids, events, windows, cfg) and RunDays(events,
// first, last, cfg) at once: what does not depend on the window (the rank
// tests' sorted estimation values and Corrado ranks, three quarters of
// RunDays' time at 10,000 events) is prepared once for both.
func RunWindowsDays(ids []string, events []*analysis.EventEstimate, windows []analysis.Window, first, last int, cfg analysis.Config) (rows []results.TestRow, day [][]results.TestRow) {
	all := ids
	for _, id := range DailyTests {
		if !slices.Contains(all, id) {
			all = append(slices.Clip(all), id)
		}
	}
	c := newCache(all, events)
	if len(windows) > 0 {
		rows = runWindows(c, ids, windows, cfg)
	}
	if last < first {
		return rows, nil
	}
	days := make([]analysis.Window, 0, last-first+1)
	for tau := first; tau <= last; tau++ {
		days = append(days, analysis.Window{T1: tau, T2: tau})
	}
	flat := runWindows(c, DailyTests, days, cfg)
	k := len(DailyTests)
	day = make([][]results.TestRow, len(days))
	for i := range day {
		day[i] = flat[i*k : (i+1)*k : (i+1)*k]
	}
	return rows, day
}
