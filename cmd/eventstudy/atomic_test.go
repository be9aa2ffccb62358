package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Tests of the output contract under faults: a run killed at any moment
// leaves the earlier results intact and no half-written directory, a write
// failure gives exit 2 and no partial directory, and two runs on the same
// inputs write the same bytes.

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// eventstudyBinary builds the command once per test binary.
func eventstudyBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	binOnce.Do(func() {
		binPath = filepath.Join(testRoot, "eventstudy")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// largeStudy generates a research-size synthetic study (300 securities,
// 3000 days, 2000 events; about 25 MB of prices and 20 MB of results), so
// that a run lasts long enough to be killed while computing and while
// writing.
func largeStudy(t *testing.T) (events, prices, market string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "gen")
	out, err := exec.Command("go", "run", "../eventstudy-gen", "-securities", "300", "-days", "3000",
		"-events", "2000", "-out", dir, "-quiet").CombinedOutput()
	if err != nil {
		t.Fatalf("eventstudy-gen: %v\n%s", err, out)
	}
	return filepath.Join(dir, "events.csv"), filepath.Join(dir, "prices.csv"), filepath.Join(dir, "market.csv")
}

// snapshot reads every file of a results directory.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, e := range ents {
		if e.IsDir() { // figures/: its files by "figures/<name>"
			for n, b := range snapshot(t, filepath.Join(dir, e.Name())) {
				m[e.Name()+"/"+n] = b
			}
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = b
	}
	return m
}

func sameSnapshot(a, b map[string][]byte) string {
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			return "new file " + n
		}
	}
	sort.Strings(names)
	for _, n := range names {
		bb, ok := b[n]
		if !ok {
			return "missing file " + n
		}
		if !bytes.Equal(a[n], bb) {
			return "changed file " + n
		}
	}
	return ""
}

// tempDirsOf lists the temp and aside dirs results.Write may leave in
// parent for the output base.
func tempDirsOf(t *testing.T, parent, base string) []string {
	t.Helper()
	ents, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "."+base+".") {
			out = append(out, e.Name())
		}
	}
	return out
}

