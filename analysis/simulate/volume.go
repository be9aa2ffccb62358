package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"github.com/breachlab/eventstudy"
	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/prices"
)

// Rows of the volume simulation: grouptest's cs_t and analysis'
// VolumeRankTest run on abnormal log volume, as the study writes them
// (docs/methodology.md 13.3).
var volumeRows = []string{"av_cs_t", "av_rank"}

// volumeSource is the real daily volume of a directory's securities on
// the market's calendar: lv[k][pos] = ln(1+volume), NaN where missing.
type volumeSource struct {
	symbols  []string
	lv       [][]float64
	feasible [][]int // day-0 positions with volume on every day of the windows
}

// RunVolume measures the size and power of av_cs_t and av_rank in the
// manner of Run (Campbell & Wasley 1996 did the same for NASDAQ volume):
// cfg.Samples samples of cfg.Events pseudo-events drawn from the real
// volumes of cfg.Prices (the bundled demo panel when empty), each
// estimated with the mean-adjusted log-volume model over
// cfg.Analysis.Estimation; level m of cfg.VolumeLevels multiplies day 0's
// volume by m (1 = null; the power target is m = 3). Cell.Abnormal
// holds m.
func RunVolume(cfg Config) (*Table, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if len(cfg.VolumeLevels) == 0 {
		cfg.VolumeLevels = []float64{1, 3}
	}
	dir := cfg.Prices
	if dir == "" {
		tmp, err := bundledDir()
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	src, err := loadVolumeSource(dir, cfg.Market, cfg.Analysis)
	if err != nil {
		return nil, err
	}
	per := make([][]int, cfg.Samples) // per sample: rej, trials, undef per row×window×level
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(cfg.Workers, cfg.Samples) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range next {
				per[s] = src.sample(cfg, s)
			}
		}()
	}
	for s := range cfg.Samples {
		next <- s
	}
	close(next)
	wg.Wait()
	nw, nl := len(cfg.Windows), len(cfg.VolumeLevels)
	cfg.Abnormal = cfg.VolumeLevels // the table's columns
	t := &Table{Config: cfg, Source: fmt.Sprintf("real daily volume of %d securities in %s", len(src.symbols), dir), Universe: src.symbols}
	for i, r := range volumeRows {
		t.Tests = append(t.Tests, r)
		for j, w := range cfg.Windows {
			for k, m := range cfg.VolumeLevels {
				c := Cell{Test: r, Window: w, Abnormal: m}
				at := 3 * ((i*nw+j)*nl + k)
				for _, p := range per {
					c.Rejections, c.Trials, c.Undefined = c.Rejections+p[at], c.Trials+p[at+1], c.Undefined+p[at+2]
				}
				t.Cells = append(t.Cells, c)
			}
		}
	}
	return t, nil
}

// bundledDir writes the embedded demo prices to a temporary directory.
func bundledDir() (string, error) {
	tmp, err := os.MkdirTemp("", "eventstudy-simulate-")
	if err != nil {
		return "", err
	}
	root := path.Join(eventstudy.DemoRoot, "prices")
	ents, err := eventstudy.Demo.ReadDir(root)
	if err != nil {
		return tmp, err
	}
	for _, e := range ents {
		b, err := eventstudy.Demo.ReadFile(path.Join(root, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(tmp, e.Name()), b, 0o600)
		}
		if err != nil {
			return tmp, err
		}
	}
	return tmp, nil
}

