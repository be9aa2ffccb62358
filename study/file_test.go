package study

import (
	"encoding/json"
	"errors"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
)

// Every key sets its field; the expected values are written out by hand.
func TestParseFileKeys(t *testing.T) {
	text := `
events: ev.csv
prices: px
market: GSPC
factors: [ff.CSV, mom.CSV]
model: ff3
returns: log
estimation: "-200,-21"
window: "-5,5"
car: ["-1,1", "0,2"]
min_est: 60
anchor: previous
max_shift: 4
tests: [patell, bmp]
date_format: mdy
price_column: Close
gaps: drop
market_price_column: Adj Close
returns_unit: percent
car_var: simple
bhar_benchmark: model
multi_day: sum-sar
kp_rbar: event-time
kp_min_shared: 10
primary_stage: filing
out: res
format: [json, xlsx]
`
	s, err := ParseFile("study.yaml", []byte(text), "base")
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Events, want.Prices, want.Market = filepath.Join("base", "ev.csv"), filepath.Join("base", "px"), "GSPC"
	want.Factors = []string{filepath.Join("base", "ff.CSV"), filepath.Join("base", "mom.CSV")}
	want.Analysis.Model, want.Analysis.LogReturns = analysis.ModelFF3, true
	want.Analysis.Estimation, want.Analysis.EventWindow = analysis.Window{T1: -200, T2: -21}, analysis.Window{T1: -5, T2: 5}
	want.Analysis.CARWindows = []analysis.Window{{T1: -1, T2: 1}, {T1: 0, T2: 2}}
	want.Analysis.MinEst, want.Anchor, want.MaxShift = 60, events.RulePrevious, 4
	want.Analysis.Tests = []string{"patell", "bmp"}
	want.DateFormat, want.PriceColumn, want.Gaps = dates.DateUS, "Close", "drop"
	want.MarketPriceColumn, want.ReturnsUnit = "Adj Close", prices.UnitPercent
	want.Analysis.CARVar, want.Analysis.BHARBenchmark, want.Analysis.MultiDay = "simple", "model", "sum-sar"
	want.Analysis.KPRbar, want.Analysis.KPMinShared, want.Analysis.PrimaryStage = "event-time", 10, "filing"
	want.Out = filepath.Join("base", "res")
	want.Formats = []string{"csv", "json", "xlsx"}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("parsed\n%+v\nwant\n%+v", s, want)
	}
}

func TestParseFileForms(t *testing.T) {
	abs := filepath.Join(string(filepath.Separator), "data", "ev.csv")
	cases := []struct {
		name, text string
		check      func(s Study) bool
	}{
		{"empty file keeps defaults", "", func(s Study) bool { return reflect.DeepEqual(s, Default()) }},
		{"comments only", "# nothing\n", func(s Study) bool { return reflect.DeepEqual(s, Default()) }},
		{"car as one string", `car: "-1,1 0,1"`, func(s Study) bool {
			return reflect.DeepEqual(s.Analysis.CARWindows, []analysis.Window{{T1: -1, T2: 1}, {T1: 0, T2: 1}})
		}},
		{"unquoted single window is text", `car: -2,2`, func(s Study) bool {
			return reflect.DeepEqual(s.Analysis.CARWindows, []analysis.Window{{T1: -2, T2: 2}})
		}},
		{"tests all", "tests: all", func(s Study) bool { return s.Analysis.Tests == nil }},
		{"tests comma string", "tests: cs_t, sign", func(s Study) bool { return slices.Equal(s.Analysis.Tests, []string{"cs_t", "sign"}) }},
		{"format comma string", "format: md,tex", func(s Study) bool { return slices.Equal(s.Formats, []string{"csv", "md", "tex"}) }},
		{"absolute path kept", "events: " + abs, func(s Study) bool { return s.Events == abs }},
		{"demo path kept", "events: demo:testdata/demo/events.csv", func(s Study) bool { return s.Events == "demo:testdata/demo/events.csv" }},
		{"market file rebased", "market: idx/GSPC.csv", func(s Study) bool { return s.Market == filepath.Join("b", "idx", "GSPC.csv") }},
		{"market ticker kept", "market: SPY", func(s Study) bool { return s.Market == "SPY" }},
		{"null is empty", "price_column: ~", func(s Study) bool { return s.PriceColumn == "" }},
		{"model case-insensitive", "model: Market-Adjusted", func(s Study) bool { return s.Analysis.Model == analysis.ModelMarketAdjusted }},
		{"anchor", "anchor: skip", func(s Study) bool { return s.Anchor == events.RuleSkip }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseFile("study.yaml", []byte(c.text), "b")
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(s) {
				t.Errorf("unexpected study %+v", s)
			}
		})
	}
}

