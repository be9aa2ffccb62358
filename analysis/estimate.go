package analysis

import (
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Reason codes of Estimate (events.csv reason column).
const (
	ReasonShortEstimation = "short_estimation" // M < MinEst, or df <= 2
	ReasonSingularModel   = "singular_model"   // rank-deficient or ill-conditioned X'X
	ReasonNoEventReturns  = "no_event_returns" // no valid AR in the event window
	ReasonUnknownModel    = "unknown_model"    // cfg.Model is not one of the Model constants
)

// maxCond bounds the condition number of the estimation design matrix X.
// cond(X'X) = cond(X)², so 1e7 keeps X'X about two digits away from
// numerical singularity (1/eps ≈ 4.5e15); a constant or collinear factor
// lands far above it, real return regressions far below (≈1e2).
const maxCond = 1e7

// Estimate fits cfg.Model on the estimation window of in and computes the
// event-window abnormal returns (docs/methodology.md 3, 4.1, 5).
//
// Index i of in's slices is relative day cfg.Estimation.T1+i; the
// estimation window is cfg.Estimation, the event window cfg.EventWindow.
// The estimation sample is the M days of the estimation window where the
// security and every regressor are present (missing = NaN, ±Inf or outside
// the slices).
//
// The model's ModelSpec (models.go, one model_<name>.go per model) says
// how it is fitted:
//   - Estimated (market, mean, ff3, carhart, ff5): OLS y = x'θ + ε with
//     x = (1, f_1..f_k) by QR (gonum mat.QR), σ² = SSE/(M-k-1),
//     df = M-k-1 (CLM 1997 §4.4, MacKinlay 1997); mean is x = (1), h = 1/M.
//     For an Excess model y = R - RF, the normal return is RF + x'θ and
//     AR = (R-RF) - x'θ; a nil RF is taken as 0 (the caller gave excess
//     returns or has no rate). Otherwise y = R and f_1 = X[0].
//   - imposed (market-adjusted): AR = R - X[0] (α=0, β=1); σ² is the
//     sample variance of the estimation-window ARs (demeaned, divisor M-1),
//     df M-1, h = 0 (methodology 3.3). Residual holds the estimation ARs
//     themselves (not demeaned); Theta is (0, 1); XtXInv and EvtX are nil.
//
// SAR_τ = AR_τ / (σ √(1+h_τ)), h_τ = x_τ'(X'X)⁻¹x_τ (Patell 1976).
//
// The returned reason is "" when the event is estimated, else one of the
// Reason constants. est is non-nil whenever in is: with ReasonShortEstimation
// it carries Fit.M (for n_est) but no fit; with ReasonNoEventReturns the fit
// is complete. Estimate never panics on NaN-laden or short input.
func Estimate(in *EventInput, cfg Config) (est *EventEstimate, reason string) {
	if in == nil {
		return nil, ReasonShortEstimation
	}
	e := &EventEstimate{
		ID: in.ID, Firm: in.Firm, Stage: in.Stage, Order: in.Order, Day0: in.Day0,
		EstWindow: cfg.Estimation, EvtWindow: cfg.EventWindow,
		LogReturns: cfg.LogReturns,
		Fit:        &Fit{Model: cfg.Model, R2: nan, Sigma2: nan},
	}
	spec, ok := cfg.spec()
	if !ok {
		return e, ReasonUnknownModel
	}
	d := newDesign(in, spec)
	rp := rowsPool.Get().(*[]int)
	defer func() { rowsPool.Put(rp) }()
	nEst := max(cfg.Estimation.Len(), 0)
	e.EstCal = calSlice(in.Cal, 0, nEst)
	rows := estimationSample(&d, nEst, rp)
	M := len(rows)
	e.Fit.M = M
	// An imposed model keeps df = M-1 although nothing is estimated (3.3).
	if M < cfg.MinEst || M-spec.params() <= 2 {
		e.Residual = nans(make([]float64, nEst))
		return e, ReasonShortEstimation
	}
	d.buf = newSlab(&d, max(cfg.EventWindow.Len(), 0))
	e.Residual = nans(make([]float64, nEst))
	var xtxInv *mat.SymDense
	if spec.lagged != nil { // market-sw, market-dimson (lagged.go)
		if xtxInv, reason = fitLagged(e, &d, rows, cfg); reason != "" {
			return e, reason
		}
	} else if spec.Estimated {
		if xtxInv, ok = fitOLS(e, &d, rows); !ok {
			return e, ReasonSingularModel
		}
	} else {
		fitImposed(e, &d, rows)
	}
	if spec.Variance != "" {
		if M < MinGarchObs {
			return e, ReasonShortGarch
		}
		// OLS is the start and, when the ML fit fails, the fallback.
		if fitConditional(e, &d, rows, cfg.GarchDist) {
			if eventWindow(e, &d, cfg, nil) == 0 {
				return e, ReasonNoEventReturns
			}
			if conditionalVariance(e, &d, cfg, rows) {
				return e, ""
			}
			// An extreme event-window shock drove the forecast out of
			// (0, ∞): the event keeps the OLS fit (which succeeded above).
			e.Fit.Garch.fallBack("the conditional variance forecast leaves (0, ∞) in the event window")
			e.CondVar = nil
			xtxInv, _ = fitOLS(e, &d, rows)
		}
	}
	if eventWindow(e, &d, cfg, xtxInv) == 0 {
		return e, ReasonNoEventReturns
	}
	return e, ""
}

// estimationSample returns the indices of the estimation sample among
// the nEst estimation days: the days where the dependent variable and
// every regressor are present. The slice is *rp's array, which the caller
// returns to rowsPool.
func estimationSample(d *design, nEst int, rp *[]int) []int {
	rows := slices.Grow((*rp)[:0], nEst)
	if d.plain && d.k <= len(d.in.X) {
		rows = plainSample(rows, nEst, d.in.R, d.in.X[:d.k])
	} else {
		for i := 0; i < nEst; i++ {
			if d.valid(i) {
				rows = append(rows, i)
			}
		}
	}
	*rp = rows
	return rows
}

// plainSample appends to rows the days i < nEst where r and every column
// of x hold a finite value: design.valid of a plain design.
func plainSample(rows []int, nEst int, r []float64, x [][]float64) []int {
	r = r[:min(nEst, len(r))]
day:
	for i, v := range r {
		if !finite(v) {
			continue
		}
		for _, c := range x {
			if i >= len(c) || !finite(c[i]) {
				continue day
			}
		}
		rows = append(rows, i)
	}
	return rows
}

// nans sets every value of s to NaN and returns it.
func nans(s []float64) []float64 {
	for i := range s {
		s[i] = nan
	}
	return s
}

// eventWindow fills the event-window series of e (Ret, NormalRet, AR, SAR,
// H, Bench, and EvtX for an estimated model) and returns the number of
// days with a finite AR. xtxInv is nil for an imposed model:
//
//	estimated: AR_τ = y_τ - x_τ'θ, normal return RF_τ + x_τ'θ, h_τ = x_τ'(X'X)⁻¹x_τ
//	imposed:   AR_τ = R_τ - f_1τ, normal return f_1τ, h_τ = 0
//	garch/egarch ML fit (xtxInv nil, Estimated): as estimated with h_τ = 0;
//	           conditionalVariance then divides by σ_τ
//
// and SAR_τ = AR_τ / (σ √(1+h_τ)) (Patell 1976).
func eventWindow(e *EventEstimate, d *design, cfg Config, xtxInv *mat.SymDense) int {
	off := cfg.EventWindow.T1 - cfg.Estimation.T1 // input index of τ1
	nEvt := max(cfg.EventWindow.Len(), 0)
	e.EvtCal = calSlice(d.in.Cal, off, nEvt)
	// A second call (a garch fit that fell back to OLS) overwrites every
	// value of the first.
	if e.AR == nil {
		e.Ret, e.NormalRet, e.AR = d.buf.take(nEvt), d.buf.take(nEvt), d.buf.take(nEvt)
		e.SAR, e.H, e.Bench = d.buf.take(nEvt), d.buf.take(nEvt), d.buf.take(nEvt)
		if d.in.Span != nil {
			e.Span = d.buf.take(nEvt)
		}
	}
	for j := range e.Span {
		e.Span[j] = value(d.in.Span, off+j)
	}
	p := d.k + 1
	var xrows []float64
	if xtxInv != nil {
		xp := xrowsPool.Get().(*[]float64)
		defer xrowsPool.Put(xp)
		*xp = grow(*xp, nEvt*p)
		xrows = *xp
	}
	sigma := math.Sqrt(e.Fit.Sigma2)
	var xtxRaw blas64.Symmetric
	if xtxInv != nil {
		xtxRaw = xtxInv.RawSymmetric()
	}
	nValid := 0
	for j := 0; j < nEvt; j++ {
		i := off + j
		e.Ret[j] = value(d.in.R, i)
		e.Bench[j] = d.bench(i)
		sq := d.sqrtSpan(i)
		switch {
		case !d.spec.Estimated:
			rm := d.rawX(0, i)
			e.NormalRet[j] = rm
			e.AR[j] = e.Ret[j] - rm
			e.H[j] = 0
		case xtxInv == nil: // garch, egarch: SAR is set by conditionalVariance
			xb := e.Fit.Theta[0]
			for c := 0; c < d.k; c++ {
				xb += e.Fit.Theta[c+1] * d.x(c, i)
			}
			e.NormalRet[j] = d.rf(i) + xb
			e.AR[j] = d.y(i) - xb
			e.H[j] = 0
		default:
			x := d.rowTo(xrows[j*p:(j+1)*p:(j+1)*p], i)
			xb := dot(x, e.Fit.Theta)
			e.H[j] = innerSym(x, xtxRaw)
			// Back to the n-day return: AR = R - RF - nα - β'f (sq is 1
			// without spans, which leaves every bit as it was).
			e.NormalRet[j] = d.rf(i) + sq*xb
			e.AR[j] = sq * (d.y(i) - xb)
			if d.in.Span != nil {
				for c := range x {
					x[c] *= sq // Var(CAR) sums the unscaled rows (car.go)
				}
			}
		}
		if !finite(e.AR[j]) {
			e.AR[j], e.SAR[j] = nan, nan
			continue
		}
		e.SAR[j] = e.AR[j] / (sigma * sq * math.Sqrt(1+e.H[j]))
		nValid++
	}
	if xtxInv != nil {
		e.EvtX = evtColumns(xrows, p, nEvt, e.Bench)
	}
	return nValid
}

// design reads the dependent variable and the regressors of one event.
type design struct {
	in   *EventInput
	spec *ModelSpec
	k    int
	buf  slab // where the estimate's arrays are cut from (newSlab)
	// plain: no spans and no risk-free rate to subtract, so y is R and
	// x_j is X[j] as given (v-0 and v/1 are v, bit for bit), which the
	// estimation sample reads without the per-value helpers.
	plain bool
}

func newDesign(in *EventInput, spec *ModelSpec) design {
	return design{in: in, spec: spec, k: spec.k(),
		plain: in.Span == nil && (!spec.Excess || in.RF == nil)}
}

// x is regressor j on input index i, divided by √n_i (trade-to-trade).
func (d *design) x(j, i int) float64 { return d.rawX(j, i) / d.sqrtSpan(i) }

// rawX is regressor j on input index i as given.
func (d *design) rawX(j, i int) float64 {
	if j >= len(d.in.X) {
		return nan
	}
	return value(d.in.X[j], i)
}

// sqrtSpan is √n_i for a return spanning n_i trading days (trade-to-trade,
// 15.1: Var(ε_i) = n_i σ², so dividing both sides by √n_i leaves OLS with
// constant variance); 1 without spans.
func (d *design) sqrtSpan(i int) float64 {
	if d.in.Span == nil {
		return 1
	}
	return math.Sqrt(value(d.in.Span, i))
}

// rf is the risk-free rate subtracted from R (0 unless an Excess model).
func (d *design) rf(i int) float64 {
	if !d.spec.Excess || d.in.RF == nil {
		return 0
	}
	return value(d.in.RF, i)
}

// y is the dependent variable: R, or R - RF for the Excess models,
// divided by √n_i (trade-to-trade).
func (d *design) y(i int) float64 { return (value(d.in.R, i) - d.rf(i)) / d.sqrtSpan(i) }

// rowTo writes x_i = (1, f_1..f_k) into x (length k+1; NaN entries where a
// regressor is missing) and returns it; with trade-to-trade spans the row
// is (√n_i, f_1/√n_i, ..): the intercept of an n-day return is nα.
func (d *design) rowTo(x []float64, i int) []float64 {
	x[0] = d.sqrtSpan(i)
	for j := 0; j < d.k; j++ {
		x[j+1] = d.x(j, i)
	}
	return x
}

// valid reports whether day i belongs to the estimation sample.
func (d *design) valid(i int) bool {
	if !finite(d.y(i)) {
		return false
	}
	for j := 0; j < d.k; j++ {
		if !finite(d.x(j, i)) {
			return false
		}
	}
	return true
}

// bench is the BHAR market benchmark: in.Bench, or, when Bench is nil, X[0]
// for the models where X[0] is the market return (market, market-adjusted,
// and mean when the caller supplied it).
func (d *design) bench(i int) float64 {
	if d.in.Bench != nil {
		return value(d.in.Bench, i)
	}
	if !d.spec.Excess {
		return d.rawX(0, i)
	}
	return nan
}

// olsWork is fitOLS' scratch space (design, response, factorization),
// reused across events: 10,000 estimations allocated it afresh each time.
// Nothing in it outlives a call.
type olsWork struct {
	x, y  []float64 // X (M×p, row-major) and y
	qr    []float64 // X overwritten by its QR factorization
	tau   []float64 // the Householder scalars
	w     []float64 // y, then Qᵀy, then θ in its first p entries
	work  []float64
	iwork []int
	r     []float64 // R alone (p×p, zero below the diagonal), then R⁻¹
}

var olsPool = sync.Pool{New: func() any { return new(olsWork) }}

// xrowsPool holds eventWindow's regressor rows until evtColumns has
// stored them.
var xrowsPool = sync.Pool{New: func() any { return new([]float64) }}

// rowsPool holds Estimate's list of estimation-sample indices, scratch
// that was a fifth of its garbage.
var rowsPool = sync.Pool{New: func() any { return new([]int) }}

// grow returns s resized to n, reusing its array when it is large enough.
func grow[T any](s []T, n int) []T { return slices.Grow(s[:0], n)[:n] }

// fitOLS estimates θ by least squares through a QR factorization of the
// estimation design X (never forming an explicit inverse to solve), fills
// Theta, Sigma2 = SSE/(M-p), DF, R2, XtXInv = (R'R)⁻¹ and Residual. It
// reports false when X is rank-deficient or ill-conditioned.
//
// The factorization, condition estimate and solve are the LAPACK calls
// gonum's mat.QR makes (Factorize, Cond, SolveVecTo; TestFitOLSMatchesMatQR
// checks the bits), made on reused buffers: mat.QR copies X and allocates
// its Householder scalars for every event.
func fitOLS(e *EventEstimate, d *design, rows []int) (*mat.SymDense, bool) {
	M, p := len(rows), d.k+1
	ws := olsPool.Get().(*olsWork)
	defer olsPool.Put(ws)
	ws.x, ws.y = grow(ws.x, M*p), grow(ws.y, M)
	if d.plain { // the rows are in the sample: every value is present
		for r, i := range rows {
			x := ws.x[r*p : (r+1)*p : (r+1)*p]
			x[0] = 1
			for j, c := range d.in.X[:d.k] {
				x[j+1] = c[i]
			}
			ws.y[r] = d.in.R[i]
		}
	} else {
		for r, i := range rows {
			d.rowTo(ws.x[r*p:(r+1)*p:(r+1)*p], i)
			ws.y[r] = d.y(i)
		}
	}
	ws.qr = grow(ws.qr, M*p)
	copy(ws.qr, ws.x)
	A := blas64.General{Rows: M, Cols: p, Stride: p, Data: ws.qr}
	ws.tau = grow(ws.tau, p)
	ws.work = grow(ws.work, max(1, 3*p))
	// Workspace queries first, then the calls with exactly the optimal
	// length, as mat.QR makes them.
	lapack64.Geqrf(A, ws.tau, ws.work, -1)
	lw := int(ws.work[0])
	ws.work = grow(ws.work, max(lw, 3*p))
	lapack64.Geqrf(A, ws.tau, ws.work[:lw], lw)
	R := blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: p, Stride: p, Data: ws.qr}
	ws.iwork = grow(ws.iwork, p)
	if c := 1 / lapack64.Trcon(mat.CondNorm, R, ws.work[:3*p], ws.iwork); !(c <= maxCond) {
		return nil, false
	}
	// θ solves Rθ = Qᵀy.
	ws.w = grow(ws.w, M)
	copy(ws.w, ws.y)
	W := blas64.General{Rows: M, Cols: 1, Stride: 1, Data: ws.w}
	lapack64.Ormqr(blas.Left, blas.Trans, A, ws.tau, W, ws.work, -1)
	lw = int(ws.work[0])
	ws.work = grow(ws.work, max(lw, 3*p))
	lapack64.Ormqr(blas.Left, blas.Trans, A, ws.tau, W, ws.work[:lw], lw)
	if !lapack64.Trtrs(blas.NoTrans, R, W) {
		return nil, false
	}
	th := ws.w[:p]
	xtxInv, ok := ws.xtxInverse(p)
	if !ok {
		return nil, false
	}

	f := e.Fit
	f.Theta = d.buf.take(p)
	copy(f.Theta, th)
	var sse, ybar float64
	for r, i := range rows {
		// x_r'θ as blas64.Dot (what mat.Dot does with two vectors) makes it.
		res := ws.y[r] - dot(ws.x[r*p:(r+1)*p], th)
		e.Residual[i] = res
		sse += res * res
		ybar += ws.y[r]
	}
	ybar /= float64(M)
	f.DF = M - p
	f.Sigma2 = sse / float64(f.DF)
	if d.k > 0 {
		var sst float64
		for _, v := range ws.y {
			dy := v - ybar
			sst += dy * dy
		}
		f.R2 = 1 - sse/sst
	}
	f.XtXInv = make([][]float64, p)
	cells := d.buf.take(p * p)
	for a := range f.XtXInv {
		f.XtXInv[a] = cells[a*p : (a+1)*p : (a+1)*p]
		for b := range f.XtXInv[a] {
			f.XtXInv[a][b] = xtxInv.At(a, b)
		}
	}
	return xtxInv, true
}

