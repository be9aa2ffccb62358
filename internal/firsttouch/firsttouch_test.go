package firsttouch

import "testing"

type row struct {
	name string
	n    int
}

func TestSlab(t *testing.T) {
	for _, size := range []int{0, 1, 1<<14 - 1, 1 << 14, 3<<14 + 5} {
		rows := make([]row, size)
		Slab(rows, func(r *row) { r.n++ })
		for i, r := range rows {
			if r.n != 1 || r.name != "" {
				t.Fatalf("size %d: row %d = %+v, want touched once and otherwise zero", size, i, r)
			}
		}
	}
}
