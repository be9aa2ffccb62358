package compare

import (
	"github.com/breachlab/eventstudy/dates"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// ev is an analysed event; its date given is its day 0. tests are its
// single-event tests per window of stageWindows.
func ev(id, inc, firm, stage, day0, rule string, tests ...results.CARRow) StageEvent {
	tm, err := time.Parse(time.DateOnly, day0)
	if err != nil {
		panic(err)
	}
	d := dates.DayFromTime(tm)
	return StageEvent{ID: id, Incident: inc, Firm: firm, Stage: stage, DateGiven: d, Day0: d, AnchorRule: rule, Tests: tests}
}

func carRow(id, w string, car, p, sq float64) results.CARRow {
	return results.CARRow{EventID: id, Window: w, CAR: results.Num(car), T: results.Num(car * 100),
		DF: results.SomeInt(248), P: results.Num(p), SQP: results.Num(sq)}
}

var stageWindows = []string{"0,0", "0,1"}

func TestStagesMergeAndFirstSignificant(t *testing.T) {
	evs := []StageEvent{
		// The merged stage's numbers come from its first event (claim);
		// media's differing tests must be ignored.
		ev("claim", "inc", "TMUS", "claim", "2021-08-16", "next", carRow("claim", "0,0", -0.03, 0.016, 0.04), carRow("claim", "0,1", -0.025, 0.16, 0.10)),
		ev("media", "inc", "TMUS", "media", "2021-08-16", "next", carRow("media", "0,0", 9, 0.9, 0.9), carRow("media", "0,1", 9, 0.9, 0.9)),
		ev("filing", "inc", "TMUS", "filing", "2021-08-17", "next", carRow("filing", "0,0", 0.01, 0.6, 0.03), carRow("filing", "0,1", 0.02, 0.04, 0.2)),
		ev("conf", "inc", "TMUS", "confirmation", "2021-08-16", "exact"),
		ev("scope", "inc", "TMUS", "scope", "2021-08-18", "next", carRow("scope", "0,0", -0.05, 0.001, 0.01), carRow("scope", "0,1", -0.05, 0.01, 0.01)),
		ev("solo", "", "EFX", "", "2017-09-08", "next", carRow("solo", "0,0", -0.2, 0.0001, 0.008), carRow("solo", "0,1", -0.2, 0.0001, 0.008)),
	}
	rows := Stages(evs, stageWindows)
	type want struct {
		inc, stages, ids, day0, rule, w string
		car                             float64
		sig, first, firstSQ             bool
	}
	wants := []want{
		{"inc", "claim + media + confirmation", "claim;media;conf", "2021-08-16", "next;exact", "0,0", -0.03, true, true, true},
		{"inc", "filing", "filing", "2021-08-17", "next", "0,0", 0.01, false, false, false},
		{"inc", "scope", "scope", "2021-08-18", "next", "0,0", -0.05, true, false, false},
		{"inc", "claim + media + confirmation", "claim;media;conf", "2021-08-16", "next;exact", "0,1", -0.025, false, false, false},
		{"inc", "filing", "filing", "2021-08-17", "next", "0,1", 0.02, true, true, false},
		{"inc", "scope", "scope", "2021-08-18", "next", "0,1", -0.05, true, false, true},
		{"solo", "solo", "solo", "2017-09-08", "next", "0,0", -0.2, true, true, true},
		{"solo", "solo", "solo", "2017-09-08", "next", "0,1", -0.2, true, true, true},
	}
	if len(rows) != len(wants) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(wants), rows)
	}
	for i, w := range wants {
		r := rows[i]
		if r.Incident != w.inc || r.Stages != w.stages || r.EventIDs != w.ids || r.Day0 != w.day0 || r.DateGiven != w.day0 || r.AnchorRule != w.rule ||
			r.Window != w.w || float64(r.CAR) != w.car || r.Significant != w.sig || r.FirstSignificant != w.first || r.FirstSQSignificant != w.firstSQ {
			t.Errorf("row %d = %+v\nwant %+v", i, r, w)
		}
	}
	if got := rows[0].Timeline; got != "claim + media + confirmation → 2021-08-16 [next;exact]" {
		t.Errorf("timeline %q", got)
	}
}

