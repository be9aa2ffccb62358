package charts

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

func near(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(1, math.Abs(b))
}

// Published t quantiles (Student's t tables; R qt(0.975, df)).
func TestCriticalValue(t *testing.T) {
	for _, c := range []struct {
		df   int
		want float64
	}{
		{3, 3.182446305284263},
		{10, 2.228138851986274},
		{1, 12.70620473617471},
		{30, 2.042272456301238},
		{0, 1.959963984540054}, // normal
	} {
		if got := Level(0.95).criticalValue(c.df); !near(got, c.want, 1e-8) {
			t.Errorf("criticalValue(%d) = %.15g, want %.15g", c.df, got, c.want)
		}
	}
}

// Other levels against published quantiles (R qt(0.995, 10),
// qt(0.95, 10), qnorm(0.95)): the study's level moves every band.
func TestCriticalValueLevels(t *testing.T) {
	for _, c := range []struct {
		level float64
		df    int
		want  float64
		label string
	}{
		{0.99, 10, 3.169272672616951, "99%"},
		{0.90, 10, 1.812461122811676, "90%"},
		{0.90, 0, 1.644853626951472, "90%"},
		{0.995, 0, 2.807033768343811, "99.5%"},
	} {
		l := Level(c.level)
		if got := l.criticalValue(c.df); !near(got, c.want, 1e-8) {
			t.Errorf("Level(%g).criticalValue(%d) = %.15g, want %.15g", c.level, c.df, got, c.want)
		}
		if l.Label() != c.label {
			t.Errorf("Level(%g).Label() = %q, want %q", c.level, l.Label(), c.label)
		}
		lo, hi := l.CARInterval(1, 0.5, c.df)
		if !near(hi-lo, 2*0.5*c.want, 1e-8) {
			t.Errorf("Level(%g) interval width %g, want %g", c.level, hi-lo, c.want)
		}
	}
}

func TestReportLevel(t *testing.T) {
	for _, c := range []struct {
		name string
		set  float64
		cfg  map[string]any
		want Level
		bad  bool
	}{
		{"default", 0, nil, 0.95, false},
		{"study", 0, map[string]any{"level": 0.9}, 0.9, false},
		{"study text", 0, map[string]any{"level": "0.99"}, 0.99, false},
		{"caller wins", 0.8, map[string]any{"level": 0.9}, 0.8, false},
		{"not a coverage", 0, map[string]any{"level": 95.0}, 0, true},
		{"not a number", 0, map[string]any{"level": "high"}, 0, true},
		{"negative", -0.5, nil, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := reportLevel(c.set, c.cfg)
			if (err != nil) != c.bad {
				t.Fatalf("err = %v, want error %v", err, c.bad)
			}
			if !c.bad && got != c.want {
				t.Errorf("level %g, want %g", float64(got), float64(c.want))
			}
		})
	}
}

// docs/methodology.md 8.2: event A, σ̂ = 0.01021102295, df 10; the simple
// variance sd of CAR(0,2) (k = 3) is 0.01768601054.
func TestRunningCARBand(t *testing.T) {
	half := Level(0.95).RunningCARBand(0.01021102295, 10, 3)
	c := Level(0.95).criticalValue(10)
	if !near(half[2]/c, 0.01768601054, 1e-8) {
		t.Errorf("band sd at k=3 = %.12g, want 0.01768601054", half[2]/c)
	}
	if !near(half[0]/c, 0.01021102295, 1e-8) {
		t.Errorf("band sd at k=1 = %.12g, want σ̂", half[0]/c)
	}
	// t(CAR) simple of 8.2: CAR/sd = -2.418103134
	if got := -0.04276659751 / (half[2] / c); !near(got, -2.418103134, 1e-8) {
		t.Errorf("t simple = %.12g, want -2.418103134", got)
	}
}

