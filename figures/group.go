package figures

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// groupSeries is what the AAR/CAAR figure draws: aar.csv's AAR and CAAR
// and, when the group's events are found in ar.csv, the band of the mean
// running CAR (analysis.MeanInterval on each day).
type groupSeries struct {
	AAR, CAAR plotter.XYs
	X, Lo, Hi []float64
	Band      bool
}

// groupData builds the series of group g. aar.csv has no dispersion, so
// the band is computed from the running CARs in ar.csv of the group's
// events, or of their primary set (one event per incident, the earliest
// day 0: the stage rule's default, docs/methodology.md 4.5), whichever
// has aar.csv's number of events on every day; without a match there is
// no band (Band false) rather than a band of other events.
func (ix *index) groupData(g string) groupSeries {
	rows := ix.aar[g]
	var s groupSeries
	for _, r := range rows {
		x := float64(r.RelDay)
		s.AAR = append(s.AAR, plotter.XY{X: x, Y: f64(r.AAR)})
		s.CAAR = append(s.CAAR, plotter.XY{X: x, Y: f64(r.CAAR)})
		s.X = append(s.X, x)
	}
	evs := ix.members(g)
	for _, set := range [][]results.EventRow{evs, ix.primaryOverlap(evs), primary(evs)} {
		if !ix.countsMatch(set, rows) {
			continue
		}
		s.Band = true
		for _, r := range rows {
			var x []float64
			for _, e := range set {
				if a, ok := ix.arOn(e.EventID, r.RelDay); ok && !a.CAR.IsNA() {
					x = append(x, f64(a.CAR))
				}
			}
			_, lo, hi, _ := analysis.MeanInterval(x, ix.level)
			s.Lo, s.Hi = append(s.Lo, lo), append(s.Hi, hi)
		}
		return s
	}
	return s
}

// countsMatch reports whether evs have aar.csv's n valid ARs on every day.
func (ix *index) countsMatch(evs []results.EventRow, rows []results.AARRow) bool {
	if len(evs) < 2 || len(rows) == 0 {
		return false
	}
	for _, r := range rows {
		n := 0
		for _, e := range evs {
			if a, ok := ix.arOn(e.EventID, r.RelDay); ok && !a.AR.IsNA() {
				n++
			}
		}
		if n != r.N {
			return false
		}
	}
	return true
}

func (ix *index) arOn(id string, day int) (results.ARRow, bool) {
	rows := ix.ar[id]
	i := sort.Search(len(rows), func(i int) bool { return rows[i].RelDay >= day })
	if i < len(rows) && rows[i].RelDay == day {
		return rows[i], true
	}
	return results.ARRow{}, false
}

// primaryOverlap is the stage rule of docs/methodology.md 4.5: one event
// per connected set of a firm's events whose windows (their dates in
// ar.csv) overlap, the earliest day 0, or the stage the study's
// primary_stage names when the set has it.
func (ix *index) primaryOverlap(evs []results.EventRow) []results.EventRow {
	want, _ := ix.set.Manifest.Config["primary_stage"].(string)
	type span struct {
		e        results.EventRow
		from, to string
	}
	byFirm := map[string][]span{}
	var firms []string
	for _, e := range evs {
		rows := ix.ar[e.EventID]
		if len(rows) == 0 {
			continue
		}
		if _, ok := byFirm[e.Firm]; !ok {
			firms = append(firms, e.Firm)
		}
		byFirm[e.Firm] = append(byFirm[e.Firm], span{e, rows[0].Date, rows[len(rows)-1].Date})
	}
	var out []results.EventRow
	for _, f := range firms {
		sp := byFirm[f]
		sort.SliceStable(sp, func(i, j int) bool { return sp[i].e.Day0 < sp[j].e.Day0 })
		for i := 0; i < len(sp); {
			j, end, pick := i+1, sp[i].to, i
			for ; j < len(sp) && sp[j].from <= end; j++ {
				end = max(end, sp[j].to)
			}
			for k := i; k < j && want != ""; k++ {
				if sp[k].e.Stage == want {
					pick = k
					break
				}
			}
			out = append(out, sp[pick].e)
			i = j
		}
	}
	return out
}

// primary keeps one event per firm and incident, the earliest day 0.
func primary(evs []results.EventRow) []results.EventRow {
	best := map[string]int{}
	for i, e := range evs {
		k := e.Firm + "\x00" + incidentKey(e)
		if j, ok := best[k]; !ok || e.Day0 < evs[j].Day0 {
			best[k] = i
		}
	}
	var out []results.EventRow
	for i, e := range evs {
		if best[e.Firm+"\x00"+incidentKey(e)] == i {
			out = append(out, e)
		}
	}
	return out
}

