package analysis

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// garchSeries sets the number of simulated series of TestGarchRecovers
// (docs/validation.md runs it with 200).
var garchSeriesN = flag.Int("garch.series", 20, "series per model in TestGarchRecovers")

// refLogLik is the likelihood of 3.8 written out plainly, independently
// of logLik: one loop, the pre-sample variance s2, a NaN day advancing
// the recursion by its expectation.
func refLogLik(kind string, tdist bool, alpha, beta, omega, a, b, gamma, nu float64, y, x []float64, s2 float64) float64 {
	// The scaled t density is c·(1+z²/(ν-2))^(-(ν+1)/2).
	var c float64
	if tdist {
		c = scaledTDensity(0, nu)
	}
	dens := func(z float64) float64 { return c * math.Pow(1+z*z/(nu-2), -(nu+1)/2) }
	ez := math.Sqrt(2 / math.Pi)
	if tdist && kind == varEGARCH {
		// E|z| by the midpoint rule, with a step widening into the tail.
		ez = numericAbsZ(dens, 100)
	}
	h := s2
	step := func(h, e float64) float64 {
		if kind == varEGARCH {
			l := omega + b*math.Log(h)
			if !math.IsNaN(e) {
				z := e / math.Sqrt(h)
				l += a*(math.Abs(z)-ez) + gamma*z
			}
			return math.Exp(l)
		}
		if math.IsNaN(e) {
			return omega + (a+b)*h
		}
		return omega + a*e*e + b*h
	}
	h = step(h, math.NaN())
	ll := 0.0
	for t := range y {
		if h <= 0 || math.IsNaN(h) || math.IsInf(h, 0) {
			return math.Inf(-1)
		}
		e := y[t] - alpha - beta*x[t]
		if !math.IsNaN(e) {
			if tdist {
				ll += math.Log(dens(e/math.Sqrt(h))) - 0.5*math.Log(h)
			} else {
				ll += -0.5*math.Log(2*math.Pi*h) - e*e/(2*h)
			}
		}
		h = step(h, e)
	}
	return ll
}

// numericAbsZ is E|z| = 2∫_0^∞ z f(z) dz by Gauss–Legendre quadrature
// after z = u/(1-u), which maps [0, ∞) onto [0, 1).
func numericAbsZ(f func(float64) float64, n int) float64 {
	g := func(u float64) float64 {
		z := u / (1 - u)
		return 2 * z * f(z) / ((1 - u) * (1 - u))
	}
	return quad.Fixed(g, 0, 1, n, quad.Legendre{}, 0)
}

// scaledTDensity is the density of a Student-t(ν) scaled to variance 1.
func scaledTDensity(z, nu float64) float64 {
	g1, _ := math.Lgamma((nu + 1) / 2)
	g2, _ := math.Lgamma(nu / 2)
	return math.Exp(g1-g2) / math.Sqrt(math.Pi*(nu-2)) * math.Pow(1+z*z/(nu-2), -(nu+1)/2)
}

// plainOLS is the market model by the textbook formulas and its residual
// variance with divisor M.
func plainOLS(y, x []float64) (alpha, beta, s2 float64) {
	var n, sx, sy float64
	for i := range y {
		if !math.IsNaN(y[i]) {
			n++
			sx += x[i]
			sy += y[i]
		}
	}
	mx, my := sx/n, sy/n
	var sxy, sxx float64
	for i := range y {
		if !math.IsNaN(y[i]) {
			sxy += (x[i] - mx) * (y[i] - my)
			sxx += (x[i] - mx) * (x[i] - mx)
		}
	}
	beta = sxy / sxx
	alpha = my - beta*mx
	for i := range y {
		if !math.IsNaN(y[i]) {
			e := y[i] - alpha - beta*x[i]
			s2 += e * e
		}
	}
	return alpha, beta, s2 / n
}

