package grouptest

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest/internal/pairs"
	"github.com/breachlab/eventstudy/results"
)

// docs/methodology.md 8.1: 12 estimation days then 3 event days (d1..d15), and
// d16 of 8.4.
var (
	mkt81 = []float64{0.010, -0.005, 0.002, 0.007, -0.012, 0.004, 0.000, 0.015, -0.008, 0.003, -0.002, 0.006,
		0.004, -0.010, 0.001}
	ret81 = map[string][]float64{
		"A": {0.026, -0.018, 0.012, -0.006, -0.017, 0.017, -0.010, 0.033, -0.005, 0.012, -0.008, 0.002, -0.035, -0.020, 0.004},
		"B": {0.012, -0.013, 0.008, 0.008, -0.006, 0.003, 0.002, 0.014, -0.016, 0.007, 0.006, 0.001, -0.012, -0.018, 0.003},
		"C": {0.019, -0.001, -0.002, 0.005, -0.015, 0.012, -0.008, 0.023, -0.007, -0.001, -0.003, 0.010, -0.008, -0.002, -0.006},
		"D": {0.009, -0.011, 0.011, -0.001, -0.003, 0.000, 0.005, 0.012, -0.013, 0.006, 0.001, -0.001, 0.006, -0.015, 0.002},
	}
)

// exampleConfig: market model, estimation (-12,-1), event window (0,2),
// kp-min-shared 10 as the worked examples use.
func exampleConfig() analysis.Config {
	cfg := analysis.DefaultConfig()
	cfg.Estimation = analysis.Window{T1: -12, T2: -1}
	cfg.EventWindow = analysis.Window{T1: 0, T2: 2}
	cfg.MinEst = 10
	cfg.KPMinShared = 10
	return cfg
}

// estimate builds the EventInput of an event with day 0 at calendar
// position day0 over calendar-indexed returns and estimates it.
func estimate(t testing.TB, id, firm string, ret, mkt []float64, day0 int, cfg analysis.Config) *analysis.EventEstimate {
	t.Helper()
	in := &analysis.EventInput{ID: id, Firm: firm, Day0: day0}
	for rel := cfg.Estimation.T1; rel <= cfg.EventWindow.T2; rel++ {
		c := day0 + rel
		in.Cal = append(in.Cal, c)
		r, m := math.NaN(), math.NaN()
		if c >= 0 && c < len(ret) {
			r, m = ret[c], mkt[c]
		}
		in.R = append(in.R, r)
		if len(in.X) == 0 {
			in.X = [][]float64{nil}
		}
		in.X[0] = append(in.X[0], m)
	}
	e, reason := analysis.Estimate(in, cfg)
	if reason != "" {
		t.Fatalf("%s: Estimate: %s", id, reason)
	}
	return e
}

// example83 returns events A–D of 8.3 (all with day 0 at d13).
func example83(t testing.TB, cfg analysis.Config) []*analysis.EventEstimate {
	var evs []*analysis.EventEstimate
	for _, f := range []string{"A", "B", "C", "D"} {
		evs = append(evs, estimate(t, f, f, ret81[f], mkt81, 12, cfg))
	}
	return evs
}

// example84 returns E1..E5 of 8.4: d16 added, B missing on d5, D on d14;
// E3 (firm C) and E5 (firm A, stage scope) have day 0 at d14.
func example84(t testing.TB, cfg analysis.Config) map[string]*analysis.EventEstimate {
	nan := math.NaN()
	mkt := append(append([]float64{}, mkt81...), -0.004)
	ret := map[string][]float64{
		"A": append(append([]float64{}, ret81["A"]...), -0.012),
		"B": append(append([]float64{}, ret81["B"]...), nan),
		"C": append(append([]float64{}, ret81["C"]...), -0.009),
		"D": append(append([]float64{}, ret81["D"]...), nan),
	}
	ret["B"][4] = nan
	ret["D"][13] = nan
	return map[string]*analysis.EventEstimate{
		"E1": estimate(t, "E1", "A", ret["A"], mkt, 12, cfg),
		"E2": estimate(t, "E2", "B", ret["B"], mkt, 12, cfg),
		"E3": estimate(t, "E3", "C", ret["C"], mkt, 13, cfg),
		"E4": estimate(t, "E4", "D", ret["D"], mkt, 12, cfg),
		"E5": estimate(t, "E5", "A", ret["A"], mkt, 13, cfg),
	}
}