// groupFigure: AAR bars and the CAAR line with the band of the mean CAR.
func (ix *index) groupFigure(st style, g string) (*plot.Plot, bool) {
	s := ix.groupData(g)
	p := st.newPlot(fmt.Sprintf("Group %s: AAR and CAAR", g), "event day (trading days from day 0)", "return (%)")
	p.Y.Tick.Marker = percentTicks{}
	p.X.Tick.Marker = intTicks{}
	if s.Band {
		b := &band{X: s.X, Lo: s.Lo, Hi: s.Hi, Color: st.band}
		p.Add(b)
		p.Legend.Add(fmt.Sprintf("%s CI of the mean CAR", levelText(ix.level)), b)
	}
	bs := &bars{XY: s.AAR, Width: 0.6, Color: st.ar}
	p.Add(bs, &hline{Y: 0, Style: st.line(st.market, 0.4, false)})
	p.Add(&marks{X: []float64{0}, Labels: []string{"day 0"}, Style: st.line(st.mark, 0.6, true), Text: p.X.Tick.Label})
	l := &line{XY: s.CAAR, Style: st.line(st.car, 1, false),
		Glyph: &draw.GlyphStyle{Color: st.car, Radius: 1.2, Shape: draw.CircleGlyph{}}}
	p.Add(l)
	p.Legend.Add("AAR", bs)
	p.Legend.Add("CAAR", l)
	return p, s.Band
}

// rankedSeries are a group's CARs on the window, ascending (ties by event
// id), with their intervals CAR ± critical(level, df)·se: the single-event
// t-test of docs/methodology.md 6.1 inverted.
type rankedSeries struct {
	IDs       []string
	X, Y      []float64
	Lo, Hi    []float64
	CARPoints plotter.XYs
}

func (ix *index) rankedData(g string) rankedSeries {
	var rows []results.CARRow
	for _, e := range ix.members(g) {
		if r, ok := ix.car[[2]string{e.EventID, ix.window}]; ok && !r.CAR.IsNA() {
			rows = append(rows, r)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].CAR != rows[j].CAR {
			return rows[i].CAR < rows[j].CAR
		}
		return rows[i].EventID < rows[j].EventID
	})
	var s rankedSeries
	for i, r := range rows {
		df := 0
		if r.DF.Valid {
			df = r.DF.V
		}
		half := critical(ix.level, df) * f64(r.SE)
		x := float64(i + 1)
		s.IDs = append(s.IDs, r.EventID)
		s.X, s.Y = append(s.X, x), append(s.Y, f64(r.CAR))
		s.Lo, s.Hi = append(s.Lo, f64(r.CAR)-half), append(s.Hi, f64(r.CAR)+half)
		s.CARPoints = append(s.CARPoints, plotter.XY{X: x, Y: f64(r.CAR)})
	}
	return s
}

// rankedFigure: every event's CAR on the window, ranked, with its
// interval; events are named on the axis when there are few.
func (ix *index) rankedFigure(st style, g string) (*plot.Plot, int) {
	s := ix.rankedData(g)
	p := st.newPlot(fmt.Sprintf("Group %s: CAR(%s) by event, ranked", g, ix.window), "rank", "CAR (%)")
	p.Y.Tick.Marker = percentTicks{}
	p.X.Tick.Marker = intTicks{}
	if len(s.X) <= 40 {
		names := make([]string, len(s.IDs)+1)
		for i, id := range s.IDs {
			names[i+1] = clean(id, 24)
		}
		p.X.Tick.Marker = namedTicks(names)
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
		p.X.Tick.Label.Font.Size = st.size - 2
		p.X.Label.Text = ""
	}
	p.X.Min, p.X.Max = 0.5, float64(len(s.X))+0.5
	// Hundreds of events: thinner bars and dots, a distribution view.
	lw, r := vg.Length(0.6), vg.Length(1.5)
	if len(s.X) > 200 {
		lw, r = 0.2, 0.5
	}
	eb := &errorBars{X: s.X, Lo: s.Lo, Hi: s.Hi, Style: st.line(st.market, lw, false)}
	p.Add(&hline{Y: 0, Style: st.line(st.market, 0.4, true)}, eb)
	pts := &line{XY: s.CARPoints, Style: draw.LineStyle{Width: 0}, Glyph: &draw.GlyphStyle{Color: st.car, Radius: r, Shape: draw.CircleGlyph{}}}
	p.Add(pts)
	p.Legend.Add("CAR", pts)
	p.Legend.Add(fmt.Sprintf("%s interval (t test)", levelText(ix.level)), eb)
	return p, len(s.X)
}

// histFigure: the distribution of the group's CARs on the window, in
// Sturges bins.
func (ix *index) histFigure(st style, g string) (*plot.Plot, []analysis.Bin) {
	s := ix.rankedData(g)
	bins := analysis.Histogram(s.Y)
	p := st.newPlot(fmt.Sprintf("Group %s: distribution of CAR(%s), N = %d", g, ix.window, len(s.Y)), "CAR (%)", "events")
	p.X.Tick.Marker = percentTicks{}
	p.Y.Tick.Marker = intTicks{}
	h := &plotter.Histogram{FillColor: st.ar, LineStyle: st.line(st.car, 0.5, false)}
	for _, b := range bins {
		lo, hi := b.Lo, b.Hi
		if lo == hi { // equal CARs: a visible bar around them
			lo, hi = lo-0.0025, hi+0.0025
		}
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: lo, Max: hi, Weight: float64(b.Count)})
	}
	if len(bins) > 0 {
		h.Width = h.Bins[0].Max - h.Bins[0].Min
	}
	p.Add(h)
	p.Add(&marks{X: []float64{0}, Style: st.line(st.mark, 0.6, true), Text: p.X.Tick.Label})
	p.Y.Min = 0
	return p, bins
}
