package analysis

import (
	"cmp"
	"math"
	"slices"
)

// VolumeRankTest is av_rank, the rank test of abnormal log volume
// (docs/methodology.md 13.3): Corrado's (1989) rank test as Campbell &
// Wasley (1996) apply it to volume, with the window sum's variance taken
// from the estimation window's own L-day sums, because log volume is
// autocorrelated (Cowan's 1992 √L·S_U assumes independent days and
// rejected 11 % and 16 % of true nulls over (0,1) and (-1,1) in the
// simulation of docs/validation.md).
//
// Each event's estimation residuals and event-window AVs (missing days
// left out) are ranked together, K_it with midranks, U_it = K_it/(n_i+1)
// - 1/2. On the relative-day grid, D_t = Σ_i U_it / √N_t over the N_t
// events valid on day t. For window w of L days,
//
//	T = Σ_{t∈w} D_t / √V_L,  V_L = (1/B) Σ_b (Σ_{t=b..b+L-1} D_t)²
//
// over the B blocks of L consecutive estimation-window days (all with
// events), T ~ N(0,1). For L = 1, V_1 is Corrado's S_U² over the
// estimation days. estimate is the mean Ū_t over the window; n the events
// valid on every window day. stat is NaN for n < 2, a window day without
// events, or V_L = 0.
func VolumeRankTest(ves []*VolumeEstimate, w Window) (n int, estimate, stat float64) {
	return NewVolumeRanks(ves).Test(w)
}

// VolumeRanks are the column sums of U_it of a set of events, ranked
// once for every window (VolumeRankTest).
type VolumeRanks struct {
	ves                  []*VolumeEstimate
	lo, hi, estLo, estHi int
	sum                  []float64
	cnt                  []int
}

// NewVolumeRanks ranks every event of ves.
func NewVolumeRanks(ves []*VolumeEstimate) *VolumeRanks {
	r := &VolumeRanks{ves: ves, lo: math.MaxInt, hi: math.MinInt, estLo: math.MaxInt, estHi: math.MinInt}
	for _, ve := range ves {
		if ve != nil {
			r.lo, r.hi = min(r.lo, ve.EstWindow.T1, ve.EvtWindow.T1), max(r.hi, ve.EstWindow.T2, ve.EvtWindow.T2)
			r.estLo, r.estHi = min(r.estLo, ve.EstWindow.T1), max(r.estHi, ve.EstWindow.T2)
		}
	}
	if r.lo > r.hi {
		return r
	}
	r.sum, r.cnt = make([]float64, r.hi-r.lo+1), make([]int, r.hi-r.lo+1)
	for _, ve := range ves {
		if ve != nil {
			ve.addRanks(r.sum, r.cnt, r.lo)
		}
	}
	return r
}

// Test is VolumeRankTest of window w.
func (r *VolumeRanks) Test(w Window) (n int, estimate, stat float64) {
	lo, hi, estLo, estHi, sum, cnt := r.lo, r.hi, r.estLo, r.estHi, r.sum, r.cnt
	if lo > hi || w.T1 < lo || w.T2 > hi || w.T1 > w.T2 {
		return 0, nan, nan
	}
	for _, ve := range r.ves {
		if ve == nil {
			continue
		}
		inWin := true
		for t := w.T1; t <= w.T2; t++ {
			j := t - ve.EvtWindow.T1
			if j < 0 || j >= len(ve.AV) || math.IsNaN(ve.AV[j]) {
				inWin = false
			}
		}
		if inWin {
			n++
		}
	}
	d := make([]float64, len(sum))
	var ubar float64
	for t := w.T1; t <= w.T2; t++ {
		c := t - lo
		if cnt[c] == 0 {
			return n, nan, nan
		}
		d[c] = sum[c] / math.Sqrt(float64(cnt[c]))
		ubar += sum[c] / float64(cnt[c])
	}
	L := w.Len()
	estimate = ubar / float64(L)
	if n < 2 {
		return n, estimate, nan
	}
	var v float64
	blocks := 0
	for b := estLo; b+L-1 <= estHi; b++ {
		s, ok := 0.0, true
		for t := b; t < b+L; t++ {
			if cnt[t-lo] == 0 {
				ok = false
				break
			}
			s += sum[t-lo] / math.Sqrt(float64(cnt[t-lo]))
		}
		if ok {
			v += s * s
			blocks++
		}
	}
	if blocks == 0 || v == 0 {
		return n, estimate, nan
	}
	var sw float64
	for t := w.T1; t <= w.T2; t++ {
		sw += d[t-lo]
	}
	return n, estimate, sw / math.Sqrt(v/float64(blocks))
}

// addRanks adds the event's U_it to the grid's column sums and counts.
func (ve *VolumeEstimate) addRanks(sum []float64, cnt []int, lo int) {
	type obs struct {
		v   float64
		day int
	}
	all := make([]obs, 0, len(ve.Residual)+len(ve.AV))
	for i, r := range ve.Residual {
		if !math.IsNaN(r) {
			all = append(all, obs{r, ve.EstWindow.T1 + i})
		}
	}
	for j, a := range ve.AV {
		if !math.IsNaN(a) {
			all = append(all, obs{a, ve.EvtWindow.T1 + j})
		}
	}
	slices.SortFunc(all, func(a, b obs) int { return cmp.Compare(a.v, b.v) })
	m := float64(len(all))
	for i := 0; i < len(all); {
		k := i
		for k+1 < len(all) && all[k+1].v == all[i].v {
			k++
		}
		rank := float64(i+k)/2 + 1 // midrank of i..k
		for j := i; j <= k; j++ {
			c := all[j].day - lo
			if c >= 0 && c < len(sum) {
				sum[c] += rank/(m+1) - 0.5
				cnt[c]++
			}
		}
		i = k + 1
	}
}
