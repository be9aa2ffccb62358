package main

import (
	"testing"

	"github.com/breachlab/eventstudy/study"
)

// TestMemoryLimit: the limit is 90% of the input, never below the floor,
// and always at least live/0.7, so the collector never runs without pause.
func TestMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name        string
		input, live int64
		want        int64
	}{
		{"small study: the floor", 5 * mib, 10 * mib, 128 * mib},
		{"research scale: 90% of a 273 MB panel", 273416234, 100 * mib, 246074610},
		{"live heap beyond the input's share", 273416234, 180 * mib, 269633829},
		{"nothing measured yet", 0, 0, 128 * mib},
	} {
		if got := memoryLimit(tc.input, tc.live); got != tc.want {
			t.Errorf("%s: memoryLimit(%d, %d) = %d, want %d", tc.name, tc.input, tc.live, got, tc.want)
		}
	}
}

// TestMemoryBudgetRespectsGOMEMLIMIT: a user's GOMEMLIMIT stands.
func TestMemoryBudgetRespectsGOMEMLIMIT(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	if b := newMemoryBudget(study.Default()); b != nil {
		t.Errorf("budget %+v with GOMEMLIMIT set", b)
	}
	var nilBudget *memoryBudget
	nilBudget.check() // must not panic
}
