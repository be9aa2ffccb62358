package results

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSummarizeWarnings(t *testing.T) {
	many := make([]Warning, 0, 8)
	for i := range 8 {
		many = append(many, Warning{EventID: fmt.Sprintf("E%d", i%7), Code: "anchoring", Message: fmt.Sprintf("m%d", i)})
	}
	for _, tc := range []struct {
		name string
		in   []Warning
		want []WarningCode
	}{
		{"none", nil, []WarningCode{}},
		{"study-level", []Warning{{Code: "prices_note", Message: "a"}, {Code: "prices_note", Message: "b"}},
			[]WarningCode{{Code: "prices_note", Count: 2, FirstMessage: "a"}}},
		{"codes in first-seen order", []Warning{{EventID: "A", Code: "y", Message: "1"}, {EventID: "B", Code: "x", Message: "2"}, {EventID: "C", Code: "y", Message: "3"}},
			[]WarningCode{{Code: "y", Count: 2, EventIDs: []string{"A", "C"}, FirstMessage: "1"}, {Code: "x", Count: 1, EventIDs: []string{"B"}, FirstMessage: "2"}}},
		{"first five distinct ids", many,
			[]WarningCode{{Code: "anchoring", Count: 8, EventIDs: []string{"E0", "E1", "E2", "E3", "E4"}, FirstMessage: "m0"}}},
		{"an id twice counts twice, listed once", []Warning{{EventID: "A", Code: "x"}, {EventID: "A", Code: "x"}},
			[]WarningCode{{Code: "x", Count: 2, EventIDs: []string{"A"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SummarizeWarnings(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// manifest.json summarizes the warnings; warnings.csv has every one, and
// Read takes them back from it.
func TestWarningsTable(t *testing.T) {
	set := fixtureSet()
	set.Manifest.Warnings = nil
	for i := range 1000 {
		set.Manifest.Warnings = append(set.Manifest.Warnings, Warning{EventID: fmt.Sprintf("E%04d", i), Code: "est_window_contains_event", Message: "estimation window contains the event window of X, \"quoted\""})
	}
	set.Manifest.Warnings = append(set.Manifest.Warnings, Warning{Code: "prices_note", Message: "unadjusted"})
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, set, nil, nil); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Warnings []WarningCode `json:"warnings"`
	}
	b, _ := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := []WarningCode{
		{Code: "est_window_contains_event", Count: 1000, EventIDs: []string{"E0000", "E0001", "E0002", "E0003", "E0004"}, FirstMessage: set.Manifest.Warnings[0].Message},
		{Code: "prices_note", Count: 1, FirstMessage: "unadjusted"},
	}
	if !reflect.DeepEqual(m.Warnings, want) {
		t.Errorf("manifest warnings %+v\nwant %+v", m.Warnings, want)
	}
	if len(b) > 4000 {
		t.Errorf("manifest.json is %d bytes with 1001 warnings; want them summarized", len(b))
	}
	csv, _ := os.ReadFile(filepath.Join(dir, WarningsFile))
	lines := strings.Split(strings.TrimSuffix(string(csv), "\n"), "\n")
	if len(lines) != 1002 || lines[0] != "event_id,code,message" || lines[1001] != ",prices_note,unadjusted" {
		t.Errorf("warnings.csv: %d lines, header %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Manifest.Warnings, set.Manifest.Warnings) || !reflect.DeepEqual(got.Manifest.WarningCodes, want) {
		t.Errorf("Read: %d warnings, summary %+v", len(got.Manifest.Warnings), got.Manifest.WarningCodes)
	}
}

// A directory written before warnings.csv existed lists every warning in
// the manifest; Read still returns them.
func TestReadManifestWithFullWarnings(t *testing.T) {
	set := fixtureSet()
	set.Manifest.Warnings = []Warning{{EventID: "B", Code: "short_window", Message: "only 12 days"}, {Code: "prices_note", Message: "unadjusted"}}
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, set, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, WarningsFile)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, ManifestFile)
	b, _ := os.ReadFile(p)
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	raw["warnings"] = []map[string]string{{"event_id": "B", "code": "short_window", "message": "only 12 days"}, {"code": "prices_note", "message": "unadjusted"}}
	b, _ = json.Marshal(raw)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Manifest.Warnings, set.Manifest.Warnings) {
		t.Errorf("warnings %+v\nwant %+v", got.Manifest.Warnings, set.Manifest.Warnings)
	}
	if len(got.Manifest.WarningCodes) != 2 || got.Manifest.WarningCodes[0].Count != 1 {
		t.Errorf("summary %+v", got.Manifest.WarningCodes)
	}
}
