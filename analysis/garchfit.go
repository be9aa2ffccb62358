package analysis

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/optimize"
)

// MinGarchObs is the fewest estimation returns a garch or egarch fit
// accepts: with fewer the variance parameters are too poorly determined
// to be worth a fit (100 is a floor, not a recommendation: the recovery
// simulation of docs/validation.md uses 1,000 days).
const MinGarchObs = 100

// ReasonShortGarch excludes a garch or egarch event whose estimation
// sample has fewer than MinGarchObs returns.
const ReasonShortGarch = "short_garch_estimation"

// WarnGarchFallback is the warning code of an event whose garch or
// egarch fit failed or ended on a boundary and which was estimated by
// OLS instead (the market model, 3.4).
const WarnGarchFallback = "garch_fallback_ols"

// boundaryTol is how close to the edge of the parameter space an
// estimate may come before the fit counts as on the boundary: a < 1e-3
// (no ARCH effect: b is not identified and σ² is constant), a+b > 1-1e-3
// (integrated: no unconditional variance), |b| > 1-1e-3 for egarch, and
// ν < 2+1e-3 (infinite-variance innovations).
const boundaryTol = 1e-3

// maxNu caps the Student-t ν: the likelihood of near-normal residuals
// keeps rising, ever more slowly, as ν grows, and at 500 the scaled t's
// quantiles are the normal's to three digits. An estimate at the cap is
// reported as it is (not a fallback): the data look normal.
const maxNu = 500

// GarchFit is the variance equation of a garch or egarch fit
// (docs/methodology.md 3.7), in the units of the returns. Fields not in
// the model are NaN: Gamma for garch, Nu for normal innovations.
type GarchFit struct {
	Kind   string    // "garch" or "egarch"
	Dist   GarchDist // innovation distribution
	Omega  float64
	A, B   float64 // ARCH and GARCH (persistence) coefficients
	Gamma  float64 // egarch's asymmetry
	Nu     float64 // Student-t degrees of freedom
	LogLik float64 // the maximized log-likelihood
	// Fallback is "" when the ML fit is used; otherwise why it was not,
	// and the event carries the OLS market model instead.
	Fallback string
	p        garchParams
	s0       float64 // the pre-sample variance s²
}

// Used reports whether the event's estimates come from the ML fit.
func (g *GarchFit) Used() bool { return g != nil && g.Fallback == "" }

// fallBack marks the fit unused, for the reason why.
func (g *GarchFit) fallBack(why string) {
	g.Fallback = why
	g.Omega, g.A, g.B, g.Gamma, g.Nu, g.LogLik = nan, nan, nan, nan, nan, nan
}

// garchProblem is one event's likelihood in the optimizer's unconstrained
// coordinates u, on returns scaled by the OLS residual sd s so that every
// parameter is of order one:
//
//	u = (α/s, β, ln ω', logit(a+b), logit(a/(a+b)) [, logit((ν-2)/(maxNu-2))])  garch
//	u = (α/s, β, ω', a, γ, atanh b [, logit((ν-2)/(maxNu-2))])                    egarch
//
// with ω' = ω/s² (garch) or ω - (1-b) ln s² (egarch), the intercepts of
// the recursion on the scaled returns.
type garchProblem struct {
	kind string
	t    bool
	s    garchSeries // scaled
}

func logistic(u float64) float64 { return 1 / (1 + math.Exp(-u)) }
func logit(p float64) float64    { return math.Log(p / (1 - p)) }

func (g *garchProblem) params(u []float64) garchParams {
	p := garchParams{alpha: u[0], beta: u[1], nu: math.Inf(1)}
	k := 5
	if g.kind == varEGARCH {
		p.omega, p.a, p.gamma, p.b = u[2], u[3], u[4], math.Tanh(u[5])
		k = 6
	} else {
		pers, share := logistic(u[3]), logistic(u[4])
		p.omega, p.a, p.b = math.Exp(u[2]), pers*share, pers*(1-share)
	}
	if g.t {
		p.nu = 2 + (maxNu-2)*logistic(u[k])
	}
	return p
}

func (g *garchProblem) coords(p garchParams) []float64 {
	var u []float64
	if g.kind == varEGARCH {
		u = []float64{p.alpha, p.beta, p.omega, p.a, p.gamma, math.Atanh(p.b)}
	} else {
		u = []float64{p.alpha, p.beta, math.Log(p.omega), logit(p.a + p.b), logit(p.a / (p.a + p.b))}
	}
	if g.t {
		u = append(u, logit((p.nu-2)/(maxNu-2)))
	}
	return u
}

// negLL is the objective: minus the log-likelihood, +Inf where undefined.
func (g *garchProblem) negLL(u []float64) float64 {
	ll, _ := logLik(g.kind, g.params(u), &g.s)
	if math.IsNaN(ll) || math.IsInf(ll, -1) {
		return math.Inf(1)
	}
	return -ll
}

