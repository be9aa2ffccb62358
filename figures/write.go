package figures

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

// Dir is the subdirectory of a results directory that holds the figures.
const Dir = "figures"

// Summary is what Write did: the files written (base names, in writing
// order) and a note for every figure left out, with its reason.
type Summary struct {
	Files []string
	Notes []string
}

// figure is one drawing, to be written in every format as name.<format>.
type figure struct {
	name string
	plot *plot.Plot
	h    vg.Length
}

// Write draws every figure of set and writes them into dir/figures: the
// files are made in a temporary directory beside it, which then replaces
// dir/figures (a reader sees the old figures or the new, never half).
func Write(dir string, set *results.Set, opt Options) (*Summary, error) {
	if set == nil {
		return nil, fmt.Errorf("figures: no results; run the study first")
	}
	figs, sum, formats, err := build(set, opt)
	if err != nil {
		return nil, err
	}
	w := opt.Width
	if w == 0 {
		w = DoubleColumn
	}
	files := make([][]byte, len(figs)*len(formats))
	errs := make([]error, len(files))
	parallel.For(len(files), func(k int) {
		f := figs[k/len(formats)]
		files[k], errs[k] = encode(f.plot, w, f.h, formats[k%len(formats)])
	})
	names := make([]string, len(files))
	for k := range files {
		if errs[k] != nil {
			return nil, fmt.Errorf("figures: drawing %s: %w", figs[k/len(formats)].name, errs[k])
		}
		names[k] = figs[k/len(formats)].name + "." + formats[k%len(formats)]
	}
	if err := replaceDir(dir, names, files); err != nil {
		return nil, err
	}
	sum.Files = names
	return sum, nil
}

