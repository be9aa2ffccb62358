package ranks

import (
	"math"
	"slices"
	"testing"
)

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
		est := Order(res, 1, nil)
		x2 := slices.Clone(x)
		for j := range x2 {
			if j >= len(mb) {
				break
			}
			switch m := mb[j] % 6; {
			case m == 1 && est.Len() > 0:
				x2[j] = est.value(int(mb[j]/6) % est.Len())
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
		var p Pool
		a := NewTally(cols)
		czAddEvent(a, est, 0, len(res), x, ValueOrder(x, &p), 1, &p)
		rec := czRecord(nil, est, x, &p)
		before := a.Clone()
		want := NewTally(cols)
		czAddEvent(want, est, 0, len(res), x2, ValueOrder(x2, &p), 1, &p)
		if !czShiftEvent(a, est, 0, len(res), rec, x2, ValueOrder(x2, &p), &p) {
			if !sameTally(a, before) {
				t.Fatal("a refused shift changed the tally")
			}
			return
		}
		if !sameTally(a, want) {
			t.Fatalf("est %v, x %v → x' %v: shifted %v %v, ranked anew %v %v", est.AppendValues(nil), x, x2, a.dens, a.sums, want.dens, want.sums)
		}
	})
}

// sameTally compares two tallies' column sums per denominator, a
// denominator whose sums are all zero counting as absent.
func sameTally(a, b *Tally) bool {
	by := func(t *Tally) map[int][]int64 {
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

// TestLongEstimationWindow: an estimation window of more than 65,536 days
// keeps its days as int32 (Sorted.day32); the doubled ranks, a tally's
// columns and a shift are those of the definition as for short windows.
func TestLongEstimationWindow(t *testing.T) {
	const n = 1<<16 + 300
	res := make([]float64, n)
	for j := range res {
		res[j] = float64((j*7919)%1000) - 500 // ties
		if j%97 == 0 {
			res[j] = math.NaN()
		}
	}
	est := Order(res, 2, nil)
	if est.day32 == nil || est.day != nil || !est.ties {
		t.Fatalf("day32 %v day %v ties %v: want day32 and ties", est.day32 != nil, est.day != nil, est.ties)
	}
	x := []float64{-1e9, 3.5, math.NaN(), 100, 249.5, 1e9}
	x2 := []float64{-1e9, 3, math.NaN(), -100.25, 249.5, 10}
	scaled := make([]float64, n)
	for j, r := range res {
		scaled[j] = r / 2
	}
	dEst, dX := make([]int, n), make([]int, len(x))
	m := pooledRanks(est, x, dEst, dX, nil, nil)
	want := make([]int, n+len(x))
	if wantN := DoubledMidranks(append(slices.Clone(scaled), x...), want, nil); m != wantN {
		t.Fatalf("pool size %d, want %d", m, wantN)
	}
	if !slices.Equal(dEst, want[:n]) || !slices.Equal(dX, want[n:]) {
		t.Fatal("pooled ranks differ from DoubledMidranks'")
	}
	cols := n + len(x)
	var p Pool
	a := NewTally(cols)
	czAddEvent(a, est, 0, n, x, ValueOrder(x, &p), 1, &p)
	rec := czRecord(nil, est, x, &p)
	wantT := NewTally(cols)
	czAddEvent(wantT, est, 0, n, x2, ValueOrder(x2, &p), 1, &p)
	if !czShiftEvent(a, est, 0, n, rec, x2, ValueOrder(x2, &p), &p) {
		t.Fatal("shift refused")
	}
	if !sameTally(a, wantT) {
		t.Fatal("shifted tally differs from the one ranked anew")
	}
	// the tally's columns are the definition's ranks
	full := make([]int, n+len(x2))
	DoubledMidranks(append(slices.Clone(scaled), x2...), full, nil)
	for c, d := range full {
		var got int64
		for _, s := range wantT.sums {
			got += s[c]
		}
		if d < 0 && (got != 0 || wantT.cnt[c] != 0) || d >= 0 && (got != int64(d) || wantT.cnt[c] != 1) {
			t.Fatalf("column %d: sum %d count %d, want rank %d", c, got, wantT.cnt[c], d)
		}
	}
}