// xtxInverse returns (X'X)⁻¹ = R⁻¹R⁻ᵀ from the p×p triangular factor R in
// the first p rows of ws.qr.
func (ws *olsWork) xtxInverse(p int) (*mat.SymDense, bool) {
	ws.r = grow(ws.r, p*p)
	clear(ws.r)
	for a := 0; a < p; a++ {
		copy(ws.r[a*p+a:(a+1)*p], ws.qr[a*p+a:(a+1)*p])
	}
	inv, err := xtxFromR(ws.r, p)
	return inv, err == nil
}

// xtxInverse returns (X'X)⁻¹ from a QR factorization of X.
func xtxInverse(qr *mat.QR, p int) (*mat.SymDense, error) {
	var rFull mat.Dense
	qr.RTo(&rFull)
	r := make([]float64, p*p)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			r[a*p+b] = rFull.At(a, b)
		}
	}
	return xtxFromR(r, p)
}

// xtxFromR returns (X'X)⁻¹ = R⁻¹R⁻ᵀ for the p×p upper-triangular factor R
// of a QR factorization of X (row-major, zero below the diagonal), without
// forming X'X (which squares the condition number). R is inverted in
// place: r holds R⁻¹ on return.
//
// These are the LAPACK and BLAS calls of mat's InverseTri and SymOuterK
// (TestXtxFromRMatchesMat checks the bits) without their copies: the
// condition estimate InverseTri adds is fitOLS' own, which already
// rejected an ill-conditioned R, and it never fails an invertible one.
func xtxFromR(r []float64, p int) (*mat.SymDense, error) {
	if !lapack64.Trtri(blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: p, Stride: p, Data: r}) {
		return nil, mat.Condition(math.Inf(1))
	}
	for a := 1; a < p; a++ {
		clear(r[a*p : a*p+a]) // SymOuterK reads R⁻¹ with zeros below
	}
	inv := mat.NewSymDense(p, nil)
	blas64.Syrk(blas.NoTrans, 1, blas64.General{Rows: p, Cols: p, Stride: p, Data: r}, 1, inv.RawSymmetric())
	return inv, nil
}

