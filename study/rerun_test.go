package study

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// manifestJSON is a manifest.json with config paths and, if pb is not
// nil, a paths_base.
func manifestJSON(t *testing.T, config map[string]any, pb *results.PathsBase, inputs []results.InputFile) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"config": config, "paths_base": pb, "inputs": inputs})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func touch(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A manifest's relative paths are resolved from its paths_base: the
// recorded directory when the inputs are there, else the one beside the
// manifest (a tree moved whole); the study still displays them as
// recorded, so the rerun's manifest repeats the original's.
func TestParseManifestPaths(t *testing.T) {
	root := t.TempDir()
	orig := filepath.Join(root, "orig")   // where the run was
	moved := filepath.Join(root, "moved") // the same tree, moved
	for _, d := range []string{orig, moved} {
		touch(t, filepath.Join(d, "events.csv"), filepath.Join(d, "px", "A.csv"), filepath.Join(d, "mkt.csv"), filepath.Join(d, "ff.csv"))
	}
	abs := filepath.Join(root, "abs.csv")
	config := map[string]any{"events": "events.csv", "prices": "px", "market": "mkt.csv", "factors": []string{"ff.csv"}, "peers": abs}
	for _, tc := range []struct {
		name     string
		manifest string
		pb       *results.PathsBase
		wantBase string
		relative bool // paths left as recorded (no paths_base)
	}{
		{"recorded directory", filepath.Join(moved, "out", "manifest.json"), &results.PathsBase{Dir: orig, FromResults: ".."}, orig, false},
		{"recorded directory gone: beside the manifest", filepath.Join(moved, "out", "manifest.json"), &results.PathsBase{Dir: filepath.Join(root, "gone"), FromResults: ".."}, moved, false},
		{"neither: the recorded directory", filepath.Join(root, "x", "manifest.json"), &results.PathsBase{Dir: filepath.Join(root, "gone"), FromResults: ".."}, filepath.Join(root, "gone"), false},
		{"older manifest without paths_base", filepath.Join(moved, "out", "manifest.json"), nil, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseManifest(tc.manifest, manifestJSON(t, config, tc.pb, nil))
			if err != nil {
				t.Fatal(err)
			}
			if s.Rerun == nil || s.Rerun.Base != tc.wantBase || s.Rerun.Manifest != tc.manifest {
				t.Fatalf("rerun %+v, want base %s", s.Rerun, tc.wantBase)
			}
			want := []string{filepath.Join(tc.wantBase, "events.csv"), filepath.Join(tc.wantBase, "px"), filepath.Join(tc.wantBase, "mkt.csv"), filepath.Join(tc.wantBase, "ff.csv"), abs}
			if tc.relative {
				want = []string{"events.csv", "px", "mkt.csv", "ff.csv", abs}
			}
			if got := []string{s.Events, s.Prices, s.Market, s.Factors[0], s.PeersFile}; !reflect.DeepEqual(got, want) {
				t.Errorf("paths %v\nwant %v", got, want)
			}
			r := s.Resolved()
			for _, k := range []string{"events", "prices", "market", "factors", "peers"} {
				if !reflect.DeepEqual(r[k], config[k]) {
					t.Errorf("config %s = %v, want %v as recorded", k, r[k], config[k])
				}
			}
			if got := display(&s, filepath.Join(s.Prices, "A.csv")); got != filepath.Join("px", "A.csv") {
				t.Errorf("a price file displays as %s", got)
			}
		})
	}
}

