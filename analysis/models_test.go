package analysis

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestMeanAndMarketAdjusted checks the constant-mean (3.2) and
// market-adjusted (3.3) models on event A of 8.1 against a hand computation
// (plain arithmetic on the 12 estimation returns, done outside Go).
func TestMeanAndMarketAdjusted(t *testing.T) {
	rm, r := ex84()
	w := Window{0, 2}
	cases := []struct {
		model     Model
		theta0    float64
		sigma2    float64
		ar, sar   [3]float64
		h         float64
		car, v    float64
		df        int
		normal0   float64
		residual0 float64
	}{
		{ModelMean, 0.003166666666666668, 0.0002785151515151515,
			[3]float64{-0.03816666666666667, -0.02316666666666667, 0.0008333333333333322},
			[3]float64{-2.1972464208606075, -1.3336997925747793, 0.04797481268254595},
			1.0 / 12, -0.060500000000000005, 0.0010444318181818183, 11,
			0.003166666666666668, 0.026 - 0.003166666666666668},
		{ModelMarketAdjusted, 0, 0.00012972727272727273,
			[3]float64{-0.039, -0.01, 0.003},
			[3]float64{-3.4241198952084666, -0.8779794603098632, 0.26339383809295897},
			0, -0.046, 0.0003891818181818182, 11,
			0.004, 0.026 - 0.010},
	}
	for _, c := range cases {
		t.Run(string(c.model), func(t *testing.T) {
			cfg := exampleConfig()
			cfg.Model = c.model
			e, reason := Estimate(inputAt("A", "A", "", 0, 12, cfg, rm, r["A"]), cfg)
			if reason != "" {
				t.Fatalf("reason %q", reason)
			}
			f := e.Fit
			if f.DF != c.df || f.M != 12 || !math.IsNaN(f.R2) {
				t.Errorf("df %d M %d R2 %g", f.DF, f.M, f.R2)
			}
			checkRel(t, "theta0", f.Theta[0], c.theta0, 1e-12)
			checkRel(t, "sigma2", f.Sigma2, c.sigma2, tolI)
			checkRel(t, "residual0", e.Residual[0], c.residual0, tolI)
			checkRel(t, "normal0", e.NormalRet[0], c.normal0, tolI)
			for j := 0; j < 3; j++ {
				checkRel(t, "AR", e.AR[j], c.ar[j], tolI)
				checkRel(t, "SAR", e.SAR[j], c.sar[j], tolI)
				checkRel(t, "h", e.H[j], c.h, tolI)
			}
			car, _ := e.CAR(w)
			checkRel(t, "CAR", car, c.car, tolI)
			checkRel(t, "Var(CAR) exact", e.CARVariance(w, false), c.v, tolI)
			checkRel(t, "Var(CAR) simple", e.CARVariance(w, true), 3*c.sigma2, tolI)
			checkRel(t, "Q", f.Q(), 11.0/9, tolI)
			// BHAR vs market is model-free (8.2).
			checkRel(t, "BHAR", e.BHAR(w, BenchmarkMarket), -0.04547116, tolI)
		})
	}
}

// synthFactors returns n days of three deterministic pseudo-random factor
// series and a risk-free rate.
func synthFactors(n int, seed uint64) (f [][]float64, rf []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	f = make([][]float64, 3)
	for j := range f {
		f[j] = make([]float64, n)
		for i := range f[j] {
			f[j][i] = 0.01 * rng.NormFloat64()
		}
	}
	rf = make([]float64, n)
	for i := range rf {
		rf[i] = 0.0001 + 0.00001*float64(i%7)
	}
	return f, rf
}

