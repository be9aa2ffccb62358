package figures

import (
	"bytes"
	"fmt"
	"image/color"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// PNGDPI is the resolution of PNG figures: 300 dpi, the usual journal
// minimum for line art in raster form.
const PNGDPI = 300

// pdfDate is the creation and modification date written into every PDF.
// fpdf writes the current time unless told otherwise, which would make two
// runs on the same results differ; a fixed date keeps the bytes equal.
var pdfDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// pdfOnce sets fpdf's process-wide defaults once: the fixed dates and
// sorted resource catalogues (fpdf keeps its fonts in a map).
var pdfOnce sync.Once

func pdfDefaults() {
	pdfOnce.Do(func() {
		fpdf.SetDefaultCreationDate(pdfDate)
		fpdf.SetDefaultModificationDate(pdfDate)
		fpdf.SetDefaultCatalogSort(true)
	})
}

// encode draws p at w × h into one file of the format.
func encode(p *plot.Plot, w, h vg.Length, format string) ([]byte, error) {
	var buf bytes.Buffer
	switch format {
	case "svg":
		c := vgsvg.New(w, h)
		p.Draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, err
		}
	case "pdf":
		pdfDefaults()
		c := vgpdf.New(w, h)
		c.EmbedFonts(true) // the default, said here: journals reject unembedded fonts
		p.Draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, err
		}
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(PNGDPI), vgimg.UseBackgroundColor(color.White))
		p.Draw(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("figures: unknown format %q", format)
	}
	return buf.Bytes(), nil
}
