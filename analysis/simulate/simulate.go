// Package simulate measures the size and power of every test of the
// package grouptest by simulation, in the manner of Brown & Warner (1980,
// 1985): draw many samples of pseudo-events (a random security on a random
// date) from daily returns, optionally add a known abnormal return on day 0,
// run the whole estimation and test battery on each sample, and count how
// often each test rejects at the 5 % level.
//
// Without an injected abnormal return the rejection rate estimates the
// test's size (it should be near the nominal 5 %); with one it estimates
// power. Brown, S. J. & Warner, J. B. (1985), "Using daily stock returns:
// the case of event studies", Journal of Financial Economics 14, 3–31.
package simulate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
)

// Panel sources of Config.Panel.
const (
	PanelBundled   = "bundled"   // real daily returns of the bundled demo stocks against GSPC
	PanelSynthetic = "synthetic" // market-model returns with t(4) innovations
	PanelNormal    = "normal"    // market-model returns with normal innovations (theory exact)
)

// Per-event rows of the table (the single-event tests of car.csv), next to
// the group test ids of grouptest.All.
const (
	RowCART = "car_t" // single-event CAR t-test, per event
	RowSQ   = "sq"    // Gelbach–Helland–Klick sample-quantile test, per event
)

// Config defines one simulation. Start from DefaultConfig.
type Config struct {
	Samples  int       // samples per cell (Brown & Warner: 250; the issue asks 1,000)
	Events   int       // pseudo-events per sample
	Seed     uint64    // sample s uses the stream PCG(Seed, s)
	Panel    string    // PanelBundled, PanelSynthetic or PanelNormal; ignored when Prices is set
	Prices   string    // optional directory of per-ticker price files to draw from instead
	Market   string    // market ticker in Prices (default GSPC)
	Abnormal []float64 // abnormal returns added to the day-0 return (0 = null)
	// VarScale, when not 0 or 1, multiplies the residual variance over
	// VarDays (default 0..5) by it: each AR of those days becomes
	// √VarScale·AR (the abnormal-volatility power runs, issue 19).
	VarScale float64
	VarDays  analysis.Window
	Windows  []analysis.Window // CAR windows tested
	Tests    []string          // group test ids; nil = grouptest.All
	Single   bool              // also the per-event car_t and sq rows
	Alpha    float64           // two-sided level, reject when p < Alpha
	Workers  int               // parallel workers; 0 = runtime.GOMAXPROCS(0)
	// MCapSigma is the σ of the lognormal market caps exp(σ·z) given to
	// the pseudo-events for vw_caar and dollar (docs/methodology.md
	// 6.16): 1.5 puts a factor of ~20 between the 10th and 90th
	// percentile; 0 gives every event the same cap.
	MCapSigma float64

	// VolumeLevels are the multipliers of day 0's volume of RunVolume
	// (1 = null; nil = 1 and 3).
	VolumeLevels []float64

	// Analysis is the estimation setup (model, windows, options) applied to
	// every pseudo-event; its CARWindows are replaced by Windows.
	Analysis analysis.Config

	// Progress, when set, is called after each finished sample with the
	// number of samples done (from the worker goroutines, serialized).
	Progress func(done, total int)
}

// DefaultConfig is the validation run of docs/validation.md: 1,000 samples
// of 50 events from the bundled panel, seed 1, abnormal returns 0, 0.5 %,
// 1 % and 2 % on day 0, windows (0,0) and (-1,1), every test, the
// documented analysis defaults.
func DefaultConfig() Config {
	return Config{
		Samples:  1000,
		Events:   50,
		Seed:     1,
		Panel:    PanelBundled,
		Market:   "GSPC",
		Abnormal: []float64{0, 0.005, 0.01, 0.02},
		Windows:  []analysis.Window{{T1: 0, T2: 0}, {T1: -1, T2: 1}},
		Single:   true,
		Alpha:    0.05,
		Analysis: analysis.DefaultConfig(),

		MCapSigma: 1.5,
	}
}

// Cell is the rejection count of one test, window and abnormal level.
type Cell struct {
	Test     string
	Window   analysis.Window
	Abnormal float64
	// Rejections counts samples (events, for car_t and sq) with p < Alpha;
	// Trials those where the test had a p-value; Undefined those where it
	// had none (too few events, zero dispersion).
	Rejections, Trials, Undefined int
}

// Rate is the rejection rate Rejections/Trials (NaN without trials).
func (c Cell) Rate() float64 {
	if c.Trials == 0 {
		return math.NaN()
	}
	return float64(c.Rejections) / float64(c.Trials)
}

// SE is the Monte Carlo standard error of Rate, √(p(1-p)/n) at the
// estimated rate p (binomial).
func (c Cell) SE() float64 {
	p := c.Rate()
	return math.Sqrt(p * (1 - p) / float64(c.Trials))
}

// Table is the result of Run: one Cell per test × window × abnormal level.
type Table struct {
	Config   Config   // the resolved configuration
	Source   string   // what was sampled, one line
	Tests    []string // row order: the group tests, then car_t and sq
	Cells    []Cell   // row-major: test, then window, then abnormal level
	Universe []string // securities pseudo-events were drawn from (bundled / Prices)
}