// TestFactorModel: a noise-free FF3 case recovers the true coefficients
// exactly; with noise the fit satisfies the normal equations X'(y-Xθ) = 0
// and XtXInv·X'X = I, and the normal return is RF + x'θ.
func TestFactorModel(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Model = ModelFF3
	cfg.Estimation = Window{-60, -1}
	cfg.EventWindow = Window{0, 4}
	cfg.MinEst = 30
	n := 65
	f, rf := synthFactors(n, 7)
	theta := []float64{0.0005, 1.1, 0.3, -0.5}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, noise := range []float64{0, 0.002} {
		R := make([]float64, n)
		for i := range R {
			R[i] = rf[i] + theta[0] + theta[1]*f[0][i] + theta[2]*f[1][i] + theta[3]*f[2][i] + noise*rng.NormFloat64()
		}
		R[5] = nan // a missing estimation day
		in := &EventInput{ID: "F", R: R, X: f, RF: rf}
		e, reason := Estimate(in, cfg)
		if reason != "" {
			t.Fatalf("reason %q", reason)
		}
		if e.Fit.M != 59 || e.Fit.DF != 55 || !math.IsNaN(e.Residual[5]) {
			t.Errorf("M %d df %d", e.Fit.M, e.Fit.DF)
		}
		if noise == 0 {
			for j := range theta {
				if math.Abs(e.Fit.Theta[j]-theta[j]) > 1e-12 {
					t.Errorf("theta[%d] = %.15g, want %g", j, e.Fit.Theta[j], theta[j])
				}
			}
			for j, ar := range e.AR {
				if math.Abs(ar) > 1e-14 {
					t.Errorf("noise-free AR[%d] = %g", j, ar)
				}
			}
			checkRel(t, "R2 noise-free", e.Fit.R2, 1, 1e-12)
			continue
		}
		// Normal equations: Σ x_t ε_t = 0 over the estimation sample, and
		// (X'X)⁻¹ (X'X) = I.
		p := 4
		xte := make([]float64, p)
		xtx := make([][]float64, p)
		for a := range xtx {
			xtx[a] = make([]float64, p)
		}
		for i := 0; i < 60; i++ {
			if math.IsNaN(e.Residual[i]) {
				continue
			}
			x := []float64{1, f[0][i], f[1][i], f[2][i]}
			for a := 0; a < p; a++ {
				xte[a] += x[a] * e.Residual[i]
				for b := 0; b < p; b++ {
					xtx[a][b] += x[a] * x[b]
				}
			}
		}
		for a := 0; a < p; a++ {
			if math.Abs(xte[a]) > 1e-14 {
				t.Errorf("X'e[%d] = %g", a, xte[a])
			}
			for b := 0; b < p; b++ {
				var s float64
				for c := 0; c < p; c++ {
					s += e.Fit.XtXInv[a][c] * xtx[c][b]
				}
				want := 0.0
				if a == b {
					want = 1
				}
				if math.Abs(s-want) > 1e-9 {
					t.Errorf("(X'X)^-1 X'X [%d][%d] = %g", a, b, s)
				}
			}
		}
		var sse float64
		for _, r := range e.Residual {
			if !math.IsNaN(r) {
				sse += r * r
			}
		}
		checkRel(t, "sigma2", e.Fit.Sigma2, sse/55, 1e-12)
		for j := range e.AR {
			i := 60 + j
			xb := e.Fit.Theta[0] + e.Fit.Theta[1]*f[0][i] + e.Fit.Theta[2]*f[1][i] + e.Fit.Theta[3]*f[2][i]
			checkRel(t, "normal", e.NormalRet[j], rf[i]+xb, 1e-12)
			checkRel(t, "AR", e.AR[j], R[i]-rf[i]-xb, 1e-12)
		}
	}
}

