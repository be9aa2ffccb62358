package pairs

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// randomPair is two events' residuals on consecutive dates, the second
// shifted by up to spread days, with a share missing of NaN days.
func randomPair(rng *rand.Rand, T, spread int, missing float64) (da []int, a []float64, db []int, b []float64) {
	mk := func(first int) ([]int, []float64) {
		d, r := make([]int, T), make([]float64, T)
		for i := range d {
			d[i], r[i] = first+i, 0.02*rng.NormFloat64()
			if rng.Float64() < missing {
				r[i] = math.NaN()
			}
		}
		return d, r
	}
	da, a = mk(0)
	db, b = mk(rng.IntN(spread))
	return da, a, db, b
}

// TestPairCorrelationPaths: the contiguous fast path and the merge path
// agree (dates with a hole force the merge).
func TestPairCorrelationPaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	aDates, aRes, bDates, bRes := randomPair(rng, 40, 10, 0.1)
	fast := Correlation(aDates, aRes, bDates, bRes, 5)
	// Same data with one date removed from a and its value from both ends:
	// append a far-away date with NaN so a is no longer contiguous.
	da := append(append([]int{}, aDates...), aDates[len(aDates)-1]+100)
	ra := append(append([]float64{}, aRes...), math.NaN())
	slow := Correlation(da, ra, bDates, bRes, 5)
	if fast == 0 || math.Abs(fast-slow) > 1e-14 {
		t.Errorf("fast %v, merge %v", fast, slow)
	}
}

// TestCorrelationMatchesGonum: the one-pass correlation equals gonum's
// two-pass stat.Correlation over the pairs without NaN, for residual-like
// series, for series far from 0 (where an unshifted one-pass formula loses
// its digits) and with missing days; 0 below minShared and without variation.
func TestCorrelationMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	series := func(n int, level float64, missing float64) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = level + 0.02*rng.NormFloat64()
			if rng.Float64() < missing {
				x[i] = math.NaN()
			}
		}
		return x
	}
	for _, tc := range []struct {
		name           string
		n              int
		level, missing float64
	}{
		{"residuals", 250, 0, 0},
		{"far from zero", 250, 1e6, 0},
		{"missing days", 250, 0, 0.1},
		{"short", 40, 0.5, 0.05},
	} {
		a, b := series(tc.n, tc.level, tc.missing), series(tc.n, -tc.level, tc.missing)
		for i := range b { // correlate them: b takes half of a's noise
			if !math.IsNaN(a[i]) {
				b[i] += 0.5 * (a[i] - tc.level)
			}
		}
		var x, y []float64
		for i := range a {
			if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
				x, y = append(x, a[i]), append(y, b[i])
			}
		}
		want := stat.Correlation(x, y, nil)
		if got := correlation(a, b, 30); math.Abs(got-want) > 1e-9 || want < 0.2 {
			t.Errorf("%s: correlation %v, gonum %v", tc.name, got, want)
		}
	}
	flat := make([]float64, 50)
	if got := correlation(flat, series(50, 0, 0), 30); got != 0 {
		t.Errorf("constant series: %v, want 0", got)
	}
	if got := correlation(series(20, 0, 0), series(20, 0, 0), 30); got != 0 {
		t.Errorf("20 shared days with minShared 30: %v, want 0", got)
	}
}

