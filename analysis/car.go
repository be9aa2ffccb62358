package analysis

import "math"

// span returns the event-slice indices [a, b] of window w, and false when w
// does not lie inside the event window.
func (e *EventEstimate) span(w Window) (a, b int, ok bool) {
	if w.T1 > w.T2 || !e.EvtWindow.Contains(w) {
		return 0, 0, false
	}
	a = w.T1 - e.EvtWindow.T1
	b = w.T2 - e.EvtWindow.T1
	if b >= len(e.AR) {
		return 0, 0, false
	}
	return a, b, true
}

// CAR is the cumulative abnormal return over w (docs/methodology.md 4.1),
//
//	CAR(t1,t2) = Σ_{τ=t1..t2} AR_τ,
//
// and nDays the number of window days with a valid AR. car is NaN when a
// day is missing (nDays < w.Len(): no zero filling, 1.3) or w is not
// inside the event window.
func (e *EventEstimate) CAR(w Window) (car float64, nDays int) {
	a, b, ok := e.span(w)
	if !ok {
		return nan, 0
	}
	for j := a; j <= b; j++ {
		if finite(e.AR[j]) {
			car += e.AR[j]
			nDays++
		}
	}
	if nDays < w.Len() {
		return nan, nDays
	}
	return car, nDays
}

// CARVariance is the variance of CAR over w (docs/methodology.md 4.2).
//
// Exact (simple = false; CLM 1997 §4.4.3, MacKinlay 1997): γ'Vγ with
// V = σ²(I + X*(X'X)⁻¹X*'), i.e. σ²(L + s'(X'X)⁻¹s) where s is the sum of
// the event-window regressor rows x_τ over w. For the market model this is
// σ²[L + L²/M + (Σ(R_mτ - R̄_m))²/S_mm], for the mean model σ²(L + L²/M),
// for market-adjusted Lσ² (no estimated parameters). Summing the daily
// σ²(1+h_τ) instead would drop the covariances the shared estimates create.
//
// Simple (simple = true; MacKinlay 1997, asymptotic): Lσ².
//
// Conditional (garch, egarch: CondVar set; methodology 3.7): Σ σ²_τ over
// w, with either option; the estimation error of the parameters is
// ignored, as in Savickas (2003).
//
// NaN when w is not inside the event window or a regressor row is missing.
func (e *EventEstimate) CARVariance(w Window, simple bool) float64 {
	a, b, ok := e.span(w)
	if !ok || e.Fit == nil {
		return nan
	}
	if e.CondVar != nil {
		v := 0.0
		for j := a; j <= b; j++ {
			v += e.CondVar[j]
		}
		return v
	}
	L := float64(w.Len())
	if e.Span != nil { // trade-to-trade: Var(ε_τ) = n_τ σ² (15.1)
		L = 0
		for j := a; j <= b; j++ {
			L += e.Span[j]
		}
	}
	s2 := e.Fit.Sigma2
	if simple || e.EvtX == nil || e.Fit.XtXInv == nil {
		return L * s2
	}
	p := len(e.Fit.XtXInv)
	if len(e.EvtX) != p {
		return nan
	}
	var buf [8]float64 // up to seven factors: no allocation per call
	s := buf[:0]
	if p <= len(buf) {
		s = buf[:p]
	} else {
		s = make([]float64, p)
	}
	for c, col := range e.EvtX {
		if b >= len(col) {
			return nan
		}
		for _, v := range col[a : b+1] {
			s[c] += v
		}
	}
	var q float64 // s'(X'X)⁻¹s
	for r := 0; r < p; r++ {
		for c := 0; c < p; c++ {
			q += s[r] * e.Fit.XtXInv[r][c] * s[c]
		}
	}
	return s2 * (L + q)
}

// SCAR is the standardized CAR, CAR / √CARVariance (docs/methodology.md 5); it is
// t_df distributed under H0 with iid normal errors and the exact variance.
// NaN when the window is incomplete.
func (e *EventEstimate) SCAR(w Window, simple bool) float64 {
	car, _ := e.CAR(w)
	return car / math.Sqrt(e.CARVariance(w, simple))
}

// BHAR is the buy-and-hold abnormal return over w (docs/methodology.md 4.4,
// Lyon, Barber & Tsai 1999):
//
//	BHAR(t1,t2) = Π(1+R_τ) - Π(1+B_τ)
//
// with B the market return (benchmark "market" or "") or the model's normal
// return ("model"). BHAR is defined on simple returns: when the study used
// log returns, each r is converted back by R = exp(r)-1. NaN when any
// return of the window is missing (no zero filling), w is outside the
// event window or the benchmark is unknown.
func (e *EventEstimate) BHAR(w Window, benchmark Benchmark) float64 {
	a, b, ok := e.span(w)
	if !ok {
		return nan
	}
	var bench []float64
	switch benchmark {
	case BenchmarkMarket, "":
		bench = e.Bench
	case BenchmarkModel:
		bench = e.NormalRet
	default:
		return nan
	}
	pr, pb := 1.0, 1.0
	for j := a; j <= b; j++ {
		r, m := value(e.Ret, j), value(bench, j)
		if !finite(r) || !finite(m) {
			return nan
		}
		if e.LogReturns {
			r, m = math.Expm1(r), math.Expm1(m)
		}
		pr *= 1 + r
		pb *= 1 + m
	}
	return pr - pb
}
