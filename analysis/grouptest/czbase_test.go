package grouptest

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCZFromBaseMatchesFull: corrado_zivney's column sums made from the
// base (czFromBase) equal those of a full build of the same set, bit for
// bit, for every default window and for random subsets of the events
// (which move s_τ far enough for events' ranks to change), on continuous
// SARs, on SARs rounded to a grid (ties within and across the estimation
// and event windows) and with missing SARs. Both ways of czFromBase are
// exercised: events whose ranks hold and events whose ranks change.
func TestCZFromBaseMatchesFull(t *testing.T) {
	for _, tc := range []struct {
		name    string
		grid    float64 // round residuals and SARs to multiples of grid; 0 keeps them
		missing int     // one SAR in missing is NaN; 0: none
	}{{"continuous", 0, 0}, {"ties", 0.01, 0}, {"heavy ties, missing", 0.5, 40}} {
		evs, cfg := syntheticEvents(t, 160)
		rng := rand.New(rand.NewPCG(5, 9))
		for _, e := range evs {
			sigma := math.Sqrt(e.Fit.Sigma2)
			for j, s := range e.SAR {
				if tc.grid > 0 {
					e.SAR[j] = math.Round(s/tc.grid) * tc.grid
				}
				if tc.missing > 0 && rng.IntN(tc.missing) == 0 {
					e.SAR[j] = math.NaN()
				}
			}
			if tc.grid > 0 {
				for j, r := range e.Residual {
					e.Residual[j] = math.Round(r/sigma/tc.grid) * tc.grid * sigma
				}
			}
		}
		c := prepare(All, evs, cfg)
		base := newGroup(c, cfg.CARWindows[0], cfg)
		b := base.czBuild(base.czDaySD())
		var groups []*group
		for _, w := range cfg.CARWindows {
			groups = append(groups, newGroup(c, w, cfg))
		}
		for k := range 6 {
			g := newGroup(c, cfg.CARWindows[k%len(cfg.CARWindows)], cfg)
			keep := 0.5 + 0.08*float64(k) // drop 50 % down to 10 % of the events
			var v []int
			for i := range g.idx {
				if rng.Float64() < keep {
					v = append(v, i)
				}
			}
			for n, i := range v {
				g.v[n], g.idx[n], g.car[n] = g.v[i], g.idx[i], g.car[i]
			}
			g.v, g.idx, g.car = g.v[:len(v)], g.idx[:len(v)], g.car[:len(v)]
			groups = append(groups, g)
		}
		held, changed := 0, 0
		for n, g := range groups {
			sd := g.czDaySD()
			full := g.czBuild(sd).tally.rankSums()
			fast := g.czFromBase(b, sd).rankSums()
			if !slices.Equal(full.cnt, fast.cnt) || !sameBits(full.sum, fast.sum) {
				t.Fatalf("%s, set %d (%d events): sums from the base differ from a full build", tc.name, n, len(g.idx))
			}
			x := make([]float64, 21)
			for _, i := range g.idx {
				if rec := b.extras[i]; rec != nil {
					sd.extras(c.events[i], x)
					for j, v := range x {
						if r := rec[j]; r.lo >= 0 && !math.IsNaN(v) {
							if v > r.a && v < r.b || v == r.a && r.a == r.b {
								held++
							} else {
								changed++
							}
						}
					}
				}
			}
		}
		if held == 0 || changed == 0 {
			t.Errorf("%s: %d extra values kept their places, %d moved; the test needs both", tc.name, held, changed)
		}
		// and through the memo, as RunWindows calls it: every window's
		// sums equal its full build
		c2 := prepare(All, evs, cfg)
		for _, w := range cfg.CARWindows {
			g := newGroup(c2, w, cfg)
			got := g.corradoZivneySums()
			want := g.czBuild(g.czDaySD()).tally.rankSums()
			if !slices.Equal(got.cnt, want.cnt) || !sameBits(got.sum, want.sum) {
				t.Fatalf("%s, window %s: corradoZivneySums differs from a full build", tc.name, w)
			}
		}
	}
}

// sameBits reports whether a and b hold the same float64 bits.
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// FuzzCZShift: an event's tally column sums after czShiftEvent (from its
// ranks with extras x to those with x') equal those of adding its ranks
// with x' directly, and refusals leave the tally as it was. Values are on
// a coarse grid so that ties within and across the two parts are common,
// and x' moves each extra to an estimation value, another extra's value,
// one ulp away or to NaN, or leaves it.
func FuzzCZShift(f *testing.F) {
	f.Add([]byte{2, 1, 255, 3, 2, 9}, []byte{2, 0, 255, 5}, []byte{0, 1, 2, 3, 4, 5})
	f.Add([]byte{1, 1, 1}, []byte{1, 1}, []byte{1, 11})
	f.Add([]byte{9, 3, 5, 3, 7}, []byte{4, 8, 3}, []byte{6, 2, 0})
	f.Fuzz(func(t *testing.T, eb, xb, mb []byte) {
		res, x := gridValues(eb), gridValues(xb)
		est := estOrder(res, 1)
		x2 := slices.Clone(x)
		for j := range x2 {
			if j >= len(mb) {
				break
			}
			switch m := mb[j] % 6; {
			case m == 1 && len(est.v) > 0:
				x2[j] = est.v[int(mb[j]/6)%len(est.v)]
			case m == 2:
				x2[j] = math.Nextafter(x2[j], math.Inf(1))
			case m == 3:
				x2[j] = math.Nextafter(x2[j], math.Inf(-1))
			case m == 4:
				x2[j] = math.NaN()
			case m == 5:
				x2[j] = x[int(mb[j]/6)%len(x)]
			}
		}
		// columns: estimation days 0..len(res)-1, then the event days
		cols := len(res) + len(x)
		var p pooled
		a := newRankTally(cols)
		czAddEvent(a, est, 0, len(res), x, valueOrder(x, &p), 1, &p)
		rec := czRecord(est, x, slices.Clone(p.dX))
		before := a.clone()
		want := newRankTally(cols)
		czAddEvent(want, est, 0, len(res), x2, valueOrder(x2, &p), 1, &p)
		if !czShiftEvent(a, est, 0, len(res), rec, x2, valueOrder(x2, &p), &p) {
			if !sameTally(a, before) {
				t.Fatal("a refused shift changed the tally")
			}
			return
		}
		if !sameTally(a, want) {
			t.Fatalf("est %v, x %v → x' %v: shifted %v %v, ranked anew %v %v", est.v, x, x2, a.dens, a.sums, want.dens, want.sums)
		}
	})
}

// sameTally compares two tallies' column sums per denominator, a
// denominator whose sums are all zero counting as absent.
func sameTally(a, b *rankTally) bool {
	by := func(t *rankTally) map[int][]int64 {
		m := map[int][]int64{}
		for k, d := range t.dens {
			if slices.ContainsFunc(t.sums[k], func(v int64) bool { return v != 0 }) {
				m[d] = t.sums[k]
			}
		}
		return m
	}
	ma, mb := by(a), by(b)
	if len(ma) != len(mb) || !slices.Equal(a.cnt, b.cnt) {
		return false
	}
	for d, s := range ma {
		if !slices.Equal(s, mb[d]) {
			return false
		}
	}
	return true
}
