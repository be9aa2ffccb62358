package ranks

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestPooledRanksSmall checks pooledRanks against hand-counted midranks:
// pool {2, 1, 3, 2} ∪ {2, 0.5} (NaNs left out) sorts to 0.5 1 2 2 2 3, so
// the doubled ranks are 0.5 → 2, 1 → 4, each 2 → 3+4+5 averaged, doubled 8,
// and 3 → 12.
func TestPooledRanksSmall(t *testing.T) {
	res := []float64{2, 1, math.NaN(), 3, 2}
	x := []float64{2, 0.5, math.NaN()}
	dEst := make([]int, len(res))
	dX := make([]int, len(x))
	n := pooledRanks(Order(res, 1, nil), x, dEst, dX, nil, nil)
	wantEst := []int{8, 4, -1, 12, 8}
	wantX := []int{8, 2, -1}
	if n != 6 {
		t.Errorf("pool size %d, want 6", n)
	}
	for j := range wantEst {
		if dEst[j] != wantEst[j] {
			t.Errorf("dEst[%d] = %d, want %d", j, dEst[j], wantEst[j])
		}
	}
	for j := range wantX {
		if dX[j] != wantX[j] {
			t.Errorf("dX[%d] = %d, want %d", j, dX[j], wantX[j])
		}
	}
}

// gridValues decodes fuzz bytes as values on a coarse grid (b%16 - 7.5),
// so that ties are common; 255 is NaN.
func gridValues(b []byte) []float64 {
	out := make([]float64, len(b))
	for j, c := range b {
		out[j] = math.NaN()
		if c != 255 {
			out[j] = float64(c%16) - 7.5
		}
	}
	return out
}

// FuzzPooledRanks: estOrder places every day's value at its own position
// of the sorted values, and the prefix-count merge of pooledRanks gives the doubled
// midranks of a sort of the whole pool, for any estimation values and
// extras (bytes become values on a coarse grid, so ties within and across
// the two parts are common; 255 is NaN).
func FuzzPooledRanks(f *testing.F) {
	f.Add([]byte{2, 1, 255, 3, 2}, []byte{2, 0, 255})
	f.Add([]byte{1, 1, 1}, []byte{1, 1})
	f.Add([]byte{}, []byte{7})
	f.Add([]byte{9, 3, 5}, []byte{})
	f.Fuzz(func(t *testing.T, eb, xb []byte) {
		res, x := gridValues(eb), gridValues(xb)
		est := Order(res, 1, nil)
		seen := make([]bool, len(res))
		values := est.AppendValues(nil)
		for k, v := range values {
			j := est.dayOf(k)
			if j < 0 || j >= len(res) || seen[j] || v != res[j] || k > 0 && v < values[k-1] || est.key[k] != float32(v) {
				t.Fatalf("position %d (%v) on day %d of %v", k, v, j, res)
			}
			seen[j] = true
		}
		for j, v := range res {
			if seen[j] == math.IsNaN(v) {
				t.Fatalf("day %d (%v): placed %v", j, v, seen[j])
			}
		}
		if ties := len(values) > len(slices.Compact(slices.Clone(values))); ties != est.ties {
			t.Fatalf("ties %v, want %v", est.ties, ties)
		}
		dEst, dX := make([]int, len(res)), make([]int, len(x))
		n := pooledRanks(est, x, dEst, dX, nil, nil)
		pool := append(append([]float64{}, res...), x...)
		want := make([]int, len(pool))
		wantN := DoubledMidranks(pool, want, nil)
		if n != wantN {
			t.Fatalf("pool size %d, want %d", n, wantN)
		}
		for j := range res {
			if dEst[j] != want[j] {
				t.Fatalf("estimation value %d (%v): %d, want %d", j, res[j], dEst[j], want[j])
			}
		}
		for j := range x {
			if dX[j] != want[len(res)+j] {
				t.Fatalf("extra %d (%v): %d, want %d", j, x[j], dX[j], want[len(res)+j])
			}
		}
	})
}

func TestLowerBound(t *testing.T) {
	s := []float64{-1, 0, 0, 0, 2, 3, 3, 7}
	for n := 0; n <= len(s); n++ {
		for _, v := range []float64{-2, -1, -0.5, 0, 1, 2, 3, 5, 7, 8, math.Inf(1)} {
			if got, want := lowerBound(s[:n], v), sort.SearchFloat64s(s[:n], v); got != want {
				t.Errorf("lowerBound(%v, %v) = %d, want %d", s[:n], v, got, want)
			}
		}
	}
}

