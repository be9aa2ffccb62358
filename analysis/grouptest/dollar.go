package grouptest

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// The dollar value lost (docs/methodology.md 6.16). A dollar CAR D_i =
// CAR_i·M_i (M_i the market capitalization on day -1) has standard
// deviation σ_i·M_i: across firms whose caps span orders of magnitude the
// D_i are so heteroskedastic that the plain t on them (mean D / (s_D/√N))
// is not t-distributed — a few giants make both numerator and s_D (Saha &
// Ferrell 2011). Since Σ D_i = (Σ M_j)·VWCAAR with weights w_i = M_i/Σ M_j,
// the total dollar CAR is zero exactly when the value-weighted CAAR is, and
// both are tested through the weighted sum of the events' CARs with each
// event's own variance σ_i² = Var(CAR_i) (docs/methodology.md 4.2):
//
//	vw_caar: VWCAAR = Σ w_i CAR_i,  Z = VWCAAR / √(Σ w_i² σ_i²)  ~ N(0,1)
//	dollar:  estimate Σ D_i;  t = Z / s_u,  u_i = CAR_i/σ_i,
//	         s_u² = Σ(u_i - ū)²/(N-1)                            ~ t_{N-1}
//
// Z assumes the estimation-window variances hold in the event window;
// dollar's t rescales them by the cross-sectional variance of the
// standardized CARs, the correction Boehmer, Musumeci & Poulsen (1991)
// make for event-induced variance, so it stays valid when the event
// inflates every firm's variance by a common factor. The events are those
// of the window's set V with a market cap (M_i > 0); N < 2 leaves the
// statistic empty.

// dollarSet returns the market caps, CARs and CAR standard deviations of
// the events of V that have a market cap.
func (g *group) dollarSet() (mcap, car, sd []float64) {
	simple := g.cfg.CARVar == analysis.CARVarSimple
	for i, e := range g.v {
		if !(e.MCap > 0) || math.IsInf(e.MCap, 0) {
			continue
		}
		v := e.CARVariance(g.w, simple)
		if !(v > 0) || math.IsInf(v, 0) {
			continue
		}
		mcap = append(mcap, e.MCap)
		car = append(car, g.car[i])
		sd = append(sd, math.Sqrt(v))
	}
	return mcap, car, sd
}

// ValueWeighted returns the value-weighted CAAR Σ w_i CAR_i (w_i = M_i/ΣM)
// and its Z = VWCAAR/√(Σ w_i² σ_i²), and the standardized t of the dollar
// test (VWCAAR's Z over the sample standard deviation of CAR_i/σ_i; NaN
// for N < 2). mcap, car and sd have one entry per event.
func ValueWeighted(mcap, car, sd []float64) (vwcaar, z, t float64) {
	n := len(mcap)
	if n == 0 {
		return nan, nan, nan
	}
	total := 0.0
	for _, m := range mcap {
		total += m
	}
	var v float64
	u := make([]float64, n)
	for i := range mcap {
		w := mcap[i] / total
		vwcaar += w * car[i]
		v += w * w * sd[i] * sd[i]
		u[i] = car[i] / sd[i]
	}
	z = ratio(vwcaar, math.Sqrt(v))
	if n < 2 {
		return vwcaar, z, nan
	}
	_, su := MeanSD(u)
	return vwcaar, z, ratio(z, su)
}

func (g *group) vwCAAR() results.TestRow {
	mcap, car, sd := g.dollarSet()
	vw, z, _ := ValueWeighted(mcap, car, sd)
	r := row(len(mcap), vw)
	if len(mcap) < 2 {
		return r
	}
	return withNormal(r, z)
}

func (g *group) dollar() results.TestRow {
	mcap, car, sd := g.dollarSet()
	total := 0.0
	for i := range mcap {
		total += mcap[i] * car[i]
	}
	if len(mcap) == 0 {
		total = nan
	}
	_, _, t := ValueWeighted(mcap, car, sd)
	r := row(len(mcap), total)
	if len(mcap) < 2 {
		return r
	}
	return withT(r, t, len(mcap)-1)
}
