// Package parallel runs index-addressed work on every core. Callers store
// results by index, so output order (and bytes) never depend on scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs fn(i) for i in [0,n) on GOMAXPROCS workers, each taking the next
// index as it finishes one (events differ in cost), and returns when all
// are done.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// ForChunks runs fn(lo, hi) over [0,n) cut into chunks of size indices (the
// last may be shorter), on GOMAXPROCS workers: for cheap items, where one
// task per item would cost more than the item, or where a task sets up
// scratch space for its items.
func ForChunks(n, size int, fn func(lo, hi int)) {
	size = max(size, 1)
	For((n+size-1)/size, func(k int) {
		fn(k*size, min((k+1)*size, n))
	})
}