// build makes every figure, in a fixed order: the stage timeline, per
// group (aar.csv order) the AAR/CAAR, ranked CARs and CAR histogram, per
// group of tests.csv the p heat map, then per incident the prices and
// per event the ARs (events.csv order, at most MaxPerItem each).
func build(set *results.Set, opt Options) ([]figure, *Summary, []string, error) {
	formats := opt.Formats
	if len(formats) == 0 {
		formats = DefaultFormats
	}
	for _, f := range formats {
		if !slices.Contains(Formats, f) {
			return nil, nil, nil, fmt.Errorf("figures: unknown format %q; use %s", f, strings.Join(Formats, ", "))
		}
	}
	ix, err := newIndex(set, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	w := opt.Width
	if w == 0 {
		w = DoubleColumn
	}
	b := &builder{ix: ix, st: newStyle(w, opt.Gray), base: min(max(0.62*w, 2.2*vg.Inch), 4.4*vg.Inch),
		sum: &Summary{}, names: map[string]bool{}}
	b.timeline()
	b.groups()
	b.incidents()
	b.events()
	return b.figs, b.sum, formats, nil
}

// builder collects the figures and notes of build.
type builder struct {
	ix    *index
	st    style
	base  vg.Length // the height of most figures
	figs  []figure
	sum   *Summary
	names map[string]bool
}

func (b *builder) add(name string, p *plot.Plot, h vg.Length) {
	b.figs = append(b.figs, figure{name: unique(name, b.names), plot: p, h: h})
}

func (b *builder) note(format string, a ...any) {
	b.sum.Notes = append(b.sum.Notes, fmt.Sprintf(format, a...))
}

func (b *builder) timeline() {
	p, rows, more := b.ix.timelineFigure(b.st)
	if rows == 0 {
		b.note("timeline-stages: no event has a day 0")
		return
	}
	b.add("timeline-stages", p, max(2*vg.Inch, 0.8*vg.Inch+vg.Length(rows)*0.36*vg.Inch))
	if more > 0 {
		b.note("timeline-stages: the first %d incidents are drawn, %d more are not", rows, more)
	}
}

func (b *builder) groups() {
	ix := b.ix
	for _, g := range ix.groups {
		sg := slug(g)
		p, banded := ix.groupFigure(b.st, g)
		if !banded {
			b.note("group-%s-caar: no band: the group's events in ar.csv do not match aar.csv's daily counts (or fewer than 2)", sg)
		}
		b.add("group-"+sg+"-caar", p, b.base)
		p, n := ix.rankedFigure(b.st, g)
		if n == 0 {
			b.note("group-%s-car-ranked, -car-hist: no event of the group has a CAR on window %s in car.csv", sg, ix.window)
			continue
		}
		h := b.base
		if n <= 40 {
			h += 0.9 * vg.Inch // the event ids below the axis
		}
		b.add("group-"+sg+"-car-ranked", p, h)
		hp, _ := ix.histFigure(b.st, g)
		b.add("group-"+sg+"-car-hist", hp, b.base)
	}
	for _, g := range ix.testGroups() {
		p, grid := ix.heatmapFigure(b.st, g)
		b.add("heatmap-"+slug(g)+"-p", p, max(b.base, 1*vg.Inch+vg.Length(len(grid.Tests))*0.17*vg.Inch))
	}
}

func (b *builder) incidents() {
	ix := b.ix
	// Incidents skipped for one reason make one note, not one each.
	var whys []string
	skipped := map[string][]string{}
	all := ix.incidents()
	for i, inc := range all {
		if i == MaxPerItem {
			b.note("incident figures: only the first %d of %d incidents are drawn", MaxPerItem, len(all))
			break
		}
		p, why := ix.incidentFigure(b.st, inc)
		if p == nil {
			if _, ok := skipped[why]; !ok {
				whys = append(whys, why)
			}
			skipped[why] = append(skipped[why], inc.key)
			continue
		}
		b.add("incident-"+slug(inc.key)+"-price", p, b.base)
		if s, _ := ix.priceData(inc); len(s.Outside) > 0 {
			b.note("incident-%s-price: stage(s) %s beyond the price series of %s in prices.csv: not marked",
				slug(inc.key), strings.Join(s.Outside, ", "), s.First.EventID)
		}
	}
	for _, why := range whys {
		keys := skipped[why]
		list := strings.Join(keys[:min(len(keys), 5)], ", ")
		if len(keys) > 5 {
			list += ", ..."
		}
		b.note("incident figures: %d skipped (%s): %s", len(keys), list, why)
	}
}

func (b *builder) events() {
	drawn := 0
	for _, e := range b.ix.set.Events {
		if len(b.ix.ar[e.EventID]) == 0 {
			continue
		}
		if drawn == MaxPerItem {
			b.note("event figures: only the first %d events with abnormal returns are drawn; ar.csv has all", MaxPerItem)
			break
		}
		b.add("event-"+slug(e.EventID)+"-car", b.ix.eventFigure(b.st, e), b.base)
		drawn++
	}
}

// slug makes a name part of a file name: lower-case letters, digits and
// single dashes ("T-Mobile 2021" -> "t-mobile-2021").
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 60 {
		out = strings.TrimSuffix(out[:60], "-")
	}
	if out == "" {
		out = "x"
	}
	return out
}

// unique returns name, or name-2, name-3, ... if taken (two ids that
// slug alike, such as "A B" and "a-b"), and marks it taken.
func unique(name string, taken map[string]bool) string {
	n := name
	for k := 2; taken[n]; k++ {
		n = name + "-" + strconv.Itoa(k)
	}
	taken[n] = true
	return n
}

// replaceDir writes the files into a new temporary directory in dir and
// puts it in the place of dir/figures.
func replaceDir(dir string, names []string, files [][]byte) (err error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("figures: %s is not a directory; give the results directory of a run", dir)
	}
	tmp, err := os.MkdirTemp(dir, ".figures-tmp-")
	if err != nil {
		return fmt.Errorf("figures: %w; check that %s is writable", err, dir)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	for k, n := range names {
		if err := os.WriteFile(filepath.Join(tmp, n), files[k], 0o644); err != nil {
			return fmt.Errorf("figures: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("figures: %w", err)
	}
	target := filepath.Join(dir, Dir)
	old := ""
	if _, err := os.Lstat(target); err == nil {
		old = tmp + ".old"
		if err := os.Rename(target, old); err != nil {
			return fmt.Errorf("figures: moving the old %s aside: %w", target, err)
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		if old != "" {
			os.Rename(old, target)
		}
		return fmt.Errorf("figures: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}
