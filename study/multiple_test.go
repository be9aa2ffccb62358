package study

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// TestAdjustFamilies: each --mt-family partitions the rows as documented
// (6.17) and a row without p is in no family. The want values are Holm and
// BH of the hand-made families.
func TestAdjustFamilies(t *testing.T) {
	mk := func() []results.TestRow {
		return []results.TestRow{
			{Group: "a", Window: "0,0", P: 0.01}, {Group: "a", Window: "0,0", P: 0.04},
			{Group: "a", Window: "0,1", P: 0.03}, {Group: "a", Window: "0,1", P: results.NA},
			{Group: "b", Window: "0,0", P: 0.02},
		}
	}
	cases := []struct {
		family   analysis.MTFamily
		families [][]int // row indices of each family
	}{
		{analysis.MTGroup, [][]int{{0, 1, 2}, {4}}},
		{analysis.MTGroupWindow, [][]int{{0, 1}, {2}, {4}}},
		{analysis.MTAll, [][]int{{0, 1, 2, 4}}},
	}
	for _, c := range cases {
		t.Run(string(c.family), func(t *testing.T) {
			rows := mk()
			adjustTests(rows, c.family)
			if !rows[3].PHolm.IsNA() || !rows[3].PBH.IsNA() {
				t.Errorf("row without p adjusted: %+v", rows[3])
			}
			for _, fam := range c.families {
				p := make([]float64, len(fam))
				for j, i := range fam {
					p[j] = float64(rows[i].P)
				}
				holm, bh := analysis.Holm(p), analysis.BenjaminiHochberg(p)
				for j, i := range fam {
					if float64(rows[i].PHolm) != holm[j] || float64(rows[i].PBH) != bh[j] {
						t.Errorf("row %d: holm %v bh %v, want %v %v (family %v)", i, rows[i].PHolm, rows[i].PBH, holm[j], bh[j], fam)
					}
				}
			}
		})
	}
	// group a by hand: p 0.01, 0.04, 0.03 → Holm 0.03, 0.06, 0.06; BH 0.03, 0.04, 0.04.
	rows := mk()
	adjustTests(rows, analysis.MTGroup)
	for i, w := range [][2]float64{{0.03, 0.03}, {0.06, 0.04}, {0.06, 0.04}} {
		if math.Abs(float64(rows[i].PHolm)-w[0]) > 1e-15 || math.Abs(float64(rows[i].PBH)-w[1]) > 1e-15 {
			t.Errorf("row %d: %v %v, want %v", i, rows[i].PHolm, rows[i].PBH, w)
		}
	}
}

func bootDemoStudy(b int, seed uint64) Study {
	s := Default()
	s.Events, s.Prices, s.Market = "../testdata/demo/events.csv", demoPrices, "GSPC"
	s.Analysis.Bootstrap, s.Analysis.Seed = b, seed
	s.Analysis.CARWindows = []analysis.Window{{T1: 0, T2: 0}, {T1: -1, T2: 1}}
	return s
}

// TestBootstrapReproducible: the demo with --bootstrap gives the same
// tests.csv bytes run after run with one seed (the groups and windows run
// in parallel), and another seed changes the resampled p-values only.
func TestBootstrapReproducible(t *testing.T) {
	csv := func(s Study) ([]byte, []results.TestRow) {
		out := runStudy(t, s)
		b, err := results.CSV(out.Set.Tests)
		if err != nil {
			t.Fatal(err)
		}
		return b, out.Set.Tests
	}
	a, rowsA := csv(bootDemoStudy(199, 1))
	b, _ := csv(bootDemoStudy(199, 1))
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with seed 1 differ")
	}
	_, rowsC := csv(bootDemoStudy(199, 2))
	changed := 0
	seen := map[string]bool{}
	for i, r := range rowsA {
		seen[r.Test] = true
		c := rowsC[i]
		if r.Test != "wild_boot" && r.Test != "skew_t_boot" && r.Test != "perm" {
			if r.P != c.P && !(r.P.IsNA() && c.P.IsNA()) {
				t.Errorf("%s %s %s: p %v with seed 1, %v with seed 2", r.Group, r.Window, r.Test, r.P, c.P)
			}
			continue
		}
		if r.B.Valid != (r.Dist != "") {
			t.Errorf("%s %s: b %v with dist %q", r.Window, r.Test, r.B, r.Dist)
		}
		if r.P != c.P && r.Dist != analysis.DistExact {
			changed++
		}
	}
	if !seen["wild_boot"] || !seen["skew_t_boot"] || !seen["perm"] || changed == 0 {
		t.Errorf("resampling rows %v; %d p-values changed with the seed", seen, changed)
	}
	// Without --bootstrap the resampling tests are not run.
	_, rows0 := csv(bootDemoStudy(0, 1))
	for _, r := range rows0 {
		if r.Test == "wild_boot" || r.Test == "perm" || r.Test == "skew_t_boot" || r.B.Valid {
			t.Fatalf("resampling row without --bootstrap: %+v", r)
		}
	}
}

func TestBootstrapValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*analysis.Config)
	}{
		{"negative B", func(c *analysis.Config) { c.Bootstrap = -1 }},
		{"resampling id without B", func(c *analysis.Config) { c.Tests = []string{"cs_t", "perm"} }},
		{"weights", func(c *analysis.Config) { c.BootWeights = "gauss" }},
		{"family", func(c *analysis.Config) { c.MTFamily = "window" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := analysis.DefaultConfig()
			c.edit(&cfg)
			if cfg.Validate() == nil {
				t.Error("accepted")
			}
		})
	}
}

