package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// thinSeries is a synthetic thinly traded security: 40 estimation days
// and an event window 0,2 whose prices are missing on about a third of
// the days (never day 0). It returns the estimation input with each
// trade-to-trade return on the day trading resumes, the compounded market
// return over the same days and the span n, as docs/methodology.md 15.1
// describes (NaN on the days without a trade).
func thinSeries() (in *EventInput, cfg Config) {
	rng := rand.New(rand.NewPCG(1993, 1))
	cfg = DefaultConfig()
	cfg.Estimation, cfg.EventWindow, cfg.MinEst = Window{-40, -1}, Window{0, 2}, 10
	n := cfg.EventWindow.T2 - cfg.Estimation.T1 + 1
	rm := make([]float64, n)
	price := make([]float64, n+1) // price[k+1] on index k; price[0] the day before
	price[0] = 20
	traded := make([]bool, n+1)
	traded[0] = true
	for k := 0; k < n; k++ {
		rm[k] = 0.01 * rng.NormFloat64()
		price[k+1] = price[k] * (1 + 0.0003 + 0.8*rm[k] + 0.015*rng.NormFloat64())
		traded[k+1] = (rng.Float64() > 0.35 && k != 38 && k != 39) || k >= 40 // day 0 spans 3 days
	}
	in = &EventInput{ID: "thin", Firm: "THIN", X: [][]float64{make([]float64, n)}, R: make([]float64, n), Span: make([]float64, n)}
	last := 0 // index into price of the last trade
	for k := 0; k < n; k++ {
		in.Cal = append(in.Cal, k)
		in.R[k], in.X[0][k], in.Span[k] = nan, nan, nan
		if !traded[k+1] {
			continue
		}
		comp := 1.0
		for d := last; d < k+1; d++ {
			comp *= 1 + rm[d]
		}
		in.R[k] = price[k+1]/price[last] - 1
		in.X[0][k] = comp - 1
		in.Span[k] = float64(k + 1 - last)
		last = k + 1
	}
	return in, cfg
}

// TestTradeToTradeByHand: the market model on trade-to-trade returns
// minimizes Σ (R_t - α n_t - β R_mt)² / n_t. The test solves its 2×2
// normal equations
//
//	[Σn  ΣRm; ΣRm  ΣRm²/n] (α, β)' = (ΣR, ΣR·Rm/n)'
//
// by Cramer's rule in a plain loop and checks θ, σ² = Σ e²/n / (M-2), each
// AR_τ = R_τ - α n_τ - β R_mτ, SAR_τ = AR_τ / (σ √n_τ √(1+h_τ)) with
// h_τ = (n_τ, R_mτ) A⁻¹ (n_τ, R_mτ)' / n_τ, and Var(CAR) = σ²(Σn + s'A⁻¹s).
func TestTradeToTradeByHand(t *testing.T) {
	in, cfg := thinSeries()
	var sn, sm, smm, sr, srm float64
	var M int
	multi := 0
	for k := 0; k < cfg.Estimation.Len(); k++ {
		n, r, m := in.Span[k], in.R[k], in.X[0][k]
		if math.IsNaN(r) {
			continue
		}
		M++
		if n > 1 {
			multi++
		}
		sn, sm, smm, sr, srm = sn+n, sm+m, smm+m*m/n, sr+r, srm+r*m/n
	}
	if multi < 5 {
		t.Fatalf("only %d multi-day returns: not a thin series", multi)
	}
	det := sn*smm - sm*sm
	alpha, beta := (sr*smm-sm*srm)/det, (sn*srm-sm*sr)/det
	var sse float64
	for k := 0; k < cfg.Estimation.Len(); k++ {
		if n := in.Span[k]; !math.IsNaN(in.R[k]) {
			e := in.R[k] - alpha*n - beta*in.X[0][k]
			sse += e * e / n
		}
	}
	s2 := sse / float64(M-2)
	inv := [2][2]float64{{smm / det, -sm / det}, {-sm / det, sn / det}}
	quad := func(a, b float64) float64 {
		return a*a*inv[0][0] + 2*a*b*inv[0][1] + b*b*inv[1][1]
	}

	e, reason := Estimate(in, cfg)
	if reason != "" {
		t.Fatalf("reason %q", reason)
	}
	if e.Fit.M != M || e.Fit.DF != M-2 {
		t.Errorf("M %d df %d, want %d, %d", e.Fit.M, e.Fit.DF, M, M-2)
	}
	checkRel(t, "alpha", e.Fit.Theta[0], alpha, 1e-10)
	checkRel(t, "beta", e.Fit.Theta[1], beta, 1e-10)
	checkRel(t, "sigma2", e.Fit.Sigma2, s2, 1e-10)
	var car, sumN, s0, s1 float64
	complete := true
	for j := 0; j < 3; j++ {
		k := cfg.Estimation.Len() + j
		n, r, m := in.Span[k], in.R[k], in.X[0][k]
		if math.IsNaN(r) {
			complete = false
			if !math.IsNaN(e.AR[j]) {
				t.Errorf("day %d: no trade, AR %g", j, e.AR[j])
			}
			continue
		}
		ar := r - alpha*n - beta*m
		h := quad(n, m) / n
		checkRel(t, "AR", e.AR[j], ar, 1e-10)
		checkRel(t, "normal return", e.NormalRet[j], alpha*n+beta*m, 1e-10)
		checkRel(t, "h", e.H[j], h, 1e-10)
		checkRel(t, "SAR", e.SAR[j], ar/(math.Sqrt(s2*n)*math.Sqrt(1+h)), 1e-10)
		car, sumN, s0, s1 = car+ar, sumN+n, s0+n, s1+m
	}
	if !complete {
		t.Fatal("the synthetic event window should trade every day")
	}
	if e.Span[0] < 2 {
		t.Fatalf("day 0 spans %g days; the series should resume trading on day 0", e.Span[0])
	}
	w := Window{0, 2}
	got, _ := e.CAR(w)
	checkRel(t, "CAR", got, car, 1e-10)
	checkRel(t, "Var(CAR) exact", e.CARVariance(w, false), s2*(sumN+quad(s0, s1)), 1e-10)
	checkRel(t, "Var(CAR) simple", e.CARVariance(w, true), s2*sumN, 1e-10)
}

