package grouptest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/pairs"
)

// naiveRBar is the definition of r̄ (docs/methodology.md 6.6) as a double loop
// over all pairs, the reference for the block identity.
func naiveRBar(ev []KPEvent, minShared int) float64 {
	n := len(ev)
	var s float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			a, b := ev[i], ev[j]
			ov := min(a.WinLast, b.WinLast) - max(a.WinFirst, b.WinFirst) + 1
			if ov <= 0 {
				continue
			}
			L := a.WinLast - a.WinFirst + 1
			s += pairs.Correlation(a.Dates, a.Residual, b.Dates, b.Residual, minShared) * float64(ov) / float64(L)
		}
	}
	return s / float64(n*(n-1)/2)
}

// randomKP makes n events with staggered day 0s (a few per date), T
// estimation days, window length L and a share of missing residuals, with a
// common factor so that correlations are not zero.
func randomKP(rng *rand.Rand, n, T, L, spread int, missing float64) []KPEvent {
	common := make([]float64, spread+T+L+10)
	for i := range common {
		common[i] = rng.NormFloat64()
	}
	ev := make([]KPEvent, n)
	for i := range ev {
		day0 := T + rng.IntN(spread)
		k := KPEvent{WinFirst: day0, WinLast: day0 + L - 1}
		load := rng.Float64()
		for t := 0; t < T; t++ {
			c := day0 - T + t
			k.Dates = append(k.Dates, c)
			v := load*common[c] + rng.NormFloat64()
			if rng.Float64() < missing {
				v = math.NaN()
			}
			k.Residual = append(k.Residual, v)
		}
		ev[i] = k
	}
	return ev
}

// TestRBarBlockIdentity: the O(N·T) block computation equals the pairwise
// definition, with and without missing residuals, staggered day 0s, several
// window lengths and minimum shared dates.
func TestRBarBlockIdentity(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		n, T, L, spread, minShared int
		missing                    float64
	}{
		{40, 30, 1, 5, 10, 0},
		{40, 30, 3, 5, 10, 0.02},
		{60, 25, 5, 3, 20, 0.01},
		{30, 12, 2, 1, 10, 0}, // one date: a single block
		{30, 12, 2, 1, 30, 0}, // T below the minimum: r̄ = 0
		{50, 40, 11, 20, 30, 0.05},
	} {
		ev := randomKP(rng, c.n, c.T, c.L, c.spread, c.missing)
		got, want := RBar(ev, c.minShared), naiveRBar(ev, c.minShared)
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("%+v: RBar %v, pairwise %v", c, got, want)
		}
	}
	// Constant residuals inside a block have no correlation.
	ev := randomKP(rng, 5, 20, 1, 1, 0)
	for i := range ev[2].Residual {
		ev[2].Residual[i] = 0.5
	}
	if got, want := RBar(ev, 10), naiveRBar(ev, 10); math.Abs(got-want) > 1e-12 {
		t.Errorf("constant member: RBar %v, pairwise %v", got, want)
	}
	if !math.IsNaN(RBar(ev[:1], 10)) {
		t.Error("N=1 should give NaN")
	}
}

// TestRBar83Identity: 8.3 supplement, Σ_t S_t²/(T-1) = 5.289448824 and
// r̄ = (5.289448824-4)/12 = 0.1074540687 on one block of four events.
func TestRBar83Identity(t *testing.T) {
	cfg := exampleConfig()
	evs := example83(t, cfg)
	kp := make([]KPEvent, len(evs))
	var S [12]float64
	for i, e := range evs {
		kp[i] = KPEvent{Dates: e.EstCal, Residual: e.Residual, WinFirst: e.Day0, WinLast: e.Day0}
		z := standardize(nil, e.Residual)
		for t, v := range z {
			S[t] += v
		}
	}
	ss := 0.0
	for _, v := range S {
		ss += v * v
	}
	check(t, "Σ S_t²/(T-1)", ss/11, 5.289448824, tolStat)
	check(t, "r̄", RBar(kp, 10), 0.1074540687, tolStat)
}