// Errors name the file, line (and column for values), what is wrong and
// what to do; every problem of the file in one pass.
func TestParseFileErrors(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string // the lines of the error, in order
	}{
		{"unknown key with suggestion", "model: market\nreturns: simple\nestimaton: \"-260,-11\"\n",
			[]string{`study.yaml:3: unknown key "estimaton"; did you mean "estimation"?`}},
		{"flag spelling", "min-est: 100\n", []string{`study.yaml:1: unknown key "min-est"; did you mean "min_est"?`}},
		{"returns unit", "returns_unit: pct\n", []string{`study.yaml:1:15: returns_unit: unknown returns unit "pct"; use percent, decimal or log (or leave it empty to take the unit from the column name)`}},
		{"unknown key far from any", "colour: blue\n", []string{`study.yaml:1: unknown key "colour"; the keys are ` + strings.Join(FileKeys, ", ")}},
		{"all problems in one pass", "modle: ff3\nmin_est: many\nwindow: \"5,-5\"\n",
			[]string{
				`study.yaml:1: unknown key "modle"; did you mean "model"?`,
				`study.yaml:2:10: min_est: want a whole number, got "many"; write a whole number, e.g. 120`,
				`study.yaml:3:9: window: window "5,-5": first day is after the last; write two relative trading days, e.g. "-1,1"`,
			}},
		{"unquoted car list", "car: [-1,1]\n",
			[]string{`study.yaml:1:6: car: window "-1": want two relative days like -1,1; quote each window in a list: car: ["-1,1", "0,1"] (unquoted, [-1,1] is two numbers)`}},
		{"duplicate key", "model: mean\nmodel: market\n", []string{`study.yaml:2: duplicate key "model" (first on line 1); keep one`}},
		{"bad choice", "returns: continuous\n", []string{`study.yaml:1:10: returns: unknown value "continuous"; use simple or log`}},
		{"unknown test", "tests: [patell, patel]\n", []string{`study.yaml:1:8: tests: unknown test "patel"; use all or a list of ` + strings.Join(testsAll(), ", ")}},
		{"list for scalar", "model: [market]\n", []string{`study.yaml:1:8: model: want a single value, not a list; write a single value`}},
		{"not a mapping", "- a\n- b\n", []string{`study.yaml:1:1: a study file is a mapping of keys to values; write one "key: value" per line, e.g. "model: market"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseFile("study.yaml", []byte(c.text), "")
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, c.want) {
				t.Errorf("error\n%s\nwant\n%s", err, strings.Join(c.want, "\n"))
			}
		})
	}
}

func testsAll() []string {
	var ids []string
	boot := analysis.DefaultConfig()
	boot.Bootstrap = 1 // every id: the resampling tests and savickas too
	boot.Model = analysis.ModelGARCH
	ids = append(ids, defaultTests(boot)...)
	return ids
}

func TestParseFileSyntaxError(t *testing.T) {
	_, err := ParseFile("s.yaml", []byte("model: market\n  returns: [simple\n"), "")
	var ie *inputerr.InputError
	if !errors.As(err, &ie) || ie.File != "s.yaml" || ie.Line == 0 || !strings.Contains(ie.Hint, "YAML syntax") {
		t.Fatalf("want a located syntax error, got %v", err)
	}
}

// Resolved (the manifest's "config") uses exactly the study-file keys
// except out (a rerun chooses its own output directory), and reading it
// back gives the same study.
func TestManifestRoundTrip(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = "ev.csv", "px", "GSPC"
	s.Factors = []string{"ff.CSV"}
	s.Analysis.Model = analysis.ModelFF3
	s.Analysis.Tests = []string{"cs_t", "corrado"}
	s.Analysis.CARWindows = []analysis.Window{{T1: -3, T2: 3}}
	s.Analysis.PrimaryStage = "scope"
	s.DateFormat = dates.DateEU
	s.Decimal = prices.DecimalComma
	s.Formats = []string{"csv", "json"}
	res := s.Resolved()
	var keys []string
	for k := range res {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := slices.DeleteFunc(slices.Clone(FileKeys), func(k string) bool { return k == "out" })
	sort.Strings(want)
	if !slices.Equal(keys, want) {
		t.Errorf("Resolved keys %v\nwant %v", keys, want)
	}
	b, err := json.MarshalIndent(map[string]any{"tool": "eventstudy", "config": res, "anchoring": []string{"x"}}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "manifest.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := LoadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rerun == nil || got.Rerun.Manifest != p || got.Rerun.Base != "" {
		t.Errorf("rerun record %+v", got.Rerun)
	}
	got.Rerun = nil
	if !reflect.DeepEqual(got, s) {
		t.Errorf("manifest reread\n%+v\nwant\n%+v", got, s)
	}
	// Without paths_base (rerun_test.go) a manifest's paths are as given,
	// not rebased on its directory.
	if got.Events != "ev.csv" {
		t.Errorf("events %q rebased", got.Events)
	}
}

func TestLoadFileDetection(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// JSON content without the extension is a manifest too.
	p := write("rerun", `{"config": {"model": "mean", "events": "e.csv"}}`)
	s, err := LoadFile(p)
	if err != nil || s.Analysis.Model != analysis.ModelMean || s.Events != "e.csv" {
		t.Errorf("manifest by content: %+v %v", s.Analysis.Model, err)
	}
	p = write("noconfig.json", `{"tool": "x"}`)
	if _, err := LoadFile(p); err == nil || !strings.Contains(err.Error(), `no "config" object`) {
		t.Errorf("manifest without config: %v", err)
	}
	p = write("study.yaml", "events: e.csv\n")
	s, err = LoadFile(p)
	if err != nil || s.Events != filepath.Join(dir, "e.csv") {
		t.Errorf("yaml rebased: %q %v", s.Events, err)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

// Distances counted by hand.
func TestNearestKey(t *testing.T) {
	cases := map[string]string{
		"estimaton": "estimation", "--car-var": "car_var", "format": "format", "Model": "model",
		"kp-min-shared": "kp_min_shared", "xyz": "", "window_size": "",
	}
	for in, want := range cases {
		if got := nearestKey(in); got != want {
			t.Errorf("nearestKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParseFile: no panic; a parsed study's Resolved config reads back to
// the same config.
func FuzzParseFile(f *testing.F) {
	f.Add([]byte("model: market\ncar: [\"-1,1\"]\n"))
	f.Add([]byte("estimaton: 1\n"))
	f.Add([]byte("{\"config\": {\"min_est\": 3}}"))
	f.Add([]byte("car: [[1]]\nfactors: {a: b}\n"))
	f.Add([]byte("- x\n"))
	f.Add([]byte("a: &x 1\nb: *x\n"))
	f.Add([]byte("tests: all\nformat: xlsx\nwindow: -3,3\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseFile("f.yaml", b, "")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		res, err := json.Marshal(map[string]any{"config": s.Resolved()})
		if err != nil {
			t.Fatal(err)
		}
		s2, err := ParseManifest("m.json", res)
		if err != nil {
			t.Fatalf("resolved config does not read back: %v\n%s", err, res)
		}
		if !reflect.DeepEqual(s.Resolved(), s2.Resolved()) {
			t.Fatalf("round trip changed the config:\n%v\n%v", s.Resolved(), s2.Resolved())
		}
	})
}