// docs/methodology.md 8.3: CARs of A–D over (0,2); CAAR -0.02005057054 and
// the cross-sectional t -2.327090074 give s/√N = CAAR/t.
func TestMeanBand(t *testing.T) {
	x := []float64{-0.04276659751, -0.02337551867, -0.01054564315, -0.003514522822}
	mean, lo, hi, ok := Level(0.95).MeanBand(x)
	if !ok {
		t.Fatal("MeanBand not ok")
	}
	if !near(mean, -0.02005057054, 1e-8) {
		t.Errorf("mean = %.12g", mean)
	}
	se := -0.02005057054 / -2.327090074
	if got := (hi - lo) / 2 / Level(0.95).criticalValue(3); !near(got, se, 1e-8) {
		t.Errorf("s/√N = %.12g, want %.12g", got, se)
	}
	for _, bad := range [][]float64{nil, {1}, {1, math.NaN()}} {
		if _, _, _, ok := Level(0.95).MeanBand(bad); ok {
			t.Errorf("MeanBand(%v) ok, want not ok", bad)
		}
	}
}

func TestCARInterval(t *testing.T) {
	// 8.2 exact: CAR -0.04276659751, sd 0.02017963123, df 10; the interval
	// must exclude 0 exactly when p < 0.05 (p = 0.06009483693: it includes 0).
	lo, hi := Level(0.95).CARInterval(-0.04276659751, 0.02017963123, 10)
	if !(lo < 0 && hi > 0) {
		t.Errorf("interval [%g, %g] should contain 0 (p = 0.060)", lo, hi)
	}
	if !near(hi, -0.04276659751+2.228138851986274*0.02017963123, 1e-8) {
		t.Errorf("hi = %.12g", hi)
	}
}

