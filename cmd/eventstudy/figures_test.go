package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/study"
)

// eventstudy figures DIR redraws a results directory's figures with the
// options given; bad options are usage errors that write nothing.
func TestFiguresCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, stdout, stderr := runCLI(t, "demo", "-o", out, "--quiet", "--figures", "none"); code != exitOK {
		t.Fatalf("demo: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "figures")); !os.IsNotExist(err) {
		t.Fatalf("demo --figures none wrote figures: %v", err)
	}
	code, stdout, stderr := runCLI(t, "figures", out, "--format", "png,svg", "--width", "single", "--style", "gray", "--window", "0,1", "--level", "0.9")
	if code != exitOK || !strings.Contains(stdout, "figures: 102 files in") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	entries, err := os.ReadDir(filepath.Join(out, "figures"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, n := range []string{"heatmap-breach-p.png", "group-peers-caar.svg", "incident-tmobile-2021-price.svg", "timeline-stages.png"} {
		if !slices.Contains(names, n) {
			t.Errorf("no %s in %v", n, names)
		}
	}
	if slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, ".pdf") }) {
		t.Error("a PDF written though --format png,svg")
	}
	for _, bad := range [][]string{
		{"figures", out, "--format", "eps"},
		{"figures", out, "--width", "huge"},
		{"figures", out, "--style", "sepia"},
		{"figures", out, "--window", "3,4"},
		{"figures", out, "--level", "95"},
		{"figures", out, "--level", "NaN"},
		{"figures"},
		{"figures", filepath.Join(out, "nothing")},
	} {
		if code, _, stderr := runCLI(t, bad...); code != exitBadInput || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", bad, code, stderr)
		}
	}
}

// run --figures writes the figures beside the tables and records the
// setting in the manifest, so a rerun draws them again.
func TestRunFigures(t *testing.T) {
	repo, _ := filepath.Abs(filepath.Join("..", ".."))
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "run", filepath.Join(repo, "testdata", "golden", "input", "carhart", "study.yaml"), "-o", out, "--figures", "svg")
	if code != exitOK || !strings.Contains(stdout, "figures: ") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	svgs, _ := filepath.Glob(filepath.Join(out, "figures", "*.svg"))
	pdfs, _ := filepath.Glob(filepath.Join(out, "figures", "*.pdf"))
	if len(svgs) < 10 || len(pdfs) != 0 {
		t.Errorf("%d SVGs, %d PDFs", len(svgs), len(pdfs))
	}
	m, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil || !strings.Contains(string(m), "\"figures\": [\n      \"svg\"\n    ]") {
		t.Errorf("manifest: %v\n%s", err, clip(string(m)))
	}
}

// The figures setting reads a format list or none, and rejects others.
func TestFiguresSetting(t *testing.T) {
	var st *study.Setting
	for _, s := range study.Settings {
		if s.Key == "figures" {
			st = s
		}
	}
	if st == nil || !st.Output {
		t.Fatal("no output setting figures")
	}
	for in, want := range map[string][]string{"pdf,svg": {"svg", "pdf"}, "none": nil, "png": {"png"}} {
		s := study.Default()
		if err := st.Set(&s, in); err != nil || !slices.Equal(s.Figures, want) {
			t.Errorf("%q: %v %v, want %v", in, s.Figures, err, want)
		}
	}
	s := study.Default()
	if err := st.Set(&s, "svg,eps"); err == nil || !strings.Contains(err.Error(), "eps") {
		t.Errorf("eps: %v", err)
	}
}
