package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// A study run from its directory with a study.yaml of relative paths
// reruns from its manifest in an unrelated working directory into an
// unrelated -o, with byte-identical tables and the same recorded config
// and inputs; a changed input is then a warning on stderr and in the
// manifest, naming the file and both hashes.
func TestManifestRerunFromAnotherDirectory(t *testing.T) {
	dir := initStudy(t)
	t.Chdir(dir)
	if code, _, stderr := runCLI(t, "run", "study.yaml", "--quiet"); code != exitOK {
		t.Fatalf("run study.yaml: %s", stderr)
	}
	first := filepath.Join(dir, "results")
	manifest := filepath.Join(first, results.ManifestFile)
	m1 := readManifest(t, manifest)
	if m1.Config["events"] != "events.csv" || m1.PathsBase == nil || m1.PathsBase.FromResults != ".." {
		t.Fatalf("manifest records events %v, paths_base %+v", m1.Config["events"], m1.PathsBase)
	}

	elsewhere := t.TempDir()
	t.Chdir(elsewhere)
	again := filepath.Join(t.TempDir(), "B", "out2")
	if code, _, stderr := runCLI(t, "run", manifest, "-o", again, "--quiet"); code != exitOK {
		t.Fatalf("rerun from %s: exit %d %s", elsewhere, code, stderr)
	}
	sameTables(t, first, again)
	m2 := readManifest(t, filepath.Join(again, results.ManifestFile))
	if !reflect.DeepEqual(m1.Config, m2.Config) || !reflect.DeepEqual(m1.Inputs, m2.Inputs) || m2.PathsBase.Dir != m1.PathsBase.Dir {
		t.Errorf("rerun manifest differs:\n%v %v\n%v %v", m1.Config, m1.Inputs, m2.Config, m2.Inputs)
	}

	ev := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(ev, append(readFile(t, ev), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	changed := filepath.Join(t.TempDir(), "out3")
	code, _, stderr := runCLI(t, "run", manifest, "-o", changed)
	if code != exitOK {
		t.Fatalf("rerun with a changed input: exit %d %s", code, stderr)
	}
	m3 := readManifest(t, filepath.Join(changed, results.ManifestFile))
	want := "events events.csv: SHA-256 " + m1.Inputs[0].SHA256[:12] + " in " + manifest + ", " + m3.Inputs[0].SHA256[:12] + " now"
	if m1.Inputs[0].Role != "events" || !strings.Contains(stderr, "warning input_changed: "+want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	var found bool
	for _, w := range readTable(t, filepath.Join(changed, results.WarningsFile)) {
		found = found || (w["code"] == "input_changed" && strings.HasPrefix(w["message"], want))
	}
	if !found {
		t.Errorf("warnings.csv has no input_changed warning %q", want)
	}
}

func readManifest(t *testing.T, path string) results.Manifest {
	t.Helper()
	var m results.Manifest
	if err := json.Unmarshal(readFile(t, path), &m); err != nil {
		t.Fatal(err)
	}
	return m
}
