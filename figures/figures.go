// Package figures draws the static publication figures of a results
// directory with gonum/plot: vector files (SVG, PDF with embedded fonts)
// and PNG at journal column widths, written into DIR/figures/ by Write
// (`eventstudy figures DIR`, `eventstudy run --figures`). It only reads a
// results.Set; every number drawn is a number of its CSV tables, or, for
// the bands, one computed from them (bands.go). docs/figures.md lists the
// figures.
//
// The files are deterministic: the same results give the same bytes (the
// figures are drawn in a fixed order, the PDF dates are fixed, no map is
// iterated unsorted), so a golden test holds them.
package figures

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"
)

// Formats are the file formats Write can produce, in writing order.
var Formats = []string{"svg", "pdf", "png"}

// DefaultFormats are written when none is asked for.
var DefaultFormats = []string{"svg", "pdf"}

// Journal column widths: a single column is 3.5 in (89 mm) and a double
// (full page) column 7.2 in (183 mm) at Elsevier, Springer and the AEA.
const (
	SingleColumn = 3.5 * vg.Inch
	DoubleColumn = 7.2 * vg.Inch
)

// DefaultLevel is the coverage of the bands when the study records none.
const DefaultLevel = 0.95

// DefaultWindow is the CAR window of the ranked CARs, the histogram and
// the timeline's filled markers when the options name none (the report's
// comparison window); a study without it uses its first CAR window.
const DefaultWindow = "-1,1"

// MaxPerItem caps the per-event and per-incident figures of a large
// study (a 10,000-event study would write 40,000 files); Write says so.
const MaxPerItem = 200

// Options say what Write draws and how.
type Options struct {
	Formats []string  // of Formats; nil: DefaultFormats
	Width   vg.Length // figure width; 0: DoubleColumn
	Gray    bool      // grayscale-safe style (--style gray)
	// Level is the coverage of every band and error bar; 0: the
	// manifest's config "level", else DefaultLevel.
	Level float64
	// Window is the CAR window t1,t2 of the ranked CARs, the histogram
	// and the timeline; "": DefaultWindow if car.csv has it, else its
	// first window.
	Window string
}

// ParseFormats reads a comma list of figure formats (svg, pdf, png);
// the result is deduplicated and in Formats order.
func ParseFormats(s string) ([]string, error) {
	var out, bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if !slices.Contains(Formats, f) {
			bad = append(bad, strconv.Quote(f))
			continue
		}
		out = append(out, f)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("unknown figure format %s; use a comma list of %s", strings.Join(bad, ", "), strings.Join(Formats, ", "))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no figure format in %q; use a comma list of %s", s, strings.Join(Formats, ", "))
	}
	var sorted []string
	for _, f := range Formats {
		if slices.Contains(out, f) {
			sorted = append(sorted, f)
		}
	}
	return sorted, nil
}

// ParseWidth reads a figure width: single (3.5 in), double (7.2 in) or a
// number of inches between 1 and 20.
func ParseWidth(s string) (vg.Length, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "single":
		return SingleColumn, nil
	case "double", "":
		return DoubleColumn, nil
	default:
		in, err := strconv.ParseFloat(strings.TrimSuffix(t, "in"), 64)
		if err != nil || math.IsNaN(in) || in < 1 || in > 20 {
			return 0, fmt.Errorf("figure width %q: use single (3.5 in), double (7.2 in) or inches between 1 and 20", s)
		}
		return vg.Length(in) * vg.Inch, nil
	}
}

// ParseStyle reads a figure style: color (the default) or gray.
func ParseStyle(s string) (gray bool, err error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "color", "colour":
		return false, nil
	case "gray", "grey":
		return true, nil
	}
	return false, fmt.Errorf("figure style %q: use color or gray", s)
}
