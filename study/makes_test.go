package study

import (
	"fmt"
	"testing"
)

// TestRowsNothingReads: with --report=false, the rows of ar.csv,
// volatility.csv and stages.csv are made only when --outputs names the
// table, the figures read it (ar) or comparison.md gathers it (stages);
// when made, they equal the full run's, and the tables that are made
// and the warnings never depend on it.
func TestRowsNothingReads(t *testing.T) {
	full := runStudy(t, demoStudy())
	if len(full.Set.AR) == 0 || len(full.Set.Volatility) == 0 || len(full.Compare.Stages) == 0 {
		t.Fatalf("the demo has %d ar, %d volatility and %d stage rows; want some of each", len(full.Set.AR), len(full.Set.Volatility), len(full.Compare.Stages))
	}
	for _, tc := range []struct {
		name                string
		outputs, figures    []string
		noReport            bool
		ar, volatility, stg bool // made
	}{
		{name: "report on, car only", outputs: []string{"car"}, ar: true, volatility: true, stg: true},
		{name: "no report, all tables", noReport: true, ar: true, volatility: true, stg: true},
		{name: "no report, events car tests", outputs: []string{"car", "events", "tests"}, noReport: true},
		{name: "no report, ar", outputs: []string{"ar"}, noReport: true, ar: true},
		{name: "no report, figures", outputs: []string{"tests"}, figures: []string{"svg"}, noReport: true, ar: true},
		{name: "no report, volatility", outputs: []string{"volatility"}, noReport: true, volatility: true},
		{name: "no report, peers", outputs: []string{"peers"}, noReport: true, stg: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := demoStudy()
			s.Outputs, s.Figures, s.NoReport = tc.outputs, tc.figures, tc.noReport
			out := runStudy(t, s)
			check := func(name string, made bool, got, want any, n int) {
				t.Helper()
				switch {
				case made && !same(got, want):
					t.Errorf("%s rows differ from the full run's", name)
				case !made && n != 0:
					t.Errorf("%d %s rows made that nothing reads", n, name)
				}
			}
			check("ar", tc.ar, out.Set.AR, full.Set.AR, len(out.Set.AR))
			check("volatility", tc.volatility, out.Set.Volatility, full.Set.Volatility, len(out.Set.Volatility))
			check("stages", tc.stg, out.Compare.Stages, full.Compare.Stages, len(out.Compare.Stages))
			for name, pair := range map[string][2]any{
				"events":   {out.Set.Events, full.Set.Events},
				"car":      {out.Set.CAR, full.Set.CAR},
				"tests":    {out.Set.Tests, full.Set.Tests},
				"aar":      {out.Set.AAR, full.Set.AAR},
				"prices":   {out.Set.Prices, full.Set.Prices},
				"peers":    {out.Compare.Peers, full.Compare.Peers},
				"warnings": {out.Set.Manifest.Warnings, full.Set.Manifest.Warnings},
			} {
				if !same(pair[0], pair[1]) {
					t.Errorf("%s differ from the full run's", name)
				}
			}
		})
	}
}

// TestMakes pins Study.makes to --outputs, --report and --figures.
func TestMakes(t *testing.T) {
	for _, tc := range []struct {
		outputs, figures []string
		noReport         bool
		table            string
		want             bool
	}{
		{table: "ar", want: true},
		{noReport: true, table: "ar", want: true}, // nil outputs: all
		{outputs: []string{"car"}, table: "ar", want: true},
		{outputs: []string{"car"}, noReport: true, table: "ar", want: false},
		{outputs: []string{"car"}, noReport: true, figures: []string{"png"}, table: "ar", want: true},
		{outputs: []string{"car"}, noReport: true, figures: []string{"png"}, table: "volatility", want: false},
		{outputs: []string{"clustering"}, noReport: true, table: "stages", want: true},
		{outputs: []string{"car", "ar"}, noReport: true, table: "stages", want: false},
	} {
		s := Study{Outputs: tc.outputs, Figures: tc.figures, NoReport: tc.noReport}
		if got := s.makes(tc.table); got != tc.want {
			t.Errorf("outputs %v figures %v report=%v: makes(%s) = %v, want %v", tc.outputs, tc.figures, !tc.noReport, tc.table, got, tc.want)
		}
	}
}

// same compares rows by their %+v text: every float in shortest
// round-trip form, and NaN (an empty cell) equal to NaN, which
// reflect.DeepEqual is not.
func same(a, b any) bool { return fmt.Sprintf("%+v", a) == fmt.Sprintf("%+v", b) }
