package figures

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters here draw data with missing values (NaN): gonum's own
// plotters reject NaN, and a missing abnormal return is a gap, not an
// error. Each keeps its data in exported fields (XY, Lo, Hi), the
// numbers the tests compare with the CSV tables.

// finite reports whether every value is a number.
func finite(v ...float64) bool {
	for _, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

// dataRange is the range of the finite points of xys; ok false if none.
func dataRange(xys plotter.XYs) (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, p := range xys {
		if !finite(p.X, p.Y) {
			continue
		}
		xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
		ymin, ymax = math.Min(ymin, p.Y), math.Max(ymax, p.Y)
	}
	return xmin, xmax, ymin, ymax
}

// bars are vertical bars from 0 to Y at X, Width data units wide.
type bars struct {
	XY    plotter.XYs
	Width float64
	Color color.Color
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, xy := range b.XY {
		if !finite(xy.X, xy.Y) {
			continue
		}
		x0, x1 := trX(xy.X-b.Width/2), trX(xy.X+b.Width/2)
		y0, y1 := trY(0), trY(xy.Y)
		c.FillPolygon(b.Color, c.ClipPolygonXY([]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}))
	}
}

func (b *bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = dataRange(b.XY)
	return xmin - b.Width/2, xmax + b.Width/2, math.Min(ymin, 0), math.Max(ymax, 0)
}

func (b *bars) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(b.Color, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
}

// line is a polyline broken where a point is missing, with an optional
// glyph at each point.
type line struct {
	XY    plotter.XYs
	Style draw.LineStyle
	Glyph *draw.GlyphStyle
}

func (l *line) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var seg []vg.Point
	flush := func() {
		if len(seg) > 1 {
			c.StrokeLines(l.Style, c.ClipLinesXY(seg)...)
		}
		seg = nil
	}
	for _, xy := range l.XY {
		if !finite(xy.X, xy.Y) {
			flush()
			continue
		}
		seg = append(seg, vg.Point{X: trX(xy.X), Y: trY(xy.Y)})
	}
	flush()
	if l.Glyph != nil {
		for _, xy := range l.XY {
			if pt := (vg.Point{X: trX(xy.X), Y: trY(xy.Y)}); finite(xy.X, xy.Y) && c.Contains(pt) {
				c.DrawGlyph(*l.Glyph, pt)
			}
		}
	}
}

func (l *line) DataRange() (xmin, xmax, ymin, ymax float64) { return dataRange(l.XY) }

func (l *line) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.Style, c.Min.X, y, c.Max.X, y)
}

// band fills the area between Lo and Hi at X, broken where either is
// missing.
type band struct {
	X, Lo, Hi []float64
	Color     color.Color
}

func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	start := -1
	fill := func(end int) {
		if start >= 0 && end-start > 1 {
			var pts []vg.Point
			for i := start; i < end; i++ {
				pts = append(pts, vg.Point{X: trX(b.X[i]), Y: trY(b.Hi[i])})
			}
			for i := end - 1; i >= start; i-- {
				pts = append(pts, vg.Point{X: trX(b.X[i]), Y: trY(b.Lo[i])})
			}
			c.FillPolygon(b.Color, c.ClipPolygonXY(pts))
		}
		start = -1
	}
	for i := range b.X {
		if !finite(b.X[i], b.Lo[i], b.Hi[i]) {
			fill(i)
			continue
		}
		if start < 0 {
			start = i
		}
	}
	fill(len(b.X))
}

func (b *band) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range b.X {
		if finite(b.X[i], b.Lo[i], b.Hi[i]) {
			xmin, xmax = math.Min(xmin, b.X[i]), math.Max(xmax, b.X[i])
			ymin, ymax = math.Min(ymin, b.Lo[i]), math.Max(ymax, b.Hi[i])
		}
	}
	return xmin, xmax, ymin, ymax
}

func (b *band) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(b.Color, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
}

// marks are vertical lines across the plot at X, each labelled at the
// top (alternating with a lower row, so that close marks stay legible).
type marks struct {
	X      []float64
	Labels []string
	Style  draw.LineStyle
	Text   text.Style
}

func (m *marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	h := m.Text.Font.Size
	sty := m.Text
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	xs, ws := make([]vg.Length, len(m.X)), make([]vg.Length, len(m.X))
	for i, x := range m.X {
		xs[i] = trX(x) + 1.5
		if i < len(m.Labels) {
			ws[i] = sty.Width(m.Labels[i])
		}
	}
	lv := levels(xs, ws, 2, 6)
	for i, x := range m.X {
		px := trX(x)
		if !c.ContainsX(px) {
			continue
		}
		c.StrokeLine2(m.Style, px, c.Min.Y, px, c.Max.Y)
		if i < len(m.Labels) && m.Labels[i] != "" {
			c.FillText(sty, vg.Point{X: xs[i], Y: c.Max.Y - 1 - vg.Length(lv[i])*(h+1)}, m.Labels[i])
		}
	}
}

// errorBars are vertical intervals [Lo, Hi] at X with caps.
type errorBars struct {
	X, Lo, Hi []float64
	Style     draw.LineStyle
}

func (e *errorBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cap := vg.Length(1.5)
	for i, x := range e.X {
		if !finite(x, e.Lo[i], e.Hi[i]) {
			continue
		}
		px, lo, hi := trX(x), trY(e.Lo[i]), trY(e.Hi[i])
		c.StrokeLines(e.Style, c.ClipLinesXY([]vg.Point{{X: px, Y: lo}, {X: px, Y: hi}})...)
		if len(e.X) <= 60 {
			c.StrokeLines(e.Style, c.ClipLinesXY([]vg.Point{{X: px - cap, Y: lo}, {X: px + cap, Y: lo}})...)
			c.StrokeLines(e.Style, c.ClipLinesXY([]vg.Point{{X: px - cap, Y: hi}, {X: px + cap, Y: hi}})...)
		}
	}
}

func (e *errorBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	b := band{X: e.X, Lo: e.Lo, Hi: e.Hi}
	return b.DataRange()
}

func (e *errorBars) Thumbnail(c *draw.Canvas) {
	x := c.Center().X
	c.StrokeLine2(e.Style, x, c.Min.Y, x, c.Max.Y)
}

// hline is a horizontal reference line at Y (zero).
type hline struct {
	Y     float64
	Style draw.LineStyle
}

func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	if y := trY(h.Y); c.ContainsY(y) {
		c.StrokeLine2(h.Style, c.Min.X, y, c.Max.X, y)
	}
}

// levels places labels that start at x (ascending) and are w wide on
// text lines: each label takes the first line where the previous label
// has ended (a gap of pad), so close marks stack instead of overprinting;
// beyond maxLevel lines the least crowded line is reused.
func levels(x, w []vg.Length, pad vg.Length, maxLevel int) []int {
	end := []vg.Length{}
	out := make([]int, len(x))
	for i := range x {
		lv := -1
		for k, e := range end {
			if x[i] >= e+pad {
				lv = k
				break
			}
		}
		if lv < 0 && len(end) < maxLevel {
			lv = len(end)
			end = append(end, 0)
		}
		if lv < 0 {
			lv = 0
			for k := range end {
				if end[k] < end[lv] {
					lv = k
				}
			}
		}
		end[lv] = x[i] + w[i]
		out[i] = lv
	}
	return out
}
