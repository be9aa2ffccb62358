package regression

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct{ spec, want string }{
		{"car ~ records", "car ~ records"},
		{"CAR~log(records)+type", "car ~ log(records) + type"},
		{"car ~ log(records) + type + type:log(records)", "car ~ log(records) + type + type:log(records)"},
		{"car ~ a*b", "car ~ a + b + a:b"},
		{"car ~ a*b*c", "car ~ a + b + a:b + c + a:c + b:c + a:b:c"},
		{"car ~ a*b - a:b", "car ~ a + b"},
		{"car ~ a + b:a + a:b", "car ~ a + b:a"},
		{"car ~ type - 1", "car ~ type - 1"},
		{"car ~ -1 + type", "car ~ type - 1"},
		{"car ~ type + 0", "car ~ type - 1"},
		{"car ~ 1", "car ~ "},
		{"car ~ `breach type` + sqrt(x) + log1p(y) + factor(year)", "car ~ `breach type` + sqrt(x) + log1p(y) + factor(year)"},
	} {
		t.Run(c.spec, func(t *testing.T) {
			f, err := Parse(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(f.String()); got != strings.TrimSpace(c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		spec string
		pos  int
		what string
	}{
		{"records", 1, "starts with car ~"},
		{"car records", 5, "want ~"},
		{"car ~ log(records", 18, "want )"},
		{"car ~ exp(records)", 7, "unknown function"},
		{"car ~ a +", 10, "want a column name"},
		{"car ~ a b", 9, "want + or -"},
		{"car ~ a + `b", 11, "unclosed backquote"},
		{"car ~ a $ b", 9, "unexpected"},
		{"car ~ -1", 9, "no term left"},
		{"car ~ a:1", 9, "may only stand alone"},
	} {
		t.Run(c.spec, func(t *testing.T) {
			_, err := Parse(c.spec)
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos != c.pos || !strings.Contains(se.What, c.what) {
				t.Errorf("got %v, want col %d: …%s…", err, c.pos, c.what)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"car ~ log(records) + type + type:log(records)", "car ~ a*b - 1", "car ~ `x y`:z + 0", "car ~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 1 || se.Pos > len(s)+1 {
				t.Fatalf("%q: error %v without a column in the spec", s, err)
			}
			return
		}
		// The canonical form parses to itself.
		again, err := Parse(g.String())
		if err != nil && len(g.Terms) > 0 {
			t.Fatalf("%q -> %q: %v", s, g.String(), err)
		}
		if err == nil && again.String() != g.String() {
			t.Fatalf("%q -> %q -> %q", s, g.String(), again.String())
		}
	})
}

// events is a small events table: a text column, a numeric one with a
// zero and a gap, and a year.
func events() []Column {
	nan := math.NaN()
	return []Column{
		{Name: "type", Text: []string{"hack", "loss", "hack", "insider", "loss", "hack", ""}},
		{Name: "Records", Num: []float64{100, 1000, 0, 50, 10, 1e6, 5}},
		{Name: "year", Num: []float64{2019, 2020, 2019, 2021, 2020, nan, 2019}},
	}
}

func TestBuild(t *testing.T) {
	ln := math.Log
	for _, c := range []struct {
		spec  string
		base  map[string]string
		terms []string
		rows  []int
		x     [][]float64 // the first kept rows
		drops string
		bases string
	}{
		{spec: "car ~ records", terms: []string{"intercept", "records"}, rows: []int{0, 1, 2, 3, 4, 5, 6}, x: [][]float64{{1, 100}}},
		{spec: "car ~ log(records) + type", terms: []string{"intercept", "log(records)", "type=insider", "type=loss"},
			rows: []int{0, 1, 3, 4, 5}, x: [][]float64{{1, ln(100), 0, 0}, {1, ln(1000), 0, 1}, {1, ln(50), 1, 0}},
			drops: "log(records) undefined (records <= 0):1 type missing:1", bases: "type=hack"},
		{spec: "car ~ type*log(records)", base: map[string]string{"type": "loss"},
			terms: []string{"intercept", "type=hack", "type=insider", "log(records)", "type=hack:log(records)", "type=insider:log(records)"},
			rows:  []int{0, 1, 3, 4, 5}, x: [][]float64{{1, 1, 0, ln(100), ln(100), 0}, {1, 0, 0, ln(1000), 0, 0}, {1, 0, 1, ln(50), 0, ln(50)}},
			drops: "log(records) undefined (records <= 0):1 type missing:1", bases: "type=loss"},
		{spec: "car ~ type - 1", terms: []string{"type=hack", "type=insider", "type=loss"},
			rows: []int{0, 1, 2, 3, 4, 5}, x: [][]float64{{1, 0, 0}, {0, 0, 1}}, drops: "type missing:1", bases: "type=hack"},
		{spec: "car ~ factor(year)", terms: []string{"intercept", "year=2020", "year=2021"},
			rows: []int{0, 1, 2, 3, 4, 6}, x: [][]float64{{1, 0, 0}, {1, 1, 0}}, drops: "year missing:1", bases: "year=2019"},
	} {
		t.Run(c.spec, func(t *testing.T) {
			f, err := Parse(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Build(f, events(), 7, c.base)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(d.Terms, ",") != strings.Join(c.terms, ",") {
				t.Errorf("terms %v, want %v", d.Terms, c.terms)
			}
			if len(d.Rows) != len(c.rows) || len(d.X) != len(c.rows) {
				t.Fatalf("rows %v, want %v", d.Rows, c.rows)
			}
			for i := range c.rows {
				if d.Rows[i] != c.rows[i] {
					t.Errorf("rows %v, want %v", d.Rows, c.rows)
				}
			}
			for i, row := range c.x {
				for j, v := range row {
					checkRel(t, d.Terms[j], d.X[i][j], v, 1e-12)
				}
			}
			var drops []string
			for _, dr := range d.Dropped {
				drops = append(drops, dr.Reason+":"+string(rune('0'+dr.N)))
			}
			if got := strings.Join(drops, " "); got != c.drops {
				t.Errorf("dropped %q, want %q", got, c.drops)
			}
			if got := strings.Join(d.Bases, " "); got != c.bases {
				t.Errorf("bases %q, want %q", got, c.bases)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	for _, c := range []struct {
		spec string
		base map[string]string
		want string
	}{
		{"car ~ log(records) + recrods", nil, `col 22: unknown column "recrods"; columns are Records, type, year`},
		{"car ~ log(type)", nil, "col 11: type is a text column; log() needs numbers"},
		{"car ~ type", map[string]string{"type": "phish"}, `base level "phish" of type is not among its levels (hack, insider, loss)`},
	} {
		t.Run(c.spec, func(t *testing.T) {
			f, err := Parse(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Build(f, events(), 7, c.base)
			if err == nil || err.Error() != c.want {
				t.Errorf("got %v, want %s", err, c.want)
			}
		})
	}
}

// TestDummiesFit: with a dummy per level but the base, the intercept is
// the base level's mean CAR and each dummy's coefficient the difference
// of its level's mean from it (computed here by plain sums).
func TestDummiesFit(t *testing.T) {
	f, _ := Parse("car ~ type")
	cols := []Column{{Name: "type", Text: []string{"hack", "loss", "hack", "insider", "loss", "hack", "insider"}}}
	y := []float64{-0.02, 0.01, -0.04, 0.03, -0.01, -0.03, 0.05}
	d, err := Build(f, cols, 7, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(y, d.X, d.Terms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mean := map[string]float64{}
	count := map[string]float64{}
	for i, l := range cols[0].Text {
		mean[l] += y[i]
		count[l]++
	}
	for l := range mean {
		mean[l] /= count[l]
	}
	checkRel(t, "intercept", res.Coefs[0].Coef, mean["hack"], 1e-12)
	checkRel(t, "type=insider", res.Coefs[1].Coef, mean["insider"]-mean["hack"], 1e-12)
	checkRel(t, "type=loss", res.Coefs[2].Coef, mean["loss"]-mean["hack"], 1e-12)
}

// TestInteractionFit: car ~ type*x fits each level its own line, so its
// coefficients are those of separate regressions per level (computed by
// plain sums): the base level's intercept and slope, then each other
// level's differences from them.
func TestInteractionFit(t *testing.T) {
	f, _ := Parse("car ~ type*x")
	types := []string{"a", "b", "a", "b", "a", "b", "a", "b"}
	x := []float64{1, 2, 3, 4, 5, 6, 7, 9}
	y := []float64{0.3, -0.1, 0.8, 0.2, 1.1, 0.1, 1.9, 0.6}
	d, err := Build(f, []Column{{Name: "type", Text: types}, {Name: "x", Num: x}}, 8, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.Terms, " "); got != "intercept type=b x type=b:x" {
		t.Fatalf("terms %s", got)
	}
	res, err := Fit(y, d.X, d.Terms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	line := func(level string) (a, b float64) {
		var n, sx, sy, sxx, sxy float64
		for i, l := range types {
			if l == level {
				n, sx, sy, sxx, sxy = n+1, sx+x[i], sy+y[i], sxx+x[i]*x[i], sxy+x[i]*y[i]
			}
		}
		b = (n*sxy - sx*sy) / (n*sxx - sx*sx)
		return (sy - b*sx) / n, b
	}
	a0, b0 := line("a")
	a1, b1 := line("b")
	for i, want := range []float64{a0, a1 - a0, b0, b1 - b0} {
		checkRel(t, d.Terms[i], res.Coefs[i].Coef, want, 1e-10)
	}
}

// A text column with one level among the events gives no dummy and is
// named; the intercept alone is still fitted.
func TestBuildSingleLevel(t *testing.T) {
	f, _ := Parse("car ~ type")
	d, err := Build(f, []Column{{Name: "type", Text: []string{"hack", "hack", "hack"}}}, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Terms) != 1 || d.Terms[0] != InterceptTerm || len(d.Empty) != 1 || d.Empty[0] != "type" {
		t.Errorf("terms %v empty %v", d.Terms, d.Empty)
	}
}