func FuzzRBar(f *testing.F) {
	f.Add(uint64(1), uint8(5), uint8(12), uint8(1), uint8(3), uint8(10))
	f.Add(uint64(7), uint8(2), uint8(3), uint8(4), uint8(0), uint8(2))
	f.Fuzz(func(t *testing.T, seed uint64, n, T, L, spread, minShared uint8) {
		if n < 2 || T == 0 || L == 0 || n > 60 || T > 60 || L > 30 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 3))
		ev := randomKP(rng, int(n), int(T), int(L), int(spread)+1, float64(seed%5)/10)
		got, want := RBar(ev, int(minShared)), naiveRBar(ev, int(minShared))
		if math.IsNaN(got) || got < -1-1e-9 || got > 1+1e-9 || math.Abs(got-want) > 1e-9 {
			t.Fatalf("RBar %v, pairwise %v", got, want)
		}
	})
}

// TestRBarPairs: the pair ranking's rows hold every pair of events whose
// event windows overlap, once, but those of one block (complete events
// on the same dates), which r̄ sums without pairs; event-time r̄, which
// pairs by relative day, ranks none.
func TestRBarPairs(t *testing.T) {
	evs, cfg := syntheticEvents(t, 400)
	c := prepare(All, evs, cfg)
	if c.kp == nil || c.kp.Count() == 0 {
		t.Fatal("no pair ranking for kp tests in calendar mode")
	}
	type pair struct{ a, b int }
	got := map[pair]bool{}
	for r := range c.kp.Len() {
		lo, hi := c.kp.Row(r)
		for q := lo; q < hi; q++ {
			a, b := c.kp.ID(r), c.kp.ID(q)
			if got[pair{a, b}] || got[pair{b, a}] || a == b {
				t.Fatalf("pair %d, %d twice", a, b)
			}
			got[pair{a, b}] = true
		}
	}
	want := 0
	for a, ea := range evs {
		for b := a + 1; b < len(evs); b++ {
			eb := evs[b]
			if !fitted(ea) || !fitted(eb) || eb.EvtCal[0] > ea.EvtCal[len(ea.EvtCal)-1] || ea.EvtCal[0] > eb.EvtCal[len(eb.EvtCal)-1] {
				continue
			}
			if ea.EvtCal[0] == eb.EvtCal[0] && ea.EstCal[0] == eb.EstCal[0] && c.kpStat[a].complete && c.kpStat[b].complete {
				continue // one block
			}
			want++
			if !got[pair{a, b}] && !got[pair{b, a}] {
				t.Fatalf("pair %d, %d missing", a, b)
			}
		}
	}
	if want != len(got) || want != c.kp.Count() {
		t.Errorf("%d pairs ranked (Count %d), %d overlap outside a block", len(got), c.kp.Count(), want)
	}
	et := cfg
	et.KPRbar = "event-time"
	if prepare(All, evs, et).kp != nil {
		t.Error("pairs ranked for event-time r̄, which pairs by relative day")
	}
}

// standardize appends (x_t - x̄)/s (divisor T-1) to dst; nil if s = 0.
func standardize(dst, x []float64) []float64 {
	m, s := MeanSD(x)
	if !(s > 0) {
		return nil
	}
	for _, v := range x {
		dst = append(dst, (v-m)/s)
	}
	return dst
}

