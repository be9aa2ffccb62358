package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/charts"
)

var comparisonIDs = []string{charts.SectionStages, charts.SectionPeers, charts.SectionGroupDiff, charts.SectionDiagnostics}

// comparisonPart cuts the page from the first comparison section to the
// end of the last one, and the chart data of the page script.
func comparisonPart(t *testing.T, page []byte) (sections, chartData []byte) {
	t.Helper()
	i := bytes.Index(page, []byte(`<section id="`+charts.SectionStages+`">`))
	j := bytes.Index(page, []byte(`<section id="`+charts.SectionDiagnostics+`">`))
	if i < 0 || j < i {
		t.Fatalf("comparison sections missing or out of order (%d, %d)", i, j)
	}
	k := bytes.Index(page[j:], []byte("</section>"))
	c := bytes.Index(page, []byte("var charts = "))
	e := bytes.Index(page[max(c, 0):], []byte(";\n"))
	if k < 0 || c < 0 || e < 0 {
		t.Fatal("page structure changed: no section end or chart data")
	}
	return page[i : j+k], page[c : c+e]
}

// `eventstudy report DIR` re-renders the demo's report from its CSVs with
// the comparison section present and identical to the one `demo` drew
// from memory (compare.Read gives back the very tables); a directory
// without the comparison CSVs (older versions) gets a report without the
// section, and a damaged comparison CSV is a file:line error, exit 2.
func TestReportRerendersComparison(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	if code, _, stderr := runCLI(t, "demo", "-o", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	report := filepath.Join(dir, "report.html")
	demoPage, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range comparisonIDs {
		if !bytes.Contains(demoPage, []byte(`<section id="`+id+`">`)) {
			t.Errorf("demo report lacks section %s", id)
		}
	}
	if err := os.Remove(report); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "report", dir)
	if code != exitOK || !strings.Contains(stdout, report) {
		t.Fatalf("report exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	page, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`<table id="stages"`, `<table id="peers"`, `<table id="groupdiff"`, `<table id="clustering"`, `<table id="confounding"`,
		"claim + media + confirmation", "VZ;T", "TMUS vs peers VZ, T, day 0 2021-08-16"} {
		if !bytes.Contains(page, []byte(s)) {
			t.Errorf("re-rendered report lacks %q", s)
		}
	}
	wantSec, wantCharts := comparisonPart(t, demoPage)
	gotSec, gotCharts := comparisonPart(t, page)
	if !bytes.Equal(gotSec, wantSec) {
		t.Errorf("the comparison sections differ between demo (%d bytes) and report DIR (%d bytes)", len(wantSec), len(gotSec))
	}
	if !bytes.Equal(gotCharts, wantCharts) {
		t.Errorf("the chart data differ between demo (%d bytes) and report DIR (%d bytes)", len(wantCharts), len(gotCharts))
	}

	// A damaged comparison CSV: exit 2 with file:line:column, nothing written.
	stages := filepath.Join(dir, compare.StagesFile)
	orig, err := os.ReadFile(stages)
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(orig, []byte(",true,"), []byte(",yes,"), 1)
	if err := os.WriteFile(stages, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(report)
	code, _, stderr = runCLI(t, "report", dir)
	if code != exitBadInput || !strings.Contains(stderr, stages+":2:") || !strings.Contains(stderr, "is not true or false") {
		t.Errorf("damaged stages.csv: exit %d, stderr %s", code, stderr)
	}
	if after, _ := os.Stat(report); !after.ModTime().Equal(before.ModTime()) {
		t.Error("report.html was rewritten despite the error")
	}

	// An older results directory has no comparison CSVs: no section.
	for _, f := range []string{compare.StagesFile, compare.PeersFile, compare.GroupDiffFile, compare.ConfoundingFile, compare.ClusteringFile} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := runCLI(t, "report", dir); code != exitOK {
		t.Fatalf("report of an older directory: exit %d: %s", code, stderr)
	}
	page, err = os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte(`id="compare-`)) {
		t.Error("comparison sections without comparison CSVs")
	}
	if !bytes.Contains(page, []byte(`<table id="events"`)) {
		t.Error("the report of an older directory lacks the events table")
	}
}
