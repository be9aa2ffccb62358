package analysis

import (
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
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
// event-window abnormal returns (METHODOLOGY.md 3, 4.1, 5).
//
// Index i of in's slices is relative day cfg.Estimation.T1+i; the
// estimation window is cfg.Estimation, the event window cfg.EventWindow.
// The estimation sample is the M days of the estimation window where the
// security and every regressor are present (missing = NaN, ±Inf or outside
// the slices).
//
// Models:
//   - market, ff3, carhart, ff5: OLS y = x'θ + ε with x = (1, f_1..f_k) by QR
//     (gonum mat.QR), σ² = SSE/(M-k-1), df = M-k-1 (CLM 1997 §4.4,
//     MacKinlay 1997). For the market model f_1 = X[0] and y = R. For the
//     factor models y = R - RF, the normal return is RF + x'θ and
//     AR = (R-RF) - x'θ (Fama-French 1993, 2015; Carhart 1997). A nil RF
//     is taken as 0 (the caller gave excess returns or has no rate).
//   - mean: the same regression with x = (1): μ = mean, h = 1/M, df = M-1.
//   - market-adjusted: AR = R - X[0] (α=0, β=1 imposed); σ² is the sample
//     variance of the estimation-window ARs (demeaned, divisor M-1), df M-1,
//     h = 0 (nothing is estimated, METHODOLOGY 3.3). Residual holds the
//     estimation ARs themselves (not demeaned); Theta is (0, 1); XtXInv and
//     EvtX are nil.
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
	k, ok := regressorCount(cfg.Model)
	if !ok {
		return e, ReasonUnknownModel
	}
	d := design{in: in, model: cfg.Model, k: k}

	nEst := cfg.Estimation.Len()
	if nEst < 0 {
		nEst = 0
	}
	e.EstCal = calSlice(in.Cal, 0, nEst)
	e.Residual = make([]float64, nEst)
	rp := rowsPool.Get().(*[]int)
	rows := slices.Grow((*rp)[:0], nEst) // indices of the estimation sample
	defer func() { *rp = rows; rowsPool.Put(rp) }()
	for i := 0; i < nEst; i++ {
		e.Residual[i] = nan
		if d.valid(i) {
			rows = append(rows, i)
		}
	}
	M := len(rows)
	e.Fit.M = M
	p := k + 1
	if cfg.Model == ModelMarketAdjusted {
		p = 1 // df = M-1 although nothing is estimated (3.3)
	}
	if M < cfg.MinEst || M-p <= 2 {
		return e, ReasonShortEstimation
	}

	var xtxInv *mat.SymDense
	if cfg.Model == ModelMarketAdjusted {
		fitMarketAdjusted(e, &d, rows)
	} else {
		xtxInv, ok = fitOLS(e, &d, rows)
		if !ok {
			return e, ReasonSingularModel
		}
	}

	// Event window.
	off := cfg.EventWindow.T1 - cfg.Estimation.T1 // input index of τ1
	nEvt := cfg.EventWindow.Len()
	if nEvt < 0 {
		nEvt = 0
	}
	e.EvtCal = calSlice(in.Cal, off, nEvt)
	// One allocation for the six event-window series (10,000 events make
	// this loop a hot path).
	evt := make([]float64, 6*nEvt)
	e.Ret, e.NormalRet, e.AR = evt[:nEvt:nEvt], evt[nEvt:2*nEvt:2*nEvt], evt[2*nEvt:3*nEvt:3*nEvt]
	e.SAR, e.H, e.Bench = evt[3*nEvt:4*nEvt:4*nEvt], evt[4*nEvt:5*nEvt:5*nEvt], evt[5*nEvt:]
	var xrows []float64
	if xtxInv != nil {
		e.EvtX = make([][]float64, nEvt)
		xrows = make([]float64, nEvt*(k+1))
	}
	sigma := math.Sqrt(e.Fit.Sigma2)
	theta := e.Fit.Theta
	thetaVec := mat.NewVecDense(len(theta), theta)
	var xv mat.VecDense
	nValid := 0
	for j := 0; j < nEvt; j++ {
		i := off + j
		e.Ret[j] = value(in.R, i)
		e.Bench[j] = d.bench(i)
		if xtxInv == nil { // market-adjusted
			rm := d.x(0, i)
			e.NormalRet[j] = rm
			e.AR[j] = e.Ret[j] - rm
			e.H[j] = 0
		} else {
			x := d.rowTo(xrows[j*(k+1):(j+1)*(k+1):(j+1)*(k+1)], i)
			e.EvtX[j] = x
			xv.SetRawVector(blas64.Vector{N: len(x), Inc: 1, Data: x})
			xb := blas64.Dot(xv.RawVector(), thetaVec.RawVector())
			e.H[j] = mat.Inner(&xv, xtxInv, &xv)
			rf := d.rf(i)
			e.NormalRet[j] = rf + xb
			e.AR[j] = d.y(i) - xb
		}
		if !finite(e.AR[j]) {
			e.AR[j], e.SAR[j] = nan, nan
			continue
		}
		e.SAR[j] = e.AR[j] / (sigma * math.Sqrt(1+e.H[j]))
		nValid++
	}
	if nValid == 0 {
		return e, ReasonNoEventReturns
	}
	return e, ""
}

// regressorCount returns k, the number of regressors besides the intercept
// (market-adjusted: 1, the imposed market return).
func regressorCount(m Model) (int, bool) {
	switch m {
	case ModelMean:
		return 0, true
	case ModelMarket, ModelMarketAdjusted:
		return 1, true
	case ModelFF3, ModelCarhart, ModelFF5:
		return len(m.Factors()), true
	}
	return 0, false
}

