package study

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// TestARRows: ar.csv rows of an event whose day 1 has no AR (the running
// car stops there), whose last day lies past the calendar (empty date),
// and whose ret is ±Inf on day 2 (an empty cell).
func TestARRows(t *testing.T) {
	nan := math.NaN()
	e := &analysis.EventEstimate{ID: "E4", EvtWindow: analysis.Window{T1: -1, T2: 2},
		EvtCal:    []int{1, 2, 3, 4},
		Ret:       []float64{0.01, 0.006, nan, math.Inf(1)},
		NormalRet: []float64{0.004, 0.003, 0.002, 0.001},
		AR:        []float64{0.006, 0.003, nan, 0.004},
		SAR:       []float64{0.6, 0.3, nan, 0.4},
	}
	cal := []dates.Day{dates.DayOf(2021, 8, 13), dates.DayOf(2021, 8, 16), dates.DayOf(2021, 8, 17), dates.DayOf(2021, 8, 18)}
	rows := make([]results.ARRow, len(e.AR))
	arRows(rows, e, dayNames(cal), true)
	for _, c := range []struct {
		name                         string
		row                          results.ARRow
		rel                          int
		date                         string
		ret, normal, ar, sar, runCAR float64
	}{
		{"day -1", rows[0], -1, "2021-08-16", 0.01, 0.004, 0.006, 0.6, 0.006},
		{"day 0", rows[1], 0, "2021-08-17", 0.006, 0.003, 0.003, 0.3, 0.009},
		{"day 1 missing", rows[2], 1, "2021-08-18", nan, 0.002, nan, nan, nan},
		{"day 2 off the calendar", rows[3], 2, "", nan, 0.001, 0.004, 0.4, nan},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.row
			if r.EventID != "E4" || r.RelDay != c.rel || r.Date != c.date {
				t.Errorf("id %q rel %d date %q, want E4 %d %q", r.EventID, r.RelDay, r.Date, c.rel, c.date)
			}
			for _, v := range []struct {
				name      string
				got, want results.Num
			}{{"ret", r.Ret, results.Num(c.ret)}, {"normal_ret", r.NormalRet, results.Num(c.normal)},
				{"ar", r.AR, results.Num(c.ar)}, {"sar", r.SAR, results.Num(c.sar)}, {"car", r.CAR, results.Num(c.runCAR)}} {
				if v.got.IsNA() != v.want.IsNA() || (!v.want.IsNA() && math.Abs(float64(v.got-v.want)) > 1e-15) {
					t.Errorf("%s = %v, want %v", v.name, v.got, v.want)
				}
			}
		})
	}
}

// TestCARRow: a car.csv row carries the test's values, the event's id
// when it has a fit, and df only for a complete window.
func TestCARRow(t *testing.T) {
	nan := math.NaN()
	w := analysis.Window{T1: 0, T2: 2}
	fitted := &analysis.EventEstimate{ID: "E1", Fit: &analysis.Fit{}}
	complete := analysis.CARTest{Window: w, NDays: 3, Valid: true, CAR: 0.05, SE: 0.02, T: 2.5, DF: 10,
		P: 0.03, PLower: 0.985, PUpper: 0.015, BHAR: 0.04, SQP: 0.1, SQPLower: 0.95, SQPUpper: 0.05}
	incomplete := analysis.CARTest{Window: w, NDays: 2, CAR: nan, SE: nan, T: nan, P: nan, PLower: nan, PUpper: nan,
		BHAR: nan, SQP: nan, SQPLower: nan, SQPUpper: nan}
	for _, c := range []struct {
		name string
		e    *analysis.EventEstimate
		test analysis.CARTest
		id   string
		df   results.Int
	}{
		{"complete", fitted, complete, "E1", results.SomeInt(10)},
		{"incomplete window", fitted, incomplete, "E1", results.Int{}},
		{"no fit", &analysis.EventEstimate{ID: "E2"}, incomplete, "", results.Int{}},
		{"no estimate", nil, incomplete, "", results.Int{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := carRow(c.e, c.test, w.String())
			if r.EventID != c.id || r.DF != c.df || r.Window != "0,2" || r.T1 != 0 || r.T2 != 2 || r.NDays != c.test.NDays {
				t.Errorf("row %+v", r)
			}
			for _, v := range []struct {
				name string
				got  results.Num
				want float64
			}{{"car", r.CAR, c.test.CAR}, {"se", r.SE, c.test.SE}, {"t", r.T, c.test.T}, {"p", r.P, c.test.P},
				{"p_lower", r.PLower, c.test.PLower}, {"p_upper", r.PUpper, c.test.PUpper}, {"bhar", r.BHAR, c.test.BHAR},
				{"sq_p", r.SQP, c.test.SQP}, {"sq_p_lower", r.SQPLower, c.test.SQPLower}, {"sq_p_upper", r.SQPUpper, c.test.SQPUpper}} {
				if float64(v.got) != v.want && !(v.got.IsNA() && math.IsNaN(v.want)) {
					t.Errorf("%s = %v, want %v", v.name, v.got, v.want)
				}
			}
		})
	}
}

