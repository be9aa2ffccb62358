package study

import (
	"fmt"

	"github.com/breachlab/eventstudy/analysis"
)

// unusedSettings names the model settings that differ from their defaults
// but that the study's model does not read: a researcher who sets
// --dimson-lags 3 and forgets --model market-dimson should not take the
// market model's numbers for Dimson's. They are notes, not errors, because
// a grid (cmd grid) runs the same settings under several models.
func (s *Study) unusedSettings() []string {
	def, cfg := analysis.DefaultConfig(), s.Analysis
	var notes []string
	if cfg.Model != analysis.ModelMarketDimson && (cfg.DimsonLags != def.DimsonLags || cfg.DimsonLeads != def.DimsonLeads) {
		notes = append(notes, fmt.Sprintf("--dimson-lags %d --dimson-leads %d are settings of --model %s; --model %s does not use them",
			cfg.DimsonLags, cfg.DimsonLeads, analysis.ModelMarketDimson, cfg.Model))
	}
	if cfg.Model != analysis.ModelGARCH && cfg.Model != analysis.ModelEGARCH && cfg.GarchDist != def.GarchDist {
		notes = append(notes, fmt.Sprintf("--garch-dist %s is a setting of --model %s and %s; --model %s does not use it",
			cfg.GarchDist, analysis.ModelGARCH, analysis.ModelEGARCH, cfg.Model))
	}
	return notes
}