// design reads the dependent variable and the regressors of one event.
type design struct {
	in    *EventInput
	model Model
	k     int
}

// x is regressor j on input index i.
func (d *design) x(j, i int) float64 {
	if j >= len(d.in.X) {
		return nan
	}
	return value(d.in.X[j], i)
}

// rf is the risk-free rate subtracted from R (0 unless a factor model).
func (d *design) rf(i int) float64 {
	if !d.model.Excess() || d.in.RF == nil {
		return 0
	}
	return value(d.in.RF, i)
}

// y is the dependent variable: R, or R - RF for the factor models.
func (d *design) y(i int) float64 { return value(d.in.R, i) - d.rf(i) }

// row is x_i = (1, f_1..f_k) (NaN entries where a regressor is missing).
func (d *design) row(i int) []float64 {
	return d.rowTo(make([]float64, d.k+1), i)
}

// rowTo writes x_i into x (length k+1) and returns it.
func (d *design) rowTo(x []float64, i int) []float64 {
	x[0] = 1
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
	if !d.model.Excess() {
		return d.x(0, i)
	}
	return nan
}

// olsWork is fitOLS' scratch space (design, response, factorization),
// reused across events: 10,000 estimations allocated it afresh each time.
// Nothing in it outlives a call.
type olsWork struct {
	x, y  []float64
	qr    mat.QR
	theta mat.VecDense
	r     mat.Dense
}

var olsPool = sync.Pool{New: func() any { return new(olsWork) }}

// rowsPool holds Estimate's list of estimation-sample indices, scratch
// that was a fifth of its garbage.
var rowsPool = sync.Pool{New: func() any { return new([]int) }}

// fitOLS estimates θ by least squares through a QR factorization of the
// estimation design X (never forming an explicit inverse to solve), fills
// Theta, Sigma2 = SSE/(M-p), DF, R2, XtXInv = (R'R)⁻¹ and Residual. It
// reports false when X is rank-deficient or ill-conditioned.
func fitOLS(e *EventEstimate, d *design, rows []int) (*mat.SymDense, bool) {
	M, p := len(rows), d.k+1
	ws := olsPool.Get().(*olsWork)
	defer olsPool.Put(ws)
	ws.x = slices.Grow(ws.x[:0], M*p)[:M*p]
	ws.y = slices.Grow(ws.y[:0], M)[:M]
	X := mat.NewDense(M, p, ws.x)
	y := mat.NewVecDense(M, ws.y)
	for r, i := range rows {
		d.rowTo(X.RawRowView(r), i)
		y.SetVec(r, d.y(i))
	}
	qr := &ws.qr
	qr.Factorize(X)
	if c := qr.Cond(); !(c <= maxCond) {
		return nil, false
	}
	theta := &ws.theta
	theta.Reset()
	if err := qr.SolveVecTo(theta, false, y); err != nil {
		return nil, false
	}
	xtxInv, err := xtxInverse(qr, p, &ws.r)
	if err != nil {
		return nil, false
	}

	f := e.Fit
	f.Theta = make([]float64, p)
	for j := range f.Theta {
		f.Theta[j] = theta.AtVec(j)
	}
	var sse, ybar float64
	th := theta.RawVector()
	for r, i := range rows {
		// x_r'θ by blas64.Dot on the raw row, which is what mat.Dot does
		// with two vectors, without X.RowView's allocation per row.
		res := y.AtVec(r) - blas64.Dot(blas64.Vector{N: p, Inc: 1, Data: X.RawRowView(r)}, th)
		e.Residual[i] = res
		sse += res * res
		ybar += y.AtVec(r)
	}
	ybar /= float64(M)
	f.DF = M - p
	f.Sigma2 = sse / float64(f.DF)
	if d.k > 0 {
		var sst float64
		for r := 0; r < M; r++ {
			dy := y.AtVec(r) - ybar
			sst += dy * dy
		}
		f.R2 = 1 - sse/sst
	}
	f.XtXInv = make([][]float64, p)
	cells := make([]float64, p*p)
	for a := range f.XtXInv {
		f.XtXInv[a] = cells[a*p : (a+1)*p : (a+1)*p]
		for b := range f.XtXInv[a] {
			f.XtXInv[a][b] = xtxInv.At(a, b)
		}
	}
	return xtxInv, true
}

// fitMarketAdjusted sets the market-adjusted "fit": AR = R - R_m on the
// estimation days, σ² their sample variance (divisor M-1), df M-1.
func fitMarketAdjusted(e *EventEstimate, d *design, rows []int) {
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

// xtxInverse returns (X'X)⁻¹ = R⁻¹R⁻ᵀ from the p×p triangular factor of a
// QR factorization of X, without forming X'X (which squares the condition
// number).
func xtxInverse(qr *mat.QR, p int, rFull *mat.Dense) (*mat.SymDense, error) {
	rFull.Reset()
	qr.RTo(rFull)
	rTri := mat.NewTriDense(p, mat.Upper, nil)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			rTri.SetTri(a, b, rFull.At(a, b))
		}
	}
	var rInv mat.TriDense
	if err := rInv.InverseTri(rTri); err != nil {
		return nil, err
	}
	inv := mat.NewSymDense(p, nil)
	inv.SymOuterK(1, &rInv)
	return inv, nil
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

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// calAt is cal[i], or -1 outside cal.
func calAt(cal []int, i int) int {
	if i < 0 || i >= len(cal) {
		return -1
	}
	return cal[i]
}