// TestRBarBlockMemo: r̄ with the blocks' sums memoized across windows is
// r̄ summing every block anew, bit for bit, in every window and whichever
// window filled the memo first (windows drop different events, so some
// blocks differ between windows and must not be taken from another's).
func TestRBarBlockMemo(t *testing.T) {
	evs, cfg := syntheticEvents(t, 400)
	windows := append(slices.Clone(cfg.CARWindows), analysis.Window{T1: -10, T2: 10}, analysis.Window{T1: 3, T2: 3})
	want := make([]float64, len(windows))
	bare := prepare(All, evs, cfg)
	bare.blocks = nil
	for k, w := range windows {
		want[k] = newGroup(bare, w, cfg).rBar()
	}
	for name, order := range map[string][]int{"forward": {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "backward": {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}} {
		t.Run(name, func(t *testing.T) {
			c := prepare(All, evs, cfg)
			if c.blocks == nil {
				t.Fatal("no block memo in calendar mode")
			}
			for _, k := range order {
				if k >= len(windows) {
					continue
				}
				for round := range 2 { // the second time every block is memoized
					if got := newGroup(c, windows[k], cfg).rBar(); math.Float64bits(got) != math.Float64bits(want[k]) {
						t.Errorf("window %s round %d: r̄ %v, summed anew %v", windows[k], round, got, want[k])
					}
				}
			}
			if len(c.blocks.m) == 0 {
				t.Error("the block memo stayed empty")
			}
		})
	}
}

// plainPairSums is kpPairSums as it read each event through its index:
// the same sweep (window start, block, index) and the same additions.
func plainPairSums(total float64, events []KPEvent, blockOf []int, minShared int) float64 {
	n := len(events)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		ea, eb := events[a], events[b]
		switch {
		case ea.WinFirst != eb.WinFirst:
			return ea.WinFirst - eb.WinFirst
		case blockOf[a] != blockOf[b]:
			return blockOf[a] - blockOf[b]
		}
		return a - b
	})
	for p := 0; p < n; p++ {
		ei := &events[order[p]]
		L := ei.WinLast - ei.WinFirst + 1
		for q := p + 1; q < n; q++ {
			ej := &events[order[q]]
			if ej.WinFirst > ei.WinLast {
				break
			}
			if b := blockOf[order[p]]; b >= 0 && blockOf[order[q]] == b {
				continue // one block: summed by kpBlockSums
			}
			ov := min(ei.WinLast, ej.WinLast) - max(ei.WinFirst, ej.WinFirst) + 1
			if ov <= 0 {
				continue
			}
			rho := pairs.Correlation(ei.Dates, ei.Residual, ej.Dates, ej.Residual, minShared)
			total += 2 * rho * float64(ov) / float64(L)
		}
	}
	return total
}

// TestKPPairSumsSweep: kpPairSums, which reads the sweep from its items,
// is the plain sweep bit for bit in every window.
func TestKPPairSumsSweep(t *testing.T) {
	evs, cfg := syntheticEvents(t, 400)
	c := prepare(All, evs, cfg)
	for _, w := range cfg.CARWindows {
		t.Run(fmt.Sprintf("window=%s", w), func(t *testing.T) {
			g := newGroup(c, w, cfg)
			kp := make([]KPEvent, len(g.v))
			for i, e := range g.v {
				a := w.T1 - e.EvtWindow.T1
				kp[i] = KPEvent{Dates: e.EstCal, Residual: e.Residual, id: g.idx[i],
					WinFirst: e.EvtCal[a], WinLast: e.EvtCal[a+w.Len()-1]}
			}
			blockOf, members := kpBlocks(kp)
			kpBlockSums(kp, blockOf, members, cfg.KPMinShared, nil)
			pairsIn := 0
			for _, b := range blockOf {
				if b < 0 {
					pairsIn++
				}
			}
			got := kpPairSums(0.5, kp, blockOf, cfg.KPMinShared)
			want := plainPairSums(0.5, kp, blockOf, cfg.KPMinShared)
			if math.Float64bits(got) != math.Float64bits(want) || pairsIn == len(kp) {
				t.Fatalf("kpPairSums %v, plain sweep %v (%d of %d outside blocks)", got, want, pairsIn, len(kp))
			}
		})
	}
}

