//go:build !unix

package main

import "runtime/metrics"

// busyCPU is the runtime's estimate of the CPU seconds spent so far on Go
// code, the collector and the scavenger (no getrusage here).
func busyCPU() float64 {
	sample := []metrics.Sample{{Name: "/cpu/classes/user:cpu-seconds"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/cpu/classes/scavenge/total:cpu-seconds"}}
	metrics.Read(sample)
	var t float64
	for _, s := range sample {
		if s.Value.Kind() == metrics.KindFloat64 {
			t += s.Value.Float64()
		}
	}
	return t
}
