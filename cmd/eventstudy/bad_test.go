package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// The bad-input corpus (issue "every problem named, nothing lost, no
// crash"): testdata/bad/cases.csv lists every broken input with its
// expected outcome, and TestBadInputCorpus runs each through `run`.
//
// A file-level problem must give exit 2, name the file, line and column in
// stderr, and write nothing. An event-level problem must exclude the event
// with its reason code in events.csv and manifest.json while the study
// goes on (exit 1).

const badCorpus = "../../testdata/bad"

// badArgs are the settings of every corpus run: a 60-day estimation
// window keeps the real price slices small (about 105 trading days).
var badArgs = []string{"--estimation", "-60,-11", "--window", "-5,5", "--car", "-1,1", "--car", "0,1", "--min-est", "40", "--quiet"}

type badCase struct {
	id, events, prices, market string
	args                       []string
	exit                       int
	stderr                     []string
	wantEvents                 map[string]string // event_id → "ok" or reason code
	warnings                   []string          // "event_id:code" or ":code"
	gen, about                 string
}

func readBadCases(t *testing.T) []badCase {
	t.Helper()
	f, err := os.Open(filepath.Join(badCorpus, "cases.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var cases []badCase
	for _, rec := range recs[1:] {
		get := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
		c := badCase{id: get("id"), events: get("events"), prices: get("prices"), market: get("market"),
			args: strings.Fields(get("args")), gen: get("gen"), about: get("about"), wantEvents: map[string]string{}}
		switch get("exit") {
		case "0":
			c.exit = exitOK
		case "1":
			c.exit = exitExcluded
		case "2":
			c.exit = exitBadInput
		default:
			t.Fatalf("case %s: exit %q", c.id, get("exit"))
		}
		for _, s := range strings.Split(get("stderr"), " | ") {
			if s = strings.TrimSpace(s); s != "" {
				c.stderr = append(c.stderr, s)
			}
		}
		for _, kv := range strings.Fields(get("events_want")) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("case %s: events_want %q", c.id, kv)
			}
			c.wantEvents[k] = v
		}
		c.warnings = strings.Fields(get("warnings"))
		cases = append(cases, c)
	}
	return cases
}

var (
	badOnce sync.Once
	badDir  string
	badErr  error
)

// badCorpusCopy copies the corpus (symlinks as symlinks) into a temporary
// directory once per test binary, adds the generated inputs, and returns
// its path: the runs may then write next to the inputs without touching
// the repository.
func badCorpusCopy(t *testing.T) string {
	t.Helper()
	badOnce.Do(func() {
		badDir = filepath.Join(testRoot, "bad")
		badErr = copyTree(badCorpus, badDir)
		if badErr == nil {
			badErr = generateLongLine(filepath.Join(badDir, "px-long-line", "TMUS.csv"))
		}
	})
	if badErr != nil {
		t.Fatal(badErr)
	}
	return badDir
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// generateLongLine writes the px-long-line input: the base TMUS prices
// with a 2 MB line (longer than the loader's 1 MB line buffer) as line 10.
// It is generated because the corpus keeps its files small.
func generateLongLine(path string) error {
	b, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(path)), "base", "prices", "TMUS.csv"))
	if err != nil {
		return err
	}
	lines := strings.Split(string(b), "\n")
	long := "2021-05-14," + strings.Repeat("1", 2<<20)
	lines = append(lines[:9], append([]string{long}, lines[9:]...)...)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o644)
}

// argv builds the command line of a case inside the corpus copy dir.
func (c badCase) argv(dir, out string) []string {
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	path := func(s string) string { return filepath.Join(dir, s) }
	market := or(c.market, "GSPC")
	if strings.Contains(market, "/") {
		market = path(market)
	}
	args := append([]string{"run"}, badArgs...)
	args = append(args, "--events", path(or(c.events, "base/events.csv")),
		"--prices", path(or(c.prices, "base/prices")), "--market", market)
	hasOut := false
	for _, a := range c.args {
		a = strings.ReplaceAll(a, "{dir}", dir)
		hasOut = hasOut || a == "-o" || a == "--out"
		args = append(args, a)
	}
	if !hasOut {
		args = append(args, "-o", out)
	}
	return args
}