// plainNelderMead minimizes f from x0 with the textbook simplex moves
// (reflection 1, expansion 2, contraction ½, shrink ½), the initial
// simplex x0 + step_k e_k.
func plainNelderMead(f func([]float64) float64, x0, step []float64, iters int) ([]float64, float64) {
	n := len(x0)
	pts := make([][]float64, n+1)
	val := make([]float64, n+1)
	for k := range pts {
		pts[k] = append([]float64(nil), x0...)
		if k > 0 {
			pts[k][k-1] += step[k-1]
		}
		val[k] = f(pts[k])
	}
	at := func(c []float64, w []float64, t float64) []float64 {
		p := make([]float64, n)
		for j := range p {
			p[j] = c[j] + t*(w[j]-c[j])
		}
		return p
	}
	for it := 0; it < iters; it++ {
		// sort by value (insertion sort: n is small)
		for i := 1; i <= n; i++ {
			for j := i; j > 0 && val[j] < val[j-1]; j-- {
				val[j], val[j-1] = val[j-1], val[j]
				pts[j], pts[j-1] = pts[j-1], pts[j]
			}
		}
		c := make([]float64, n)
		for k := 0; k < n; k++ {
			for j := range c {
				c[j] += pts[k][j] / float64(n)
			}
		}
		worst := pts[n]
		r := at(c, worst, -1)
		fr := f(r)
		switch {
		case fr < val[0]:
			e := at(c, worst, -2)
			if fe := f(e); fe < fr {
				pts[n], val[n] = e, fe
			} else {
				pts[n], val[n] = r, fr
			}
		case fr < val[n-1]:
			pts[n], val[n] = r, fr
		default:
			k := at(c, worst, 0.5)
			if fk := f(k); fk < val[n] {
				pts[n], val[n] = k, fk
			} else {
				for i := 1; i <= n; i++ {
					pts[i] = at(pts[0], pts[i], 0.5)
					val[i] = f(pts[i])
				}
			}
		}
	}
	best := 0
	for k := range val {
		if val[k] < val[best] {
			best = k
		}
	}
	return pts[best], val[best]
}

// referenceMax is the independent optimizer of TestGarchLogLikAtLeastReference:
// a grid over the variance parameters with the OLS mean, then plain
// Nelder–Mead on the natural parameters (constraints by an infinite
// penalty), restarted twice from its end.
func referenceMax(kind string, tdist bool, y, x []float64) float64 {
	alpha, beta, s2 := plainOLS(y, x)
	f := func(p []float64) float64 {
		nu := math.Inf(1)
		if tdist {
			nu = p[len(p)-1]
			if nu <= 2 || nu > 500 {
				return math.Inf(1)
			}
		}
		var ll float64
		if kind == varEGARCH {
			if math.Abs(p[5]) >= 1 {
				return math.Inf(1)
			}
			ll = refLogLik(kind, tdist, p[0], p[1], p[2], p[3], p[5], p[4], nu, y, x, s2)
		} else {
			if p[2] <= 0 || p[3] < 0 || p[4] < 0 || p[3]+p[4] >= 1 {
				return math.Inf(1)
			}
			ll = refLogLik(kind, tdist, p[0], p[1], p[2], p[3], p[4], 0, nu, y, x, s2)
		}
		return -ll
	}
	var best []float64
	bestF := math.Inf(1)
	for _, a := range []float64{0.02, 0.05, 0.1, 0.15, 0.25} {
		for _, b := range []float64{0.3, 0.6, 0.8, 0.9, 0.95} {
			var p []float64
			if kind == varEGARCH {
				p = []float64{alpha, beta, (1 - b) * math.Log(s2), a, 0, b}
			} else if a+b < 1 {
				p = []float64{alpha, beta, s2 * (1 - a - b), a, b}
			} else {
				continue
			}
			if tdist {
				p = append(p, 8)
			}
			if v := f(p); v < bestF {
				best, bestF = p, v
			}
		}
	}
	for range 3 {
		step := make([]float64, len(best))
		for j, v := range best {
			step[j] = math.Max(math.Abs(v)*0.1, 1e-4)
		}
		best, bestF = plainNelderMead(f, best, step, 1500)
	}
	return -bestF
}