// want is one expected row; NaN fields are not checked, dist "" means the
// statistic must be empty.
type want struct {
	n                 int
	estimate, stat    float64
	dist              string
	df                int // 0: empty
	p, pLower, pUpper float64
}

var na = math.NaN()

func checkRows(t *testing.T, label string, rows []results.TestRow, wants map[string]want) {
	t.Helper()
	got := map[string]results.TestRow{}
	for _, r := range rows {
		got[r.Test] = r
	}
	for id, w := range wants {
		r, ok := got[id]
		if !ok {
			t.Errorf("%s: no row %s", label, id)
			continue
		}
		name := label + " " + id
		if r.N != w.n {
			t.Errorf("%s: n = %d, want %d", name, r.N, w.n)
		}
		if !math.IsNaN(w.estimate) {
			check(t, name+" estimate", float64(r.Estimate), w.estimate, tolStat)
		}
		if r.Dist != w.dist {
			t.Errorf("%s: dist %q, want %q", name, r.Dist, w.dist)
		}
		if w.dist == "" {
			if !r.Statistic.IsNA() || !r.P.IsNA() || r.DF.Valid {
				t.Errorf("%s: statistic %v p %v df %v, want empty", name, r.Statistic, r.P, r.DF)
			}
			continue
		}
		if !math.IsNaN(w.stat) {
			check(t, name+" statistic", float64(r.Statistic), w.stat, tolStat)
		}
		if (w.df > 0) != r.DF.Valid || (w.df > 0 && r.DF.V != w.df) {
			t.Errorf("%s: df %v, want %d", name, r.DF, w.df)
		}
		for _, pc := range []struct {
			what      string
			got, want float64
		}{{"p", float64(r.P), w.p}, {"p_lower", float64(r.PLower), w.pLower}, {"p_upper", float64(r.PUpper), w.pUpper}} {
			if !math.IsNaN(pc.want) {
				check(t, name+" "+pc.what, pc.got, pc.want, tolP)
			}
		}
		// The one-sided p-values of continuous statistics sum to 1.
		if w.dist != "exact" && math.Abs(float64(r.PLower+r.PUpper)-1) > 1e-12 {
			t.Errorf("%s: p_lower+p_upper = %v", name, r.PLower+r.PUpper)
		}
	}
}

