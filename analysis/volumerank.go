package analysis

import (
	"cmp"
	"math"
	"slices"
)

// VolumeRankTest is av_rank, the rank test of abnormal log volume
// (docs/methodology.md 13.3): per event a Mann–Whitney (1947) rank
// statistic of the window's AVs against the event's own estimation
// residuals, standardized, and the cross-sectional t of those z_i, as
// BMP (1991) and GRANK-T (Kolari & Pynnönen 2011) standardize and as
// avol_rank does for squared SARs.
//
// For event i with the L window AVs all present and M_i estimation
// residuals ε̂_it,
//
//	U_i = Σ_{τ∈w} Σ_t [1(AV_iτ > ε̂_it) + ½·1(AV_iτ = ε̂_it)],
//	z_i = (U_i - L·M_i/2) / sqrt(L·M_i(M_i+L+1)/12),
//	t = z̄ / (s_z/√N) ~ t(N-1),  s_z² = Σ(z_i - z̄)²/(N-1).
//
// Why the cross-sectional s_z and not a variance of the ranks over time:
// log volume is autocorrelated, so the L ranks of one window are
// positively dependent and any variance built from independent days
// (Cowan's √L·S_U, the Mann–Whitney variance) or from the estimation
// window's own L-day sums understates Var(z_i); the events are
// independent, so the spread of the z_i across events measures it
// whatever the autocorrelation (the block-sum version rejected 7.0 % of
// true nulls over (0,5), docs/validation.md). estimate is the mean
// U_i/(L·M_i), the probability that a window day's abnormal log volume
// exceeds an estimation day's (½ under the null). n counts the events
// with every window day; stat is NaN for n < 2 or s_z = 0.
func VolumeRankTest(ves []*VolumeEstimate, w Window) (n int, estimate, stat float64) {
	return NewVolumeRanks(ves).Test(w)
}

// VolumeRanks are, per event of a set and per event-window day, the
// Mann–Whitney count of the day's AV among the event's estimation
// residuals, made once for every window (VolumeRankTest): a window's U_i
// is the sum over its days.
type VolumeRanks struct {
	ves  []*VolumeEstimate
	days [][]float64 // per event and event-window day: #{ε̂ < AV} + ½·#{ε̂ = AV}
	m    []int       // per event, the valid estimation residuals M_i
}

// NewVolumeRanks counts every event's days (VolumeDayRanks).
func NewVolumeRanks(ves []*VolumeEstimate) *VolumeRanks {
	days, m := make([][]float64, len(ves)), make([]int, len(ves))
	for i, ve := range ves {
		days[i], m[i] = VolumeDayRanks(ve)
	}
	return VolumeRanksOf(ves, days, m)
}

// VolumeRanksOf is NewVolumeRanks with days[i], m[i] =
// VolumeDayRanks(ves[i]) made by the caller (on every core: sorting the
// residuals is most of the cost).
func VolumeRanksOf(ves []*VolumeEstimate, days [][]float64, m []int) *VolumeRanks {
	return &VolumeRanks{ves: ves, days: days, m: m}
}

// VolumeDayRanks are ve's per-event-window-day Mann–Whitney counts
// #{ε̂ < AV} + ½·#{ε̂ = AV} against its valid estimation residuals, and how
// many those are (nil, 0 for a nil ve); a missing AV counts 0.
//
// The L window days are sorted, not the M residuals: each residual finds
// by binary search the first day above it (a difference array, summed
// once) and the days equal to it, M·log L steps instead of an M log M
// sort (L = 21, M ≈ 250 on the benchmark: half the time). After
// ve.KeepRanks they are the kept counts.
func VolumeDayRanks(ve *VolumeEstimate) ([]float64, int) {
	if ve == nil {
		return nil, 0
	}
	if ve.ranked {
		return ve.ranks, ve.rankM
	}
	days := make([]float64, len(ve.AV))
	ord := make([]int, 0, len(ve.AV)) // the days with an AV, ascending
	for j, a := range ve.AV {
		if !math.IsNaN(a) {
			ord = append(ord, j)
		}
	}
	slices.SortFunc(ord, func(i, j int) int { return cmp.Compare(ve.AV[i], ve.AV[j]) })
	xs := make([]float64, len(ord))
	for k, j := range ord {
		xs[k] = ve.AV[j]
	}
	above := make([]int, len(xs)+1) // above[k]: residuals below xs[k] but not xs[k-1]
	eq := make([]int, len(xs))
	m := 0
	for _, e := range ve.Residual {
		if math.IsNaN(e) {
			continue
		}
		m++
		lo, hi := 0, len(xs) // the first k with xs[k] > e
		for lo < hi {
			if h := int(uint(lo+hi) >> 1); xs[h] > e {
				hi = h
			} else {
				lo = h + 1
			}
		}
		above[lo]++
		for k := lo - 1; k >= 0 && xs[k] == e; k-- {
			eq[k]++
		}
	}
	below := 0
	for k, j := range ord {
		below += above[k]
		days[j] = float64(below) + 0.5*float64(eq[k])
	}
	return days, m
}

// Test is VolumeRankTest of window w: the events with every day of w,
// the mean U_i/(L·M_i) and the t statistic on n-1 df.
func (r *VolumeRanks) Test(w Window) (n int, estimate, stat float64) {
	if w.T1 > w.T2 {
		return 0, nan, nan
	}
	var sumP float64
	var zs []float64
	L := float64(w.Len())
	for i, ve := range r.ves {
		if _, ok := windowAV(ve, w); !ok || r.m[i] == 0 {
			continue
		}
		M := float64(r.m[i])
		a := w.T1 - ve.EvtWindow.T1
		var u float64
		for _, c := range r.days[i][a : a+w.Len()] {
			u += c
		}
		z := (u - L*M/2) / math.Sqrt(L*M*(M+L+1)/12)
		sumP += u / (L * M)
		zs = append(zs, z)
	}
	n = len(zs)
	if n == 0 {
		return 0, nan, nan
	}
	nf := float64(n)
	estimate = sumP / nf
	if n < 2 {
		return n, estimate, nan
	}
	var mean, v float64
	for _, z := range zs {
		mean += z / nf
	}
	for _, z := range zs {
		v += (z - mean) * (z - mean) / (nf - 1)
	}
	if !(v > 0) {
		return n, estimate, nan
	}
	return n, estimate, mean / math.Sqrt(v/nf)
}

// windowAV is the event's AVs over w; false when a day is missing or
// outside the event window.
func windowAV(ve *VolumeEstimate, w Window) ([]float64, bool) {
	if ve == nil {
		return nil, false
	}
	a, b := w.T1-ve.EvtWindow.T1, w.T2-ve.EvtWindow.T1
	if a < 0 || b >= len(ve.AV) {
		return nil, false
	}
	av := ve.AV[a : b+1]
	for _, x := range av {
		if math.IsNaN(x) {
			return nil, false
		}
	}
	return av, true
}
