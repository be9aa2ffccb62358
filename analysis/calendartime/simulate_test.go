package calendartime

import (
	"testing"
	"time"
)

// TestSimulatedSizeAndPower is the simulation of docs/validation.md: the
// alpha test's size with no effect must lie in [3.5 %, 6.5 %], and −1 % a
// month must be found more often than by chance.
func TestSimulatedSizeAndPower(t *testing.T) {
	if testing.Short() {
		t.Log("-short: 200 samples instead of 2000")
	}
	reps := 2000
	if testing.Short() {
		reps = 200
	}
	for _, tc := range []struct {
		freq    string
		monthly bool
		w       string
	}{{"daily", false, EW}, {"monthly", true, EW}, {"monthly", true, VW}} {
		t.Run(tc.freq+"-"+tc.w, func(t *testing.T) {
			c := SimConfig{Reps: reps, Firms: 50, Days: 1260, MonthLen: 21, Horizon: Horizon{1, 250},
				Monthly: tc.monthly, Weighting: tc.w, Seed: 2026}
			start := time.Now()
			size, a0 := Simulate(c)
			c.Effect = -0.01
			power, a1 := Simulate(c)
			t.Logf("%s %s: %d samples of 50 firms, 1260 days, horizon 1..250: size %.2f %% (mean alpha %.2e), power at -1 %%/month %.2f %% (mean alpha %.2e); %v",
				tc.freq, tc.w, reps, 100*size, a0, 100*power, a1, time.Since(start).Round(time.Millisecond))
			if !testing.Short() && (size < 0.035 || size > 0.065) {
				t.Errorf("size %.4f outside [0.035, 0.065]", size)
			}
			if power <= 2*size {
				t.Errorf("power %.4f not above twice the size %.4f", power, size)
			}
		})
	}
}
