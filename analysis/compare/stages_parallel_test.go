package compare

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/results"
)

// stagesLoop is Stages as a plain loop, incident after incident: the
// definition the parallel fill must reproduce.
func stagesLoop(evs []StageEvent, windows []string) []StageRow {
	order, byIncident := mergeStages(evs)
	if len(order) == 0 || len(windows) == 0 {
		return nil
	}
	var out []StageRow
	for _, inc := range order {
		ms := byIncident[inc]
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].day0 < ms[j].day0 })
		for j, w := range windows {
			if slices.Contains(windows[:j], w) {
				continue
			}
			out = appendStageRows(out, inc, ms, j, w)
		}
	}
	return out
}

// TestStagesMatchesLoop: over more incidents than one chunk of the
// parallel fill, with merged stages, stages out of date order, solo
// events, missing tests and a window given twice, Stages gives the rows of
// the plain loop in the same order.
func TestStagesMatchesLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 1))
	windows := []string{"0,0", "-1,1", "0,0", "0,5"}
	base := dates.DayOf(2020, 1, 2)
	var evs []StageEvent
	for i := range 3000 {
		inc := fmt.Sprintf("I%04d", rng.IntN(700))
		if rng.IntN(5) == 0 {
			inc = "" // its own incident
		}
		id := fmt.Sprintf("E%05d", i)
		day0 := base + dates.Day(rng.IntN(30))
		var tests []results.CARRow
		for j := range windows[:rng.IntN(len(windows)+1)] {
			p := rng.Float64() * 0.2
			if rng.IntN(7) == 0 {
				p = math.NaN()
			}
			tests = append(tests, results.CARRow{EventID: id, Window: windows[j], CAR: results.Num(rng.NormFloat64() * 0.02),
				T: results.Num(rng.NormFloat64()), DF: results.SomeInt(200), P: results.Num(p), SQP: results.Num(rng.Float64())})
		}
		evs = append(evs, StageEvent{ID: id, Incident: inc, Firm: fmt.Sprintf("F%d", rng.IntN(3)),
			Stage: []string{"", "claim", "media"}[rng.IntN(3)], DateGiven: day0 - dates.Day(rng.IntN(3)), Day0: day0,
			AnchorRule: []string{"next", "exact"}[rng.IntN(2)], Tests: tests})
	}
	want := stagesLoop(evs, windows)
	got := Stages(evs, windows)
	if len(want) < 5000 {
		t.Fatalf("only %d rows: the case does not span several chunks", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(stageCellsOf(got[i]), stageCellsOf(want[i])) {
			t.Fatalf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// stageCellsOf are a row's CSV cells (NaN cells compare equal as text).
func stageCellsOf(r StageRow) []string {
	var c results.Cells
	d := make([]string, 20)
	stageCells(&r, &c, d)
	return d
}

// BenchmarkStages: 100,000 events of one stage each in 8 windows, the
// 100M bench's stages.csv.
func BenchmarkStages(b *testing.B) {
	windows := []string{"0,0", "0,1", "-1,1", "-2,2", "-5,5", "0,5", "0,10", "-10,10"}
	base := dates.DayOf(2004, 1, 2)
	evs := make([]StageEvent, 100_000)
	for i := range evs {
		id := fmt.Sprintf("E%06d", i)
		tests := make([]results.CARRow, len(windows))
		for j, w := range windows {
			tests[j] = results.CARRow{EventID: id, Window: w, CAR: 0.01, T: 1, DF: results.SomeInt(246), P: 0.3, SQP: 0.2}
		}
		evs[i] = StageEvent{ID: id, Firm: fmt.Sprintf("S%05d", i%10000), DateGiven: base + dates.Day(i/10), Day0: base + dates.Day(i/10),
			AnchorRule: "next", Tests: tests}
	}
	for b.Loop() {
		Stages(evs, windows)
	}
}