// TestPairSeriesCorrelation: the prepared pair correlation of Correlate
// equals Correlation (to 1e-12, and exactly 0 where it is 0) for
// series with missing days on either side or both, shifted against each
// other by up to their length, with shared counts around minShared.
func TestPairSeriesCorrelation(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	mk := func(first, n int, missing float64) ([]int, []float64) {
		d, r := make([]int, n), make([]float64, n)
		for i := range d {
			d[i], r[i] = first+i, 0.02*rng.NormFloat64()+0.001
			if rng.Float64() < missing {
				r[i] = math.NaN()
			}
		}
		return d, r
	}
	pairs, zeros := 0, 0
	for trial := 0; trial < 3000; trial++ {
		na, nb := 5+rng.IntN(60), 5+rng.IntN(60)
		da, ra := mk(rng.IntN(40), na, []float64{0, 0.02, 0.3}[trial%3])
		db, rb := mk(rng.IntN(40), nb, []float64{0, 0.05, 0.5}[(trial/3)%3])
		if trial%17 == 0 { // a common shock: strong correlation
			for i := range ra {
				if j := da[i] - db[0]; j >= 0 && j < nb && !math.IsNaN(rb[j]) && !math.IsNaN(ra[i]) {
					rb[j] = ra[i] + 0.001*rng.NormFloat64()
				}
			}
		}
		minShared := 2 + rng.IntN(30)
		want := Correlation(da, ra, db, rb, minShared)
		pa, pb := newSeries(da, ra), newSeries(db, rb)
		if pa == nil || pb == nil {
			t.Fatal("consecutive dates not prepared")
		}
		for _, got := range []float64{pa.correlation(pb, minShared), pb.correlation(pa, minShared)} {
			if math.Abs(got-want) > 1e-12 || (got == 0) != (want == 0) {
				t.Fatalf("trial %d: %v, Correlation %v (na %d nb %d, minShared %d)", trial, got, want, na, nb, minShared)
			}
		}
		pairs++
		if want == 0 {
			zeros++
		}
	}
	if zeros < 300 || pairs-zeros < 1000 {
		t.Errorf("%d of %d pairs 0: the trials miss a case", zeros, pairs)
	}
	if newSeries([]int{1, 2, 4}, []float64{1, 2, 3}) != nil {
		t.Error("dates with a gap prepared")
	}
}

// TestCorrelateIsPairCorrelation: every ρ Correlate hands on is, bit for
// bit, the one pair correlation of its two events (series.correlation,
// Correlation for dates with a gap), for dates with 1 to 9 events
// (partners of one date share their overlap: correlation4Own's runs),
// estimation windows cut short, missing days, gaps and blocks, and a
// date's events cut into units of work of a row or two (rowBuf lowered);
// every rank with partners is visited once, and the rows hold exactly the pairs
// whose event windows overlap, but a block's.
func TestCorrelateIsPairCorrelation(t *testing.T) {
	for _, tc := range []struct {
		name      string
		perDate   int
		missing   float64
		minShared int
	}{
		{"one a date", 1, 0.01, 30},
		{"four a date", 4, 0, 30},
		{"nine a date", 9, 0.002, 30},
		{"nine a date, many missing", 9, 0.2, 30},
		{"seven a date, minShared above some overlaps", 7, 0.05, 104},
		{"nine a date, units of work of a row or two", -9, 0.002, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(max(tc.perDate, 0)), 21))
			const T, L = 120, 11 // estimation days, event-window days
			perDate := tc.perDate
			if perDate < 0 { // a date's events cut into units of work
				perDate = -perDate
				defer func(n int) { rowBuf = n }(rowBuf)
				rowBuf = 60
			}
			var dates [][]int
			var res [][]float64
			var items []Item
			for day0 := 200; day0 < 260; day0++ {
				for k := 0; k < 1+rng.IntN(perDate); k++ {
					id := len(dates)
					first, n := day0-T-5, T
					if rng.IntN(10) == 0 {
						first, n = first+rng.IntN(20), n-20 // cut short
					}
					d, r := make([]int, n), make([]float64, n)
					for i := range d {
						d[i], r[i] = first+i, 0.01*rng.NormFloat64()
						if rng.Float64() < tc.missing {
							r[i] = math.NaN()
						}
					}
					if rng.IntN(25) == 0 { // a gap: the merge path
						d = append(d[:n/2:n/2], d[n/2+1:]...)
						r = r[:n-1]
						d[len(d)-1] += 3
					}
					block := -1
					if rng.IntN(3) == 0 && n == T {
						block = day0
					}
					dates, res = append(dates, d), append(res, r)
					items = append(items, Item{ID: id, First: day0 - 5, Last: day0 - 5 + L - 1, Block: block})
				}
			}
			p := New(len(dates), slices.Clone(items))
			rows := make([][]float64, p.Len())
			visits := make([]int, p.Len())
			p.Correlate(func(i int) []int { return dates[i] }, func(i int) []float64 { return res[i] }, tc.minShared,
				func(r int, rho []float64) { rows[r], visits[r] = slices.Clone(rho), visits[r]+1 })
			n, nonzero, zero := 0, 0, 0
			for r := range p.Len() {
				lo, hi := p.Row(r)
				if len(rows[r]) != hi-lo || visits[r] != min(hi-lo, 1) {
					t.Fatalf("rank %d: %d visits, %d ρ for %d partners", r, visits[r], len(rows[r]), hi-lo)
				}
				for q := lo; q < hi; q++ {
					a, b := p.ID(r), p.ID(q)
					want := Correlation(dates[a], res[a], dates[b], res[b], tc.minShared)
					if sa, sb := newSeries(dates[a], res[a]), newSeries(dates[b], res[b]); sa != nil && sb != nil {
						want = sa.correlation(sb, tc.minShared)
					}
					if got := rows[r][q-lo]; math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("pair %d,%d: Correlate %v, pair correlation %v", a, b, got, want)
					} else if got != 0 {
						nonzero++
					} else {
						zero++
					}
					n++
				}
			}
			if n < 500 || nonzero < n/10 || tc.minShared > 30 && zero < n/10 {
				t.Errorf("%d pairs, %d nonzero, %d zero: the case is not exercised", n, nonzero, zero)
			}
			// the rows: every overlapping pair outside one block, once
			want := 0
			for a := range items {
				for b := a + 1; b < len(items); b++ {
					ia, ib := items[a], items[b]
					if ia.First <= ib.Last && ib.First <= ia.Last && (ia.Block < 0 || ia.Block != ib.Block) {
						want++
						if ra, rb := p.Rank(ia.ID), p.Rank(ib.ID); ra < 0 || rb < 0 {
							t.Fatalf("items %d, %d not ranked", ia.ID, ib.ID)
						} else if lo, hi := p.Row(int(min(ra, rb))); int(max(ra, rb)) < lo || int(max(ra, rb)) >= hi {
							t.Fatalf("items %d, %d not in a row", ia.ID, ib.ID)
						}
					}
				}
			}
			if want != n || p.Count() != n {
				t.Errorf("%d pairs in the rows (Count %d), %d overlap outside a block", n, p.Count(), want)
			}
		})
	}
}

