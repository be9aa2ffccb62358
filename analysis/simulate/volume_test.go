package simulate

import (
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestVolumeSizePower is a small run of `eventstudy simulate -volume 1,3`
// (docs/validation.md has the 1,000-sample figures): 200 samples of 50
// real-volume pseudo-events. Under the null each test's rejections must
// lie in the 99.9 % binomial interval of a 5 % test (a test that ignored
// the autocorrelation of volume, like Cowan's aggregation over (-1,1),
// rejects about 16 % and fails); with volume x3 on day 0 at least 90 %
// over the windows of up to three days (a one-day effect is diluted over
// (0,5): about 74 %, docs/validation.md).
func TestVolumeSizePower(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Samples, cfg.Events = 200, 50
	cfg.Windows = []analysis.Window{{T1: 0, T2: 0}, {T1: -1, T2: 1}, {T1: 0, T2: 5}}
	cfg.VolumeLevels = []float64{1, 3}
	tb, err := RunVolume(cfg)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := binomialInterval(cfg.Samples, 0.05, 0.001)
	for _, id := range []string{"av_cs_t", "av_rank"} {
		for _, w := range cfg.Windows {
			null, _ := tb.Cell(id, w, 1)
			if null.Trials != cfg.Samples || null.Rejections < lo || null.Rejections > hi {
				t.Errorf("%s %s: %d of %d rejections under the null, want %d..%d", id, w, null.Rejections, null.Trials, lo, hi)
			}
			power, _ := tb.Cell(id, w, 3)
			if w.Len() <= 3 && power.Rate() < 0.9 {
				t.Errorf("%s %s: power %.3f with volume x3 on day 0, want >= 0.9", id, w, power.Rate())
			}
		}
	}
}