// TestRadixSort: radixBuf.sort leaves the packed values in the order of
// the definition, a stable sort of the indices by sortKey (by value, -0
// before +0, equal values by index), for values of every sign and size,
// zeros of both signs, infinities, subnormals, runs of ties and values
// that agree in the upper 32 bits of their keys, at sizes around the
// estimation window's, with one buffer reused throughout; and Order's
// days, keys and ties are those of that permutation.
func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, 1, -1}
	var buf RadixBuf
	for _, n := range []int{0, 1, 2, 3, 17, 250, 251, 1000} {
		for _, kind := range []string{"normal", "ties", "special", "same", "near", "nearties", "nan"} {
			vals := make([]float64, n)
			for i := range vals {
				var v float64
				switch kind {
				case "normal":
					v = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(30)-15))
				case "ties":
					v = float64(rng.IntN(7) - 3)
				case "special":
					v = special[rng.IntN(len(special))]
				case "same":
					v = 0.25
				case "near": // equal in the upper 32 bits of their keys
					v = 1 + float64(rng.IntN(1000))*0x1p-40
					if rng.IntN(2) == 0 {
						v = -v
					}
				case "nearties":
					v = 1 + float64(rng.IntN(5))*0x1p-50
				case "nan":
					v = rng.NormFloat64()
					if rng.IntN(5) == 0 {
						v = math.NaN()
					}
				}
				vals[i] = v
			}
			var want []int
			for j, v := range vals {
				if !math.IsNaN(v) {
					want = append(want, j)
				}
			}
			slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(sortKey(vals[a]), sortKey(vals[b])) })
			if kind != "nan" {
				s := make([]uint64, n)
				for j, v := range vals {
					s[j] = sortKey(v)&^(1<<32-1) | uint64(j)
				}
				got := buf.sort(s, vals)
				for k, p := range got {
					if int(uint32(p)) != want[k] {
						t.Fatalf("%s n=%d: index %d at %d, want %d", kind, n, uint32(p), k, want[k])
					}
				}
			}
			est := Order(vals, 1, &buf)
			if est.Len() != len(want) {
				t.Fatalf("%s n=%d: Order has %d values, want %d", kind, n, est.Len(), len(want))
			}
			ties := false
			for k, j := range want {
				if est.dayOf(k) != j || est.key[k] != float32(vals[j]) {
					t.Fatalf("%s n=%d: Order's position %d is day %d key %v, want %d %v", kind, n, k, est.dayOf(k), est.key[k], j, float32(vals[j]))
				}
				ties = ties || k > 0 && vals[j] == vals[want[k-1]]
			}
			if est.ties != ties {
				t.Fatalf("%s n=%d: ties %v, want %v", kind, n, est.ties, ties)
			}
			if got := buf.AppendSorted(nil); len(got) != len(want) {
				t.Fatalf("%s n=%d: AppendSorted has %d values", kind, n, len(got))
			} else {
				for k, j := range want {
					if math.Float64bits(got[k]) != math.Float64bits(vals[j]) {
						t.Fatalf("%s n=%d: AppendSorted[%d] = %v, want %v", kind, n, k, got[k], vals[j])
					}
				}
			}
		}
	}
}

// TestSortFew: the insertion sort of pooledRanks' extras orders them by
// value like slices.Sort, as a permutation, at every size up to and
// beyond its limit, ties included.
func TestSortFew(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for n := range 40 {
		for _, ties := range []bool{false, true} {
			s := make([]orderKey, n)
			for i := range s {
				s[i] = orderKey{rng.NormFloat64(), int32(i)}
				if ties {
					s[i].v = float64(rng.IntN(4))
				}
			}
			in := slices.Clone(s)
			want := make([]float64, n)
			for i, k := range s {
				want[i] = k.v
			}
			slices.Sort(want)
			sortFew(s)
			seen := make([]bool, n)
			for i, k := range s {
				if k.v != want[i] || seen[k.j] || in[k.j].v != k.v {
					t.Fatalf("n=%d ties=%v: %v, want values %v", n, ties, s, want)
				}
				seen[k.j] = true
			}
		}
	}
}

// BenchmarkEstOrder sorts one event's 250 estimation SARs (fat-tailed,
// as the rank tests' preparation does for every event).
func BenchmarkEstOrder(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	res := make([]float64, 250)
	for i := range res {
		res[i] = 0.02 * rng.NormFloat64() / (0.5 + rng.Float64())
	}
	var buf RadixBuf
	for b.Loop() {
		Order(res, 0.02, &buf)
	}
}

