package analysis

import (
	"math"
	"sort"
)

// Bin is one histogram bin [Lo, Hi) (the last bin is closed).
type Bin struct {
	Lo, Hi float64
	Count  int
}

// Histogram bins the finite values of x into k = ⌈log2 n⌉+1 equal-width
// bins between their minimum and maximum (Sturges 1926, "The choice of a
// class interval", JASA 21), the rule of the report's and the figures' CAR
// histograms. All-equal input gives one bin of width zero; no finite
// value gives nil.
func Histogram(x []float64) []Bin {
	v := make([]float64, 0, len(x))
	for _, f := range x {
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			v = append(v, f)
		}
	}
	if len(v) == 0 {
		return nil
	}
	sort.Float64s(v)
	lo, hi := v[0], v[len(v)-1]
	if hi == lo {
		return []Bin{{Lo: lo, Hi: hi, Count: len(v)}}
	}
	k := int(math.Ceil(math.Log2(float64(len(v))))) + 1
	w := (hi - lo) / float64(k)
	bins := make([]Bin, k)
	for i := range bins {
		bins[i].Lo = lo + float64(i)*w
		bins[i].Hi = lo + float64(i+1)*w
	}
	bins[k-1].Hi = hi // exact, no rounding drift
	for _, f := range v {
		bins[min(int((f-lo)/w), k-1)].Count++
	}
	return bins
}
