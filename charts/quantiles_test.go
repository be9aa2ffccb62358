package charts

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// R: quantile(c(1, 2, 3, 4, 10), p) (type 7, the default).
func TestQuantile(t *testing.T) {
	x := []float64{1, 2, 3, 4, 10}
	for _, c := range []struct{ p, want float64 }{
		{0, 1}, {0.05, 1.2}, {0.25, 2}, {0.5, 3}, {0.9, 7.6}, {0.95, 8.8}, {1, 10},
	} {
		if got := Quantile(x, c.p); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Quantile(%g) = %g, want %g", c.p, got, c.want)
		}
	}
	if !math.IsNaN(Quantile(nil, 0.5)) {
		t.Error("Quantile of no data is not NaN")
	}
	if got := Quantile([]float64{4}, 0.3); got != 4 {
		t.Errorf("Quantile of one value = %g, want 4", got)
	}
}

// TestDistributionChart: with more than MaxEventCharts events the event
// section draws the distribution of running CARs; its median and bands on
// each day equal the quantiles of ar.csv's car computed here by sorting.
func TestDistributionChart(t *testing.T) {
	set := copiedSet(fixtureSet(t), 10) // 90 events
	p, err := buildPage(set, Options{}, -1, 1, DefaultLevel)
	if err != nil {
		t.Fatal(err)
	}
	byDay := map[int][]float64{}
	for _, r := range set.AR {
		byDay[r.RelDay] = append(byDay[r.RelDay], 100*float64(r.CAR))
	}
	q := func(day int, p float64) float64 {
		x := append([]float64(nil), byDay[day]...)
		sort.Float64s(x)
		h := float64(len(x)-1) * p
		i := int(h)
		if i+1 >= len(x) {
			return x[len(x)-1]
		}
		return x[i] + (h-float64(i))*(x[i+1]-x[i])
	}
	for _, s := range p.Sections {
		if !strings.HasPrefix(s.Heading, "Abnormal returns per event") {
			continue
		}
		if len(s.Charts) != 1+ExampleEventCharts {
			t.Errorf("%d charts, want the distribution and %d examples", len(s.Charts), ExampleEventCharts)
		}
		var opt struct {
			Series []struct {
				ID   string            `json:"id"`
				Data []json.RawMessage `json:"data"`
			} `json:"series"`
		}
		if err := json.Unmarshal(s.Charts[0].frozen, &opt); err != nil {
			t.Fatal(err)
		}
		got := map[string][]float64{}
		for _, sr := range opt.Series {
			for _, raw := range sr.Data {
				var v float64
				if json.Unmarshal(raw, &v) != nil {
					var o struct {
						Value float64 `json:"value"`
					}
					if err := json.Unmarshal(raw, &o); err != nil {
						t.Fatal(err)
					}
					v = o.Value
				}
				got[sr.ID] = append(got[sr.ID], v)
			}
		}
		if len(opt.Series) != 5 {
			t.Fatalf("%d series, want median and two bands", len(opt.Series))
		}
		for k := 0; k < 21; k++ {
			day := k - 10
			checks := []struct {
				name      string
				got, want float64
			}{
				{"median", got[opt.Series[0].ID][k], q(day, 0.5)},
				{"q05", got["band-loq90"][k], q(day, 0.05)},
				{"q95", got["band-loq90"][k] + got["band-hiq90"][k], q(day, 0.95)},
				{"q25", got["band-loq50"][k], q(day, 0.25)},
				{"q75", got["band-loq50"][k] + got["band-hiq50"][k], q(day, 0.75)},
			}
			for _, c := range checks {
				if math.Abs(c.got-c.want) > 2e-6 {
					t.Errorf("day %d %s = %g, want %g", day, c.name, c.got, c.want)
				}
			}
		}
		return
	}
	t.Fatal("no event section")
}

// TestCarsByDay: each day's CARs are those of every event's rows as
// arByEvent groups them (the chart's earlier definition), as multisets,
// with missing CARs left out and an event whose rows come in two runs.
func TestCarsByDay(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	var ar []results.ARRow
	for e := range 300 {
		start := rng.IntN(30) - 15
		for d := range rng.IntN(25) {
			car := results.Num(rng.NormFloat64() * 0.05)
			if rng.IntN(7) == 0 {
				car = results.NA
			}
			ar = append(ar, results.ARRow{EventID: fmt.Sprint(e % 250), RelDay: start + d, CAR: car})
		}
	}
	want := map[int][]float64{}
	for _, rows := range (&builder{set: &results.Set{AR: ar}}).arByEvent() {
		for _, r := range rows {
			if !r.CAR.IsNA() {
				want[r.RelDay] = append(want[r.RelDay], pct(r.CAR))
			}
		}
	}
	got := carsByDay(ar)
	if len(got) != len(want) {
		t.Fatalf("%d days, want %d", len(got), len(want))
	}
	for d, w := range want {
		g := slices.Clone(got[d])
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			t.Fatalf("day %d: %v, want %v", d, g, w)
		}
	}
}
