package charts

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

func TestTails(t *testing.T) {
	keys := []float64{5, math.NaN(), -3, 9, 0, 2, math.NaN(), -7}
	key := func(i int) float64 { return keys[i] }
	for _, c := range []struct {
		name string
		k    int
		want []int
	}{
		{"two each", 2, []int{7, 2, 0, 3}},
		{"one each", 1, []int{7, 3}},
		{"all when few", 3, []int{7, 2, 4, 5, 0, 3}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := tails(len(keys), c.k, key)
			if len(got) != len(c.want) {
				t.Fatalf("tails = %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("tails = %v, want %v", got, c.want)
				}
			}
		})
	}
}

// TestTailsStableOrder: tails is the stable sort of the finite keys'
// indices, cut to its tails (the definition), on keys with many ties,
// NaNs and signed zeros.
func TestTailsStableOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 200 {
		n := rng.IntN(400)
		keys := make([]float64, n)
		for i := range keys {
			switch rng.IntN(6) {
			case 0:
				keys[i] = math.NaN()
			case 1:
				keys[i] = math.Copysign(0, -1)
			default:
				keys[i] = float64(rng.IntN(20) - 10) // ties
			}
		}
		k := rng.IntN(60)
		var want []int
		for i, x := range keys {
			if !math.IsNaN(x) {
				want = append(want, i)
			}
		}
		sort.SliceStable(want, func(a, b int) bool { return keys[want[a]] < keys[want[b]] })
		if len(want) > 2*k {
			want = append(want[:k:k], want[len(want)-k:]...)
		}
		got := tails(n, k, func(i int) float64 { return keys[i] })
		if !slices.Equal(got, want) {
			t.Fatalf("tails(%v, %d) = %v, want %v", keys, k, got, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 100000: "100,000", 1234567: "1,234,567", -4200: "-4,200"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWroteCSV(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  map[string]any
		want bool
	}{
		{"absent", map[string]any{}, true},
		{"list", map[string]any{"format": []any{"md", "csv"}}, true},
		{"list without", map[string]any{"format": []any{"xlsx"}}, false},
		{"string", map[string]any{"format": "csv, md"}, true},
		{"string without", map[string]any{"format": "json,tex"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := wroteCSV(c.cfg); got != c.want {
				t.Errorf("wroteCSV = %v, want %v", got, c.want)
			}
		})
	}
}

// TestLargeTablesSummarized renders the fixture copied 320 times (2,880
// events): the Events table keeps exactly the 50 lowest and 50 highest
// CAR(-1,1), found here by sorting car.csv independently, the stage and
// warning tables are cut, each summary links its CSV, and the page stays
// small.
func TestLargeTablesSummarized(t *testing.T) {
	set := fixtureSet(t)
	cmp := fixtureCompare(t, set)
	set = copiedSet(set, 320)
	stages := cmp.Stages
	incs, merged := map[string]bool{}, map[string]bool{}
	for _, r := range stages {
		incs[r.Incident] = true
		merged[r.Incident+"|"+r.Firm+"|"+r.Day0] = true
	}
	for c := 1; c < 320; c++ {
		for _, r := range stages {
			r.Incident = fmt.Sprintf("%s-copy%d", r.Incident, c)
			r.CAR += results.Num(float64(c) * 1e-4)
			cmp.Stages = append(cmp.Stages, r)
		}
	}
	for i := range 500 {
		set.Manifest.Warnings = append(set.Manifest.Warnings, results.Warning{EventID: "e", Code: []string{"incomplete_window", "anchoring"}[i%2], Message: "m"})
	}
	var buf bytes.Buffer
	if err := Render(&buf, set, Options{Compare: cmp}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	t.Logf("page: %d bytes", len(page))
	for _, m := range regexp.MustCompile(`caption summary">[^<]*`).FindAllString(page, -1) {
		t.Log(m)
	}

	var cars []results.CARRow
	for _, r := range set.CAR {
		if r.Window == "-1,1" && !r.CAR.IsNA() {
			cars = append(cars, r)
		}
	}
	sort.SliceStable(cars, func(i, j int) bool { return cars[i].CAR < cars[j].CAR })
	var want []string
	for _, r := range append(cars[:50:50], cars[len(cars)-50:]...) {
		want = append(want, r.EventID)
	}
	body := page[strings.Index(page, `<table id="events">`):]
	body = body[:strings.Index(body, "</table>")]
	rows := regexp.MustCompile(`<tr><td>([^<]*)</td>`).FindAllStringSubmatch(body, -1)
	if len(rows) != 100 {
		t.Fatalf("events table has %d rows, want 100", len(rows))
	}
	for i, r := range rows {
		if got := html.UnescapeString(r[1]); got != want[i] {
			t.Errorf("row %d: %q, want %q", i, got, want[i])
		}
	}
	for _, s := range []string{
		"2,880 events (2,880 ok). Shown: the 50 with the lowest and the 50 with the highest CAR(-1,1)",
		`<a href="events.csv">events.csv</a>`,
		`<a href="stages.csv">stages.csv</a>`,
		fmt.Sprintf("%s incidents, %s merged stages;", thousands(320*len(incs)), thousands(320*len(merged))),
		"501 warnings (250 incomplete_window, 250 anchoring, 1 stage_overlap); the first 100 are shown.",
		`<a href="warnings.csv">warnings.csv</a>`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	if n := strings.Count(page, "<tr"); n > 1200 {
		t.Errorf("page has %d table rows for 2,880 events; the big tables are not summarized", n)
	}
}
