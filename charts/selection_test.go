package charts

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// selectionInput draws n values with many ties, zeros of both signs and
// infinities (no NaN: the callers drop them).
func selectionInput(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		switch rng.IntN(8) {
		case 0:
			x[i] = math.Copysign(0, float64(rng.IntN(2)*2-1))
		case 1:
			x[i] = float64(rng.IntN(5) - 2) // ties
		case 2:
			x[i] = math.Inf(rng.IntN(2)*2 - 1)
		default:
			x[i] = rng.NormFloat64()
		}
	}
	if rng.IntN(3) == 0 { // sorted and reversed runs: the pivots' bad cases
		slices.Sort(x)
		if rng.IntN(2) == 0 {
			slices.Reverse(x)
		}
	}
	return x
}

// TestOrderStats pins orderStats to the definition: x[k] is sorted x's
// k-th value (equal as numbers: −0 and +0 may trade places).
func TestOrderStats(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 3000 {
		n := 1 + rng.IntN(300)
		if trial%10 == 0 {
			n = 1 + rng.IntN(5000)
		}
		x := selectionInput(rng, n)
		sorted := slices.Clone(x)
		slices.Sort(sorted)
		var ks []int
		for range 1 + rng.IntN(10) {
			ks = append(ks, rng.IntN(n))
		}
		slices.Sort(ks)
		ks = slices.Compact(ks)
		orderStats(x, slices.Clone(ks))
		got := slices.Clone(x)
		slices.Sort(got)
		if !slices.Equal(got, sorted) {
			t.Fatalf("trial %d: orderStats changed the values", trial)
		}
		for _, k := range ks {
			if x[k] != sorted[k] {
				t.Fatalf("trial %d (n %d): x[%d] = %v, sorted %v", trial, n, k, x[k], sorted[k])
			}
		}
	}
}

// TestQuantilesEqualQuantile pins quantiles to Quantile of the sorted
// values, bit for bit (the sign of a zero included), at the chart's
// levels.
func TestQuantilesEqualQuantile(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	levels := []float64{0.05, 0.25, 0.5, 0.75, 0.95, 0, 0.999, math.NaN()}
	for trial := range 3000 {
		n := rng.IntN(400)
		x := selectionInput(rng, n)
		sorted := slices.Clone(x)
		slices.Sort(sorted)
		got := quantiles(x, levels)
		for i, p := range levels {
			want := Quantile(sorted, p)
			if math.Float64bits(got[i]) != math.Float64bits(want) && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Fatalf("trial %d (n %d): p %v: %v, Quantile %v", trial, n, p, got[i], want)
			}
		}
	}
}

// TestTailsEqualsSort pins tails to its definition: the k first and k
// last of the finite keys' indices sorted by key, then index.
func TestTailsEqualsSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 3000 {
		n := rng.IntN(500)
		keys := selectionInput(rng, n)
		for i := range keys {
			if rng.IntN(10) == 0 {
				keys[i] = math.NaN()
			}
		}
		k := rng.IntN(60)
		var idx []int
		for i, v := range keys {
			if !math.IsNaN(v) {
				idx = append(idx, i)
			}
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
		want := idx
		if len(idx) > 2*k {
			want = append(idx[:k:k], idx[len(idx)-k:]...)
		}
		got := tails(n, k, func(i int) float64 { return keys[i] })
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (n %d, k %d): %v, want %v", trial, n, k, got, want)
		}
	}
}

// TestPickStagesEqualsFullOrder pins pickStages, which ranks only the
// budget lowest and highest incidents, to the ranking of every incident.
func TestPickStagesEqualsFullOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		n := 1 + rng.IntN(400)
		var incidents []string
		stages := map[string][]*mergedStage{}
		for i := range n {
			inc := fmt.Sprint("I", i)
			incidents = append(incidents, inc)
			for range 1 + rng.IntN(4) {
				car := results.Num(rng.NormFloat64())
				switch rng.IntN(10) {
				case 0:
					car = results.NA
				case 1:
					car = results.Num(rng.IntN(3)) // ties
				}
				r := &compare.StageRow{Incident: inc, Window: "0,1", CAR: car, FirstSignificant: rng.IntN(5) == 0}
				stages[inc] = append(stages[inc], &mergedStage{lead: r, rows: []*compare.StageRow{r}})
			}
		}
		shown, summary := pickStages("0,1", incidents, stages)
		wantShown, wantSummary := pickStagesRanking("0,1", incidents, stages, len(incidents))
		if !slices.Equal(shown, wantShown) || summary != wantSummary {
			t.Fatalf("trial %d: %v %q\nwant %v %q", trial, shown, summary, wantShown, wantSummary)
		}
	}
}

