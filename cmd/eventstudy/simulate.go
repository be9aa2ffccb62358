package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/analysis/simulate"
)

// cmdSimulate runs the Brown–Warner size and power simulation
// (analysis/simulate) and prints its table; docs/validation.md shows a run.
func cmdSimulate(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("simulate", "simulate [flags]",
		"eventstudy simulate -samples 1000 -events 50 -seed 1 -panel bundled -abnormal 0,0.005,0.01,0.02 -o table.md", stderr)
	cfg := simulate.DefaultConfig()
	var abnormal, testList, model, out, csvOut string
	var quiet bool
	windows := windowList{ws: &cfg.Windows}
	fs.IntVar(&cfg.Samples, "samples", cfg.Samples, "number of samples")
	fs.IntVar(&cfg.Events, "events", cfg.Events, "pseudo-events per sample")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed (the table depends on it only)")
	fs.StringVar(&cfg.Panel, "panel", cfg.Panel, "returns to draw from: bundled (real demo stocks vs GSPC), synthetic (market model, t(4) errors) or normal (market model, normal errors)")
	fs.StringVar(&cfg.Prices, "prices", "", "draw from this directory of per-ticker price files instead of -panel")
	fs.StringVar(&cfg.Market, "market", cfg.Market, "market ticker in -prices")
	fs.StringVar(&abnormal, "abnormal", "0,0.005,0.01,0.02", "abnormal returns added to day 0, comma list of decimals or percentages (0 = null)")
	fs.Float64Var(&cfg.VarScale, "var-scale", 0, "multiply the residual variance over -var-days by this (abnormal volatility power; 0 or 1 = off)")
	fs.Var(windowValue{&cfg.VarDays}, "var-days", "days whose residual variance -var-scale multiplies (default 0,5)")
	fs.Var(&windows, "window", "CAR window t1,t2 (repeatable; default 0,0 -1,1)")
	fs.StringVar(&testList, "tests", "all", "comma list of test ids, or all: "+strings.Join(grouptest.All, ","))
	fs.BoolVar(&cfg.Single, "single", cfg.Single, "also the per-event CAR t and sq tests")
	fs.Float64Var(&cfg.Alpha, "alpha", cfg.Alpha, "two-sided test level")
	fs.Float64Var(&cfg.MCapSigma, "mcap-sigma", cfg.MCapSigma, "σ of the pseudo-events' lognormal market caps (vw_caar, dollar)")
	fs.StringVar(&model, "model", string(cfg.Analysis.Model), "normal-return model, any that needs no factor file: market, market-sw, market-dimson, mean, market-adjusted, garch, egarch")
	fs.Var(windowValue{&cfg.Analysis.Estimation}, "estimation", "estimation window relative to day 0")
	fs.Var(windowValue{&cfg.Analysis.EventWindow}, "event-window", "event window relative to day 0 (the CAR windows must lie inside)")
	fs.IntVar(&cfg.Analysis.MinEst, "min-est", cfg.Analysis.MinEst, "minimum valid estimation returns per event")
	fs.IntVar(&cfg.Analysis.Bootstrap, "bootstrap", 0, "resamples of wild_boot, skew_t_boot and perm (0: they are not run)")
	bootWeights := fs.String("bootstrap-weights", string(analysis.BootRademacher), "wild_boot weights: rademacher or mammen")
	bharBench := fs.String("bhar-benchmark", string(cfg.Analysis.BHARBenchmark), "BHAR benchmark of skew_t and skew_t_boot: market or model")
	fs.IntVar(&cfg.Workers, "workers", 0, "parallel workers (0 = number of CPUs); the table does not depend on it")
	fs.StringVar(&out, "o", "", "write the Markdown table to this file instead of standard output")
	fs.StringVar(&csvOut, "csv", "", "also write the table as CSV (test, window, abnormal, rejections, trials, undefined, rate, se)")
	fs.BoolVar(&quiet, "quiet", false, "no progress or timing on standard error")
	var volume string
	fs.StringVar(&volume, "volume", "", "simulate the abnormal-volume tests (av_cs_t, av_rank) instead: comma list of day-0 volume multipliers, e.g. 1,3 (1 = null)")
	if err := parseNoArgs(fs, args); err != nil {
		return exitBadInput, err
	}
	var err error
	if cfg.Abnormal, err = simulate.ParseLevels(abnormal); err != nil {
		return exitBadInput, usageError{err.Error()}
	}
	if testList != "" && testList != "all" {
		cfg.Tests = nil
		for _, id := range strings.Split(testList, ",") {
			id = strings.TrimSpace(id)
			if !grouptest.Valid(id) {
				return exitBadInput, usageError{fmt.Sprintf("unknown test %q; use all or a comma list of %s", id, strings.Join(grouptest.All, ", "))}
			}
			cfg.Tests = append(cfg.Tests, id)
		}
	}
	cfg.Analysis.Model = analysis.Model(model)
	cfg.Analysis.BootWeights = analysis.BootWeights(*bootWeights)
	cfg.Analysis.BHARBenchmark = analysis.Benchmark(*bharBench)
	cfg.Analysis.Seed = cfg.Seed
	if progress := newProgress(stderr, quiet); progress != nil {
		cfg.Progress = func(done, total int) { progress("samples", done, total) }
	}
	start := time.Now()
	var tb *simulate.Table
	if volume != "" {
		if cfg.VolumeLevels, err = parseMultipliers(volume); err != nil {
			return exitBadInput, usageError{err.Error()}
		}
		tb, err = simulate.RunVolume(cfg)
	} else {
		tb, err = simulate.Run(cfg)
	}
	if err != nil {
		return exitBadInput, err
	}
	var md, csv bytes.Buffer
	if err := tb.Markdown(&md); err != nil {
		return exitBadInput, err
	}
	if csvOut != "" {
		if err := tb.WriteCSV(&csv); err != nil {
			return exitBadInput, err
		}
		if err := os.WriteFile(csvOut, csv.Bytes(), 0o644); err != nil {
			return exitBadInput, err
		}
	}
	if out != "" {
		if err := os.WriteFile(out, md.Bytes(), 0o644); err != nil {
			return exitBadInput, err
		}
	} else if _, err := stdout.Write(md.Bytes()); err != nil {
		return exitBadInput, err
	}
	if !quiet {
		fmt.Fprintf(stderr, "%d samples × %d events × %d levels in %.1f s\n",
			cfg.Samples, cfg.Events, len(cfg.Abnormal), time.Since(start).Seconds())
	}
	return exitOK, nil
}

