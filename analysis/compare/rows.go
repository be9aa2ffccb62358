package compare

import (
	"math"
	"slices"

	"github.com/breachlab/eventstudy/results"
)

// GroupDiffRow is one row of groupdiff.csv: a two-sample test of the CARs
// of group A against group B for one window, in the p-value conventions of
// tests.csv (docs/methodology.md 6.0; p_lower: A below B).
type GroupDiffRow struct {
	GroupA    string      `csv:"group_a" json:"group_a"`
	GroupB    string      `csv:"group_b" json:"group_b"`
	Window    string      `csv:"window" json:"window"`
	Test      string      `csv:"test" json:"test"`
	NA        int         `csv:"n_a" json:"n_a"`
	NB        int         `csv:"n_b" json:"n_b"`
	Estimate  results.Num `csv:"estimate" json:"estimate"`
	Statistic results.Num `csv:"statistic" json:"statistic"`
	Dist      string      `csv:"dist" json:"dist"`
	DF        results.Num `csv:"df" json:"df"` // Welch–Satterthwaite df is fractional
	P         results.Num `csv:"p" json:"p"`
	PLower    results.Num `csv:"p_lower" json:"p_lower"`
	PUpper    results.Num `csv:"p_upper" json:"p_upper"`
}

func diffRow(a, b, w, test string, d Diff) GroupDiffRow {
	r := GroupDiffRow{GroupA: a, GroupB: b, Window: w, Test: test, NA: d.NA, NB: d.NB,
		Estimate: results.Num(d.Estimate), Statistic: results.Num(d.Statistic), Dist: d.Dist,
		DF: results.Num(d.DF), P: results.Num(d.P), PLower: results.Num(d.PLower), PUpper: results.Num(d.PUpper)}
	if math.IsNaN(d.Statistic) {
		r.Dist = ""
	}
	return r
}

// GroupCARs are the CARs of a group's event set per window (the primary
// events with a complete window, docs/methodology.md 6.0).
type GroupCARs struct {
	Group string
	CAR   map[string][]float64 // window -> CARs
}

// GroupDiffs runs WelchT and MannWhitney for every pair of groups (in the
// given order, A before B) and every window.
func GroupDiffs(groups []GroupCARs, windows []string) []GroupDiffRow {
	var out []GroupDiffRow
	for i := 0; i < len(groups); i++ {
		for j := i + 1; j < len(groups); j++ {
			a, b := groups[i], groups[j]
			for _, w := range windows {
				out = append(out,
					diffRow(a.Group, b.Group, w, TestWelch, WelchT(a.CAR[w], b.CAR[w])),
					diffRow(a.Group, b.Group, w, TestMannWhitney, MannWhitney(a.CAR[w], b.CAR[w])))
			}
		}
	}
	return out
}

// GridRow is one row of grid.csv: one specification (model × anchoring
// rule) and window, for one event (level "event": the single-event t test
// of car.csv, test "car_t") or one group (level "group": a tests.csv row).
type GridRow struct {
	Level     string      `csv:"level" json:"level"` // event or group
	ID        string      `csv:"id" json:"id"`       // event_id or group
	Model     string      `csv:"model" json:"model"`
	Anchor    string      `csv:"anchor" json:"anchor"`
	Window    string      `csv:"window" json:"window"`
	Test      string      `csv:"test" json:"test"`
	N         int         `csv:"n" json:"n"`
	Day0      string      `csv:"day0" json:"day0"`
	Estimate  results.Num `csv:"estimate" json:"estimate"` // CAR or CAAR (test estimate)
	Statistic results.Num `csv:"statistic" json:"statistic"`
	DF        results.Int `csv:"df" json:"df"`
	P         results.Num `csv:"p" json:"p"`
}

// GridTestCAR is the test id of event rows of grid.csv.
const GridTestCAR = "car_t"

// GridRows turns one specification's car.csv and tests.csv rows into
// grid rows; day0 maps event ids to their day 0 under this anchoring.
// Group rows keep only the tests in keep (all when keep is empty).
func GridRows(model, anchor string, car []results.CARRow, tests []results.TestRow, day0 map[string]string, keep []string) []GridRow {
	var out []GridRow
	for _, r := range car {
		n := 0
		if !r.CAR.IsNA() {
			n = 1
		}
		out = append(out, GridRow{Level: "event", ID: r.EventID, Model: model, Anchor: anchor, Window: r.Window,
			Test: GridTestCAR, N: n, Day0: day0[r.EventID], Estimate: r.CAR, Statistic: r.T, DF: r.DF, P: r.P})
	}
	for _, r := range tests {
		if len(keep) > 0 && !slices.Contains(keep, r.Test) {
			continue
		}
		out = append(out, GridRow{Level: "group", ID: r.Group, Model: model, Anchor: anchor, Window: r.Window,
			Test: r.Test, N: r.N, Estimate: r.Estimate, Statistic: r.Statistic, DF: r.DF, P: r.P})
	}
	return out
}
