package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/results"
	"github.com/breachlab/eventstudy/study"
)

// initStudy runs `eventstudy init` into a fresh directory.
func initStudy(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "study")
	code, stdout, stderr := runCLI(t, "init", dir)
	if code != exitOK {
		t.Fatalf("init exit %d\n%s%s", code, stdout, stderr)
	}
	return dir
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// csvTables are the table files of a results directory.
func csvTables(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no tables in %s: %v", dir, err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	slices.Sort(m)
	return m
}

func sameTables(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := csvTables(t, a), csvTables(t, b)
	if !slices.Equal(ta, tb) {
		t.Fatalf("table sets differ: %v vs %v", ta, tb)
	}
	for _, f := range ta {
		if !bytes.Equal(readFile(t, filepath.Join(a, f)), readFile(t, filepath.Join(b, f))) {
			t.Errorf("%s differs between %s and %s", f, a, b)
		}
	}
}

// The scaffold runs as it is against the bundled data, from any working
// directory (paths are relative to study.yaml).
func TestInitRunsAsIs(t *testing.T) {
	dir := initStudy(t)
	for _, f := range []string{"study.yaml", "events.csv", "README.md", "prices/TMUS.csv", "prices/GSPC.csv", "prices/VZ.csv", "prices/T.csv"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("init did not write %s: %v", f, err)
		}
	}
	code, stdout, stderr := runCLI(t, "run", filepath.Join(dir, "study.yaml"))
	if code != exitOK {
		t.Fatalf("run study.yaml exit %d\n%s%s", code, stdout, stderr)
	}
	out := filepath.Join(dir, "results")
	car := readTable(t, filepath.Join(out, "car.csv"))
	for _, id := range []string{"tmobile-2021-confirmation", "peer-vz-tmobile-2021"} {
		if find(car, "event_id", id, "window", "-1,1") == nil {
			t.Errorf("car.csv lacks %s CAR(-1,1)", id)
		}
	}
	code, stdout, _ = runCLI(t, "validate", filepath.Join(dir, "study.yaml"))
	if code != exitOK || !strings.Contains(stdout, "2 events, 0 would be excluded") {
		t.Errorf("validate study.yaml exit %d:\n%s", code, stdout)
	}
}

// The T-Mobile day-0 return through init's study.yaml is the Adj Close
// ratio of the copied price file (an independent number read from it).
func TestInitDay0ReturnFromPriceFile(t *testing.T) {
	dir := initStudy(t)
	if code, _, stderr := runCLI(t, "run", filepath.Join(dir, "study.yaml"), "--quiet"); code != exitOK {
		t.Fatalf("run: %s", stderr)
	}
	ar := find(readTable(t, filepath.Join(dir, "results", "ar.csv")), "event_id", "tmobile-2021-confirmation", "rel_day", "0")
	want := priceRatio(t, filepath.Join(dir, "prices", "TMUS.csv"), "Adj Close", "2021-08-13", "2021-08-16") - 1
	if ar == nil || math.Abs(num(t, ar["ret"])-want) > 1e-12*math.Abs(want) {
		t.Errorf("day-0 return %v, want %.15g", ar, want)
	}
}

// priceRatio is column col on date b over date a, read from a Yahoo file.
func priceRatio(t *testing.T, path, col, a, b string) float64 {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, path))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	j := slices.Index(recs[0], col)
	var pa, pb float64
	for _, r := range recs[1:] {
		switch r[0] {
		case a:
			pa = num(t, r[j])
		case b:
			pb = num(t, r[j])
		}
	}
	if pa == 0 || pb == 0 {
		t.Fatalf("%s: %s on %s or %s missing", path, col, a, b)
	}
	return pb / pa
}

