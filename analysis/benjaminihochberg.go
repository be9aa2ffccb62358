package analysis

import "math"

// BenjaminiHochberg returns the Benjamini & Hochberg (1995) step-up
// adjusted p-values of p ("q-values" in the sense of R's p.adjust(method
// = "BH")), in p's order (docs/methodology.md 6.17): with the m finite
// p-values sorted p_(1) ≤ … ≤ p_(m),
//
//	p̃_(i) = min_{j ≥ i} min(1, m p_(j) / j).
//
// Rejecting where p̃ ≤ q controls the false discovery rate at q for
// independent or positively dependent (PRDS) p-values. NaN p-values are
// outside the family, as in Holm. Source: Benjamini, Y. & Hochberg, Y.
// (1995), "Controlling the false discovery rate: a practical and powerful
// approach to multiple testing", JRSS B 57, 289–300.
func BenjaminiHochberg(p []float64) []float64 {
	out, idx := familyOrder(p)
	bhOrdered(out, p, idx)
	return out
}

// bhOrdered sets out[i] for the family's members idx, in ascending order
// of p (familyIndex).
func bhOrdered(out, p []float64, idx []int) {
	m := float64(len(idx))
	run := 1.0
	for j := len(idx) - 1; j >= 0; j-- {
		i := idx[j]
		run = math.Min(run, math.Min(1, m*p[i]/float64(j+1)))
		out[i] = run
	}
}
