package compare

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// TestStageCellsMatchReflection: stages.csv written from stageCells is
// byte for byte what the reflective cells of results.ColumnsOf write for
// the same rows (the reference), with values that need quoting, NaN, ±Inf,
// -0, empty df and every bool; and an empty table is the header alone.
func TestStageCellsMatchReflection(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	strs := []string{"", "tmobile-2021", "a,b", `say "hi"`, "two\nlines", " lead", `\.`, "claim + media → 2021-08-16 [next]", "ü", "\t", `"`}
	str := func() string { return strs[rng.IntN(len(strs))] }
	nums := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1e-300, -0.0261, 1.0 / 3}
	num := func() results.Num {
		if rng.IntN(2) == 0 {
			return results.Num(nums[rng.IntN(len(nums))])
		}
		return results.Num(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(12)-6)))
	}
	var rows []StageRow
	for range 4000 { // more rows than a memo has slots: its hits and collisions
		rows = append(rows, StageRow{Incident: str(), Firm: str(), Stages: str(), EventIDs: str(), DateGiven: str(),
			Day0: str(), AnchorRule: str(), Timeline: str(), Window: str(), CAR: num(), T: num(),
			DF: results.Int{V: rng.IntN(600) - 100, Valid: rng.IntN(3) > 0}, P: num(), SQP: num(),
			Significant: rng.IntN(2) == 0, SQSignificant: rng.IntN(2) == 0, FirstSignificant: rng.IntN(2) == 0, FirstSQSignificant: rng.IntN(2) == 0,
			PHolm: num(), PBH: num()})
	}
	for _, tc := range []struct {
		name string
		rows []StageRow
	}{{"rows", rows}, {"empty", nil}} {
		want, err := results.CSV(tc.rows)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := results.StreamCSV(&got, tc.rows, stageColumns); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			g, w := got.String(), string(want)
			for i := 0; i < len(g) && i < len(w); i++ {
				if g[i] != w[i] {
					t.Fatalf("%s: differs from the reflective cells at byte %d: %q, want %q", tc.name, i, g[max(0, i-40):min(len(g), i+40)], w[max(0, i-40):min(len(w), i+40)])
				}
			}
			t.Fatalf("%s: %d bytes, want %d", tc.name, len(g), len(w))
		}
	}
}

// TestPubCellsRender: a comparison table's text cells render as tables.md
// and tables.tex render theirs (one renderer, results.Markdown and
// results.TeX). In a numeric column a number's trailing stars are its
// significance (escaped in Markdown, a superscript in TeX); counts and
// phrases stay text; user text is escaped; the note's p thresholds go
// into math mode. The expected bytes are written out by hand.
func TestPubCellsRender(t *testing.T) {
	tables := []PubTable{{Title: "Peers & rivals", Label: "tab:x", Note: "*** p < 0.01 (two-sided).",
		Columns: []string{"Firm", "CAR (%)", "Pairs"}, Numeric: []bool{false, true, true},
		Rows: [][]string{{"AT&T_1|x", "-1.2345***", "3/40"}, {"T*", "", "n a"}, {"V", "0.5", "7"}}}}
	wantMD := "# H\n\n## Peers & rivals\n\n| Firm | CAR (%) | Pairs |\n|---|---:|---:|\n" +
		"| AT&T\\_1\\|x | -1.2345\\*\\*\\* | 3/40 |\n| T\\* |  | n a |\n| V | 0.5 | 7 |\n\n\\*\\*\\* p < 0.01 (two-sided).\n"
	if got := string(Markdown("H", tables)); got != wantMD {
		t.Errorf("markdown:\n%s\nwant:\n%s", got, wantMD)
	}
	wantTeX := "% Comparison tables written by eventstudy. Requires \\usepackage{booktabs}.\n" +
		"\n\\begin{table}[htbp]\n\\centering\n\\caption{Peers \\& rivals}\n\\label{tab:x}\n\\begin{tabular}{lrr}\n\\toprule\n" +
		"Firm & CAR (\\%) & Pairs \\\\\n\\midrule\n" +
		"AT\\&T\\_1|x & $-1.2345^{***}$ & 3/40 \\\\\nT* &  & n a \\\\\nV & $0.5$ & $7$ \\\\\n" +
		"\\bottomrule\n\\multicolumn{3}{l}{\\footnotesize *** $p<0.01$ (two-sided).} \\\\\n\\end{tabular}\n\\end{table}\n"
	if got := string(TeX(tables)); got != wantTeX {
		t.Errorf("tex:\n%s\nwant:\n%s", got, wantTeX)
	}
}