// FuzzAddOne: AddOne's tally (the direct path without ties, the general
// one with ties or a NaN extra) equals that of the general pooled ranks of
// the estimation values with the one extra (czAddEvent), and its columns
// are DoubledMidranks of the pool.
func FuzzAddOne(f *testing.F) {
	f.Add([]byte{2, 1, 255, 3, 9}, byte(2))
	f.Add([]byte{1, 4, 7}, byte(0))
	f.Add([]byte{5, 5, 1}, byte(5))
	f.Add([]byte{3}, byte(255))
	f.Add([]byte{}, byte(4))
	f.Fuzz(func(t *testing.T, eb []byte, xb byte) {
		res, x := gridValues(eb), gridValues([]byte{xb})[0]
		est := Order(res, 1, nil)
		col := len(res)
		var p Pool
		got, want := NewTally(col+1), NewTally(col+1)
		got.AddOne(est, x, col, &p)
		czAddEvent(want, est, 0, col, []float64{x}, nil, 1, &p)
		if !sameTally(got, want) {
			t.Fatalf("est %v, x %v: AddOne %v %v %v, pooled ranks %v %v %v", res, x, got.dens, got.sums, got.cnt, want.dens, want.sums, want.cnt)
		}
		pool := append(slices.Clone(res), x)
		r2 := make([]int, len(pool))
		m := DoubledMidranks(pool, r2, nil)
		for c, d := range r2 {
			var sum int64
			for k, den := range got.dens {
				if den != 2*(m+1) && got.sums[k][c] != 0 {
					t.Fatalf("column %d: sum under denominator %d, want %d", c, den, 2*(m+1))
				}
				sum += got.sums[k][c]
			}
			if d >= 0 && (sum != int64(d) || got.cnt[c] != 1) || d < 0 && (sum != 0 || got.cnt[c] != 0) {
				t.Fatalf("est %v, x %v: column %d sum %d count %d, want rank %d", res, x, c, sum, got.cnt[c], d)
			}
		}
	})
}

// TestSortedKeyCollisions: values a few float64 ulps apart share their
// float32 key, and the comparisons then settle on the values themselves:
// pooled ranks, AddOne, a base record's bounds and a shift among such
// values are those of the definition (DoubledMidranks, ranking anew).
func TestSortedKeyCollisions(t *testing.T) {
	const base = 0.3
	ulps := func(n int) float64 {
		v := base
		for ; n > 0; n-- {
			v = math.Nextafter(v, 1)
		}
		for ; n < 0; n++ {
			v = math.Nextafter(v, 0)
		}
		return v
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 300 {
		res := make([]float64, 1+rng.IntN(12))
		for j := range res {
			res[j] = ulps(rng.IntN(9) - 4)
			if rng.IntN(10) == 0 {
				res[j] = math.NaN()
			}
		}
		x := make([]float64, 1+rng.IntN(5))
		x2 := make([]float64, len(x))
		for j := range x {
			x[j], x2[j] = ulps(rng.IntN(11)-5), ulps(rng.IntN(11)-5)
		}
		est := Order(res, 1, nil)
		for k := range est.Len() {
			if est.key[k] != float32(base) {
				t.Fatalf("trial %d: key %v, want them all %v", trial, est.key[k], float32(base))
			}
		}
		dEst, dX := make([]int, len(res)), make([]int, len(x))
		m := pooledRanks(est, x, dEst, dX, nil, nil)
		want := make([]int, len(res)+len(x))
		if wantN := DoubledMidranks(append(slices.Clone(res), x...), want, nil); m != wantN || !slices.Equal(dEst, want[:len(res)]) || !slices.Equal(dX, want[len(res):]) {
			t.Fatalf("trial %d: pooled ranks of %v with %v differ from DoubledMidranks'", trial, res, x)
		}
		var p Pool
		cols := len(res) + len(x)
		one, oneWant := NewTally(cols+1), NewTally(cols+1)
		one.AddOne(est, x[0], cols, &p)
		czAddEvent(oneWant, est, 0, cols, x[:1], nil, 1, &p)
		if !sameTally(one, oneWant) {
			t.Fatalf("trial %d: AddOne differs from the pooled ranks", trial)
		}
		a := NewTally(cols)
		czAddEvent(a, est, 0, len(res), x, ValueOrder(x, &p), 1, &p)
		rec := czRecord(nil, est, x, &p)
		for j, v := range x {
			lo, hi := 0, 0
			for _, r := range res {
				if r < v {
					lo++
				}
				if r <= v {
					hi++
				}
			}
			if int(rec[j].lo) != lo || int(rec[j].hi) != hi || !rec[j].holds(est, v) {
				t.Fatalf("trial %d: extra %v recorded at %d..%d, want %d..%d", trial, v, rec[j].lo, rec[j].hi, lo, hi)
			}
		}
		wantT := NewTally(cols)
		czAddEvent(wantT, est, 0, len(res), x2, ValueOrder(x2, &p), 1, &p)
		if !czShiftEvent(a, est, 0, len(res), rec, x2, ValueOrder(x2, &p), &p) || !sameTally(a, wantT) {
			t.Fatalf("trial %d: shift from %v to %v differs from ranking anew", trial, x, x2)
		}
	}
}
