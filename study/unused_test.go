package study

import (
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestUnusedSettingsNote: a model setting changed from its default under
// a model that does not read it gives a settings_note warning naming both;
// under the model that reads it, or at its default, no note.
func TestUnusedSettingsNote(t *testing.T) {
	cases := []struct {
		name  string
		set   func(s *Study)
		model analysis.Model
		want  string // "" for no note
	}{
		{"dimson lags under market", func(s *Study) { s.Analysis.DimsonLags = 3 }, analysis.ModelMarket,
			"--dimson-lags 3 --dimson-leads 1 are settings of --model market-dimson; --model market does not use them"},
		{"dimson leads under mean", func(s *Study) { s.Analysis.DimsonLeads = 0 }, analysis.ModelMean,
			"--model mean does not use them"},
		{"dimson under market-dimson", func(s *Study) { s.Analysis.DimsonLags = 3 }, analysis.ModelMarketDimson, ""},
		{"garch dist under market", func(s *Study) { s.Analysis.GarchDist = analysis.GarchT }, analysis.ModelMarket,
			"--garch-dist t is a setting of --model garch and egarch; --model market does not use it"},
		{"garch dist under egarch", func(s *Study) { s.Analysis.GarchDist = analysis.GarchT }, analysis.ModelEGARCH, ""},
		{"defaults", func(*Study) {}, analysis.ModelMarket, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Default()
			s.Analysis.Model = c.model
			c.set(&s)
			notes := s.unusedSettings()
			if c.want == "" {
				if len(notes) != 0 {
					t.Errorf("notes %q, want none", notes)
				}
				return
			}
			if len(notes) != 1 || !strings.Contains(notes[0], c.want) {
				t.Errorf("notes %q, want one containing %q", notes, c.want)
			}
		})
	}
}

// TestUnusedSettingsInManifest: the note reaches the manifest's warnings
// as settings_note, and the study still runs with the market model.
func TestUnusedSettingsInManifest(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	s.Analysis.DimsonLags = 2
	out := runStudy(t, s)
	if !hasFactorWarning(out, "settings_note", "--dimson-lags 2 --dimson-leads 1 are settings of --model market-dimson") {
		t.Errorf("no settings_note; warnings %+v", out.Set.Manifest.Warnings)
	}
	if e := eventOf(t, out, "tmus-confirm"); e.Reason != "" {
		t.Errorf("event excluded: %s", e.Reason)
	}
}