// Cell returns the cell of test, window w and abnormal level a.
func (t *Table) Cell(test string, w analysis.Window, a float64) (Cell, bool) {
	for _, c := range t.Cells {
		if c.Test == test && c.Window == w && c.Abnormal == a {
			return c, true
		}
	}
	return Cell{}, false
}

// validate fills defaults and checks c.
func (c *Config) validate() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if c.Samples < 1 {
		bad("samples %d: want at least 1", c.Samples)
	}
	if c.Events < 2 {
		bad("events %d: group tests need at least 2 events per sample", c.Events)
	}
	if c.Alpha == 0 {
		c.Alpha = 0.05
	}
	if !(c.Alpha > 0 && c.Alpha < 1) {
		bad("alpha %g: want a level in (0,1)", c.Alpha)
	}
	if len(c.Abnormal) == 0 {
		bad("no abnormal levels; use 0 for the null")
	}
	for _, a := range c.Abnormal {
		if math.IsNaN(a) || math.IsInf(a, 0) || a <= -1 {
			bad("abnormal return %g: want a finite decimal above -1 (0.01 = 1%%)", a)
		}
	}
	if len(c.Windows) == 0 {
		bad("no CAR windows")
	}
	if c.VarScale != 0 && c.VarScale != 1 {
		if c.VarDays == (analysis.Window{}) {
			c.VarDays = analysis.Window{T1: 0, T2: 5}
		}
		if !(c.VarScale > 0) || math.IsInf(c.VarScale, 0) || !c.Analysis.EventWindow.Contains(c.VarDays) {
			bad("variance scale %g over %s: want a finite positive scale over days inside the event window", c.VarScale, c.VarDays)
		}
	}
	if c.Tests == nil {
		c.Tests = grouptest.DefaultFor(c.Analysis)
	}
	for _, id := range c.Tests {
		if !grouptest.Valid(id) {
			bad("unknown test %q", id)
		}
		if c.Analysis.Bootstrap == 0 && slices.Contains(analysis.ResamplingTests, id) {
			bad("test %s resamples: give -bootstrap B (e.g. -bootstrap 499)", id)
		}
	}
	if c.Prices == "" {
		switch c.Panel {
		case PanelBundled, PanelSynthetic, PanelNormal:
		default:
			bad("panel %q: want bundled, synthetic or normal", c.Panel)
		}
	}
	if c.Market == "" {
		c.Market = "GSPC"
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	a := &c.Analysis
	a.CARWindows = slices.Clone(c.Windows)
	if err := a.Validate(); err != nil {
		errs = append(errs, err)
	}
	if a.Model.Excess() {
		bad("model %s: the simulation has no factor data; use a model without factors (market, market-sw, market-dimson, mean, market-adjusted, garch, egarch)", a.Model)
	}
	if a.Estimation.T1 > 0 {
		bad("estimation window %s must start before day 0", a.Estimation)
	}
	return errors.Join(errs...)
}

// source draws the pseudo-events of one sample.
type source interface {
	// draw returns n event inputs for cfg.Analysis built from rng; index
	// -Estimation.T1 of R is day 0.
	draw(rng *rand.Rand, n int) []*analysis.EventInput
	describe() string
	universe() []string
}

// Run simulates cfg.Samples samples of cfg.Events pseudo-events and returns
// the rejection counts of every test at level cfg.Alpha (two-sided,
// p < Alpha), per window and abnormal level.
//
// Each sample is drawn from its own random stream PCG(Seed, s), and counts
// are added up in sample order, so the table depends on the seed only, not
// on the number of workers. The same pseudo-events are used for every
// abnormal level (common random numbers, which makes the power curve
// smooth): level a adds a to the day-0 return and re-estimates. The
// estimation window does not contain day 0, so the fit is unchanged and
// only the event-window abnormal returns move by a.
func Run(cfg Config) (*Table, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	var src source
	var err error
	switch {
	case cfg.Prices != "":
		src, err = loadDirSource(cfg.Prices, cfg.Market, cfg.Analysis)
	case cfg.Panel == PanelBundled:
		src, err = loadBundled(cfg.Analysis)
	default:
		src = newSynthetic(cfg.Panel, cfg.Analysis)
	}
	if err != nil {
		return nil, err
	}
	return run(cfg, src), nil
}

// counts is one sample's tally, indexed [row][window][level].
type counts struct {
	rej, trials, undef [][][]int
}

func newCounts(rows, windows, levels int) *counts {
	mk := func() [][][]int {
		x := make([][][]int, rows)
		for i := range x {
			x[i] = make([][]int, windows)
			for j := range x[i] {
				x[i][j] = make([]int, levels)
			}
		}
		return x
	}
	return &counts{rej: mk(), trials: mk(), undef: mk()}
}

func (c *counts) add(o *counts) {
	for i := range c.rej {
		for j := range c.rej[i] {
			for k := range c.rej[i][j] {
				c.rej[i][j][k] += o.rej[i][j][k]
				c.trials[i][j][k] += o.trials[i][j][k]
				c.undef[i][j][k] += o.undef[i][j][k]
			}
		}
	}
}

