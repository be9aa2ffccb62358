package study

import (
	"slices"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// adjustTests fills p_holm and p_bh of tests.csv's rows, adjusting each
// family's p (docs/methodology.md 6.17): the rows of one group (the
// default), of one group and window, or all rows. Rows without a p are in
// no family and keep both empty.
func adjustTests(rows []results.TestRow, family analysis.MTFamily) {
	adjust(len(rows), family,
		func(i int) (string, string, float64) { return rows[i].Group, rows[i].Window, float64(rows[i].P) },
		func(i int, holm, bh float64) { rows[i].PHolm, rows[i].PBH = results.Num(holm), results.Num(bh) })
}

// adjustStages fills p_holm and p_bh of stages.csv, adjusting the
// single-event t's p over each incident's stages × windows (group-window:
// one window of an incident; all: every row), the family a reader of one
// breach's timeline asks about.
func adjustStages(rows []compare.StageRow, family analysis.MTFamily) {
	adjust(len(rows), family,
		func(i int) (string, string, float64) { return rows[i].Incident, rows[i].Window, float64(rows[i].P) },
		func(i int, holm, bh float64) { rows[i].PHolm, rows[i].PBH = results.Num(holm), results.Num(bh) })
}

// adjust partitions n rows into families by family (of their group and
// window, from at) and hands each row its Holm and BH values (set).
//
// A family's rows are mostly one run (stages.csv lists an incident's rows
// together, 800,000 rows in 100,000 families at research scale), so the
// families are found per run of one key, not with a map operation and an
// append per row.
func adjust(n int, family analysis.MTFamily, at func(i int) (group, window string, p float64), set func(i int, holm, bh float64)) {
	type familyKey struct{ group, window string }
	keyOf := func(i int) familyKey {
		g, w, _ := at(i)
		switch family {
		case analysis.MTAll:
			return familyKey{}
		case analysis.MTGroupWindow:
			return familyKey{g, w}
		}
		return familyKey{group: g}
	}
	// runs of rows [start, end) of one family; each family's runs in
	// order are linked by next (-1 ends), from its first run.
	type run struct{ start, end, next int }
	var runs []run
	var first, last []int // per family (in order of first appearance): its first and last run
	members := map[familyKey]int{}
	for i := 0; i < n; {
		k := keyOf(i)
		j := i + 1
		for j < n && keyOf(j) == k {
			j++
		}
		f, ok := members[k]
		if !ok {
			f = len(first)
			members[k] = f
			first, last = append(first, len(runs)), append(last, -1)
		}
		if last[f] >= 0 {
			runs[last[f]].next = len(runs)
		}
		last[f] = len(runs)
		runs = append(runs, run{i, j, -1})
		i = j
	}
	var idx, order []int
	var p, holm, bh []float64
	for _, r := range first {
		idx, p = idx[:0], p[:0]
		for ; r >= 0; r = runs[r].next {
			for i := runs[r].start; i < runs[r].end; i++ {
				_, _, pi := at(i)
				idx, p = append(idx, i), append(p, pi)
			}
		}
		holm, bh = slices.Grow(holm[:0], len(p))[:len(p)], slices.Grow(bh[:0], len(p))[:len(p)]
		order = analysis.HolmBH(holm, bh, p, order)
		for j, i := range idx {
			set(i, holm[j], bh[j])
		}
	}
}