func TestInitRefusesOverwrite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "study.yaml"), "model: mean\n")
	code, _, stderr := runCLI(t, "init", dir)
	if code != exitBadInput || !strings.Contains(stderr, "study.yaml") || !strings.Contains(stderr, "never overwrites") {
		t.Fatalf("init over an existing study.yaml: exit %d, %s", code, stderr)
	}
	if got := string(readFile(t, filepath.Join(dir, "study.yaml"))); got != "model: mean\n" {
		t.Errorf("study.yaml overwritten: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "events.csv")); err == nil {
		t.Error("init wrote events.csv although it refused")
	}
	if code, _, _ := runCLI(t, "init"); code != exitBadInput {
		t.Errorf("init without DIR: exit %d", code)
	}
}

// The template lists every key with the documented default: read back, it
// is study.Default() apart from the inputs and out it points at.
func TestInitTemplateDefaults(t *testing.T) {
	dir := initStudy(t)
	text := string(readFile(t, filepath.Join(dir, "study.yaml")))
	for _, k := range study.FileKeys {
		if !regexp.MustCompile(`(?m)^# .+\n` + k + `: `).MatchString(text) {
			t.Errorf("study.yaml lacks a commented %q line", k)
		}
	}
	got, err := study.LoadFile(filepath.Join(dir, "study.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := study.Default()
	want.Events, want.Prices, want.Market = filepath.Join(dir, "events.csv"), filepath.Join(dir, "prices"), "GSPC"
	want.Out = filepath.Join(dir, "results")
	want.Analysis.CARWindows = []analysis.Window{{T1: 0, T2: 0}, {T1: 0, T2: 1}, {T1: -1, T2: 1}, {T1: -2, T2: 2}, {T1: 0, T2: 5}, {T1: -5, T2: 5}, {T1: 0, T2: 10}, {T1: -10, T2: 10}}
	want.Analysis.Estimation, want.Analysis.EventWindow, want.Analysis.MinEst = analysis.Window{T1: -260, T2: -11}, analysis.Window{T1: -10, T2: 10}, 120
	if !reflect.DeepEqual(got, want) {
		t.Errorf("template reads as\n%+v\nwant\n%+v", got, want)
	}
	ev, err := events.Load(filepath.Join(dir, "events.csv"), "")
	if err != nil {
		t.Fatal(err)
	}
	header := strings.Split(strings.SplitN(string(readFile(t, filepath.Join(dir, "events.csv"))), "\n", 2)[0], ",")
	for _, c := range events.KnownColumns {
		if !slices.Contains(header, c) {
			t.Errorf("events template lacks column %s", c)
		}
	}
	if len(ev.Events) != 2 || ev.Events[0].Market != "GSPC" || !slices.Equal(ev.Events[0].Peers, []string{"VZ", "T"}) || !slices.Equal(ev.Characteristics, []string{"records"}) {
		t.Errorf("events template: %+v, characteristics %v", ev.Events, ev.Characteristics)
	}
}

// A study run from study.yaml, then from the manifest it wrote, gives
// byte-identical tables; so does rerunning the demo's manifest.
func TestManifestRerunIdentical(t *testing.T) {
	dir := initStudy(t)
	if code, _, stderr := runCLI(t, "run", filepath.Join(dir, "study.yaml"), "--quiet"); code != exitOK {
		t.Fatalf("run study.yaml: %s", stderr)
	}
	first := filepath.Join(dir, "results")
	again := filepath.Join(t.TempDir(), "again")
	if code, _, stderr := runCLI(t, "run", filepath.Join(first, "manifest.json"), "-o", again, "--quiet"); code != exitOK {
		t.Fatalf("run manifest.json: %s", stderr)
	}
	sameTables(t, first, again)
	var m1, m2 results.Manifest
	json.Unmarshal(readFile(t, filepath.Join(first, "manifest.json")), &m1)
	json.Unmarshal(readFile(t, filepath.Join(again, "manifest.json")), &m2)
	if !reflect.DeepEqual(m1.Config, m2.Config) || !reflect.DeepEqual(m1.Inputs, m2.Inputs) {
		t.Errorf("rerun manifest differs:\n%v\n%v", m1.Config, m2.Config)
	}

	demo, _ := demoOutput(t)
	rerun := filepath.Join(t.TempDir(), "demo-rerun")
	if code, _, stderr := runCLI(t, "run", filepath.Join(demo, "manifest.json"), "-o", rerun, "--quiet"); code != exitOK {
		t.Fatalf("rerun of the demo manifest: exit %d %s", code, stderr)
	}
	sameTables(t, demo, rerun)
	json.Unmarshal(readFile(t, filepath.Join(demo, "manifest.json")), &m1)
	json.Unmarshal(readFile(t, filepath.Join(rerun, "manifest.json")), &m2)
	if !reflect.DeepEqual(m1.Config, m2.Config) || !reflect.DeepEqual(m1.Inputs, m2.Inputs) {
		t.Errorf("demo rerun manifest differs:\n%v\n%v", m1.Inputs, m2.Inputs)
	}
}

// Flags the user gives override the study file; the others keep its
// values.
func TestFlagsOverrideStudyFile(t *testing.T) {
	dir := initStudy(t)
	sf := filepath.Join(dir, "study.yaml")
	text := strings.Replace(string(readFile(t, sf)), "model: market\n", "model: mean\n", 1)
	text = strings.Replace(text, "min_est: 120\n", "min_est: 100\n", 1)
	writeFile(t, sf, text)
	out := filepath.Join(t.TempDir(), "o")
	code, _, stderr := runCLI(t, "run", sf, "--model", "market-adjusted", "--car", "0,1", "-o", out, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var m results.Manifest
	if err := json.Unmarshal(readFile(t, filepath.Join(out, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	c := m.Config
	if c["model"] != "market-adjusted" || c["min_est"] != float64(100) || !reflect.DeepEqual(c["car"], []any{"0,1"}) || c["market"] != "GSPC" {
		t.Errorf("config %v: want model from the flag, min_est from the file, car from the flag", c)
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
		t.Error("-o did not override out")
	}
}

func TestStudyFileErrorsExit2(t *testing.T) {
	dir := initStudy(t)
	sf := filepath.Join(dir, "study.yaml")
	writeFile(t, sf, "events: events.csv\nprices: prices\nestimaton: \"-260,-11\"\nmarket: GSPC\n")
	code, _, stderr := runCLI(t, "run", sf)
	want := sf + `:3: unknown key "estimaton"; did you mean "estimation"?`
	if code != exitBadInput || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want %q", code, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); err == nil {
		t.Error("results written despite a bad study file")
	}
	if code, _, stderr := runCLI(t, "run", filepath.Join(dir, "nope.yaml")); code != exitBadInput || !strings.Contains(stderr, "nope.yaml") {
		t.Errorf("missing study file: exit %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "run", sf, sf); code != exitBadInput {
		t.Errorf("two study files: exit %d", code)
	}
}

// --date-format and --price-column reach the loaders. Prices holding only
// the 1st to 12th of each month make slash dates ambiguous: they need the
// format, and with it give the same tables as the same prices with ISO
// dates. Close instead of Adj Close gives the Close ratio of the file.
func TestDateFormatAndPriceColumnOverrides(t *testing.T) {
	dir := initStudy(t)
	sf := filepath.Join(dir, "study.yaml")
	iso := regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2}),`)
	isoDir, usDir := filepath.Join(dir, "iso"), filepath.Join(dir, "us")
	for _, d := range []string{isoDir, usDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tk := range initPrices {
		lines := strings.SplitAfter(string(readFile(t, filepath.Join(dir, "prices", tk+".csv"))), "\n")
		var isoText, usText strings.Builder
		isoText.WriteString(lines[0])
		usText.WriteString(lines[0])
		for _, l := range lines[1:] {
			m := iso.FindStringSubmatch(l)
			if m == nil || m[3] > "12" {
				continue
			}
			isoText.WriteString(l)
			usText.WriteString(iso.ReplaceAllString(l, "$2/$3/$1,"))
		}
		writeFile(t, filepath.Join(isoDir, tk+".csv"), isoText.String())
		writeFile(t, filepath.Join(usDir, tk+".csv"), usText.String())
	}
	isoOut, usOut := filepath.Join(t.TempDir(), "iso"), filepath.Join(t.TempDir(), "us")
	if code, _, stderr := runCLI(t, "run", sf, "--prices", isoDir, "--max-shift", "31", "-o", isoOut, "--quiet"); code != exitOK {
		t.Fatalf("ISO run: exit %d %s", code, stderr)
	}
	code, _, stderr := runCLI(t, "run", sf, "--prices", usDir, "--max-shift", "31", "-o", usOut, "--quiet")
	if code != exitBadInput || !strings.Contains(stderr, "date") {
		t.Fatalf("ambiguous slash dates without --date-format: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(usOut); err == nil {
		t.Error("results written despite ambiguous dates")
	}
	code, _, stderr = runCLI(t, "run", sf, "--prices", usDir, "--max-shift", "31", "--date-format", "mdy", "-o", usOut)
	if code != exitOK {
		t.Fatalf("--date-format mdy: exit %d, %s", code, stderr)
	}
	if !strings.Contains(stderr, "detected prices:") || !strings.Contains(stderr, "MM/DD/YYYY") {
		t.Errorf("detection line does not report the date format:\n%s", stderr)
	}
	for _, f := range []string{"ar.csv", "car.csv", "tests.csv", "aar.csv"} {
		if !bytes.Equal(readFile(t, filepath.Join(isoOut, f)), readFile(t, filepath.Join(usOut, f))) {
			t.Errorf("%s differs between ISO and MM/DD/YYYY prices", f)
		}
	}

	closeOut := filepath.Join(t.TempDir(), "close")
	code, _, stderr = runCLI(t, "run", sf, "--price-column", "Close", "-o", closeOut)
	if code != exitOK {
		t.Fatalf("--price-column Close: %s", stderr)
	}
	if !strings.Contains(stderr, `column "Close"`) {
		t.Errorf("detection line does not name the Close column:\n%s", stderr)
	}
	ar := find(readTable(t, filepath.Join(closeOut, "ar.csv")), "event_id", "tmobile-2021-confirmation", "rel_day", "0")
	want := priceRatio(t, filepath.Join(dir, "prices", "TMUS.csv"), "Close", "2021-08-13", "2021-08-16") - 1
	if ar == nil || math.Abs(num(t, ar["ret"])-want) > 1e-12*math.Abs(want) {
		t.Errorf("Close day-0 return %v, want %.15g", ar, want)
	}
	adj := priceRatio(t, filepath.Join(dir, "prices", "TMUS.csv"), "Adj Close", "2021-08-13", "2021-08-16") - 1
	if want == adj {
		t.Error("Close and Adj Close returns coincide; the test cannot tell the columns apart")
	}
}

// Every export of one run holds the same numbers: results.json and the
// CSVs cell by cell, results.xlsx sheet by sheet; every column name is a
// legal Stata variable name.
func TestExportsAgree(t *testing.T) {
	out := filepath.Join(t.TempDir(), "all")
	code, _, stderr := runCLI(t, "demo", "-o", out, "--format", "csv,json,md,tex,xlsx", "--quiet")
	if code != exitOK {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	for _, f := range []string{results.JSONFile, results.MarkdownFile, results.TeXFile, results.XLSXFile} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing: %v", f, err)
		}
	}
	all := csvTables(t, out)
	csvs := map[string][][]string{}
	for _, f := range all {
		recs, err := csv.NewReader(bytes.NewReader(readFile(t, filepath.Join(out, f)))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		csvs[strings.TrimSuffix(f, ".csv")] = recs
	}

	stata := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,31}$`)
	for name, recs := range csvs {
		for _, h := range recs[0] {
			if !stata.MatchString(h) {
				t.Errorf("%s.csv: column %q is not a Stata name", name, h)
			}
		}
	}
	// results.json and results.xlsx hold every CSV table of the
	// directory, the comparison tables included.
	tables := all
	for _, f := range []string{compare.StagesFile, compare.PeersFile, compare.GroupDiffFile, compare.ConfoundingFile, compare.ClusteringFile} {
		if !slices.Contains(all, f) {
			t.Errorf("the demo wrote no %s", f)
		}
	}
	for _, m := range []analysis.Model{analysis.ModelFF3, analysis.ModelCarhart, analysis.ModelFF5} {
		for _, f := range m.Factors() {
			if c := results.BetaColumn(f); !stata.MatchString(c) {
				t.Errorf("beta column %q of %s is not a Stata name", c, f)
			}
		}
	}

	var js map[string]json.RawMessage
	if err := json.Unmarshal(readFile(t, filepath.Join(out, results.JSONFile)), &js); err != nil {
		t.Fatal(err)
	}
	for name, recs := range csvs {
		var rows []map[string]any
		dec := json.NewDecoder(bytes.NewReader(js[name]))
		dec.UseNumber()
		if err := dec.Decode(&rows); err != nil {
			t.Fatalf("results.json %q: %v", name, err)
		}
		if len(rows) != len(recs)-1 {
			t.Fatalf("%s: %d JSON rows, %d CSV rows", name, len(rows), len(recs)-1)
		}
		for i, r := range recs[1:] {
			for j, h := range recs[0] {
				if !sameCell(r[j], rows[i][h]) {
					t.Errorf("%s row %d %s: CSV %q, JSON %v", name, i+1, h, r[j], rows[i][h])
				}
			}
		}
	}

	x, err := excelize.OpenFile(filepath.Join(out, results.XLSXFile))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var names []string
	for _, f := range tables {
		names = append(names, strings.TrimSuffix(f, ".csv"))
	}
	sheets := slices.Sorted(slices.Values(x.GetSheetList()))
	if !slices.Equal(sheets, names) {
		t.Fatalf("xlsx sheets %v, want one per table %v", sheets, names)
	}
	for name, recs := range csvs {
		rows, err := x.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(recs) {
			t.Fatalf("sheet %s: %d rows, CSV %d", name, len(rows), len(recs))
		}
		for i, r := range recs {
			for j, v := range r {
				got := ""
				if j < len(rows[i]) {
					got = rows[i][j]
				}
				if got != v && !sameNumber(v, got) {
					t.Errorf("sheet %s row %d col %s: %q, CSV %q", name, i, recs[0][j], got, v)
				}
			}
		}
	}
}

// sameCell compares a CSV cell with the JSON value of the same field.
func sameCell(c string, v any) bool {
	switch v := v.(type) {
	case nil:
		return c == "" || c == "Inf" || c == "-Inf" // JSON has no infinities
	case string:
		return c == v
	case json.Number:
		return sameNumber(c, v.String())
	case bool:
		return c == strconv.FormatBool(v)
	}
	return false
}

func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

// Every subcommand's --help prints its usage line and an example, and
// exits 0.
func TestHelpEverySubcommand(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.name, "--help")
			text := stdout + stderr
			if code != exitOK || !strings.Contains(text, "usage: eventstudy "+c.name) || !strings.Contains(text, "example:\n  eventstudy "+c.name) {
				t.Errorf("%s --help: exit %d\n%s", c.name, code, text)
			}
		})
	}
}

// The built binary (as go install builds it) reports its version and,
// from a git checkout, the commit it was built from.
func TestVersionOfBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "eventstudy")
	build := exec.Command("go", "build", "-o", bin, ".")
	if b, err := build.CombinedOutput(); err != nil {
		// Without usable VCS metadata (e.g. an exported tree) build without it.
		build = exec.Command("go", "build", "-buildvcs=false", "-o", bin, ".")
		if b2, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s\n%s", err, b, b2)
		}
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.TrimSpace(string(out))
	if !regexp.MustCompile(`^eventstudy \S+( \(commit [0-9a-f]{12}(, modified)?\))?$`).MatchString(v) {
		t.Fatalf("version output %q", v)
	}
	if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil && strings.Contains(v, "commit") {
		if !strings.Contains(v, "commit "+string(head[:12])) {
			t.Errorf("version %q does not name HEAD %s", v, head[:12])
		}
	}
}
