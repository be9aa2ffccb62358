package analysis

import "math"

// Normal-volume models (--volume-model).
const (
	VolumeMean   = "mean"   // mean-adjusted over the estimation window (default)
	VolumeMarket = "market" // market model on the market's log volume
)

// LogVolume is the daily log volume of docs/methodology.md 13,
//
//	v_t = ln(1 + volume_t)
//
// (Ajinkya & Jain 1989: raw volume is strongly right-skewed, its log is
// close to normal; the 1 keeps zero-volume days defined, Campbell &
// Wasley 1996). NaN for a missing or negative volume.
func LogVolume(volume float64) float64 {
	if !(volume >= 0) || math.IsInf(volume, 0) {
		return nan
	}
	return math.Log1p(volume)
}

// VolumeEstimate is one event's abnormal log volume (docs/methodology.md
// 13; Campbell & Wasley 1996): the normal-volume model fitted on the
// estimation window of the event's return estimate, and per event-window
// day AV_t = v_t - (α + β v_mt) (β = 0 for the mean-adjusted model).
type VolumeEstimate struct {
	Model       string
	Alpha, Beta float64
	SD          float64 // sd of the estimation-window residuals, SSE/DF
	M, DF       int     // valid estimation days; M-1 (mean) or M-2 (market)
	EstWindow   Window
	EvtWindow   Window
	Residual    []float64 // estimation-window AV, NaN where missing (nil after KeepRanks)
	AV          []float64 // event-window AV, NaN where missing

	ranked bool      // KeepRanks ran: ranks and rankM replace Residual
	ranks  []float64 // VolumeDayRanks' counts
	rankM  int       // and residual count
}

// KeepRanks computes ve's VolumeDayRanks and releases the estimation
// residuals, the only other thing they serve: av_rank then reads the kept
// counts. A 10,000-event study holds 2 KB of residuals per event from the
// estimates to the volume tests; without them the live heap of the group
// tests is 20 MB smaller and the collector runs less often under the
// memory budget (bench/README, twelfth round).
func (ve *VolumeEstimate) KeepRanks() {
	if ve == nil || ve.ranked {
		return
	}
	ve.ranks, ve.rankM = VolumeDayRanks(ve)
	ve.Residual, ve.ranked = nil, true
}