// TestRankItemsEqualsStableSort pins rankItems to its definition: the
// events stably sorted by CAR, cut to the MaxCompareBars/2 at each end
// past MaxCompareBars.
func TestRankItemsEqualsStableSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 500 {
		vals := selectionInput(rng, rng.IntN(3*MaxCompareBars))
		want := make([]int, len(vals))
		for i := range want {
			want[i] = i
		}
		sort.SliceStable(want, func(i, j int) bool { return vals[want[i]] < vals[want[j]] })
		if half := MaxCompareBars / 2; len(want) > MaxCompareBars {
			want = append(want[:half:half], want[len(want)-half:]...)
		}
		got, _, _ := rankItems(vals, Level(0.95))
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (n %d): %v, want %v", trial, len(vals), got, want)
		}
	}
}

// TestMergedStagesEqualsPerRowMap pins mergedStages, which asks its map
// only when the stage key changes, to a map lookup per row: incidents of
// one and of several stages, rows window by window as stages.csv lists
// them, and a key that comes back after others.
func TestMergedStagesEqualsPerRowMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for trial := range 300 {
		var rows []compare.StageRow
		for inc := range rng.IntN(30) {
			nStages := 1 + rng.IntN(3)
			for _, w := range []string{"0,0", "0,1", "-1,1"}[:1+rng.IntN(3)] {
				for st := range nStages {
					rows = append(rows, compare.StageRow{Incident: fmt.Sprint("I", inc%7), Firm: fmt.Sprint("F", st%2),
						Day0: fmt.Sprint("2021-01-0", 1+st), Window: w})
				}
			}
		}
		b := &builder{cmp: &compare.Tables{Stages: rows}}
		incidents, stages := b.mergedStages()
		wantInc, wantStages := mergedStagesPerRow(rows)
		if !slices.Equal(incidents, wantInc) || len(stages) != len(wantStages) {
			t.Fatalf("trial %d: incidents %v, want %v", trial, incidents, wantInc)
		}
		for inc, ms := range wantStages {
			got := stages[inc]
			if len(got) != len(ms) {
				t.Fatalf("trial %d, %s: %d stages, want %d", trial, inc, len(got), len(ms))
			}
			for i := range ms {
				if got[i].lead != ms[i].lead || !slices.Equal(got[i].rows, ms[i].rows) {
					t.Fatalf("trial %d, %s: stage %d differs", trial, inc, i)
				}
			}
		}
	}
}

// mergedStagesPerRow is mergedStages with a map lookup for every row.
func mergedStagesPerRow(rows []compare.StageRow) (incidents []string, stages map[string][]*mergedStage) {
	stages = map[string][]*mergedStage{}
	type stageKey struct{ incident, firm, day0 string }
	idx := map[stageKey]*mergedStage{}
	for i := range rows {
		r := &rows[i]
		k := stageKey{r.Incident, r.Firm, r.Day0}
		m := idx[k]
		if m == nil {
			if _, ok := stages[r.Incident]; !ok {
				incidents = append(incidents, r.Incident)
			}
			m = &mergedStage{lead: r}
			idx[k] = m
			stages[r.Incident] = append(stages[r.Incident], m)
		}
		m.rows = append(m.rows, r)
	}
	for _, ms := range stages {
		slices.SortStableFunc(ms, func(a, b *mergedStage) int { return strings.Compare(a.lead.Day0, b.lead.Day0) })
	}
	return incidents, stages
}

// TestStageWindowsEqualsSet pins stageWindows to its definition with a
// set of the windows stages.csv has.
func TestStageWindowsEqualsSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	ws := []string{"", "0,0", "0,1", "-1,1", "-5,5"}
	for trial := range 2000 {
		rows := make([]compare.StageRow, rng.IntN(6))
		for i := range rows {
			rows[i].Window = ws[rng.IntN(len(ws))]
		}
		main := ws[rng.IntN(len(ws))]
		have := map[string]bool{}
		first := ""
		for _, r := range rows {
			if first == "" {
				first = r.Window
			}
			have[r.Window] = true
		}
		var want []string
		for _, w := range []string{"0,0", main} {
			if have[w] && (len(want) == 0 || want[0] != w) {
				want = append(want, w)
			}
		}
		if len(want) == 0 && first != "" {
			want = []string{first}
		}
		if got := stageWindows(rows, main); !slices.Equal(got, want) {
			t.Fatalf("trial %d: windows %v, main %q: %v, want %v", trial, rows, main, got, want)
		}
	}
}