// TestExample83 reproduces docs/methodology.md 8.3 and its supplement: four
// events on one date, windows 0,0 and 0,2, and the daily statistics of
// days 1 and 2.
func TestExample83(t *testing.T) {
	cfg := exampleConfig()
	evs := example83(t, cfg)
	for i, e := range evs { // vw_caar and dollar need market caps
		e.MCap = float64(i+1) * 1e9
	}
	rows := Run(All, evs, analysis.Window{T1: 0, T2: 2}, cfg)
	if len(rows) != len(All) {
		t.Fatalf("%d rows, want %d", len(rows), len(All))
	}
	for i, r := range rows {
		if r.Test != All[i] || r.Window != "0,2" || r.Group != "" {
			t.Errorf("row %d: test %q window %q group %q", i, r.Test, r.Window, r.Group)
		}
	}
	caar := -0.02005057054
	checkRows(t, "8.3 0,2", rows, map[string]want{
		"cs_t":           {4, caar, -2.327090074, "t", 3, 0.1024192175, na, na},
		"bw_cda":         {4, caar, -2.864020845, "t", 11, 0.0154054292, na, na},
		"patell":         {4, caar, -2.492191935, "normal", 0, 0.01269574107, na, na},
		"bmp":            {4, caar, -3.135113877, "t", 3, 0.05185946342, na, na},
		"kp_bmp":         {4, caar, -2.575688824, "t", 3, na, na, na},
		"kp_patell":      {4, caar, -2.167236329, "normal", 0, na, na, na},
		"corrado":        {4, -0.1354166667, -1.583482996, "normal", 0, 0.1133114194, na, na},
		"corrado_zivney": {4, -0.1041666667, -1.186781658, "normal", 0, 0.2353137555, na, na},
		"grank_t":        {4, -0.3214285714, -2.388116815, "t", 11, 0.03598102397, na, na},
		"grank_z":        {4, -0.3214285714, -2.024172983, "normal", 0, 0.04295235638, na, na},
		"sign":           {4, 0, -2, "exact", 0, 0.125, 0.0625, 1},
		"gen_sign":       {4, 0, -2.366431913, "normal", 0, na, na, na},
		"wilcoxon":       {4, -0.5, -1.825741858, "exact", 0, 0.125, 0.0625, 1},
		"skew_t":         {4, na, -2.450502632, "t", 3, 0.09163842779, na, na},
	})

	day0 := -0.01739445021
	checkRows(t, "8.3 0,0", Run(All, evs, analysis.Window{T1: 0, T2: 0}, cfg), map[string]want{
		"cs_t":           {4, day0, -1.857256289, "t", 3, na, na, na},
		"bw_cda":         {4, day0, -4.303489754, "t", 11, na, na, na},
		"patell":         {4, day0, -3.969126236, "normal", 0, na, na, na},
		"bmp":            {4, day0, -2.328190611, "t", 3, na, na, na},
		"kp_bmp":         {4, day0, -1.912751744, "t", 3, na, na, na},
		"kp_patell":      {4, day0, -3.451593938, "normal", 0, na, na, na},
		"corrado":        {4, -0.28125, -1.898773616, "normal", 0, na, na, na},
		"corrado_zivney": {4, -0.25, -1.644452904, "normal", 0, 0.100082685, na, na},
		"grank_t":        {4, -0.2678571429, -1.948450712, "t", 11, na, na, na},
		"grank_z":        {4, -0.2678571429, -1.754692956, "normal", 0, 0.07931184162, na, na},
		"sign":           {4, 0.25, -1, "exact", 0, 0.625, 0.3125, 0.9375},
		"gen_sign":       {4, 0.25, -1.352246808, "normal", 0, na, na, na},
		"wilcoxon":       {4, -0.4, -1.460593487, "exact", 0, 0.25, 0.125, 0.9375},
		"skew_t":         {4, -0.01625, -2.106899334, "t", 3, 0.1257371348, na, na},
	})

	// Daily statistics of days 1 and 2 (8.3, parenthetical note).
	for _, d := range []struct {
		day                      int
		cs, patell, bmp, corrado float64
	}{
		{1, -0.4218823345, -0.3534776695, -0.2682789199, -0.5274371157},
		{2, -0.3213499435, -0.3607774168, -0.4827014659, -0.3164622694},
	} {
		rows := Run([]string{"cs_t", "patell", "bmp", "corrado"}, evs, analysis.Window{T1: d.day, T2: d.day}, cfg)
		for i, w := range []float64{d.cs, d.patell, d.bmp, d.corrado} {
			check(t, rows[i].Test+" day "+rows[i].Window, float64(rows[i].Statistic), w, tolStat)
		}
	}
}

// TestExample83Variants: --multi-day sum-sar (8.3 table) and the r̄ of the
// O(N·T) identity (supplement).
func TestExample83Variants(t *testing.T) {
	cfg := exampleConfig()
	cfg.MultiDay = "sum-sar"
	evs := example83(t, cfg)
	checkRows(t, "8.3 sum-sar", Run([]string{"patell", "bmp", "kp_patell"}, evs, analysis.Window{T1: 0, T2: 2}, cfg), map[string]want{
		"patell":    {4, na, -2.703951467, "normal", 0, 0.00685202962, na, na},
		"bmp":       {4, na, -3.138276028, "t", 3, na, na, na},
		"kp_patell": {4, na, -2.351384646, "normal", 0, na, na, na},
	})
	for _, w := range []analysis.Window{{T1: 0, T2: 0}, {T1: 0, T2: 2}} {
		g := newGroup(prepare(All, evs, cfg), w, cfg)
		check(t, "8.3 r̄ "+w.String(), g.rBar(), 0.1074540687, tolStat)
	}
}

