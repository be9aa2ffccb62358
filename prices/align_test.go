package prices

import (
	"github.com/breachlab/eventstudy/dates"
	"math"
	"strings"
	"testing"
)

func mustLoad(t testing.TB, path string) *Panel {
	t.Helper()
	p, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAlignRealTMUS(t *testing.T) {
	gspc := mustLoad(t, "testdata/GSPC.csv").Series["GSPC"]
	tmus := mustLoad(t, "testdata/TMUS.csv").Series["TMUS"]
	cal, err := MarketCalendar(gspc)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Len() != 8741 || cal.Days[0] != day(t, "1990-01-02") {
		t.Fatalf("calendar %d days from %s", cal.Len(), cal.Days[0])
	}
	i, ok := cal.Index(day(t, "2021-08-16"))
	if !ok {
		t.Fatal("2021-08-16 not a trading day")
	}
	tests := []struct {
		kind ReturnKind
		want float64
	}{
		// Hand computation from the two Adj Close values in TMUS.csv:
		// 139.562302/143.737381 - 1 = -0.0290466...
		{Simple, tmus0816/tmus0813 - 1},
		{Log, math.Log(tmus0816 / tmus0813)},
	}
	for _, tc := range tests {
		a := tmus.Align(cal, tc.kind)
		if len(a.R) != cal.Len() || len(a.P) != cal.Len() {
			t.Fatalf("lengths %d %d", len(a.R), len(a.P))
		}
		if !near(a.R[i], tc.want, 1e-12) {
			t.Errorf("kind %d: R = %.15g, want %.15g", tc.kind, a.R[i], tc.want)
		}
		if a.P[i] != tmus0816 {
			t.Errorf("P = %v", a.P[i])
		}
		if a.OffCalendar != 0 || len(a.Spans) != 0 || len(a.Invalid) != 0 {
			t.Errorf("off %d spans %v invalid %v", a.OffCalendar, a.Spans, a.Invalid)
		}
		// before TMUS's first day (2007-04-19) everything is missing
		first, _ := cal.Index(day(t, "2007-04-19"))
		if !math.IsNaN(a.P[first-1]) || !math.IsNaN(a.R[first]) || math.IsNaN(a.R[first+1]) {
			t.Errorf("start of series: P %v R %v %v", a.P[first-1], a.R[first], a.R[first+1])
		}
	}
	if fl := tmus.Align(cal, Simple).Quality(cal); len(fl) != 0 {
		t.Errorf("adjusted TMUS flagged: %v", fl)
	}
	if r := -0.0290466; !near(tmus0816/tmus0813-1, r, 1e-5) {
		t.Errorf("sanity: %v", r)
	}
}

func TestAlignGapAndReturns(t *testing.T) {
	w := mustLoad(t, "testdata/wide_eu.csv")
	cal, err := MarketCalendar(w.Series["GSPC"])
	if err != nil {
		t.Fatal(err)
	}
	a := w.Series["TMUS"].Align(cal, Simple)
	// TMUS is empty on 2021-08-17 (position 5): no return on 08-17, and the
	// 08-16 -> 08-18 return spans two days and is dropped. A blank wide
	// cell is a missing day, not an invalid observation (missing.go).
	if !math.IsNaN(a.P[5]) || !math.IsNaN(a.R[5]) || !math.IsNaN(a.R[6]) {
		t.Errorf("gap: P %v R %v %v", a.P[5], a.R[5], a.R[6])
	}
	if len(a.Spans) != 1 || a.Spans[0] != 6 || len(a.Invalid) != 0 {
		t.Errorf("spans %v invalid %v", a.Spans, a.Invalid)
	}
	if want := 139.720978/138.669785 - 1; !near(a.R[7], want, 1e-12) {
		t.Errorf("R after gap %v, want %v", a.R[7], want)
	}
	if want := tmus0816/tmus0813 - 1; !near(a.R[4], want, 1e-12) {
		t.Errorf("R 08-16 %v", a.R[4])
	}
	if fl := a.Quality(cal); len(fl) != 0 {
		t.Errorf("flags %v", fl)
	}

	// a return series on the same calendar
	r := mustLoad(t, "testdata/long_ret.tsv").Series["79702"]
	for _, tc := range []struct {
		kind ReturnKind
		want float64
	}{{Simple, -0.029047}, {Log, math.Log1p(-0.029047)}} {
		ar := r.Align(cal, tc.kind)
		if ar.P != nil || !math.IsNaN(ar.R[0]) || !near(ar.R[4], tc.want, 1e-12) {
			t.Errorf("kind %d: P %v R0 %v R4 %v want %v", tc.kind, ar.P, ar.R[0], ar.R[4], tc.want)
		}
		if ar.Quality(cal) != nil {
			t.Error("return series flagged")
		}
	}
}

func TestAlignOffCalendar(t *testing.T) {
	cal, _ := dates.NewCalendar([]dates.Day{day(t, "2021-01-04"), day(t, "2021-01-05"), day(t, "2021-01-06")})
	s := &Series{Symbol: "X", Dates: []dates.Day{day(t, "2021-01-03"), day(t, "2021-01-04"), day(t, "2021-01-06"), day(t, "2021-01-09")},
		Values: []float64{5, 10, 11, 12}}
	a := s.Align(cal, Simple)
	if a.OffCalendar != 2 || len(a.Spans) != 1 || a.Spans[0] != 2 || !math.IsNaN(a.R[2]) {
		t.Errorf("off %d spans %v R %v", a.OffCalendar, a.Spans, a.R)
	}
	// returns of -100% have no log return
	rs := &Series{Dates: cal.Days, Values: []float64{-1, 0.5, math.NaN()}, IsReturn: true}
	ar := rs.Align(cal, Log)
	if !math.IsNaN(ar.R[0]) || !near(ar.R[1], math.Log(1.5), 1e-15) || !math.IsNaN(ar.R[2]) {
		t.Errorf("log returns %v", ar.R)
	}
}

func TestMarketCalendar(t *testing.T) {
	s := &Series{Symbol: "M", File: "m.csv", Dates: []dates.Day{1, 2, 3, 4}, Values: []float64{1, math.NaN(), 2, math.Inf(1)}}
	cal, err := MarketCalendar(s)
	if err != nil || cal.Len() != 2 || cal.Days[0] != 1 || cal.Days[1] != 3 {
		t.Fatalf("%v %v", cal, err)
	}
	_, err = MarketCalendar(&Series{Symbol: "M", File: "m.csv", Dates: []dates.Day{1}, Values: []float64{math.NaN()}})
	if err == nil || !strings.Contains(err.Error(), "m.csv: market series M has no valid value") {
		t.Errorf("err %v", err)
	}
}

func TestQuality(t *testing.T) {
	mk := func(p ...float64) (Aligned, *dates.Calendar) {
		days := make([]dates.Day, len(p))
		for i := range days {
			days[i] = dates.Day(18000 + i)
		}
		cal, _ := dates.NewCalendar(days)
		s := &Series{Symbol: "X", Dates: days, Values: append([]float64(nil), p...)}
		finishValues(s, 0)
		return s.Align(cal, Simple), cal
	}
	stale := func(n int) []float64 {
		p := []float64{9}
		for i := 0; i < n; i++ {
			p = append(p, 7)
		}
		return append(p, 8)
	}
	tests := []struct {
		name  string
		p     []float64
		codes []string
		pos   []int
	}{
		{"2-for-1 split", []float64{100, 101, 50.5, 51}, []string{"split_like_jump"}, []int{2}},
		{"1-for-10 reverse", []float64{1, 10.2}, []string{"split_like_jump"}, []int{1}},
		{"3-for-2 split", []float64{90, 60}, []string{"split_like_jump"}, []int{1}},
		{"ratio 0.49 within 3% of 1/2", []float64{100, 49}, []string{"split_like_jump"}, []int{1}},
		{"ratio 0.45 not near a factor", []float64{100, 45}, nil, nil},
		{"25% crash is not a split", []float64{100, 75}, nil, nil},
		{"stale 10", stale(10), []string{"stale_prices"}, []int{1}},
		{"9 equal is fine", stale(9), nil, nil},
		{"non-positive and invalid", []float64{1, 0, math.Inf(1), -2, 1}, []string{"non_positive_price", "non_positive_price", "invalid_price"}, []int{1, 3, 2}},
		{"a missing day is no flag", []float64{1, math.NaN(), 1}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, cal := mk(tc.p...)
			fl := a.Quality(cal)
			if len(fl) != len(tc.codes) {
				t.Fatalf("flags %+v, want %v", fl, tc.codes)
			}
			for i, f := range fl {
				if f.Code != tc.codes[i] || f.Pos != tc.pos[i] || f.Date != cal.Days[f.Pos] || f.Detail == "" {
					t.Errorf("flag %d = %+v, want %s at %d", i, f, tc.codes[i], tc.pos[i])
				}
			}
		})
	}
}