// outOf is the output directory a command line names.
func outOf(args []string) string {
	out := ""
	for i, a := range args {
		if (a == "-o" || a == "--out") && i+1 < len(args) {
			out = args[i+1]
		}
	}
	return out
}

func TestBadInputCorpus(t *testing.T) {
	dir := badCorpusCopy(t)
	cases := readBadCases(t)
	if len(cases) < 30 {
		t.Errorf("corpus has %d cases, want at least 30", len(cases))
	}
	// README and docs/errors.md quote the corpus' size.
	for _, doc := range []string{"../../README.md", "../../docs/errors.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%d cases", len(cases)); !strings.Contains(string(b), want) {
			t.Errorf("%s does not say the corpus has %q", doc, want)
		}
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			args := c.argv(dir, filepath.Join(t.TempDir(), "out"))
			out := outOf(args)
			before := treeListing(out)
			var stdout, stderr bytes.Buffer
			code := run(args, &stdout, &stderr)
			msg := stderr.String()
			if code != c.exit {
				t.Fatalf("%s: exit %d, want %d\nstderr:\n%s", c.about, code, c.exit, msg)
			}
			if strings.Contains(msg, "internal error") || strings.Contains(msg, "panic") {
				t.Errorf("stderr reports a panic:\n%s", msg)
			}
			for _, want := range c.stderr {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr lacks %q:\n%s", want, msg)
				}
			}
			if c.exit == exitBadInput {
				if len(c.stderr) == 0 {
					t.Errorf("case %s: a bad-input case must state the expected message; got:\n%s", c.id, msg)
				}
				if after := treeListing(out); after != before {
					t.Errorf("output %s changed on bad input:\nbefore %q\nafter  %q", out, before, after)
				}
				noTempDirs(t, filepath.Dir(out))
				return
			}
			checkEventOutcomes(t, out, c)
			noTempDirs(t, filepath.Dir(out))
		})
	}
}

// treeListing is the names and sizes below dir ("" when it does not exist).
func treeListing(dir string) string {
	if _, err := os.Lstat(dir); err != nil {
		return ""
	}
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			b.WriteString(p + " error\n")
			return nil
		}
		info, _ := d.Info()
		if info != nil {
			b.WriteString(p + " " + info.Mode().String())
			if info.Mode().IsRegular() {
				b.WriteString(" " + strconv.FormatInt(info.Size(), 10))
			}
		}
		b.WriteByte('\n')
		return nil
	})
	return b.String()
}

// noTempDirs asserts that no temp or aside directory of results.Write is
// left in dir.
func noTempDirs(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") && (strings.Contains(e.Name(), ".tmp-") || strings.Contains(e.Name(), ".old-")) {
			t.Errorf("left behind: %s", filepath.Join(dir, e.Name()))
		}
	}
}

