package grouptest

import (
	"math"
	"slices"
)

// CorradoRank is Corrado's (1989) rank test in the standardized-rank form
// that handles missing days, with the Cowan (1992) / Campbell & Wasley (1993)
// aggregation over a window (METHODOLOGY.md 6.7). u[i][t] is the
// standardized centred rank U_it = K_it/(T_i+1) - 1/2 of event i on
// relative-day column t of the pooled estimation ∪ event-window grid (NaN
// where missing; see StandardizedRanks); the tested window is columns
// c1..c2, L = c2-c1+1. With N_t the events valid on column t and T the
// number of columns with N_t ≥ 1:
//
//	D_t = Σ_i U_it / √N_t,  S_U = sqrt(Σ_t D_t² / T),
//	T_R = Σ_{τ=c1..c2} D_τ / (√L S_U)   ~ N(0,1),
//
// estimate = (1/L) Σ_τ Ū_τ with Ū_τ the mean U of day τ. Without missing
// data T_R equals Corrado's original statistic. T_R is NaN when S_U = 0 or
// a window day has no valid event.
func CorradoRank(u [][]float64, c1, c2 int) (estimate, stat, sU float64, T int) {
	cols := 0
	for _, r := range u {
		cols = max(cols, len(r))
	}
	a := newRankSums(cols)
	for _, r := range u {
		a.add(r)
	}
	return a.corrado(c1, c2)
}

// rankSums accumulates Σ_i U_it and N_t per column, one event at a time,
// so that no N × columns matrix of ranks is held. Adding the events in
// order gives each column's sum the additions, in the order, of a
// column-by-column pass: the same bits.
type rankSums struct {
	sum []float64
	cnt []int
}

func newRankSums(cols int) *rankSums {
	return &rankSums{sum: make([]float64, cols), cnt: make([]int, cols)}
}

// add adds one event's row of U (NaN where missing).
func (a *rankSums) add(r []float64) {
	for c, v := range r {
		if !math.IsNaN(v) {
			a.sum[c] += v
			a.cnt[c]++
		}
	}
}

// corrado is CorradoRank's statistic over the accumulated columns.
func (a *rankSums) corrado(c1, c2 int) (estimate, stat, sU float64, T int) {
	cols := len(a.sum)
	var ss, sumD, sumUbar float64
	missing := false
	for c := 0; c < cols; c++ {
		sum, k := a.sum[c], a.cnt[c]
		inWin := c >= c1 && c <= c2
		if k == 0 {
			if inWin {
				missing = true
			}
			continue
		}
		T++
		d := sum / math.Sqrt(float64(k))
		ss += d * d
		if inWin {
			sumD += d
			sumUbar += sum / float64(k)
		}
	}
	L := c2 - c1 + 1
	if T == 0 || missing || L <= 0 || c1 < 0 || c2 >= cols {
		return nan, nan, nan, T
	}
	sU = math.Sqrt(ss / float64(T))
	return sumUbar / float64(L), ratio(sumD, math.Sqrt(float64(L))*sU), sU, T
}

// GRank is the generalized rank test of Kolari & Pynnönen (2011) for a CAR
// window, METHODOLOGY.md 6.8. sar[i][t] is the estimation-day SAR of event i
// (ε̂_it/σ̂_i with the plain σ̂_i; NaN where missing) on relative-day column t,
// scar[i] its SCAR over the window. The SCARs are re-standardized by their
// cross-sectional sd (divisor N-1, not demeaned), SCAR*_i = SCAR_i/S_SCAR,
// and appended as one extra point "0"; with U_it the standardized centred
// ranks of each event's M_i+1 values, N_t the events with a value at point t
// (N_0 = N), Ū_t their mean and T the number of points:
//
//	S_Ū = sqrt((1/T) Σ_t (N_t/N) Ū_t²),  Z = Ū_0/S_Ū,
//	t_GRANK = Z sqrt((T-2)/(T-1-Z²))   ~ t_{T-2}.
//
// estimate = Ū_0. Needs N ≥ 2 and S_SCAR > 0; otherwise z and t are NaN.
func GRank(sar [][]float64, scar []float64) (ubar0, sUbar, z, t float64, T int) {
	n := len(scar)
	if n < 2 || len(sar) != n {
		return nan, nan, nan, nan, 0
	}
	_, sSCAR := meanSD(scar)
	if !(sSCAR > 0) {
		return nan, nan, nan, nan, 0
	}
	est := make([]sortedSAR, n)
	days := make([]int, n)
	for i, r := range sar {
		est[i], days[i] = estOrder(r, 1), len(r)
	}
	return grank(days, est, scar, sSCAR)
}

