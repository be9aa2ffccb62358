package charts

import (
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

func TestLongHorizonSection(t *testing.T) {
	t.Run("absent", func(t *testing.T) {
		s, err := (&builder{set: &results.Set{}}).longHorizonSection()
		if err != nil || len(s.Tables)+len(s.Notes)+len(s.Charts) != 0 {
			t.Fatalf("a study without --calendar-time got %+v, %v", s, err)
		}
	})
	t.Run("few firms", func(t *testing.T) {
		set := &results.Set{
			Calendar: []results.CalendarRow{{Group: "breach", Horizon: "1,250", Weighting: "ew", Model: "market",
				Alpha: -0.00028, T: -0.6, P: 0.55, NPeriods: 2052, MeanNFirms: 1.41, R2: 0.31}},
			BHARGroup: []results.BHARGroupRow{{Group: "breach", Horizon: "1,250", Benchmark: "market", N: 12,
				Mean: -0.048, Median: 0.037, T: -0.66, P: 0.52, TSA: -0.72, PSA: 0.48, PBoot: 0.39}},
			Manifest: results.Manifest{Config: map[string]any{"calendar_freq": "monthly"}},
		}
		s, err := (&builder{set: set}).longHorizonSection()
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Tables) != 2 || len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "1.41 firms per period") {
			t.Fatalf("tables %d, notes %q", len(s.Tables), s.Notes)
		}
		if c := s.Tables[0].Rows[0].Cells[4].Text; c != "-0.028%" || !strings.Contains(s.Tables[0].Caption, "per month") {
			t.Errorf("alpha cell %q, caption %q", c, s.Tables[0].Caption)
		}
	})
}
