package compare

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/analysis/results"
)

// TestStagesCSVMatchesGocsv: stages.csv written from stageCells is byte
// for byte what gocsv writes for the same rows (the reference), with
// values that need quoting, NaN, ±Inf, -0, empty df and every bool; and an
// empty table is the header alone, as with gocsv.
func TestStagesCSVMatchesGocsv(t *testing.T) {
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
	for range 400 {
		rows = append(rows, StageRow{Incident: str(), Firm: str(), Stages: str(), EventIDs: str(), DateGiven: str(),
			Day0: str(), AnchorRule: str(), Timeline: str(), Window: str(), CAR: num(), T: num(),
			DF: results.Int{V: rng.IntN(600) - 100, Valid: rng.IntN(3) > 0}, P: num(), SQP: num(),
			Significant: rng.IntN(2) == 0, SQSignificant: rng.IntN(2) == 0, FirstSignificant: rng.IntN(2) == 0, FirstSQSignificant: rng.IntN(2) == 0})
	}
	for _, tc := range []struct {
		name string
		rows []StageRow
	}{{"rows", rows}, {"empty", nil}} {
		want, err := CSV(tc.rows)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := (&Tables{Stages: tc.rows}).Streams(nil)[StagesFile](&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			g, w := got.String(), string(want)
			for i := 0; i < len(g) && i < len(w); i++ {
				if g[i] != w[i] {
					t.Fatalf("%s: differs from gocsv at byte %d: %q, gocsv %q", tc.name, i, g[max(0, i-40):min(len(g), i+40)], w[max(0, i-40):min(len(w), i+40)])
				}
			}
			t.Fatalf("%s: %d bytes, gocsv %d", tc.name, len(g), len(w))
		}
	}
}