// BenchmarkCorrelate correlates the overlapping pairs of 20,000 events at
// the density of issue 24's 100M panel: 10 events a date on 2,000 dates,
// 250 estimation days, 21-day event windows, 0.1 % of residuals missing.
func BenchmarkCorrelate(b *testing.B) { benchmarkCorrelate(b, 2000, 10) }

// BenchmarkCorrelateClustered is BenchmarkCorrelate at the density of an
// earnings season (bench/README.md, "Clustered events"): 80 events a date
// on 100 dates, 11.8 million pairs.
func BenchmarkCorrelateClustered(b *testing.B) { benchmarkCorrelate(b, 100, 80) }

func benchmarkCorrelate(b *testing.B, days, perDate int) {
	rng := rand.New(rand.NewPCG(1, 2))
	const T, L = 250, 21
	var dates [][]int
	var res [][]float64
	var items []Item
	for day0 := 300; day0 < 300+days; day0++ {
		for range perDate {
			d, r := make([]int, T), make([]float64, T)
			for i := range d {
				d[i], r[i] = day0-260+i, 0.01*rng.NormFloat64()
				if rng.Float64() < 0.001 {
					r[i] = math.NaN()
				}
			}
			items = append(items, Item{ID: len(dates), First: day0 - 10, Last: day0 - 10 + L - 1, Block: -1})
			dates, res = append(dates, d), append(res, r)
		}
	}
	for b.Loop() {
		New(len(dates), slices.Clone(items)).Correlate(func(i int) []int { return dates[i] }, func(i int) []float64 { return res[i] }, 30, func(int, []float64) {})
	}
}
