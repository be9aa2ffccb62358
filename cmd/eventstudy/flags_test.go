package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestStudyFlags: the flags of study.Settings set the study; a list flag's
// first use replaces the default (the study file's) and later uses add to
// it; flags not given keep the study file's values.
func TestStudyFlags(t *testing.T) {
	dir := t.TempDir()
	sf := filepath.Join(dir, "study.yaml")
	if err := os.WriteFile(sf, []byte("events: ev.csv\nmodel: mean\ncar: [\"0,0\"]\nmin_est: 90\nmask_confounding: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		withOut bool
		check   func(t *testing.T, f *studyFlags)
	}{
		{"repeated car", []string{"--events", "e.csv", "--car", "0,1", "--car=-2,2"}, true, func(t *testing.T, f *studyFlags) {
			if want := []analysis.Window{{T1: 0, T2: 1}, {T1: -2, T2: 2}}; !slices.Equal(f.st.Analysis.CARWindows, want) {
				t.Errorf("car %v, want %v", f.st.Analysis.CARWindows, want)
			}
		}},
		{"car list in one value", []string{"--events", "e.csv", "--car", "0,1 -1,1"}, true, func(t *testing.T, f *studyFlags) {
			if len(f.st.Analysis.CARWindows) != 2 {
				t.Errorf("car %v, want 2 windows", f.st.Analysis.CARWindows)
			}
		}},
		{"defaults", []string{"--events", "e.csv"}, true, func(t *testing.T, f *studyFlags) {
			if f.st.Out != "eventstudy-results" || f.st.Analysis.MinEst != 120 || len(f.st.Analysis.CARWindows) != 8 || f.st.Analysis.Tests != nil {
				t.Errorf("out %q, min-est %d, %d CAR windows, tests %v", f.st.Out, f.st.Analysis.MinEst, len(f.st.Analysis.CARWindows), f.st.Analysis.Tests)
			}
		}},
		{"typed options", []string{"--events", "e.csv", "--car-var", "SIMPLE", "--kp-rbar", "event-time", "--multi-day", "sum-sar", "--bhar-benchmark", "model", "--tests", "patell, bmp", "-o", "x", "--format", "json"}, true, func(t *testing.T, f *studyFlags) {
			c := f.st.Analysis
			if c.CARVar != analysis.CARVarSimple || c.KPRbar != analysis.KPRbarEventTime || c.MultiDay != analysis.MultiDaySumSAR || c.BHARBenchmark != analysis.BenchmarkModel {
				t.Errorf("options %q %q %q %q", c.CARVar, c.KPRbar, c.MultiDay, c.BHARBenchmark)
			}
			if !slices.Equal(c.Tests, []string{"patell", "bmp"}) || f.st.Out != "x" || !slices.Equal(f.st.Formats, []string{"csv", "json"}) {
				t.Errorf("tests %v, out %q, formats %v", c.Tests, f.st.Out, f.st.Formats)
			}
		}},
		{"study file, flags override", []string{sf, "--model", "market", "--min-est", "100"}, false, func(t *testing.T, f *studyFlags) {
			c := f.st.Analysis
			if c.Model != analysis.ModelMarket || c.MinEst != 100 || !slices.Equal(c.CARWindows, []analysis.Window{{}}) || !f.st.MaskConfounding {
				t.Errorf("model %s, min-est %d, car %v, mask %v", c.Model, c.MinEst, c.CARWindows, f.st.MaskConfounding)
			}
			if f.st.Events != filepath.Join(dir, "ev.csv") || f.st.Out != "" {
				t.Errorf("events %q, out %q", f.st.Events, f.st.Out)
			}
		}},
		{"study file, car replaced", []string{sf, "--car", "-1,1"}, true, func(t *testing.T, f *studyFlags) {
			if !slices.Equal(f.st.Analysis.CARWindows, []analysis.Window{{T1: -1, T2: 1}}) || f.st.Analysis.Model != analysis.ModelMean {
				t.Errorf("car %v, model %s", f.st.Analysis.CARWindows, f.st.Analysis.Model)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parseStudyArgs("run", "run", "", tc.withOut, tc.args, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, f)
		})
	}
}

// TestStudyFlagErrors: every bad flag value is reported, named by its flag.
func TestStudyFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		withOut bool
		want    []string
	}{
		{"choice", []string{"--gaps", "fill"}, true, []string{`--gaps "fill"; use drop`}},
		{"window", []string{"--estimation", "5"}, true, []string{`--estimation: window "5"`}},
		{"two at once", []string{"--model", "capm", "--returns", "cont"}, true, []string{`--model "capm"; use market`, `--returns "cont"; use simple or log`}},
		{"out only where results are written", []string{"-o", "x"}, false, []string{"flag provided but not defined: -o"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseStudyArgs("run", "run", "", tc.withOut, append([]string{"--events", "e.csv"}, tc.args...), io.Discard)
			if _, ok := err.(usageError); !ok {
				t.Fatalf("error %v (%T), want a usage error", err, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
