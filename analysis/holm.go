package analysis

import (
	"math"
	"slices"
)

// Holm returns Holm's (1979) step-down adjusted p-values of p, in p's
// order (docs/methodology.md 6.17): with the m finite p-values sorted
// p_(1) ≤ … ≤ p_(m),
//
//	p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)).
//
// Rejecting where p̃ < α controls the family-wise error rate at α under
// any dependence. A NaN p (a test without a p-value) is not a member of
// the family: its adjusted value is NaN and it does not count in m.
// Ties keep their input order, as R's p.adjust(method = "holm") does.
// Source: Holm, S. (1979), "A simple sequentially rejective multiple test
// procedure", Scandinavian Journal of Statistics 6, 65–70.
func Holm(p []float64) []float64 {
	out, idx := familyOrder(p)
	holmOrdered(out, p, idx)
	return out
}

// holmOrdered sets out[i] for the family's members idx, in ascending
// order of p (familyIndex).
func holmOrdered(out, p []float64, idx []int) {
	m := float64(len(idx))
	run := 0.0
	for j, i := range idx {
		run = math.Max(run, math.Min(1, (m-float64(j))*p[i]))
		out[i] = run
	}
}

// HolmBH sets holm and bh (each the length of p) to Holm(p) and
// BenjaminiHochberg(p), ordering the family once, with idx as scratch
// (returned for the next call): stages.csv adjusts 100,000 families of
// a few p-values each, and the two functions' slices were 60 MB of
// garbage at that scale.
func HolmBH(holm, bh, p []float64, idx []int) []int {
	idx = familyIndex(idx[:0], p)
	for i := range p {
		holm[i], bh[i] = nan, nan
	}
	holmOrdered(holm, p, idx)
	bhOrdered(bh, p, idx)
	return idx
}

// familyOrder returns a slice of NaN the length of p and the indices of
// p's non-NaN values in ascending order of value (stable).
func familyOrder(p []float64) (out []float64, idx []int) {
	out = make([]float64, len(p))
	for i := range p {
		out[i] = math.NaN()
	}
	return out, familyIndex(nil, p)
}

// familyIndex appends to idx the indices of p's non-NaN values in
// ascending order of value (stable).
func familyIndex(idx []int, p []float64) []int {
	for i, v := range p {
		if !math.IsNaN(v) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case p[a] < p[b]:
			return -1
		case p[a] > p[b]:
			return 1
		}
		return 0
	})
	return idx
}
