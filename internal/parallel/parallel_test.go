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
