package grouptest

import (
	"math"
	"runtime"

	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

// corradoStat is Corrado's (1989) rank test in the standardized-rank form
// that handles missing days, with the Cowan (1992) / Campbell & Wasley (1993)
// aggregation over a window (docs/methodology.md 6.7), over the column sums
// a of U_it = K_it/(T_i+1) - 1/2, the standardized centred rank of event i
// on relative-day column t of the pooled estimation ∪ event-window grid.
// The tested window is columns c1..c2, L = c2-c1+1. With N_t the events
// valid on column t and T the number of columns with N_t ≥ 1:
//
//	D_t = Σ_i U_it / √N_t,  S_U = sqrt(Σ_t D_t² / T),
//	T_R = Σ_{τ=c1..c2} D_τ / (√L S_U)   ~ N(0,1),
//
// estimate = (1/L) Σ_τ Ū_τ with Ū_τ the mean U of day τ. Without missing
// data T_R equals Corrado's original statistic. T_R is NaN when S_U = 0 or
// a window day has no valid event. corrado_zivney (corradozivney.go) is the
// same statistic over other ranks.
func corradoStat(a *ranks.Sums, c1, c2 int) (estimate, stat, sU float64, T int) {
	cols := len(a.Sum)
	var ss, sumD, sumUbar float64
	missing := false
	for c := 0; c < cols; c++ {
		sum, k := a.Sum[c], a.Cnt[c]
		inWin := c >= c1 && c <= c2
		if k == 0 {
			if inWin {
				missing = true
			}
			continue
		}
		T++
		d := sum / math.Sqrt(float64(k))
		ss += d * d
		if inWin {
			sumD += d
			sumUbar += sum / float64(k)
		}
	}
	L := c2 - c1 + 1
	if T == 0 || missing || L <= 0 || c1 < 0 || c2 >= cols {
		return nan, nan, nan, T
	}
	sU = math.Sqrt(ss / float64(T))
	return sumUbar / float64(L), ratio(sumD, math.Sqrt(float64(L))*sU), sU, T
}

// corrado ranks estimation residuals with the ARs of the whole event window
// (docs/methodology.md 6.7); the ranks do not depend on the window (prepare).
func (g *group) corrado() results.TestRow {
	if g.n() == 0 {
		return row(0, nan)
	}
	c := g.cache
	a := c.sums.get("corrado", g.idx, func() *ranks.Sums {
		// every event's ranks, less those of the events V lacks, ranked
		// again (a set lacks few: keeping every event's ranks on the grid
		// was 108 MB live at 100,000 events)
		a := c.corradoAll.Clone()
		var p ranks.Pool
		k := 0
		for i, e := range c.events {
			for k < len(g.idx) && g.idx[k] < i {
				k++
			}
			// members are fitted: only the others' estimates are read
			if (k == len(g.idx) || g.idx[k] != i) && fitted(e) {
				c.addCorrado(a, i, -1, &p)
			}
		}
		return a.Sums()
	})
	c1 := g.w.T1 - c.gridLo
	est, stat, _, _ := corradoStat(a, c1, c1+g.w.Len()-1)
	r := row(g.n(), est)
	if g.n() < 2 {
		return r
	}
	return withNormal(r, stat)
}

// prepareRanks sorts every event's estimation SARs and, with corrado,
// tallies every event's ranks of its event-window ARs among them
// (corradoAll), with absRank avol_rank's counts (prepareAbsRank) from the
// values just sorted, in parallel.
func (c *cache) prepareRanks(corrado, absRank bool) {
	events := c.events
	c.est = make([]ranks.Sorted, len(events))
	// A few chunks per core, each with its own tally (integer sums: the
	// merged tally does not depend on the chunks).
	size := max(prepareChunk, (len(events)+4*runtime.GOMAXPROCS(0)-1)/(4*runtime.GOMAXPROCS(0)))
	tallies := make([]*ranks.Tally, (len(events)+size-1)/size)
	var grankTallies []*ranks.Tally
	var grankMember []bool
	if c.wantGrank {
		grankTallies = make([]*ranks.Tally, len(tallies))
		grankMember = make([]bool, len(events))
	}
	if absRank {
		c.absRank = make([][]float64, len(events))
	}
	if c.wantCZ {
		c.sarRows = make([]float64, len(events)*c.sarWidth)
		c.sarHint = make([]int32, len(events)*c.sarWidth)
		c.sarSpan = make([]sarSpan, len(events))
	}
	parallel.ForChunks(len(events), size, func(lo, hi int) {
		var buf ranks.RadixBuf
		var p ranks.Pool
		var a *ranks.Tally
		var sorted []float64
		if corrado {
			a = ranks.NewTally(c.gridLen)
			tallies[lo/size] = a
		}
		var gb *ranks.Tally
		if c.wantGrank {
			gb = ranks.NewTally(c.estCols + 1)
			grankTallies[lo/size] = gb
		}
		for i := lo; i < hi; i++ {
			e := events[i]
			if !fitted(e) {
				continue
			}
			c.est[i] = ranks.Order(e.Residual, math.Sqrt(e.Fit.Sigma2), &buf)
			if corrado {
				c.addCorrado(a, i, 1, &p)
			}
			if c.sarRows != nil {
				copy(c.sarRows[i*c.sarWidth:], e.SAR)
				nh := ranks.ValueOrderTo(c.sarHint[i*c.sarWidth:], e.SAR, &p)
				c.sarSpan[i] = sarSpan{t1: int32(e.EvtWindow.T1), n: int32(len(e.SAR)),
					est1: int32(e.EstWindow.T1), nh: int32(nh)}
			}
			if gb != nil && !c.est[i].Ties() {
				gb.AddOneBase(c.est[i], 1)
				grankMember[i] = true
			}
			if absRank {
				sorted = buf.AppendSorted(sorted[:0])
				c.absRank[i] = absRanks(sorted, e.SAR)
			}
		}
	})
	if corrado {
		c.corradoAll = ranks.NewTally(c.gridLen)
		for _, a := range tallies {
			c.corradoAll.Merge(a)
		}
	}
	if c.wantGrank {
		b := &grankBase{tally: ranks.NewTally(c.estCols + 1), cols: c.estCols}
		for _, a := range grankTallies {
			b.tally.Merge(a)
		}
		for i, ok := range grankMember {
			if ok {
				b.members = append(b.members, i)
			}
		}
		c.grankBase = b
	}
}

// addCorrado adds (sign 1) or takes away (-1) event i's ranks of its
// estimation residuals pooled with its event-window ARs (docs/methodology.md
// 6.7) on the grid. Both are divided by σ̂_i so that the estimation part
// is already sorted (c.est): division by one positive number keeps the
// order, so these are the ranks of the residuals and ARs themselves (two
// values less than a unit in the last place apart could tie after the
// division; return data do not come that close). The estimation and event
// windows are disjoint (Config.Validate).
func (c *cache) addCorrado(a *ranks.Tally, i, sign int, p *ranks.Pool) {
	e := c.events[i]
	sigma := math.Sqrt(e.Fit.Sigma2)
	x := p.Extras(len(e.AR))
	for j, v := range e.AR {
		x[j] = v / sigma
	}
	a.AddEvent(c.est[i], e.EstWindow.T1-c.gridLo, e.EvtWindow.T1-c.gridLo, x, sign, p)
}