func TestSignificanceClass(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{{0.001, Sig01}, {0.0099, Sig01}, {0.01, Sig05}, {0.049, Sig05}, {0.05, Sig10}, {0.0999, Sig10}, {0.1, SigNS}, {1, SigNS}, {math.NaN(), SigNA}} {
		if got := SignificanceClass(c.p); got != c.want {
			t.Errorf("SignificanceClass(%g) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestNSubtitle(t *testing.T) {
	tests := []struct {
		name string
		ns   []int
		per  string
		want string
	}{
		{"no rows", nil, "", ""},
		{"one n", []int{40, 40}, " events per day", "N = 40"},
		{"a range", []int{40, 38, 45}, " events per day", "N = 38–45 events per day"},
		{"a range without unit", []int{31, 45}, "", "N = 31–45"},
		{"all small", []int{12, 12}, "", "N = 12 (N < 30: asymptotic tests unreliable)"},
		// The smallest n decides: one thin day is enough to warn.
		{"smallest small", []int{29, 45}, "", "N = 29–45 (N < 30: asymptotic tests unreliable)"},
		{"exactly SmallN", []int{30, 45}, "", "N = 30–45"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := nSubtitle(tc.ns, tc.per); got != tc.want {
				t.Errorf("nSubtitle(%v, %q) = %q, want %q", tc.ns, tc.per, got, tc.want)
			}
		})
	}
}

// FuzzRenderLabels puts arbitrary text into every user field: Render must
// not fail or panic, and no raw "<" of the text may reach a <script>
// element, nor any "__f__" the page.
func FuzzRenderLabels(f *testing.F) {
	for _, s := range []string{payloadScript, payloadFunc, payloadImg, "</SCRIPT >", "<!--", "\u2028", "__f____f__", "___f__f__"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		set := &results.Set{
			Events:   []results.EventRow{{EventID: s, Firm: s, Incident: s, Stage: s, Label: s, Day0: "2021-08-16", Group: s, Sigma: 0.01}},
			AR:       []results.ARRow{{EventID: s, RelDay: 0, Date: s, AR: 0.01, CAR: 0.01}, {EventID: s, RelDay: 1, Date: s, AR: -0.02, CAR: -0.01}},
			CAR:      []results.CARRow{{EventID: s, Window: "-1,1", T1: -1, T2: 1, CAR: 0.01, SE: 0.01, DF: results.SomeInt(10), P: 0.3}},
			Tests:    []results.TestRow{{Group: s, Window: s, Test: s, N: 2, P: 0.2}},
			AAR:      []results.AARRow{{Group: s, RelDay: 0, N: 1, AAR: 0.01, CAAR: 0.01}},
			Prices:   []results.PriceRow{{EventID: s, RelDay: 0, Date: s, Firm: 100, Market: 100, Volume: results.NA}},
			Manifest: results.Manifest{Config: map[string]any{s: s}, Warnings: []results.Warning{{Code: s, Message: s}}},
		}
		st := compare.StageRow{Incident: s, Firm: s, Stages: s, EventIDs: s + ";" + s, DateGiven: s, Day0: s, AnchorRule: s,
			Timeline: s, Window: "0,1", CAR: -0.02, T: -2, DF: results.SomeInt(10), P: 0.04, SQP: results.NA, Significant: true, FirstSignificant: true}
		st2 := st
		st2.Day0, st2.Window = s+"x", s
		tab := &compare.Tables{
			Stages:      []compare.StageRow{st, st2},
			Peers:       []compare.PeerRow{{EventID: s, Firm: s, Peers: s, NPeers: 1, Window: s, FirmCAR: 0.01, FirmT: 1, FirmP: 0.3, PeerCAR: -0.01, PeerT: -3, PeerDF: results.SomeInt(10), PeerP: 0.01, Effect: s, PeerNote: s}},
			GroupDiff:   []compare.GroupDiffRow{{GroupA: s, GroupB: s, Window: s, Test: s, Estimate: 0.5, Statistic: 1, Dist: s, DF: results.NA, P: 0.2}},
			Confounding: []compare.ConfoundRow{{EventID: s, OtherID: s, Firm: s, Where: s}},
			Clustering:  []compare.ClusterRow{{Group: s, Window: s, N: 2, Pairs: 1, OverlapPairs: 1, OverlapShare: 1, PreferKP: true}},
			StageWindow: s,
		}
		var buf strings.Builder
		if err := Render(&buf, set, Options{Title: s, Compare: tab}); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		checkScripts(t, page)
	})
}

// checkScripts asserts that the page has exactly the two script elements
// of the template: user text cannot open or close one.
func checkScripts(t *testing.T, page string) {
	t.Helper()
	low := strings.ToLower(page)
	if n := strings.Count(low, "<script"); n != 2 {
		t.Errorf("page has %d <script tags, want 2", n)
	}
	if n := strings.Count(low, "</script"); n != 2 {
		t.Errorf("page has %d </script tags, want 2", n)
	}
	// The chart script (after the echarts bundle) never carries the
	// go-echarts function marker: user text is cleaned before charts.
	if i := strings.LastIndex(low, "<script>"); i >= 0 && strings.Contains(page[i:], "__f__") {
		t.Error("the chart script contains __f__")
	}
}

// TestStudyLevelReachesCharts renders the fixture with the study's level
// 0.90: the ranked chart's intervals are car ± t(0.95, df)·se (t from
// gonum here, se from car.csv) and the bands and whiskers say "90%".
func TestStudyLevelReachesCharts(t *testing.T) {
	set := fixtureSet(t)
	set.Manifest.Config["level"] = 0.90
	var buf strings.Builder
	if err := Render(&buf, set, Options{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"90% band (simple variance)", "90% CI of the mean CAR", "90% interval", "t(0.95, df)"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "95% band") || strings.Contains(page, "95% interval") {
		t.Error("page still labels a band or interval 95%")
	}
	lv, err := reportLevel(0, set.Manifest.Config)
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{set: set, t1: -1, t2: 1, lv: lv, cars: carsInWindow(set.CAR, -1, 1)}
	rows, _ := b.compareRows()
	items := b.compareItems(rows)
	for _, it := range items {
		r := b.cars[it.ID]
		c := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(r.DF.V)}.Quantile(0.95)
		lo, hi := 100*(float64(r.CAR)-c*float64(r.SE)), 100*(float64(r.CAR)+c*float64(r.SE))
		if math.Abs(it.Lo.(float64)-lo) > 2e-6 || math.Abs(it.Hi.(float64)-hi) > 2e-6 {
			t.Errorf("%s: interval [%v, %v], want [%.6f, %.6f]", it.ID, it.Lo, it.Hi, lo, hi)
		}
	}
}