// TestSortSweep: sortSweep is the comparison sort by (first, block, i)
// on staggered dates, one market-wide date, dates too wide to count, and
// blocks or none.
func TestSortSweep(t *testing.T) {
	for _, tc := range []struct {
		name          string
		n, dates, gap int
		blocks        int
	}{
		{"staggered", 2000, 200, 1, 30},
		{"no blocks", 500, 50, 1, 0},
		{"one date", 3000, 1, 1, 40},
		{"wide dates", 300, 300, 100000, 10},
		{"one item", 1, 1, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.n), 3))
			s := make([]sweepItem, tc.n)
			for i := range s {
				s[i] = sweepItem{first: int32(rng.IntN(tc.dates) * tc.gap), i: int32(i), block: -1}
				if tc.blocks > 0 && rng.IntN(3) > 0 {
					s[i].block = int32(rng.IntN(tc.blocks))
				}
			}
			want := slices.Clone(s)
			slices.SortFunc(want, func(a, b sweepItem) int {
				switch {
				case a.first != b.first:
					return int(a.first - b.first)
				case a.block != b.block:
					return int(a.block - b.block)
				}
				return int(a.i - b.i)
			})
			if got := sortSweep(s); !slices.Equal(got, want) {
				t.Fatal("sortSweep differs from the comparison sort")
			}
		})
	}
}

// TestRBarCalendarMatchesPlain: the calendar r̄ of rBarsCalendar is
// rBarPlain's to rounding (each pair's ρ_ij from the pair kernels, not
// Correlation, and the sums in another order: 2.5e-15 relative to
// max(|r̄|, 1e-3) measured, 1e-12 allowed), in every default window, a wide and a
// late one-day window, and random subsets of the events; with and without
// the block memo; among events with missing residuals (no block),
// constant ones (leave their block), other estimation dates on a shared
// date (other blocks) and event windows with a gap (the same window dates
// as a neighbour's in some windows only, other window lengths), and with
// blocks too short for minShared. The windows made at once are each made
// alone, bit for bit, and again the same (the sums do not depend on
// scheduling).
func TestRBarCalendarMatchesPlain(t *testing.T) {
	worst, worstAbs := 0.0, 0.0
	for _, minShared := range []int{0, 300} {
		evs, cfg := syntheticEventsOn(t, 400, 40, 0.0005) // ten events a date
		cfg.KPMinShared = minShared
		for i, e := range evs {
			switch i % 9 {
			case 1:
				e.Residual[7] = math.NaN()
			case 2:
				for j := range e.Residual {
					e.Residual[j] = 0
				}
			case 3:
				for j := range e.EstCal {
					e.EstCal[j]++
				}
			case 4:
				for j := 15; j < len(e.EvtCal); j++ {
					e.EvtCal[j]++
				}
			}
		}
		windows := append(slices.Clone(cfg.CARWindows), analysis.Window{T1: -10, T2: 10}, analysis.Window{T1: 8, T2: 8})
		rng := rand.New(rand.NewPCG(uint64(minShared), 4))
		for _, memo := range []string{"blocks", "no blocks"} {
			c := prepare(All, evs, cfg)
			if c.kpEv == nil {
				t.Fatal("no kp arrays prepared in calendar mode")
			}
			if memo == "no blocks" {
				c.blocks = nil
			}
			gs := make([]*group, 2*len(windows))
			for k := range gs {
				g := newGroup(c, windows[k%len(windows)], cfg)
				if k >= len(windows) { // a random subset of the set
					keep := 0.3 + 0.6*rng.Float64()
					n := 0
					for j := range g.idx {
						if rng.Float64() < keep {
							g.v[n], g.idx[n], g.car[n] = g.v[j], g.idx[j], g.car[j]
							n++
						}
					}
					g.v, g.idx, g.car = g.v[:n], g.idx[:n], g.car[:n]
				}
				gs[k] = g
			}
			c.rBarsCalendar(gs)
			prev := make([]float64, len(gs))
			for k, g := range gs {
				want := g.rBarPlain()
				got := g.rbar
				// r̄ is a mean of terms in [-1, 1]: relative to r̄, or to
				// 1e-3 where the terms cancel to less
				d := math.Abs(got-want) / max(math.Abs(want), 1e-3)
				worst, worstAbs = max(worst, d), max(worstAbs, math.Abs(got-want))
				if !g.haveRbar || !(d <= 1e-12) {
					t.Fatalf("minShared %d, %s, window %s, set %d (%d events): r̄ %v, plain %v", minShared, memo, g.w, k, len(g.idx), got, want)
				}
				alone := &group{w: g.w, cfg: g.cfg, v: g.v, idx: g.idx, car: g.car, cache: c}
				if alone.rBar(); !alone.haveRbar || math.Float64bits(alone.rbar) != math.Float64bits(got) {
					t.Fatalf("window %s: alone %v, with the others %v", g.w, alone.rbar, got)
				}
				prev[k], g.haveRbar = got, false
			}
			slices.Reverse(gs)
			slices.Reverse(prev)
			c.rBarsCalendar(gs[len(gs)/2:])
			c.rBarsCalendar(gs[:len(gs)/2])
			for k, g := range gs {
				if !g.haveRbar || math.Float64bits(g.rbar) != math.Float64bits(prev[k]) {
					t.Fatalf("window %s: r̄ %v, before %v", g.w, g.rbar, prev[k])
				}
			}
		}
	}
	t.Logf("largest difference to rBarPlain: %.3g relative, %.3g absolute", worst, worstAbs)
	// a set with an event the pairs do not rank is rBarPlain's
	evs, cfg := syntheticEvents(t, 100)
	c := prepare(All, evs, cfg)
	g := newGroup(c, cfg.CARWindows[0], cfg)
	c.kpEv[g.idx[3]].rank = -1
	if got, want := g.rBar(), g.rBarPlain(); math.Float64bits(got) != math.Float64bits(want) {
		t.Errorf("an event not ranked: r̄ %v, plain %v", got, want)
	}
}

