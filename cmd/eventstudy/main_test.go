package main

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// runCLI runs the command in-process and returns exit code, stdout, stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// readTable reads a CSV output into header-keyed rows.
func readTable(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

func find(rows []map[string]string, kv ...string) map[string]string {
	for _, r := range rows {
		ok := true
		for i := 0; i < len(kv); i += 2 {
			if r[kv[i]] != kv[i+1] {
				ok = false
				break
			}
		}
		if ok {
			return r
		}
	}
	return nil
}

var demoDir, testRoot string

func TestMain(m *testing.M) {
	var err error
	testRoot, err = os.MkdirTemp("", "eventstudy-cli-test-")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(testRoot)
	os.Exit(code)
}

// demoOutput runs the demo once per test binary.
func demoOutput(t *testing.T) (string, string) {
	t.Helper()
	if demoDir == "" {
		dir := filepath.Join(testRoot, "demo")
		code, stdout, stderr := runCLI(t, "demo", "-o", dir)
		if code != exitOK {
			t.Fatalf("demo exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		demoDir = dir
		demoStdout = stdout
	}
	return demoDir, demoStdout
}

var demoStdout string

func TestDemoWritesEveryFile(t *testing.T) {
	dir, stdout := demoOutput(t)
	for _, f := range []string{"events.csv", "ar.csv", "car.csv", "tests.csv", "aar.csv", "manifest.json", "report.html"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", f, err)
		}
	}
	for _, want := range []string{"tmobile-2021-confirmation", "2021-08-16", "CAR(-1,1)", "report.html"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
}

// The day-0 return of T-Mobile's confirmation must be the close-to-close
// Adj Close return of the price file: 139.562302/143.737381 - 1
// (2021-08-13 → 2021-08-16, PROVENANCE.md spot check).
func TestDemoTMobileDay0Return(t *testing.T) {
	dir, _ := demoOutput(t)
	ar := readTable(t, filepath.Join(dir, "ar.csv"))
	r := find(ar, "event_id", "tmobile-2021-confirmation", "rel_day", "0")
	if r == nil {
		t.Fatal("no day-0 row for tmobile-2021-confirmation")
	}
	if r["date"] != "2021-08-16" {
		t.Errorf("day 0 date %s, want 2021-08-16", r["date"])
	}
	want := 139.562302/143.737381 - 1
	if got := num(t, r["ret"]); math.Abs(got-want) > 1e-12 {
		t.Errorf("day-0 return %.15g, want %.15g", got, want)
	}
	// AR = ret - (alpha + beta*Rm); check against events.csv's alpha and
	// beta and the GSPC return of the day (4479.7099609375/4468.0 - 1 from
	// GSPC.csv, read here from the bundled file).
	ev := find(readTable(t, filepath.Join(dir, "events.csv")), "event_id", "tmobile-2021-confirmation")
	rm := gspcReturn(t, "2021-08-13", "2021-08-16")
	normal := num(t, ev["alpha"]) + num(t, ev["beta"])*rm
	if got := num(t, r["normal_ret"]); math.Abs(got-normal) > 1e-12 {
		t.Errorf("normal return %.15g, want alpha+beta*Rm = %.15g", got, normal)
	}
	if got := num(t, r["ar"]); math.Abs(got-(want-normal)) > 1e-12 {
		t.Errorf("AR %.15g, want %.15g", got, want-normal)
	}
}

func gspcReturn(t *testing.T, from, to string) float64 {
	t.Helper()
	var a, b float64
	for _, r := range readTable(t, "../../testdata/demo/prices/GSPC.csv") {
		switch r["Date"] {
		case from:
			a = num(t, r["Adj Close"])
		case to:
			b = num(t, r["Adj Close"])
		}
	}
	return b/a - 1
}

// Stage anchoring of docs/design.md's running example.
func TestDemoAnchoring(t *testing.T) {
	dir, _ := demoOutput(t)
	ev := readTable(t, filepath.Join(dir, "events.csv"))
	for _, c := range []struct{ id, day0, rule string }{
		{"tmobile-2021-claim", "2021-08-16", "next"},
		{"tmobile-2021-media", "2021-08-16", "next"},
		{"tmobile-2021-confirmation", "2021-08-16", "next"},
		{"tmobile-2021-filing", "2021-08-17", "next"},
		{"tmobile-2021-scope", "2021-08-18", "next"},
		{"tmobile-2021-update", "2021-08-20", "next"},
		{"tmobile-2023-filing", "2023-01-20", "next"},
	} {
		r := find(ev, "event_id", c.id)
		if r == nil || r["day0"] != c.day0 || r["anchor_rule"] != c.rule || r["status"] != "ok" {
			t.Errorf("%s: got %v, want day0 %s rule %s", c.id, r, c.day0, c.rule)
		}
	}
}

func TestValidateAnchorPrevious(t *testing.T) {
	tmp := t.TempDir()
	if err := extractDemo(tmp); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "validate", "--events", filepath.Join(tmp, "events.csv"),
		"--prices", filepath.Join(tmp, "prices"), "--market", "GSPC", "--anchor", "previous")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var claim string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "tmobile-2021-claim") {
			claim = l
		}
	}
	if !strings.Contains(claim, "2021-08-13") || !strings.Contains(claim, "previous") {
		t.Errorf("claim with --anchor previous: %q, want day 0 2021-08-13", claim)
	}
	if _, err := os.Stat("eventstudy-results"); err == nil {
		t.Error("validate wrote an output directory")
	}
}

