package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/figures"
)

// Golden outputs: every file two studies write is compared byte for byte
// with testdata/golden/<study>/, so "the outputs are unchanged" is a test.
//
//   - demo: `eventstudy demo`, run in-process exactly as the command does.
//   - carhart: testdata/golden/input/carhart/study.yaml, eight of the demo's
//     events with the options the demo leaves at their defaults (a market
//     price file, the Carhart model on the French factor files in
//     prices/testdata, log returns, simple CAR variance, sum-sar, event-time
//     r̄, masked confounding windows, a primary stage, json output).
//
// Rewrite the expected files after an intended change, then review the
// diff before committing it:
//
//	go test ./cmd/eventstudy -run TestGolden -update
//
// (-update is the package's one flag; it also rewrites testdata/layouts
// when TestLayoutFixtures runs, which is why -run matters.)
//
// What varies between runs is normalised in the output and the golden file
// alike, before they are compared (normaliseGolden); a golden file holds
// the normalised text:
//   - the manifest's "created" time becomes "(created)" wherever it
//     appears, and versionString() (which depends on how the binary was
//     built) becomes "eventstudy (version)";
//   - the repository's absolute path (the carhart study names its inputs
//     by absolute path) becomes "$REPO", the output directory "$OUT";
//   - report.html's first script, the ECharts bundle (1 MB, vendored in
//     charts/assets, the same in every report), is replaced by a comment
//     holding its length and SHA-256, so a changed bundle still fails the
//     test while testdata stays small (the page's own HTML and chart data,
//     ~370 KB for the demo, are stored as they are). The golden
//     report.html is therefore not a page that renders; run the demo for
//     one.
//   - the figures/ directory the demo writes becomes figures.sha256, a
//     line per figure with its SHA-256 and size (figureSums): the bytes
//     are deterministic (package figures' golden test holds them too).
//
// No other field varies: two demo runs from different directories differ
// only in "created" (checked when this test was written).
func TestGolden(t *testing.T) {
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	studies := []struct {
		name string
		args func(out string) []string
	}{
		{"demo", func(out string) []string { return []string{"demo", "-o", out, "--quiet"} }},
		{"carhart", func(out string) []string {
			return []string{"run", filepath.Join(repo, "testdata", "golden", "input", "carhart", "study.yaml"), "-o", out, "--quiet"}
		}},
	}
	for _, s := range studies {
		t.Run(s.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if code, stdout, stderr := runCLI(t, s.args(out)...); code != exitOK {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			got := readGoldenDir(t, out)
			created := manifestCreated(t, got["manifest.json"])
			for name, b := range got {
				got[name] = normaliseGolden(name, b, created, repo, out)
			}
			dir := filepath.Join(repo, "testdata", "golden", s.name)
			if *updateLayouts {
				writeGoldenDir(t, dir, got)
				return
			}
			compareGolden(t, dir, got, readGoldenDir(t, dir))
		})
	}
}

// compareGolden reports every file missing, extra or different, naming the
// first differing line of each.
func compareGolden(t *testing.T, dir string, got, want map[string][]byte) {
	t.Helper()
	for _, name := range sortedKeys(want) {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: expected output not written", name)
		case !bytes.Equal(g, want[name]):
			t.Errorf("%s differs from %s:\n%s", name, filepath.Join(dir, name), firstDiff(want[name], g))
		}
	}
	for _, name := range sortedKeys(got) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: new output without a golden file in %s (run with -update)", name, dir)
		}
	}
}

// firstDiff describes the first line where want and got differ.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d (of %d, want %d):\n want %s\n  got %s", i+1, len(g), len(w), clip(a), clip(b))
		}
	}
	return "line endings differ"
}

// clip shortens a line for the failure message (report.html has lines of
// hundreds of KB).
func clip(s string) string {
	const n = 300
	if len(s) > n {
		return fmt.Sprintf("%q… (%d bytes)", s[:n], len(s))
	}
	return fmt.Sprintf("%q", s)
}

var (
	createdRe = regexp.MustCompile(`"created": "([^"]*)"`)
	// scriptRe finds the page's script elements; the first is the bundle.
	scriptRe = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
)

// manifestCreated is the manifest's "created" value.
func manifestCreated(t *testing.T, manifest []byte) string {
	t.Helper()
	m := createdRe.FindSubmatch(manifest)
	if m == nil || len(m[1]) == 0 {
		t.Fatalf("manifest.json has no \"created\" field:\n%s", clip(string(manifest)))
	}
	return string(m[1])
}

