package results

import "math"

// fixtureSet is a small result set built from docs/methodology.md 8.2/8.3 (four
// events A-D, market model, window 0,2) plus awkward user text, missing
// values and a factor model's loadings.
func fixtureSet() *Set {
	sigma := func(v float64) Num { return Num(math.Sqrt(v)) }
	ev := func(id, firm string, alpha, beta, s2 float64, betas ...Num) EventRow {
		return EventRow{
			EventID: id, Firm: firm, Incident: "inc-" + id, Stage: "confirmation",
			Label: "breach, \"quoted\" & 50% $x_1 {a} ~^\\ | pipe *star*", DateGiven: "2021-08-16",
			Day0: "2021-08-16", AnchorRule: "next", Status: "ok", Model: "market",
			EstStart: "2020-08-05", EstEnd: "2021-07-30", NEst: SomeInt(12),
			Alpha: Num(alpha), Beta: Num(beta), Sigma: sigma(s2), R2: NA,
			Betas: betas, Group: "breaches", Source: "https://example.org/" + id,
		}
	}
	withAttrs := func(r EventRow) EventRow {
		r.Attributes = map[string]string{"company": "T-Mobile US, Inc.", "url": "https://example.org/8-k?x=1&y=\"2\""}
		return r
	}
	set := &Set{
		Events: []EventRow{
			withAttrs(ev("A", "TMUS", 0.0002110995851, 1.773340249, 0.0001042649896, 1.773340249, 0.1, -0.25)),
			ev("B", "VZ", 0.000479253112, 1.012448133, 3.129004149e-05, 1.012448133, NA, 0),
			ev("C", "T", 0.0004242738589, 1.345435685, 2.63313278e-05, 1.345435685, -1e-300, 2),
			ev("D", "EFX\nline two", 4.408713693e-05, 0.7235477178, 3.538003112e-05, 0.7235477178, 3, 4),
		},
		AR: []ARRow{
			{EventID: "A", RelDay: 0, Date: "2021-08-16", Ret: -0.035, NormalRet: 0.00730446058, AR: -0.04230446058, SAR: -3.965010797, CAR: -0.04230446058},
			{EventID: "A", RelDay: 1, Date: "2021-08-17", Ret: -0.020, NormalRet: -0.017522302905, AR: -0.002477697095, SAR: -0.2132176749, CAR: -0.044782157675},
			{EventID: "A", RelDay: 2, Date: "2021-08-18", Ret: 0.004, NormalRet: NA, AR: 0.002015560166, SAR: 0.1895862718, CAR: -0.04276659751},
		},
		CAR: []CARRow{
			{EventID: "A", Window: "0,2", T1: 0, T2: 2, CAR: -0.04276659751, SE: 0.02017963123, T: -2.119295295,
				DF: SomeInt(10), P: 0.06009483693, PLower: 0.03004741846, PUpper: 1 - 0.03004741846,
				BHAR: -0.04547116, NDays: 3, SQP: NA, SQPLower: NA, SQPUpper: NA},
			{EventID: "A", Window: "0,0", T1: 0, T2: 0, CAR: -0.04230446058, SE: NA, T: -3.965010797,
				DF: SomeInt(10), P: 0.00266475627, PLower: NA, PUpper: NA, BHAR: NA, NDays: 1, SQP: 0.25, SQPLower: 0.125, SQPUpper: 1},
			{EventID: "B", Window: "0,2", T1: 0, T2: 2, CAR: -0.02337551867, SE: NA, T: -2.114531763,
				DF: Int{}, P: NA, PLower: NA, PUpper: NA, BHAR: NA, NDays: 3, SQP: NA, SQPLower: NA, SQPUpper: NA},
			{EventID: "D", Window: "0,2", T1: 0, T2: 2, CAR: -0.003514522822, SE: 0.011755012, T: -0.2989807928,
				DF: SomeInt(10), P: 0.77, PLower: 0.385, PUpper: 0.615, BHAR: NA, NDays: 3, SQP: 0.5, SQPLower: 0.25, SQPUpper: 0.75},
		},
		Tests: []TestRow{
			{Group: "breaches", Window: "0,2", Test: "cs_t", N: 4, Estimate: -0.02005057054, Statistic: -2.327090074, Dist: "t", DF: SomeInt(3), P: 0.1024192175, PLower: 0.05120960875, PUpper: 0.94879039125},
			{Group: "breaches", Window: "0,2", Test: "patell", N: 4, Estimate: -0.02005057054, Statistic: -2.492191935, Dist: "normal", P: 0.01269574107, PLower: 0.006347870535, PUpper: 0.993652129465},
			{Group: "breaches", Window: "0,2", Test: "bmp", N: 4, Estimate: -0.02005057054, Statistic: -3.135113877, Dist: "t", DF: SomeInt(3), P: 0.05185946342, PLower: 0.02592973171, PUpper: 0.97407026829},
			{Group: "breaches", Window: "0,2", Test: "sign", N: 4, Estimate: 0, Statistic: -2, Dist: "exact", P: 0.125, PLower: 0.0625, PUpper: 1},
			{Group: "peers|x", Window: "0,2", Test: "skew_t", N: 1, Estimate: -0.01, Statistic: NA, Dist: "", P: NA, PLower: NA, PUpper: NA},
		},
		AAR: []AARRow{
			{Group: "breaches", RelDay: 0, N: 4, AAR: -0.01739445021, CAAR: -0.01739445021,
				TCS: -1.857256289, PCS: 0.1602656721, ZPatell: -3.969126236, PPatell: 7.213666083e-05,
				TBMP: -2.328190611, PBMP: 0.1023164661, ZRank: -1.898773616, PRank: 0.05759424761},
			{Group: "breaches", RelDay: 1, N: 4, AAR: -0.0019027, CAAR: -0.01929715021,
				TCS: -0.4218823345, PCS: 0.7015183616, ZPatell: -0.3534776695, PPatell: 0.7237303668,
				TBMP: -0.2682789199, PBMP: 0.8058744401, ZRank: -0.5274371157, PRank: 0.5978900747},
			{Group: "breaches", RelDay: 2, N: 3, AAR: NA, CAAR: NA,
				TCS: NA, PCS: NA, ZPatell: NA, PPatell: NA, TBMP: NA, PBMP: NA, ZRank: NA, PRank: NA},
		},
		Regression: []RegressionRow{
			{Group: "breaches", Window: "0,2", Term: "(intercept)", N: 4, Coef: -0.04242469351, SE: 0.1135982424, SEType: "HC1", T: NA, DF: SomeInt(2), P: NA, R2: 0.005714914266, AdjR2: -0.4914276286},
			{Group: "breaches", Window: "0,2", Term: "z", N: 4, Coef: 0.002151357978, SE: 0.01091610421, SEType: "HC1", T: 0.1970811139, DF: SomeInt(2), P: 0.8619764057, R2: 0.005714914266, AdjR2: -0.4914276286},
		},
		Prices: []PriceRow{
			{EventID: "A", RelDay: -1, Date: "2021-08-13", Firm: 100, Market: 100},
			{EventID: "A", RelDay: 0, Date: "2021-08-16", Firm: 96.5, Market: NA},
		},
		Manifest: Manifest{
			Tool: "eventstudy", Version: "test", Created: "2021-08-21T00:00:00Z",
			Config:      map[string]any{"model": "ff3", "window": "-10,10", "min_est": 120.0, "car": []any{"0,2", "0,0"}},
			Inputs:      []InputFile{{Role: "prices", Path: "prices/TMUS.csv", SHA256: "ab12", Detail: "yahoo"}},
			FactorNames: []string{"Mkt-RF", "SMB", "HML"},
			Anchoring:   []string{"A: 2021-08-16 -> 2021-08-16 (next)"},
			Warnings:    []Warning{{EventID: "B", Code: "short_window", Message: "only 12 days <b>"}},
			Exclusions:  []Exclusion{{EventID: "E", Reason: "no_prices", Detail: "no file for XYZ"}},
		},
	}
	return set
}
