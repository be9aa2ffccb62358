package study

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// garchDemo runs the bundled demo study with model m.
func garchDemo(t *testing.T, m analysis.Model, dist analysis.GarchDist) *Outcome {
	t.Helper()
	s := Default()
	s.Events, s.Prices, s.Market = "../testdata/demo/events.csv", demoPrices, "GSPC"
	s.Analysis.Model, s.Analysis.GarchDist = m, dist
	return runStudy(t, s)
}

// TestGarchStudy: events.csv has the garch columns under every model,
// empty under the market model; under garch and egarch they are filled for the events whose ML fit is used and empty
// (with a garch_fallback_ols warning) for those that fell back to OLS,
// whose alpha, beta and sigma are then the market model's; savickas runs
// by default; the columns survive a write and read; the running
// example's AR(0) is near the market model's and its SAR is AR/σ_0.
func TestGarchStudy(t *testing.T) {
	market := garchDemo(t, analysis.ModelMarket, "")
	// The market study has the columns (the contract), all empty.
	if !slices.Equal(market.Set.Manifest.GarchColumns, results.GarchColumns) {
		t.Fatalf("market study's garch columns %v", market.Set.Manifest.GarchColumns)
	}
	for _, ev := range market.Set.Events {
		if len(ev.Garch) != len(results.GarchColumns) || slices.ContainsFunc(ev.Garch, func(v results.Num) bool { return !v.IsNA() }) {
			t.Fatalf("market study's %s garch cells %v, want %d empty", ev.EventID, ev.Garch, len(results.GarchColumns))
		}
	}
	for _, c := range []struct {
		m    analysis.Model
		dist analysis.GarchDist
	}{{analysis.ModelGARCH, analysis.GarchNormal}, {analysis.ModelEGARCH, analysis.GarchT}} {
		t.Run(string(c.m)+"/"+string(c.dist), func(t *testing.T) {
			out := garchDemo(t, c.m, c.dist)
			if !slices.Equal(out.Set.Manifest.GarchColumns, results.GarchColumns) {
				t.Fatalf("garch columns %v", out.Set.Manifest.GarchColumns)
			}
			fellBack := map[string]bool{}
			for _, w := range warningsOf(out, analysis.WarnGarchFallback) {
				fellBack[w.EventID] = true
			}
			used := 0
			for _, ev := range out.Set.Events {
				if ev.Status != StatusOK {
					continue
				}
				ll := ev.Garch[5]
				if fellBack[ev.EventID] {
					mk := eventOf(t, market, ev.EventID)
					if !ll.IsNA() || ev.Beta != mk.Beta || ev.Sigma != mk.Sigma {
						t.Errorf("%s fell back but has loglik %v, beta %v (market %v)", ev.EventID, ll, ev.Beta, mk.Beta)
					}
					if ev.Model != string(analysis.ModelMarket) {
						t.Errorf("%s fell back but its model column says %q", ev.EventID, ev.Model)
					}
					continue
				}
				if ev.Model != string(c.m) {
					t.Errorf("%s has the %s fit but its model column says %q", ev.EventID, c.m, ev.Model)
				}
				used++
				if ll.IsNA() || ev.Garch[0].IsNA() || ev.Garch[1].IsNA() || ev.Garch[2].IsNA() {
					t.Errorf("%s: garch values %v", ev.EventID, ev.Garch)
				}
				if hasGamma := !ev.Garch[3].IsNA(); hasGamma != (c.m == analysis.ModelEGARCH) {
					t.Errorf("%s: gamma %v under %s", ev.EventID, ev.Garch[3], c.m)
				}
				if hasNu := !ev.Garch[4].IsNA(); hasNu != (c.dist == analysis.GarchT) {
					t.Errorf("%s: nu %v with %s innovations", ev.EventID, ev.Garch[4], c.dist)
				}
			}
			if used < len(out.Set.Events)/2 {
				t.Errorf("only %d of %d events use the ML fit", used, len(out.Set.Events))
			}
			n := 0
			for _, r := range out.Set.Tests {
				if r.Test == "savickas" {
					n++
				}
			}
			if n == 0 {
				t.Error("no savickas rows in tests.csv")
			}
			// The running example: AR(0) moves little; SAR = AR/σ_0.
			e := out.Groups["breach"]
			var tm *analysis.EventEstimate
			for _, x := range e {
				if x.ID == "tmobile-2021-claim" {
					tm = x
				}
			}
			if tm == nil || !tm.Fit.Garch.Used() {
				t.Fatalf("tmobile-2021-claim: no ML fit")
			}
			j := -tm.EvtWindow.T1
			if math.Abs(tm.AR[j]+0.0317) > 0.001 || math.Abs(tm.SAR[j]-tm.AR[j]/math.Sqrt(tm.CondVar[j])) > 1e-12 {
				t.Errorf("AR(0) %g SAR(0) %g σ_0 %g", tm.AR[j], tm.SAR[j], math.Sqrt(tm.CondVar[j]))
			}
			// events.csv round trip keeps the garch columns.
			dir := filepath.Join(t.TempDir(), "out")
			if err := results.Write(dir, out.Set, nil, nil); err != nil {
				t.Fatal(err)
			}
			back, err := results.Read(dir)
			if err != nil {
				t.Fatal(err)
			}
			for i, ev := range back.Events {
				for k, v := range ev.Garch {
					w := out.Set.Events[i].Garch[k]
					if !(v == w || v.IsNA() && w.IsNA()) {
						t.Fatalf("%s %s: read %v, wrote %v", ev.EventID, results.GarchColumns[k], v, w)
					}
				}
			}
		})
	}
}

// TestGarchShortWindow: an estimation window below analysis.MinGarchObs
// excludes every event with short_garch_estimation and a detail that says
// what to do.
func TestGarchShortWindow(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	s.Analysis.Model = analysis.ModelGARCH
	s.Analysis.Estimation = analysis.Window{T1: -90, T2: -11}
	s.Analysis.MinEst = 50
	out := runStudy(t, s)
	ev := eventOf(t, out, "tmus-confirm")
	if ev.Reason != analysis.ReasonShortGarch {
		t.Fatalf("reason %q", ev.Reason)
	}
	ex := out.Set.Manifest.Exclusions
	if len(ex) != 1 || !strings.Contains(ex[0].Detail, "needs 100") {
		t.Errorf("exclusions %+v", ex)
	}
}
