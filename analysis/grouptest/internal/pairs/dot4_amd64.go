//go:build !noasm && !gccgo && !safe

package pairs

import "unsafe"

// dot4x is dot4 of the n values from y and each x (dot4_amd64.s).
//
//go:noescape
func dot4x(y, x0, x1, x2, x3 *float64, n int) (d0, d1, d2, d3 float64)

func dot4Kernel(y, x0, x1, x2, x3 []float64) (d0, d1, d2, d3 float64) {
	if len(y) == 0 {
		return 0, 0, 0, 0
	}
	return dot4x(unsafe.SliceData(y), unsafe.SliceData(x0), unsafe.SliceData(x1),
		unsafe.SliceData(x2), unsafe.SliceData(x3), len(y))
}
