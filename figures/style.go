package figures

import (
	"image/color"
	"strings"
	"unicode"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// style is the look of every figure: a sans-serif face (Liberation Sans,
// metric-compatible with Arial/Helvetica, which journals ask for) at 8 pt
// for a single column and 9 pt wider, and colours that stay apart in
// grayscale when gray is set (lines differ by dash as well as shade).
type style struct {
	width vg.Length
	size  vg.Length // body text
	gray  bool

	firm, market, ar, car, band, mark, sig color.Color
	heat                                   [nClass]color.Color
}

func newStyle(width vg.Length, gray bool) style {
	s := style{width: width, size: 8, gray: gray}
	if width > 5*vg.Inch {
		s.size = 9
	}
	if gray {
		s.firm = color.Gray{0x00}
		s.market = color.Gray{0x80}
		s.ar = color.Gray{0xb0}
		s.car = color.Gray{0x00}
		s.band = color.Gray{0xe0}
		s.mark = color.Gray{0x40}
		s.sig = color.Gray{0x00}
		s.heat = [nClass]color.Color{color.Gray{0x30}, color.Gray{0x70}, color.Gray{0xa8}, color.Gray{0xe0}, color.White}
		return s
	}
	// ColorBrewer Blues, as the HTML report; red marks the disclosures.
	s.firm = rgb(0x08, 0x30, 0x6b)
	s.market = rgb(0x96, 0x96, 0x96)
	s.ar = rgb(0x6b, 0xae, 0xd6)
	s.car = rgb(0x08, 0x30, 0x6b)
	s.band = rgb(0xc6, 0xdb, 0xef)
	s.mark = rgb(0xcb, 0x18, 0x1d)
	s.sig = rgb(0x08, 0x30, 0x6b)
	s.heat = [nClass]color.Color{rgb(0x08, 0x30, 0x6b), rgb(0x21, 0x71, 0xb5), rgb(0x6b, 0xae, 0xd6), rgb(0xe0, 0xe0, 0xe0), color.White}
	return s
}

func rgb(r, g, b uint8) color.Color { return color.RGBA{R: r, G: g, B: b, A: 0xff} }

// face is the figures' font.
var face = font.Font{Typeface: "Liberation", Variant: "Sans"}

// font is the figures' face at size pt relative to the body text.
func (s style) font(rel vg.Length) font.Font { return font.From(face, s.size+rel) }

// newPlot is a plot with the style's fonts and thin axes.
func (s style) newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = clean(title, 90)
	p.Title.TextStyle.Font = s.font(1)
	p.Title.Padding = 4
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = s.font(0)
		ax.Tick.Label.Font = s.font(-1)
		ax.Tick.Length = 3
		ax.LineStyle.Width = 0.5
		ax.Tick.LineStyle.Width = 0.5
		ax.Padding = 2
	}
	p.X.Label.Text = clean(xlabel, 80)
	p.Y.Label.Text = clean(ylabel, 80)
	p.Legend.TextStyle.Font = s.font(-1)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.ThumbnailWidth = 14
	return p
}

// line is a solid (or in gray, dashed when dashed) line style.
func (s style) line(c color.Color, width vg.Length, dashed bool) draw.LineStyle {
	ls := draw.LineStyle{Color: c, Width: width}
	if dashed {
		ls.Dashes = []vg.Length{3, 2}
	}
	return ls
}

// clean makes user text (stage names, ids) safe for every format: the
// PDF fonts are encoded in code page 1252, so runes beyond Latin-1 become
// "?"; control characters go; the text is cut to n runes.
func clean(s string, n int) string {
	var b strings.Builder
	k := 0
	for _, r := range s {
		if k == n {
			b.WriteString("...")
			break
		}
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			r = ' '
		case unicode.IsControl(r):
			continue
		case r > 0xff:
			r = '?'
		}
		b.WriteRune(r)
		k++
	}
	return b.String()
}
