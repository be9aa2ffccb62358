package figures

import (
	"math"
	"slices"
	"sort"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// The figures' data are the tables' numbers: every test here reads the
// demo's CSV values by a separate loop and compares them with what the
// plotters hold.

// Normal quantiles from a printed table (Abramowitz and Stegun 26.2).
const (
	z975 = 1.959963985 // 0.975
	z95  = 1.644853627 // 0.95
)

// tQuantile is Student's t quantile from the normal one z by the
// Cornish-Fisher expansion (Abramowitz and Stegun 26.7.5), four terms:
// an error below 1e-9 for nu >= 100, independent of gonum's inversion.
func tQuantile(z, nu float64) float64 {
	z3, z5, z7 := z*z*z, math.Pow(z, 5), math.Pow(z, 7)
	return z + (z3+z)/(4*nu) + (5*z5+16*z3+3*z)/(96*nu*nu) +
		(3*z7+19*z5+17*z3-15*z)/(384*nu*nu*nu)
}

func demoIndex(t *testing.T, opt Options) *index {
	t.Helper()
	ix, err := newIndex(demo(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func event(t *testing.T, set *results.Set, id string) results.EventRow {
	t.Helper()
	for _, e := range set.Events {
		if e.EventID == id {
			return e
		}
	}
	t.Fatalf("no event %s", id)
	return results.EventRow{}
}

func carRow(t *testing.T, set *results.Set, id, w string) results.CARRow {
	t.Helper()
	for _, r := range set.CAR {
		if r.EventID == id && r.Window == w {
			return r
		}
	}
	t.Fatalf("no car.csv row %s %s", id, w)
	return results.CARRow{}
}

// The running CAR ends at car.csv's CAR of the whole window, AR(0) is
// the demo's -0.03167118150141292, and the band is c·σ·√k with c the
// t quantile of a printed table.
func TestEventFigureNumbers(t *testing.T) {
	set := demo(t)
	ix := demoIndex(t, Options{})
	e := event(t, set, "tmobile-2021-claim")
	s := eventData(e, ix.ar[e.EventID], ix.df[e.EventID], ix.level)
	last := s.CAR[len(s.CAR)-1]
	want := carRow(t, set, e.EventID, "-10,10")
	if last.X != 10 || math.Abs(last.Y-float64(want.CAR)) > 1e-12 {
		t.Errorf("last CAR point (%v, %v), car.csv CAR(-10,10) = %v", last.X, last.Y, want.CAR)
	}
	for _, p := range s.AR {
		if p.X == 0 && p.Y != -0.03167118150141292 {
			t.Errorf("AR(0) = %v, want the demo's -0.03167118150141292", p.Y)
		}
	}
	// df 248: t(0.975, 248) by the Cornish-Fisher expansion (between the
	// printed table's 1.9720 at 200 and 1.9679 at 300)
	if df := ix.df[e.EventID]; df != 248 {
		t.Fatalf("df %d, want 248", df)
	}
	sigma := float64(e.Sigma)
	for i := range s.X {
		k := float64(i + 1) // no missing day in this window
		half := tQuantile(z975, 248) * sigma * math.Sqrt(k)
		car := s.CAR[i].Y
		if math.Abs(s.Hi[i]-(car+half)) > 1e-6*half || math.Abs(s.Lo[i]-(car-half)) > 1e-6*half {
			t.Errorf("day %v: band [%v, %v], want %v ± %v", s.X[i], s.Lo[i], s.Hi[i], car, half)
		}
	}
}

// A missing AR is a gap: it adds no day to the band's k.
func TestRunningBandSkipsMissing(t *testing.T) {
	nan := math.NaN()
	got := runningBand([]float64{0.01, nan, 0.02, 0.03}, 0.02, 0.95, 0)
	z := z975
	want := []float64{z * 0.02, nan, z * 0.02 * math.Sqrt(2), z * 0.02 * math.Sqrt(3)}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || (!math.IsNaN(want[i]) && math.Abs(got[i]-want[i]) > 1e-6) {
			t.Errorf("day %d: %v, want %v", i, got[i], want[i])
		}
	}
}

// The group figure draws aar.csv as it is, and its band is the t
// interval of the mean running CAR of the primary events, recomputed
// here by a plain loop.
func TestGroupFigureNumbers(t *testing.T) {
	set := demo(t)
	ix := demoIndex(t, Options{})
	for _, g := range []string{"breach", "peers"} {
		s := ix.groupData(g)
		var rows []results.AARRow
		for _, r := range set.AAR {
			if r.Group == g {
				rows = append(rows, r)
			}
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].RelDay < rows[j].RelDay })
		if len(rows) != len(s.CAAR) {
			t.Fatalf("%s: %d points, aar.csv %d rows", g, len(s.CAAR), len(rows))
		}
		for i, r := range rows {
			if s.AAR[i].Y != float64(r.AAR) || s.CAAR[i].Y != float64(r.CAAR) || s.X[i] != float64(r.RelDay) {
				t.Errorf("%s day %d: (%v, %v), aar.csv (%v, %v)", g, r.RelDay, s.AAR[i].Y, s.CAAR[i].Y, r.AAR, r.CAAR)
			}
		}
		if !s.Band {
			t.Fatalf("%s: no band", g)
		}
		// the band's centre, the mean running CAR of aar.csv's n events,
		// equals the CAAR when no day is missing
		for i, r := range rows {
			mid := (s.Lo[i] + s.Hi[i]) / 2
			if math.Abs(mid-float64(r.CAAR)) > 1e-12 {
				t.Errorf("%s day %d: band centre %v, CAAR %v", g, r.RelDay, mid, r.CAAR)
			}
		}
	}
	// peers: the two peers (VZ, T) of one day: n = 2, t(0.975, 1) = 12.7062
	s := ix.groupData("peers")
	x := map[int][]float64{}
	for _, r := range set.AR {
		if r.EventID == "peer-vz-tmobile-2021" || r.EventID == "peer-t-tmobile-2021" {
			x[r.RelDay] = append(x[r.RelDay], float64(r.CAR))
		}
	}
	for i, d := range s.X {
		v := x[int(d)]
		m := (v[0] + v[1]) / 2
		sd := math.Sqrt(((v[0]-m)*(v[0]-m) + (v[1]-m)*(v[1]-m)) / 1)
		half := 12.7062 * sd / math.Sqrt(2)
		if math.Abs(s.Hi[i]-(m+half)) > 1e-5*math.Max(half, 1e-9) {
			t.Errorf("peers day %v: hi %v, want %v", d, s.Hi[i], m+half)
		}
	}
}

// The ranked CARs are the group's car.csv CARs on the window, ascending,
// each with car ± c·se.
func TestRankedNumbers(t *testing.T) {
	set := demo(t)
	ix := demoIndex(t, Options{})
	if ix.window != "-1,1" {
		t.Fatalf("window %q, want the default -1,1", ix.window)
	}
	s := ix.rankedData("breach")
	var want []float64
	group := map[string]bool{}
	for _, e := range set.Events {
		group[e.EventID] = e.Group == "breach"
	}
	for _, r := range set.CAR {
		if group[r.EventID] && r.Window == "-1,1" && !r.CAR.IsNA() {
			want = append(want, float64(r.CAR))
		}
	}
	sort.Float64s(want)
	if len(want) != len(s.Y) {
		t.Fatalf("%d CARs drawn, car.csv has %d", len(s.Y), len(want))
	}
	for i := range want {
		if s.Y[i] != want[i] || s.CARPoints[i].X != float64(i+1) {
			t.Errorf("rank %d: %v, want %v", i+1, s.Y[i], want[i])
		}
		r := carRow(t, set, s.IDs[i], "-1,1")
		half := tQuantile(z975, 248) * float64(r.SE) // all demo events have df 248
		if r.DF.V != 248 {
			continue
		}
		if math.Abs(s.Hi[i]-s.Y[i]-half) > 1e-6*half || math.Abs(s.Y[i]-s.Lo[i]-half) > 1e-6*half {
			t.Errorf("%s: interval [%v, %v], want ±%v", s.IDs[i], s.Lo[i], s.Hi[i], half)
		}
	}
}

// Sturges: 28 values make ⌈log2 28⌉+1 = 6 bins, every value in one.
func TestHistogramBins(t *testing.T) {
	ix := demoIndex(t, Options{})
	y := ix.rankedData("breach").Y
	bins := analysis.Histogram(y)
	if len(y) != 28 || len(bins) != 6 {
		t.Fatalf("%d values in %d bins, want 28 in 6", len(y), len(bins))
	}
	lo, hi := y[0], y[len(y)-1]
	w := (hi - lo) / 6
	n := 0
	for k, b := range bins {
		c := 0
		for _, v := range y {
			if (v >= lo+float64(k)*w && v < lo+float64(k+1)*w) || (k == 5 && v == hi) {
				c++
			}
		}
		if c != b.Count {
			t.Errorf("bin %d [%v, %v): %d, counted %d", k, b.Lo, b.Hi, b.Count, c)
		}
		n += b.Count
	}
	if n != 28 {
		t.Errorf("bins hold %d values", n)
	}
	if b := analysis.Histogram([]float64{0.1, 0.1, math.NaN()}); len(b) != 1 || b[0].Count != 2 {
		t.Errorf("equal values: %+v", b)
	}
}

// Every heat-map cell is tests.csv's p of its test and window.
func TestHeatmapNumbers(t *testing.T) {
	set := demo(t)
	ix := demoIndex(t, Options{})
	g := ix.heatData("breach")
	ti, wi := map[string]int{}, map[string]int{}
	for i, s := range g.Tests {
		ti[s] = i
	}
	for j, w := range g.Windows {
		wi[w] = j
	}
	n := 0
	for _, r := range set.Tests {
		if r.Group != "breach" {
			continue
		}
		n++
		got := g.P[ti[r.Test]][wi[r.Window]]
		if !(got == float64(r.P) || (math.IsNaN(got) && r.P.IsNA())) {
			t.Errorf("%s %s: %v, tests.csv %v", r.Test, r.Window, got, r.P)
		}
	}
	if n != len(g.Tests)*len(g.Windows) || len(g.Windows) != 8 {
		t.Errorf("%d rows for %d×%d cells", n, len(g.Tests), len(g.Windows))
	}
	for _, c := range []struct {
		p    float64
		want string
	}{{0.0004, "<.001"}, {0.0156, "0.016"}, {math.NaN(), ""}, {1, "1.000"}, {0.04996, "0.04996"}, {0.0502, "0.050"}, {0.009999, "0.009999"}} {
		if got := pText(c.p); got != c.want {
			t.Errorf("pText(%v) = %q, want %q", c.p, got, c.want)
		}
	}
}

// The T-Mobile price figure is prices.csv's rows of its first stage, and
// its marks are the four distinct days 0 of the six stages.
func TestIncidentNumbers(t *testing.T) {
	set := demo(t)
	ix := demoIndex(t, Options{})
	var inc incident
	for _, i := range ix.incidents() {
		if i.key == "tmobile-2021" {
			inc = i
		}
	}
	s, why := ix.priceData(inc)
	if why != "" {
		t.Fatal(why)
	}
	if s.First.EventID != "tmobile-2021-claim" {
		t.Errorf("first event %s", s.First.EventID)
	}
	k := 0
	for _, r := range set.Prices {
		if r.EventID != "tmobile-2021-claim" {
			continue
		}
		if s.Firm[k].Y != float64(r.Firm) || s.Market[k].Y != float64(r.Market) {
			t.Errorf("%s: (%v, %v), prices.csv (%v, %v)", r.Date, s.Firm[k].Y, s.Market[k].Y, r.Firm, r.Market)
		}
		k++
	}
	if k != len(s.Firm) {
		t.Errorf("%d points, prices.csv %d rows", len(s.Firm), k)
	}
	wantDays := []string{"2021-08-16", "2021-08-17", "2021-08-18", "2021-08-20"}
	if len(s.Marks) != len(wantDays) {
		t.Fatalf("marks %v", s.Labels)
	}
	for i, d := range wantDays {
		x, _ := day(d)
		if s.Marks[i] != x {
			t.Errorf("mark %d at %v, want %s", i, s.Marks[i], d)
		}
	}
	if s.Labels[0] != "claim / media / confirmation" {
		t.Errorf("first label %q", s.Labels[0])
	}
	// timeline: the same days as calendar days from 08-16
	_, pts, _ := ix.timelineData()
	var days []float64
	for _, p := range pts {
		if p.Row == 0 {
			days = append(days, p.Days)
		}
	}
	if len(days) != 4 || days[0] != 0 || days[1] != 1 || days[2] != 2 || days[3] != 4 {
		t.Errorf("timeline days %v, want [0 1 2 4]", days)
	}
}

// Without price rows an incident's figure is skipped with a reason.
func TestIncidentWithoutPrices(t *testing.T) {
	set := *demo(t)
	set.Prices = nil
	figs, sum, _, err := build(&set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if len(f.name) > 9 && f.name[:9] == "incident-" {
			t.Errorf("%s drawn without prices", f.name)
		}
	}
	want := "incident figures: 12 skipped (tmobile-2021, tmobile-2023, equifax-2017, capitalone-2019, marriott-2018, ...): " +
		"no event of the incident has a day 0 and price rows in prices.csv"
	if !slices.Contains(sum.Notes, want) {
		t.Errorf("notes %q, want %q", sum.Notes, want)
	}
}

// The study's level sets every band: at 0.90 the event band is the
// t(0.95, 248) = 1.650996 multiple.
func TestLevelFromManifest(t *testing.T) {
	set := *demo(t)
	cfg := map[string]any{}
	for k, v := range set.Manifest.Config {
		cfg[k] = v
	}
	cfg["level"] = 0.9
	set.Manifest.Config = cfg
	ix, err := newIndex(&set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := event(t, &set, "tmobile-2021-claim")
	s := eventData(e, ix.ar[e.EventID], ix.df[e.EventID], ix.level)
	half := tQuantile(z95, 248) * float64(e.Sigma)
	if math.Abs(s.Hi[0]-s.CAR[0].Y-half) > 1e-6*half {
		t.Errorf("band at 0.90: %v, want %v", s.Hi[0]-s.CAR[0].Y, half)
	}
	for _, bad := range []any{1.5, "x", 0.0} {
		cfg["level"] = bad
		if _, err := newIndex(&set, Options{}); err == nil {
			t.Errorf("level %v accepted", bad)
		}
	}
	if ix, err := newIndex(demo(t), Options{Level: 0.9}); err != nil || ix.level != 0.9 {
		t.Errorf("--level 0.9: %v", err)
	}
	if levelText(0.95) != "95%" || levelText(0.9) != "90%" || levelText(0.995) != "99.5%" {
		t.Errorf("levelText: %s %s %s", levelText(0.95), levelText(0.9), levelText(0.995))
	}
}

// A stage beyond the price series is not marked, and a note says so.
func TestStageBeyondPrices(t *testing.T) {
	set := *demo(t)
	set.Events = slices.Clone(set.Events)
	for i := range set.Events {
		if set.Events[i].EventID == "tmobile-2021-update" {
			set.Events[i].Day0 = "2022-01-03"
		}
	}
	_, sum, _, err := build(&set, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "incident-tmobile-2021-price: stage(s) 2022-01-03 update beyond the price series of tmobile-2021-claim in prices.csv: not marked"
	if !slices.Contains(sum.Notes, want) {
		t.Errorf("notes %q\nwant %q", sum.Notes, want)
	}
}
