// Package firsttouch writes a plain field of every row of a freshly made
// slab, on every core, before anything else touches it.
//
// A large slab of rows holding strings, made from fresh memory, is not
// zeroed by the runtime (the kernel's pages are), so its first touch is
// the kernel's. If that is a read (the collector scanning the slab while
// it marks, or the write barrier reading the old value of a pointer slot
// as a row is stored) it maps the shared zero page, and the store that
// follows is a second, copy-on-write fault with a TLB flush on every core.
// A plain (pointer-free) store as the first touch of each page takes one
// ordinary fault instead. In a 100M-row run the rows of ar.csv, car.csv
// and stages.csv took most of the copy-on-write faults that perf sampled.
package firsttouch

import "github.com/breachlab/eventstudy/internal/parallel"

// Slab calls plain on every row of rows, in parallel; plain must store
// to one field holding no pointer (an int, a float) and do nothing else.
// Rows of at most a page are enough for each page to be first touched by
// such a store.
func Slab[T any](rows []T, plain func(*T)) {
	parallel.ForChunks(len(rows), 1<<14, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			plain(&rows[i])
		}
	})
}
