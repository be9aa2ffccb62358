package analysis

import (
	"fmt"
	"math"
	"testing"
)

// TestSingleEventTestsShareSums: the tests of all windows made with one set of
// running sums equal each window's test made alone, on an event with a gap
// in its estimation window and one in its event window (an incomplete
// window keeps its NaNs), and on a nil estimate (all NA).
func TestSingleEventTestsShareSums(t *testing.T) {
	cfg := DefaultConfig()
	in := benchInput(cfg)
	in.R[40] = math.NaN()  // estimation window
	in.R[255] = math.NaN() // relative day 5
	e, reason := Estimate(in, cfg)
	if reason != "" {
		t.Fatal(reason)
	}
	windows := append(append([]Window(nil), cfg.CARWindows...), Window{-20, 20}, Window{3, 3})
	for _, est := range []*EventEstimate{e, nil} {
		rows := make([]CARTest, len(windows))
		SingleEventTests(rows, est, windows, cfg)
		incomplete := 0
		for j, w := range windows {
			// %v: NA is a NaN, and the shortest form names each float exactly
			if want := SingleEvent(est, w, cfg); fmt.Sprintf("%v", rows[j]) != fmt.Sprintf("%v", want) {
				t.Fatalf("window %s: shared %+v, alone %+v", w, rows[j], want)
			}
			if rows[j].Window != w {
				t.Fatalf("window %s in the test of %s", rows[j].Window, w)
			}
			if math.IsNaN(rows[j].SQP) {
				incomplete++
			}
		}
		if est != nil && (incomplete == 0 || incomplete == len(windows)) {
			t.Fatalf("%d of %d windows without an SQ p: the gap should blank some, not all", incomplete, len(windows))
		}
	}
}
