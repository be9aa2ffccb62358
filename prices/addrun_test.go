package prices

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

// TestBuilderAddRun pins addRun to its definition, add row by row: the
// same kept rows, volumes, counts and cursors, for random runs with and
// without Keep ranges, missing values, prices <= 0, days off the
// calendar and dates that do not ascend.
func TestBuilderAddRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(24, 1))
	for trial := range 2000 {
		n := rng.IntN(60)
		var cal []dates.Day
		for d := dates.Day(0); d < 200; d++ {
			if rng.IntN(5) > 0 {
				cal = append(cal, d)
			}
		}
		var keep []DayRange
		if rng.IntN(4) > 0 {
			keep = []DayRange{}
			for d := dates.Day(rng.IntN(10)); d < 200; d += dates.Day(2 + rng.IntN(30)) {
				last := d + dates.Day(rng.IntN(20))
				keep = append(keep, DayRange{First: d, Last: last})
				d = last
			}
		}
		ds, vs, vols := make([]dates.Day, n), make([]float64, n), make([]float64, n)
		d := dates.Day(rng.IntN(5))
		for i := range n {
			d += dates.Day(1 + rng.IntN(4))
			if trial%7 == 0 && rng.IntN(20) == 0 {
				d -= dates.Day(rng.IntN(6)) // not ascending
			}
			ds[i], vs[i], vols[i] = d, rng.Float64()*10-1, float64(rng.IntN(1000))
			if rng.IntN(10) == 0 {
				vs[i] = math.NaN()
			}
		}
		withVols := trial%3 == 0
		mk := func() *builder {
			b := &builder{sym: "A", keep: keep, cal: cal}
			if withVols {
				b.vols = []float64{}
			}
			return b
		}
		want, got := mk(), mk()
		for i := range n {
			if want.add(ds[i], vs[i], vs[i] != vs[i]) && withVols {
				want.vols = append(want.vols, vols[i])
			}
		}
		for i := 0; i < n; {
			j := min(n, i+rng.IntN(25))
			var v []float64
			if withVols {
				v = vols[i:j]
			}
			got.addRun(ds[i:j], vs[i:j], v)
			i = j
		}
		if g, w := fmt.Sprintf("%+v", *got), fmt.Sprintf("%+v", *want); g != w {
			t.Fatalf("trial %d:\naddRun %s\nadd    %s", trial, g, w)
		}
	}
}
