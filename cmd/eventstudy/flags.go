package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/analysis/results"
	"github.com/breachlab/eventstudy/analysis/study"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
)

var errHelp = errors.New("help shown")

// windowList is a repeatable --car flag; the first use replaces the
// defaults.
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

// stringList is a repeatable comma-list flag; the first use replaces the
// default (the study file's list).
type stringList struct {
	s   *[]string
	set bool
}

func (l *stringList) String() string {
	if l.s == nil {
		return ""
	}
	return strings.Join(*l.s, ",")
}
func (l *stringList) Set(v string) error {
	if !l.set {
		*l.s = nil
		l.set = true
	}
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			*l.s = append(*l.s, f)
		}
	}
	return nil
}

// studyFlags binds the study flags of DESIGN.md "CLI" and METHODOLOGY.md
// section 12 to a Study.
type studyFlags struct {
	st                              study.Study
	model, returns, anchor, dateFmt string
	decimal                         string
	tests, format                   string
	quiet                           bool
	cars                            windowList

	returnsUnit string // --returns-unit
}

func newStudyFlags(fs *flag.FlagSet, withOut bool) *studyFlags {
	return newStudyFlagsFrom(fs, withOut, study.Default())
}

// newStudyFlagsFrom binds the flags with base's settings as defaults (the
// study file's), so that only the flags given override it.
func newStudyFlagsFrom(fs *flag.FlagSet, withOut bool, base study.Study) *studyFlags {
	f := &studyFlags{st: base}
	c := &f.st.Analysis
	returns, tst, format, out := "simple", "all", "csv", "eventstudy-results"
	if c.LogReturns {
		returns = "log"
	}
	if c.Tests != nil {
		tst = strings.Join(c.Tests, ",")
	}
	if len(base.Formats) > 0 {
		format = strings.Join(base.Formats, ",")
	}
	if base.Out != "" {
		out = base.Out
	}
	fs.StringVar(&f.st.Events, "events", base.Events, "events CSV (event_id, firm, date, optional time, session, incident, stage, label, group, market, source, peers, numeric characteristics)")
	fs.StringVar(&f.st.Prices, "prices", base.Prices, "price data: a directory of per-ticker Yahoo files, a long file (symbol,date,value) or a wide file (date + one column per ticker)")
	fs.StringVar(&f.st.Market, "market", base.Market, "market index: a ticker in the price data, or a price file")
	fs.Var(&stringList{s: &f.st.Factors}, "factors", "Kenneth French daily factor file(s), comma-separated or repeated (ff3, carhart, ff5)")
	fs.StringVar(&f.model, "model", string(c.Model), "normal-return model: market, mean, market-adjusted, ff3, carhart, ff5")
	fs.StringVar(&f.returns, "returns", returns, "return type: simple or log")
	fs.Var(windowValue{&c.Estimation}, "estimation", "estimation window in trading days relative to day 0")
	fs.Var(windowValue{&c.EventWindow}, "window", "event window in trading days relative to day 0")
	f.cars = windowList{ws: &c.CARWindows}
	fs.Var(&f.cars, "car", "CAR window t1,t2 (repeatable; default 0,0 0,1 -1,1 -2,2 0,5 -5,5 0,10 -10,10)")
	fs.IntVar(&c.MinEst, "min-est", c.MinEst, "minimum valid estimation returns per event")
	fs.StringVar(&f.anchor, "anchor", string(f.st.Anchor), "day-0 rule: next, previous, exact, skip")
	fs.IntVar(&f.st.MaxShift, "max-shift", f.st.MaxShift, "largest shift in calendar days from the disclosure date to day 0")
	fs.StringVar(&f.tests, "tests", tst, "comma list of test ids, or all: "+strings.Join(grouptest.All, ","))
	fs.StringVar(&f.dateFmt, "date-format", string(base.DateFormat), "date format of the inputs when ambiguous: iso, ymd, mdy, dmy (also for unpadded M/D/YYYY), excel (serial numbers)")
	fs.StringVar(&f.decimal, "decimal", string(base.Decimal), "decimal separator of the price files when ambiguous (1,234): point or comma")
	fs.StringVar(&f.st.PriceColumn, "price-column", base.PriceColumn, "price column to use (default: Adj Close if present, else Close)")
	fs.Var(&stringList{s: &f.st.Covariates}, "covariates", "events columns used as cross-sectional regression covariates, comma-separated, or none (default: every numeric extra column)")
	fs.StringVar(&f.st.MarketPriceColumn, "market-price-column", base.MarketPriceColumn, "price column of a --market FILE, in place of --price-column")
	fs.StringVar(&f.returnsUnit, "returns-unit", string(base.ReturnsUnit), "unit of returns columns: percent, decimal or log (default: from the column name; percent-like columns need it)")
	fs.StringVar(&f.st.Gaps, "gaps", f.st.Gaps, "missing-price policy: drop")
	fs.StringVar(&c.CARVar, "car-var", c.CARVar, "CAR variance: exact (prediction-error corrected) or simple (L·σ²)")
	fs.StringVar(&c.BHARBenchmark, "bhar-benchmark", c.BHARBenchmark, "BHAR benchmark: market or model")
	fs.StringVar(&c.PrimaryStage, "primary-stage", c.PrimaryStage, "stage that represents an incident in group tests (default: earliest day 0)")
	fs.StringVar(&c.MultiDay, "multi-day", c.MultiDay, "multi-day Patell/BMP form: scar or sum-sar")
	fs.StringVar(&c.KPRbar, "kp-rbar", c.KPRbar, "Kolari–Pynnönen r̄: calendar or event-time")
	fs.IntVar(&c.KPMinShared, "kp-min-shared", c.KPMinShared, "shared estimation dates needed for a KP correlation")
	addCompareFlags(fs, &f.st)
	fs.BoolVar(&f.quiet, "quiet", false, "print nothing but errors")
	if withOut {
		fs.StringVar(&f.st.Out, "out", out, "output directory (written atomically)")
		fs.StringVar(&f.st.Out, "o", out, "shorthand for --out")
		fs.StringVar(&f.format, "format", format, "output formats, comma list of csv, json, md, tex, xlsx")
	}
	return f
}

