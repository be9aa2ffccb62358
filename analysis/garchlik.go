package analysis

import "math"

// The likelihood of the market model with GARCH(1,1) or EGARCH(1,1)
// errors (docs/methodology.md 3.7):
//
//	r_t = α + β r_mt + ε_t,   ε_t = σ_t z_t,   z_t iid, mean 0, variance 1,
//
//	garch:  σ²_t = ω + a ε²_{t-1} + b σ²_{t-1}                        (Bollerslev 1986)
//	egarch: ln σ²_t = ω + a(|z_{t-1}| - E|z|) + γ z_{t-1} + b ln σ²_{t-1}   (Nelson 1991)
//
// with z normal or Student-t scaled to unit variance (Bollerslev 1987),
//
//	normal: ln f = -½(ln 2π + ln σ²_t + ε²_t/σ²_t)
//	t(ν):   ln f = ln Γ((ν+1)/2) - ln Γ(ν/2) - ½ ln(π(ν-2)) - ½ ln σ²_t
//	               - (ν+1)/2 · ln(1 + ε²_t/((ν-2)σ²_t)),   ν > 2.
//
// The recursion starts from the sample variance s² of the OLS residuals
// (divisor M) as the pre-sample σ²_0 and ε²_0 (garch: σ²_1 = ω + (a+b)s²;
// egarch: z_0 = E|z| term zero, ln σ²_1 = ω + b ln s²). A day without a
// residual (missing return, inside the sample's span or in the event
// window) advances the recursion by its expectation: ε² replaced by σ²
// (garch), the shock terms by 0 (egarch, a forecast of ln σ²).
//
// Bollerslev, T. (1986), "Generalized autoregressive conditional
// heteroskedasticity", Journal of Econometrics 31, 307–327.
// Bollerslev, T. (1987), "A conditionally heteroskedastic time series model
// for speculative prices and rates of return", Review of Economics and
// Statistics 69, 542–547.
// Nelson, D. B. (1991), "Conditional heteroskedasticity in asset returns: a
// new approach", Econometrica 59, 347–370.

// Variance processes of the conditional-variance models.
const (
	varGARCH  = "garch"
	varEGARCH = "egarch"
)

// GarchDist is the innovation distribution of garch and egarch
// (--garch-dist).
type GarchDist string

const (
	GarchNormal GarchDist = "normal" // Gaussian z, default
	GarchT      GarchDist = "t"      // Student-t z scaled to unit variance, ν > 2 estimated
)

// GarchDists are the values --garch-dist accepts.
var GarchDists = []GarchDist{GarchNormal, GarchT}

func (d GarchDist) String() string { return string(d) }

// ParseGarchDist reads a --garch-dist value.
func ParseGarchDist(s string) (GarchDist, error) { return ParseChoice(s, GarchDists) }

// garchParams are the natural parameters of one fit. gamma is 0 for
// garch, nu +Inf for normal innovations.
type garchParams struct {
	alpha, beta        float64 // mean equation
	omega, a, b, gamma float64 // variance equation
	nu                 float64
}

// garchSeries is the data a likelihood runs over: the dependent variable
// and the market return on every day from the first to the last day of
// the estimation sample, NaN where the day is not in the sample.
type garchSeries struct {
	y, x []float64
	s2   float64 // pre-sample variance: OLS residual variance, divisor M
}

// absZMean is E|z| for unit-variance innovations: √(2/π) for the normal,
// 2√(ν-2) Γ((ν+1)/2) / (√π (ν-1) Γ(ν/2)) for the scaled t.
func absZMean(nu float64) float64 {
	if math.IsInf(nu, 1) {
		return math.Sqrt(2 / math.Pi)
	}
	lg1, _ := math.Lgamma((nu + 1) / 2)
	lg2, _ := math.Lgamma(nu / 2)
	return 2 * math.Sqrt(nu-2) * math.Exp(lg1-lg2) / (math.Sqrt(math.Pi) * (nu - 1))
}

// varRecursion advances a conditional variance by one day.
type varRecursion struct {
	kind string
	p    garchParams
	ez   float64 // E|z| (egarch)
}

func newRecursion(kind string, p garchParams) varRecursion {
	r := varRecursion{kind: kind, p: p}
	if kind == varEGARCH {
		r.ez = absZMean(p.nu)
	}
	return r
}

// next is σ²_{t+1} given σ²_t and ε_t; a NaN ε_t is a missing day,
// replaced by its expectation.
func (r *varRecursion) next(s2, eps float64) float64 {
	p := &r.p
	if r.kind == varEGARCH {
		l := p.omega + p.b*math.Log(s2)
		if !math.IsNaN(eps) {
			z := eps / math.Sqrt(s2)
			l += p.a*(math.Abs(z)-r.ez) + p.gamma*z
		}
		return math.Exp(l)
	}
	e2 := eps * eps
	if math.IsNaN(eps) {
		e2 = s2
	}
	return p.omega + p.a*e2 + p.b*s2
}

// logLik is the log-likelihood of p on s, and the conditional variance
// of the day after the series (the first forecast); -Inf when a variance
// leaves (0, ∞).
func logLik(kind string, p garchParams, s *garchSeries) (ll, nextVar float64) {
	rec := newRecursion(kind, p)
	tdist := !math.IsInf(p.nu, 1)
	var c float64 // the density's constant
	if tdist {
		if !(p.nu > 2) {
			return math.Inf(-1), nan
		}
		lg1, _ := math.Lgamma((p.nu + 1) / 2)
		lg2, _ := math.Lgamma(p.nu / 2)
		c = lg1 - lg2 - 0.5*math.Log(math.Pi*(p.nu-2))
	} else {
		c = -0.5 * math.Log(2*math.Pi)
	}
	s2 := rec.next(s.s2, nan)
	for i, y := range s.y {
		if !(s2 > 0) || math.IsInf(s2, 1) {
			return math.Inf(-1), nan
		}
		eps := y - p.alpha - p.beta*s.x[i] // NaN on a missing day
		if !math.IsNaN(eps) {
			e2 := eps * eps / s2
			if tdist {
				ll += c - 0.5*math.Log(s2) - (p.nu+1)/2*math.Log1p(e2/(p.nu-2))
			} else {
				ll += c - 0.5*(math.Log(s2)+e2)
			}
		}
		s2 = rec.next(s2, eps)
	}
	if math.IsNaN(ll) {
		return math.Inf(-1), nan
	}
	return ll, s2
}
