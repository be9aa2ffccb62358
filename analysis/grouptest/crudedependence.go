package grouptest

import (
	"math"
	"runtime"
	"sync"

	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

// BrownWarnerCDA is the crude dependence adjustment (time-series t) of
// Brown & Warner (1980, 1985), docs/methodology.md 6.3. With resid[i][t] the
// estimation residual of event i on relative estimation day t (events
// aligned in event time, NaN where missing), the portfolio residual of day t
// is the mean over the N_t ≥ 1 events with a residual, and over the L₁* such
// days
//
//	Ŝ_AAR = sqrt(Σ_t (AR̄_t - Ā)²/(L₁*-1)),  t_TS = CAAR/(√L Ŝ_AAR)   ~ t_{L₁*-1}.
//
// L is the window length. df = L₁* - 1.
func BrownWarnerCDA(caar float64, L int, resid [][]float64) (sAAR, t float64, df int) {
	cols := 0
	for _, r := range resid {
		cols = max(cols, len(r))
	}
	// Event by event into per-day sums (each day still adds its events in
	// order, so the same bits as a day-by-day pass, without striding over
	// N arrays per day).
	sum := make([]float64, cols)
	cnt := make([]int, cols)
	for _, r := range resid {
		addResiduals(sum, cnt, r)
	}
	return bwFromSums(caar, L, sum, cnt)
}

// addResiduals adds the non-NaN residuals r to the per-day sums.
func addResiduals(sum []float64, cnt []int, r []float64) {
	for c, v := range r {
		if !math.IsNaN(v) {
			sum[c] += v
			cnt[c]++
		}
	}
}

// bwFromSums is BrownWarnerCDA from the per-day sums and counts of the
// residuals; days no event has are left out, so columns past the longest
// estimation window of the set change nothing.
func bwFromSums(caar float64, L int, sum []float64, cnt []int) (sAAR, t float64, df int) {
	cols := len(sum)
	port := make([]float64, 0, cols)
	for c, k := range cnt {
		if k > 0 {
			port = append(port, sum[c]/float64(k))
		}
	}
	if len(port) < 2 {
		return nan, nan, 0
	}
	_, sAAR = MeanSD(port)
	return sAAR, ratio(caar, math.Sqrt(float64(L))*sAAR), len(port) - 1
}

func (g *group) residuals() [][]float64 {
	res := make([][]float64, len(g.v))
	for i, e := range g.v {
		res[i] = e.Residual
	}
	return res
}

// bwCDA aligns residuals by index, i.e. by relative estimation day: every
// event of a study shares cfg.Estimation.
func (g *group) bwCDA() results.TestRow {
	caar := g.caar()
	r := row(g.n(), caar)
	if g.n() < 2 {
		return r
	}
	var t float64
	var df int
	if s := g.cache.bw.sums(g); s != nil {
		_, t, df = bwFromSums(caar, g.w.Len(), s.sum, s.cnt)
	} else {
		_, t, df = BrownWarnerCDA(caar, g.w.Len(), g.residuals())
	}
	return withT(r, t, df)
}

// bwMemo holds the per-day residual sums of bw_cda for every window of a
// runWindows call, made in one pass over the events by the first window
// that asks: each event's estimation residuals are read once and added
// to the sums of every window whose set holds it (reading them again for
// each window was a cache miss a line, 0.35 CPU-s at 100M). Each day's
// sum still adds its events in index order: the same bits as
// BrownWarnerCDA over one window's set (TestBWMemo).
type bwMemo struct {
	once   sync.Once
	groups []*group // by window, each with its bwAt
	out    []bwSums
}

type bwSums struct {
	sum []float64
	cnt []int
}

// sums returns g's sums, nil when g is not one of the memo's groups.
func (m *bwMemo) sums(g *group) *bwSums {
	if m == nil || g.bwAt < 0 || g.bwAt >= len(m.groups) || m.groups[g.bwAt] != g {
		return nil
	}
	m.once.Do(func() { m.build(g.cache) })
	return &m.out[g.bwAt]
}

// build makes every group's sums over the columns of the longest
// estimation window, in parallel over blocks of columns. A block's sums
// are laid out by column, then window: an event's residual of a column
// is read and checked once and added to the sums of every window whose
// set holds the event, side by side. Most events are in every set: their
// counts go to one count per column, added to each window's at the end
// (integers), and their residuals to every window's sum without the list
// of windows.
func (m *bwMemo) build(c *cache) {
	nw := len(m.groups)
	m.out = make([]bwSums, nw)
	for w := range m.out {
		m.out[w] = bwSums{sum: make([]float64, c.estCols), cnt: make([]int, c.estCols)}
	}
	// One block of columns a core: each block reads every event's
	// estimate again (a cache miss an event), and a block's sums
	// (columns × windows) fit the core's cache.
	block := (c.estCols + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0)
	parallel.ForChunks(c.estCols, block, func(c0, c1 int) {
		width := c1 - c0
		sum := make([]float64, width*nw) // [column][window]
		cnt := make([]int, width*nw)     // of the events not in every set
		cntAll := make([]int, width)     // of the events in every set
		pos := make([]int, nw)
		in := make([]int, 0, nw)
		for i, e := range c.events {
			in = in[:0]
			for w, g := range m.groups {
				if pos[w] < len(g.idx) && g.idx[pos[w]] == i {
					in = append(in, w)
					pos[w]++
				}
			}
			if len(in) == 0 || len(e.Residual) <= c0 {
				continue
			}
			r := e.Residual[c0:min(c1, len(e.Residual))]
			if len(in) == nw {
				for j, v := range r {
					if math.IsNaN(v) {
						continue
					}
					s := sum[j*nw : (j+1)*nw]
					for w := range s {
						s[w] += v
					}
					cntAll[j]++
				}
				continue
			}
			for j, v := range r {
				if math.IsNaN(v) {
					continue
				}
				s, n := sum[j*nw:(j+1)*nw], cnt[j*nw:(j+1)*nw]
				for _, w := range in {
					s[w] += v
					n[w]++
				}
			}
		}
		for j := range width {
			for w := range nw {
				m.out[w].sum[c0+j] = sum[j*nw+w]
				m.out[w].cnt[c0+j] = cntAll[j] + cnt[j*nw+w]
			}
		}
	})
}
