package figures

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// stagePoint is one marker of the timeline: the stages of an incident
// that share a day 0, at calendar days since the incident's first day 0.
type stagePoint struct {
	Row   int     // incident, 0 = first in events.csv (drawn at the top)
	Days  float64 // calendar days since the incident's first day 0
	Label string
	P     float64 // the smallest p of its stages' CAR on the window; NaN: none
}

// MaxTimelineRows is the most incidents the timeline shows (a row each;
// 40 rows fill a page).
const MaxTimelineRows = 40

// timelineData lists the incidents with a day 0 and their stage points,
// the first MaxTimelineRows of them; more says how many were left out.
func (ix *index) timelineData() (rows []string, pts []stagePoint, more int) {
	for _, inc := range ix.incidents() {
		first := ""
		for _, e := range inc.events {
			if e.Day0 != "" && (first == "" || e.Day0 < first) {
				first = e.Day0
			}
		}
		t0, err := day(first)
		if err != nil {
			continue // no day 0 (every stage excluded before anchoring)
		}
		if len(rows) == MaxTimelineRows {
			more++
			continue
		}
		row := len(rows)
		rows = append(rows, clean(inc.key, 28)+" ("+first+")")
		at := map[string]int{}
		for _, e := range inc.events {
			t, err := day(e.Day0)
			if err != nil {
				continue
			}
			i, ok := at[e.Day0]
			if !ok {
				i = len(pts)
				at[e.Day0] = i
				pts = append(pts, stagePoint{Row: row, Days: (t - t0) / 86400, P: math.NaN()})
			}
			if pts[i].Label != "" {
				pts[i].Label += "/"
			}
			pts[i].Label += stageName(e)
			if r, ok := ix.car[[2]string{e.EventID, ix.window}]; ok && !r.P.IsNA() && !(f64(r.P) >= pts[i].P) {
				pts[i].P = f64(r.P)
			}
		}
	}
	return rows, pts, more
}

// timeline draws the stage points, filled where p < 0.05.
type timeline struct {
	pts   []stagePoint
	nrows int
	st    style
	text  text.Style
}

func (t *timeline) y(row int) float64 { return float64(t.nrows - 1 - row) }

func (t *timeline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	guide := t.st.line(color.Gray{0xd0}, 0.4, false)
	for r := 0; r < t.nrows; r++ {
		c.StrokeLine2(guide, c.Min.X, trY(t.y(r)), c.Max.X, trY(t.y(r)))
	}
	// Labels of one incident stack on lines above and below its row.
	sty := t.text
	sty.XAlign = draw.XLeft
	lh := sty.Font.Size + 0.5
	byRow := map[int][]int{}
	for i, s := range t.pts {
		byRow[s.Row] = append(byRow[s.Row], i)
	}
	for r := 0; r < t.nrows; r++ {
		idx := byRow[r]
		xs, ws := make([]vg.Length, len(idx)), make([]vg.Length, len(idx))
		for k, i := range idx {
			xs[k] = trX(t.pts[i].Days) + 2
			ws[k] = sty.Width(clean(t.pts[i].Label, 30))
		}
		lv := levels(xs, ws, 3, 4)
		for k, i := range idx {
			s := t.pts[i]
			pt := vg.Point{X: trX(s.Days), Y: trY(t.y(s.Row))}
			g := draw.GlyphStyle{Color: t.st.sig, Radius: 2.2, Shape: draw.RingGlyph{}}
			if s.P < 0.05 {
				g.Shape = draw.CircleGlyph{}
			} else if math.IsNaN(s.P) {
				g.Shape, g.Color = draw.CrossGlyph{}, t.st.market
			}
			c.DrawGlyph(g, pt)
			// lines 0, 2: above the row; 1, 3: below
			ls := sty
			y := pt.Y + 2.5 + vg.Length(lv[k]/2)*lh
			ls.YAlign = draw.YBottom
			if lv[k]%2 == 1 {
				ls.YAlign, y = draw.YTop, pt.Y-2.5-vg.Length(lv[k]/2)*lh
			}
			c.FillText(ls, vg.Point{X: xs[k], Y: y}, clean(s.Label, 30))
		}
	}
}

func (t *timeline) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmax = 1
	for _, s := range t.pts {
		xmax = math.Max(xmax, s.Days)
	}
	// room on the right for the last label
	return -0.05 * xmax, 1.25 * xmax, -0.6, float64(t.nrows) - 0.4
}

// timelineFigure: one row per incident, a marker per stage at its
// calendar distance from the first disclosure.
func (ix *index) timelineFigure(st style) (p *plot.Plot, nrows, more int) {
	rows, pts, more := ix.timelineData()
	p = st.newPlot(fmt.Sprintf("Disclosure stages per incident (filled: p < 0.05 on CAR(%s))", ix.window),
		"calendar days since the incident's first day 0", "")
	names := make([]string, len(rows))
	for i, r := range rows {
		names[len(rows)-1-i] = r
	}
	p.Y.Tick.Marker = namedTicks(names)
	p.Y.Tick.Label.Font.Size = st.size - 1.5
	p.X.Tick.Marker = intTicks{}
	tl := &timeline{pts: pts, nrows: len(rows), st: st, text: p.X.Tick.Label}
	tl.text.Font.Size = st.size - 2
	p.Add(tl)
	return p, len(rows), more
}
