package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/results"
	"github.com/breachlab/eventstudy/study"
)

// compareFiles renders the comparison's publication tables of a run as
// extra output files (comparison.md/.tex; its CSV tables are in the set).
func compareFiles(out *study.Outcome, formats []string) (map[string][]byte, error) {
	if out.Compare == nil {
		return map[string][]byte{}, nil
	}
	return out.Compare.Files(formats)
}

// compareStreams are compareFiles written straight into the output
// directory, beside the tables (results.WriteStreams).
func compareStreams(out *study.Outcome, formats []string) map[string]results.Stream {
	if out.Compare == nil {
		return map[string]results.Stream{}
	}
	return out.Compare.Streams(formats)
}

// gridOptions are the flags only grid has; they are taken out of the
// argument list before the study flags are parsed.
type gridOptions struct {
	models, anchors, show string
}

var gridFlagNames = []string{"models", "anchors", "grid-tests"}

// splitGridArgs removes --models, --anchors and --grid-tests (with "=" or a
// separate value) from args.
func splitGridArgs(args []string) (gridOptions, []string, error) {
	var g gridOptions
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || !slices.Contains(gridFlagNames, name) {
			rest = append(rest, a)
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return g, nil, usageError{fmt.Sprintf("flag needs an argument: -%s", name)}
			}
			i++
			val = args[i]
		}
		switch name {
		case "models":
			g.models = val
		case "anchors":
			g.anchors = val
		case "grid-tests":
			g.show = val
		}
	}
	return g, rest, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

const gridUsage = "grid [study.yaml] [flags] [--models m1,m2] [--anchors next,previous] [--grid-tests cs_t]"

func cmdGrid(args []string, stdout, stderr io.Writer) (int, error) {
	g, rest, err := splitGridArgs(args)
	if err != nil {
		return exitBadInput, err
	}
	for _, a := range rest {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprintln(stderr, "grid flags (besides the study flags below):")
			fmt.Fprintln(stderr, "  --models LIST      normal-return models, comma list (default: --model)")
			fmt.Fprintln(stderr, "  --anchors LIST     day-0 rules, comma list of next, previous, exact, skip (default: --anchor)")
			fmt.Fprintln(stderr, "  --grid-tests LIST  group tests shown in grid.md (default cs_t; grid.csv has every computed test)")
			fmt.Fprintln(stderr)
		}
	}
	f, cleanup, err := studyArgs("grid", gridUsage,
		"eventstudy grid --events events.csv --prices prices/ --market GSPC --models market,mean,market-adjusted --anchors next,previous -o grid", true, rest, stderr)
	if err != nil {
		return exitBadInput, err
	}
	defer cleanup()
	spec, err := gridSpec(f.st, g)
	if err != nil {
		return exitBadInput, err
	}
	code, err := runGrid(f.st, spec, f.quiet, stdout, stderr)
	return code, f.spooled.rename(err)
}

// gridSpec is the models × anchors of a grid run.
type gridSpecs struct {
	models  []analysis.Model
	anchors []events.Rule
	show    []string
}

func gridSpec(st study.Study, g gridOptions) (gridSpecs, error) {
	var sp gridSpecs
	models := splitList(g.models)
	if len(models) == 0 {
		models = []string{string(st.Analysis.Model)}
	}
	for _, m := range models {
		sp.models = append(sp.models, analysis.Model(m))
	}
	anchors := splitList(g.anchors)
	if len(anchors) == 0 {
		anchors = []string{string(st.Anchor)}
	}
	for _, a := range anchors {
		r, err := events.ParseRule(a)
		if err != nil {
			return sp, usageError{"--anchors: " + err.Error()}
		}
		sp.anchors = append(sp.anchors, r)
	}
	sp.show = splitList(g.show)
	if len(sp.show) == 0 {
		sp.show = []string{"cs_t"}
	}
	return sp, nil
}

