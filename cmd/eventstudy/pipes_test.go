package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// tmobileEvent is T-Mobile's confirmation of its 2021 breach, the running
// example.
const tmobileEvent = "event_id,firm,date,session\ntmobile-2021-confirmation,TMUS,2021-08-16,intraday\n"

// feedFIFO makes a named pipe at path and writes src's bytes into it once
// a reader opens it (as a shell's <(cat src) does).
func feedFIFO(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	go func() {
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		r, err := os.Open(src)
		if err != nil {
			return
		}
		defer r.Close()
		io.Copy(w, r)
	}()
}

// manifestInputs is the manifest's inputs by role.
func manifestInputs(t *testing.T, dir string) map[string]struct{ Path, SHA256 string } {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Inputs []struct {
			Role, Path, SHA256 string
		}
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]struct{ Path, SHA256 string }{}
	for _, in := range m.Inputs {
		out[in.Role] = struct{ Path, SHA256 string }{in.Path, in.SHA256}
	}
	return out
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestPipedInputs runs T-Mobile's confirmation from files and again with
// every input through a pipe (prices and market as named pipes, the events
// on standard input): the results are the same bytes, and the manifest
// names the pipes and hashes the bytes they gave. Read in place, a pipe
// lost its first bytes to the format sniff ("no date column in header
// \"\",\"Open\"...") and the manifest hashed an empty stream.
func TestPipedInputs(t *testing.T) {
	dir := t.TempDir()
	events := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(events, []byte(tmobileEvent), 0o644); err != nil {
		t.Fatal(err)
	}
	tmus := filepath.Join("..", "..", "testdata", "demo", "prices", "TMUS.csv")
	gspc := filepath.Join("..", "..", "testdata", "demo", "prices", "GSPC.csv")
	fromFiles := filepath.Join(dir, "files")
	if code, _, stderr := runCLI(t, "run", "--events", events, "--prices", tmus, "--market", gspc, "-o", fromFiles, "--quiet"); code != 0 {
		t.Fatalf("from files: exit %d: %s", code, stderr)
	}

	// The pipe keeps the file's base name: a per-ticker file's symbol.
	pricesPipe := filepath.Join(dir, "pipes", "prices", "TMUS.csv")
	marketPipe := filepath.Join(dir, "pipes", "market", "GSPC.csv")
	feedFIFO(t, pricesPipe, tmus)
	feedFIFO(t, marketPipe, gspc)
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = strings.NewReader(tmobileEvent)
	fromPipes := filepath.Join(dir, "pipes-out")
	if code, _, stderr := runCLI(t, "run", "--events", "-", "--prices", pricesPipe, "--market", marketPipe, "-o", fromPipes, "--quiet"); code != 0 {
		t.Fatalf("from pipes: exit %d: %s", code, stderr)
	}

	for _, name := range []string{"ar.csv", "car.csv", "events.csv", "prices.csv"} {
		a, err := os.ReadFile(filepath.Join(fromFiles, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(fromPipes, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(a) != string(b) {
			t.Errorf("%s differs between files and pipes", name)
		}
	}
	car := readTable(t, filepath.Join(fromPipes, "car.csv"))
	if r := find(car, "window", "0,0"); r == nil || !strings.HasPrefix(r["car"], "-0.03") {
		t.Errorf("T-Mobile's CAR(0,0) through pipes: %v, want about -0.03", r)
	}

	got := manifestInputs(t, fromPipes)
	want := map[string]struct{ Path, SHA256 string }{
		"events": {"-", hex.EncodeToString(func() []byte { s := sha256.Sum256([]byte(tmobileEvent)); return s[:] }())},
		"prices": {pricesPipe, fileSHA256(t, tmus)},
		"market": {marketPipe, fileSHA256(t, gspc)},
	}
	for role, w := range want {
		if got[role] != w {
			t.Errorf("manifest input %s: %+v, want %+v", role, got[role], w)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "eventstudy-input-*")); len(left) > 0 {
		t.Errorf("copies of the pipes left behind: %v", left)
	}
}

// TestPipedRerun: a manifest that read its events from standard input
// reruns with them on standard input again ("-" is not a path relative to
// the manifest's base), and a changed stream is reported by its SHA-256.
func TestPipedRerun(t *testing.T) {
	dir := t.TempDir()
	prices := filepath.Join("..", "..", "testdata", "demo", "prices")
	defer func(r io.Reader) { stdin = r }(stdin)
	stdin = strings.NewReader(tmobileEvent)
	first := filepath.Join(dir, "first")
	if code, _, stderr := runCLI(t, "run", "--events", "-", "--prices", prices, "--market", "GSPC", "-o", first, "--quiet"); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	stdin = strings.NewReader(tmobileEvent)
	again := filepath.Join(dir, "again")
	if code, _, stderr := runCLI(t, "run", filepath.Join(first, "manifest.json"), "-o", again, "--quiet"); code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(first, "car.csv"))
	b, _ := os.ReadFile(filepath.Join(again, "car.csv"))
	if len(a) == 0 || string(a) != string(b) {
		t.Error("the rerun's car.csv differs from the first run's")
	}
	if got := manifestInputs(t, again)["events"]; got != manifestInputs(t, first)["events"] {
		t.Errorf("rerun events input %+v, want the first run's", got)
	}
	stdin = strings.NewReader(strings.Replace(tmobileEvent, "2021-08-16", "2021-08-17", 1))
	changed := filepath.Join(dir, "changed")
	code, _, stderr := runCLI(t, "run", filepath.Join(first, "manifest.json"), "-o", changed)
	if code != 0 || !strings.Contains(stderr, "input_changed: events -: SHA-256") {
		t.Errorf("rerun with other events on stdin: exit %d, stderr %q; want an input_changed warning", code, stderr)
	}
}

// TestPipedInputErrors: an error in piped data names the pipe as given,
// not the private copy, and standard input can feed one input only.
func TestPipedInputErrors(t *testing.T) {
	dir := t.TempDir()
	events := filepath.Join(dir, "events.csv")
	if err := os.WriteFile(events, []byte(tmobileEvent), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(r io.Reader) { stdin = r }(stdin)

	t.Run("bad cell", func(t *testing.T) {
		stdin = strings.NewReader("Date,Close\n2021-08-13,146.50\n2021-08-16,abc\n")
		code, _, stderr := runCLI(t, "run", "--events", events, "--prices", "-", "--market", "GSPC", "-o", filepath.Join(dir, "bad"), "--quiet")
		if code != exitBadInput || !strings.Contains(stderr, "-:3:") || strings.Contains(stderr, "eventstudy-input-") {
			t.Errorf("exit %d, stderr %q; want exit %d naming -:3:", code, stderr, exitBadInput)
		}
	})
	t.Run("stdin twice", func(t *testing.T) {
		stdin = strings.NewReader(tmobileEvent)
		code, _, stderr := runCLI(t, "run", "--events", "-", "--prices", "-", "--market", "GSPC", "-o", filepath.Join(dir, "twice"), "--quiet")
		if code != exitBadInput || !strings.Contains(stderr, "two inputs read standard input") {
			t.Errorf("exit %d, stderr %q; want exit %d and the reason", code, stderr, exitBadInput)
		}
	})
	if _, err := os.Stat(filepath.Join(dir, "bad")); err == nil {
		t.Error("a failed run wrote its output directory")
	}
}