// TestGarchLogLikAtLeastReference: the maximized log-likelihood is the
// independent likelihood at the reported parameters (1e-8 relative) and at
// least the independent optimizer's maximum (less 1e-6), for garch and
// egarch, normal and t, with two missing days in the sample.
func TestGarchLogLikAtLeastReference(t *testing.T) {
	cases := []struct {
		name  string
		truth garchTruth
		model Model
		dist  GarchDist
	}{
		{"garch normal", garchTruth{kind: varGARCH, alpha: 5e-4, beta: 1.1, omega: 2e-5, a: 0.1, b: 0.85, nu: math.Inf(1)}, ModelGARCH, GarchNormal},
		{"garch t", garchTruth{kind: varGARCH, alpha: 5e-4, beta: 0.9, omega: 2e-5, a: 0.1, b: 0.85, nu: 6}, ModelGARCH, GarchT},
		{"egarch normal", garchTruth{kind: varEGARCH, alpha: 5e-4, beta: 1.1, omega: -0.5, a: 0.2, gamma: -0.1, b: 0.94, nu: math.Inf(1)}, ModelEGARCH, GarchNormal},
		{"egarch t", garchTruth{kind: varEGARCH, alpha: 5e-4, beta: 1.1, omega: -0.5, a: 0.2, gamma: -0.1, b: 0.94, nu: 6}, ModelEGARCH, GarchT},
	}
	for k, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(100+k), 7))
			const nEst = 500
			r, m := simGarch(rng, c.truth, nEst+21)
			r[40], r[300] = math.NaN(), math.NaN()
			in, cfg := garchEvent(r, m, nEst)
			cfg.Model, cfg.GarchDist = c.model, c.dist
			e, reason := Estimate(in, cfg)
			if reason != "" {
				t.Fatalf("reason %q", reason)
			}
			gf := e.Fit.Garch
			if !gf.Used() {
				t.Fatalf("fallback: %s", gf.Fallback)
			}
			y, x := r[:nEst], m[:nEst]
			_, _, s2 := plainOLS(y, x)
			nu := gf.Nu
			if c.dist == GarchNormal {
				nu = math.Inf(1)
			}
			gamma := gf.Gamma
			if c.model == ModelGARCH {
				gamma = 0
			}
			at := refLogLik(gf.Kind, c.dist == GarchT, e.Fit.Theta[0], e.Fit.Theta[1], gf.Omega, gf.A, gf.B, gamma, nu, y, x, s2)
			if math.Abs(at-gf.LogLik) > 1e-8*math.Abs(at) {
				t.Errorf("loglik %.10f, the independent likelihood at the estimate %.10f", gf.LogLik, at)
			}
			ref := referenceMax(gf.Kind, c.dist == GarchT, y, x)
			t.Logf("loglik %.6f, reference %.6f (ω=%.3g a=%.4f b=%.4f γ=%.4f ν=%.3g)", gf.LogLik, ref, gf.Omega, gf.A, gf.B, gf.Gamma, gf.Nu)
			if gf.LogLik < ref-1e-6 {
				t.Errorf("loglik %.8f below the reference optimizer's %.8f", gf.LogLik, ref)
			}
		})
	}
}

// TestGarchRecovers: over simulated GARCH(1,1) and EGARCH(1,1) panels of
// 1,000 days with known parameters, the mean estimates are near the truth
// (bias within tol). The tolerances are about three Monte Carlo standard
// errors of the bias at 20 series (RMSE/√20).
func TestGarchRecovers(t *testing.T) {
	cases := []struct {
		name  string
		model Model
		dist  GarchDist
		truth garchTruth
		tol   map[string]float64 // absolute bias tolerance per parameter
	}{
		{"garch normal", ModelGARCH, GarchNormal,
			garchTruth{kind: varGARCH, alpha: 5e-4, beta: 1.2, omega: 1.6e-5, a: 0.08, b: 0.88, nu: math.Inf(1)},
			map[string]float64{"alpha": 4e-4, "beta": 0.045, "omega": 1.2e-5, "a": 0.02, "b": 0.04}},
		{"garch t", ModelGARCH, GarchT,
			garchTruth{kind: varGARCH, alpha: 5e-4, beta: 1.2, omega: 1.6e-5, a: 0.08, b: 0.88, nu: 6},
			map[string]float64{"alpha": 4e-4, "beta": 0.045, "omega": 1.2e-5, "a": 0.025, "b": 0.04, "nu": 1.5}},
		{"egarch normal", ModelEGARCH, GarchNormal,
			garchTruth{kind: varEGARCH, alpha: 5e-4, beta: 1.2, omega: -0.4, a: 0.15, gamma: -0.08, b: 0.95, nu: math.Inf(1)},
			map[string]float64{"alpha": 4e-4, "beta": 0.045, "omega": 0.25, "a": 0.04, "gamma": 0.03, "b": 0.035}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			truth := map[string]float64{"alpha": c.truth.alpha, "beta": c.truth.beta, "omega": c.truth.omega,
				"a": c.truth.a, "b": c.truth.b, "gamma": c.truth.gamma, "nu": c.truth.nu}
			sum, sq := map[string]float64{}, map[string]float64{}
			n, fallbacks := 0, 0
			for s := 0; s < *garchSeriesN; s++ {
				rng := rand.New(rand.NewPCG(uint64(s), 2026))
				r, m := simGarch(rng, c.truth, 1021)
				in, cfg := garchEvent(r, m, 1000)
				cfg.Model, cfg.GarchDist = c.model, c.dist
				e, reason := Estimate(in, cfg)
				if reason != "" {
					t.Fatalf("series %d: reason %q", s, reason)
				}
				gf := e.Fit.Garch
				if !gf.Used() {
					fallbacks++
					continue
				}
				n++
				est := map[string]float64{"alpha": e.Fit.Theta[0], "beta": e.Fit.Theta[1], "omega": gf.Omega,
					"a": gf.A, "b": gf.B, "gamma": gf.Gamma, "nu": gf.Nu}
				for k := range c.tol {
					d := est[k] - truth[k]
					sum[k] += d
					sq[k] += d * d
				}
			}
			if fallbacks > *garchSeriesN/10 {
				t.Errorf("%d of %d fits fell back to OLS", fallbacks, *garchSeriesN)
			}
			for _, k := range []string{"alpha", "beta", "omega", "a", "b", "gamma", "nu"} {
				tol, ok := c.tol[k]
				if !ok {
					continue
				}
				bias, rmse := sum[k]/float64(n), math.Sqrt(sq[k]/float64(n))
				t.Logf("%s %-5s true %-9.4g bias %-+10.3g rmse %-9.3g (%d series, %d fallbacks)", c.name, k, truth[k], bias, rmse, n, fallbacks)
				if math.Abs(bias) > tol {
					t.Errorf("%s: bias %.4g beyond %.4g", k, bias, tol)
				}
			}
		})
	}
}

