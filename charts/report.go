// Package charts renders a study's results (results.Set) as one
// self-contained, offline HTML report: price charts with the disclosure
// stages, AR/CAR per event, AAR/CAAR per group, a ranked comparison of
// CARs with error bars, a significance heatmap and a CAR histogram, plus
// the events, settings and tests tables.
//
// Safety: go-echarts' own Render writes the option JSON unescaped into a
// <script> element and turns any "__f__…__f__" text into JavaScript, so a
// label can become code (DEPENDENCIES.md "go-echarts"). This package uses
// go-echarts only to build each chart's option, marshals it with
// encoding/json (which escapes <, > and &), strips "__f__" from every user
// string, and writes the page with html/template. The few JavaScript
// functions (error-bar renderItem, tooltip and label formatters) live in a
// fixed script of this package and are attached by name; no user text is
// ever evaluated.
package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
)

// Options controls the report.
type Options struct {
	// Title heads the page; default StudyTitle of the manifest config
	// (the study's name, else the events file's base name).
	Title string
	// CompareWindow is the car.csv window ("t1,t2") of the comparison
	// chart and the histogram; default "-1,1".
	CompareWindow string
	// Compare holds the comparison tables of package compare (stage
	// timeline, peers, group differences, clustering and confounding);
	// nil leaves the comparison sections out (results written before
	// those tables existed).
	Compare *compare.Tables
	// Level is the coverage of every band and interval; 0 takes the
	// study's `level` (the manifest's config), else DefaultLevel.
	Level float64
}

// Limits keep a large study's page small and fast: beyond them the
// per-event and per-incident charts are left out with a note (the tables
// still list every event).
const (
	MaxEventCharts    = 60
	MaxIncidentCharts = 40
	// MaxCompareBars is the most events the ranked CAR chart draws (the
	// two tails, half each).
	MaxCompareBars = 100
	// SmallN is the sample size below which the report flags the asymptotic
	// tests as unreliable (docs/methodology.md 6.0 "Minimum sizes").
	SmallN = 30
)

// Render writes the HTML report of set to w. The page is streamed (a
// 10,000-event report is 10 MB): on an error w holds part of it, so write
// to a temporary file and rename it (WriteFile, results.WriteStreams). It
// only reads set.
func Render(w io.Writer, set *results.Set, opt Options) error {
	if set == nil {
		return fmt.Errorf("charts: no results to render; run the study first")
	}
	if opt.Title == "" {
		opt.Title = titleFromConfig(set.Manifest.Config)
	}
	if opt.CompareWindow == "" {
		opt.CompareWindow = defaultCompareWindow(set.CAR)
	}
	cw, err := analysis.ParseWindow(opt.CompareWindow)
	if err != nil {
		return fmt.Errorf("charts: compare window: %w", err)
	}
	lv, err := reportLevel(opt.Level, set.Manifest.Config)
	if err != nil {
		return err
	}
	p, err := buildPage(set, opt, cw.T1, cw.T2, lv)
	if err != nil {
		return err
	}
	if err := pageTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("charts: writing the page: %w", err)
	}
	return nil
}

// defaultCompareWindow is -1,1 when car.csv has it, else car.csv's first
// window (as figures.DefaultWindow): a study run with --car 0,1 alone had
// no summary and an empty comparison of CAR(-1,1).
func defaultCompareWindow(cars []results.CARRow) string {
	for _, r := range cars {
		if r.Window == "-1,1" {
			return r.Window
		}
	}
	if len(cars) > 0 {
		return cars[0].Window
	}
	return "-1,1"
}

// reportLevel is the report's coverage: the caller's, else the study's
// "level" setting, else DefaultLevel.
func reportLevel(set float64, cfg map[string]any) (Level, error) {
	lv := Level(set)
	if set == 0 {
		lv = DefaultLevel
		switch x := cfg["level"].(type) {
		case float64:
			lv = Level(x)
		case string:
			if f, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
				lv = Level(f)
			} else if x != "" {
				return 0, fmt.Errorf("charts: level %q is not a number; use a coverage such as 0.95", x)
			}
		}
	}
	if !lv.valid() {
		return 0, fmt.Errorf("charts: level %g is not a coverage; use a number between 0 and 1 such as 0.95", float64(lv))
	}
	return lv, nil
}

