package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimulateCommand runs a small simulation twice: the Markdown on stdout
// and the file written with -o agree, the CSV has one row per test × window
// × level, and the run is reproducible from its seed.
func TestSimulateCommand(t *testing.T) {
	dir := t.TempDir()
	args := []string{"simulate", "-samples", "4", "-events", "8", "-seed", "3", "-panel", "synthetic",
		"-abnormal", "0,1%", "-window", "0,0", "-window", "-1,1", "-quiet"}
	code, out, errOut := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "4 samples of 8 events, seed 3") ||
		!strings.Contains(out, "| test | (0,0) 0% | (0,0) 1% | (-1,1) 0% | (-1,1) 1% |") ||
		!strings.Contains(out, "| car_t (per event) |") {
		t.Errorf("markdown:\n%s", out)
	}
	md, csvPath := filepath.Join(dir, "table.md"), filepath.Join(dir, "table.csv")
	code, out2, errOut := runCLI(t, append(args, "-o", md, "-csv", csvPath)...)
	if code != exitOK || out2 != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, out2, errOut)
	}
	b, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != out {
		t.Errorf("the -o file differs from the first run's stdout (not reproducible):\n%s\n---\n%s", b, out)
	}
	rows := readTable(t, csvPath)
	// 18 group tests + car_t + sq, 2 windows, 2 levels.
	if len(rows) != 20*2*2 {
		t.Errorf("%d CSV rows, want 80", len(rows))
	}
	r := find(rows, "test", "cs_t", "window", "-1,1", "abnormal", "0.01")
	if r == nil || num(t, r["trials"])+num(t, r["undefined"]) != 4 {
		t.Errorf("cs_t -1,1 0.01 row: %v", r)
	}
}

// TestSimulateBootstrap: -bootstrap B adds the three resampling tests'
// rows, each with a p-value in every sample, and the table is
// reproducible from the seed.
func TestSimulateBootstrap(t *testing.T) {
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "table.csv")
	args := []string{"simulate", "-samples", "3", "-events", "12", "-seed", "3", "-panel", "synthetic",
		"-abnormal", "0", "-window", "-1,1", "-single=false", "-bootstrap", "99", "-bootstrap-weights", "mammen",
		"-tests", "cs_t,wild_boot,skew_t_boot,perm", "-quiet", "-csv", csvPath}
	code, out, errOut := runCLI(t, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, id := range []string{"wild_boot", "skew_t_boot", "perm"} {
		r := find(readTable(t, csvPath), "test", id, "window", "-1,1", "abnormal", "0")
		if r == nil || num(t, r["trials"]) != 3 {
			t.Errorf("%s row: %v", id, r)
		}
	}
	if _, again, _ := runCLI(t, args...); again != out {
		t.Errorf("second run differs:\n%s\n---\n%s", out, again)
	}
}

func TestSimulateBadFlags(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-abnormal", "0,x"}, `abnormal level "x"`},
		{[]string{"-tests", "cs_t,foo"}, `unknown test "foo"`},
		{[]string{"-panel", "crsp"}, `panel "crsp"`},
		{[]string{"-samples", "0"}, "samples 0"},
		{[]string{"-window", "0,30"}, "CAR window 0,30"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-tests", "cs_t,perm"}, "test perm resamples"},
		{[]string{"-bootstrap", "9", "-bootstrap-weights", "gauss"}, `--bootstrap-weights "gauss"`},
	}
	for _, tc := range cases {
		code, _, errOut := runCLI(t, append([]string{"simulate", "-quiet"}, tc.args...)...)
		if code != exitBadInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 mentioning %q", tc.args, code, errOut, tc.want)
		}
	}
}
