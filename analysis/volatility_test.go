package analysis

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

// TestVolatilityTMUS2021 checks SAR²(0), Beaver's U(0,1), its F test and
// the variance ratio of T-Mobile's August 2021 breach (day 0 = 2021-08-16,
// market model on GSPC, estimation -260,-11) against plain loops over the
// bundled prices: β, α, σ² by the closed forms, h_τ = 1/M + (x_τ-x̄)²/Sxx,
// and the F(L, df) distribution function through the regularized
// incomplete beta function, I_{Lu/(Lu+df)}(L/2, df/2).
func TestVolatilityTMUS2021(t *testing.T) {
	gspc, tmus, dates, day0 := tmus2021(t)
	ret := func(p map[string]float64, tau int) float64 {
		return p[dates[day0+tau]]/p[dates[day0+tau-1]] - 1
	}
	cfg := DefaultConfig()
	in := &EventInput{ID: "tmus-2021", Firm: "TMUS", Day0: day0, X: [][]float64{nil}}
	for tau := cfg.Estimation.T1; tau <= cfg.EventWindow.T2; tau++ {
		in.Cal = append(in.Cal, day0+tau)
		in.R = append(in.R, ret(tmus, tau))
		in.X[0] = append(in.X[0], ret(gspc, tau))
	}
	e, reason := Estimate(in, cfg)
	if reason != "" {
		t.Fatalf("reason %q", reason)
	}

	// By hand.
	var mx, my, M float64
	for tau := -260; tau <= -11; tau++ {
		mx += ret(gspc, tau)
		my += ret(tmus, tau)
		M++
	}
	mx, my = mx/M, my/M
	var sxx, sxy float64
	for tau := -260; tau <= -11; tau++ {
		sxx += (ret(gspc, tau) - mx) * (ret(gspc, tau) - mx)
		sxy += (ret(gspc, tau) - mx) * (ret(tmus, tau) - my)
	}
	beta := sxy / sxx
	alpha := my - beta*mx
	var sse float64
	for tau := -260; tau <= -11; tau++ {
		u := ret(tmus, tau) - alpha - beta*ret(gspc, tau)
		sse += u * u
	}
	df := M - 2
	sigma2 := sse / df
	ar := func(tau int) float64 { return ret(tmus, tau) - alpha - beta*ret(gspc, tau) }
	sar2 := func(tau int) float64 {
		d := ret(gspc, tau) - mx
		return ar(tau) * ar(tau) / (sigma2 * (1 + 1/M + d*d/sxx))
	}
	u01 := (sar2(0) + sar2(1)) / 2
	x := 2 * u01 / (2*u01 + df)
	cdf := mathext.RegIncBeta(1, df/2, x) // F(2, df) at u01
	p := 2 * math.Min(cdf, 1-cdf)
	vr := (ar(0)*ar(0) + ar(1)*ar(1)) / 2 / sigma2

	const tol = 1e-10
	day := 0 - cfg.EventWindow.T1
	checkRel(t, "SAR²(0)", e.SAR2()[day], sar2(0), tol)
	v := Volatility(e, Window{0, 1})
	if !v.Valid || v.NDays != 2 || v.DF != 248 {
		t.Fatalf("U(0,1): valid %v n_days %d df %d", v.Valid, v.NDays, v.DF)
	}
	checkRel(t, "U(0,1)", v.U, u01, tol)
	checkRel(t, "stat", v.Stat, u01, tol)
	checkRel(t, "p", v.P, p, 1e-8)
	checkRel(t, "variance ratio", v.VarianceRatio, vr, tol)
	t.Logf("TMUS 2021-08-16: SAR²(0) %.6g U(0,1) %.6g F(2,%v) p %.6g variance ratio %.6g",
		sar2(0), u01, df, p, vr)
}

// TestVolatilityBadInput: a missing AR blanks the window, a missing fit
// or a window outside the event window gives an invalid row, never a
// panic.
func TestVolatilityBadInput(t *testing.T) {
	if v := Volatility(nil, Window{0, 0}); v.Valid || !math.IsNaN(v.U) {
		t.Errorf("nil estimate: %+v", v)
	}
	e := &EventEstimate{Fit: &Fit{Sigma2: 1, DF: 100}, EvtWindow: Window{-1, 1},
		AR: []float64{0.1, nan, 0.2}, SAR: []float64{0.1, nan, 0.2}}
	if v := Volatility(e, Window{-1, 1}); v.Valid || v.NDays != 2 || !math.IsNaN(v.P) {
		t.Errorf("missing AR: %+v", v)
	}
	if v := Volatility(e, Window{1, 1}); !v.Valid || math.Abs(v.U-0.04) > 1e-15 {
		t.Errorf("U(1,1): %+v", v)
	}
	if v := Volatility(e, Window{-5, 5}); v.Valid {
		t.Errorf("window outside: %+v", v)
	}
	e.Fit.Sigma2 = 0
	if v := Volatility(e, Window{1, 1}); v.Valid {
		t.Errorf("σ² = 0: %+v", v)
	}
}