// checkEventOutcomes compares events.csv and manifest.json with the case.
func checkEventOutcomes(t *testing.T, out string, c badCase) {
	t.Helper()
	rows := readTable(t, filepath.Join(out, "events.csv"))
	mb, err := os.ReadFile(filepath.Join(out, results.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var m results.Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	excluded := map[string]string{}
	for _, x := range m.Exclusions {
		excluded[x.EventID] = x.Reason
		if x.Detail == "" {
			t.Errorf("exclusion of %s has no detail", x.EventID)
		}
	}
	nExcl := 0
	for _, r := range rows {
		if r["status"] == "excluded" {
			nExcl++
		}
	}
	if (nExcl > 0) != (c.exit == exitExcluded) || len(m.Exclusions) != nExcl {
		t.Errorf("%d excluded in events.csv, %d in the manifest, exit %d", nExcl, len(m.Exclusions), c.exit)
	}
	if len(rows) != len(c.wantEvents) {
		t.Errorf("events.csv has %d rows, the case states %d", len(rows), len(c.wantEvents))
	}
	for id, want := range c.wantEvents {
		r := find(rows, "event_id", id)
		if r == nil {
			t.Errorf("%s missing from events.csv", id)
			continue
		}
		if want == "ok" {
			if r["status"] != "ok" || r["reason"] != "" {
				t.Errorf("%s: status %s reason %s, want ok", id, r["status"], r["reason"])
			}
			continue
		}
		if r["status"] != "excluded" || r["reason"] != want {
			t.Errorf("%s: status %s reason %s, want excluded %s", id, r["status"], r["reason"], want)
		}
		if excluded[id] != want {
			t.Errorf("%s: manifest exclusion %q, want %s", id, excluded[id], want)
		}
	}
	var have []string
	for _, w := range readTable(t, filepath.Join(out, results.WarningsFile)) {
		have = append(have, w["event_id"]+":"+w["code"])
	}
	sort.Strings(have)
	for _, want := range c.warnings {
		found := false
		for _, h := range have {
			found = found || h == want
		}
		if !found {
			t.Errorf("manifest warnings lack %s; have %v", want, have)
		}
	}
}

// User text reaches the report only escaped: event ids, incident, stage,
// label, group and firm carrying "</script><script>…" and
// "__f__(…)__f__" (go-echarts' marker for raw JavaScript) go through run,
// and report.html holds none of them as markup or code. The charts package
// has the browser test; this checks the whole pipeline's output as text.
func TestReportEscapesUserText(t *testing.T) {
	dir := badCorpusCopy(t)
	out := filepath.Join(t.TempDir(), "out")
	args := append(append([]string{"run"}, badArgs...), "--events", filepath.Join(dir, "ev-html-injection", "events.csv"),
		"--prices", filepath.Join(dir, "base", "prices"), "--market", "GSPC", "-o", out)
	code, _, stderr := runCLI(t, args...)
	if code != exitExcluded { // the firm "</script>…" is not in the price data
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	// No user text becomes a tag anywhere in the page.
	for _, raw := range []string{"<script>alert(", "</script><script>", "<img src=x"} {
		if i := strings.Index(page, raw); i >= 0 {
			t.Errorf("report.html contains the tag %q: ...%s...", raw, page[max(0, i-80):min(len(page), i+80)])
		}
	}
	// Inside the scripts (where the chart data lives) no user text becomes
	// code: no "__f__" marker survives and no injected function appears.
	// In the HTML text the same strings are inert, escaped text.
	for _, script := range scriptBodies(page) {
		if i := strings.Index(script, "__f__"); i >= 0 {
			t.Errorf("a script of report.html contains __f__: ...%s...", script[max(0, i-80):min(len(script), i+80)])
		}
		for off := 0; ; {
			i := strings.Index(script[off:], "function(){alert(")
			if i < 0 {
				break
			}
			if i += off; !inString(script, i) {
				t.Errorf("a script of report.html runs the injected function: ...%s...", script[max(0, i-80):min(len(script), i+80)])
			}
			off = i + 1
		}
	}
	// The text is shown (escaped), not dropped.
	for _, who := range []string{"label", "incident", "id", "img"} {
		if !strings.Contains(page, "alert(") || !containsAny(page, "alert(\\u0027"+who, "alert(&#39;"+who, "alert(\\x27"+who, "alert('"+who) {
			t.Errorf("report.html does not show the %s text at all", who)
		}
	}
	// The CSV keeps the text as data, byte for byte.
	ev := readTable(t, filepath.Join(out, "events.csv"))
	if r := find(ev, "event_id", "tmus-</script><script>alert('id')</script>"); r == nil ||
		r["label"] != "</script><script>alert('label')</script>" || r["status"] != "ok" {
		t.Errorf("events.csv row of the injected id: %v", r)
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// scriptBodies returns the contents of the page's <script> elements.
func scriptBodies(page string) []string {
	var out []string
	for {
		i := strings.Index(page, "<script")
		if i < 0 {
			return out
		}
		page = page[i:]
		j := strings.Index(page, ">")
		k := strings.Index(page, "</script>")
		if j < 0 || k < j {
			return append(out, page)
		}
		out = append(out, page[j+1:k])
		page = page[k+len("</script>"):]
	}
}

// inString reports whether position i of a script lies inside a
// double-quoted string literal (JSON data).
func inString(script string, i int) bool {
	in := false
	for k := 0; k < i; k++ {
		switch script[k] {
		case '\\':
			if in {
				k++
			}
		case '"':
			in = !in
		}
	}
	return in
}

// fuzzRun runs a study whose events file or TMUS price file is data, and
// checks the invariants of the CLI: no panic reaches the user, the exit
// code is 0, 1 or 2, exit 2 writes nothing, and exits 0 and 1 write an
// events.csv whose excluded rows match the exit code.
func fuzzRun(t *testing.T, dir string, events, tmus []byte) {
	work := t.TempDir()
	evPath := filepath.Join(dir, "base", "events.csv")
	prices := filepath.Join(dir, "base", "prices")
	if events != nil {
		evPath = filepath.Join(work, "events.csv")
		if err := os.WriteFile(evPath, events, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if tmus != nil {
		prices = filepath.Join(work, "prices")
		if err := os.MkdirAll(prices, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"GSPC", "VZ"} {
			b, err := os.ReadFile(filepath.Join(dir, "base", "prices", s+".csv"))
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(prices, s+".csv"), b, 0o644)
		}
		if err := os.WriteFile(filepath.Join(prices, "TMUS.csv"), tmus, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(work, "out")
	args := append(append([]string{"run"}, badArgs...), "--events", evPath, "--prices", prices, "--market", "GSPC", "-o", out)
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	if strings.Contains(stderr.String(), "internal error") {
		t.Fatalf("panic:\n%s", stderr.String())
	}
	switch code {
	case exitBadInput:
		if _, err := os.Lstat(out); err == nil {
			t.Fatal("exit 2 but the output directory was written")
		}
		if stderr.Len() == 0 {
			t.Fatal("exit 2 without a message")
		}
	case exitOK, exitExcluded:
		b, err := os.ReadFile(filepath.Join(out, "events.csv"))
		if err != nil {
			t.Fatalf("exit %d without events.csv: %v", code, err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil || len(recs) < 2 {
			t.Fatalf("events.csv unreadable or empty: %v", err)
		}
		status := -1
		for i, h := range recs[0] {
			if h == "status" {
				status = i
			}
		}
		excluded := false
		for _, r := range recs[1:] {
			excluded = excluded || (status >= 0 && r[status] == "excluded")
		}
		if status < 0 || excluded != (code == exitExcluded) {
			t.Fatalf("exit %d but excluded events: %v", code, excluded)
		}
	default:
		t.Fatalf("exit %d", code)
	}
}

// FuzzRunEvents feeds arbitrary events files through the whole pipeline
// (parse, anchor, estimate, test, write) on the corpus's real prices.
func FuzzRunEvents(f *testing.F) {
	seedFiles(f, "base/events.csv", "ev-overlap/events.csv", "ev-quoted-comma/events.csv",
		"ev-bad-time-session/events.csv", "ev-html-injection/events.csv", "ev-no-market/events.csv", "ev-holiday/events.csv")
	f.Add([]byte("event_id,firm,date,time,session,group,records,peers\na,TMUS,2021-08-16,09:29,pre,g,1,VZ\nb,VZ,2021-08-16,16:00,,g,,TMUS\n"))
	f.Fuzz(func(t *testing.T, events []byte) {
		fuzzRun(t, badCorpusCopy(t), events, nil)
	})
}

// FuzzRunPrices feeds arbitrary TMUS price files through the pipeline
// with the corpus's real market and events.
func FuzzRunPrices(f *testing.F) {
	seedFiles(f, "base/prices/TMUS.csv", "px-split/TMUS.csv", "px-stale/TMUS.csv", "px-nan/TMUS.csv",
		"px-unsorted/TMUS.csv", "px-semicolon-decimal-comma/TMUS.csv", "cal-extra-dates/TMUS.csv", "px-zero/TMUS.csv")
	f.Fuzz(func(t *testing.T, tmus []byte) {
		fuzzRun(t, badCorpusCopy(t), nil, tmus)
	})
}

func seedFiles(f *testing.F, paths ...string) {
	for _, p := range paths {
		b, err := os.ReadFile(filepath.Join(badCorpus, p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}
