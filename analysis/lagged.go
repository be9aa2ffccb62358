package analysis

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// ReasonLagsBeyondData excludes an event of market-sw or market-dimson
// whose estimation window keeps too few days once every day needs its
// lagged and leading market returns (events.csv reason column).
const ReasonLagsBeyondData = "lags_beyond_data"

// laggedModel is how an aggregate-beta model (market-sw, market-dimson;
// docs/methodology.md 15.2, 15.3) turns the firm's returns and the market
// returns around each day into one beta. The abnormal return then uses
// that beta like the market model: AR_τ = R_τ - α̂ - β̂ R_mτ.
type laggedModel struct {
	// window is the number of lagged and leading market returns a day
	// needs besides its own.
	window func(cfg Config) (lags, leads int)
	// beta is the aggregate beta of y on m, where m[j][r] is the market
	// return on day r's relative day j-lags (m[lags] is the same day);
	// false when the sample cannot give one (constant market returns).
	beta func(y []float64, m [][]float64) (float64, bool)
}

// fitLagged estimates an aggregate-beta model on the estimation days rows
// that also have their lagged and leading market returns: β̂ from
// spec.lagged, α̂ = ȳ - β̂ R̄_m (Scholes & Williams 1977, eq. 13), so the
// estimation residuals have mean 0; residuals e_t = y_t - α̂ - β̂ R_mt,
// σ̂² = SSE/(M-2), df M-2, R² = 1 - SSE/SST; XtXInv is (X'X)⁻¹ of
// X = (1, R_mt), which the prediction-error term h_τ and the exact CAR
// variance read as for the market model (an approximation: it ignores
// the extra sampling variance of the aggregate beta).
func fitLagged(e *EventEstimate, d *design, rows []int, cfg Config) (*mat.SymDense, string) {
	lags, leads := d.spec.lagged.window(cfg)
	var keep []int
	for _, i := range rows {
		ok := true
		for l := -lags; l <= leads && ok; l++ {
			ok = finite(d.x(0, i+l))
		}
		if ok {
			keep = append(keep, i)
		}
	}
	M := len(keep)
	e.Fit.M = M
	if M < cfg.MinEst || M-2 <= 2 {
		return nil, ReasonLagsBeyondData
	}
	y := make([]float64, M)
	m := make([][]float64, lags+leads+1)
	for j := range m {
		m[j] = make([]float64, M)
		for r, i := range keep {
			m[j][r] = d.x(0, i+j-lags)
		}
	}
	for r, i := range keep {
		y[r] = d.y(i)
	}
	beta, ok := d.spec.lagged.beta(y, m)
	if !ok {
		return nil, ReasonSingularModel
	}
	rm := m[lags]
	alpha := mean(y) - beta*mean(rm)
	xtxInv, ok := marketXtXInv(rm)
	if !ok {
		return nil, ReasonSingularModel
	}
	var sse, sst float64
	ybar := mean(y)
	for r, i := range keep {
		res := y[r] - alpha - beta*rm[r]
		e.Residual[i] = res
		sse += res * res
		sst += (y[r] - ybar) * (y[r] - ybar)
	}
	f := e.Fit
	f.Theta = []float64{alpha, beta}
	f.DF = M - 2
	f.Sigma2 = sse / float64(f.DF)
	f.R2 = 1 - sse/sst
	f.XtXInv = [][]float64{{xtxInv.At(0, 0), xtxInv.At(0, 1)}, {xtxInv.At(1, 0), xtxInv.At(1, 1)}}
	return xtxInv, ""
}

// marketXtXInv is (X'X)⁻¹ for X = (1, x): [Σx², -Σx; -Σx, M] / (MΣx² - (Σx)²),
// centred to avoid cancellation; false when x is constant.
func marketXtXInv(x []float64) (*mat.SymDense, bool) {
	n := float64(len(x))
	xbar := mean(x)
	var sxx, ss float64
	for _, v := range x {
		sxx += (v - xbar) * (v - xbar)
		ss += v * v
	}
	// cond(X)² of about 1e14 and beyond: as maxCond for the OLS models.
	if !(sxx > ss/(maxCond*maxCond)) {
		return nil, false
	}
	// (X'X)⁻¹ = [1/M + x̄²/Sxx, -x̄/Sxx; -x̄/Sxx, 1/Sxx].
	return mat.NewSymDense(2, []float64{1/n + xbar*xbar/sxx, -xbar / sxx, -xbar / sxx, 1 / sxx}), true
}

// slope is the OLS slope of y on x with an intercept, cov(x,y)/var(x);
// NaN when x is constant.
func slope(y, x []float64) float64 {
	xbar, ybar := mean(x), mean(y)
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - xbar) * (y[i] - ybar)
		sxx += (x[i] - xbar) * (x[i] - xbar)
	}
	if !(sxx > 0) {
		return math.NaN()
	}
	return sxy / sxx
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
