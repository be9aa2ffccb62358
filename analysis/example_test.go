package analysis

import (
	"math"
	"testing"
)

// The data of docs/methodology.md 8.1: 12 estimation days then event days 0,1,2.
var (
	ex81Rm = []float64{0.010, -0.005, 0.002, 0.007, -0.012, 0.004, 0.000, 0.015, -0.008, 0.003, -0.002, 0.006, 0.004, -0.010, 0.001}
	ex81R  = map[string][]float64{
		"A": {0.026, -0.018, 0.012, -0.006, -0.017, 0.017, -0.010, 0.033, -0.005, 0.012, -0.008, 0.002, -0.035, -0.020, 0.004},
		"B": {0.012, -0.013, 0.008, 0.008, -0.006, 0.003, 0.002, 0.014, -0.016, 0.007, 0.006, 0.001, -0.012, -0.018, 0.003},
		"C": {0.019, -0.001, -0.002, 0.005, -0.015, 0.012, -0.008, 0.023, -0.007, -0.001, -0.003, 0.010, -0.008, -0.002, -0.006},
		"D": {0.009, -0.011, 0.011, -0.001, -0.003, 0.000, 0.005, 0.012, -0.013, 0.006, 0.001, -0.001, 0.006, -0.015, 0.002},
	}
)

// exampleConfig is the market model with estimation (-12,-1) and event
// window (0,2) of section 8.
func exampleConfig() Config {
	cfg := DefaultConfig()
	cfg.Estimation = Window{-12, -1}
	cfg.EventWindow = Window{0, 2}
	cfg.CARWindows = []Window{{0, 2}}
	cfg.MinEst = 10
	return cfg
}

// ex84 is the d1..d16 calendar of 8.4 (index 0 = d1), NaN = missing.
func ex84() (rm []float64, r map[string][]float64) {
	rm = append(append([]float64(nil), ex81Rm...), -0.004)
	r = map[string][]float64{}
	for f, v := range ex81R {
		r[f] = append(append([]float64(nil), v...), nan)
	}
	r["A"][15] = -0.012
	r["C"][15] = -0.009
	r["B"][4] = nan  // d5
	r["D"][13] = nan // d14
	return rm, r
}

// inputAt builds the EventInput of an event of firm with day 0 at calendar
// index day0 of the 8.4 calendar, for cfg's windows.
func inputAt(id, firm, stage string, order, day0 int, cfg Config, rm []float64, r []float64) *EventInput {
	in := &EventInput{ID: id, Firm: firm, Stage: stage, Order: order, Day0: day0, X: [][]float64{nil}}
	for tau := cfg.Estimation.T1; tau <= cfg.EventWindow.T2; tau++ {
		c := day0 + tau
		in.Cal = append(in.Cal, c)
		if c < 0 || c >= len(rm) {
			in.R = append(in.R, nan)
			in.X[0] = append(in.X[0], nan)
			continue
		}
		in.R = append(in.R, r[c])
		in.X[0] = append(in.X[0], rm[c])
	}
	return in
}

// close reports whether got is within rel relative error of want (NaN
// matches NaN only).
func closeRel(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if want == 0 {
		return math.Abs(got) <= rel
	}
	return math.Abs(got-want) <= rel*math.Abs(want)
}

func checkRel(t *testing.T, name string, got, want, rel float64) {
	t.Helper()
	if !closeRel(got, want, rel) {
		t.Errorf("%s = %.12g, want %.12g (rel tol %g)", name, got, want, rel)
	}
}

const (
	tolI = 1e-8 // intermediates, docs/methodology.md 8
	tolP = 1e-6 // p-values
)

