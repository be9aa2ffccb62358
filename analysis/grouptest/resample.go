package grouptest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// Dist values of the resampling tests' rows (docs/methodology.md 6.18–6.20);
// an exact enumeration is analysis.DistExact.
const (
	DistBootstrap   = "bootstrap"
	DistPermutation = "permutation"
)

// stream is the random stream of one (group, window, test): PCG seeded
// with --seed and a hash of the three names, so that a result depends on
// the seed and on what it is, never on which goroutine ran it or on the
// other tests and windows computed beside it.
func stream(seed uint64, group, window, test string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(group))
	h.Write([]byte{0})
	h.Write([]byte(window))
	h.Write([]byte{0})
	h.Write([]byte(test))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

func (g *group) stream(test string) *rand.Rand {
	return stream(g.cfg.Seed, g.cfg.BootKey, g.w.String(), test)
}

// Resampled is a resampling test's result: the observed statistic, its
// two-sided, lower and upper p-values, the number of resamples behind them
// (2^N for an exact enumeration) and whether the p-values are exact.
type Resampled struct {
	Stat, P, PLower, PUpper float64
	B                       int
	Exact                   bool
}

// withResampled fills a row from r; dist is the Monte Carlo dist name.
func withResampled(row results.TestRow, r Resampled, dist string) results.TestRow {
	if !finite(r.Stat) || !finite(r.P) || r.B == 0 {
		return row
	}
	row.Statistic, row.Dist = results.Num(r.Stat), dist
	if r.Exact {
		row.Dist = analysis.DistExact
	}
	row.P, row.PLower, row.PUpper = results.Num(r.P), results.Num(r.PLower), results.Num(r.PUpper)
	row.B = results.SomeInt(r.B)
	return row
}

// enumerable reports whether the 2^n sign (or two-point weight) vectors
// of n values number at most b: the test then enumerates them all in
// place of drawing b at random (exact, and no more work).
func enumerable(n, b int) bool { return n < 31 && 1<<n <= b }

// tally counts resampled statistics against the observed one. Equality
// allows a relative 1e-12: a statistic that equals the observed one in
// exact arithmetic must count whatever the rounding of its sums.
type tally struct {
	obs, tol                float64
	ge, le, absGE, totalWgt float64 // weights at or above, at or below, as extreme; all
}

func newTally(obs float64) tally {
	return tally{obs: obs, tol: 1e-12 * math.Abs(obs)}
}

func (t *tally) add(s, w float64) {
	if math.IsNaN(s) {
		return
	}
	t.totalWgt += w
	if s >= t.obs-t.tol {
		t.ge += w
	}
	if s <= t.obs+t.tol {
		t.le += w
	}
	if math.Abs(s) >= math.Abs(t.obs)-t.tol {
		t.absGE += w
	}
}

// result is the p-values of the tally, the shares of its weight.
func (t *tally) result(stat float64, b int, exact bool) Resampled {
	if t.totalWgt == 0 {
		return Resampled{Stat: stat, P: nan}
	}
	return Resampled{Stat: stat, P: math.Min(1, t.absGE/t.totalWgt),
		PLower: t.le / t.totalWgt, PUpper: t.ge / t.totalWgt, B: b, Exact: exact}
}
