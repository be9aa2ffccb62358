package ranks

import (
	"slices"
)

// Sums are Σ_i U_it and N_t per column, U_it = K_it/(T_i+1) - 1/2 the
// standardized centred ranks of the events summed: what the rank
// statistics (corrado, corrado_zivney, GRANK) are computed from.
type Sums struct {
	Sum []float64
	Cnt []int
}

// NewSums returns zero sums over cols columns.
func NewSums(cols int) *Sums {
	return &Sums{Sum: make([]float64, cols), Cnt: make([]int, cols)}
}

// Tally accumulates one event set's doubled midranks per column
// exactly, in integers, with one sum per rank denominator 2(T_i+1):
//
//	Σ_i U_it = Σ_den (Σ_{i: 2(T_i+1) = den} d_it)/den − N_t/2.
//
// Integer sums do not depend on the order in which events are added or
// taken away, so a window's sums can be had from every event's less the
// few its set lacks (corrado), and no division is made per rank: the
// rank tests' inner loops are an integer add per day. The statistics
// differ from sums of per-event U_it only by rounding (they are more
// exact).
type Tally struct {
	dens []int     // distinct denominators, in the order first met
	sums [][]int64 // sums[k][c] = Σ d_ic over the events with dens[k]
	cnt  []int32   // N_t per column
	// all[k] is yet to be added to sums[k]'s columns 0..dens[k]/2-3, the
	// days of AddOneShift's events that span all their days (flush).
	all []int64
}

func NewTally(cols int) *Tally {
	return &Tally{cnt: make([]int32, cols)}
}

// slot returns the column sums of denominator den.
func (a *Tally) slot(den int) []int64 { return a.sums[a.slotIndex(den)] }

// slotIndex returns the index of denominator den's sums.
func (a *Tally) slotIndex(den int) int {
	for k, d := range a.dens {
		if d == den {
			return k
		}
	}
	a.dens = append(a.dens, den)
	a.sums = append(a.sums, make([]int64, len(a.cnt)))
	return len(a.sums) - 1
}

// addAll notes v to add to columns 0..dens[k]/2-3 of sums[k].
func (a *Tally) addAll(k int, v int64) {
	for len(a.all) <= k {
		a.all = append(a.all, 0)
	}
	a.all[k] += v
}

// flush adds what addAll noted to the sums.
func (a *Tally) flush() {
	for k, v := range a.all {
		if v != 0 {
			s := a.sums[k][:a.dens[k]/2-2]
			for c := range s {
				s[c] += v
			}
			a.all[k] = 0
		}
	}
}

// Merge adds b's sums and counts to a's.
func (a *Tally) Merge(b *Tally) {
	a.flush()
	b.flush()
	for k, den := range b.dens {
		s := a.slot(den)
		for c, v := range b.sums[k] {
			s[c] += v
		}
	}
	for c, n := range b.cnt {
		a.cnt[c] += n
	}
}

// Clone returns a copy of a.
func (a *Tally) Clone() *Tally {
	a.flush()
	b := &Tally{dens: slices.Clone(a.dens), cnt: slices.Clone(a.cnt)}
	for _, s := range a.sums {
		b.sums = append(b.sums, slices.Clone(s))
	}
	return b
}

// Sums converts the tally to Σ_i U_it per column. The denominators are
// taken in ascending order, so the bits do not depend on the order of the
// events.
func (a *Tally) Sums() *Sums {
	a.flush()
	order := make([]int, len(a.dens))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(x, y int) int { return a.dens[x] - a.dens[y] })
	r := NewSums(len(a.cnt))
	for c, n := range a.cnt {
		var s float64
		for _, k := range order {
			s += float64(a.sums[k][c]) / float64(a.dens[k])
		}
		r.Sum[c] = s - 0.5*float64(n)
		r.Cnt[c] = int(n)
	}
	return r
}
