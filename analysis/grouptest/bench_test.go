package grouptest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// syntheticEvents estimates n market-model events with the default windows
// (250 estimation days -260..-11, event window -10..10) over one synthetic
// calendar, day 0s spread over n/4 trading days (about four events per date,
// so every window has same-date blocks and staggered neighbours), 0.5 % of
// returns missing.
func syntheticEvents(tb testing.TB, n int) ([]*analysis.EventEstimate, analysis.Config) {
	return syntheticEventsOn(tb, n, max(n/4, 1), 0.005)
}

// syntheticEventsOn is syntheticEvents with day 0s on span trading days and
// a share missing of the returns missing.
func syntheticEventsOn(tb testing.TB, n, span int, missing float64) ([]*analysis.EventEstimate, analysis.Config) {
	cfg := analysis.DefaultConfig()
	rng := rand.New(rand.NewPCG(uint64(n), 11))
	days := span + 300
	mkt := make([]float64, days)
	for i := range mkt {
		mkt[i] = 0.01 * rng.NormFloat64()
	}
	evs := make([]*analysis.EventEstimate, 0, n)
	for k := 0; k < n; k++ {
		day0 := 270 + rng.IntN(span)
		in := &analysis.EventInput{ID: fmt.Sprint("E", k), Firm: fmt.Sprint("F", k), Day0: day0, X: [][]float64{nil}}
		beta := 0.5 + rng.Float64()
		for rel := cfg.Estimation.T1; rel <= cfg.EventWindow.T2; rel++ {
			c := day0 + rel
			r := 0.0002 + beta*mkt[c] + 0.015*rng.NormFloat64()
			if rng.Float64() < missing {
				r = math.NaN()
			}
			in.Cal = append(in.Cal, c)
			in.R = append(in.R, r)
			in.X[0] = append(in.X[0], mkt[c])
		}
		e, reason := analysis.Estimate(in, cfg)
		if reason != "" {
			tb.Fatalf("%s: %s", in.ID, reason)
		}
		evs = append(evs, e)
	}
	return evs, cfg
}

// rowsWithoutMCap is the rows per window of events without market caps:
// every test but the dollar tests (needMCap).
func rowsWithoutMCap() int {
	n := 0
	for _, id := range All {
		if lookup(id).needs&needMCap == 0 {
			n++
		}
	}
	return n
}

// BenchmarkRunClustered: 2,000 events on 5 dates with no missing return,
// as a market-wide study looks: r̄ must sum each date's events as a block
// (O(N·T)), not correlate their 400,000 pairs.
func BenchmarkRunClustered(b *testing.B) {
	evs, cfg := syntheticEventsOn(b, 2000, 5, 0)
	for b.Loop() {
		if rows := RunWindows(All, evs, cfg.CARWindows, cfg); len(rows) != rowsWithoutMCap()*len(cfg.CARWindows) {
			b.Fatal("missing rows")
		}
	}
}

// BenchmarkRun runs every test id on the eight default windows. The
// sub-benchmarks keep the events per date fixed, so near-linear cost shows
// as ns/op roughly doubling with n.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{2500, 5000, 10000} {
		evs, cfg := syntheticEvents(b, n)
		b.Run(fmt.Sprint("events=", n), func(b *testing.B) {
			for b.Loop() {
				if rows := RunWindows(All, evs, cfg.CARWindows, cfg); len(rows) != rowsWithoutMCap()*len(cfg.CARWindows) {
					b.Fatal("missing rows")
				}
			}
		})
	}
}

// BenchmarkRunDense runs BenchmarkRun's battery at the event density of
// issue 24's 100M-row panel (bench/run.sh SCALE=100m: about 10 events a
// trading day, 0.1 % of returns missing), 20,000 and 40,000 events: r̄'s
// overlapping pairs grow with the density, so this is where costs grew
// faster than the events (the 10,000-event bench has 2 a day).
func BenchmarkRunDense(b *testing.B) {
	for _, n := range []int{20000, 40000} {
		evs, cfg := syntheticEventsOn(b, n, n/10, 0.001)
		b.Run(fmt.Sprint("events=", n), func(b *testing.B) {
			for b.Loop() {
				if rows := RunWindows(All, evs, cfg.CARWindows, cfg); len(rows) != rowsWithoutMCap()*len(cfg.CARWindows) {
					b.Fatal("missing rows")
				}
			}
		})
	}
}

// TestSyntheticSanity: on the synthetic panel (no event effect) every row
// has a statistic, the null statistics are moderate and KP's r̄ is near 0.
func TestSyntheticSanity(t *testing.T) {
	evs, cfg := syntheticEvents(t, 200)
	cfg.Bootstrap = 199 // the resampling tests have rows only with --bootstrap
	for _, w := range cfg.CARWindows {
		for _, r := range Run(All, evs, w, cfg) {
			big := math.Abs(float64(r.Statistic)) > 6
			if r.Dist == "chi2" { // avol_u: χ²(df), moderate when p is
				big = float64(r.P) < 1e-6
			}
			if r.Statistic.IsNA() || big || r.N < 150 {
				t.Errorf("window %s %s: n %d statistic %v", w, r.Test, r.N, r.Statistic)
			}
		}
		if rb := newGroup(prepare(All, evs, cfg), w, cfg).rBar(); math.Abs(rb) > 0.02 {
			t.Errorf("window %s: r̄ = %v on independent noise", w, rb)
		}
	}
}

// BenchmarkRunDays runs the daily tests of aar.csv on the 21 days of the
// default event window, beside BenchmarkRun's battery of the same events.
func BenchmarkRunDays(b *testing.B) {
	evs, cfg := syntheticEvents(b, 10000)
	for b.Loop() {
		if days := RunDays(evs, cfg.EventWindow.T1, cfg.EventWindow.T2, cfg); len(days) != cfg.EventWindow.Len() {
			b.Fatal("missing days")
		}
	}
}

// BenchmarkResampling times 1,000 resamples of each resampling test on one
// window of 10,000 events (docs/validation.md "Resampling tests" quotes the
// whole-run cost).
func BenchmarkResampling(b *testing.B) {
	evs, cfg := syntheticEvents(b, 10000)
	cfg.Bootstrap = 1000
	w := analysis.Window{T1: -1, T2: 1}
	for _, id := range analysis.ResamplingTests {
		b.Run(id, func(b *testing.B) {
			for b.Loop() {
				if r := Run([]string{id}, evs, w, cfg); len(r) != 1 || !r[0].B.Valid {
					b.Fatal("no resampled row")
				}
			}
		})
	}
}

// BenchmarkRunWindowsDaysDense is the study's call at BenchmarkRunDense's
// density: the default battery on the eight default windows and the daily
// tests on the event window's 21 days, one preparation for both.
func BenchmarkRunWindowsDaysDense(b *testing.B) {
	evs, cfg := syntheticEventsOn(b, 40000, 4000, 0.001)
	ids := DefaultFor(cfg)
	for b.Loop() {
		rows, days := RunWindowsDays(ids, evs, cfg.CARWindows, cfg.EventWindow.T1, cfg.EventWindow.T2, cfg)
		if len(rows) != (len(ids)-2)*len(cfg.CARWindows) || len(days) != cfg.EventWindow.Len() {
			b.Fatal("missing rows")
		}
	}
}