// TestAARRows: each day keeps its values under the group's name, and its
// daily tests' statistic and p in DailyTests order; a day no event covers
// has empty aar and caar, and a test without a statistic empty cells.
func TestAARRows(t *testing.T) {
	nan := math.NaN()
	test := func(stat, p results.Num) results.TestRow { return results.TestRow{Statistic: stat, P: p} }
	na := test(results.NA, results.NA)
	daily := [][]results.TestRow{
		{test(2.5, 0.04), test(1.9, 0.06), test(2.1, 0.05), test(-0.5, 0.6)},
		{na, na, na, na},
	}
	rows := aarRows("breach", []analysis.AAR{{RelDay: -1, N: 2, AAR: 0.01, CAAR: 0.01}, {RelDay: 0, N: 0, AAR: nan, CAAR: nan}}, daily)
	for i, c := range []struct {
		name string
		want results.AARRow
	}{
		{"covered day", results.AARRow{Group: "breach", RelDay: -1, N: 2, AAR: 0.01, CAAR: 0.01,
			TCS: 2.5, PCS: 0.04, ZPatell: 1.9, PPatell: 0.06, TBMP: 2.1, PBMP: 0.05, ZRank: -0.5, PRank: 0.6}},
		{"uncovered day", results.AARRow{Group: "breach", RelDay: 0, N: 0, AAR: results.NA, CAAR: results.NA,
			TCS: results.NA, PCS: results.NA, ZPatell: results.NA, PPatell: results.NA,
			TBMP: results.NA, PBMP: results.NA, ZRank: results.NA, PRank: results.NA}},
	} {
		t.Run(c.name, func(t *testing.T) {
			// String: NaN (an empty cell) equals NaN.
			if got, want := fmt.Sprintf("%v", rows[i]), fmt.Sprintf("%v", c.want); got != want {
				t.Errorf("row %s, want %s", got, want)
			}
		})
	}
	if len(rows) != 2 {
		t.Errorf("%d rows, want 2", len(rows))
	}
}

// TestWindowDaysIsCARRowNDays: windowDays, which the incomplete_window
// warnings use before car.csv's rows exist, is the n_days of the rows
// carRows makes, for complete, short, out-of-window and unfitted events.
func TestWindowDaysIsCARRowNDays(t *testing.T) {
	nan := math.NaN()
	fit := &analysis.Fit{Theta: []float64{0, 1}, Sigma2: 1e-4, M: 100, DF: 98}
	evt := analysis.Window{T1: -2, T2: 3}
	ar := []float64{0.01, nan, 0.02, -0.01, nan, 0.005}
	events := []*analysis.EventEstimate{
		{ID: "complete", Fit: fit, EvtWindow: evt, AR: []float64{0.01, 0.02, 0.03, -0.01, 0.0, 0.005}},
		{ID: "gaps", Fit: fit, EvtWindow: evt, AR: ar},
		{ID: "short", Fit: fit, EvtWindow: evt, AR: ar[:3]},
		{ID: "no fit", EvtWindow: evt, AR: ar},
		nil,
	}
	for _, e := range events {
		if e != nil {
			e.Ret, e.NormalRet, e.SAR, e.Residual = e.AR, e.AR, e.AR, []float64{0.01, -0.01, 0.02, 0.0}
		}
	}
	windows := []analysis.Window{{T1: 0, T2: 0}, {T1: -1, T2: 1}, {T1: -2, T2: 3}, {T1: 1, T2: 3}, {T1: -5, T2: 5}, {T1: 2, T2: 1}}
	cfg := analysis.Config{Model: analysis.ModelMarket}
	checked := 0
	for _, e := range events {
		rows := make([]results.CARRow, len(windows))
		carRows(rows, e, windows, cfg)
		for j, w := range windows {
			id := "nil"
			if e != nil {
				id = e.ID
			}
			if got, want := windowDays(e, w), rows[j].NDays; got != want {
				t.Errorf("%s window %s: windowDays %d, car.csv n_days %d", id, w, got, want)
			}
			if rows[j].NDays > 0 {
				checked++
			}
		}
	}
	if checked < 8 {
		t.Errorf("only %d rows with days: the cases do not exercise windowDays", checked)
	}
}