// runGrid runs study.Run once per model × anchor and writes grid.csv and
// grid.md (grid.tex with --format tex) next to the full results of the
// first specification (the baseline), atomically.
func runGrid(st study.Study, sp gridSpecs, quiet bool, stdout, stderr io.Writer) (int, error) {
	var rows []compare.GridRow
	var base *study.Outcome
	excluded := 0
	var fallbacks []string // per specification, the events whose GARCH fit fell back to OLS
	var others *specWarnings
	for _, m := range sp.models {
		for _, a := range sp.anchors {
			s := st
			s.Analysis.Model = m
			s.Anchor = a
			// grid writes no report, and of the other specifications only
			// their CARs, tests and day 0s (and warnings): their other
			// rows are not made (study.Study.NoReport).
			s.NoReport = true
			if base != nil {
				s.Outputs = []string{"car", "events", "tests"}
			}
			out, err := study.Run(s)
			if err != nil {
				return exitBadInput, fmt.Errorf("model %s, anchor %s: %w", m, a, err)
			}
			if base == nil {
				base, others = out, newSpecWarnings(out)
			} else {
				others.add(string(m)+"/"+string(a), out)
			}
			excluded += out.Excluded
			day0 := map[string]string{}
			for _, e := range out.Set.Events {
				day0[e.EventID] = e.Day0
			}
			rows = append(rows, compare.GridRows(string(m), string(a), out.Set.CAR, out.Set.Tests, day0, nil)...)
			if f := garchFallbacks(out); f != "" {
				fallbacks = append(fallbacks, string(m)+"/"+string(a)+": the OLS market model for "+f)
			}
			if !quiet {
				fmt.Fprintf(stderr, "grid: model %s, anchor %s: %d events, %d excluded\n", m, a, len(out.Set.Events), out.Excluded)
			}
		}
	}
	set := base.Set
	set.Manifest.Warnings = append(set.Manifest.Warnings, others.warnings()...)
	set.Manifest.Tool = "eventstudy"
	set.Manifest.Version = versionString()
	set.Manifest.Created = nowUTC()
	extra, err := compareFiles(base, st.Formats)
	if err != nil {
		return exitBadInput, err
	}
	if !results.AnySelected(st.Outputs, results.ComparisonTables...) {
		clear(extra) // as run: no comparison table, no comparison.md
	}
	csvb, err := results.CSV(rows)
	if err != nil {
		return exitBadInput, fmt.Errorf("%s: %v", compare.GridFile, err)
	}
	extra[compare.GridFile] = csvb
	tables := gridTables(rows, sp)
	if len(fallbacks) > 0 {
		tables[0].Note += " A GARCH fit that did not converge or ended on a bound of its parameters falls back to the OLS market model (garch_fallback_ols): " +
			strings.Join(fallbacks, "; ") + "."
	}
	extra[compare.GridMarkdown] = compare.Markdown("Robustness grid", tables)
	if slices.Contains(st.Formats, "tex") {
		extra[compare.GridTeX] = compare.TeX(tables)
	}
	if err := results.Write(st.Out, set, st.Formats, extra); err != nil {
		return exitBadInput, err
	}
	if !quiet {
		fmt.Fprintf(stdout, "%d specifications, %d rows\nresults: %s\ngrid:    %s\n", len(sp.models)*len(sp.anchors), len(rows),
			st.Out, filepath.Join(st.Out, compare.GridFile))
	}
	if excluded > 0 {
		return exitExcluded, nil
	}
	return exitOK, nil
}

// specWarnings are the warnings of a grid's other specifications that the
// baseline's results (written in full) do not have: an event excluded or
// a fit that fell back under another model is said in warnings.csv too,
// each once, with the specifications "model/anchor" that gave it.
type specWarnings struct {
	inBase map[results.Warning]bool // the baseline's warnings and exclusions
	order  []results.Warning
	specs  map[results.Warning][]string
}

