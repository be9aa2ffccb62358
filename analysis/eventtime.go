package analysis

// EventInput is one event's data in event time, ready for estimation: the
// security's return and the regressors on every relative day from
// Estimation.T1 to EventWindow.T2 (index i ↔ relative day Estimation.T1+i).
// Missing values are NaN. Built by the study pipeline from the price panel.
type EventInput struct {
	ID    string
	Firm  string // ticker; the stage rule (4.5) links events of one firm
	Stage string // stage of the incident, for --primary-stage
	Order int    // position in the events file, breaks ties between equal day 0s
	Day0  int    // calendar position of day 0
	Cal   []int  // calendar position of each relative day (len = span)
	R     []float64
	// X[j][i] is regressor j on relative day i (market return for the market
	// model, factor returns for factor models; nil for mean/market-adjusted
	// except that market-adjusted uses X[0] as the market return).
	X  [][]float64
	RF []float64 // risk-free rate per relative day (factor models), else nil
	// Bench is the BHAR benchmark return per relative day (market return).
	// When nil, the market, market-adjusted and mean models use X[0].
	Bench []float64
	// Span[i] is the number of trading days the return on relative day i
	// spans (--gaps trade-to-trade, docs/methodology.md 15.1: R, X and RF
	// cover the same days); nil when every return spans one day.
	Span []float64
}

// Fit is an estimated normal-return model of one event (docs/methodology.md 3).
type Fit struct {
	Model  Model
	Theta  []float64   // intercept first, then one coefficient per factor
	Sigma2 float64     // residual variance, SSE / DF
	DF     int         // M-k-1 (M-1 for mean and market-adjusted)
	M      int         // usable estimation observations
	XtXInv [][]float64 // (X'X)^-1 of the estimation sample; nil for market-adjusted
	R2     float64     // NaN where undefined
	// Garch is the variance equation of a garch or egarch fit, nil for
	// the other models. When its Fallback is set the event carries the
	// OLS market model (Theta, Sigma2, XtXInv as for market).
	Garch *GarchFit
}

// Q is the variance of a standardized abnormal return under H0,
// df/(df-2) (docs/methodology.md 5); NaN when df <= 2.
func (f *Fit) Q() float64 {
	if f.DF <= 2 {
		return nan
	}
	return float64(f.DF) / float64(f.DF-2)
}

// EventEstimate is one row of the event-time matrix: everything the
// single-event and group tests need about one estimated event.
type EventEstimate struct {
	ID    string
	Firm  string
	Stage string
	Order int // position in the events file
	Day0  int // calendar position of day 0
	Fit   *Fit

	// EstWindow and EvtWindow are the windows the estimate was made with;
	// index i of the estimation slices is relative day EstWindow.T1+i, of
	// the event slices EvtWindow.T1+i.
	EstWindow, EvtWindow Window
	// LogReturns records that Ret, NormalRet and Bench are log returns
	// (BHAR converts them back to simple returns).
	LogReturns bool

	// Estimation window, one entry per relative day EstWindow.T1..T2:
	EstCal   []int     // calendar position of each estimation day
	Residual []float64 // in-sample residual, NaN where missing; a study sets it to nil once its statistics are made

	// Event window, one entry per relative day EvtWindow.T1..T2 (EvtX's
	// columns may be Bench itself or an array of ones that estimates
	// share: nothing writes to an estimate's slices):
	EvtCal    []int     // calendar position of each event day
	Ret       []float64 // security return (raw, not excess)
	NormalRet []float64 // model's normal return
	AR        []float64 // abnormal return, NaN where missing
	SAR       []float64 // AR / (sigma*sqrt(1+h)), docs/methodology.md 5
	H         []float64 // h_tau = x'(X'X)^-1 x (mean: 1/M, market-adjusted: 0)
	// EvtX are the regressor columns, for Var(CAR): x_tau = (EvtX[0][tau],
	// .., EvtX[p-1][tau]), EvtX[0] the intercept; nil for market-adjusted.
	EvtX  [][]float64
	Bench []float64 // BHAR benchmark return (simple)
	Span  []float64 // days each return spans (trade-to-trade); nil: one each
	// CondVar is the conditional variance σ²_τ of each event day under a
	// garch or egarch fit (docs/methodology.md 3.7), nil otherwise: SAR
	// divides by its root and Var(CAR) sums it.
	CondVar []float64

	// MCap is the market capitalization on day -1 (docs/methodology.md
	// 6.16), 0 when the event has no shares outstanding or market cap.
	MCap float64
}
