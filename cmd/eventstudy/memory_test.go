package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/study"
)

// TestMemoryLimit: the limit is 0.45 of the input, never below the floor,
// and at least live/0.7, so the collector never runs without pause, but
// not above 0.47 of the input while live is at most 0.8 of that.
func TestMemoryLimit(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct {
		name        string
		input, live int64
		want        int64
	}{
		{"small study: the floor", 5 * mib, 10 * mib, 128 * mib},
		{"research scale: the live heap sets it", 273416234, 100 * mib, 149796572},
		{"CRSP scale: 0.45 of a 2.85 GB panel", 2847047195, 600 * mib, 1281171237},
		{"live heap near the budget: the ceiling", 2847047195, 921 * mib, 1338112181},
		{"live heap at liveMax of the ceiling", 2847047195, 1070489744, 1338112181},
		{"live heap above liveMax of the ceiling", 2847047195, 1070489745, 1529271065},
		{"ceiling below the floor: none", 280000000, 100 * mib, 149796572},
		{"live heap beyond the input's share", 2847047195, 1500 * mib, 2246948572},
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

// TestMemoryBudgetFollowsLiveHeap: a live heap that grows past liveShare
// of the limit within a phase (no phase boundary, hence no check from the
// run) raises the limit after the next collection.
func TestMemoryBudgetFollowsLiveHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	b := newMemoryBudget(study.Study{}) // no inputs: the floor, 128 MiB
	if got := debug.SetMemoryLimit(-1); got != budgetFloor {
		t.Fatalf("limit %d at the start, want the floor %d", got, budgetFloor)
	}
	live := make([][]byte, 0, 120)
	for range 120 { // 120 MiB live: more than 0.7 of the floor
		live = append(live, make([]byte, 1<<20))
	}
	want := int64(math.Ceil(float64(120<<20) / liveShare))
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		if debug.SetMemoryLimit(-1) >= want || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(live)
	b.mu.Lock()
	defer b.mu.Unlock()
	if got := debug.SetMemoryLimit(-1); got < want || got != b.limit {
		t.Errorf("limit %d (budget's %d) with 120 MiB live, want at least %d and the budget's", got, b.limit, want)
	}
}

// TestPathBytesWeighsCompressedFiles: a Parquet or gzip file counts
// compressedWeight times its size, in a directory too; other files their
// size.
func TestPathBytesWeighsCompressedFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n int) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csv := write("prices.csv", 1000)
	pq := write("panel/year=2021/part-0.parquet", 300)
	gz := write("panel/extra.csv.GZ", 100)
	for _, tc := range []struct {
		name string
		path string
		want int64
	}{
		{"csv", csv, 1000},
		{"parquet", pq, 900},
		{"gzip, any case", gz, 300},
		{"directory", filepath.Join(dir, "panel"), 1200},
		{"missing", filepath.Join(dir, "nope"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := pathBytes(tc.path); got != tc.want {
				t.Errorf("pathBytes(%s) = %d, want %d", tc.path, got, tc.want)
			}
		})
	}
}