func newSpecWarnings(base *study.Outcome) *specWarnings {
	o := &specWarnings{inBase: map[results.Warning]bool{}, specs: map[results.Warning][]string{}}
	for _, w := range runWarnings(base) {
		o.inBase[w] = true
	}
	return o
}

// add records the warnings and exclusions of spec's run that the
// baseline lacks.
func (o *specWarnings) add(spec string, out *study.Outcome) {
	for _, w := range runWarnings(out) {
		if o.inBase[w] {
			continue
		}
		if _, seen := o.specs[w]; !seen {
			o.order = append(o.order, w)
		}
		if s := o.specs[w]; len(s) == 0 || s[len(s)-1] != spec {
			o.specs[w] = append(s, spec)
		}
	}
}

// runWarnings are a run's manifest warnings, then its excluded events as
// grid_excluded warnings.
func runWarnings(out *study.Outcome) []results.Warning {
	ws := slices.Clone(out.Set.Manifest.Warnings)
	for _, e := range out.Set.Manifest.Exclusions {
		ws = append(ws, results.Warning{EventID: e.EventID, Code: "grid_excluded", Message: e.Reason + ": " + e.Detail})
	}
	return ws
}

// warnings are the recorded warnings in first-seen order, each message
// prefixed by the specifications that gave it.
func (o *specWarnings) warnings() []results.Warning {
	out := make([]results.Warning, len(o.order))
	for i, w := range o.order {
		out[i] = w
		out[i].Message = "grid " + strings.Join(o.specs[w], ", ") + ": " + w.Message
	}
	return out
}

// gridTables pivots the grid for publication: one row per event (or group
// test) and window, one column per specification "model/anchor", cells
// CAR (CAAR for groups) in percent with stars, and t (statistic) below in
// parentheses.
func gridTables(rows []compare.GridRow, sp gridSpecs) []compare.PubTable {
	var specs []string
	for _, m := range sp.models {
		for _, a := range sp.anchors {
			specs = append(specs, string(m)+"/"+string(a))
		}
	}
	type key struct{ level, id, test, window string }
	var order []key
	cells := map[key]map[string]compare.GridRow{}
	for _, r := range rows {
		if r.Level == "group" && !slices.Contains(sp.show, r.Test) {
			continue
		}
		k := key{r.Level, r.ID, r.Test, r.Window}
		if cells[k] == nil {
			cells[k] = map[string]compare.GridRow{}
			order = append(order, k)
		}
		cells[k][r.Model+"/"+r.Anchor] = r
	}
	t := compare.PubTable{
		Title: "Robustness of CARs across models and day-0 rules", Label: "tab:grid",
		Note: "Cells: CAR (events, single-event t test) or CAAR (groups, the named test) in percent, statistic in parentheses. " +
			"*** p < 0.01, ** p < 0.05, * p < 0.10 (two-sided).",
		Columns: append([]string{"Event / group", "Test", "Window"}, specs...),
		Numeric: []bool{false, false, false},
	}
	for range specs {
		t.Numeric = append(t.Numeric, true)
	}
	for _, k := range order {
		row := []string{k.id, k.test, k.window}
		for _, s := range specs {
			r, ok := cells[k][s]
			if !ok || r.Estimate.IsNA() {
				row = append(row, "")
				continue
			}
			c := strconv.FormatFloat(100*float64(r.Estimate), 'f', 4, 64) + results.Stars(r.P)
			if !r.Statistic.IsNA() {
				c += " (" + strconv.FormatFloat(float64(r.Statistic), 'f', 2, 64) + ")"
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	return []compare.PubTable{t}
}

// garchFallbacks lists the events of a run whose garch or egarch fit fell
// back to the OLS market model (warning garch_fallback_ols), "" for none:
// their cells in a garch column are the market model's.
func garchFallbacks(out *study.Outcome) string {
	var ids []string
	for _, w := range out.Set.Manifest.Warnings {
		if w.Code == analysis.WarnGarchFallback {
			ids = append(ids, w.EventID)
		}
	}
	return strings.Join(ids, ", ")
}