// windowList is simulate's repeatable --window flag; the first use
// replaces the defaults.
type windowList struct {
	ws  *[]analysis.Window
	set bool
}

func (l *windowList) String() string {
	if l.ws == nil {
		return ""
	}
	s := make([]string, len(*l.ws))
	for i, w := range *l.ws {
		s[i] = w.String()
	}
	return strings.Join(s, " ")
}

func (l *windowList) Set(v string) error {
	if !l.set {
		*l.ws = nil
		l.set = true
	}
	// Accept "-1,1" and also "-1,1 0,1" in one value.
	for _, f := range strings.Fields(v) {
		w, err := analysis.ParseWindow(f)
		if err != nil {
			return err
		}
		*l.ws = append(*l.ws, w)
	}
	return nil
}

type windowValue struct{ w *analysis.Window }

func (v windowValue) String() string {
	if v.w == nil {
		return ""
	}
	return v.w.String()
}
func (v windowValue) Set(s string) error {
	w, err := analysis.ParseWindow(s)
	if err == nil {
		*v.w = w
	}
	return err
}

// parseMultipliers reads simulate's -volume list: positive multipliers.
func parseMultipliers(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		m, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || !(m > 0) || math.IsInf(m, 0) {
			return nil, fmt.Errorf("-volume: %q is not a positive multiplier; write e.g. 1,3", f)
		}
		out = append(out, m)
	}
	return out, nil
}