// start is the best of a few variance-targeted starting points (the
// unconditional variance held at s², which is 1 after scaling) with the
// OLS mean equation: a local optimizer from a single start finds a
// worse local maximum on a fair share of 250-day samples.
func (g *garchProblem) start(alpha, beta float64) []float64 {
	nu := math.Inf(1)
	if g.t {
		nu = 8
	}
	var best []float64
	bestF := math.Inf(1)
	try := func(p garchParams) {
		u := g.coords(p)
		if f := g.negLL(u); f < bestF {
			best, bestF = u, f
		}
	}
	if g.kind == varEGARCH {
		for _, b := range []float64{0.5, 0.8, 0.95} {
			for _, a := range []float64{0.05, 0.2} {
				try(garchParams{alpha: alpha, beta: beta, a: a, b: b, nu: nu})
			}
		}
	} else {
		for _, a := range []float64{0.03, 0.08, 0.2} {
			for _, b := range []float64{0.5, 0.75, 0.9} {
				if a+b < 0.99 {
					try(garchParams{alpha: alpha, beta: beta, omega: 1 - a - b, a: a, b: b, nu: nu})
				}
			}
		}
	}
	if best == nil { // every start undefined: let the optimizer report it
		best = g.coords(garchParams{alpha: alpha, beta: beta, omega: 0.1, a: 0.05, b: 0.85, nu: nu})
	}
	return best
}

// fitGarchML maximizes the likelihood of kind on y = α + β x + ε over
// the estimation sample (rows, ascending input indices): Nelder–Mead from
// the best start, restarted once from its end, then BFGS on central-
// difference gradients from the best point (gonum/optimize). alpha and
// beta are the OLS estimates, s2 the OLS residual variance (divisor M).
// It returns the fit in the returns' units; Fallback says why it cannot
// be used.
func fitGarchML(kind string, dist GarchDist, d *design, rows []int, alpha, beta, s2 float64) *GarchFit {
	gf := &GarchFit{Kind: kind, Dist: dist, Omega: nan, A: nan, B: nan, Gamma: nan, Nu: nan, LogLik: nan}
	if !(s2 > 0) {
		gf.Fallback = "the OLS residual variance is 0 or not finite"
		return gf
	}
	sd := math.Sqrt(s2)
	lo, hi := rows[0], rows[len(rows)-1]
	g := &garchProblem{kind: kind, t: dist == GarchT}
	g.s = garchSeries{y: make([]float64, hi-lo+1), x: make([]float64, hi-lo+1), s2: 1}
	for i := range g.s.y {
		g.s.y[i], g.s.x[i] = nan, nan
	}
	for _, i := range rows {
		g.s.y[i-lo], g.s.x[i-lo] = d.y(i)/sd, d.x(0, i)/sd
	}
	u, ok := g.optimize(g.start(alpha/sd, beta))
	if !ok {
		gf.Fallback = "the likelihood maximization did not converge"
		return gf
	}
	p := g.params(u)
	if why := onBoundary(kind, p); why != "" {
		gf.Fallback = why
		return gf
	}
	// Back to the returns' units.
	p.alpha *= sd
	if kind == varEGARCH {
		p.omega += (1 - p.b) * math.Log(s2)
	} else {
		p.omega *= s2
	}
	orig := garchSeries{y: make([]float64, len(g.s.y)), x: make([]float64, len(g.s.x)), s2: s2}
	for i := range orig.y {
		orig.y[i], orig.x[i] = g.s.y[i]*sd, g.s.x[i]*sd
	}
	ll, _ := logLik(kind, p, &orig)
	if math.IsInf(ll, 0) || math.IsNaN(ll) {
		gf.Fallback = "the likelihood is undefined at the estimate"
		return gf
	}
	gf.p, gf.LogLik, gf.s0 = p, ll, s2
	gf.Omega, gf.A, gf.B = p.omega, p.a, p.b
	if kind == varEGARCH {
		gf.Gamma = p.gamma
	}
	if g.t {
		gf.Nu = p.nu
	}
	return gf
}

// optimize runs the optimizers from u0 and returns the best point and
// whether it converged: some run ended normally (not on an evaluation
// limit or a failure) within 1e-6 of the best log-likelihood found.
func (g *garchProblem) optimize(u0 []float64) ([]float64, bool) {
	conv := func() optimize.Converger {
		return &optimize.FunctionConverge{Absolute: 1e-10, Relative: 1e-10, Iterations: 60}
	}
	best, bestF := u0, g.negLL(u0)
	var okF []float64 // the values where a run ended normally
	keep := func(res *optimize.Result, err error) {
		if res == nil {
			return
		}
		if err == nil && res.Status != optimize.Failure {
			okF = append(okF, res.F)
		}
		if res.F < bestF {
			best, bestF = res.X, res.F
		}
	}
	prob := optimize.Problem{Func: g.negLL}
	for range 2 { // a restart rebuilds a simplex collapsed on a ridge
		res, err := optimize.Minimize(prob, best, &optimize.Settings{Converger: conv(), FuncEvaluations: 4000}, &optimize.NelderMead{})
		keep(res, err)
	}
	step := &fd.Settings{Formula: fd.Central}
	prob.Grad = func(grad, u []float64) { fd.Gradient(grad, g.negLL, u, step) }
	res, err := optimize.Minimize(prob, best, &optimize.Settings{Converger: conv(), GradientThreshold: 1e-5,
		MajorIterations: 200, FuncEvaluations: 2000, GradEvaluations: 200}, &optimize.BFGS{})
	keep(res, err)
	converged := false
	for _, f := range okF {
		converged = converged || f <= bestF+1e-6
	}
	return best, converged && !math.IsInf(bestF, 1)
}