// A path given at the rerun (a flag) that is relative to another working
// directory than the manifest's base is recorded absolute; a ticker stays.
func TestRecordedName(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	touch(t, filepath.Join(dir, "mine.csv"))
	name := recordedName(map[string]string{"/b/data": "data", "/b/data/prices": "data/prices"}, "/b")
	for _, tc := range []struct{ in, want string }{
		{"/b/data", "data"},
		{"/b/data/prices/X.csv", filepath.Join("data", "prices", "X.csv")},
		{"/b/data/events.csv", filepath.Join("data", "events.csv")},
		{"/b/database.csv", "/b/database.csv"},
		{"mine.csv", filepath.Join(dir, "mine.csv")},
		{"GSPC", "GSPC"},
		{"demo:testdata/demo/events.csv", "demo:testdata/demo/events.csv"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := name(tc.in); got != tc.want {
				t.Errorf("%s displays as %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestManifestPathsBase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct {
		name string
		s    Study
		want *results.PathsBase
	}{
		{"relative paths: the working directory", Study{Events: "ev.csv", Prices: "/p", Market: "GSPC", Out: "res/one"},
			&results.PathsBase{Dir: dir, FromResults: "../.."}},
		{"all absolute", Study{Events: "/e.csv", Prices: "/p", Market: "GSPC", Out: "res"}, nil},
		{"demo", Study{Events: "demo:testdata/demo/events.csv", Prices: "demo:testdata/demo/prices", Market: "GSPC", Out: "res"}, nil},
		{"a rerun keeps its base", Study{Events: "/b/ev.csv", Prices: "/b/px", Market: "GSPC", Out: "/b/out",
			DisplayName: recordedName(map[string]string{"/b/ev.csv": "ev.csv", "/b/px": "px"}, "/b"), Rerun: &Rerun{Base: "/b"}},
			&results.PathsBase{Dir: "/b", FromResults: ".."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ManifestPathsBase(&tc.s); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestInputWarnings(t *testing.T) {
	in := func(role, path, sum string) results.InputFile {
		return results.InputFile{Role: role, Path: path, SHA256: sum}
	}
	recorded := []results.InputFile{in("events", "ev.csv", "aaaaaaaaaaaaaaaa"), in("prices", "px/A.csv", "bbbb"), in("prices", "px/B.csv", "cccc")}
	for _, tc := range []struct {
		name  string
		rerun *Rerun
		now   []results.InputFile
		want  []string // code: message prefix
	}{
		{"first run", nil, []results.InputFile{in("events", "ev.csv", "x")}, nil},
		{"unchanged", &Rerun{Manifest: "m.json", Inputs: recorded}, recorded, nil},
		{"changed, added, gone", &Rerun{Manifest: "m.json", Inputs: recorded},
			[]results.InputFile{in("events", "ev.csv", "dddddddddddddddd"), in("prices", "px/A.csv", "bbbb"), in("prices", "px/C.csv", "eeee")},
			[]string{
				"input_changed: events ev.csv: SHA-256 aaaaaaaaaaaa in m.json, dddddddddddd now",
				"input_changed: prices px/C.csv: not an input of the run m.json records",
				"input_changed: prices px/B.csv: an input of the run m.json records, not read now",
			}},
		{"not hashed", &Rerun{Manifest: "m.json", Inputs: recorded[:1]},
			[]results.InputFile{{Role: "events", Path: "ev.csv", HashError: "hashing ev.csv: is a directory"}},
			[]string{"input_unhashed: events ev.csv: no SHA-256 recorded (hashing ev.csv: is a directory)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := inputWarnings(&Study{Rerun: tc.rerun}, tc.now)
			if len(ws) != len(tc.want) {
				t.Fatalf("warnings %+v, want %d", ws, len(tc.want))
			}
			for i, w := range ws {
				if got := w.Code + ": " + w.Message; !strings.HasPrefix(got, tc.want[i]) {
					t.Errorf("warning %d: %s\nwant prefix %s", i, got, tc.want[i])
				}
			}
		})
	}
}

// prices.SHA256File reports why it has no hash instead of returning "" silently.
func TestSHA256File(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.csv")
	if err := os.WriteFile(p, []byte("abc"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, sum, err string
	}{
		{"file", p, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ""},
		{"missing", filepath.Join(dir, "no.csv"), "", "no such file"},
		{"directory", dir, "", "hashing " + dir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := prices.SHA256File(tc.path)
			if sum != tc.sum || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("SHA256File = %q, %v; want %q, error containing %q", sum, err, tc.sum, tc.err)
			}
			f := inputFile(&Study{}, "events", tc.path, "", hashResult(sum, err))
			if f.SHA256 != tc.sum || (f.HashError == "") != (tc.err == "") {
				t.Errorf("input record %+v", f)
			}
		})
	}
}

// displayText names the inputs in a loader's note as the manifest does.
func TestDisplayText(t *testing.T) {
	s := Study{Events: "/tmp/x/ev.csv", Prices: "/tmp/x/px", Market: "GSPC",
		DisplayName: recordedName(map[string]string{"/tmp/x/ev.csv": "ev.csv", "/tmp/x/px": "px"}, "/tmp/x")}
	got := displayText(&s, "/tmp/x/px/A.csv: dates were not in ascending order; sorted")
	if want := filepath.Join("px", "A.csv") + ": dates were not in ascending order; sorted"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := displayText(&Study{Prices: "p"}, "p: note"); got != "p: note" {
		t.Errorf("without DisplayName: %q", got)
	}
}