func loadVolumeSource(dir, market string, cfg analysis.Config) (*volumeSource, error) {
	_, cal, err := loadMarketPanel(dir, market, prices.LoadOptions{Symbols: map[string]bool{market: true}})
	if err != nil {
		return nil, err
	}
	vol, _, err := prices.LoadVolume(dir, dates.DateAuto, nil, false)
	if err != nil {
		return nil, err
	}
	src := &volumeSource{}
	lo, hi := cfg.Estimation.T1, cfg.EventWindow.T2
	syms := make([]string, 0, len(vol))
	for s := range vol {
		syms = append(syms, s)
	}
	slices.Sort(syms)
	for _, sym := range syms {
		if sym == market {
			continue
		}
		lv := make([]float64, cal.Len())
		bad := make([]int, cal.Len()+1)
		for i, d := range cal.Days {
			v, _ := vol[sym].On(d)
			lv[i] = analysis.LogVolume(v)
			bad[i+1] = bad[i]
			if math.IsNaN(lv[i]) {
				bad[i+1]++
			}
		}
		var ok []int
		for p := max(0, -lo); p+hi < cal.Len(); p++ {
			if bad[p+hi+1]-bad[p+lo] == 0 {
				ok = append(ok, p)
			}
		}
		if len(ok) > 0 {
			src.symbols, src.lv, src.feasible = append(src.symbols, sym), append(src.lv, lv), append(src.feasible, ok)
		}
	}
	if len(src.symbols) == 0 {
		return nil, fmt.Errorf("%s: no security has volume on %d consecutive days", dir, hi-lo+1)
	}
	return src, nil
}

// sample runs sample s at every level and window; the counts are laid
// out as RunVolume reads them.
func (src *volumeSource) sample(cfg Config, s int) []int {
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(s)))
	type pick struct{ sym, day0 int }
	picks := make([]pick, 0, cfg.Events)
	L := cfg.Analysis.EventWindow.Len()
	for len(picks) < cfg.Events {
		var p pick
		for try := 0; ; try++ {
			p.sym = rng.IntN(len(src.symbols))
			p.day0 = src.feasible[p.sym][rng.IntN(len(src.feasible[p.sym]))]
			if try >= maxRedraw || !slices.ContainsFunc(picks, func(q pick) bool { return q.sym == p.sym && abs(q.day0-p.day0) < L }) {
				break
			}
		}
		picks = append(picks, p)
	}
	nw, nl := len(cfg.Windows), len(cfg.VolumeLevels)
	out := make([]int, 3*len(volumeRows)*nw*nl)
	for k, m := range cfg.VolumeLevels {
		ests := make([]*analysis.EventEstimate, 0, len(picks))
		var ves []*analysis.VolumeEstimate
		for i, p := range picks {
			e := pseudoEstimate(i, p.day0, cfg.Analysis)
			lv := src.lv[p.sym]
			v := func(c int) float64 {
				if c == p.day0 {
					return math.Log1p(m * math.Expm1(lv[c]))
				}
				return lv[c]
			}
			if ve := analysis.EstimateVolume(e, v, nil); ve != nil {
				if a := ve.AsEstimate(e); a != nil {
					ests, ves = append(ests, a), append(ves, ve)
				}
			}
		}
		cs := grouptest.RunWindows([]string{"cs_t"}, ests, cfg.Windows, cfg.Analysis)
		ranks := analysis.NewVolumeRanks(ves)
		for j, w := range cfg.Windows {
			n, _, stat := ranks.Test(w)
			pRank, _, _ := analysis.PValues(stat, analysis.DistT, float64(n-1))
			for i, p := range []float64{float64(cs[j].P), pRank} {
				at := 3 * ((i*nw+j)*nl + k)
				switch {
				case math.IsNaN(p):
					out[at+2]++
				case p < cfg.Alpha:
					out[at]++
					out[at+1]++
				default:
					out[at+1]++
				}
			}
		}
	}
	return out
}

// pseudoEstimate is the window layout of a pseudo-event with day 0 at
// calendar position day0 (only what EstimateVolume reads).
func pseudoEstimate(i, day0 int, cfg analysis.Config) *analysis.EventEstimate {
	e := &analysis.EventEstimate{ID: fmt.Sprint(i), Firm: fmt.Sprint(i), Day0: day0,
		EstWindow: cfg.Estimation, EvtWindow: cfg.EventWindow}
	for t := cfg.Estimation.T1; t <= cfg.Estimation.T2; t++ {
		e.EstCal = append(e.EstCal, day0+t)
	}
	for t := cfg.EventWindow.T1; t <= cfg.EventWindow.T2; t++ {
		e.EvtCal = append(e.EvtCal, day0+t)
	}
	return e
}
