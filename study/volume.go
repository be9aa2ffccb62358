package study

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// Values of --volume besides a file path.
const (
	VolumeAuto = "auto" // read Volume from the price data when it has one
	VolumeOff  = "off"  // no volume tables
)

// Volume test ids in tests.csv (docs/methodology.md 13.3): the
// cross-sectional t of CAV (grouptest's cs_t run on the volume estimates)
// and the rank test of analysis.VolumeRankTest.
const (
	TestAVCST  = "av_cs_t"
	TestAVRank = "av_rank"
)

// volumeAuto reports whether volume comes from the price data's own
// volume column (--volume auto), read in the price loader's pass.
func volumeAuto(s *Study) bool {
	v := strings.TrimSpace(s.Volume)
	return v == "" || v == VolumeAuto
}

// loadVolume gives the trading volume of the symbols the study uses:
// with --volume auto the volume column the price loader read beside the
// prices (the panel's and the market file's series), else a separate
// wide file (wide panels); nil with --volume off or when the data has no
// volume column.
func loadVolume(s *Study, panel *prices.Panel, mf *marketFile, want map[string]bool) (map[string]*prices.Volume, []string, error) {
	switch v := strings.TrimSpace(s.Volume); {
	case v == VolumeOff:
		return nil, nil, nil
	case volumeAuto(s):
		vol := map[string]*prices.Volume{}
		notes := panelVolume(vol, panel, want)
		if mf.usable() {
			notes = append(notes, panelVolume(vol, mf.panel, nil)...)
		}
		return vol, notes, nil
	default:
		return prices.LoadVolume(v, s.DateFormat, want, true)
	}
}

// panelVolume adds the volume of p's series in want (all when nil) to
// vol and returns p's volume notes.
func panelVolume(vol map[string]*prices.Volume, p *prices.Panel, want map[string]bool) []string {
	for name, ser := range p.Series {
		if ser.Volume != nil && (want == nil || want[name]) {
			vol[name] = &prices.Volume{Dates: ser.Dates, Vol: ser.Volume}
		}
	}
	return p.VolumeNotes
}

// volumeSeries is the trading volume of a symbol, nil when it has none.
func (p *pipeline) volumeSeries(sym string) *prices.Volume {
	if ser := p.in.volume[sym]; ser != nil {
		return ser
	}
	return p.in.volume[p.in.symbol(sym)]
}

// volumeOn is the shares traded on a calendar day (prices.csv's volume
// column, the report's volume bars); NaN when ser is nil, the day has no
// volume or it is negative (analysis.LogVolume's missing values).
func volumeOn(ser *prices.Volume, d dates.Day) float64 {
	if ser == nil {
		return math.NaN()
	}
	i, ok := slices.BinarySearch(ser.Dates, d)
	if !ok || !(ser.Vol[i] >= 0) || math.IsInf(ser.Vol[i], 0) {
		return math.NaN()
	}
	return ser.Vol[i]
}

// volumeOf is the log-volume function of a symbol on the calendar, nil
// when the symbol has no volume. It keeps a cursor, so each event (each
// goroutine) gets its own.
func (p *pipeline) volumeOf(sym string) func(int) float64 {
	ser := p.volumeSeries(sym)
	if ser == nil {
		return nil
	}
	days := p.in.cal.Days
	at := -1 // the index of the last day found: calendar positions come ascending
	return func(c int) float64 {
		if c < 0 || c >= len(days) {
			return math.NaN()
		}
		d := days[c]
		if at+1 < len(ser.Dates) && ser.Dates[at+1] == d {
			at++
		} else if i, ok := slices.BinarySearch(ser.Dates, d); ok {
			at = i
		} else {
			return math.NaN()
		}
		return analysis.LogVolume(ser.Vol[at])
	}
}

// abnormalVolume estimates every estimated event's abnormal log volume
// (docs/methodology.md 13) and makes volume.csv and ar.csv's av column;
// an event without volume on day 0 or in its estimation window keeps
// empty volume fields and gets a warning.
func (p *pipeline) abnormalVolume() {
	for _, n := range p.in.volumeNotes {
		p.warn("", "volume_note", displayText(p.s, n))
	}
	if len(p.in.volume) == 0 {
		return
	}
	p.vols = make([]*analysis.VolumeEstimate, len(p.states))
	market := p.s.VolumeModel == analysis.VolumeMarket
	if market && p.volumeOf(p.in.marketName) == nil {
		market = false
		p.warn("", "no_market_volume", fmt.Sprintf("the market series %s has no volume: abnormal volume uses the mean-adjusted model", p.in.marketName))
	}
	rows, slab := p.estimateVolumes(market)
	if len(p.set.Volume) == 0 {
		// The rows are kept in place: each event's rows move down over
		// the slots of events without volume (appending them to a new
		// table copied 80,000 rows, 9 MB, with their strings under write
		// barriers).
		p.set.Volume = slab[:0]
	}
	noSeries, some := 0, false
	for i, st := range p.states {
		if st.status != StatusOK || st.est == nil {
			continue
		}
		ve := p.vols[i]
		switch {
		case ve != nil:
			some = true
		case p.volumeOf(st.ev.Firm) == nil:
			noSeries++
			continue
		default:
			p.warn(st.ev.ID, "no_volume", "no trading volume over the estimation window (fewer than 3 days): volume fields left empty")
			continue
		}
		// ar.csv's av: arTable, after the group tests, takes it from p.vols.
		if j := -ve.EvtWindow.T1; j >= 0 && j < len(ve.AV) && math.IsNaN(ve.AV[j]) {
			p.warn(st.ev.ID, "volume_missing", "no trading volume on day 0: CAV of windows with day 0 left empty")
		}
		p.set.Volume = append(p.set.Volume, rows[i]...)
	}
	// Nothing reads the volumes after the estimates: free them (and the
	// panel's copy of them) before the group tests.
	p.in.volume = nil
	if p.in.panel != nil {
		for _, s := range p.in.panel.Series {
			if s != nil {
				s.Volume = nil
			}
		}
	}
	if !some { // only the market has volume (a generated or wide panel): no volume tables
		p.vols = nil
		return
	}
	if noSeries > 0 {
		p.warn("", "no_volume", fmt.Sprintf("%d estimated events' firms have no volume in the price data: their volume fields are empty", noSeries))
	}
}