// `eventstudy run` with explicit flags over the repository's copy of the
// price data gives the same numbers as the demo. (It used to read
// ../shared/data and skip where that was missing; the demo's prices are
// byte copies of those files, so the repository's copy tests the same.)
func TestRunWithFlagsMatchesDemo(t *testing.T) {
	prices := filepath.Join("..", "..", "testdata", "demo", "prices")
	demo, _ := demoOutput(t)
	out := filepath.Join(t.TempDir(), "run")
	code, _, stderr := runCLI(t, "run", "--events", "../../testdata/demo/events.csv", "--prices", prices,
		"--market", "GSPC", "--model", "market", "--estimation", "-260,-11", "--window", "-10,10",
		"--car", "0,0", "--car", "0,1", "--car", "-1,1", "--car", "-2,2", "--car", "0,5", "--car", "-5,5",
		"--car", "0,10", "--car", "-10,10", "-o", out, "--quiet")
	if code != exitOK {
		t.Fatalf("run exit %d: %s", code, stderr)
	}
	for _, f := range []string{"events.csv", "ar.csv", "car.csv", "tests.csv", "aar.csv"} {
		a, _ := os.ReadFile(filepath.Join(demo, f))
		b, _ := os.ReadFile(filepath.Join(out, f))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between demo and run with flags", f)
		}
	}
}