// SIGKILL at delays spread over a whole run (computing, rendering,
// writing, renaming): the output directory must hold, byte for byte, either
// the earlier results or the complete new ones (a kill after the final
// exchange), never a mixture; any leftover must be a ".out.tmp-*" dir, and
// the next run must clean it up. The killed runs use another model than
// the earlier results so that old and new differ in every table.
func TestKilledRunLeavesEarlierResults(t *testing.T) {
	bin := eventstudyBinary(t)
	events, prices, market := largeStudy(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	argsOld := []string{"run", "--events", events, "--prices", prices, "--market", market, "-o", out, "--quiet"}
	argsNew := append(append([]string{}, argsOld...), "--model", "mean")

	complete := func(args []string) map[string][]byte {
		t.Helper()
		if err := exec.Command(bin, args...).Run(); exitCode(err) > exitExcluded {
			t.Fatalf("%v: %v", args, err)
		}
		return normalized(snapshot(t, out))
	}
	start := time.Now()
	newResults := complete(argsNew)
	full := time.Since(start)
	oldResults := complete(argsOld)
	if sameSnapshot(oldResults, newResults) == "" {
		t.Fatal("old and new results are identical; the test could not tell them apart")
	}

	// Fixed early delays, then fractions of a full run so that some kills
	// land in the write phase at its end.
	delays := []time.Duration{50 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second}
	for _, f := range []float64{0.6, 0.75, 0.85, 0.9, 0.94, 0.97, 0.99} {
		delays = append(delays, time.Duration(f*float64(full)))
	}
	// And kills timed from the moment the temp dir appears (the write
	// phase: files, fsyncs, the exchange of the directories).
	writeDelays := []time.Duration{0, time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond,
		50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
	killed, keptOld, tempLeft := 0, 0, 0
	for k, d := range append(delays, writeDelays...) {
		// Every iteration starts from the earlier (old) results.
		if sameSnapshot(oldResults, normalized(snapshot(t, out))) != "" {
			complete(argsOld)
		}
		cmd := exec.Command(bin, argsNew...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if k >= len(delays) {
			waitForTempDir(parent, "out", 2*full)
		}
		time.Sleep(d)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var ee *exec.ExitError
		wasKilled := errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled()
		if !wasKilled && exitCode(err) > exitExcluded {
			t.Fatalf("run not killed after %v: exit %d", d, exitCode(err))
		}
		now := normalized(snapshot(t, out))
		switch {
		case sameSnapshot(oldResults, now) == "":
			if !wasKilled {
				t.Fatalf("run completed after %v but the old results are in place", d)
			}
			keptOld++
		case sameSnapshot(newResults, now) == "":
		default:
			t.Fatalf("killed after %v: the output is neither the earlier results nor the new ones: %s / %s",
				d, sameSnapshot(oldResults, now), sameSnapshot(newResults, now))
		}
		if wasKilled {
			killed++
		}
		for _, n := range tempDirsOf(t, parent, "out") {
			if !strings.HasPrefix(n, ".out.tmp-") {
				t.Errorf("killed after %v: left %s, which is not a temp dir", d, n)
			}
			tempLeft++
		}
	}
	t.Logf("full run %v; %d of %d runs killed, %d left the earlier results in place; %d temp dirs seen after kills",
		full, killed, len(delays)+len(writeDelays), keptOld, tempLeft)
	if keptOld == 0 {
		t.Fatal("no run was killed before its results were in place; the test proves nothing")
	}

	// The next complete run removes what the killed ones left.
	complete(argsOld)
	if left := tempDirsOf(t, parent, "out"); len(left) > 0 {
		t.Errorf("temp dirs not cleaned up by the next run: %v", left)
	}
}

// normalized blanks the manifest's creation time, the one field in which
// two runs of one study differ.
func normalized(s map[string][]byte) map[string][]byte {
	for n, b := range s {
		s[n] = createdField.ReplaceAll(b, []byte("created"))
	}
	return s
}

// waitForTempDir polls parent until a ".<base>.tmp-" dir appears or max
// passes.
func waitForTempDir(parent, base string, max time.Duration) {
	deadline := time.Now().Add(max)
	for time.Now().Before(deadline) {
		ents, _ := os.ReadDir(parent)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), "."+base+".tmp-") {
				return
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return 255
}

// A write that fails half-way (the file size limit, RLIMIT_FSIZE, makes
// writing report.html fail with EFBIG as a full disk fails with ENOSPC)
// gives exit 2, an error naming the file, and no partial directory; an
// earlier results directory stays as it was.
func TestWriteFailureExit2(t *testing.T) {
	bin := eventstudyBinary(t)
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to set the file size limit")
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	limited := func(args ...string) (int, string) {
		// ulimit -f counts 512- or 1024-byte blocks depending on the shell:
		// 256 blocks is at most 256 KB, far below report.html's size.
		cmd := exec.Command("sh", append([]string{"-c", `ulimit -f 256 && exec "$0" "$@"`, bin}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		return exitCode(err), stderr.String()
	}

	dir := badCorpusCopy(t)
	runArgs := append(append([]string{"run"}, badArgs...), "--events", filepath.Join(dir, "base", "events.csv"),
		"--prices", filepath.Join(dir, "base", "prices"), "--market", "GSPC", "-o", out)
	code, stderr := limited(runArgs...)
	if code != exitBadInput {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "report.html") || !strings.Contains(stderr, "file too large") {
		t.Errorf("error does not name the file and the cause:\n%s", stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("partial output directory left")
	}
	if left := tempDirsOf(t, parent, "out"); len(left) > 0 {
		t.Errorf("temp dirs left: %v", left)
	}

	// With earlier results in place.
	if err := exec.Command(bin, runArgs...).Run(); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	if code, stderr := limited(runArgs...); code != exitBadInput {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	if why := sameSnapshot(before, snapshot(t, out)); why != "" {
		t.Errorf("earlier results changed by a failed write: %s", why)
	}
	if left := tempDirsOf(t, parent, "out"); len(left) > 0 {
		t.Errorf("temp dirs left: %v", left)
	}
}

// createdField is the manifest's creation time, in the JSON files (and in
// the report's header line, where older versions printed it).
var createdField = regexp.MustCompile(`"created": "[^"]*"|created \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// Two runs on the same inputs give byte-identical files, apart from the
// manifest's created time: the demo (groups breach and peers) and a
// three-factor study of two groups over the bad-input corpus's base data
// in every output format (xlsx included).
func TestDeterministicOutputs(t *testing.T) {
	dir := badCorpusCopy(t)
	multi := filepath.Join(t.TempDir(), "events.csv")
	if err := os.WriteFile(multi, []byte("event_id,firm,date,session,group,records\n"+
		"tmus-confirm,TMUS,2021-08-16,intraday,breach,100\n"+
		"tmus-scope,TMUS,2021-08-17,after,breach,48\n"+
		"vz-peer,VZ,2021-08-16,intraday,peers,\n"+
		"vz-late,VZ,2021-09-01,intraday,peers,\n"+
		"xyz,XYZ,2021-08-16,,peers,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	studies := map[string][]string{
		"demo": {"demo", "--format", "csv,json,md,tex,xlsx"},
		"ff3-two-groups": append(append([]string{"run"}, badArgs...), "--events", multi,
			"--prices", filepath.Join(dir, "base", "prices"), "--market", "GSPC",
			"--model", "ff3", "--factors", filepath.Join(dir, "base", "ff3.CSV"), "--format", "csv,json,md,tex,xlsx"),
	}
	for name, args := range studies {
		t.Run(name, func(t *testing.T) {
			var snaps []map[string][]byte
			for i := 0; i < 2; i++ {
				out := filepath.Join(t.TempDir(), "out")
				code, _, stderr := runCLI(t, append(args, "-o", out, "--quiet")...)
				if code > exitExcluded {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				s := snapshot(t, out)
				for _, n := range []string{"manifest.json", "results.json", "report.html"} {
					if b, ok := s[n]; ok {
						if n == "manifest.json" && !createdField.Match(b) {
							t.Fatalf("%s has no created time", n)
						}
						s[n] = createdField.ReplaceAll(b, []byte("created"))
					}
				}
				snaps = append(snaps, s)
			}
			if len(snaps[0]) < 8 {
				t.Errorf("only %d files written", len(snaps[0]))
			}
			if why := sameSnapshot(snaps[0], snaps[1]); why != "" {
				t.Errorf("two runs differ: %s", why)
			}
		})
	}
}