// TestExampleA checks every number of docs/methodology.md 8.2.
func TestExampleA(t *testing.T) {
	cfg := exampleConfig()
	rm, r := ex84()
	e, reason := Estimate(inputAt("A", "A", "", 0, 12, cfg, rm, r["A"]), cfg)
	if reason != "" {
		t.Fatalf("reason %q", reason)
	}
	f := e.Fit
	if f.M != 12 || f.DF != 10 {
		t.Fatalf("M, df = %d, %d; want 12, 10", f.M, f.DF)
	}
	checkRel(t, "alpha", f.Theta[0], 0.0002110995851, tolI)
	checkRel(t, "beta", f.Theta[1], 1.773340249, tolI)
	checkRel(t, "sigma2", f.Sigma2, 0.0001042649896, tolI)
	wantAR := []float64{-0.04230446058, -0.002477697095, 0.002015560166}
	wantH := []float64{0.09180497925, 0.2951244813, 0.08402489627}
	wantSAR := []float64{-3.965010797, -0.2132176749, 0.1895862718}
	wantP := []float64{0.00266475627, 0.8354412353, 0.8534262295}
	for j := range wantAR {
		checkRel(t, "AR", e.AR[j], wantAR[j], tolI)
		checkRel(t, "h", e.H[j], wantH[j], tolI)
		checkRel(t, "SAR", e.SAR[j], wantSAR[j], tolI)
		p, _, _ := PValues(e.SAR[j], DistT, float64(f.DF))
		checkRel(t, "p(SAR)", p, wantP[j], tolP)
		checkRel(t, "t(AR) simple", e.AR[j]/math.Sqrt(f.Sigma2), []float64{-4.143018853, -0.2426492535, 0.1973906215}[j], tolI)
		checkRel(t, "Var(AR)", f.Sigma2*(1+e.H[j]), []float64{0.0001138370348, 0.0001350361406, 0.0001130258446}[j], tolI)
	}
	w := Window{0, 2}
	car, n := e.CAR(w)
	if n != 3 {
		t.Errorf("n_days = %d", n)
	}
	checkRel(t, "CAR", car, -0.04276659751, tolI)
	checkRel(t, "Var(CAR) simple", e.CARVariance(w, true), 0.0003127949689, tolI)
	checkRel(t, "Var(CAR) exact", e.CARVariance(w, false), 0.0004072175165, tolI)
	checkRel(t, "SCAR exact", e.SCAR(w, false), -2.119295295, tolI)
	checkRel(t, "SCAR simple", e.SCAR(w, true), -2.418103134, tolI)
	checkRel(t, "BHAR", e.BHAR(w, BenchmarkMarket), -0.04547116, tolI)

	for _, c := range []struct {
		simple          bool
		se, t, p, lower float64
	}{
		{false, 0.02017963123, -2.119295295, 0.06009483693, 0.03004741846},
		{true, 0.01768601054, -2.418103134, 0.03617874566, 0.01808937283},
	} {
		cfg.CARVar = "exact"
		if c.simple {
			cfg.CARVar = "simple"
		}
		row := SingleEvent(e, w, cfg)
		checkRel(t, "se", float64(row.SE), c.se, tolI)
		checkRel(t, "t", float64(row.T), c.t, tolI)
		checkRel(t, "p", float64(row.P), c.p, tolP)
		checkRel(t, "p_lower", float64(row.PLower), c.lower, tolP)
		checkRel(t, "p_upper", float64(row.PUpper), 1-c.lower, tolP)
		if !row.Valid || row.DF != 10 || row.NDays != 3 || row.Window != (Window{0, 2}) {
			t.Errorf("row %+v", row)
		}
	}
}

