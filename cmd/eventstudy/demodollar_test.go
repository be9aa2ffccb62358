package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDemoSaysNoDollars: the demo has no cited shares outstanding (issue
// 19), so it leaves dollars out, and says so in its printed summary and
// in manifest.json's notes; what the note says is true of the tables.
func TestDemoSaysNoDollars(t *testing.T) {
	dir, stdout := demoOutput(t)
	if !strings.Contains(stdout, demoDollarNote) {
		t.Errorf("summary lacks the dollar note:\n%s", stdout)
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Notes []string `json:"notes"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(m.Notes, demoDollarNote) {
		t.Errorf("manifest notes %q lack the dollar note", m.Notes)
	}
	for _, r := range readTable(t, filepath.Join(dir, "car.csv")) {
		if r["mcap"] != "" || r["dollar_car"] != "" || r["dollar_se"] != "" {
			t.Fatalf("car.csv %s %s has dollar fields: %v", r["event_id"], r["window"], r)
		}
	}
	for _, r := range readTable(t, filepath.Join(dir, "tests.csv")) {
		if r["test"] == "vw_caar" || r["test"] == "dollar" {
			t.Fatalf("tests.csv has a %s row", r["test"])
		}
	}
}