// TestCARRowsManyWindows: with more windows than carRowsNamed's stack
// buffer holds, each row is still the window's own single-event test
// (carRow of analysis.SingleEventTests on that window alone).
func TestCARRowsManyWindows(t *testing.T) {
	fit := &analysis.Fit{Theta: []float64{0, 1}, Sigma2: 1e-4, M: 100, DF: 98}
	e := &analysis.EventEstimate{ID: "E", Fit: fit, EvtWindow: analysis.Window{T1: -10, T2: 10}}
	for j := range 21 {
		e.AR = append(e.AR, 0.001*float64(j%7-3))
	}
	e.Ret, e.NormalRet, e.SAR, e.Residual = e.AR, e.AR, e.AR, []float64{0.01, -0.01, 0.02, 0.0, 0.005}
	var windows []analysis.Window
	for k := range 20 {
		windows = append(windows, analysis.Window{T1: -k / 2, T2: k})
	}
	cfg := analysis.Config{Model: analysis.ModelMarket}
	for _, n := range []int{1, 16, 17, 20} {
		rows := make([]results.CARRow, n)
		carRows(rows, e, windows[:n], cfg)
		for j, w := range windows[:n] {
			one := make([]analysis.CARTest, 1)
			analysis.SingleEventTests(one, e, []analysis.Window{w}, cfg)
			// %+v, not DeepEqual: the rows' missing numbers are NaN.
			if want := carRow(e, one[0], w.String()); fmt.Sprintf("%+v", rows[j]) != fmt.Sprintf("%+v", want) {
				t.Errorf("%d windows, row %d: %+v, want %+v", n, j, rows[j], want)
			}
		}
	}
}

// TestGarchValues: empty cells without a fit or with a fallback (the
// shared slice, which an append must not write into), the fit's values
// otherwise.
func TestGarchValues(t *testing.T) {
	fit := &analysis.GarchFit{Kind: "garch", Omega: 1e-6, A: 0.1, B: 0.8, Gamma: math.NaN(), Nu: math.NaN(), LogLik: 812.5}
	fallback := &analysis.GarchFit{Kind: "garch", Omega: 1e-6, A: 0.1, B: 0.8, LogLik: 812.5, Fallback: "no convergence"}
	for _, g := range []*analysis.GarchFit{nil, fallback} {
		v := garchValues(g)
		if len(v) != len(results.GarchColumns) {
			t.Fatalf("%d cells for %d columns", len(v), len(results.GarchColumns))
		}
		for k, x := range v {
			if !x.IsNA() {
				t.Errorf("fit %+v: cell %d = %v, want empty", g, k, x)
			}
		}
		if w := append(v, 1); &w[0] == &v[0] {
			t.Error("an append writes into the shared empty cells")
		}
	}
	v := garchValues(fit)
	want := []float64{1e-6, 0.1, 0.8, math.NaN(), math.NaN(), 812.5}
	for k, x := range want {
		if got := float64(v[k]); got != x && !(math.IsNaN(got) && math.IsNaN(x)) {
			t.Errorf("cell %d = %v, want %v", k, got, x)
		}
	}
	if len(v) != len(results.GarchColumns) {
		t.Errorf("%d cells for %d columns", len(v), len(results.GarchColumns))
	}
}