// TestTradeToTradeOnes: spans of one day everywhere give the market model's
// numbers bit for bit.
func TestTradeToTradeOnes(t *testing.T) {
	rm, r := ex84()
	cfg := exampleConfig()
	plain, _ := Estimate(inputAt("A", "A", "", 0, 12, cfg, rm, r["A"]), cfg)
	in := inputAt("A", "A", "", 0, 12, cfg, rm, r["A"])
	in.Span = make([]float64, len(in.R))
	for i := range in.Span {
		in.Span[i] = 1
	}
	ones, _ := Estimate(in, cfg)
	for j := range plain.AR {
		if plain.AR[j] != ones.AR[j] || plain.SAR[j] != ones.SAR[j] || plain.Fit.Sigma2 != ones.Fit.Sigma2 {
			t.Errorf("day %d: AR %v vs %v, SAR %v vs %v", j, plain.AR[j], ones.AR[j], plain.SAR[j], ones.SAR[j])
		}
	}
	if plain.CARVariance(Window{0, 2}, false) != ones.CARVariance(Window{0, 2}, false) {
		t.Error("Var(CAR) differs with spans of one")
	}
}

// TestTradeToTradeSize: under the null (no event) SAR_0 of a thinly
// traded security whose day-0 return spans three days is t(df)
// distributed when standardized by σ√n: over 4,000 simulated events
// |SAR_0| exceeds the 5 % two-sided t critical value in 3.5 %–6.5 % of
// them. Standardizing by σ alone (the daily σ, n ignored) rejects far
// more often, which the test also checks, so it would catch a lost √n.
func TestTradeToTradeSize(t *testing.T) {
	rng := rand.New(rand.NewPCG(93, 1))
	const reps, M = 4000, 120
	cfg := DefaultConfig()
	cfg.Estimation, cfg.EventWindow, cfg.MinEst = Window{-M, -1}, Window{0, 0}, 30
	var rejected, rejectedNoSqrt int
	for rep := 0; rep < reps; rep++ {
		n := M + 1
		rm := make([]float64, n)
		logp := 0.0
		in := &EventInput{ID: "s", X: [][]float64{make([]float64, n)}, R: make([]float64, n), Span: make([]float64, n)}
		lastP, lastK, comp := 0.0, -1, 0.0
		for k := 0; k < n; k++ {
			rm[k] = 0.01 * rng.NormFloat64()
			logp += 0.0002 + 0.9*rm[k] + 0.02*rng.NormFloat64()
			comp += rm[k]
			traded := rng.Float64() > 0.3
			if k == M-2 || k == M-1 {
				traded = false // day 0 spans 3 days
			}
			if k == M || k == M-3 {
				traded = true
			}
			in.R[k], in.X[0][k], in.Span[k] = nan, nan, nan
			if traded {
				// index -1 is the last trade before the window (log price 0)
				in.R[k], in.X[0][k], in.Span[k] = logp-lastP, comp, float64(k-lastK)
				lastP, lastK, comp = logp, k, 0
			}
		}
		e, reason := Estimate(in, cfg)
		if reason != "" {
			t.Fatal(reason)
		}
		if in.Span[M] != 3 {
			t.Fatalf("day 0 spans %g", in.Span[M])
		}
		crit := Critical(0.95, DistT, float64(e.Fit.DF))
		if math.Abs(e.SAR[0]) > crit {
			rejected++
		}
		if math.Abs(e.SAR[0]*math.Sqrt(3)) > crit {
			rejectedNoSqrt++
		}
	}
	rate, wrong := float64(rejected)/reps, float64(rejectedNoSqrt)/reps
	t.Logf("rejection at 5 %%: %.4f with σ√n, %.4f with σ alone (%d events)", rate, wrong, reps)
	if rate < 0.035 || rate > 0.065 {
		t.Errorf("size %.4f, want within [0.035, 0.065]", rate)
	}
	if wrong < 0.15 {
		t.Errorf("without √n the size is %.4f; the check has no power to catch a lost √n", wrong)
	}
}
