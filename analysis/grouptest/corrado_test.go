package grouptest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/breachlab/eventstudy/analysis/grouptest/internal/ranks"
)

// TestCorradoSumsLessLacking: corrado's column sums of a set V, every
// event's tally less the events V lacks (ranked again), equal the tally
// of V's events alone, bit for bit; and U_it of that tally are the
// oracle's, CorradoRank over each event's ranks by DoubledMidranks.
func TestCorradoSumsLessLacking(t *testing.T) {
	evs, cfg := syntheticEvents(t, 90)
	rng := rand.New(rand.NewPCG(3, 4))
	c := prepare(All, evs, cfg)
	for k := range 5 {
		g := newGroup(c, cfg.CARWindows[k%len(cfg.CARWindows)], cfg)
		var v []int
		for i := range g.idx {
			if k == 0 || rng.Float64() < 0.7 {
				v = append(v, i)
			}
		}
		for n, i := range v {
			g.v[n], g.idx[n], g.car[n] = g.v[i], g.idx[i], g.car[i]
		}
		g.v, g.idx, g.car = g.v[:len(v)], g.idx[:len(v)], g.car[:len(v)]
		g.corrado() // makes the memo's sums of g.idx
		sums := c.sums.get("corrado", g.idx, nil)
		want := ranks.NewTally(c.gridLen)
		var p ranks.Pool
		for _, i := range g.idx {
			c.addCorrado(want, i, 1, &p)
		}
		ws := want.Sums()
		if !slices.Equal(sums.Cnt, ws.Cnt) || !sameBits(sums.Sum, ws.Sum) {
			t.Fatalf("set %d (%d of %d events): sums less the lacking differ from V's own tally", k, len(g.idx), len(c.events))
		}
		// the oracle: U_it = rank/(T_i+1) - 1/2 of the pooled residuals and ARs
		u := make([][]float64, len(g.v))
		for n, e := range g.v {
			pool := append(slices.Clone(e.Residual), e.AR...)
			r2 := make([]int, len(pool))
			m := ranks.DoubledMidranks(pool, r2, nil)
			u[n] = make([]float64, c.gridLen)
			for col := range u[n] {
				u[n][col] = math.NaN()
			}
			for j, d := range r2 {
				col := e.EstWindow.T1 + j - c.gridLo
				if j >= len(e.Residual) {
					col = e.EvtWindow.T1 + j - len(e.Residual) - c.gridLo
				}
				if d >= 0 {
					u[n][col] = float64(d)/float64(2*(m+1)) - 0.5
				}
			}
		}
		c1 := g.w.T1 - c.gridLo
		est, stat, _, _ := CorradoRank(u, c1, c1+g.w.Len()-1)
		gotEst, gotStat, _, _ := corradoStat(sums, c1, c1+g.w.Len()-1)
		if math.Abs(est-gotEst) > 1e-12 || math.Abs(stat-gotStat) > 1e-12*math.Max(1, math.Abs(stat)) {
			t.Fatalf("set %d: estimate %v statistic %v, oracle %v %v", k, gotEst, gotStat, est, stat)
		}
	}
}