// TestGarchEventWindow: the event window's conditional variances are the
// recursion run by hand from the reported parameters through the
// estimation residuals and the event-window ARs; SAR = AR/σ_τ; Var(CAR)
// sums σ²_τ; AR = R - α - β R_m.
func TestGarchEventWindow(t *testing.T) {
	for _, model := range []Model{ModelGARCH, ModelEGARCH} {
		t.Run(string(model), func(t *testing.T) {
			truth := garchTruth{kind: varGARCH, alpha: 5e-4, beta: 1.1, omega: 2e-5, a: 0.1, b: 0.85, nu: math.Inf(1)}
			rng := rand.New(rand.NewPCG(5, 5))
			const nEst = 400
			r, m := simGarch(rng, truth, nEst+21)
			r[nEst+3] = math.NaN() // a missing event day: advanced by its expectation
			in, cfg := garchEvent(r, m, nEst)
			cfg.Model = model
			e, reason := Estimate(in, cfg)
			if reason != "" || !e.Fit.Garch.Used() {
				t.Fatalf("reason %q fallback %q", reason, e.Fit.Garch.Fallback)
			}
			g := e.Fit.Garch
			al, be := e.Fit.Theta[0], e.Fit.Theta[1]
			_, _, s2 := plainOLS(r[:nEst], m[:nEst])
			ez := math.Sqrt(2 / math.Pi)
			step := func(h, eps float64) float64 {
				if model == ModelEGARCH {
					l := g.Omega + g.B*math.Log(h)
					if !math.IsNaN(eps) {
						z := eps / math.Sqrt(h)
						l += g.A*(math.Abs(z)-ez) + g.Gamma*z
					}
					return math.Exp(l)
				}
				if math.IsNaN(eps) {
					return g.Omega + (g.A+g.B)*h
				}
				return g.Omega + g.A*eps*eps + g.B*h
			}
			h := step(s2, math.NaN())
			for i := 0; i < nEst+21; i++ {
				eps := r[i] - al - be*m[i]
				if j := i - nEst; j >= 0 {
					if d := math.Abs(e.CondVar[j] - h); d > 1e-12*h {
						t.Fatalf("day %d: σ² %.12g, by hand %.12g", j-10, e.CondVar[j], h)
					}
					if !math.IsNaN(eps) {
						if math.Abs(e.AR[j]-eps) > 1e-15 || math.Abs(e.SAR[j]-eps/math.Sqrt(h)) > 1e-12 {
							t.Fatalf("day %d: AR %g SAR %g, by hand %g %g", j-10, e.AR[j], e.SAR[j], eps, eps/math.Sqrt(h))
						}
					} else if !math.IsNaN(e.SAR[j]) {
						t.Fatalf("day %d: SAR %g for a missing return", j-10, e.SAR[j])
					}
				}
				h = step(h, eps)
			}
			v := e.CondVar[9] + e.CondVar[10] + e.CondVar[11]
			if got := e.CARVariance(Window{-1, 1}, false); math.Abs(got-v) > 1e-15 {
				t.Errorf("Var(CAR(-1,1)) %g, Σσ² %g", got, v)
			}
			if got := e.CARVariance(Window{-1, 1}, true); math.Abs(got-v) > 1e-15 {
				t.Errorf("simple Var(CAR(-1,1)) %g, Σσ² %g", got, v)
			}
			if e.Fit.DF != nEst-g.nParams() || e.Fit.XtXInv != nil {
				t.Errorf("df %d, XtXInv %v", e.Fit.DF, e.Fit.XtXInv)
			}
		})
	}
}

