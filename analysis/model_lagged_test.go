package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLaggedBetasByHand checks market-sw and market-dimson on event A of
// docs/methodology.md 8.4 (estimation -12,-1, event 0,2) against a hand
// computation in exact rational arithmetic done outside Go
// (testdata/lagged_hand.py: slopes by the sums formula,
// Dimson's regression by Gauss–Jordan on X'X, ρ_m by the Pearson formula).
// With one lag the first estimation day has no R_m,t-1 and drops out (M
// 11); Dimson with 0 lags and 0 leads is the market model of 8.2.
func TestLaggedBetasByHand(t *testing.T) {
	cases := []struct {
		name                string
		model               Model
		lags, leads         int
		m                   int
		beta, alpha, s2, r2 float64
		ar, h, sar          [3]float64
	}{
		{"sw", ModelMarketSW, 1, 1, 11, 2.944427867818262, -0.00158584351619842, 0.0002134296327864718, 0.2300854960697891,
			[3]float64{-0.04519186795507463, 0.011030122194381039, 0.002641415648380158},
			[3]float64{0.1077613855035279, 0.3008338678640154, 0.09092366901860167},
			[3]float64{-2.939069277197257, 0.6619756997690709, 0.17310603365127558}},
		{"dimson-1-1", ModelMarketDimson, 1, 1, 11, 0.41812867493179967, 0.000710792113698364, 0.00020161720383441115, 0.2726970128404495,
			[3]float64{-0.03738330681342556, -0.016529505364380366, 0.0028710792113698365},
			[3]float64{0.1077613855035279, 0.3008338678640154, 0.09092366901860167},
			[3]float64{-2.5014441468425432, -1.020669521437547, 0.19359057006333788}},
		{"dimson-2-0", ModelMarketDimson, 2, 0, 10, 2.6851563240891294, -0.001027734486133694, 0.0001956633075608214, 0.2524802003407014,
			[3]float64{-0.044712890810222825, 0.007879297727024987, 0.0023425781620445645},
			[3]float64{0.11182592242194891, 0.350236518448439, 0.10047303689687796},
			[3]float64{-3.031514542976544, 0.48476124346234173, 0.1596429307131939}},
		{"dimson-0-0-is-market", ModelMarketDimson, 0, 0, 12, 1.7733402489626555, 0.00021109958506224067, 0.00010426498962655601, 0.6596725395716809,
			[3]float64{-0.04230446058091286, -0.0024776970954356846, 0.002015560165975104},
			[3]float64{0.09180497925311204, 0.29512448132780084, 0.08402489626556017},
			[3]float64{-3.9650107973185484, -0.213217674904, 0.1895862717827125}},
	}
	rm, r := ex84()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := exampleConfig()
			cfg.Model, cfg.DimsonLags, cfg.DimsonLeads = c.model, c.lags, c.leads
			e, reason := Estimate(inputAt("A", "A", "", 0, 12, cfg, rm, r["A"]), cfg)
			if reason != "" {
				t.Fatalf("reason %q", reason)
			}
			f := e.Fit
			if f.M != c.m || f.DF != c.m-2 {
				t.Errorf("M %d df %d, want %d, %d", f.M, f.DF, c.m, c.m-2)
			}
			checkRel(t, "beta", f.Theta[1], c.beta, tolI)
			checkRel(t, "alpha", f.Theta[0], c.alpha, tolI)
			checkRel(t, "sigma2", f.Sigma2, c.s2, tolI)
			checkRel(t, "R2", f.R2, c.r2, tolI)
			for j := 0; j < 3; j++ {
				checkRel(t, "AR", e.AR[j], c.ar[j], tolI)
				checkRel(t, "h", e.H[j], c.h[j], tolI)
				checkRel(t, "SAR", e.SAR[j], c.sar[j], tolI)
			}
			// The days without their lagged market return have no residual.
			for i := 0; i < c.lags; i++ {
				if !math.IsNaN(e.Residual[i]) {
					t.Errorf("residual %d = %g, want NaN (no lagged market return)", i, e.Residual[i])
				}
			}
			// The exact CAR variance reads XtXInv and EvtX as for the market
			// model: σ²(L + Σh + 2Σ cross terms) on (1, R_m).
			w := Window{0, 2}
			car, _ := e.CAR(w)
			checkRel(t, "CAR", car, c.ar[0]+c.ar[1]+c.ar[2], tolI)
			if v := e.CARVariance(w, true); !closeRel(v, 3*c.s2, tolI) {
				t.Errorf("simple Var(CAR) %g", v)
			}
		})
	}
}