// TestExample84 reproduces the group tests of docs/methodology.md 8.4 (unequal
// M, a missing AR, a staggered event, kp-min-shared 10), with E5 left out
// by the stage rule (the caller passes the primary set).
func TestExample84(t *testing.T) {
	cfg := exampleConfig()
	ev := example84(t, cfg)
	primary := []*analysis.EventEstimate{ev["E1"], ev["E2"], ev["E3"], ev["E4"]}

	e00 := -0.01112384641
	checkRows(t, "8.4 0,0", Run(All, primary, analysis.Window{T1: 0, T2: 0}, cfg), map[string]want{
		"cs_t":           {4, e00, -0.9380023299, "t", 3, 0.4174405405, na, na},
		"bw_cda":         {4, e00, -2.321261079, "t", 11, na, na, na},
		"patell":         {4, e00, -2.139164985, "normal", 0, 0.03242230893, na, na},
		"bmp":            {4, e00, -0.9096359083, "t", 3, na, na, na},
		"kp_bmp":         {4, e00, -0.6400532876, "t", 3, na, na, na},
		"kp_patell":      {4, e00, -1.686183886, "normal", 0, na, na, na},
		"corrado":        {4, -0.06666666667, -0.3763466067, "normal", 0, na, na, na},
		"corrado_zivney": {4, -0.1302083333, -0.6968931302, "normal", 0, na, na, na},
		"grank_t":        {4, -0.1401098901, -0.7428346241, "t", 11, na, na, na},
		"grank_z":        {4, -0.1401098901, -0.7571080591, "normal", 0, na, na, na},
		"sign":           {4, 0.5, 0, "exact", 0, 1, 0.6875, 0.6875},
		"gen_sign":       {4, 0.5, -0.2987321946, "normal", 0, na, na, na},
		"wilcoxon":       {4, -0.2, -0.7302967433, "exact", 0, 0.625, na, na},
		"skew_t":         {4, na, -1.151920571, "t", 3, na, na, na},
	})
	e11 := -0.0046824961
	checkRows(t, "8.4 1,1", Run(All, primary, analysis.Window{T1: 1, T2: 1}, cfg), map[string]want{
		"cs_t":           {3, e11, -4.142861818, "t", 2, 0.05362065544, na, na},
		"bw_cda":         {3, e11, -0.9704550723, "t", 11, na, na, na},
		"patell":         {3, e11, -1.024860929, "normal", 0, na, na, na},
		"bmp":            {3, e11, -2.896395489, "t", 2, na, na, na},
		"kp_bmp":         {3, e11, -2.803894579, "t", 2, na, na, na},
		"kp_patell":      {3, e11, -1.003159237, "normal", 0, na, na, na},
		"corrado":        {3, -0.1805555556, -1.095490491, "normal", 0, na, na, na},
		"corrado_zivney": {3, -0.3319444444, -1.845234368, "normal", 0, na, na, na},
		"grank_t":        {3, -0.3315018315, -2.033847924, "t", 11, na, na, na},
		"grank_z":        {3, -0.3315018315, -1.810905679, "normal", 0, na, na, na},
		"sign":           {3, 0, -1.732050808, "exact", 0, 0.25, 0.125, 1},
		"gen_sign":       {3, 0, -1.997056658, "normal", 0, na, na, na},
		"wilcoxon":       {3, -0.5, -1.603567451, "exact", 0, 0.25, na, na},
		"skew_t":         {3, na, -13.04020285, "t", 2, na, na, na},
	})
	e02 := -0.02013997341
	checkRows(t, "8.4 0,2", Run(All, primary, analysis.Window{T1: 0, T2: 2}, cfg), map[string]want{
		"cs_t":           {3, e02, -1.573832858, "t", 2, 0.2561806147, 0.1280903074, na},
		"bw_cda":         {3, e02, -2.409884761, "t", 11, 0.03462151615, na, na},
		"patell":         {3, e02, -1.915025549, "normal", 0, 0.05548924544, na, na},
		"bmp":            {3, e02, -1.798981433, "t", 2, 0.2138362714, na, na},
		"kp_bmp":         {3, e02, -1.978866002, "t", 2, na, na, na},
		"kp_patell":      {3, e02, -2.044677839, "normal", 0, 0.04088662983, na, na},
		"corrado":        {3, -0.1037037037, -1.089814673, "normal", 0, na, na, na},
		"corrado_zivney": {3, -0.1444444444, -1.390745299, "normal", 0, na, na, na},
		"grank_t":        {3, -0.2362637363, -1.447412965, "t", 11, 0.1756737063, na, na},
		"grank_z":        {3, -0.2362637363, -1.385575703, "normal", 0, 0.1658765017, na, na},
		"sign":           {3, 1.0 / 3, -0.5773502692, "exact", 0, 1, 0.5, 0.875},
		"gen_sign":       {3, 1.0 / 3, -0.8306341851, "normal", 0, na, na, na},
		"wilcoxon":       {3, -1.0 / 3, -1.069044968, "exact", 0, 0.5, 0.25, na},
		"skew_t":         {3, na, -2.051848757, "t", 2, 0.1766269803, na, na},
	})

	// --primary-stage scope: the caller passes {E2, E3, E4, E5}; window 0,2
	// uses {E2, E3, E5}.
	scope := []*analysis.EventEstimate{ev["E2"], ev["E3"], ev["E4"], ev["E5"]}
	checkRows(t, "8.4 scope 0,2", Run([]string{"cs_t"}, scope, analysis.Window{T1: 0, T2: 2}, cfg), map[string]want{
		"cs_t": {3, -0.005372763621, -0.7779619983, "t", 2, na, na, na},
	})
}

