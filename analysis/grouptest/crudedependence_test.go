package grouptest

import (
	"math"
	"slices"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestBWMemo: bw_cda from the windows' shared one-pass sums (bwMemo) is
// BrownWarnerCDA over each window's set, bit for bit, with missing
// residuals and estimation windows of several lengths, on the CAR
// windows and event days together (sets that differ).
func TestBWMemo(t *testing.T) {
	for _, tc := range []struct {
		name string
		cut  bool
	}{{"full windows", false}, {"cut short", true}} {
		t.Run(tc.name, func(t *testing.T) {
			evs, cfg := syntheticEvents(t, 300)
			for k, e := range evs {
				if tc.cut && k%4 == 0 {
					e.Residual = e.Residual[:len(e.Residual)-7*(1+k%5)]
				}
				if k%3 == 0 {
					e.Residual[k%len(e.Residual)] = math.NaN()
				}
			}
			c := prepare(All, evs, cfg)
			windows := append([]analysis.Window{}, cfg.CARWindows...)
			for tau := cfg.EventWindow.T1; tau <= cfg.EventWindow.T2; tau += 3 {
				windows = append(windows, analysis.Window{T1: tau, T2: tau})
			}
			groups := make([]*group, len(windows))
			sizes := map[int]bool{}
			for i, w := range windows {
				groups[i] = newGroup(c, w, cfg)
				groups[i].bwAt = i
				sizes[groups[i].n()] = true
			}
			c.bw = &bwMemo{groups: groups}
			if len(sizes) < 2 {
				t.Fatal("every window has the same set size: the sets do not differ")
			}
			for _, g := range groups {
				// the memo's sums are those of the set's residuals added
				// event by event, bit for bit
				s := c.bw.sums(g)
				wantSum, wantCnt := make([]float64, c.estCols), make([]int, c.estCols)
				for _, r := range g.residuals() {
					addResiduals(wantSum, wantCnt, r)
				}
				if !sameBits(s.sum, wantSum) || !slices.Equal(s.cnt, wantCnt) {
					t.Fatalf("window %s: memo sums differ from the set's", g.w)
				}
				got := g.bwCDA()
				_, wantT, wantDF := BrownWarnerCDA(g.caar(), g.w.Len(), g.residuals())
				if math.Float64bits(float64(got.Statistic)) != math.Float64bits(wantT) || got.DF.V != wantDF {
					t.Fatalf("window %s: memo t %v df %v, BrownWarnerCDA %v %d", g.w, got.Statistic, got.DF, wantT, wantDF)
				}
			}
		})
	}
}