func (c *counts) tally(row, w, level int, p, alpha float64) {
	if math.IsNaN(p) {
		c.undef[row][w][level]++
		return
	}
	c.trials[row][w][level]++
	if p < alpha {
		c.rej[row][w][level]++
	}
}

func run(cfg Config, src source) *Table {
	rows := slices.Clone(cfg.Tests)
	if cfg.Single {
		rows = append(rows, RowCART, RowSQ)
	}
	per := make([]*counts, cfg.Samples)
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(cfg.Workers, cfg.Samples) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range next {
				per[s] = sample(cfg, src, s, len(rows))
				if cfg.Progress != nil {
					mu.Lock()
					done++
					cfg.Progress(done, cfg.Samples)
					mu.Unlock()
				}
			}
		}()
	}
	for s := range cfg.Samples {
		next <- s
	}
	close(next)
	wg.Wait()

	total := newCounts(len(rows), len(cfg.Windows), len(cfg.Abnormal))
	for _, c := range per {
		total.add(c)
	}
	t := &Table{Config: cfg, Source: src.describe(), Tests: rows, Universe: src.universe()}
	for i, id := range rows {
		for j, w := range cfg.Windows {
			for k, a := range cfg.Abnormal {
				t.Cells = append(t.Cells, Cell{Test: id, Window: w, Abnormal: a,
					Rejections: total.rej[i][j][k], Trials: total.trials[i][j][k], Undefined: total.undef[i][j][k]})
			}
		}
	}
	return t
}

// sample runs sample s: draw the events, and for every abnormal level
// shift day 0, estimate, and run the tests on every window.
func sample(cfg Config, src source, s, nRows int) *counts {
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(s)))
	inputs := src.draw(rng, cfg.Events)
	// Market caps are drawn after the events, so the events (and every
	// other test's counts) do not depend on them.
	mcap := make([]float64, len(inputs))
	for i := range mcap {
		mcap[i] = 1e9 * math.Exp(cfg.MCapSigma*rng.NormFloat64())
	}
	rowOf := make(map[string]int, len(cfg.Tests))
	for i, id := range cfg.Tests {
		rowOf[id] = i
	}
	c := newCounts(nRows, len(cfg.Windows), len(cfg.Abnormal))
	day0 := -cfg.Analysis.Estimation.T1
	base := make([]float64, len(inputs))
	for i, in := range inputs {
		base[i] = in.R[day0]
	}
	ests := make([]*analysis.EventEstimate, 0, len(inputs))
	nTests := len(cfg.Tests)
	for k, a := range cfg.Abnormal {
		ests = ests[:0]
		for i, in := range inputs {
			in.R[day0] = base[i] + a
			e, reason := analysis.Estimate(in, cfg.Analysis)
			if reason == "" && cfg.VarScale != 0 && cfg.VarScale != 1 {
				e, reason = scaleVariance(in, e, cfg)
			}
			if reason == "" {
				e.MCap = mcap[i]
				ests = append(ests, e)
			}
		}
		// Each sample resamples from its own streams (the same at every
		// abnormal level: common random numbers, as the events).
		acfg := cfg.Analysis
		acfg.BootKey = "sample " + strconv.Itoa(s)
		for j, w := range cfg.Windows {
			for _, r := range grouptest.Run(cfg.Tests, ests, w, acfg) {
				c.tally(rowOf[r.Test], j, k, float64(r.P), cfg.Alpha)
			}
			if !cfg.Single {
				continue
			}
			for _, e := range ests {
				r := analysis.SingleEvent(e, w, cfg.Analysis)
				c.tally(nTests, j, k, float64(r.P), cfg.Alpha)
				c.tally(nTests+1, j, k, float64(r.SQP), cfg.Alpha)
			}
		}
	}
	for i, in := range inputs {
		in.R[day0] = base[i]
	}
	return c
}

// scaleVariance multiplies the residual variance of in over cfg.VarDays
// by cfg.VarScale: R_τ += (√VarScale - 1)·AR_τ, so the re-estimated AR is
// √VarScale·AR_τ (the estimation window, hence the fit, is unchanged).
// in's returns are restored before it returns.
func scaleVariance(in *analysis.EventInput, e *analysis.EventEstimate, cfg Config) (*analysis.EventEstimate, string) {
	k := math.Sqrt(cfg.VarScale) - 1
	t0 := -cfg.Analysis.Estimation.T1
	saved := make([]float64, cfg.VarDays.Len())
	for tau := cfg.VarDays.T1; tau <= cfg.VarDays.T2; tau++ {
		i := t0 + tau
		saved[tau-cfg.VarDays.T1] = in.R[i]
		if ar := e.AR[tau-e.EvtWindow.T1]; !math.IsNaN(ar) {
			in.R[i] += k * ar
		}
	}
	e2, reason := analysis.Estimate(in, cfg.Analysis)
	for tau := cfg.VarDays.T1; tau <= cfg.VarDays.T2; tau++ {
		in.R[t0+tau] = saved[tau-cfg.VarDays.T1]
	}
	return e2, reason
}
