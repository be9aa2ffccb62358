package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/study"
)

// TestStudyTemplate: the study.yaml `eventstudy init` writes is generated
// from study.Settings byte for byte as before the table existed
// (testdata/init-study.yaml, written by that version), lists every key in
// the table's order, and reads back as the defaults.
func TestStudyTemplate(t *testing.T) {
	got := studyTemplate()
	if *updateLayouts { // -update, the package's one golden flag
		if err := os.WriteFile("testdata/init-study.yaml", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/init-study.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("template differs from testdata/init-study.yaml:\n%s", got)
	}
	var keys []string
	for _, l := range strings.Split(got, "\n") {
		if k, _, ok := strings.Cut(l, ": "); ok && !strings.HasPrefix(l, "#") {
			keys = append(keys, k)
		}
	}
	if !reflect.DeepEqual(keys, study.FileKeys) {
		t.Errorf("keys %v\nwant %v", keys, study.FileKeys)
	}
	s, err := study.ParseFile("study.yaml", []byte(got), "")
	if err != nil {
		t.Fatal(err)
	}
	d := study.Default()
	d.Events, d.Prices, d.Market, d.Out = "events.csv", "prices", "GSPC", "results"
	if !reflect.DeepEqual(s.Resolved(), d.Resolved()) || s.Out != d.Out {
		t.Errorf("template reads as\n%v\nwant the defaults\n%v", s.Resolved(), d.Resolved())
	}
}
