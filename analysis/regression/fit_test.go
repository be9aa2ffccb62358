package regression

import (
	"math"
	"testing"
)

func checkRel(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

// six is a hand-made example: an intercept, a slope and a 0/1 dummy on 6
// events of 3 firms.
var six = struct {
	X      [][]float64
	y      []float64
	firms  []string
	groups []int
	terms  []string
}{
	X: [][]float64{
		{1, 1, 0}, {1, 2, 1}, {1, 3, 0}, {1, 4, 1}, {1, 5, 1}, {1, 6, 0},
	},
	y:      []float64{0.5, 1.9, 1.2, 3.1, 2.8, 2.0},
	firms:  []string{"A", "A", "B", "B", "C", "C"},
	groups: []int{0, 0, 1, 1, 2, 2},
	terms:  []string{InterceptTerm, "x", "d"},
}

// TestFitSandwiches checks every covariance of Fit against the textbook
// formulas computed by plain loops (plain_test.go): s²(X'X)⁻¹, HC0-HC3
// (MacKinnon & White 1985; Long & Ervin 2000 eq. 3-6) and CR1 with
// G/(G−1)·(N−1)/(N−K) and G−1 degrees of freedom.
func TestFitSandwiches(t *testing.T) {
	X, y := six.X, six.y
	N, K := 6.0, 3.0
	beta, inv, u := plainFit(X, y)
	var sse float64
	for _, v := range u {
		sse += v * v
	}
	ones := []float64{1, 1, 1, 1, 1, 1}
	hc2w, hc3w := make([]float64, 6), make([]float64, 6)
	for i := range X {
		h := plainLeverage(X[i], inv)
		hc2w[i] = 1 / math.Sqrt(1-h)
		hc3w[i] = 1 / (1 - h)
	}
	hc0 := plainSandwich(X, u, ones, nil, inv)
	want := map[string][]float64{
		"ols": {sse / (N - K) * inv[0][0], sse / (N - K) * inv[1][1], sse / (N - K) * inv[2][2]},
		"hc0": hc0,
		"hc1": {hc0[0] * N / (N - K), hc0[1] * N / (N - K), hc0[2] * N / (N - K)},
		"hc2": plainSandwich(X, u, hc2w, nil, inv),
		"hc3": plainSandwich(X, u, hc3w, nil, inv),
	}
	cr := plainSandwich(X, u, ones, six.groups, inv)
	c := 3.0 / 2 * (N - 1) / (N - K)
	want["cr1"] = []float64{c * cr[0], c * cr[1], c * cr[2]}
	for _, se := range []string{"ols", "hc0", "hc1", "hc2", "hc3", "cr1"} {
		t.Run(se, func(t *testing.T) {
			opt := Options{SE: se}
			if se == "cr1" {
				opt = Options{Cluster: six.firms}
			}
			res, err := Fit(y, X, six.terms, opt)
			if err != nil {
				t.Fatal(err)
			}
			for j, co := range res.Coefs {
				checkRel(t, co.Term+" coef", co.Coef, beta[j], 1e-10)
				checkRel(t, co.Term+" se", co.SE, math.Sqrt(want[se][j]), 1e-10)
				checkRel(t, co.Term+" t", co.T, beta[j]/math.Sqrt(want[se][j]), 1e-9)
				wantDF, wantG := 3, 0
				if se == "cr1" {
					wantDF, wantG = 2, 3
				}
				if co.DF != wantDF || co.NClusters != wantG || co.SEType != se || co.N != 6 {
					t.Errorf("%s: df %d clusters %d type %s n %d", co.Term, co.DF, co.NClusters, co.SEType, co.N)
				}
			}
		})
	}
}

// TestFitSandwichesStatsmodels checks the six-event example against
// statsmodels 0.13.5 (Debian) OLS(y, X).fit(cov_type=...) (HC0-HC3, and "cluster"
// with groups = firms, whose default correction is CR1), figures printed
// to 10 significant digits and kept here.
func TestFitSandwichesStatsmodels(t *testing.T) {
	for _, c := range statsmodelsSix {
		t.Run(c.se, func(t *testing.T) {
			opt := Options{SE: c.se}
			if c.se == "cr1" {
				opt = Options{Cluster: six.firms}
			}
			res, err := Fit(six.y, six.X, six.terms, opt)
			if err != nil {
				t.Fatal(err)
			}
			for j, co := range res.Coefs {
				checkRel(t, co.Term+" se", co.SE, c.se3[j], 1e-9)
			}
		})
	}
}

// TestFitMethodology83 is the example of docs/methodology.md 8.3 (CAR(0,2)
// of A-D on an intercept and z), the figures the former
// analysis.CrossSectionalRegression was checked on.
func TestFitMethodology83(t *testing.T) {
	y := []float64{-0.04276659751, -0.02337551867, -0.01054564315, -0.003514522822}
	X := [][]float64{{1, 10.5}, {1, 9.8}, {1, 11.2}, {1, 10.1}}
	for _, c := range []struct {
		se       string
		seI, seS float64
	}{
		{"ols", 0.2089455029, 0.02006542147},
		{"hc0", 0.08032608753, 0.007718851313},
		{"hc1", 0.1135982424, 0.01091610421},
		{"", 0.1135982424, 0.01091610421},
		{"hc3", 0.3495005252, 0.0345972711},
	} {
		t.Run("se="+c.se, func(t *testing.T) {
			res, err := Fit(y, X, []string{InterceptTerm, "z"}, Options{SE: c.se})
			if err != nil {
				t.Fatal(err)
			}
			rows := res.Coefs
			if len(rows) != 2 || rows[1].N != 4 || rows[1].DF != 2 {
				t.Fatalf("rows %+v", rows)
			}
			checkRel(t, "gamma0", rows[0].Coef, -0.04242469351, 1e-8)
			checkRel(t, "gamma1", rows[1].Coef, 0.002151357978, 1e-8)
			checkRel(t, "se0", rows[0].SE, c.seI, 1e-8)
			checkRel(t, "se1", rows[1].SE, c.seS, 1e-8)
			checkRel(t, "r2", rows[1].R2, 0.005714914266, 1e-8)
			checkRel(t, "adjr2", rows[1].AdjR2, -0.4914276286, 1e-8)
			if c.se == "hc1" {
				checkRel(t, "t", rows[1].T, 0.1970811139, 1e-8)
				checkRel(t, "p", rows[1].P, 0.8619764057, 1e-6)
			}
		})
	}
	// Raw units (records ~1e8) are not collinear with the intercept.
	Xs := [][]float64{{1, 10.5e8}, {1, 9.8e8}, {1, 11.2e8}, {1, 10.1e8}}
	res, err := Fit(y, Xs, []string{InterceptTerm, "records"}, Options{})
	if err != nil || len(res.Aliased) > 0 {
		t.Fatalf("records in raw units: %v %v", err, res.Aliased)
	}
	checkRel(t, "scaled t", res.Coefs[1].T, 0.1970811139, 1e-7)
}

// TestFitWLS: weighted least squares is OLS on the data multiplied by √w
// (the intercept column becoming √w), coefficients and every SE alike.
func TestFitWLS(t *testing.T) {
	w := []float64{1, 4, 0.5, 2, 1, 3}
	Xt := make([][]float64, 6)
	yt := make([]float64, 6)
	for i := range six.X {
		s := math.Sqrt(w[i])
		yt[i] = s * six.y[i]
		for _, v := range six.X[i] {
			Xt[i] = append(Xt[i], s*v)
		}
	}
	for _, se := range []string{"ols", "hc0", "hc1", "hc2", "hc3", "cr1"} {
		t.Run(se, func(t *testing.T) {
			opt := Options{SE: se, Weights: w}
			plain := Options{SE: se}
			if se == "cr1" {
				opt, plain = Options{Cluster: six.firms, Weights: w}, Options{Cluster: six.firms}
			}
			got, err := Fit(six.y, six.X, six.terms, opt)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := Fit(yt, Xt, []string{"sqrt_w", "x", "d"}, plain)
			if err != nil {
				t.Fatal(err)
			}
			for j := range got.Coefs {
				checkRel(t, "coef", got.Coefs[j].Coef, ref.Coefs[j].Coef, 1e-10)
				checkRel(t, "se", got.Coefs[j].SE, ref.Coefs[j].SE, 1e-10)
			}
		})
	}
	// Weighted R² about the weighted mean, by a plain loop.
	got, _ := Fit(six.y, six.X, six.terms, Options{Weights: w})
	beta, _, _ := plainFit(Xt, yt)
	var sw, swy, sse, sst float64
	for i := range w {
		sw += w[i]
		swy += w[i] * six.y[i]
	}
	for i := range w {
		fit := beta[0] + beta[1]*six.X[i][1] + beta[2]*six.X[i][2]
		sse += w[i] * (six.y[i] - fit) * (six.y[i] - fit)
		sst += w[i] * (six.y[i] - swy/sw) * (six.y[i] - swy/sw)
	}
	checkRel(t, "weighted r2", got.Coefs[0].R2, 1-sse/sst, 1e-10)
	if _, err := Fit(six.y, six.X, six.terms, Options{Weights: w[:3]}); err == nil {
		t.Error("3 weights for 6 values: no error")
	}
}

// TestFitAliased: a column that repeats others is left out and named; the
// rest is the fit without it.
func TestFitAliased(t *testing.T) {
	X := make([][]float64, 6)
	for i, r := range six.X {
		X[i] = append(append([]float64{}, r...), 2*r[1]+r[2], 0)
	}
	res, err := Fit(six.y, X, []string{InterceptTerm, "x", "d", "x2d", "zero"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Aliased) != 2 || res.Aliased[0] != "x2d" || res.Aliased[1] != "zero" {
		t.Fatalf("aliased %v", res.Aliased)
	}
	ref, _ := Fit(six.y, six.X, six.terms, Options{})
	for j := 0; j < 3; j++ {
		checkRel(t, "coef", res.Coefs[j].Coef, ref.Coefs[j].Coef, 1e-10)
		checkRel(t, "se", res.Coefs[j].SE, ref.Coefs[j].SE, 1e-10)
	}
	if !math.IsNaN(res.Coefs[3].Coef) || !math.IsNaN(res.Coefs[4].SE) || res.Coefs[3].DF != 3 {
		t.Errorf("aliased rows %+v", res.Coefs[3:])
	}
}

func TestFitErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		y     []float64
		X     [][]float64
		terms []string
		opt   Options
	}{
		{"unknown se", six.y, six.X, six.terms, Options{SE: "hc9"}},
		{"too few rows", six.y[:3], six.X[:3], six.terms, Options{}},
		{"ragged", six.y[:2], [][]float64{{1, 2, 3}, {1}}, six.terms, Options{}},
		{"clusters short", six.y, six.X, six.terms, Options{Cluster: []string{"a"}}},
		{"no terms", six.y, make([][]float64, 6), nil, Options{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Fit(c.y, c.X, c.terms, c.opt); err == nil {
				t.Error("no error")
			}
		})
	}
	// A missing value drops its row; HC3 with a leverage-1 event is NaN
	// with a note; one cluster leaves no degrees of freedom.
	y := append([]float64{math.NaN()}, six.y[1:]...)
	res, err := Fit(y, six.X, six.terms, Options{})
	if err != nil || res.Coefs[0].N != 5 {
		t.Errorf("missing y: %v %+v", err, res)
	}
	X := [][]float64{{1, 1, 0}, {1, 2, 0}, {1, 3, 0}, {1, 4, 0}, {1, 5, 1}}
	res, err = Fit(six.y[:5], X, six.terms, Options{SE: "hc3"})
	if err != nil || res.Note == "" || !math.IsNaN(res.Coefs[1].SE) {
		t.Errorf("leverage 1: %v %+v", err, res)
	}
	res, err = Fit(six.y, six.X, six.terms, Options{Cluster: []string{"a", "a", "a", "a", "a", "a"}})
	if err != nil || res.Note == "" || !math.IsNaN(res.Coefs[1].SE) {
		t.Errorf("one cluster: %v %+v", err, res)
	}
}

// statsmodelsSix are the SEs of intercept, x and d in the six-event
// example from statsmodels 0.13.5: sm.OLS(y, X).fit(cov_type=C).bse with C
// nonrobust, HC0 ... HC3, and cluster with groups [0,0,1,1,2,2] (its
// default use_correction applies G/(G−1)·(N−1)/(N−K)).
var statsmodelsSix = []struct {
	se  string
	se3 [3]float64
}{
	{"ols", [3]float64{0.2821231455, 0.06864962639, 0.2344831139}},
	{"hc0", [3]float64{0.08976420983, 0.02693394588, 0.1633419001}},
	{"hc1", [3]float64{0.126945763, 0.03809035156, 0.2310003305}},
	{"hc2", [3]float64{0.1222114986, 0.03887295321, 0.2117450004}},
	{"hc3", [3]float64{0.1686939704, 0.05890282862, 0.2807106531}},
	{"cr1", [3]float64{0.148368239, 0.05132970898, 0.2083323194}},
}
