package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGrid runs 2 models × 2 anchoring rules on the demo data and checks
// that every grid.csv cell equals the car.csv / tests.csv of a separate
// run with that specification, and that grid.md prints them.
func TestGrid(t *testing.T) {
	dir := t.TempDir()
	base := []string{"--events", "../../testdata/demo/events.csv", "--prices", "../../testdata/demo/prices", "--market", "GSPC",
		"--car", "0,1", "--car", "-1,1", "--tests", "cs_t,bmp", "--quiet"}
	gridOut := filepath.Join(dir, "grid")
	code, _, stderr := runCLI(t, append([]string{"grid", "-o", gridOut, "--models", "market,mean", "--anchors=next,previous", "--format", "csv,md,tex"}, base...)...)
	if code != exitOK {
		t.Fatalf("grid exit %d: %s", code, stderr)
	}
	grid := readTable(t, filepath.Join(gridOut, "grid.csv"))
	for _, spec := range []struct{ model, anchor string }{{"mean", "previous"}, {"market", "next"}} {
		runOut := filepath.Join(dir, spec.model+spec.anchor)
		if code, _, stderr := runCLI(t, append([]string{"run", "-o", runOut, "--model", spec.model, "--anchor", spec.anchor}, base...)...); code != exitOK {
			t.Fatalf("run exit %d: %s", code, stderr)
		}
		cell := map[string]map[string]string{}
		for _, r := range grid {
			if r["model"] == spec.model && r["anchor"] == spec.anchor {
				cell[r["level"]+"/"+r["id"]+"/"+r["window"]+"/"+r["test"]] = r
			}
		}
		car := readTable(t, filepath.Join(runOut, "car.csv"))
		for _, c := range car {
			g := cell["event/"+c["event_id"]+"/"+c["window"]+"/car_t"]
			if g == nil || g["estimate"] != c["car"] || g["statistic"] != c["t"] || g["p"] != c["p"] || g["df"] != c["df"] {
				t.Errorf("%s/%s %s %s: grid %v, car.csv %v", spec.model, spec.anchor, c["event_id"], c["window"], g, c)
			}
		}
		tests := readTable(t, filepath.Join(runOut, "tests.csv"))
		for _, r := range tests {
			g := cell["group/"+r["group"]+"/"+r["window"]+"/"+r["test"]]
			if g == nil || g["estimate"] != r["estimate"] || g["statistic"] != r["statistic"] || g["p"] != r["p"] || g["n"] != r["n"] {
				t.Errorf("%s/%s group %s %s %s: grid %v, tests.csv %v", spec.model, spec.anchor, r["group"], r["window"], r["test"], g, r)
			}
		}
		if len(cell) != len(car)+len(tests) {
			t.Errorf("%s/%s: %d grid rows, want %d", spec.model, spec.anchor, len(cell), len(car)+len(tests))
		}
	}
	md, err := os.ReadFile(filepath.Join(gridOut, "grid.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "| Event / group | Test | Window | market/next | market/previous | mean/next | mean/previous |") {
		t.Errorf("grid.md header:\n%s", md)
	}
	for _, f := range []string{"grid.tex", "car.csv", "stages.csv", "peers.csv", "groupdiff.csv", "tables.md"} {
		if _, err := os.Stat(filepath.Join(gridOut, f)); err != nil {
			t.Errorf("grid output lacks %s", f)
		}
	}
}

func TestGridBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"grid", "-o", filepath.Join(dir, "a"), "--events", "../../testdata/demo/events.csv", "--prices", "../../testdata/demo/prices", "--market", "GSPC", "--anchors", "sideways"},
		{"grid", "-o", filepath.Join(dir, "b"), "--events", "../../testdata/demo/events.csv", "--prices", "../../testdata/demo/prices", "--market", "GSPC", "--models", "market,capm"},
		{"grid", "--models"},
	} {
		code, _, stderr := runCLI(t, args...)
		if code != exitBadInput || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}

func TestSplitGridArgs(t *testing.T) {
	g, rest, err := splitGridArgs([]string{"study.yaml", "--models", "mean,market", "-anchors=next", "--car", "0,1", "--grid-tests", "cs_t,bmp"})
	if err != nil || g.models != "mean,market" || g.anchors != "next" || g.show != "cs_t,bmp" || strings.Join(rest, " ") != "study.yaml --car 0,1" {
		t.Errorf("%+v %v %v", g, rest, err)
	}
}

// TestGridGarchFallback: a garch column of the grid whose fit fell back
// to the OLS market model for some events says so in grid.md's note
// (issue 20: never silently); tmobile-2023-filing is one of them (its
// ARCH coefficient is at 0, docs/validation.md).
func TestGridGarchFallback(t *testing.T) {
	out := filepath.Join(t.TempDir(), "grid")
	code, _, stderr := runCLI(t, "grid", "-o", out, "--models", "market,garch", "--events", "../../testdata/demo/events.csv",
		"--prices", "../../testdata/demo/prices", "--market", "GSPC", "--car", "0,1", "--tests", "cs_t", "--quiet")
	if code != exitOK {
		t.Fatalf("grid exit %d: %s", code, stderr)
	}
	md := string(readFile(t, filepath.Join(out, "grid.md")))
	if !strings.Contains(md, "garch/next: the OLS market model for") || !strings.Contains(md, "tmobile-2023-filing") || strings.Contains(md, "market/next: the OLS") {
		t.Errorf("grid.md does not name the garch fallbacks:\n%s", md[len(md)-min(len(md), 800):])
	}
	// The baseline (market/next) has no garch fallback; warnings.csv has
	// the garch specification's, once each, with its name.
	found := false
	for _, w := range readTable(t, filepath.Join(out, "warnings.csv")) {
		if w["code"] != "garch_fallback_ols" {
			continue
		}
		if !strings.HasPrefix(w["message"], "grid garch/next: --model garch not used: ") {
			t.Errorf("warning %v lacks its specification", w)
		}
		found = found || w["event_id"] == "tmobile-2023-filing"
	}
	if !found {
		t.Error("warnings.csv has no garch_fallback_ols row for tmobile-2023-filing")
	}
}
