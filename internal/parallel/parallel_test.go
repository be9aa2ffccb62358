package parallel

import (
	"sync/atomic"
	"testing"
)

func TestForRunsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 1000} {
		seen := make([]atomic.Int32, n)
		For(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d ran %d times, want 1", n, i, c)
			}
		}
	}
}

func TestForChunksCoversEveryIndexOnce(t *testing.T) {
	for _, tc := range []struct{ n, size int }{{0, 4}, {1, 4}, {4, 4}, {5, 4}, {1000, 64}, {10, 0}} {
		seen := make([]atomic.Int32, tc.n)
		ForChunks(tc.n, tc.size, func(lo, hi int) {
			if hi <= lo || hi-lo > max(tc.size, 1) {
				t.Errorf("n=%d size=%d: chunk [%d,%d)", tc.n, tc.size, lo, hi)
			}
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d size=%d: index %d covered %d times, want 1", tc.n, tc.size, i, c)
			}
		}
	}
}

// TestOrdered: every index is produced once and consumed in order, never
// more than ahead results wait, and a stop starts no further index.
func TestOrdered(t *testing.T) {
	for _, tc := range []struct{ n, ahead, stopAt int }{
		{0, 4, -1}, {1, 4, -1}, {7, 1, -1}, {1000, 4, -1}, {1000, 2, -1}, {1000, 8, 10}, {50, 3, 0},
	} {
		var produced, consumed, maxAhead atomic.Int64
		seen := make([]atomic.Int32, tc.n)
		var got []int
		Ordered(tc.n, tc.ahead, func(k int) int {
			seen[k].Add(1)
			if d := produced.Add(1) - consumed.Load(); d > maxAhead.Load() {
				maxAhead.Store(d)
			}
			return k * k
		}, func(k, v int) bool {
			if v != k*k {
				t.Errorf("n=%d: index %d got %d", tc.n, k, v)
			}
			got = append(got, k)
			consumed.Add(1)
			return k != tc.stopAt
		})
		want := tc.n
		if tc.stopAt >= 0 {
			want = tc.stopAt + 1
		}
		if len(got) != want {
			t.Fatalf("n=%d stop=%d: consumed %d, want %d", tc.n, tc.stopAt, len(got), want)
		}
		for i, k := range got {
			if k != i {
				t.Fatalf("n=%d: consumed %v, not in order", tc.n, got)
			}
		}
		for k := range seen {
			if c := seen[k].Load(); c > 1 || (tc.stopAt < 0 && c != 1) {
				t.Fatalf("n=%d: index %d produced %d times", tc.n, k, c)
			}
		}
		if lim := int64(max(tc.ahead, 2)); maxAhead.Load() > lim {
			t.Errorf("n=%d ahead=%d: %d results waited", tc.n, tc.ahead, maxAhead.Load())
		}
		if tc.stopAt >= 0 && produced.Load() > int64(tc.stopAt+1+max(tc.ahead, 2)) {
			t.Errorf("n=%d: %d produced after a stop at %d", tc.n, produced.Load(), tc.stopAt)
		}
	}
}
