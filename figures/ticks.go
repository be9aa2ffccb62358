package figures

import (
	"math"
	"strconv"

	"gonum.org/v1/plot"
)

// percentTicks label an axis of fractions (the tables' unit) in percent,
// so that the plotted data stay the tables' numbers: a step of 1, 2, 2.5
// or 5 times a power of ten percent, at most seven steps.
type percentTicks struct{}

func (percentTicks) Ticks(lo, hi float64) []plot.Tick { return niceTicks{Scale: 100}.Ticks(lo, hi) }

// niceTicks label values times Scale (1 if zero).
type niceTicks struct{ Scale float64 }

func (n niceTicks) Ticks(lo, hi float64) []plot.Tick {
	sc := n.Scale
	if sc == 0 {
		sc = 1
	}
	span := sc * (hi - lo)
	if !(span > 0) || math.IsInf(span, 0) {
		return nil
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/5)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if span/(m*mag) <= 7 {
			step = m * mag
			break
		}
	}
	dec := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	if m := step / math.Pow(10, math.Floor(math.Log10(step)+1e-9)); math.Abs(m-2.5) < 1e-9 {
		dec++
	}
	var out []plot.Tick
	for k := math.Ceil(sc * lo / step); k*step <= sc*hi+1e-9*step; k++ {
		v := k * step
		if k == 0 {
			v = 0 // no "-0"
		}
		out = append(out, plot.Tick{Value: v / sc, Label: strconv.FormatFloat(v, 'f', dec, 64)})
	}
	return out
}

// intTicks mark whole numbers only (event days, ranks), at most about
// ten labelled.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	a, b := math.Ceil(lo), math.Floor(hi)
	if !(b >= a) {
		return nil
	}
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000} {
		step = s
		if (b-a)/s <= 10 {
			break
		}
	}
	var out []plot.Tick
	for v := math.Ceil(a/step) * step; v <= b; v += step {
		if v == 0 {
			v = 0 // no "-0"
		}
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
	}
	return out
}

// namedTicks label the whole numbers 0..len(names)-1 with names.
type namedTicks []string

func (n namedTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for i, s := range n {
		if v := float64(i); v >= lo && v <= hi {
			out = append(out, plot.Tick{Value: v, Label: s})
		}
	}
	return out
}