func TestStagesMarkdown(t *testing.T) {
	evs := []StageEvent{ev("a|b", "x_y", "F", "st*1", "2020-01-02", "next", carRow("a|b", "0,1", -0.0123456, 0.004, 0.5))}
	tb := Tables{Stages: Stages(evs, []string{"0,1"})}
	tb.Stages[0].PHolm, tb.Stages[0].PBH = 0.012, 0.008 // as the study fills them
	files, err := tb.Files([]string{"csv", "md", "tex"})
	if err != nil {
		t.Fatal(err)
	}
	md := string(files[MarkdownFile])
	// user text escaped; CAR in percent at 4 decimals with *** (p < 0.01).
	if !strings.Contains(md, `| x\_y | F | st\*1 | 2020-01-02 | next | -1.2346\*\*\* | -1.23 | 0.004 | 0.500 | 0.012 | 0.008 | yes |  |`) {
		t.Errorf("markdown:\n%s", md)
	}
	if tex := string(files[TeXFile]); !strings.Contains(tex, `$-1.2346^{***}$`) || !strings.Contains(tex, `x\_y`) {
		t.Errorf("tex:\n%s", tex)
	}
	csvs := csvFiles(t, &tb)
	if _, ok := csvs[PeersFile]; ok {
		t.Error("peers.csv written without peers")
	}
	if _, ok := files[StagesFile]; ok {
		t.Error("Files has stages.csv: the CSV tables are ResultTables")
	}
	if got := string(csvs[GroupDiffFile]); !strings.HasPrefix(got, "group_a,group_b,window,test,n_a,n_b,estimate,statistic,dist,df,p,p_lower,p_upper\n") {
		t.Errorf("empty groupdiff.csv = %q, want the header", got)
	}
}

func TestClustering(t *testing.T) {
	cases := []struct {
		name                              string
		day0                              []int
		w                                 analysis.Window
		pairs, overlap, distinct, largest int
		preferKP                          bool
	}{
		// L = 2: pairs closer than 2 days overlap. 10,10: yes; 10,11:
		// yes (×2); 11,20: no; 20,21: yes; 21,30 no ... by hand:
		// day0 = 10,10,11,20,21,50 → overlapping pairs (10,10),(10,11)×2,(20,21) = 4 of 15;
		// chains {10,10,11}, {20,21}, {50} → largest 3; distinct 5.
		{"clustered", []int{20, 10, 50, 11, 10, 21}, analysis.Window{T1: 0, T2: 1}, 15, 4, 5, 3, true},
		// L = 1 (day 0 only): only the equal pair overlaps, 1 of 15 < 10 %.
		{"one day", []int{20, 10, 50, 11, 10, 21}, analysis.Window{T1: 0, T2: 0}, 15, 1, 5, 2, false},
		{"single", []int{5}, analysis.Window{T1: -1, T2: 1}, 0, 0, 1, 1, false},
		{"empty", nil, analysis.Window{T1: -1, T2: 1}, 0, 0, 0, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Clustering(c.day0, c.w)
			if r.Pairs != c.pairs || r.OverlapPairs != c.overlap || r.DistinctDay0 != c.distinct || r.LargestCluster != c.largest || r.PreferKP != c.preferKP {
				t.Errorf("%+v", r)
			}
			if c.pairs > 0 && r.OverlapShare != float64(c.overlap)/float64(c.pairs) {
				t.Errorf("share %v", r.OverlapShare)
			}
		})
	}
}

func TestConfoundingAndMask(t *testing.T) {
	est, evt := analysis.Window{T1: -20, T2: -6}, analysis.Window{T1: -2, T2: 2}
	spans := []Span{
		{"a", "X", 100},
		{"b", "X", 110}, // a's event window 98..102; b's estimation 90..104 → 98..102 overlap 5 days
		{"c", "X", 101}, // inside a's event window (lag 1)
		{"d", "Y", 100}, // other firm: never flagged
	}
	rows := Confounding(spans, est, evt, true)
	has := func(e, o, where string, lag, days int) bool {
		for _, r := range rows {
			if r.EventID == e && r.OtherID == o && r.Where == where {
				return r.Lag == lag && r.Days == days && r.Masked == (where == InEstimation)
			}
		}
		return false
	}
	checks := []struct {
		e, o, where string
		lag, days   int
	}{
		{"b", "a", InEstimation, -10, 5}, // a's 98..102 in b's 90..104
		{"b", "c", InEstimation, -9, 5},  // c's 99..103 in 90..104
		{"a", "c", InEvent, 1, 4},        // c's day 0 101 in a's 98..102; windows share 99..102
		{"c", "a", InEvent, -1, 4},
	}
	for _, c := range checks {
		if !has(c.e, c.o, c.where, c.lag, c.days) {
			t.Errorf("missing %+v in %+v", c, rows)
		}
	}
	for _, r := range rows {
		if r.EventID == "d" || r.OtherID == "d" {
			t.Errorf("other firm flagged: %+v", r)
		}
		if r.EventID == "a" && r.Where == InEstimation {
			t.Errorf("a's estimation window 80..94 holds no other event window: %+v", r)
		}
	}
	if len(rows) != 4 {
		t.Errorf("%d rows: %+v", len(rows), rows)
	}
	// b's estimation window 90..104 loses a's 98..102 and c's 99..103 → 98..103.
	if got := MaskPositions(spans, 1, est, evt); len(got) != 6 || got[0] != 98 || got[5] != 103 {
		t.Errorf("mask %v", got)
	}
	if got := MaskPositions(spans, 0, est, evt); len(got) != 0 {
		t.Errorf("mask of a %v", got)
	}
}