// TestGarchFallback: a fit on the boundary (iid residuals: no ARCH
// effect, a → 0) and a fit with no residual variance fall back to the OLS
// market model, estimates identical to --model market, with the reason.
func TestGarchFallback(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const nEst = 250
	r, m := make([]float64, nEst+21), make([]float64, nEst+21)
	for i := range r {
		m[i] = 0.01 * rng.NormFloat64()
		r[i] = 1e-3 + 0.8*m[i] + 0.02*rng.NormFloat64()
	}
	exact := make([]float64, len(r))
	for i := range exact {
		exact[i] = 1e-3 + 0.8*m[i]
	}
	for _, c := range []struct {
		name string
		r    []float64
		want string
	}{
		{"iid residuals", r, "at its bound 0"},
		{"no residual variance", exact, "residual variance is 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, cfg := garchEvent(c.r, m, nEst)
			e, reason := Estimate(in, cfg)
			cfg.Model = ModelMarket
			mk, _ := Estimate(in, cfg)
			if reason != "" && reason != ReasonNoEventReturns {
				t.Fatalf("reason %q", reason)
			}
			g := e.Fit.Garch
			if g == nil || g.Used() {
				t.Fatalf("no fallback: %+v", g)
			}
			if !contains(g.Fallback, c.want) {
				t.Errorf("fallback %q, want it to say %q", g.Fallback, c.want)
			}
			if e.CondVar != nil || e.Fit.Theta[1] != mk.Fit.Theta[1] || e.Fit.Sigma2 != mk.Fit.Sigma2 || e.Fit.DF != mk.Fit.DF {
				t.Errorf("fallback fit %+v differs from the market model %+v", e.Fit, mk.Fit)
			}
			if !math.IsNaN(g.LogLik) || !math.IsNaN(g.A) {
				t.Errorf("fallback reports loglik %g a %g", g.LogLik, g.A)
			}
		})
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestGarchShortEstimation: fewer than MinGarchObs returns exclude the
// event with ReasonShortGarch (the market model would estimate it).
func TestGarchShortEstimation(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	r, m := simGarch(rng, garchTruth{kind: varGARCH, beta: 1, omega: 2e-5, a: 0.1, b: 0.8, nu: math.Inf(1)}, MinGarchObs+20)
	in, cfg := garchEvent(r, m, MinGarchObs-1)
	if _, reason := Estimate(in, cfg); reason != ReasonShortGarch {
		t.Errorf("reason %q, want %q", reason, ReasonShortGarch)
	}
	cfg.Model = ModelMarket
	if _, reason := Estimate(in, cfg); reason != "" {
		t.Errorf("market: reason %q", reason)
	}
}

// TestAbsZMean: E|z| against the trapezoid rule on the density.
func TestAbsZMean(t *testing.T) {
	for _, nu := range []float64{3, 4, 6, 30, 400} {
		t.Run(fmt.Sprint(nu), func(t *testing.T) {
			want := numericAbsZ(func(z float64) float64 { return scaledTDensity(z, nu) }, 400)
			if got := absZMean(nu); math.Abs(got-want) > 1e-9*want {
				t.Errorf("E|z| = %.12f, by quadrature %.12f", got, want)
			}
		})
	}
	if got := absZMean(math.Inf(1)); got != math.Sqrt(2/math.Pi) {
		t.Errorf("normal: %g", got)
	}
}

// TestGarchDistValidate: --garch-dist accepts normal and t only.
func TestGarchDistValidate(t *testing.T) {
	c := DefaultConfig()
	for _, d := range []GarchDist{"", GarchNormal, GarchT} {
		c.GarchDist = d
		if err := c.Validate(); err != nil {
			t.Errorf("%q: %v", d, err)
		}
	}
	c.GarchDist = "cauchy"
	if err := c.Validate(); err == nil {
		t.Error("cauchy accepted")
	}
	if _, err := ParseGarchDist("T"); err != nil {
		t.Error(err)
	}
}

// BenchmarkEstimateGARCH fits --model garch (normal) for one event with
// the default windows (250 estimation days) on a simulated GARCH(1,1)
// series: the per-event cost that BenchmarkEstimate is for the market
// model.
func BenchmarkEstimateGARCH(b *testing.B) {
	for _, c := range []struct {
		model Model
		dist  GarchDist
	}{{ModelGARCH, GarchNormal}, {ModelGARCH, GarchT}, {ModelEGARCH, GarchNormal}} {
		b.Run(string(c.model)+"/"+string(c.dist), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 3))
			r, m := simGarch(rng, garchTruth{kind: varGARCH, alpha: 2e-4, beta: 1.1, omega: 2e-5, a: 0.1, b: 0.85, nu: math.Inf(1)}, 271)
			in, cfg := garchEvent(r, m, 250)
			cfg.Model, cfg.GarchDist = c.model, c.dist
			for b.Loop() {
				if _, reason := Estimate(in, cfg); reason != "" {
					b.Fatal(reason)
				}
			}
		})
	}
}