// TestAdjustStages: stages.csv adjusts per incident (its stages ×
// windows) by default, per incident and window with group-window.
func TestAdjustStages(t *testing.T) {
	rows := []compare.StageRow{
		{Incident: "x", Window: "0,0", P: 0.01}, {Incident: "x", Window: "0,0", P: 0.2},
		{Incident: "x", Window: "0,1", P: 0.03}, {Incident: "y", Window: "0,0", P: 0.04},
	}
	adjustStages(rows, analysis.MTGroup)
	// x by hand: 0.01, 0.2, 0.03 → Holm 0.03, 0.2, 0.06; BH 0.03, 0.2, 0.045. y alone: 0.04.
	want := [][2]float64{{0.03, 0.03}, {0.2, 0.2}, {0.06, 0.045}, {0.04, 0.04}}
	for i, w := range want {
		if math.Abs(float64(rows[i].PHolm)-w[0]) > 1e-15 || math.Abs(float64(rows[i].PBH)-w[1]) > 1e-15 {
			t.Errorf("row %d: %v %v, want %v", i, rows[i].PHolm, rows[i].PBH, w)
		}
	}
	adjustStages(rows, analysis.MTGroupWindow)
	// x 0,0 alone: 0.01, 0.2 → Holm 0.02, 0.2; BH 0.02, 0.2.
	if float64(rows[0].PHolm) != 0.02 || float64(rows[0].PBH) != 0.02 || float64(rows[2].PHolm) != 0.03 {
		t.Errorf("group-window: %+v", rows)
	}
}

// TestAdjustIncludesVolumeTests: the abnormal-volume tests (av_cs_t,
// av_rank) are appended after the return tests; their p_holm and p_bh
// were left at zero ("significant after adjustment") and they were in no
// family. Every row's adjusted p is recomputed here by hand over the
// group's family, volume tests included, and is never below its raw p.
func TestAdjustIncludesVolumeTests(t *testing.T) {
	out, err := Run(bootDemoStudy(0, 1))
	if err != nil {
		t.Fatal(err)
	}
	fam := map[string][]int{}
	av := 0
	for i, r := range out.Set.Tests {
		if r.Test == TestAVCST || r.Test == TestAVRank {
			av++
		}
		if !r.P.IsNA() {
			fam[r.Group] = append(fam[r.Group], i)
		}
	}
	if av == 0 {
		t.Fatal("the demo has no abnormal-volume tests")
	}
	for g, idx := range fam {
		// Holm by a plain loop: sort ascending, running max of (m-k)·p.
		m := len(idx)
		ord := append([]int(nil), idx...)
		sort.SliceStable(ord, func(a, b int) bool { return out.Set.Tests[ord[a]].P < out.Set.Tests[ord[b]].P })
		holm, run := map[int]float64{}, 0.0
		for k, i := range ord {
			run = math.Max(run, math.Min(1, float64(m-k)*float64(out.Set.Tests[i].P)))
			holm[i] = run
		}
		for _, i := range idx {
			r := out.Set.Tests[i]
			if math.Abs(float64(r.PHolm)-holm[i]) > 1e-12 {
				t.Errorf("group %s %s %s: p_holm %v, want %v (p %v)", g, r.Test, r.Window, r.PHolm, holm[i], r.P)
			}
			if r.PBH.IsNA() || float64(r.PBH) < float64(r.P)-1e-15 {
				t.Errorf("group %s %s %s: p_bh %v below p %v", g, r.Test, r.Window, r.PBH, r.P)
			}
		}
	}
}

// TestAdjustEqualsPerRowFamilies pins adjust's families by runs to their
// definition, a family per key in order of first appearance with its
// rows in row order (adjustPlain), on rows whose families are split in
// several runs, for every --mt-family.
func TestAdjustEqualsPerRowFamilies(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 500 {
		n := rng.IntN(120)
		groups, windows, ps := make([]string, n), make([]string, n), make([]float64, n)
		for i := range n {
			if i > 0 && rng.IntN(4) > 0 {
				groups[i] = groups[i-1] // runs
			} else {
				groups[i] = fmt.Sprint("g", rng.IntN(6))
			}
			windows[i] = fmt.Sprint("w", rng.IntN(3))
			ps[i] = rng.Float64()
			switch rng.IntN(10) {
			case 0:
				ps[i] = math.NaN()
			case 1:
				ps[i] = float64(rng.IntN(3)) / 4 // ties
			}
		}
		at := func(i int) (string, string, float64) { return groups[i], windows[i], ps[i] }
		for _, fam := range analysis.MTFamilies {
			got, want := make([][2]float64, n), make([][2]float64, n)
			adjust(n, fam, at, func(i int, h, b float64) { got[i] = [2]float64{h, b} })
			adjustPlain(n, fam, at, func(i int, h, b float64) { want[i] = [2]float64{h, b} })
			for i := range n {
				for k := range 2 {
					if math.Float64bits(got[i][k]) != math.Float64bits(want[i][k]) {
						t.Fatalf("trial %d, %s, row %d: %v, want %v", trial, fam, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// adjustPlain is adjust by its definition: a map from each row's family
// key to its rows.
func adjustPlain(n int, family analysis.MTFamily, at func(i int) (group, window string, p float64), set func(i int, holm, bh float64)) {
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