// TestDimsonLagBeyondData: lags that leave fewer than --min-est
// estimation days exclude the event with lags_beyond_data; a constant
// market is singular_model.
func TestDimsonLagBeyondData(t *testing.T) {
	rm, r := ex84()
	cfg := exampleConfig() // 12 estimation days, min-est 10
	cfg.Model, cfg.DimsonLags, cfg.DimsonLeads = ModelMarketDimson, 3, 0
	if e, reason := Estimate(inputAt("A", "A", "", 0, 12, cfg, rm, r["A"]), cfg); reason != ReasonLagsBeyondData || e.Fit.M != 9 {
		t.Errorf("3 lags: reason %q M %d, want %s and 9", reason, e.Fit.M, ReasonLagsBeyondData)
	}
	cfg.DimsonLags = 40 // beyond the whole input
	if _, reason := Estimate(inputAt("A", "A", "", 0, 12, cfg, rm, r["A"]), cfg); reason != ReasonLagsBeyondData {
		t.Errorf("40 lags: reason %q", reason)
	}
	cfg.DimsonLags = -1
	if cfg.Validate() == nil {
		t.Error("Validate accepted --dimson-lags -1")
	}
	flat := make([]float64, len(rm))
	for _, m := range []Model{ModelMarketSW, ModelMarketDimson} {
		cfg := exampleConfig()
		cfg.Model = m
		if _, reason := Estimate(inputAt("A", "A", "", 0, 12, cfg, flat, r["A"]), cfg); reason != ReasonSingularModel {
			t.Errorf("%s on a constant market: reason %q, want %s", m, reason, ReasonSingularModel)
		}
	}
}

// TestLaggedBetasOnThinTrading simulates a security whose price takes up
// the market's move half on the day and half a day later (true beta 1.2,
// OLS beta about 0.6): the SW and Dimson aggregate betas recover 1.2,
// the market model does not (Scholes & Williams 1977; Dimson 1979).
// 400 series of 2,000 days: the mean estimates within 0.03 of 1.2.
func TestLaggedBetasOnThinTrading(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 1977))
	const n, reps, beta = 2000, 400, 1.2
	var sum [3]float64
	for rep := 0; rep < reps; rep++ {
		rm := make([]float64, n+3)
		r := make([]float64, n+3)
		for i := range rm {
			rm[i] = 0.01 * rng.NormFloat64()
			if i > 0 {
				r[i] = beta*(0.5*rm[i]+0.5*rm[i-1]) + 0.01*rng.NormFloat64()
			}
		}
		for k, m := range []Model{ModelMarket, ModelMarketSW, ModelMarketDimson} {
			cfg := DefaultConfig()
			cfg.Model, cfg.Estimation, cfg.EventWindow, cfg.MinEst = m, Window{-n, -1}, Window{0, 1}, 100
			e, reason := Estimate(inputAt("x", "x", "", 0, n+1, cfg, rm, r), cfg)
			if reason != "" {
				t.Fatalf("%s: %s", m, reason)
			}
			sum[k] += e.Fit.Theta[1] / reps
		}
	}
	if math.Abs(sum[0]-0.6) > 0.03 {
		t.Errorf("market-model beta %.4f, want about 0.6 (half the true beta)", sum[0])
	}
	for k, m := range []string{"market-sw", "market-dimson"} {
		if math.Abs(sum[k+1]-beta) > 0.03 {
			t.Errorf("%s beta %.4f, want %.1f ± 0.03", m, sum[k+1], beta)
		}
	}
	t.Logf("mean beta over %d series: market %.4f, sw %.4f, dimson %.4f", reps, sum[0], sum[1], sum[2])
}
