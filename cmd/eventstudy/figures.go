package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/breachlab/eventstudy/figures"
	"github.com/breachlab/eventstudy/results"
)

// cmdFigures draws the static figures of a results directory into
// DIR/figures (docs/figures.md).
func cmdFigures(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("figures", "figures DIR [--format svg,pdf,png] [--width single|double|INCHES] [--style color|gray]",
		"eventstudy figures eventstudy-results --format pdf --width single --style gray", stderr)
	var format, width, style, window, level string
	var quiet bool
	fs.StringVar(&format, "format", "svg,pdf", "figure formats, comma list of svg, pdf, png")
	fs.StringVar(&width, "width", "double", "figure width: single (3.5 in), double (7.2 in) or inches")
	fs.StringVar(&style, "style", "color", "color, or gray (grayscale-safe)")
	fs.StringVar(&window, "window", "", "CAR window t1,t2 of the ranked CARs, histogram and timeline (default -1,1 if the study has it)")
	fs.StringVar(&level, "level", "", "coverage of every band and interval, e.g. 0.90 (default: the study's level, else 0.95)")
	fs.BoolVar(&quiet, "quiet", false, "print nothing but errors")
	pos, err := parse(fs, args)
	if err != nil {
		return exitBadInput, err
	}
	if len(pos) != 1 {
		return exitBadInput, usageError{"want one results directory"}
	}
	opt := figures.Options{Window: window}
	if opt.Formats, err = figures.ParseFormats(format); err != nil {
		return exitBadInput, usageError{err.Error()}
	}
	if opt.Width, err = figures.ParseWidth(width); err != nil {
		return exitBadInput, usageError{err.Error()}
	}
	if opt.Gray, err = figures.ParseStyle(style); err != nil {
		return exitBadInput, usageError{err.Error()}
	}
	if level != "" {
		if opt.Level, err = strconv.ParseFloat(level, 64); err != nil || !(opt.Level > 0 && opt.Level < 1) {
			return exitBadInput, usageError{fmt.Sprintf("--level %s: use a coverage between 0 and 1, such as 0.95", level)}
		}
	}
	set, err := results.Read(pos[0])
	if err != nil {
		return exitBadInput, err
	}
	sum, err := writeFigures(pos[0], set, opt, quiet, stderr)
	if err != nil {
		return exitBadInput, err
	}
	if !quiet {
		fmt.Fprintf(stdout, "figures: %d files in %s\n", len(sum.Files), filepath.Join(pos[0], figures.Dir))
	}
	return exitOK, nil
}

// writeFigures writes the figures and prints every figure left out with
// its reason (on stderr: nothing is skipped silently).
func writeFigures(dir string, set *results.Set, opt figures.Options, quiet bool, stderr io.Writer) (*figures.Summary, error) {
	if opt.Window != "" && !hasWindow(set, opt.Window) {
		return nil, usageError{fmt.Sprintf("--window %s: car.csv has no such window", opt.Window)}
	}
	sum, err := figures.Write(dir, set, opt)
	if err != nil {
		return nil, err
	}
	if !quiet {
		for _, n := range sum.Notes {
			fmt.Fprintln(stderr, "figures: "+n)
		}
	}
	return sum, nil
}

func hasWindow(set *results.Set, w string) bool {
	for _, r := range set.CAR {
		if r.Window == w {
			return true
		}
	}
	return false
}
