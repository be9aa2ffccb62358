package charts

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// withAdjustedP gives every test row p_holm = min(1, 3p) and p_bh =
// min(1, 1.5p) for the duration of a test: stand-ins for the columns the
// inference branch adds.
func withAdjustedP(t testing.TB) {
	old := adjustedP
	adjustedP = func(r results.TestRow) (float64, float64, bool) {
		if r.P.IsNA() {
			return math.NaN(), math.NaN(), true
		}
		p := float64(r.P)
		return math.Min(1, 3*p), math.Min(1, 1.5*p), true
	}
	t.Cleanup(func() { adjustedP = old })
}

// TestAdjustedHeatmap: with adjusted p-values the heat map carries them
// cell for cell beside the raw ones; without, it carries none.
func TestAdjustedHeatmap(t *testing.T) {
	for _, adjusted := range []bool{false, true} {
		t.Run(map[bool]string{false: "raw only", true: "adjusted"}[adjusted], func(t *testing.T) {
			if adjusted {
				withAdjustedP(t)
			}
			set := fixtureSet(t)
			if !adjusted {
				// A results directory written before tests.csv had p_holm, p_bh.
				for i := range set.Tests {
					set.Tests[i].PHolm, set.Tests[i].PBH = results.Num(math.NaN()), results.Num(math.NaN())
				}
			}
			p, err := buildPage(set, Options{}, -1, 1, DefaultLevel)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			for _, s := range p.Sections {
				for _, c := range s.Charts {
					if len(c.Hooks) == 0 || c.Hooks[0] != "pLabel" {
						continue
					}
					n++
					adj, ok := c.Meta["adj"].(map[string][]any)
					if ok != adjusted {
						t.Fatalf("adjusted cells present %v, want %v", ok, adjusted)
					}
					if !adjusted {
						continue
					}
					var opt struct {
						Series []struct {
							Data []struct {
								Value []float64 `json:"value"`
							} `json:"data"`
						} `json:"series"`
					}
					if err := json.Unmarshal(c.frozen, &opt); err != nil {
						t.Fatal(err)
					}
					raw := opt.Series[0].Data
					js, _ := json.Marshal(adj)
					var got map[string][]struct {
						Value []float64 `json:"value"`
					}
					if err := json.Unmarshal(js, &got); err != nil {
						t.Fatal(err)
					}
					for key, f := range map[string]float64{"p_holm": 3, "p_bh": 1.5} {
						if len(got[key]) != len(raw) {
							t.Fatalf("%s: %d cells, raw %d", key, len(got[key]), len(raw))
						}
						for i, cell := range got[key] {
							want := math.Min(1, f*raw[i].Value[2])
							if cell.Value[0] != raw[i].Value[0] || cell.Value[1] != raw[i].Value[1] || math.Abs(cell.Value[2]-want) > 2e-6 {
								t.Errorf("%s cell %d = %v, want [%g %g %g]", key, i, cell.Value, raw[i].Value[0], raw[i].Value[1], want)
							}
						}
					}
				}
			}
			if n == 0 {
				t.Fatal("no heat map")
			}
		})
	}
}

// TestAdjustedPReadsColumns: the heat map's adjusted cells are tests.csv's
// own p_holm and p_bh.
func TestAdjustedPReadsColumns(t *testing.T) {
	h, b, ok := adjustedP(results.TestRow{P: 0.01, PHolm: 0.04, PBH: 0.02})
	if !ok || h != 0.04 || b != 0.02 {
		t.Errorf("adjustedP = %v %v %v, want 0.04 0.02 true", h, b, ok)
	}
	if _, _, ok := adjustedP(results.TestRow{P: 0.01, PHolm: results.Num(math.NaN()), PBH: results.Num(math.NaN())}); ok {
		t.Error("a row without adjusted p reports them")
	}
}