func TestBadEventsFileExit2NothingWritten(t *testing.T) {
	tmp := t.TempDir()
	if err := extractDemo(tmp); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(tmp, "bad.csv")
	os.WriteFile(bad, []byte("event_id,firm,date\ne1,TMUS,2021-08-16\ne2,TMUS,2021-13-45\n"), 0o644)
	out := filepath.Join(tmp, "out")
	code, _, stderr := runCLI(t, "run", "--events", bad, "--prices", filepath.Join(tmp, "prices"), "--market", "GSPC", "-o", out)
	if code != exitBadInput {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(stderr, "bad.csv:3") {
		t.Errorf("error does not name file:line: %s", stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output directory written for bad input")
	}
}

func TestBadPricesFileExit2NothingWritten(t *testing.T) {
	tmp := t.TempDir()
	if err := extractDemo(tmp); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(tmp, "prices", "TMUS.csv")
	b, _ := os.ReadFile(f)
	lines := strings.Split(string(b), "\n")
	lines[5] = "2007-04-26,abc,1,1,1,x,1"
	os.WriteFile(f, []byte(strings.Join(lines, "\n")), 0o644)
	out := filepath.Join(tmp, "out")
	code, _, stderr := runCLI(t, "run", "--events", filepath.Join(tmp, "events.csv"), "--prices", filepath.Join(tmp, "prices"), "--market", "GSPC", "-o", out)
	if code != exitBadInput {
		t.Errorf("exit %d, want 2 (stderr %s)", code, stderr)
	}
	if !strings.Contains(stderr, "TMUS.csv:6") {
		t.Errorf("error does not name file:line: %s", stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("output directory written for bad input")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"nosuch"},
		{"run"},
		{"run", "--events", "x.csv", "--model", "capm"},
		{"run", "--events", "x.csv", "--car", "2,1"},
		{"run", "--events", "x.csv", "--tests", "nosuch"},
	} {
		if code, _, _ := runCLI(t, args...); code != exitBadInput {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "eventstudy ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestComparisonMarkdownFollowsOutputs: comparison.md is made from the
// comparison tables, so --outputs without any of them leaves it out too;
// with one of them (or all) it is written.
func TestComparisonMarkdownFollowsOutputs(t *testing.T) {
	prices := filepath.Join("..", "..", "testdata", "demo", "prices")
	for _, tc := range []struct {
		name, outputs string
		want          bool
	}{
		{"all", "all", true},
		{"car only", "car,tests", false},
		{"stages", "car,stages", true},
		{"peers", "peers", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "run")
			code, _, stderr := runCLI(t, "run", "--events", "../../testdata/demo/events.csv", "--prices", prices,
				"--market", "GSPC", "--format", "md", "--outputs", tc.outputs, "-o", out, "--quiet")
			if code != exitOK && code != exitExcluded {
				t.Fatalf("run exit %d: %s", code, stderr)
			}
			_, err := os.Stat(filepath.Join(out, "comparison.md"))
			if got := err == nil; got != tc.want {
				t.Errorf("comparison.md written %v, want %v (--outputs %s)", got, tc.want, tc.outputs)
			}
			if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
				t.Errorf("no manifest: %v", err)
			}
		})
	}
}

// TestReportOff: --report=false writes no report.html and prints no
// report line; the tables --outputs names are byte for byte the full
// run's (the rows only the report reads are not made: study.makes).
func TestReportOff(t *testing.T) {
	prices := filepath.Join("..", "..", "testdata", "demo", "prices")
	run := func(extra ...string) (string, string) {
		t.Helper()
		out := filepath.Join(t.TempDir(), "run")
		args := append([]string{"run", "--events", "../../testdata/demo/events.csv", "--prices", prices, "--market", "GSPC", "--format", "csv,md", "-o", out}, extra...)
		code, stdout, stderr := runCLI(t, args...)
		if code != exitOK && code != exitExcluded {
			t.Fatalf("run %v: exit %d: %s", extra, code, stderr)
		}
		return out, stdout
	}
	full, fullStdout := run()
	if !strings.Contains(fullStdout, "report:  ") {
		t.Fatalf("the full run prints no report line:\n%s", fullStdout)
	}
	for _, tc := range []struct {
		outputs string
		files   []string
	}{
		{"events,car,tests", []string{"events.csv", "car.csv", "tests.csv", "warnings.csv"}},
		{"ar,stages", []string{"ar.csv", "stages.csv", "comparison.md"}},
		{"all", []string{"ar.csv", "volatility.csv", "stages.csv", "car.csv", "tables.md", "comparison.md"}},
	} {
		t.Run(tc.outputs, func(t *testing.T) {
			out, stdout := run("--outputs", tc.outputs+",warnings", "--report=false")
			if _, err := os.Stat(filepath.Join(out, "report.html")); err == nil {
				t.Error("report.html written with --report=false")
			}
			if strings.Contains(stdout, "report:") {
				t.Errorf("stdout names a report:\n%s", stdout)
			}
			for _, f := range tc.files {
				got, err := os.ReadFile(filepath.Join(out, f))
				if err != nil {
					t.Fatal(err)
				}
				want, err := os.ReadFile(filepath.Join(full, f))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the full run's", f)
				}
			}
		})
	}
}
