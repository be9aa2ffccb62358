package charts

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/breachlab/eventstudy/results"
)

// MaxTableRows is the most rows a table shows on the page. A longer table
// (a row per event or stage: 10,000 or 100,000 at research scale) made the
// page tens of megabytes and took Chromium most of its 16–19 s to lay out;
// it is summarized instead (counts, the two tails or the first rows) and
// the full table is the results file, linked beside it.
const MaxTableRows = 200

// fullTable says where a summarized table's every row is: a link to the
// CSV when the study wrote CSV (the report sits in the results
// directory), else the table's name in the other formats written.
type fullTable struct {
	File string // "stages.csv"; "" when no CSV was written
	Name string // "stages"
}

// fullTableFor is the fullTable of results table name under the study's
// "format" setting (a list or a comma string; CSV when absent).
func fullTableFor(cfg map[string]any, name string) fullTable {
	if wroteCSV(cfg) {
		return fullTable{File: name + ".csv", Name: name}
	}
	return fullTable{Name: name}
}

func wroteCSV(cfg map[string]any) bool {
	switch f := cfg["format"].(type) {
	case nil:
		return true
	case string:
		return slices.Contains(splitList(f), "csv")
	case []any:
		for _, x := range f {
			if s, _ := x.(string); strings.TrimSpace(s) == "csv" {
				return true
			}
		}
		return false
	case []string:
		return slices.Contains(f, "csv")
	}
	return true
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(x))
	}
	return out
}

// tails returns the indices of the k smallest and k largest of key (NaN
// keys last and never chosen), smallest first, in key order; all indices
// with a finite key when there are at most 2k of them.
func tails(n, k int, key func(int) float64) []int {
	keys := make([]float64, n) // once: key may look up maps, the sort calls it n log n times
	idx := make([]int, 0, n)
	for i := range n {
		if keys[i] = key(i); !math.IsNaN(keys[i]) {
			idx = append(idx, i)
		}
	}
	// Ties in index order, as a stable sort of idx leaves them; pdqsort
	// with the index as second key is that order and 3× faster.
	if len(idx) <= 2*k {
		slices.SortFunc(idx, func(a, b int) int { return cmp.Or(cmp.Compare(keys[a], keys[b]), a-b) })
		return idx
	}
	below := func(a, b int) bool { return keys[a] < keys[b] || keys[a] == keys[b] && a < b }
	above := func(a, b int) bool { return below(b, a) }
	high := smallestK(idx, k, above)
	slices.Reverse(high)
	return append(smallestK(idx, k, below), high...)
}

// countsText is "9,800 ok, 200 excluded" from counts in order of first
// appearance (keys), most frequent first.
func countsText(keys []string, counts map[string]int) string {
	ks := slices.Clone(keys)
	sort.SliceStable(ks, func(i, j int) bool { return counts[ks[i]] > counts[ks[j]] })
	parts := make([]string, len(ks))
	for i, k := range ks {
		name := k
		if name == "" {
			name = "(none)"
		}
		parts[i] = thousands(counts[k]) + " " + clean(name)
	}
	return strings.Join(parts, ", ")
}

// thousands writes n with comma thousands separators.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// headRows keeps the first MaxTableRows/2 rows of t when it has more than
// MaxTableRows, and says so in the table's summary.
func headRows(t *htmlTable, full fullTable, what string) {
	n := len(t.Rows)
	if n <= MaxTableRows {
		return
	}
	keep := MaxTableRows / 2
	t.Rows = t.Rows[:keep:keep]
	t.Summary = fmt.Sprintf("The first %d of %s %s are shown.", keep, thousands(n), what)
	t.Full = full
}

// eventsTable makes the Events table's rows: every event of a small
// study; for a large one the events with the lowest and highest CAR on
// the compared window, with the counts of every status in the summary.
// Only the rows shown are formatted: at 100,000 events, lines for all of
// them were 140 MB of the write phase's memory.
func (p *page) eventsTable(events []results.EventRow, cars map[string]*results.CARRow, cfg map[string]any) {
	n := len(events)
	if n <= MaxTableRows {
		p.Events = eventLines(events, cars)
		return
	}
	keys, counts := tally(events, func(e results.EventRow) string { return e.Status })
	k := MaxTableRows / 4
	idx := tails(n, k, func(i int) float64 {
		if c, ok := cars[events[i].EventID]; ok && !c.CAR.IsNA() {
			return float64(c.CAR)
		}
		return math.NaN()
	})
	kept := make([]results.EventRow, len(idx))
	for j, i := range idx {
		kept[j] = events[i]
	}
	p.Events = eventLines(kept, cars)
	p.EventsTable = htmlTable{
		Summary: fmt.Sprintf("%s events (%s). Shown: the %d with the lowest and the %d with the highest CAR(%s), lowest first.",
			thousands(n), countsText(keys, counts), min(k, len(idx)/2), min(k, len(idx)-len(idx)/2), p.CompareWindow),
		Full: fullTableFor(cfg, "events"),
	}
}

