package study

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestLevelReachesTheManifest: level 0.90 from a study file is recorded
// in the manifest's config (also through JSON, as the report and figures
// read it back), and turns T-Mobile's CAR(0,0) interval of car.csv into
// car ± t_{0.95,df}·se, the quantile checked by its CDF; the default is
// 0.95, and both packages agree on it.
func TestLevelReachesTheManifest(t *testing.T) {
	if analysis.DefaultLevel != results.DefaultLevel || Default().Analysis.Level != analysis.DefaultLevel {
		t.Fatalf("default levels differ: analysis %v, results %v, study %v", analysis.DefaultLevel, results.DefaultLevel, Default().Analysis.Level)
	}
	s, err := ParseFile("study.yaml", []byte("level: 0.90\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	d := demoStudy()
	d.Analysis.Level = s.Analysis.Level
	d.Analysis.CARWindows = []analysis.Window{{T1: 0, T2: 0}}
	out := runStudy(t, d)
	m := out.Set.Manifest
	if m.Config["level"] != 0.9 || m.Level() != 0.9 {
		t.Fatalf("manifest config level %v, Level() %v, want 0.9", m.Config["level"], m.Level())
	}
	b, err := json.Marshal(m.Config)
	if err != nil {
		t.Fatal(err)
	}
	var back results.Manifest
	if err := json.Unmarshal(b, &back.Config); err != nil || back.Level() != 0.9 {
		t.Fatalf("through JSON: Level() %v (%v)", back.Level(), err)
	}
	var car results.CARRow
	for _, r := range out.Set.CAR {
		if r.EventID == "tmobile-2021-confirmation" {
			car = r
		}
	}
	if car.EventID == "" || car.SE.IsNA() || !car.DF.Valid {
		t.Fatalf("no CAR(0,0) with se and df for tmobile-2021-confirmation: %+v", car)
	}
	df := float64(car.DF.V)
	tdist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	c := tdist.Quantile(0.95)
	if math.Abs(tdist.CDF(c)-0.95) > 1e-12 || c < 1.64 || c > 1.66 {
		t.Fatalf("t quantile %v with %v df is not the 95th percentile", c, df)
	}
	lo, hi := analysis.Interval(float64(car.CAR), float64(car.SE), m.Level(), analysis.DistT, df)
	wantLo, wantHi := float64(car.CAR)-c*float64(car.SE), float64(car.CAR)+c*float64(car.SE)
	if math.Abs(lo-wantLo) > 1e-12 || math.Abs(hi-wantHi) > 1e-12 {
		t.Errorf("90%% interval [%v, %v], by hand [%v, %v]", lo, hi, wantLo, wantHi)
	}
	if lo95, _ := analysis.Interval(float64(car.CAR), float64(car.SE), analysis.DefaultLevel, analysis.DistT, df); !(lo95 < lo) {
		t.Errorf("the 95%% interval's lower end %v is not below the 90%% one's %v", lo95, lo)
	}
	t.Logf("CAR(0,0) %.6g, se %.6g, df %v: 90%% [%.6g, %.6g]", float64(car.CAR), float64(car.SE), df, lo, hi)
}
