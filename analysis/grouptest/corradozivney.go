package grouptest

import (
	"math"
	"slices"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/results"
)

// corradoZivney ranks estimation SARs ε̂/σ̂ with the event-window SARs
// divided by their cross-sectional sd s_τ over V (not demeaned); a day with
// fewer than two valid events (or s_τ = 0) is missing (METHODOLOGY.md 6.7).
func (g *group) corradoZivney() results.TestRow {
	if g.n() < 2 {
		return row(g.n(), nan)
	}
	c := g.cache
	a := c.sums.get("corrado_zivney", g.idx, g.corradoZivneySums)
	c1 := g.w.T1 - c.gridLo
	est, stat, _, _ := corradoStat(a, c1, c1+g.w.Len()-1)
	return withNormal(row(g.n(), est), stat)
}

// corradoZivneySums adds the U_it of every event of V into column sums.
// The first set asked for is built in full and kept as the base (czBase);
// every other set is the base less and plus the events whose ranks differ
// (czFromBase). The sums are integers, so both ways give the same bits.
func (g *group) corradoZivneySums() *rankSums {
	c := g.cache
	sd := g.czDaySD()
	base := c.cz.get(func() *czBase { return g.czBuild(sd) })
	if slices.Equal(base.idx, g.idx) {
		return base.tally.rankSums()
	}
	return g.czFromBase(base, sd).rankSums()
}

// czDaySD is s_τ per relative event day over V (index τ - lo), NaN where
// fewer than two events have a SAR or s_τ = 0, and lo.
func (g *group) czDaySD() czSD {
	lo, hi := math.MaxInt, math.MinInt
	for _, e := range g.v {
		lo = min(lo, e.EvtWindow.T1)
		hi = max(hi, e.EvtWindow.T1+len(e.SAR)-1)
	}
	sd := make([]float64, max(hi-lo+1, 0))
	// The days' columns in one pass over the events (each event's SARs
	// are read once, in order), in the order of V as before.
	n := len(g.v)
	buf := make([]float64, len(sd)*n)
	cols := make([][]float64, len(sd))
	for d := range cols {
		cols[d] = buf[d*n : d*n : (d+1)*n]
	}
	for _, e := range g.v {
		off := e.EvtWindow.T1 - lo
		for j, v := range e.SAR {
			if finite(v) {
				cols[off+j] = append(cols[off+j], v)
			}
		}
	}
	for d, col := range cols {
		sd[d] = nan
		if len(col) >= 2 {
			if _, s := meanSD(col); s > 0 {
				sd[d] = s
			}
		}
	}
	return czSD{sd: sd, lo: lo}
}

// czSD is s_τ by relative day τ, from lo.
type czSD struct {
	sd []float64
	lo int
}

// extras fills x with e's event-window SARs re-standardized by s_τ (NaN
// where either is missing).
func (s czSD) extras(e *analysis.EventEstimate, x []float64) {
	for j, v := range e.SAR {
		x[j] = nan
		if d := e.EvtWindow.T1 + j - s.lo; d >= 0 && d < len(s.sd) {
			x[j] = v / s.sd[d]
		}
	}
}
