package simulate

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/breachlab/eventstudy"
	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/prices"
	"gonum.org/v1/gonum/stat/distuv"
)

// maxRedraw bounds the redraws of one pseudo-event that would overlap an
// earlier one of the same security; past it the overlap is accepted.
const maxRedraw = 1000

// panelSource draws pseudo-events from real returns: Brown & Warner (1985)
// pick a security at random, then a date at random among the dates where it
// has a complete return history over the estimation and event windows (they
// used CRSP; here the panel is the bundled demo stocks or a user's price
// directory). Every day of the span must have a valid security return and a
// valid market return and no data-quality flag (split-like jump, stale or
// invalid prices), so that every pseudo-event is estimable.
type panelSource struct {
	cfg      analysis.Config
	market   string
	symbols  []string
	ret      [][]float64 // per symbol, returns on the calendar (simple or log as cfg)
	mkt      []float64   // market returns (simple or log)
	mktBench []float64   // market simple returns (BHAR benchmark)
	feasible [][]int     // per symbol, the calendar positions usable as day 0
	nDays    int
	first    dates.Day
	last     dates.Day
}

// loadBundled reads the demo prices embedded in the binary (eventstudy.Demo,
// testdata/demo/prices) through a temporary directory, so they pass the same
// loader, calendar and quality checks as a user's files.
func loadBundled(cfg analysis.Config) (source, error) {
	tmp, err := os.MkdirTemp("", "eventstudy-simulate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	root := path.Join(eventstudy.DemoRoot, "prices")
	ents, err := fs.ReadDir(eventstudy.Demo, root)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		b, err := eventstudy.Demo.ReadFile(path.Join(root, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(tmp, e.Name()), b, 0o600); err != nil {
			return nil, err
		}
	}
	src, err := loadDirSource(tmp, "GSPC", cfg)
	if err != nil {
		return nil, err
	}
	return src, nil
}

// loadMarketPanel reads dir with opt and the trading calendar of its
// market series.
func loadMarketPanel(dir, market string, opt prices.LoadOptions) (*prices.Panel, *dates.Calendar, error) {
	panel, err := prices.Load(dir, opt)
	if err != nil {
		return nil, nil, err
	}
	ms := panel.Series[market]
	if ms == nil {
		return nil, nil, fmt.Errorf("%s: no series %s for the market; pass the market ticker (-market)", dir, market)
	}
	cal, err := prices.MarketCalendar(ms)
	if err != nil {
		return nil, nil, err
	}
	return panel, cal, nil
}

// loadDirSource reads a directory of per-ticker price files; market is the
// ticker of the market index, every other series is a candidate security.
func loadDirSource(dir, market string, cfg analysis.Config) (*panelSource, error) {
	panel, cal, err := loadMarketPanel(dir, market, prices.LoadOptions{})
	if err != nil {
		return nil, err
	}
	kind := prices.Simple
	if cfg.LogReturns {
		kind = prices.Log
	}
	ms := panel.Series[market]
	mk := ms.Align(cal, kind)
	mkSimple := ms.Align(cal, prices.Simple)
	s := &panelSource{cfg: cfg, market: market, mkt: mk.R, mktBench: mkSimple.R, nDays: cal.Len(),
		first: cal.Days[0], last: cal.Days[cal.Len()-1]}
	lo, hi := cfg.Estimation.T1, cfg.EventWindow.T2
	for _, sym := range panel.Symbols() {
		if sym == market {
			continue
		}
		a := panel.Series[sym].Align(cal, kind)
		bad := make([]int, cal.Len()+1) // bad[i+1] = invalid days among 0..i
		flagged := map[int]bool{}
		for _, f := range a.Quality(cal) {
			flagged[f.Pos] = true
		}
		for i := range cal.Len() {
			b := 0
			if !finite(a.R[i]) || !finite(mk.R[i]) || !finite(mkSimple.R[i]) || flagged[i] {
				b = 1
			}
			bad[i+1] = bad[i] + b
		}
		var ok []int
		for p := max(0, -lo); p+hi < cal.Len(); p++ {
			if bad[p+hi+1]-bad[p+lo] == 0 {
				ok = append(ok, p)
			}
		}
		if len(ok) == 0 {
			continue
		}
		s.symbols = append(s.symbols, sym)
		s.ret = append(s.ret, a.R)
		s.feasible = append(s.feasible, ok)
	}
	if len(s.symbols) == 0 {
		return nil, fmt.Errorf("%s: no security has %d consecutive valid returns (estimation %s to event window %s); add longer price histories",
			dir, hi-lo+1, cfg.Estimation, cfg.EventWindow)
	}
	return s, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func (s *panelSource) describe() string {
	return fmt.Sprintf("real daily returns of %d securities (%s) against %s, %s to %s",
		len(s.symbols), strings.Join(s.symbols, ", "), s.market, s.first, s.last)
}

func (s *panelSource) universe() []string { return slices.Clone(s.symbols) }

// draw picks n (security, day 0) pairs with replacement, redrawing a pair
// whose event window overlaps an earlier pair of the same security (the
// study's stage rule would merge them into one observation, docs/methodology.md
// 4.5).
func (s *panelSource) draw(rng *rand.Rand, n int) []*analysis.EventInput {
	type pick struct{ sym, day0 int }
	picks := make([]pick, 0, n)
	L := s.cfg.EventWindow.Len()
	for len(picks) < n {
		var p pick
		for try := 0; ; try++ {
			p.sym = rng.IntN(len(s.symbols))
			f := s.feasible[p.sym]
			p.day0 = f[rng.IntN(len(f))]
			clash := slices.ContainsFunc(picks, func(q pick) bool {
				return q.sym == p.sym && abs(q.day0-p.day0) < L
			})
			if !clash || try >= maxRedraw {
				break
			}
		}
		picks = append(picks, p)
	}
	out := make([]*analysis.EventInput, n)
	for i, p := range picks {
		out[i] = s.input(i, p.sym, p.day0)
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// input builds the EventInput of security sym with day 0 at calendar
// position day0, as the study pipeline does.
func (s *panelSource) input(i, sym, day0 int) *analysis.EventInput {
	first := day0 + s.cfg.Estimation.T1
	span := s.cfg.EventWindow.T2 - s.cfg.Estimation.T1 + 1
	in := newInput(i, s.symbols[sym], day0, span, s.cfg.Model)
	for k := range span {
		pos := first + k
		in.Cal[k] = pos
		in.R[k] = s.ret[sym][pos]
		in.Bench[k] = s.mktBench[pos]
		if in.X != nil {
			in.X[0][k] = s.mkt[pos]
		}
	}
	return in
}

func newInput(i int, firm string, day0, span int, model analysis.Model) *analysis.EventInput {
	in := &analysis.EventInput{ID: fmt.Sprintf("sim%d", i+1), Firm: firm, Order: i, Day0: day0,
		Cal: make([]int, span), R: make([]float64, span), Bench: make([]float64, span)}
	if model.UsesMarket() {
		in.X = [][]float64{make([]float64, span)}
	}
	return in
}

// Parameters of the synthetic panel: a market return series per sample and,
// per pseudo-event, its own firm R = βR_m + ε with β ~ U(0.5, 1.5) and
// idiosyncratic volatility σ ~ U(1 %, 3 %) a day, the range of the bundled
// stocks. ε is σ times a unit-variance Student t(4) (√(1/2)·t_4) for
// PanelSynthetic, the fat tails of daily returns (Brown & Warner 1985
// section 3 find daily excess returns markedly leptokurtic), or σ times a
// standard normal for PanelNormal, where the parametric tests are exact.
const (
	synthDays     = 1500   // calendar length per sample (about six years)
	synthMktMean  = 0.0004 // market: normal, mean and sd per day
	synthMktSD    = 0.01
	synthBetaLo   = 0.5
	synthBetaHi   = 1.5
	synthSigmaLo  = 0.01
	synthSigmaHi  = 0.03
	synthTailsDF  = 4
	synthFirmName = "SYN"
)

type synthetic struct {
	cfg   analysis.Config
	panel string
}

func newSynthetic(panel string, cfg analysis.Config) source {
	return &synthetic{cfg: cfg, panel: panel}
}

func (s *synthetic) describe() string {
	innov := "Student t(4) innovations scaled to unit variance"
	if s.panel == PanelNormal {
		innov = "normal innovations"
	}
	return fmt.Sprintf("synthetic market-model returns: market N(%g, %g²) per day, one firm per event with beta ~ U(%g, %g), idiosyncratic sd ~ U(%g, %g), %s; %d trading days per sample",
		synthMktMean, synthMktSD, synthBetaLo, synthBetaHi, synthSigmaLo, synthSigmaHi, innov, synthDays)
}

func (s *synthetic) universe() []string { return nil }

func (s *synthetic) draw(rng *rand.Rand, n int) []*analysis.EventInput {
	mkt := make([]float64, synthDays)
	norm := distuv.Normal{Mu: synthMktMean, Sigma: synthMktSD, Src: rng}
	for i := range mkt {
		mkt[i] = norm.Rand()
	}
	lo, hi := s.cfg.Estimation.T1, s.cfg.EventWindow.T2
	span := hi - lo + 1
	out := make([]*analysis.EventInput, n)
	for i := range out {
		beta := synthBetaLo + (synthBetaHi-synthBetaLo)*rng.Float64()
		sigma := synthSigmaLo + (synthSigmaHi-synthSigmaLo)*rng.Float64()
		var eps func() float64
		if s.panel == PanelNormal {
			eps = distuv.Normal{Mu: 0, Sigma: sigma, Src: rng}.Rand
		} else {
			// Var t_ν = ν/(ν-2): scale so that Var ε = σ².
			nu := float64(synthTailsDF)
			eps = distuv.StudentsT{Mu: 0, Sigma: sigma * math.Sqrt((nu-2)/nu), Nu: nu, Src: rng}.Rand
		}
		day0 := -lo + rng.IntN(synthDays-span+1)
		in := newInput(i, fmt.Sprintf("%s%d", synthFirmName, i+1), day0, span, s.cfg.Model)
		for k := range span {
			pos := day0 + lo + k
			in.Cal[k] = pos
			in.R[k] = beta*mkt[pos] + eps()
			in.Bench[k] = mkt[pos]
			if in.X != nil {
				in.X[0][k] = mkt[pos]
			}
		}
		out[i] = in
	}
	return out
}