// FuzzRBarCalendar: rBarsCalendar's r̄ of a few windows at once is
// rBarPlain's to rounding (TestRBarCalendarMatchesPlain's tolerance), for
// events on few or many dates, missing returns, and events made
// constant, moved to other estimation dates or given an event-window gap.
func FuzzRBarCalendar(f *testing.F) {
	f.Add(uint8(60), uint8(6), uint8(3), uint64(1), uint16(0), int8(-1), uint8(2))
	f.Add(uint8(120), uint8(40), uint8(0), uint64(9), uint16(250), int8(0), uint8(0))
	f.Fuzz(func(t *testing.T, n, span, missing uint8, seed uint64, minShared uint16, t1 int8, l uint8) {
		if n < 2 || n > 150 || span == 0 || missing > 50 || minShared > 300 || t1 < -10 || int(t1)+int(l) > 10 {
			return
		}
		evs, cfg := syntheticEventsOn(t, int(n), int(span), float64(missing)/1000)
		cfg.KPMinShared = int(minShared)
		rng := rand.New(rand.NewPCG(seed, 5))
		for _, e := range evs {
			switch rng.IntN(8) {
			case 0:
				for j := range e.Residual {
					e.Residual[j] = 0.25
				}
			case 1:
				for j := range e.EstCal {
					e.EstCal[j]++
				}
			case 2:
				for j := 11 + rng.IntN(10); j < len(e.EvtCal); j++ {
					e.EvtCal[j]++
				}
			}
		}
		c := prepare(All, evs, cfg)
		windows := append(slices.Clone(cfg.CARWindows[:3]), analysis.Window{T1: int(t1), T2: int(t1) + int(l)})
		gs := make([]*group, len(windows))
		for k, w := range windows {
			gs[k] = newGroup(c, w, cfg)
		}
		c.rBarsCalendar(gs)
		for _, g := range gs {
			got, want := g.rbar, g.rBarPlain()
			if math.IsNaN(got) != math.IsNaN(want) || math.Abs(got-want) > 1e-12*max(math.Abs(want), 1e-3) {
				t.Fatalf("window %s (%d events): r̄ %v, plain %v", g.w, len(g.idx), got, want)
			}
		}
	})
}
