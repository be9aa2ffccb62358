package study

import (
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
func adjust(n int, family analysis.MTFamily, at func(i int) (group, window string, p float64), set func(i int, holm, bh float64)) {
	members := map[string][]int{}
	var order []string
	for i := range n {
		g, w, _ := at(i)
		k := g
		switch family {
		case analysis.MTAll:
			k = ""
		case analysis.MTGroupWindow:
			k = g + "\x00" + w
		}
		if _, ok := members[k]; !ok {
			order = append(order, k)
		}
		members[k] = append(members[k], i)
	}
	for _, k := range order {
		idx := members[k]
		p := make([]float64, len(idx))
		for j, i := range idx {
			_, _, p[j] = at(i)
		}
		holm, bh := analysis.Holm(p), analysis.BenjaminiHochberg(p)
		for j, i := range idx {
			set(i, holm[j], bh[j])
		}
	}
}
