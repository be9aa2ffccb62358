package simulate

import (
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestResamplingSizePower: on the bundled real returns, 300 samples of 50
// events with B = 199, the resampling tests reject a true null within the
// 99.9 % binomial interval around 5 % and, with 1 % on day 0, have the
// power of a mean test on (0,0) (docs/validation.md reports 1,000 samples
// with B = 499: 87.8–94.1 %).
func TestResamplingSizePower(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Samples, cfg.Events = 300, 50
	cfg.Abnormal = []float64{0, 0.01}
	cfg.Single = false
	cfg.Tests = analysis.ResamplingTests
	cfg.Analysis.Bootstrap = 199
	tb, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range cfg.Tests {
		for _, w := range cfg.Windows {
			null, _ := tb.Cell(id, w, 0)
			lo, hi := binomialInterval(null.Trials, 0.05, 0.001)
			t.Logf("%s %s: null %.1f %%", id, w, 100*null.Rate())
			if null.Trials != cfg.Samples || null.Rejections < lo || null.Rejections > hi {
				t.Errorf("%s %s: %d of %d rejections under the null, want %d..%d", id, w, null.Rejections, null.Trials, lo, hi)
			}
		}
		power, _ := tb.Cell(id, analysis.Window{}, 0.01)
		t.Logf("%s (0,0): power %.1f %%", id, 100*power.Rate())
		if power.Rate() < 0.8 {
			t.Errorf("%s (0,0): power %.3f with 1 %% on day 0, want >= 0.8", id, power.Rate())
		}
	}
}
