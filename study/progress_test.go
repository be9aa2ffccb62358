package study

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestProgressSteps: a study with a progress callback reports reading the
// prices (in MB, from readingProgressMin on; here lowered to 0 so the
// directory of real price files counts), estimating and testing, each step
// ending at its total, in that order; below readingProgressMin reading is
// not shown. (The files here are under 1 MB, so reading ends at 0/0 MB;
// prices.TestLoadProgress checks the byte counts.)
func TestProgressSteps(t *testing.T) {
	dir := "testdata/peers"
	var total int64
	ents, err := os.ReadDir(filepath.Join(dir, "prices"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if fi, err := e.Info(); err == nil && filepath.Ext(e.Name()) == ".csv" {
			total += fi.Size()
		}
	}
	for _, c := range []struct {
		min     int64
		reading bool
	}{{0, true}, {1 << 40, false}} {
		saved := readingProgressMin
		readingProgressMin = c.min
		type report struct {
			step        string
			done, total int
		}
		var got []report
		s := peerStudy(dir)
		s.Progress = func(step string, done, total int) { got = append(got, report{step, done, total}) }
		_, err := Run(s)
		readingProgressMin = saved
		if err != nil {
			t.Fatal(err)
		}
		var steps []string
		last := map[string]report{}
		for _, r := range got {
			if len(steps) == 0 || steps[len(steps)-1] != r.step {
				steps = append(steps, r.step)
			}
			last[r.step] = r
		}
		want := []string{"estimating", "testing"}
		if c.reading {
			want = append([]string{"reading MB"}, want...)
			if r := last["reading MB"]; r.done != r.total || r.total != int(total>>20) {
				t.Errorf("reading ends at %d/%d, want %d MB", r.done, r.total, total>>20)
			}
		}
		if !slices.Equal(steps, want) {
			t.Fatalf("min %d: steps %q, want %q", c.min, steps, want)
		}
		for _, st := range want[len(want)-2:] {
			if r := last[st]; r.done != r.total || r.total == 0 {
				t.Errorf("%s ends at %d/%d", st, r.done, r.total)
			}
		}
	}
}