// estimateVolumes fits every estimated event's normal-volume model
// (p.vols) and makes its volume.csv rows, on every core: rows[i] are
// state i's (nil without volume), in slab's slots of len(windows) rows.
func (p *pipeline) estimateVolumes(market bool) (rows [][]results.VolumeRow, slab []results.VolumeRow) {
	rows = make([][]results.VolumeRow, len(p.states))
	nw := len(p.cfg.CARWindows)
	slab = make([]results.VolumeRow, len(p.states)*nw) // rows[i] is the i-th slot of nw rows
	names := windowNames(p.cfg.CARWindows)
	parallel.For(len(p.states), func(i int) {
		st := p.states[i]
		if st.status != StatusOK || st.est == nil {
			return
		}
		v := p.volumeOf(st.ev.Firm)
		if v == nil {
			return
		}
		var mv func(int) float64
		if market {
			mv = p.volumeOf(p.in.marketName) // a cursor of its own per event
		}
		if ve := analysis.EstimateVolume(st.est, v, mv); ve != nil {
			ve.KeepRanks() // av_rank's counts, here on every core; the residuals go
			p.vols[i] = ve
			rows[i] = slab[i*nw : (i+1)*nw : (i+1)*nw]
			for j, w := range p.cfg.CARWindows {
				rows[i][j] = volumeRow(st.ev.ID, names[j], ve.CAVTest(w))
			}
		}
	})
	return rows, slab
}

// volumeRow is one volume.csv row; name is t.Window.String(), made once
// for all events.
func volumeRow(id, name string, t analysis.VolumeTest) results.VolumeRow {
	r := results.VolumeRow{EventID: id, Window: name, T1: t.Window.T1, T2: t.Window.T2,
		CAV: results.Num(t.CAV), SE: results.Num(t.SE), T: results.Num(t.T), P: results.Num(t.P), NDays: t.NDays}
	if t.Valid {
		r.DF = results.SomeInt(t.DF)
	}
	return r
}

// windowNames are the windows' names (Window.String), one string each
// shared by every event's rows.
func windowNames(windows []analysis.Window) []string {
	names := make([]string, len(windows))
	for j, w := range windows {
		names[j] = w.String()
	}
	return names
}

// volumeGroupTests appends av_cs_t and av_rank of every group's primary
// events to tests.csv, per window.
func (p *pipeline) volumeGroupTests() {
	if p.vols == nil {
		return
	}
	byID := map[string]int{}
	for i, st := range p.states {
		if p.vols[i] != nil {
			byID[st.ev.ID] = i
		}
	}
	for _, g := range p.groupNames {
		var evs []*analysis.EventEstimate
		var ves []*analysis.VolumeEstimate
		for _, e := range p.out.Groups[g] {
			if i, ok := byID[e.ID]; ok {
				if a := p.vols[i].AsEstimate(p.states[i].est); a != nil {
					evs, ves = append(evs, a), append(ves, p.vols[i])
				}
			}
		}
		cs := grouptest.RunWindows([]string{"cs_t"}, evs, p.cfg.CARWindows, p.cfg)
		days, m := make([][]float64, len(ves)), make([]int, len(ves))
		for i, ve := range ves {
			days[i], m[i] = analysis.VolumeDayRanks(ve) // kept by estimateVolumes (KeepRanks)
		}
		ranks := analysis.VolumeRanksOf(ves, days, m)
		rank := make([]results.TestRow, len(p.cfg.CARWindows))
		parallel.For(len(rank), func(j int) { rank[j] = volumeRankRow(g, p.cfg.CARWindows[j], ranks) })
		for j := range p.cfg.CARWindows {
			cs[j].Group, cs[j].Test = g, TestAVCST
			p.set.Tests = append(p.set.Tests, cs[j], rank[j])
		}
	}
}

// volumeRankRow is the av_rank row of one group and window.
func volumeRankRow(g string, w analysis.Window, ranks *analysis.VolumeRanks) results.TestRow {
	n, est, stat := ranks.Test(w)
	r := results.TestRow{Group: g, Window: w.String(), Test: TestAVRank, N: n, Estimate: results.Num(est),
		Statistic: results.NA, P: results.NA, PLower: results.NA, PUpper: results.NA}
	if !math.IsNaN(stat) { // t on n-1 df (analysis.VolumeRankTest)
		p, lo, up := analysis.PValues(stat, analysis.DistT, float64(n-1))
		r.Statistic, r.Dist, r.DF = results.Num(stat), analysis.DistT, results.SomeInt(n-1)
		r.P, r.PLower, r.PUpper = results.Num(p), results.Num(lo), results.Num(up)
	}
	return r
}
