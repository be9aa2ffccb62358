package analysis

import (
	"math"
	"testing"
)

func TestHistogram(t *testing.T) {
	// 8 values: Sturges k = 3+1 = 4 bins of width (7-(-1))/4 = 2 (by hand).
	x := []float64{-1, 0, 0.5, 1, 2.9, 3, 6.99, 7, math.NaN(), math.Inf(1)}
	bins := Histogram(x)
	want := []Bin{{Lo: -1, Hi: 1, Count: 3}, {Lo: 1, Hi: 3, Count: 2}, {Lo: 3, Hi: 5, Count: 1}, {Lo: 5, Hi: 7, Count: 2}}
	if len(bins) != len(want) {
		t.Fatalf("%d bins, want %d: %v", len(bins), len(want), bins)
	}
	for i := range want {
		if math.Abs(bins[i].Lo-want[i].Lo) > 1e-12 || math.Abs(bins[i].Hi-want[i].Hi) > 1e-12 || bins[i].Count != want[i].Count {
			t.Errorf("bin %d = %+v, want %+v", i, bins[i], want[i])
		}
	}
	if b := Histogram([]float64{2, 2}); len(b) != 1 || b[0].Count != 2 {
		t.Errorf("equal values: %v", b)
	}
	if b := Histogram(nil); b != nil {
		t.Errorf("empty: %v", b)
	}
}
