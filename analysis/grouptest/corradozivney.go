package grouptest

import (
	"math"
	"slices"
	"sync"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
	"github.com/breachlab/eventstudy/results"
)

// corradoZivney ranks estimation SARs ε̂/σ̂ with the event-window SARs
// divided by their cross-sectional sd s_τ over V (not demeaned); a day with
// fewer than two valid events (or s_τ = 0) is missing (docs/methodology.md 6.7).
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
// The first set asked for is built in full and kept as the base (ranks.CZBase);
// every other set is the base less and plus the events whose ranks differ
// (CZBase.Derive). The sums are integers, so both ways give the same bits.
func (g *group) corradoZivneySums() *ranks.Sums {
	c := g.cache
	sd := g.czDaySD()
	base := c.cz.get(func() *ranks.CZBase { return g.czBuild(sd) })
	if slices.Equal(base.Idx(), g.idx) {
		return base.Tally().Sums()
	}
	return g.czFromBase(base, sd).Sums()
}

// czDaySD is s_τ per relative event day over V (index τ - lo), NaN where
// fewer than two events have a SAR or s_τ = 0, and lo.
func (g *group) czDaySD() czSD {
	c := g.cache
	lo, hi := math.MaxInt, math.MinInt
	for _, i := range g.idx {
		t1, sar := c.sarOf(i)
		lo = min(lo, t1)
		hi = max(hi, t1+len(sar)-1)
	}
	// MeanSD of each day's column of finite SARs, in the order of V,
	// summed in place over two passes on the events: the same additions
	// in the same order, without the columns (n·21 floats a window).
	days := max(hi-lo+1, 0)
	sd := make([]float64, days)
	sum := make([]float64, 2*days)
	ss, sum := sum[days:], sum[:days]
	cnt := make([]int, days)
	for _, i := range g.idx {
		t1, sar := c.sarOf(i)
		s, n := sum[t1-lo:], cnt[t1-lo:]
		for j, v := range sar {
			if finite(v) {
				s[j] += v
				n[j]++
			}
		}
	}
	for d := range sum {
		sum[d] /= float64(cnt[d]) // the mean
	}
	for _, i := range g.idx {
		t1, sar := c.sarOf(i)
		m, q := sum[t1-lo:], ss[t1-lo:]
		for j, v := range sar {
			if finite(v) {
				d := v - m[j]
				q[j] += d * d
			}
		}
	}
	for d, n := range cnt {
		sd[d] = nan
		if n >= 2 {
			if s := math.Sqrt(ss[d] / (float64(n) - 1)); s > 0 {
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
	s.extrasOf(e.EvtWindow.T1, e.SAR, x)
}

// extrasOf is extras of the SARs sar from relative day t1.
func (s czSD) extrasOf(t1 int, sar, x []float64) {
	for j, v := range sar {
		x[j] = nan
		if d := t1 + j - s.lo; d >= 0 && d < len(s.sd) {
			x[j] = v / s.sd[d]
		}
	}
}

// sarSpan is, for cache.sarRows and sarHint, the first relative day and
// the number of an event's event-window SARs, its first estimation day
// and the number of its non-NaN SARs (its hint's length).
type sarSpan struct{ t1, n, est1, nh int32 }

// sarOf returns event i's first event-window day and its SARs, from
// sarRows when they are made.
func (c *cache) sarOf(i int) (t1 int, sar []float64) {
	if c.sarRows != nil {
		sp := c.sarSpan[i]
		return int(sp.t1), c.sarRows[i*c.sarWidth : i*c.sarWidth+int(sp.n)]
	}
	e := c.events[i]
	return e.EvtWindow.T1, e.SAR
}

// czMemo holds the base, made once by the first window that needs it.
type czMemo struct {
	once sync.Once
	base *ranks.CZBase
}

func (m *czMemo) get(build func() *ranks.CZBase) *ranks.CZBase {
	m.once.Do(func() { m.base = build() })
	return m.base
}

// czBuild makes the base from g's set V and its s_τ.
func (g *group) czBuild(sd czSD) *ranks.CZBase {
	c := g.cache
	return ranks.NewCZBase(c.gridLen, len(c.events), g.idx, c.czEvent, c.czExtras(sd))
}

// czFromBase makes V's tally from the base b.
func (g *group) czFromBase(b *ranks.CZBase, sd czSD) *ranks.Tally {
	return b.Derive(g.idx, g.cache.czEvent, g.cache.czExtras(sd))
}

// czEvent is what the base needs of event i: its sorted estimation SARs,
// the grid columns of its first estimation and event days, and its SARs'
// order; from the SAR rows' spans and hints when they are made (read in
// order of i, where the event's own fields were a cache miss or two).
func (c *cache) czEvent(i int) ranks.Event {
	if c.sarSpan != nil {
		sp, at := c.sarSpan[i], i*c.sarWidth
		return ranks.Event{Est: c.est[i], EstOff: int(sp.est1) - c.gridLo,
			EvtOff: int(sp.t1) - c.gridLo, Hint: c.sarHint[at : at+int(sp.nh)]}
	}
	e := c.events[i]
	var p ranks.Pool
	return ranks.Event{Est: c.est[i], EstOff: e.EstWindow.T1 - c.gridLo,
		EvtOff: e.EvtWindow.T1 - c.gridLo, Hint: ranks.ValueOrder(e.SAR, &p)}
}

// czExtras gives event i's event-window SARs re-standardized by sd.
func (c *cache) czExtras(sd czSD) ranks.Extras {
	return func(i int, x []float64) []float64 {
		t1, sar := c.sarOf(i)
		x = slices.Grow(x[:0], len(sar))[:len(sar)]
		sd.extrasOf(t1, sar, x)
		return x
	}
}
