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

// Ordered runs produce(k) for k in [0,n) on GOMAXPROCS workers and hands
// each result to consume(k, v) in index order, on the caller's goroutine,
// with at most ahead results produced and not yet consumed: a pipeline
// whose output (a file written block by block) does not depend on
// scheduling, in bounded memory. consume returns false to stop: no
// further index is started, and Ordered returns once the running produce
// calls have ended.
func Ordered[T any](n, ahead int, produce func(k int) T, consume func(k int, v T) bool) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for k := range n {
			if !consume(k, produce(k)) {
				return
			}
		}
		return
	}
	ahead = max(ahead, workers)
	// Index k's result goes to slot k%ahead. A worker takes a token before
	// it claims an index and the consumer returns it after consuming, so
	// at most ahead indices are claimed and not consumed: k-ahead has been
	// consumed, and its slot is empty, when k is claimed.
	slots := make([]chan T, ahead)
	for i := range slots {
		slots[i] = make(chan T, 1)
	}
	tokens := make(chan struct{}, ahead)
	for range ahead {
		tokens <- struct{}{}
	}
	quit := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				select {
				case <-tokens:
				case <-quit:
					return
				}
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				slots[k%ahead] <- produce(k)
			}
		})
	}
	for k := range n {
		if !consume(k, <-slots[k%ahead]) {
			break
		}
		tokens <- struct{}{}
	}
	close(quit)
	wg.Wait()
}