// normaliseGolden replaces what varies between runs (see TestGolden).
func normaliseGolden(name string, b []byte, created, repo, out string) []byte {
	s := string(b)
	if name == "report.html" {
		if m := scriptRe.FindStringSubmatchIndex(s); m != nil && strings.Contains(s[m[2]:m[3]], "Apache Software Foundation") {
			body := s[m[2]:m[3]]
			note := fmt.Sprintf("/* ECharts bundle, %d bytes, sha256 %x: replaced by cmd/eventstudy/golden_test.go */", len(body), sha256.Sum256([]byte(body)))
			s = s[:m[2]] + note + s[m[3]:]
		}
	}
	s = strings.NewReplacer(
		created, "(created)",
		versionString(), "eventstudy (version)",
		out, "$OUT",
		repo, "$REPO",
	).Replace(s)
	return []byte(s)
}

// readGoldenDir reads every file of a flat output directory.
func readGoldenDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() && e.Name() == figures.Dir {
			files[figuresSums] = figureSums(t, filepath.Join(dir, e.Name()))
			continue
		}
		if e.IsDir() {
			t.Fatalf("%s: unexpected directory %s (outputs are flat but for figures/)", dir, e.Name())
		}
		files[e.Name()] = readFile(t, filepath.Join(dir, e.Name()))
	}
	return files
}

// figuresSums stands for the figures/ directory in a golden directory:
// the figures are ~12 MB for the demo (every PDF embeds its font), so
// their golden form is one line per file, SHA-256, size and name.
const figuresSums = "figures.sha256"

func figureSums(t *testing.T, dir string) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, e := range entries { // ReadDir sorts by name
		data := readFile(t, filepath.Join(dir, e.Name()))
		fmt.Fprintf(&b, "%x  %8d  %s\n", sha256.Sum256(data), len(data), e.Name())
	}
	return b.Bytes()
}

// writeGoldenDir replaces dir's contents with files (-update).
func writeGoldenDir(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("rewrote %d files in %s", len(files), dir)
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// normaliseGolden replaces exactly the varying parts and nothing else: the
// bundle only in report.html and only when it is the echarts one, the
// time, version and paths wherever they occur.
func TestNormaliseGolden(t *testing.T) {
	v := versionString()
	bundle := "/* Licensed to the Apache Software Foundation */ var echarts;"
	note := fmt.Sprintf("/* ECharts bundle, %d bytes, sha256 %x: replaced by cmd/eventstudy/golden_test.go */", len(bundle), sha256.Sum256([]byte(bundle)))
	for _, c := range []struct{ name, file, in, want string }{
		{"manifest", "manifest.json",
			`{"version": "` + v + `", "created": "2026-01-02T03:04:05Z", "path": "/r/x/events.csv"}`,
			`{"version": "eventstudy (version)", "created": "(created)", "path": "$REPO/x/events.csv"}`},
		{"report bundle", "report.html",
			"<p>" + v + " /o</p><script>" + bundle + "</script><script>var charts = 1;</script>",
			"<p>eventstudy (version) $OUT</p><script>" + note + "</script><script>var charts = 1;</script>"},
		{"report without bundle", "report.html",
			"<script>var charts = 1;</script>", "<script>var charts = 1;</script>"},
		{"script text outside the report", "tables.md",
			"<script>" + bundle + "</script>", "<script>" + bundle + "</script>"},
		{"numbers untouched", "car.csv", "a,b\n2026,0.5\n", "a,b\n2026,0.5\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := string(normaliseGolden(c.file, []byte(c.in), "2026-01-02T03:04:05Z", "/r", "/o"))
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// firstDiff names the first differing line, counting from 1.
func TestFirstDiff(t *testing.T) {
	for _, c := range []struct{ name, want, got, msg string }{
		{"second line", "a\nb\nc", "a\nB\nc", "line 2 (of 3, want 3):\n want \"b\"\n  got \"B\""},
		{"got shorter", "a\nb", "a", "line 2 (of 1, want 2):\n want \"b\"\n  got \"\""},
		{"carriage return", "a\n", "a\r\n", "line 1 (of 2, want 2):\n want \"a\"\n  got \"a\\r\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if m := firstDiff([]byte(c.want), []byte(c.got)); m != c.msg {
				t.Errorf("got %q, want %q", m, c.msg)
			}
		})
	}
}