// TestExample84RBar checks r̄ in both conventions against 8.4, and the
// pairs behind it.
func TestExample84RBar(t *testing.T) {
	cfg := exampleConfig()
	ev := example84(t, cfg)
	primary := []*analysis.EventEstimate{ev["E1"], ev["E2"], ev["E3"], ev["E4"]}
	for _, c := range []struct {
		w                 analysis.Window
		calendar, evtTime float64
	}{
		{analysis.Window{T1: 0, T2: 0}, 0.2031514872, 0.3925992831},
		{analysis.Window{T1: 1, T2: 1}, 0.02186734713, 0.210027966},
		{analysis.Window{T1: 0, T2: 2}, -0.06139925087, 0.210027966},
	} {
		check(t, "calendar r̄ "+c.w.String(), newGroup(prepare(All, primary, cfg), c.w, cfg).rBar(), c.calendar, tolStat)
		et := cfg
		et.KPRbar = "event-time"
		check(t, "event-time r̄ "+c.w.String(), newGroup(prepare(All, primary, et), c.w, et).rBar(), c.evtTime, tolStat)
	}
	// Pairs: shared estimation dates and ρ (8.4).
	for _, p := range []struct {
		a, b string
		rho  float64
	}{
		{"E1", "E2", 0.06560204139}, {"E1", "E3", 0.2784779797}, {"E1", "E4", 0.3653445649},
		{"E2", "E3", -0.6531776707}, {"E2", "E4", 0.787962317}, {"E3", "E4", -0.5928857722},
	} {
		a, b := ev[p.a], ev[p.b]
		check(t, "ρ "+p.a+"-"+p.b, pairs.Correlation(a.EstCal, a.Residual, b.EstCal, b.Residual, 10), p.rho, tolStat)
		if r := pairs.Correlation(a.EstCal, a.Residual, b.EstCal, b.Residual, 30); r != 0 {
			t.Errorf("ρ %s-%s with min shared 30 = %v, want 0", p.a, p.b, r)
		}
	}
}

// TestMinimumSizes: N = 1 gives rows with n and estimate only; skew_t
// needs three events.
func TestMinimumSizes(t *testing.T) {
	cfg := exampleConfig()
	evs := example83(t, cfg)
	w := analysis.Window{T1: 0, T2: 2}
	one := Run(All, evs[:1], w, cfg)
	for _, r := range one {
		if r.N != 1 || !r.Statistic.IsNA() || r.Dist != "" || r.DF.Valid || !r.P.IsNA() || !r.PLower.IsNA() || !r.PUpper.IsNA() {
			t.Errorf("N=1 %s: %+v, want n=1 and empty statistic", r.Test, r)
		}
	}
	checkRows(t, "N=1", one, map[string]want{
		"cs_t":   {1, -0.04276659751, na, "", 0, na, na, na},
		"sign":   {1, 0, na, "", 0, na, na, na},
		"skew_t": {1, -0.04547116, na, "", 0, na, na, na},
	})
	two := Run([]string{"skew_t", "cs_t"}, evs[:2], w, cfg)
	if two[0].N != 2 || !two[0].Statistic.IsNA() || two[1].Statistic.IsNA() {
		t.Errorf("N=2: skew_t %+v cs_t %+v", two[0], two[1])
	}
	none := Run(All, nil, w, cfg)
	for _, r := range none {
		if r.N != 0 || !r.Statistic.IsNA() {
			t.Errorf("N=0 %s: %+v", r.Test, r)
		}
	}
	// A window outside the event window has an empty event set.
	if r := Run([]string{"cs_t"}, evs, analysis.Window{T1: 3, T2: 4}, cfg); r[0].N != 0 {
		t.Errorf("window outside the event window: n = %d", r[0].N)
	}
	// Unknown ids are skipped.
	if r := Run([]string{"nope", "cs_t"}, evs, w, cfg); len(r) != 1 || r[0].Test != "cs_t" {
		t.Errorf("unknown id: %+v", r)
	}
}