// fitImposed sets the "fit" of an imposed model (market-adjusted, 3.3):
// AR = y - f_1 on the estimation days, σ² their sample variance (divisor
// M-1), df M-1, θ = (0, 1).
func fitImposed(e *EventEstimate, d *design, rows []int) {
	M := len(rows)
	var mean float64
	for _, i := range rows {
		e.Residual[i] = d.y(i) - d.x(0, i)
		mean += e.Residual[i]
	}
	mean /= float64(M)
	var ss float64
	for _, i := range rows {
		dv := e.Residual[i] - mean
		ss += dv * dv
	}
	f := e.Fit
	f.Theta = []float64{0, 1}
	f.DF = M - 1
	f.Sigma2 = ss / float64(f.DF)
}

// value is s[i], NaN outside s or where s[i] is ±Inf.
func value(s []float64, i int) float64 {
	if i < 0 || i >= len(s) || math.IsInf(s[i], 0) {
		return nan
	}
	return s[i]
}

// calSlice is cal[from:from+n], -1 outside cal. It shares cal's array
// when cal holds all n (no copy per event; nothing writes to it).
func calSlice(cal []int, from, n int) []int {
	if from >= 0 && from+n <= len(cal) {
		return cal[from : from+n : from+n]
	}
	out := make([]int, n)
	for i := range out {
		out[i] = -1
		if j := from + i; j >= 0 && j < len(cal) {
			out[i] = cal[j]
		}
	}
	return out
}

// finite reports whether v is neither NaN nor ±Inf: v-v is 0 exactly then
// and NaN otherwise, one subtraction where IsNaN and IsInf compare three
// times (TestFinite).
func finite(v float64) bool { return v-v == 0 }

// calAt is cal[i], or -1 outside cal.
func calAt(cal []int, i int) int {
	if i < 0 || i >= len(cal) {
		return -1
	}
	return cal[i]
}