// EstimateVolume fits the normal-volume model of e's windows to the log
// volumes v (by calendar position; NaN = missing) and, for the market
// model, the market's log volumes mv (nil: mean-adjusted). nil when fewer
// than 3 estimation days have volume (no variance) or the model cannot be
// fitted (the market's volume constant).
func EstimateVolume(e *EventEstimate, v, mv func(cal int) float64) *VolumeEstimate {
	if e == nil || len(e.EstCal) == 0 {
		return nil
	}
	ve := &VolumeEstimate{Model: VolumeMean, EstWindow: e.EstWindow, EvtWindow: e.EvtWindow}
	if mv != nil {
		ve.Model = VolumeMarket
	}
	// Each day's log volume is read once (a lookup and a log each) into
	// what becomes the residuals.
	ys := make([]float64, len(e.EstCal))
	var xs []float64
	if mv != nil {
		xs = make([]float64, len(e.EstCal))
	}
	var sx, sy, sxx, sxy float64
	for i, c := range e.EstCal {
		y, x := nan, 0.0
		if c >= 0 {
			y = v(c)
			if mv != nil {
				x = mv(c)
			}
		}
		ys[i] = y
		if xs != nil {
			xs[i] = x
		}
		if math.IsNaN(y) || math.IsNaN(x) {
			continue
		}
		ve.M++
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	params := 1
	if mv != nil {
		params = 2
	}
	if ve.M < params+2 {
		return nil
	}
	m := float64(ve.M)
	ve.Alpha = sy / m
	if mv != nil {
		sdx := sxx - sx*sx/m
		if !(sdx > 0) {
			return nil
		}
		ve.Beta = (sxy - sx*sy/m) / sdx
		ve.Alpha = (sy - ve.Beta*sx) / m
	}
	ve.DF = ve.M - params
	for i, y := range ys {
		x := 0.0
		if xs != nil {
			x = xs[i]
		}
		ys[i] = y - ve.Alpha - ve.Beta*x
	}
	ve.Residual = ys
	var sse float64
	for _, r := range ve.Residual {
		if !math.IsNaN(r) {
			sse += r * r
		}
	}
	ve.SD = math.Sqrt(sse / float64(ve.DF))
	ve.AV = ve.residuals(e.EvtCal, v, mv)
	return ve
}

// residuals are v - (α + β mv) on the calendar positions cal.
func (ve *VolumeEstimate) residuals(cal []int, v, mv func(int) float64) []float64 {
	out := make([]float64, len(cal))
	for i, c := range cal {
		if c < 0 {
			out[i] = nan
			continue
		}
		x := 0.0
		if mv != nil {
			x = mv(c)
		}
		out[i] = v(c) - ve.Alpha - ve.Beta*x
	}
	return out
}

// VolumeTest is the single-event test of one window (volume.csv).
type VolumeTest struct {
	Window        Window
	CAV, SE, T, P float64
	DF, NDays     int
	Valid         bool // CAV computed (every window day has volume)
}

// CAVTest is the cumulative abnormal log volume over w and its t
// (docs/methodology.md 13.2):
//
//	CAV = Σ_{t=t1..t2} AV_t,  SE = s_AV √L,  t = CAV/SE ~ t_DF
//
// with s_AV the estimation-window residual sd. CAV is NaN when a window
// day has no volume (no zero filling) or w is outside the event window.
func (ve *VolumeEstimate) CAVTest(w Window) VolumeTest {
	t := VolumeTest{Window: w, CAV: nan, SE: nan, T: nan, P: nan}
	if ve == nil || w.T1 > w.T2 || !ve.EvtWindow.Contains(w) {
		return t
	}
	a, b := w.T1-ve.EvtWindow.T1, w.T2-ve.EvtWindow.T1
	if b >= len(ve.AV) {
		return t
	}
	var cav float64
	for j := a; j <= b; j++ {
		if !math.IsNaN(ve.AV[j]) {
			cav += ve.AV[j]
			t.NDays++
		}
	}
	t.DF = ve.DF
	if t.NDays < w.Len() {
		return t
	}
	t.Valid, t.CAV = true, cav
	t.SE = ve.SD * math.Sqrt(float64(w.Len()))
	t.T = cav / t.SE
	t.P, _, _ = PValues(t.T, DistT, float64(t.DF))
	return t
}

// AsEstimate is ve dressed as an event estimate of e whose abnormal
// returns are the abnormal log volumes, so grouptest's cs_t runs on CAV
// unchanged (av_cs_t, docs/methodology.md 13.3); nil when ve has no
// variance.
func (ve *VolumeEstimate) AsEstimate(e *EventEstimate) *EventEstimate {
	if ve == nil || !(ve.SD > 0) {
		return nil
	}
	sar := make([]float64, len(ve.AV))
	h := make([]float64, len(ve.AV))
	for i, a := range ve.AV {
		sar[i] = a / ve.SD
		h[i] = 1 / float64(ve.M)
	}
	return &EventEstimate{ID: e.ID, Firm: e.Firm, Stage: e.Stage, Order: e.Order, Day0: e.Day0,
		Fit:       &Fit{Model: ModelMean, Theta: []float64{ve.Alpha}, Sigma2: ve.SD * ve.SD, DF: ve.DF, M: ve.M, R2: nan},
		EstWindow: ve.EstWindow, EvtWindow: ve.EvtWindow,
		EstCal: e.EstCal, Residual: ve.Residual,
		EvtCal: e.EvtCal, Ret: ve.AV, NormalRet: make([]float64, len(ve.AV)), AR: ve.AV, SAR: sar, H: h}
}