// TestFirmIrrelevant: a firm with two events gives the same statistics as
// two distinct firms with those returns — Run keys nothing by firm (9.1).
func TestFirmIrrelevant(t *testing.T) {
	cfg := exampleConfig()
	distinct := example83(t, cfg)
	same := example83(t, cfg)
	for _, e := range same {
		e.Firm = "ONE"
	}
	for _, w := range []analysis.Window{{T1: 0, T2: 0}, {T1: 0, T2: 2}} {
		a, b := Run(All, distinct, w, cfg), Run(All, same, w, cfg)
		if !reflect.DeepEqual(fmtRows(a), fmtRows(b)) {
			t.Errorf("window %s: rows differ when all events share a firm", w)
		}
	}
}

func fmtRows(rows []results.TestRow) []string {
	var s []string
	for _, r := range rows {
		s = append(s, r.Window+r.Test+fmt.Sprint(r.N)+r.Estimate.String()+r.Statistic.String()+r.P.String()+r.PLower.String()+r.PUpper.String()+r.DF.String()+r.Dist)
	}
	return s
}

// TestKPZeroCorrelation: with kp-min-shared above the estimation length
// every ρ is 0, so r̄ = 0 and kp_bmp = bmp, kp_patell = patell, row by row.
func TestKPZeroCorrelation(t *testing.T) {
	cfg := exampleConfig()
	cfg.KPMinShared = 30
	ev := example84(t, cfg)
	sets := [][]*analysis.EventEstimate{
		{ev["E1"], ev["E2"], ev["E3"], ev["E4"]},
		{ev["E2"], ev["E3"], ev["E4"], ev["E5"]},
		example83(t, cfg),
	}
	for _, set := range sets {
		for _, mode := range []analysis.KPRbar{analysis.KPRbarCalendar, analysis.KPRbarEventTime} {
			cfg.KPRbar = mode
			for _, w := range []analysis.Window{{T1: 0, T2: 0}, {T1: 1, T2: 1}, {T1: 0, T2: 1}, {T1: 0, T2: 2}} {
				r := Run([]string{"patell", "kp_patell", "bmp", "kp_bmp"}, set, w, cfg)
				if r[0].Statistic != r[1].Statistic || r[2].Statistic != r[3].Statistic || r[0].P != r[1].P || r[2].P != r[3].P {
					t.Errorf("%s %s: patell %v kp %v, bmp %v kp %v", mode, w, r[0].Statistic, r[1].Statistic, r[2].Statistic, r[3].Statistic)
				}
			}
		}
	}
}

func TestDefaultValid(t *testing.T) {
	d := Default()
	if !reflect.DeepEqual(d, All[:len(All)-len(analysis.ResamplingTests)-1]) {
		t.Errorf("Default() = %v", d)
	}
	d[0] = "changed"
	if All[0] != "cs_t" {
		t.Error("Default() aliases All")
	}
	for _, id := range All {
		if !Valid(id) {
			t.Errorf("Valid(%q) = false", id)
		}
	}
	for _, id := range []string{"", "all", "CS_T", "sq"} {
		if Valid(id) {
			t.Errorf("Valid(%q) = true", id)
		}
	}
}

// TestRunWindows: RunWindows gives the rows of Run window by window (the
// shared rank cache changes nothing).
func TestRunWindows(t *testing.T) {
	cfg := exampleConfig()
	ev := example84(t, cfg)
	primary := []*analysis.EventEstimate{ev["E1"], ev["E2"], ev["E3"], ev["E4"]}
	ws := []analysis.Window{{T1: 0, T2: 0}, {T1: 1, T2: 1}, {T1: 0, T2: 2}, {T1: 2, T2: 2}}
	var want []results.TestRow
	for _, w := range ws {
		want = append(want, Run(All, primary, w, cfg)...)
	}
	if got := RunWindows(All, primary, ws, cfg); !reflect.DeepEqual(fmtRows(got), fmtRows(want)) {
		t.Error("RunWindows differs from Run per window")
	}
}

