package ranks

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// shiftTally is GRANK's tally of the events in (est[i] with extra x[i])
// made the AddOneShift way: AddOneBase of every event without ties, the
// base of those not in taken away, then AddOneShift, or AddOne where it
// declines.
func shiftTally(est []Sorted, in []bool, x []float64, col int) *Tally {
	a := NewTally(col + 1)
	for _, e := range est {
		if !e.ties {
			a.AddOneBase(e, 1)
		}
	}
	b := a.Clone() // the base is shared by windows: they start from a copy
	var p Pool
	for i, e := range est {
		switch {
		case !in[i]:
			if !e.ties {
				b.AddOneBase(e, -1)
			}
		case !b.AddOneShift(e, x[i], col):
			if !e.ties {
				b.AddOneBase(e, -1)
			}
			b.AddOne(e, x[i], col, &p)
		}
	}
	return b
}

// plainTally is the tally of AddOne for each event in.
func plainTally(est []Sorted, in []bool, x []float64, col int) *Tally {
	a := NewTally(col + 1)
	var p Pool
	for i, e := range est {
		if in[i] {
			a.AddOne(e, x[i], col, &p)
		}
	}
	return a
}

// sameSums reports whether two tallies' Sums are the same bits.
func sameSums(a, b *Tally) bool {
	sa, sb := a.Sums(), b.Sums()
	for c := range sa.Sum {
		if math.Float64bits(sa.Sum[c]) != math.Float64bits(sb.Sum[c]) || sa.Cnt[c] != sb.Cnt[c] {
			return false
		}
	}
	return len(sa.Sum) == len(sb.Sum)
}

// TestAddOneShift: the base-and-shift tally is AddOne's, bit for bit, for
// events complete or with missing days (the prefix side needs every day),
// with ties or without (AddOne's general path), extras below, among,
// tied with and above the values and NaN, and events left out of the set.
func TestAddOneShift(t *testing.T) {
	for _, tc := range []struct {
		name          string
		m             int     // estimation days
		missing, ties float64 // shares of NaN days, of events on a coarse grid
	}{
		{"complete", 250, 0, 0},
		{"missing days", 250, 0.02, 0},
		{"ties", 40, 0, 0.3},
		{"short, missing and ties", 12, 0.1, 0.3},
		{"one day", 1, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(tc.m), 7))
			for trial := 0; trial < 50; trial++ {
				n := 1 + rng.IntN(60)
				est := make([]Sorted, n)
				in := make([]bool, n)
				x := make([]float64, n)
				col := 0
				for i := range est {
					m := tc.m - rng.IntN(3)*min(tc.m/4, 1+rng.IntN(5)) // estimation windows cut short
					res := make([]float64, max(m, 1))
					coarse := rng.Float64() < tc.ties
					for j := range res {
						res[j] = rng.NormFloat64()
						if coarse {
							res[j] = float64(rng.IntN(5))
						}
						if rng.Float64() < tc.missing {
							res[j] = math.NaN()
						}
					}
					sigma := 0.5 + rng.Float64()
					est[i] = Order(res, sigma, nil)
					col = max(col, len(res))
					in[i] = rng.IntN(8) != 0
					switch rng.IntN(6) {
					case 0:
						x[i] = math.NaN()
					case 1: // a value's own: a tie with it
						if est[i].Len() > 0 {
							x[i] = est[i].value(rng.IntN(est[i].Len()))
						}
					case 2:
						x[i] = -1e3
					case 3:
						x[i] = 1e3
					default:
						x[i] = 2 * rng.NormFloat64()
					}
				}
				col += rng.IntN(3) // GRANK's column after the longest window of a larger set
				want, got := plainTally(est, in, x, col), shiftTally(est, in, x, col)
				if !sameSums(got, want) {
					t.Fatalf("trial %d: shifted tally %v, AddOne's %v", trial, fmt.Sprint(got.Sums()), fmt.Sprint(want.Sums()))
				}
			}
		})
	}
}
