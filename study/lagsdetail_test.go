package study

import (
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestLagsBeyondDataDetail: a market-dimson event excluded because its
// lags leave too few estimation days says so with the numbers and what
// to do (docs/errors.md), not by repeating the reason code.
func TestLagsBeyondDataDetail(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	s.Analysis.Model, s.Analysis.DimsonLags = analysis.ModelMarketDimson, 300
	out := runStudy(t, s)
	if e := eventOf(t, out, "tmus-confirm"); e.Reason != analysis.ReasonLagsBeyondData {
		t.Fatalf("reason %q, want %s", e.Reason, analysis.ReasonLagsBeyondData)
	}
	ex := out.Set.Manifest.Exclusions
	if len(ex) != 1 || !strings.Contains(ex[0].Detail, "0 estimation days of -260,-11 have the 300 lagged and 1 leading market returns") || !strings.Contains(ex[0].Detail, "--dimson-lags") {
		t.Errorf("exclusions %+v", ex)
	}
}