// FuzzEstimateGARCH: garch and egarch never panic on arbitrary returns
// (NaN, ±Inf, huge, tiny, constant; the fuzzed values are cycled over a
// 120-day estimation window), and a used fit has a finite log-likelihood,
// finite positive conditional variances and finite SARs where AR is
// finite; otherwise it fell back with a reason or excluded the event.
func FuzzEstimateGARCH(f *testing.F) {
	enc := func(v ...float64) []byte {
		b := make([]byte, 8*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
		return b
	}
	f.Add(enc(0.01, -0.02, 0.003, 0.05, -0.04), enc(0.004, -0.01, 0.02), uint8(0))
	f.Add(enc(math.NaN(), math.Inf(1), 1e308, -1e308, 0), enc(0.01, 0.02), uint8(1))
	f.Add(enc(0.01), enc(0.01, -0.01), uint8(2))
	f.Add(enc(1e-300, -1e-300, 5e-324), enc(0.01, -0.02, 0.005), uint8(3))
	f.Fuzz(func(t *testing.T, rb, xb []byte, m uint8) {
		rv, xv := floatsFrom(rb), floatsFrom(xb)
		if len(rv) == 0 || len(xv) == 0 {
			return
		}
		const nEst = 120
		r, x := make([]float64, nEst+21), make([]float64, nEst+21)
		rng := rand.New(rand.NewPCG(uint64(len(rv)), uint64(len(xv))))
		for i := range r {
			// cycle the fuzzed values, with a little noise so that a short
			// input does not make every design singular
			r[i] = rv[i%len(rv)] * (1 + 0.1*rng.NormFloat64())
			x[i] = xv[i%len(xv)] + 0.001*rng.NormFloat64()
		}
		in, cfg := garchEvent(r, x, nEst)
		cfg.Model = []Model{ModelGARCH, ModelEGARCH}[m%2]
		cfg.GarchDist = []GarchDist{GarchNormal, GarchT}[(m/2)%2]
		e, reason := Estimate(in, cfg)
		if e == nil {
			t.Fatal("nil estimate")
		}
		for _, w := range []Window{{0, 0}, {-1, 1}} {
			e.CARVariance(w, false)
			SingleEvent(e, w, cfg)
		}
		if reason != "" || !e.Fit.Garch.Used() {
			if reason == "" && e.Fit.Garch.Fallback == "" {
				t.Fatal("fallback without a reason")
			}
			return
		}
		if math.IsNaN(e.Fit.Garch.LogLik) || math.IsInf(e.Fit.Garch.LogLik, 0) {
			t.Fatalf("loglik %g", e.Fit.Garch.LogLik)
		}
		for j, v := range e.CondVar {
			if !(v > 0) || math.IsInf(v, 0) {
				t.Fatalf("σ²[%d] = %g", j, v)
			}
			if finite(e.AR[j]) && !finite(e.SAR[j]) {
				t.Fatalf("SAR[%d] = %g for AR %g", j, e.SAR[j], e.AR[j])
			}
		}
	})
}
