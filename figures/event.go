package figures

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/breachlab/eventstudy/results"
)

// eventSeries is what the per-event figure draws, in the tables' units:
// ar.csv's AR (bars) and running CAR (line) by relative day, and the band
// CAR ± runningBand (Lo, Hi; NaN without σ̂).
type eventSeries struct {
	AR, CAR plotter.XYs
	X       []float64
	Lo, Hi  []float64
}

func eventData(e results.EventRow, rows []results.ARRow, df int, level float64) eventSeries {
	var s eventSeries
	ar := make([]float64, len(rows))
	for i, r := range rows {
		x := float64(r.RelDay)
		s.AR = append(s.AR, plotter.XY{X: x, Y: f64(r.AR)})
		s.CAR = append(s.CAR, plotter.XY{X: x, Y: f64(r.CAR)})
		s.X = append(s.X, x)
		ar[i] = f64(r.AR)
	}
	half := runningBand(ar, f64(e.Sigma), level, df)
	for i, r := range rows {
		s.Lo = append(s.Lo, f64(r.CAR)-half[i])
		s.Hi = append(s.Hi, f64(r.CAR)+half[i])
	}
	return s
}

// eventFigure: the daily ARs as bars, the running CAR as a line with its
// band, day 0 marked.
func (ix *index) eventFigure(st style, e results.EventRow) *plot.Plot {
	s := eventData(e, ix.ar[e.EventID], ix.df[e.EventID], ix.level)
	p := st.newPlot(fmt.Sprintf("%s: abnormal returns", e.EventID),
		"event day (trading days from day 0)", "return (%)")
	p.Y.Tick.Marker = percentTicks{}
	p.X.Tick.Marker = intTicks{}
	bandName := fmt.Sprintf("CAR %s band", levelText(ix.level))
	hasBand := !math.IsNaN(f64(e.Sigma))
	if hasBand {
		b := &band{X: s.X, Lo: s.Lo, Hi: s.Hi, Color: st.band}
		p.Add(b)
		p.Legend.Add(bandName, b)
	}
	bs := &bars{XY: s.AR, Width: 0.6, Color: st.ar}
	p.Add(bs, &hline{Y: 0, Style: st.line(st.market, 0.4, false)})
	p.Add(&marks{X: []float64{0}, Labels: []string{"day 0"}, Style: st.line(st.mark, 0.6, true), Text: p.X.Tick.Label})
	l := &line{XY: s.CAR, Style: st.line(st.car, 1, false),
		Glyph: &draw.GlyphStyle{Color: st.car, Radius: 1.2, Shape: draw.CircleGlyph{}}}
	p.Add(l)
	p.Legend.Add("AR", bs)
	p.Legend.Add("CAR", l)
	return p
}
