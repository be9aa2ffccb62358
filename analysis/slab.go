package analysis

import (
	"math"
	"sync"
)

// slab hands out consecutive pieces of one array. An estimate's
// event-window series and fitted coefficients are cut from one slab
// (newSlab): a study holds every estimate to its end, and a dozen
// allocations per event, each rounded up to its size class, were a
// tenth of the memory they hold. The residuals have their own array: a
// study releases them once the statistics that read them are made
// (study's releaseResiduals), about 2 KB an event.
type slab []float64

// newSlab is the array for an estimate of d's model with nEvt event
// days: the six event-window series, the spans, and θ with (X'X)⁻¹ for a
// model fitOLS fits.
func newSlab(d *design, nEvt int) slab {
	n := 6 * nEvt
	if d.in.Span != nil {
		n += nEvt
	}
	if d.spec.Estimated && d.spec.lagged == nil {
		p := d.k + 1
		n += p + p*p
	}
	return make(slab, n)
}

// take returns the next n values (zero), or a new array when fewer are
// left. Its capacity is n: an append never reaches the next piece.
func (s *slab) take(n int) []float64 {
	if n > len(*s) {
		return make([]float64, n)
	}
	v := (*s)[:n:n]
	*s = (*s)[n:]
	return v
}

// evtColumns turns the nEvt regressor rows x_τ in xrows (row-major, p
// values each) into EventEstimate.EvtX's p columns. A column equal bit for
// bit to all ones (the intercept without trade-to-trade spans) or to bench
// (the market model's regressor with simple returns) is that array: only
// the other columns are stored.
func evtColumns(xrows []float64, p, nEvt int, bench []float64) [][]float64 {
	cols := make([][]float64, p)
	var own []float64
	for c := range cols {
		if c == 0 && nEvt <= len(onesCol()) && columnEquals(xrows, p, c, onesCol()) {
			cols[c] = onesCol()[:nEvt:nEvt]
			continue
		}
		if len(bench) == nEvt && columnEquals(xrows, p, c, bench) {
			cols[c] = bench
			continue
		}
		if own == nil {
			own = make([]float64, p*nEvt)
		}
		col := own[c*nEvt : (c+1)*nEvt : (c+1)*nEvt]
		for j := range col {
			col[j] = xrows[j*p+c]
		}
		cols[c] = col
	}
	return cols
}

// columnEquals reports whether column c of the rows in xrows (p values
// each) holds the same bits as the first rows values of want.
func columnEquals(xrows []float64, p, c int, want []float64) bool {
	for j := 0; j*p < len(xrows); j++ {
		if math.Float64bits(xrows[j*p+c]) != math.Float64bits(want[j]) {
			return false
		}
	}
	return true
}

// onesCol is the intercept column every estimate without spans shares;
// nothing writes to EvtX.
var onesCol = sync.OnceValue(func() []float64 {
	ones := make([]float64, 512)
	for i := range ones {
		ones[i] = 1
	}
	return ones
})