// TestEstimateReasons: every reason code and no panic on degenerate input.
func TestEstimateReasons(t *testing.T) {
	cfg := exampleConfig()
	rm, r := ex84()
	base := func() *EventInput { return inputAt("A", "A", "", 0, 12, cfg, rm, r["A"]) }

	constant := base()
	for i := range constant.X[0] {
		constant.X[0][i] = 0.003
	}
	noEvent := base()
	for i := 12; i < 15; i++ {
		noEvent.R[i] = nan
	}
	short := base()
	short.R[0], short.R[1], short.R[2] = nan, math.Inf(1), nan
	ff3 := cfg
	ff3.Model = ModelFF3
	unknown := cfg
	unknown.Model = "capm2"
	strict := cfg
	strict.MinEst = 13

	cases := []struct {
		name   string
		in     *EventInput
		cfg    Config
		reason string
	}{
		{"ok", base(), cfg, ""},
		{"constant market", constant, cfg, ReasonSingularModel},
		{"no event returns", noEvent, cfg, ReasonNoEventReturns},
		{"short (df <= 2 after gaps)", short, cfg, ReasonShortEstimation},
		{"min-est", base(), strict, ReasonShortEstimation},
		{"factors missing", base(), ff3, ReasonShortEstimation},
		{"unknown model", base(), unknown, ReasonUnknownModel},
		{"empty input", &EventInput{}, cfg, ReasonShortEstimation},
		{"nil input", nil, cfg, ReasonShortEstimation},
	}
	for _, c := range cases {
		e, reason := Estimate(c.in, c.cfg)
		if reason != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, reason, c.reason)
		}
		if c.in != nil && e == nil {
			t.Errorf("%s: nil estimate", c.name)
		}
	}
	// short: M = 10 (< MinEst 10? no: equal) but df = 8 > 2 is fine; with
	// three days gone M = 9 < MinEst 10.
	e, _ := Estimate(short, cfg)
	if e.Fit.M != 9 {
		t.Errorf("short M = %d, want 9", e.Fit.M)
	}
	// Windows outside the event window and incomplete ones give NaN.
	e, _ = Estimate(base(), cfg)
	if car, n := e.CAR(Window{-1, 1}); !math.IsNaN(car) || n != 0 {
		t.Errorf("CAR outside window = %g, %d", car, n)
	}
	if v := e.CARVariance(Window{1, 3}, false); !math.IsNaN(v) {
		t.Errorf("Var outside = %g", v)
	}
	if b := e.BHAR(Window{0, 2}, "peer"); !math.IsNaN(b) {
		t.Errorf("BHAR unknown benchmark = %g", b)
	}
	// Log returns: BHAR converts back to simple returns.
	logE := *e
	logE.LogReturns = true
	logE.Ret = []float64{math.Log1p(-0.035), math.Log1p(-0.020), math.Log1p(0.004)}
	logE.Bench = []float64{math.Log1p(0.004), math.Log1p(-0.010), math.Log1p(0.001)}
	checkRel(t, "BHAR from log", logE.BHAR(Window{0, 2}, ""), -0.04547116, tolI)
}

// readAdjClose reads Date and Adj Close of a Yahoo file in testdata.
func readAdjClose(t *testing.T, path string) map[string]float64 {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out[r[0]] = v
	}
	return out
}

