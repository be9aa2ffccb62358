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
			full := g.czBuild(sd).Tally().Sums()
			fast := g.czFromBase(b, sd).Sums()
			if !slices.Equal(full.Cnt, fast.Cnt) || !sameBits(full.Sum, fast.Sum) {
				t.Fatalf("%s, set %d (%d events): sums from the base differ from a full build", tc.name, n, len(g.idx))
			}
			x := make([]float64, 21)
			for _, i := range g.idx {
				sd.extras(c.events[i], x)
				h, m := b.Moved(i, x, c.czEvent)
				held, changed = held+h, changed+m
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
			want := g.czBuild(g.czDaySD()).Tally().Sums()
			if !slices.Equal(got.Cnt, want.Cnt) || !sameBits(got.Sum, want.Sum) {
				t.Fatalf("%s, window %s: corradoZivneySums differs from a full build", tc.name, w)
			}
		}
	}
}

// sameBits reports whether a and b hold the same float64 bits.
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestCZDaySD: czDaySD's s_τ (read from the cache's SAR rows) are MeanSD
// of each day's finite SARs over V in V's order, bit for bit, NaN below two values or at zero spread, with
// missing and infinite SARs and a day every event has at one value.
func TestCZDaySD(t *testing.T) {
	evs, cfg := syntheticEvents(t, 120)
	rng := rand.New(rand.NewPCG(7, 8))
	for _, e := range evs {
		for j := range e.SAR {
			switch rng.IntN(30) {
			case 0:
				e.SAR[j] = math.NaN()
			case 1:
				e.SAR[j] = math.Inf(1)
			}
		}
		e.SAR[0] = 0.25 // zero spread on the first day
	}
	evs[3].SAR[1] = 1 // the second day: one finite value
	for _, e := range evs {
		if e != evs[3] {
			e.SAR[1] = math.NaN()
		}
	}
	c := prepare(All, evs, cfg)
	if c.sarRows == nil {
		t.Fatal("no SAR rows prepared: the test would not read them")
	}
	for _, w := range cfg.CARWindows {
		g := newGroup(c, w, cfg)
		got := g.czDaySD()
		for d, s := range got.sd {
			var col []float64
			for _, e := range g.v {
				if j := got.lo + d - e.EvtWindow.T1; j >= 0 && j < len(e.SAR) && finite(e.SAR[j]) {
					col = append(col, e.SAR[j])
				}
			}
			want := nan
			if len(col) >= 2 {
				if _, sd := MeanSD(col); sd > 0 {
					want = sd
				}
			}
			if math.Float64bits(s) != math.Float64bits(want) && !(math.IsNaN(s) && math.IsNaN(want)) {
				t.Fatalf("window %s day %d: s %v, want %v", w, got.lo+d, s, want)
			}
		}
		if !math.IsNaN(got.sd[0]) || !math.IsNaN(got.sd[1]) || math.IsNaN(got.sd[2]) {
			t.Fatalf("window %s: s of the first three days %v, want NaN, NaN, a value", w, got.sd[:3])
		}
	}
}

// TestCZWithoutSARRows: corrado_zivney's sums read from the events
// themselves (czEvent's and sarOf's way once the SAR rows are released)
// equal those from the SAR rows, spans and hints, bit for bit.
func TestCZWithoutSARRows(t *testing.T) {
	evs, cfg := syntheticEvents(t, 150)
	rows, bare := prepare(All, evs, cfg), prepare(All, evs, cfg)
	bare.releaseWindowed()
	if rows.sarSpan == nil || bare.sarSpan != nil {
		t.Fatal("the SAR rows are not where the test needs them")
	}
	for _, w := range cfg.CARWindows {
		got := newGroup(bare, w, cfg).corradoZivneySums()
		want := newGroup(rows, w, cfg).corradoZivneySums()
		if !slices.Equal(got.Cnt, want.Cnt) || !sameBits(got.Sum, want.Sum) {
			t.Fatalf("window %s: sums without the SAR rows differ", w)
		}
	}
}