// tally counts xs by key, the keys in order of first appearance.
func tally[T any](xs []T, key func(T) string) (keys []string, counts map[string]int) {
	counts = map[string]int{}
	for _, x := range xs {
		k := key(x)
		if _, ok := counts[k]; !ok {
			keys = append(keys, k)
		}
		counts[k]++
	}
	return keys, counts
}

// summarizeNotes cuts the exclusion and warning tables of a large study
// to their first rows, with the count of every reason or code.
func (p *page) summarizeNotes(cfg map[string]any) {
	if n := len(p.Exclusions); n > MaxTableRows {
		keys, counts := tally(p.Exclusions, func(x results.Exclusion) string { return x.Reason })
		p.Exclusions = p.Exclusions[:MaxTableRows/2]
		p.ExclusionsTable = htmlTable{Summary: fmt.Sprintf("%s excluded events (%s); the first %d are shown.", thousands(n), countsText(keys, counts), MaxTableRows/2),
			Full: fullTableFor(cfg, "events")}
	}
	if n := len(p.Warnings); n > MaxTableRows {
		keys, counts := tally(p.Warnings, func(w results.Warning) string { return w.Code })
		p.Warnings = p.Warnings[:MaxTableRows/2]
		p.WarningsTable = htmlTable{Summary: fmt.Sprintf("%s warnings (%s); the first %d are shown.", thousands(n), countsText(keys, counts), MaxTableRows/2),
			Full: fullTableFor(cfg, "warnings")}
	}
}

// pickStages chooses the incidents of the stage timeline of a large
// study (more than MaxTableRows merged stages): whole incidents, those
// whose first stage has the lowest and the highest CAR(main), about
// MaxTableRows/4 rows from each end, lowest first; summary counts the
// incidents, the stages and the incidents with a first significant
// stage. A small timeline is shown whole (summary "").
func pickStages(main string, incidents []string, stages map[string][]*mergedStage) (shown []string, summary string) {
	// Each side takes at most MaxTableRows/4 incidents (each has a stage),
	// so that many lowest and highest are every incident either loop reaches.
	return pickStagesRanking(main, incidents, stages, MaxTableRows/4)
}

// pickStagesRanking is pickStages with the ranked lowest and highest
// incidents ranked in order (tails); the test ranks them all.
func pickStagesRanking(main string, incidents []string, stages map[string][]*mergedStage, ranked int) (shown []string, summary string) {
	nStages, nSig := 0, 0
	for _, inc := range incidents {
		nStages += len(stages[inc])
		for _, m := range stages[inc] {
			if x, ok := m.at(main); ok && x.FirstSignificant {
				nSig++
				break
			}
		}
	}
	if nStages <= MaxTableRows {
		return incidents, ""
	}
	key := func(i int) float64 {
		if x, ok := stages[incidents[i]][0].at(main); ok && !x.CAR.IsNA() {
			return float64(x.CAR)
		}
		return math.NaN()
	}
	budget := MaxTableRows / 4
	order := tails(len(incidents), ranked, key)
	var low, high []int
	for i, n := 0, 0; i < len(order) && n < budget; i++ {
		low = append(low, order[i])
		n += len(stages[incidents[order[i]]])
	}
	for i, n := len(order)-1, 0; i >= len(low) && n < budget; i-- {
		high = append(high, order[i])
		n += len(stages[incidents[order[i]]])
	}
	slices.Reverse(high)
	for _, i := range append(low, high...) {
		shown = append(shown, incidents[i])
	}
	summary = fmt.Sprintf("%s incidents, %s merged stages; %s incidents have a first significant stage on CAR(%s). Shown: the %d incidents whose first stage has the lowest and the %d with the highest CAR(%s), lowest first.",
		thousands(len(incidents)), thousands(nStages), thousands(nSig), main, len(low), len(high), main)
	return shown, summary
}