// WriteFile renders the report into path atomically: a temporary file in
// the same directory, then a rename, so a reader never sees half a page.
func WriteFile(path string, set *results.Set, opt Options) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".report-*.html")
	if err != nil {
		return fmt.Errorf("charts: %w; check that %s exists and is writable", err, dir)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = Render(f, set, opt); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// clean removes the go-echarts function marker from user text, so that no
// later go-echarts version or template can turn a label into code.
// Removal is repeated because deleting one marker can join two halves
// into a new one ("__f__f__" style inputs).
func clean(s string) string {
	for strings.Contains(s, "__f__") {
		s = strings.ReplaceAll(s, "__f__", "")
	}
	return s
}

// chartSpec is one chart on the page: its option JSON, data for the
// trusted formatters (Meta) and the names of the hooks that attach them.
type chartSpec struct {
	ID     string         `json:"id"`
	Height int            `json:"height"`
	Option map[string]any `json:"option"`
	Meta   map[string]any `json:"meta,omitempty"`
	Hooks  []string       `json:"hooks,omitempty"`
	// frozen is Option as JSON once its section is done (freeze): the
	// maps of a 10,000-point chart are tens of MB, its JSON a few.
	frozen []byte
}

// freeze encodes Option (escaping <, >, & and U+2028/9 like every
// json.Marshal here) and drops the maps.
func (c *chartSpec) freeze() error {
	if c.frozen != nil {
		return nil
	}
	js, err := json.Marshal(c.Option)
	if err != nil {
		return fmt.Errorf("charts: encoding chart %s: %w", c.ID, err)
	}
	c.frozen, c.Option = js, nil
	return nil
}

// chartsJSON is the JSON array of the charts' specs, as json.Marshal
// writes []*chartSpec (fields in order, meta and hooks omitted when
// empty), with each frozen option copied in as it is: json.Marshal would
// compact and re-escape megabytes it has already escaped.
func chartsJSON(all []*chartSpec) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, c := range all {
		if err := c.freeze(); err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		id, err := json.Marshal(c.ID)
		if err != nil {
			return nil, err
		}
		b.WriteString(`{"id":`)
		b.Write(id)
		b.WriteString(`,"height":`)
		b.WriteString(strconv.Itoa(c.Height))
		b.WriteString(`,"option":`)
		b.Write(c.frozen)
		for _, f := range []struct {
			key   string
			value any
			empty bool
		}{{"meta", c.Meta, len(c.Meta) == 0}, {"hooks", c.Hooks, len(c.Hooks) == 0}} {
			if f.empty {
				continue
			}
			js, err := json.Marshal(f.value)
			if err != nil {
				return nil, err
			}
			b.WriteString(`,"` + f.key + `":`)
			b.Write(js)
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

type section struct {
	ID      string // html id of a comparison section, "" for the others
	Heading string
	Intro   string
	Notes   []string
	Charts  []*chartSpec
	Tables  []htmlTable
}

type kv struct{ Key, Value string }

type eventLine struct {
	results.EventRow
	CAR, P string
}

type testLine struct {
	results.TestRow
	Estimate, Statistic, DF, P, PLower, PUpper string
	Small                                      bool
}

type page struct {
	Title, Tool, Version, Created string
	CompareWindow                 string
	EChartsVersion                string
	Settings                      []kv
	Inputs                        []results.InputFile
	Sections                      []section
	Events                        []eventLine
	Tests                         []testLine
	Warnings                      []results.Warning
	Exclusions                    []results.Exclusion
	// EventsTable, ExclusionsTable and WarningsTable hold the summary of
	// a table cut to MaxTableRows (summarize.go); empty otherwise.
	EventsTable, ExclusionsTable, WarningsTable htmlTable
	// Summary leads the page (summary.go); Contents lists its sections.
	Summary    htmlTable
	HasSummary bool
	Headlines  []string
	Contents   []tocItem
	ChartsJSON template.JS
	EChartsJS  template.JS
	NCharts    int
}

func buildPage(set *results.Set, opt Options, t1, t2 int, lv Level) (*page, error) {
	m := set.Manifest
	p := &page{
		Title: clean(opt.Title),
		Tool:  clean(m.Tool),
		// eventstudy records its version as "eventstudy v1.2.3": shown once.
		Version:        strings.TrimPrefix(clean(m.Version), clean(m.Tool)+" "),
		Created:        clean(m.Created),
		CompareWindow:  fmt.Sprintf("%d,%d", t1, t2),
		EChartsVersion: EChartsVersion,
		Inputs:         m.Inputs,
		Warnings:       m.Warnings,
		Exclusions:     m.Exclusions,
		EChartsJS:      template.JS(echartsJS),
	}
	p.Settings = settings(m.Config)
	cars := carsInWindow(set.CAR, t1, t2)
	p.eventsTable(set.Events, cars, m.Config)
	p.Tests = testLines(set.Tests)
	p.summarizeNotes(m.Config)

	b := &builder{set: set, t1: t1, t2: t2, lv: lv, cars: cars, cmp: opt.Compare}
	steps := []func(*builder) (section, error){(*builder).priceSection, (*builder).eventSection, (*builder).groupSection, (*builder).compareSection, (*builder).volatilitySection}
	steps = append(steps, b.comparisonSections()...)
	steps = append(steps, (*builder).heatmapSection)
	steps = append(steps, (*builder).longHorizonSection)
	// The sections are built on every core (a 10,000-event report was one
	// core's 0.25 s, the longest job of the write phase), each by its own
	// copy of the builder, which only reads the set; the charts are
	// numbered in page order afterwards.
	b.arByEvent() // made before the copies share them
	b.carByEvent()
	built := make([]section, len(steps))
	errs := make([]error, len(steps))
	parallel.For(len(steps), func(k int) {
		bk := *b
		s, err := steps[k](&bk)
		for _, c := range s.Charts {
			if err == nil {
				err = c.freeze()
			}
		}
		built[k], errs[k] = s, err
	})
	p.Summary, p.HasSummary = b.summaryTable()
	p.Headlines = b.headlines()
	var all []*chartSpec
	for k, s := range built {
		if errs[k] != nil {
			return nil, errs[k]
		}
		if len(s.Charts) > 0 || len(s.Notes) > 0 || len(s.Tables) > 0 {
			if s.ID == "" {
				s.ID = "section-" + strconv.Itoa(len(p.Sections)+1)
			}
			p.Contents = append(p.Contents, tocItem{s.ID, s.Heading})
			p.Sections = append(p.Sections, s)
			for _, c := range s.Charts {
				all = append(all, c)
				c.ID = "chart-" + strconv.Itoa(len(all))
			}
		}
	}
	p.Contents = append(p.Contents, tocItem{"events-table", "Events"})
	if len(p.Tests) > 0 {
		p.Contents = append(p.Contents, tocItem{"tests-table", "Group tests"})
	}
	p.Contents = append(p.Contents, tocItem{"settings-table", "Study settings"})
	if len(p.Exclusions) > 0 || len(p.Warnings) > 0 {
		p.Contents = append(p.Contents, tocItem{"notes-table", "Exclusions and warnings"})
	}
	p.NCharts = len(all)
	js, err := chartsJSON(all) // json.Marshal escapes <, >, &, U+2028/9: safe inside <script>
	if err != nil {
		return nil, fmt.Errorf("charts: encoding chart options: %w", err)
	}
	p.ChartsJSON = template.JS(js)
	return p, nil
}

// eventLines are the rows of the Events table, with each event's CAR and
// p on the compared window (cars).
func eventLines(events []results.EventRow, cars map[string]*results.CARRow) []eventLine {
	var out []eventLine
	for _, e := range events {
		l := eventLine{EventRow: e}
		if c, ok := cars[e.EventID]; ok {
			l.CAR, l.P = fmtPct(float64(c.CAR)), fmtP(float64(c.P))
		}
		out = append(out, l)
	}
	return out
}

// testLines are the rows of the Tests table, formatted; Small marks the
// tests on fewer than SmallN events.
func testLines(tests []results.TestRow) []testLine {
	var out []testLine
	for _, t := range tests {
		out = append(out, testLine{
			TestRow:   t,
			Estimate:  fmtG(float64(t.Estimate)),
			Statistic: fmtG(float64(t.Statistic)),
			DF:        t.DF.String(),
			P:         fmtP(float64(t.P)),
			PLower:    fmtP(float64(t.PLower)),
			PUpper:    fmtP(float64(t.PUpper)),
			Small:     t.N < SmallN,
		})
	}
	return out
}

// settings lists the resolved configuration, keys sorted.
func settings(cfg map[string]any) []kv {
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kv, 0, len(keys))
	for _, k := range keys {
		var v string
		switch x := cfg[k].(type) {
		case string:
			v = x
		default:
			js, err := json.Marshal(x)
			if err != nil {
				v = fmt.Sprint(x)
			} else {
				v = string(js)
			}
		}
		out = append(out, kv{clean(k), clean(v)})
	}
	return out
}

// carsInWindow indexes the car.csv rows of window (t1,t2) by event (the
// last row of an event on the window). The map points into rows: copies
// of the rows were 17 MB of map at 100,000 events, and each lookup
// copied one.
func carsInWindow(rows []results.CARRow, t1, t2 int) map[string]*results.CARRow {
	out := map[string]*results.CARRow{}
	for i := range rows {
		if r := &rows[i]; r.T1 == t1 && r.T2 == t2 {
			out[r.EventID] = r
		}
	}
	return out
}

// Number formatting for tables and chart data. Returns are shown in
// percent; chart data are rounded to 1e-6 percentage points, far below
// what a pixel can show, to keep the page small.
func fmtPct(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return fmt.Sprintf("%.2f%%", 100*f)
}

func fmtP(f float64) string {
	switch {
	case math.IsNaN(f):
		return ""
	case f < 0.001:
		return "<0.001"
	default:
		return fmt.Sprintf("%.3f", f)
	}
}

func fmtG(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	return fmt.Sprintf("%.4g", f)
}

// val is a chart value: rounded, and "-" (echarts' empty value) for a
// missing one, since JSON has no NaN.
func val(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "-"
	}
	return math.Round(f*1e6) / 1e6
}

func pct(n results.Num) float64 { return 100 * float64(n) }
