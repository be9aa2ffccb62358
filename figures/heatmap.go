package figures

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// heatGrid is a group's tests × windows of tests.csv: P[i][j] is the
// two-sided p of test Tests[i] on window Windows[j] (NaN: no row or an
// empty p), both in tests.csv's order of first appearance.
type heatGrid struct {
	Tests, Windows []string
	P              [][]float64
}

// testGroups are tests.csv's groups in file order.
func (ix *index) testGroups() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range ix.set.Tests {
		if !seen[r.Group] {
			seen[r.Group] = true
			out = append(out, r.Group)
		}
	}
	return out
}

func (ix *index) heatData(g string) heatGrid {
	var h heatGrid
	ti, wi := map[string]int{}, map[string]int{}
	for _, r := range ix.set.Tests {
		if r.Group != g {
			continue
		}
		if _, ok := ti[r.Test]; !ok {
			ti[r.Test] = len(h.Tests)
			h.Tests = append(h.Tests, r.Test)
		}
		if _, ok := wi[r.Window]; !ok {
			wi[r.Window] = len(h.Windows)
			h.Windows = append(h.Windows, r.Window)
		}
	}
	h.P = make([][]float64, len(h.Tests))
	for i := range h.P {
		h.P[i] = make([]float64, len(h.Windows))
		for j := range h.P[i] {
			h.P[i][j] = math.NaN()
		}
	}
	for _, r := range ix.set.Tests {
		if r.Group == g {
			h.P[ti[r.Test]][wi[r.Window]] = f64(r.P)
		}
	}
	return h
}

// pText is a p-value as a cell prints it: three decimals ("<.001"
// below), more where three would round it into the next class.
func pText(p float64) string {
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.001:
		return "<.001"
	}
	// 0.04996 would print "0.050" in a p < 0.05 cell: more digits
	for d := 3; ; d++ {
		s := strconv.FormatFloat(p, 'f', d, 64)
		if r, _ := strconv.ParseFloat(s, 64); sigClass(r) == sigClass(p) || d == 8 {
			return s
		}
	}
}

// heat draws the grid: a cell per test and window shaded by its
// significance class, with the p-value written in it.
type heat struct {
	grid heatGrid
	st   style
	text text.Style
}

// row is the y of test i (the first test at the top).
func (h *heat) row(i int) float64 { return float64(len(h.grid.Tests) - 1 - i) }

func (h *heat) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range h.grid.Tests {
		for j := range h.grid.Windows {
			pv := h.grid.P[i][j]
			k := sigClass(pv)
			x0, x1 := trX(float64(j)-0.5), trX(float64(j)+0.5)
			y0, y1 := trY(h.row(i)-0.5), trY(h.row(i)+0.5)
			c.FillPolygon(h.st.heat[k], []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			c.StrokeLines(draw.LineStyle{Color: color.White, Width: 0.5}, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
			sty := h.text
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			if k <= sig05 {
				sty.Color = color.White
			}
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, pText(pv))
		}
	}
}

func (h *heat) DataRange() (xmin, xmax, ymin, ymax float64) {
	return -0.5, float64(len(h.grid.Windows)) - 0.5, -0.5, float64(len(h.grid.Tests)) - 0.5
}

// heatmapFigure: tests (rows) × CAR windows (columns), the two-sided p.
func (ix *index) heatmapFigure(st style, g string) (*plot.Plot, heatGrid) {
	grid := ix.heatData(g)
	p := st.newPlot(fmt.Sprintf("Group %s: two-sided p of every test", g), "CAR window (darkest p < .01, then < .05, < .10; blank: no test)", "")
	tests := make([]string, len(grid.Tests))
	for i, t := range grid.Tests {
		tests[len(grid.Tests)-1-i] = clean(t, 20)
	}
	wins := make([]string, len(grid.Windows))
	for j, w := range grid.Windows {
		wins[j] = "(" + clean(w, 12) + ")"
	}
	p.Y.Tick.Marker = namedTicks(tests)
	p.X.Tick.Marker = namedTicks(wins)
	p.X.Tick.Label.Font.Size = st.size - 1.5
	p.Y.Tick.Label.Font.Size = st.size - 1.5
	p.X.Label.TextStyle.Font.Size = st.size - 1
	if st.width < 5*vg.Inch && len(wins) > 5 {
		// "(-10,10)" side by side does not fit a column: turn them
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YCenter
	}
	p.X.Padding, p.Y.Padding = 0, 0
	h := &heat{grid: grid, st: st, text: p.X.Tick.Label}
	h.text.Font.Size = st.size - 2.5
	h.text.Rotation = 0
	p.Add(h)
	return p, grid
}