// onBoundary says why estimates p lie on the edge of the parameter space
// (boundaryTol), or "".
func onBoundary(kind string, p garchParams) string {
	switch {
	case kind == varGARCH && p.a < boundaryTol:
		return fmt.Sprintf("the ARCH coefficient a = %.2g is at its bound 0 (no conditional heteroskedasticity found)", p.a)
	case kind == varGARCH && p.a+p.b > 1-boundaryTol:
		return fmt.Sprintf("a + b = %.4f is at its bound 1 (integrated variance)", p.a+p.b)
	case kind == varEGARCH && math.Abs(p.b) > 1-boundaryTol:
		return fmt.Sprintf("|b| = %.4f is at its bound 1 (nonstationary log variance)", math.Abs(p.b))
	case p.nu < 2+boundaryTol:
		return fmt.Sprintf("ν = %.4f is at its bound 2", p.nu)
	}
	return ""
}

// nParams is the number of parameters of the fit: α, β, the variance
// equation's, and ν.
func (g *GarchFit) nParams() int {
	n := 5
	if g.Kind == varEGARCH {
		n = 6
	}
	if g.Dist == GarchT {
		n++
	}
	return n
}

// fitConditional replaces e's OLS fit by the ML fit of its model's
// variance process and reports whether it did; otherwise the OLS fit
// stays and Fit.Garch.Fallback says why. With the ML fit: Theta = (α, β),
// Residual the ML residuals, DF = M - (number of parameters), Sigma2 =
// SSE/DF (the sigma of events.csv and the scale of the rank tests'
// estimation SARs), R2 from the ML residuals, XtXInv nil.
func fitConditional(e *EventEstimate, d *design, rows []int, dist GarchDist) bool {
	if dist == "" {
		dist = GarchNormal
	}
	f := e.Fit
	M := len(rows)
	var sse float64
	for _, i := range rows {
		sse += e.Residual[i] * e.Residual[i]
	}
	if !(f.R2 < 1-1e-12) || !finite(sse) { // an exact fit, or returns too large to square
		sse = 0
	}
	gf := fitGarchML(d.spec.Variance, dist, d, rows, f.Theta[0], f.Theta[1], sse/float64(M))
	f.Garch = gf
	if !gf.Used() {
		return false
	}
	f.Theta = []float64{gf.p.alpha, gf.p.beta}
	var ybar float64
	sse = 0
	for _, i := range rows {
		y := d.y(i)
		e.Residual[i] = y - gf.p.alpha - gf.p.beta*d.x(0, i)
		sse += e.Residual[i] * e.Residual[i]
		ybar += y
	}
	ybar /= float64(M)
	var sst float64
	for _, i := range rows {
		dy := d.y(i) - ybar
		sst += dy * dy
	}
	f.DF = M - gf.nParams()
	f.Sigma2 = sse / float64(f.DF)
	f.R2 = 1 - sse/sst
	f.XtXInv = nil
	return true
}

// conditionalVariance sets e.CondVar and SAR_τ = AR_τ/σ_τ over the event
// window, and reports false when a σ²_τ leaves (0, ∞). σ²_τ is the one-step-ahead forecast: the recursion of the
// fitted model run from the start of the estimation sample through the
// event window on the realized residuals up to τ-1 (estimation residuals,
// then AR; a missing day by its expectation). This is the event day's
// variance in Savickas (2003), whose event-day dummy keeps the day's own
// shock out of its variance.
func conditionalVariance(e *EventEstimate, d *design, cfg Config, rows []int) bool {
	gf := e.Fit.Garch
	rec := newRecursion(gf.Kind, gf.p)
	off := cfg.EventWindow.T1 - cfg.Estimation.T1
	n := len(e.AR)
	e.CondVar = make([]float64, n)
	last := rows[len(rows)-1]
	s2 := rec.next(gf.s0, nan)
	for i := rows[0]; i < off+n; i++ {
		if j := i - off; j >= 0 {
			if !(s2 > 0) || math.IsInf(s2, 1) {
				return false
			}
			e.CondVar[j] = s2
			if finite(e.AR[j]) {
				e.SAR[j] = e.AR[j] / math.Sqrt(s2)
			}
		}
		eps := nan
		if i <= last {
			eps = e.Residual[i]
		} else {
			eps = d.y(i) - gf.p.alpha - gf.p.beta*d.x(0, i)
		}
		if !finite(eps) {
			eps = nan
		}
		s2 = rec.next(s2, eps)
	}
	return true
}
