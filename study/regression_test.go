package study

import (
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis/regression"
	"github.com/breachlab/eventstudy/results"
)

// regressionStudy is a study of 13 breach disclosures on the demo prices
// with a text column type and records (testdata/regression-events.csv;
// types and record counts coded by hand from press reports, to exercise
// the regression, not a curated sample).
func regressionStudy(t *testing.T, edit func(string) string) Study {
	t.Helper()
	b, err := os.ReadFile("testdata/regression-events.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if edit != nil {
		text = edit(text)
	}
	return tmobileStudy(t, text)
}

// carsOf maps each event to its CAR over window w when complete.
func carsOf(out *Outcome, w string) map[string]float64 {
	cars := map[string]float64{}
	for _, r := range out.Set.CAR {
		if r.Window == w && !r.CAR.IsNA() && r.NDays == r.T2-r.T1+1 {
			cars[r.EventID] = float64(r.CAR)
		}
	}
	return cars
}

// TestStudyRegressionFormula: the study's rows are the fit of the CARs in
// car.csv on a design written out here by hand (log of records, a dummy
// per type but hack), with every option passed through: clustered by
// firm, weighted by 1/σ² from events.csv. The event without records is
// left out and counted.
func TestStudyRegressionFormula(t *testing.T) {
	s := regressionStudy(t, nil)
	s.Regression = Regression{Formula: "car ~ log(records) + type", Base: []string{"type=hack"}, Cluster: ClusterFirm, Weights: WeightsInvVar}
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	levels := []string{"insider", "misconfig", "ransomware", "supply-chain"}
	terms := append([]string{"intercept", "log(records)"}, "type=insider", "type=misconfig", "type=ransomware", "type=supply-chain")
	var y, w []float64
	var X [][]float64
	var firms []string
	cars := carsOf(out, "-1,1")
	sigma := map[string]float64{}
	for _, e := range out.Set.Events {
		sigma[e.EventID] = float64(e.Sigma)
	}
	b, _ := os.ReadFile("testdata/regression-events.csv")
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n")[1:] {
		f := strings.Split(line, ",")
		car, ok := cars[f[0]]
		if !ok || f[4] == "" {
			continue
		}
		row := []float64{1, math.Log(parseF(t, f[4]))}
		for _, l := range levels {
			row = append(row, map[bool]float64{true: 1}[f[3] == l])
		}
		y, X, w, firms = append(y, car), append(X, row), append(w, 1/(sigma[f[0]]*sigma[f[0]])), append(firms, f[1])
	}
	want, err := regression.Fit(y, X, terms, regression.Options{Cluster: firms, Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	var got []results.RegressionRow
	for _, r := range out.Set.Regression {
		if r.Window == "-1,1" {
			got = append(got, r)
		}
	}
	if len(got) != len(terms) {
		t.Fatalf("%d rows for -1,1, want %d: %+v", len(got), len(terms), got)
	}
	for i, r := range got {
		c := want.Coefs[i]
		if r.Term != terms[i] || r.Cluster != "firm" || r.NClusters != results.SomeInt(c.NClusters) || r.SEType != "cr1" || r.N != 12 {
			t.Errorf("row %+v", r)
		}
		checkClose(t, r.Term+" coef", float64(r.Coef), c.Coef)
		checkClose(t, r.Term+" se", float64(r.SE), c.SE)
		checkClose(t, r.Term+" p", float64(r.P), c.P)
	}
	if got[0].NClusters.V != 10 || got[0].DF.V != 9 { // 12 events of 10 firms (META, TMUS twice; SWI left out)
		t.Errorf("clusters %v df %v", got[0].NClusters, got[0].DF)
	}
	hasWarning(t, out, WarnRegressionDropped, "group all: 1 of 13 events left out of the regression: records missing (1)")
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	v := numbers([]string{s})
	if v == nil {
		t.Fatalf("%q is not a number", s)
	}
	return v[0]
}

func checkClose(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !(math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func hasWarning(t *testing.T, out *Outcome, code, msg string) {
	t.Helper()
	var seen []string
	for _, w := range out.Set.Manifest.Warnings {
		if w.Code == code {
			if w.Message == msg {
				return
			}
			seen = append(seen, w.Message)
		}
	}
	t.Errorf("no %s warning %q; have %q", code, msg, seen)
}

// TestStudyRegressionSingular: a column that is the records in thousands
// is collinear with records: its row is blank, the rest is the fit
// without it, and a warning names it. Hc3 with the one ransomware event
// (leverage 1) is undefined and says so.
func TestStudyRegressionSingular(t *testing.T) {
	s := regressionStudy(t, func(text string) string {
		lines := strings.Split(strings.TrimSpace(text), "\n")
		lines[0] += ",records_k"
		for i := 1; i < len(lines); i++ {
			f := strings.Split(lines[i], ",")
			k := ""
			if f[4] != "" {
				k = strconv.FormatFloat(parseF(t, f[4])/1000, 'f', -1, 64)
			}
			lines[i] += "," + k
		}
		return strings.Join(lines, "\n") + "\n"
	})
	s.Regression = Regression{Formula: "car ~ records + records_k"}
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	hasWarning(t, out, WarnRegressionSingular, "group all window -1,1: records_k constant or a combination of the terms before it among these events; its row is blank and the rest is fitted without it; drop the term or merge levels")
	s2 := s
	s2.Regression = Regression{Formula: "car ~ records"}
	ref, err := Run(s2)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range out.Set.Regression {
		switch r.Term {
		case "records_k":
			if !r.Coef.IsNA() || !r.SE.IsNA() || !r.P.IsNA() {
				t.Errorf("aliased row %+v", r)
			}
		default:
			j := slices.IndexFunc(ref.Set.Regression, func(x results.RegressionRow) bool { return x.Window == r.Window && x.Term == r.Term })
			if j < 0 || r.Coef != ref.Set.Regression[j].Coef || r.SE != ref.Set.Regression[j].SE {
				t.Errorf("row %d %+v differs from the fit without records_k", i, r)
			}
		}
	}
	s.Regression = Regression{Formula: "car ~ type", SE: "hc3"}
	out, err = Run(s)
	if err != nil {
		t.Fatal(err)
	}
	hasWarning(t, out, "regression", "group all window -1,1: an event has leverage 1 (it alone fixes a coefficient), so hc3 is undefined; use hc1 or drop the term")
}

// TestStudyRegressionErrors: a formula or an option that cannot fit the
// events file stops the run with a message naming the setting and, for
// the formula, the column of the spec.
func TestStudyRegressionErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		reg  Regression
		cov  []string
		want string
	}{
		{"unknown column", Regression{Formula: "car ~ log(recrods)"}, nil, `--regression: col 11: unknown column "recrods"; columns are records, type`},
		{"log of text", Regression{Formula: "car ~ log(type)"}, nil, "--regression: col 11: type is a text column; log() needs numbers"},
		{"base level", Regression{Formula: "car ~ type", Base: []string{"type=phish"}}, nil, `--regression-base: base level "phish" of type is not among its levels (hack, insider, misconfig, ransomware, supply-chain)`},
		{"base column", Regression{Formula: "car ~ type", Base: []string{"sector=bank"}}, nil, `--regression-base sector=bank: sector is not a column of --regression "car ~ type"`},
		{"base without formula", Regression{Base: []string{"type=hack"}}, nil, "--regression-base needs --regression"},
		{"covariates", Regression{Formula: "car ~ type"}, []string{"records"}, "drop --covariates"},
		{"se and cluster", Regression{SE: "hc3", Cluster: ClusterDate}, nil, "--se hc3 and --cluster date: clustered standard errors are CR1; drop one"},
		{"weights", Regression{Weights: "type"}, nil, `--weights "type": want inv-var or a numeric column of the events file (records)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := regressionStudy(t, nil)
			s.Regression, s.Covariates = c.reg, c.cov
			_, err := Run(s)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want …%s…", err, c.want)
			}
		})
	}
	// The flag reads the formula and names the column of a syntax error.
	s := Default()
	err := settingByKey["regression"].Set(&s, "car ~ log(records")
	if got := FlagError("regression", "car ~ log(records", err); got != "--regression: col 18: want ) after log(records, got the end" {
		t.Errorf("flag error %q", got)
	}
}

// TestStudyRegressionClusterDate: two disclosures anchored to the same
// day 0 form one cluster, so G is one less than the events.
func TestStudyRegressionClusterDate(t *testing.T) {
	s := regressionStudy(t, func(text string) string { return text + "verizon-2021,VZ,2021-08-16,hack,1000\n" })
	s.Regression = Regression{Formula: "car ~ type", Cluster: ClusterDate}
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range out.Set.Regression {
		if r.Window == "-1,1" {
			n++
			if r.Cluster != "date" || r.SEType != "cr1" || r.NClusters.V != r.N-1 || r.DF.V != r.N-2 || r.N != 14 {
				t.Errorf("row %+v: want 14 events in 13 day-0 clusters", r)
			}
		}
	}
	if n != 5 {
		t.Errorf("%d rows for -1,1, want 5 (intercept and 4 dummies)", n)
	}
}