// resolve turns the string flags into typed settings.
func (f *studyFlags) resolve() error {
	c := &f.st.Analysis
	c.Model = analysis.Model(f.model)
	switch f.returns {
	case "simple":
		c.LogReturns = false
	case "log":
		c.LogReturns = true
	default:
		return usageError{fmt.Sprintf("--returns %q; use simple or log", f.returns)}
	}
	r, err := events.ParseRule(f.anchor)
	if err != nil {
		return usageError{err.Error()}
	}
	f.st.Anchor = r
	df, err := prices.ParseDateFormat(f.dateFmt)
	if err != nil {
		return usageError{err.Error()}
	}
	f.st.DateFormat = df
	ru, err := prices.ParseReturnsUnit(f.returnsUnit)
	if err != nil {
		return usageError{err.Error()}
	}
	f.st.ReturnsUnit = ru
	dec, err := prices.ParseDecimalConvention(f.decimal)
	if err != nil {
		return usageError{err.Error()}
	}
	f.st.Decimal = dec
	if f.tests == "" || f.tests == "all" {
		c.Tests = nil
	} else {
		c.Tests = nil
		for _, id := range strings.Split(f.tests, ",") {
			id = strings.TrimSpace(id)
			if !grouptest.Valid(id) {
				return usageError{fmt.Sprintf("unknown test %q; use all or a comma list of %s", id, strings.Join(grouptest.All, ", "))}
			}
			c.Tests = append(c.Tests, id)
		}
	}
	if f.format != "" {
		fm, err := results.ParseFormats(f.format)
		if err != nil {
			return usageError{err.Error()}
		}
		f.st.Formats = fm
	}
	return nil
}

// parse parses flags that may be interleaved with positional arguments
// (`eventstudy run study.yaml --model ff3`).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name, usage, example string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: eventstudy %s\n\n", usage)
		if example != "" {
			fmt.Fprintf(out, "example:\n  %s\n\n", example)
		}
		fmt.Fprintln(out, "flags:")
		fs.PrintDefaults()
	}
	return fs
}

// studyArgs parses a study command line: flags, and at most one study file
// (study.yaml or a manifest.json) whose settings the given flags override.
// studyArgs parses a study command's arguments (an optional study file or
// manifest, then flags) and makes demo: paths readable; the caller defers
// the returned cleanup.
func studyArgs(name, usage, example string, withOut bool, args []string, stderr io.Writer) (*studyFlags, func(), error) {
	f, err := parseStudyArgs(name, usage, example, withOut, args, stderr)
	if err != nil {
		return nil, nil, err
	}
	cleanup, err := resolveDemoPaths(&f.st)
	if err != nil {
		return nil, nil, err
	}
	return f, cleanup, nil
}

func parseStudyArgs(name, usage, example string, withOut bool, args []string, stderr io.Writer) (*studyFlags, error) {
	fs := newFlagSet(name, usage, example, stderr)
	f := newStudyFlags(fs, withOut)
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	switch {
	case len(pos) > 1:
		return nil, usageError{fmt.Sprintf("unexpected argument %q; give one study file", pos[1])}
	case len(pos) == 1:
		base, err := study.LoadFile(pos[0])
		if err != nil {
			return nil, err
		}
		// Parse again onto the file's settings: exactly the flags the user
		// gave override it, the rest keep the file's values.
		fs = newFlagSet(name, usage, example, stderr)
		f = newStudyFlagsFrom(fs, withOut, base)
		if _, err := parse(fs, args); err != nil {
			return nil, err
		}
	}
	if err := f.resolve(); err != nil {
		return nil, err
	}
	if f.st.Events == "" {
		return nil, usageError{"no events; pass --events FILE or a study file"}
	}
	return f, nil
}