// TestSCARsAreAnalysisSCAR: the group's SCARs, divided from the CARs
// newGroup kept, are analysis's SCAR bit for bit, for both variances;
// with sum-sar, GRANK's stay SCAR while scars gives CSAR/√L.
func TestSCARsAreAnalysisSCAR(t *testing.T) {
	evs, cfg := syntheticEvents(t, 300)
	for _, carVar := range analysis.CARVars {
		for _, multi := range analysis.MultiDays {
			cfg.CARVar, cfg.MultiDay = carVar, multi
			t.Run(fmt.Sprintf("car-var=%s,multi-day=%s", carVar, multi), func(t *testing.T) {
				c := prepare(All, evs, cfg)
				for _, w := range cfg.CARWindows {
					g := newGroup(c, w, cfg)
					scar, vs := g.scars(), g.varSCARs()
					for i, e := range g.v {
						want := e.SCAR(w, carVar == analysis.CARVarSimple)
						if math.Float64bits(vs[i]) != math.Float64bits(want) {
							t.Fatalf("window %s event %d: varSCARs %v, SCAR %v", w, i, vs[i], want)
						}
						if multi != analysis.MultiDaySumSAR && math.Float64bits(scar[i]) != math.Float64bits(want) {
							t.Fatalf("window %s event %d: scars %v, SCAR %v", w, i, scar[i], want)
						}
					}
				}
			})
		}
	}
}

// TestNewGroups: the groups newGroups makes event by event are newGroup's
// of each window, bit for bit (sets, CARs, and the SCARs, Qs and BHARs
// of varSCARs, qs and bhars), with unfitted events, missing ARs and a
// missing return (no BHAR), for both variances.
func TestNewGroups(t *testing.T) {
	evs, cfg := syntheticEvents(t, 300)
	evs[5] = nil
	evs[7].Fit = nil
	evs[11].AR[3] = math.NaN()
	evs[13].AR[10] = math.Inf(1)
	evs[17].Ret[12] = math.NaN()
	windows := append([]analysis.Window{}, cfg.CARWindows...)
	for tau := cfg.EventWindow.T1; tau <= cfg.EventWindow.T2; tau++ {
		windows = append(windows, analysis.Window{T1: tau, T2: tau})
	}
	for _, carVar := range analysis.CARVars {
		cfg.CARVar = carVar
		c := prepare(All, evs, cfg)
		for _, scars := range []bool{false, true} {
			got := newGroups(c, windows, cfg, scars, scars)
			for w, win := range windows {
				t.Run(fmt.Sprintf("car-var=%s/scars=%v/window=%s", carVar, scars, win), func(t *testing.T) {
					g, want := got[w], newGroup(c, win, cfg)
					if !reflect.DeepEqual(g.idx, want.idx) || !reflect.DeepEqual(g.v, want.v) || g.w != win {
						t.Fatalf("set of %d events, newGroup's %d", len(g.idx), len(want.idx))
					}
					for k := range g.car {
						if math.Float64bits(g.car[k]) != math.Float64bits(want.car[k]) {
							t.Fatalf("CAR %d: %v, newGroup's %v", k, g.car[k], want.car[k])
						}
					}
					if !scars {
						if g.scarVar != nil || g.q != nil || g.bhar != nil {
							t.Fatal("SCARs, Qs or BHARs made unasked")
						}
						return
					}
					for _, p := range [][2][]float64{{g.scarVar, want.varSCARs()}, {g.q, want.qs()}, {g.bhar, want.bhars()}} {
						if len(p[0]) != len(p[1]) {
							t.Fatalf("%d values, newGroup's %d", len(p[0]), len(p[1]))
						}
						for k := range p[0] {
							if math.Float64bits(p[0][k]) != math.Float64bits(p[1][k]) {
								t.Fatalf("value %d: %v, newGroup's %v", k, p[0][k], p[1][k])
							}
						}
					}
				})
			}
		}
	}
	if !needsSCARs(All) || needsSCARs([]string{"cs_t", "corrado"}) {
		t.Error("needsSCARs")
	}
}