// TestExample84CAR checks the car.csv table of docs/methodology.md 8.4 (window
// 0,2) and the sq numbers of window 0,0, built from the d1..d16 calendar.
func TestExample84CAR(t *testing.T) {
	cfg := exampleConfig()
	rm, r := ex84()
	type sq struct {
		n               int
		lower, upper, p float64
	}
	cases := []struct {
		id, firm        string
		day0            int
		alpha           float64
		beta            float64
		sigma2          float64
		ar, sar         [3]float64
		car, se, tt     float64
		df              int
		p, lo, up, bhar float64
		nDays           int
		sq02, sq00      sq
	}{
		{"E1", "A", 12, 0.0002110995851, 1.773340249, 0.0001042649896,
			[3]float64{-0.04230446058, -0.002477697095, 0.002015560166}, [3]float64{-3.965010797, -0.2132176749, 0.1895862718},
			-0.04276659751, 0.02017963123, -2.119295295, 10, 0.06009483693, 0.03004741846, 0.9699525815, -0.04547116, 3,
			sq{10, 0.09090909091, 1, 0.1818181818}, sq{12, 0.07692307692, 1, 0.1538461538}},
		{"E2", "B", 12, -0.0005965202983, 1.205053853, 2.906057259e-05,
			[3]float64{-0.01622369511, -0.005352941176, 0.002391466446}, [3]float64{-2.877824874, -0.8188320701, 0.423127542},
			-0.01918516984, 0.01111013967, -1.726816261, 9, 0.1182744724, 0.05913723618, 0.9408627638, -0.021827312, 3,
			sq{7, 0.125, 1, 0.25}, sq{11, 0.08333333333, nan, 0.1666666667}},
		{"E3", "C", 13, -0.0009820497973, 1.198899826, 3.854759699e-05,
			[3]float64{0.01097104806, -0.006216850029, -0.003222350898}, [3]float64{1.549842117, -0.9620131554, -0.488305606},
			0.001531847134, 0.01275867553, 0.1200631782, 10, 0.9068110579, 0.5465944711, 0.4534055289, -0.003942148, 3,
			sq{10, 0.5454545455, 0.5454545455, 1}, sq{12, nan, 0.07692307692, 0.1538461538}},
		{"E4", "D", 12, 4.408713693e-05, 0.7235477178, 3.538003112e-05,
			[3]float64{0.003061721992, nan, 0.001232365145}, [3]float64{0.4926223516, nan, 0.1989943167},
			nan, nan, nan, 0, nan, nan, nan, nan, 2, sq{-1, nan, nan, nan}, sq{-1, nan, nan, nan}},
		{"E5", "A", 13, -0.003598436595, 1.441517082, 0.0002492697742,
			[3]float64{-0.001986392588, 0.006156919514, -0.002635495078}, [3]float64{-0.110348967, 0.3746605283, -0.1570525287},
			0.001535031847, 0.03244454949, 0.04731247224, 10, 0.9631957443, 0.5184021278, 0.4815978722, -0.01491308, 3,
			sq{10, 0.2727272727, 0.8181818182, 0.5454545455}, sq{12, 0.4615384615, 0.6153846154, 0.9230769231}},
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			e, reason := Estimate(inputAt(c.id, c.firm, "", 0, c.day0, cfg, rm, r[c.firm]), cfg)
			if reason != "" {
				t.Fatalf("reason %q", reason)
			}
			checkRel(t, "alpha", e.Fit.Theta[0], c.alpha, tolI)
			checkRel(t, "beta", e.Fit.Theta[1], c.beta, tolI)
			checkRel(t, "sigma2", e.Fit.Sigma2, c.sigma2, tolI)
			for j := 0; j < 3; j++ {
				checkRel(t, "AR", e.AR[j], c.ar[j], tolI)
				checkRel(t, "SAR", e.SAR[j], c.sar[j], tolI)
			}
			row := SingleEvent(e, Window{0, 2}, cfg)
			if row.NDays != c.nDays {
				t.Errorf("event %q n_days %d, want %d", c.id, row.NDays, c.nDays)
			}
			checkRel(t, "car", float64(row.CAR), c.car, tolI)
			checkRel(t, "se", float64(row.SE), c.se, tolI)
			checkRel(t, "t", float64(row.T), c.tt, tolI)
			if math.IsNaN(c.car) {
				if row.Valid || row.DF != 0 {
					t.Errorf("valid %v df = %v, want neither", row.Valid, row.DF)
				}
			} else if !row.Valid || row.DF != c.df {
				t.Errorf("df = %v, want %d", row.DF, c.df)
			}
			checkRel(t, "p", float64(row.P), c.p, tolP)
			checkRel(t, "p_lower", float64(row.PLower), c.lo, tolP)
			checkRel(t, "p_upper", float64(row.PUpper), c.up, tolP)
			checkRel(t, "bhar", float64(row.BHAR), c.bhar, tolI)
			checkRel(t, "sq_p_lower", float64(row.SQPLower), c.sq02.lower, tolP)
			checkRel(t, "sq_p_upper", float64(row.SQPUpper), c.sq02.upper, tolP)
			checkRel(t, "sq_p", float64(row.SQP), c.sq02.p, tolP)
			if c.sq02.n >= 0 {
				car, _ := e.CAR(Window{0, 2})
				if _, _, _, n := SampleQuantileTest(e.Residual, 3, car); n != c.sq02.n {
					t.Errorf("n_L(0,2) = %d, want %d", n, c.sq02.n)
				}
				row0 := SingleEvent(e, Window{0, 0}, cfg)
				lo, up, p, n := SampleQuantileTest(e.Residual, 1, e.AR[0])
				if n != c.sq00.n {
					t.Errorf("n_L(0,0) = %d, want %d", n, c.sq00.n)
				}
				if !math.IsNaN(c.sq00.lower) {
					checkRel(t, "sq00 lower", lo, c.sq00.lower, tolP)
				}
				if !math.IsNaN(c.sq00.upper) {
					checkRel(t, "sq00 upper", up, c.sq00.upper, tolP)
				}
				checkRel(t, "sq00 p", p, c.sq00.p, tolP)
				checkRel(t, "car.csv sq_p 0,0", float64(row0.SQP), c.sq00.p, tolP)
			}
		})
	}
}

// TestPValues checks PValues against section 8.2 and textbook values.
func TestPValues(t *testing.T) {
	cases := []struct {
		stat      float64
		dist      string
		df        float64
		p, lo, up float64
	}{
		{-2.119295295, DistT, 10, 0.06009483693, 0.03004741846, 0.9699525815},
		{-2.418103134, DistT, 10, 0.03617874566, 0.01808937283, 1 - 0.01808937283},
		{1.959963984540054, DistNormal, 0, 0.05, 0.975, 0.025},
		{0, DistNormal, 0, 1, 0.5, 0.5},
		{-2.139164985, DistNormal, 0, 0.03242230893, 0.03242230893 / 2, 1 - 0.03242230893/2},
		{nan, DistT, 10, nan, nan, nan},
		{1, DistT, 0, nan, nan, nan},
		{1, "exact", 0, nan, nan, nan},
	}
	for _, c := range cases {
		p, lo, up := PValues(c.stat, c.dist, c.df)
		checkRel(t, "p", p, c.p, tolP)
		checkRel(t, "p_lower", lo, c.lo, tolP)
		checkRel(t, "p_upper", up, c.up, tolP)
	}
}