// TestTMUS2021 estimates the market model for T-Mobile's August 2021 breach
// (day 0 = 2021-08-16, estimation -260,-11 on the S&P 500 calendar) and
// checks it against closed forms computed here with plain loops:
// β = Sxy/Sxx, α = ȳ - βx̄, σ² = SSE/(M-2), and the market-model form of
// Var(CAR) in 4.2.
func TestTMUS2021(t *testing.T) {
	gspc, tmus, dates, day0 := tmus2021(t)
	ret := func(p map[string]float64, i int) float64 {
		a, ok1 := p[dates[i-1]]
		b, ok2 := p[dates[i]]
		if !ok1 || !ok2 {
			return nan
		}
		return b/a - 1
	}
	cfg := DefaultConfig()
	in := &EventInput{ID: "tmus-2021", Firm: "TMUS", Day0: day0, X: [][]float64{nil}}
	for tau := cfg.Estimation.T1; tau <= cfg.EventWindow.T2; tau++ {
		i := day0 + tau
		in.Cal = append(in.Cal, i)
		in.R = append(in.R, ret(tmus, i))
		in.X[0] = append(in.X[0], ret(gspc, i))
	}
	e, reason := Estimate(in, cfg)
	if reason != "" {
		t.Fatalf("reason %q", reason)
	}

	// Closed forms by hand.
	var xs, ys []float64
	for tau := -260; tau <= -11; tau++ {
		xs = append(xs, ret(gspc, day0+tau))
		ys = append(ys, ret(tmus, day0+tau))
	}
	M := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= M
	my /= M
	var sxx, sxy float64
	for i := range xs {
		sxx += (xs[i] - mx) * (xs[i] - mx)
		sxy += (xs[i] - mx) * (ys[i] - my)
	}
	beta := sxy / sxx
	alpha := my - beta*mx
	var sse float64
	for i := range xs {
		u := ys[i] - alpha - beta*xs[i]
		sse += u * u
	}
	sigma2 := sse / (M - 2)
	ar := func(tau int) float64 { return ret(tmus, day0+tau) - alpha - beta*ret(gspc, day0+tau) }
	car := ar(-1) + ar(0) + ar(1)
	dev := ret(gspc, day0-1) + ret(gspc, day0) + ret(gspc, day0+1) - 3*mx
	varCAR := sigma2 * (3 + 9/M + dev*dev/sxx)

	const tol = 1e-10
	if e.Fit.M != 250 {
		t.Errorf("M = %d, want 250", e.Fit.M)
	}
	checkRel(t, "alpha", e.Fit.Theta[0], alpha, tol)
	checkRel(t, "beta", e.Fit.Theta[1], beta, tol)
	checkRel(t, "sigma", math.Sqrt(e.Fit.Sigma2), math.Sqrt(sigma2), tol)
	checkRel(t, "AR(0)", e.AR[10], ar(0), tol)
	w := Window{-1, 1}
	gotCAR, _ := e.CAR(w)
	checkRel(t, "CAR(-1,1)", gotCAR, car, tol)
	checkRel(t, "Var CAR(-1,1)", e.CARVariance(w, false), varCAR, tol)
	row := SingleEvent(e, w, cfg)
	t.Logf("TMUS 2021-08-16: alpha %.6g beta %.4f sigma %.5f AR(0) %.5f; CAR(-1,1) %.5f se %.5f t %.3f df %v p %.4f (lower %.4f) sq_p %.4f BHAR %.5f",
		alpha, beta, math.Sqrt(sigma2), ar(0), car, float64(row.SE), float64(row.T), row.DF, float64(row.P), float64(row.PLower), float64(row.SQP), float64(row.BHAR))
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// TestSCARVarianceMonteCarlo: under H0 with iid normal returns the exact
// CAR variance makes Var(SCAR) = Q = df/(df-2) = 118/116 = 1.0172 for
// M = 120, k = 1 (docs/methodology.md 5); the sum of diagonal variances only
// (pitfall 9.4) inflates it visibly for an 11-day window.
func TestSCARVarianceMonteCarlo(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Estimation = Window{-120, -1}
	cfg.EventWindow = Window{0, 10}
	w := cfg.EventWindow
	rng := rand.New(rand.NewPCG(2021, 816))
	const reps = 20000
	n := 131
	var sumExact, sumDiag float64
	in := &EventInput{R: make([]float64, n), X: [][]float64{make([]float64, n)}}
	for rep := 0; rep < reps; rep++ {
		for i := 0; i < n; i++ {
			m := 0.01 * rng.NormFloat64()
			in.X[0][i] = m
			in.R[i] = 0.0002 + 0.9*m + 0.015*rng.NormFloat64()
		}
		e, reason := Estimate(in, cfg)
		if reason != "" {
			t.Fatal(reason)
		}
		s := e.SCAR(w, false)
		sumExact += s * s
		car, _ := e.CAR(w)
		var diag float64
		for _, h := range e.H {
			diag += e.Fit.Sigma2 * (1 + h)
		}
		sumDiag += car * car / diag
	}
	q := 118.0 / 116
	vExact, vDiag := sumExact/reps, sumDiag/reps
	t.Logf("Var(SCAR): exact %.4f, diagonal-only %.4f, Q %.4f", vExact, vDiag, q)
	if math.Abs(vExact/q-1) > 0.03 {
		t.Errorf("Var(SCAR) exact = %.4f, want Q = %.4f within 3%%", vExact, q)
	}
	if vDiag < 1.05*q {
		t.Errorf("diagonal-only Var(SCAR) = %.4f, expected clearly above Q", vDiag)
	}
}

// TestConfigValidate: the defaults pass; overlapping windows, CAR windows
// outside the event window and unknown options are reported together.
func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	if err := exampleConfig().Validate(); err != nil {
		t.Errorf("section 8 config: %v", err)
	}
	cfg := DefaultConfig()
	cfg.Estimation = Window{-260, -10}
	cfg.CARWindows = append(cfg.CARWindows, Window{0, 20})
	cfg.CARVar = "diag"
	cfg.Model = "capm"
	err := cfg.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"overlaps", "0,20", "diag", "capm"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

// tmus2021 reads the bundled GSPC and TMUS adjusted closes of the running
// example: the GSPC trading dates in order and the index of day 0,
// 2021-08-16.
func tmus2021(t *testing.T) (gspc, tmus map[string]float64, dates []string, day0 int) {
	t.Helper()
	gspc = readAdjClose(t, "testdata/GSPC.csv")
	tmus = readAdjClose(t, "testdata/TMUS.csv")
	for d := range gspc {
		dates = append(dates, d)
	}
	sortStrings(dates)
	day0 = -1
	for i, d := range dates {
		if d == "2021-08-16" {
			day0 = i
		}
	}
	if day0 < 0 {
		t.Fatal("2021-08-16 not in the calendar")
	}
	return gspc, tmus, dates, day0
}