func TestEqualWeighted(t *testing.T) {
	nan := func() float64 { var z float64; return z / z }()
	got := EqualWeighted([][]float64{{0.01, nan, 0.03, nan}, {0.03, 0.02, -0.01, nan}})
	want := []float64{0.02, 0.02, 0.01, nan}
	for i := range want {
		if !relClose(got[i], want[i], 1e-15) {
			t.Errorf("day %d: %v want %v", i, got[i], want[i])
		}
	}
	if EqualWeighted(nil) != nil {
		t.Error("no peers should give nil")
	}
}

func TestEffect(t *testing.T) {
	cases := []struct {
		firm, peer, p results.Num
		want          string
	}{
		{-0.03, -0.01, 0.01, "contagion"},
		{-0.03, 0.02, 0.04, "competitive"},
		{-0.03, 0.02, 0.2, ""},
		{-0.03, results.NA, 0.01, ""},
	}
	for _, c := range cases {
		if got := Effect(c.firm, c.peer, c.p); got != c.want {
			t.Errorf("Effect(%v,%v,%v) = %q want %q", c.firm, c.peer, c.p, got, c.want)
		}
	}
}

// TestStagesEdges: no events or no windows give no rows; a window given
// twice is one set of rows; an event without a test for a window has
// missing numbers there and is never significant.
func TestStagesEdges(t *testing.T) {
	one := []StageEvent{ev("a", "inc", "F", "claim", "2021-08-16", "next", carRow("a", "0,0", -0.03, 0.01, 0.01))}
	tests := []struct {
		name    string
		evs     []StageEvent
		windows []string
		rows    int
		carNA   []bool
	}{
		{"no events", nil, []string{"0,0"}, 0, nil},
		{"no windows", one, nil, 0, nil},
		{"window twice", one, []string{"0,0", "0,0"}, 1, []bool{false}},
		{"test missing", one, []string{"0,0", "0,1"}, 2, []bool{false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rows := Stages(tc.evs, tc.windows)
			if len(rows) != tc.rows {
				t.Fatalf("%d rows, want %d: %+v", len(rows), tc.rows, rows)
			}
			for i, r := range rows {
				if r.CAR.IsNA() != tc.carNA[i] || (tc.carNA[i] && (r.Significant || r.FirstSignificant)) {
					t.Errorf("row %d = %+v", i, r)
				}
			}
		})
	}
}

// TestStageTexts: a stage's texts are the joins of its events' names
// (the id when unnamed), ids and distinct rules, for one event (taken as
// they are) and several.
func TestStageTexts(t *testing.T) {
	join := func(evs []*StageEvent) (string, string, string) {
		var names, ids, rules []string
		for _, e := range evs {
			n := e.Stage
			if n == "" {
				n = e.ID
			}
			names, ids = append(names, n), append(ids, e.ID)
			if !slices.Contains(rules, e.AnchorRule) {
				rules = append(rules, e.AnchorRule)
			}
		}
		return strings.Join(names, " + "), strings.Join(ids, ";"), strings.Join(rules, ";")
	}
	a := &StageEvent{ID: "E1", Stage: "claim", AnchorRule: "next"}
	b := &StageEvent{ID: "E2", AnchorRule: "next"}
	c := &StageEvent{ID: "E3", Stage: "media", AnchorRule: "same"}
	d := &StageEvent{ID: "E4"}
	for _, evs := range [][]*StageEvent{{a}, {b}, {d}, {a, b}, {b, c, a}, {c, d}} {
		s, i, r := stageTexts(evs)
		ws, wi, wr := join(evs)
		if s != ws || i != wi || r != wr {
			t.Errorf("stageTexts(%d events) = %q %q %q, want %q %q %q", len(evs), s, i, r, ws, wi, wr)
		}
	}
}