// grank is GRank over the sorted estimation values est[i] of events with
// days[i] estimation days, and the SCAR sd sSCAR > 0.
func grank(days []int, est []sortedSAR, scar []float64, sSCAR float64) (ubar0, sUbar, z, t float64, T int) {
	n := len(scar)
	cols := 0
	for _, d := range days {
		cols = max(cols, d)
	}
	tally := newRankTally(cols + 1)
	var dX [1]int
	xs := make([]orderKey, 0, 1)
	ds := make([]int, 0, cols+1)
	for i := range est {
		x := [1]float64{scar[i] / sSCAR}
		r, m := placeExtras(est[i], x[:], nil, dX[:], xs, ds)
		s := tally.slot(2 * (m + 1))
		addEstRanks(s, tally.cnt, est[i].pos[:days[i]], r, 1)
		if dX[0] >= 0 {
			s[cols] += int64(dX[0])
			tally.cnt[cols]++
		}
	}
	rs := tally.rankSums()
	sum, cnt := rs.sum, rs.cnt
	var ss float64
	fn := float64(n)
	for c := range sum {
		if cnt[c] == 0 {
			continue
		}
		T++
		ub := sum[c] / float64(cnt[c])
		ss += float64(cnt[c]) / fn * ub * ub
	}
	ubar0 = sum[cols] / fn
	sUbar = math.Sqrt(ss / float64(T))
	z = ratio(ubar0, sUbar)
	d := float64(T) - 1 - z*z
	if T > 2 && d > 0 {
		t = z * math.Sqrt(float64(T-2)/d)
	} else {
		t = nan
	}
	return ubar0, sUbar, z, t, T
}

// rankTally accumulates one event set's doubled midranks per column
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
type rankTally struct {
	dens []int     // distinct denominators, in the order first met
	sums [][]int64 // sums[k][c] = Σ d_ic over the events with dens[k]
	cnt  []int32   // N_t per column
}

func newRankTally(cols int) *rankTally {
	return &rankTally{cnt: make([]int32, cols)}
}

// slot returns the column sums of denominator den.
func (a *rankTally) slot(den int) []int64 {
	for k, d := range a.dens {
		if d == den {
			return a.sums[k]
		}
	}
	a.dens = append(a.dens, den)
	a.sums = append(a.sums, make([]int64, len(a.cnt)))
	return a.sums[len(a.sums)-1]
}

// addRow adds (sign +1) or takes away (-1) one event's doubled midranks d
// on the columns (-1 where missing) with denominator den.
func (a *rankTally) addRow(d []int32, den int, sign int) {
	s := a.slot(den)
	for c, x := range d {
		if x >= 0 {
			s[c] += int64(sign) * int64(x)
			a.cnt[c] += int32(sign)
		}
	}
}

// clone returns a copy of a.
func (a *rankTally) clone() *rankTally {
	b := &rankTally{dens: slices.Clone(a.dens), cnt: slices.Clone(a.cnt)}
	for _, s := range a.sums {
		b.sums = append(b.sums, slices.Clone(s))
	}
	return b
}

// rankSums converts the tally to Σ_i U_it per column. The denominators are
// taken in ascending order, so the bits do not depend on the order of the
// events.
func (a *rankTally) rankSums() *rankSums {
	order := make([]int, len(a.dens))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(x, y int) int { return a.dens[x] - a.dens[y] })
	r := newRankSums(len(a.cnt))
	for c, n := range a.cnt {
		var s float64
		for _, k := range order {
			s += float64(a.sums[k][c]) / float64(a.dens[k])
		}
		r.sum[c] = s - 0.5*float64(n)
		r.cnt[c] = int(n)
	}
	return r
}
