package analysis

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkEstimate fits the default market model (estimation window
// -260,-11, event window -10,10) for one event on synthetic returns; the
// study runs it once per event on every core.
func BenchmarkEstimate(b *testing.B) {
	cfg := DefaultConfig()
	in := benchInput(cfg)
	b.ReportAllocs()
	for b.Loop() {
		if _, reason := Estimate(in, cfg); reason != "" {
			b.Fatal(reason)
		}
	}
}

// BenchmarkSingleEvent makes one event's single-event tests for the eight
// default windows (t test, BHAR, SQ test), as the study does per event.
func BenchmarkSingleEvent(b *testing.B) {
	cfg := DefaultConfig()
	e, reason := Estimate(benchInput(cfg), cfg)
	if reason != "" {
		b.Fatal(reason)
	}
	b.ReportAllocs()
	tests := make([]CARTest, len(cfg.CARWindows))
	for b.Loop() {
		SingleEventTests(tests, e, cfg.CARWindows, cfg)
	}
}

// benchInput is one event on 400 days of synthetic market-model returns
// (β 1.1, σ 1.5 %), day 0 at position 300.
func benchInput(cfg Config) *EventInput {
	n := 400
	rng := rand.New(rand.NewPCG(1, 2))
	rm, r := make([]float64, n), make([]float64, n)
	for i := range rm {
		rm[i] = 0.01 * rng.NormFloat64()
		r[i] = 0.0002 + 1.1*rm[i] + 0.015*rng.NormFloat64()
	}
	return inputAt("E", "F", "", 0, 300, cfg, rm, r)
}
