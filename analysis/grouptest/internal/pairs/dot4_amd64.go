//go:build !noasm && !gccgo && !safe

package pairs

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// dot4x is dot4 of the n values from y and each x (dot4_amd64.s, SSE2).
//
//go:noescape
func dot4x(y, x0, x1, x2, x3 *float64, n int) (d0, d1, d2, d3 float64)

// dot4AVX is dot4x with AVX registers: half the instructions.
//
//go:noescape
func dot4AVX(y, x0, x1, x2, x3 *float64, n int) (d0, d1, d2, d3 float64)

// pearsonAVX is pearsonGo on the four lanes at once (dot4_amd64.s): the
// same correctly rounded operations in the same order per lane, so the
// same bits, the four pairs' divisions and square roots in flight at
// once where the scalar code waited on each.
//
//go:noescape
func pearsonAVX(q *pearson4)

// pearsonLanes sets q's caa, cbb and r from its moments.
func pearsonLanes(q *pearson4) {
	if useAVX {
		pearsonAVX(q)
		return
	}
	pearsonGo(q)
}

// useAVX picks dot4AVX and pearsonAVX (tests set it to run every kernel).
var useAVX = cpu.X86.HasAVX

func dot4Kernel(y, x0, x1, x2, x3 []float64) (d0, d1, d2, d3 float64) {
	if len(y) == 0 {
		return 0, 0, 0, 0
	}
	py, p0, p1, p2, p3 := unsafe.SliceData(y), unsafe.SliceData(x0), unsafe.SliceData(x1), unsafe.SliceData(x2), unsafe.SliceData(x3)
	if useAVX {
		return dot4AVX(py, p0, p1, p2, p3, len(y))
	}
	return dot4x(py, p0, p1, p2, p3, len(y))
}

// dot2x4AVX is dot2x4 of the n values from y0, y1 and each x, into d.
//
//go:noescape
func dot2x4AVX(d *[2][4]float64, y0, y1, x0, x1, x2, x3 *float64, n int)

func dot2x4Kernel(y0, y1, x0, x1, x2, x3 []float64) (d [2][4]float64) {
	if !useAVX || len(y0) == 0 {
		d[0][0], d[0][1], d[0][2], d[0][3] = dot4Kernel(y0, x0, x1, x2, x3)
		d[1][0], d[1][1], d[1][2], d[1][3] = dot4Kernel(y1, x0, x1, x2, x3)
		return d
	}
	dot2x4AVX(&d, unsafe.SliceData(y0), unsafe.SliceData(y1), unsafe.SliceData(x0), unsafe.SliceData(x1), unsafe.SliceData(x2), unsafe.SliceData(x3), len(y0))
	return d
}
