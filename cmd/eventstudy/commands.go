package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/breachlab/eventstudy"
	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/charts"
	"github.com/breachlab/eventstudy/figures"
	"github.com/breachlab/eventstudy/results"
	"github.com/breachlab/eventstudy/study"
)

func cmdRun(args []string, stdout, stderr io.Writer) (int, error) {
	f, cleanup, err := studyArgs("run", "run [study.yaml | manifest.json] [flags]",
		"eventstudy run --events events.csv --prices prices/ --market GSPC --car -1,1 --car 0,1 -o results\n"+
			"  eventstudy run study.yaml --model mean     (flags override the study file)\n"+
			"  eventstudy run results/manifest.json -o rerun", true, args, stderr)
	if err != nil {
		return exitBadInput, err
	}
	defer cleanup()
	code, err := runStudy(f.st, f.quiet, false, nil, stdout, stderr)
	return code, f.spooled.rename(err)
}

// maxAnchorLines is the most anchoring log lines run prints; a large study
// keeps them in the manifest instead of flooding the terminal.
const maxAnchorLines = 100

// runStudy runs a study, writes its outputs and the report atomically, and
// prints a summary. It is shared by run and demo; notes go into the
// manifest ("notes") and, after the summary, to stdout.
func runStudy(st study.Study, quiet, summary bool, notes []string, stdout, stderr io.Writer) (int, error) {
	st.Progress = newProgress(stderr, quiet)
	timer, budget := phaseTimer(stderr), newMemoryBudget(st)
	st.Phase = func(name string) {
		budget.check()
		if timer != nil {
			timer(name)
		}
	}
	out, err := study.Run(st)
	if err != nil {
		return exitBadInput, err
	}
	set := out.Set
	out.Groups = nil // the estimates are in the tables now; free them before the report
	set.Manifest.Tool = "eventstudy"
	set.Manifest.Version = versionString()
	set.Manifest.Created = nowUTC()
	set.Manifest.PathsBase = study.ManifestPathsBase(&st)
	set.Manifest.Notes = append(set.Manifest.Notes, notes...)
	if !quiet {
		printInputWarnings(stderr, set.Manifest.Warnings)
	}
	// The report and the comparison tables are rendered into their files
	// while the tables are written (one file per core).
	streams := compareStreams(out, st.Formats)
	if !results.AnySelected(st.Outputs, results.ComparisonTables...) {
		// --outputs without a comparison table: not its publication tables either.
		clear(streams)
	}
	if !st.NoReport {
		opt := charts.Options{Title: reportTitle(st), Compare: out.Compare}
		streams["report.html"] = func(w io.Writer) error { return charts.Render(w, set, opt) }
	}
	phase(st, "report and write")
	var written func(done, total int)
	if st.Progress != nil {
		written = func(done, total int) { st.Progress("writing", done, total) } // files
	}
	if err := results.WriteStreamsProgress(st.Out, set, st.Formats, nil, streams, written); err != nil {
		return exitBadInput, err
	}
	var figs *figures.Summary
	if len(st.Figures) > 0 {
		// After the results are in place: figures replace OUT/figures
		// in their own step (docs/figures.md).
		phase(st, "figures")
		if figs, err = writeFigures(st.Out, set, figures.Options{Formats: st.Figures}, quiet, stderr); err != nil {
			return exitBadInput, err
		}
	}
	phase(st, "")
	if !quiet {
		for _, d := range out.Detected {
			fmt.Fprintln(stderr, "detected "+d)
		}
		if len(out.Log) <= maxAnchorLines {
			for _, l := range out.Log {
				fmt.Fprintln(stderr, "anchor "+l)
			}
		} else {
			fmt.Fprintf(stderr, "anchored %d events; the log is in manifest.json (\"anchoring\") and 'eventstudy validate' prints it\n", len(out.Log))
		}
		if summary {
			printSummary(stdout, set)
		} else {
			fmt.Fprintf(stdout, "%d events, %d excluded\n", len(set.Events), out.Excluded)
		}
		for _, n := range notes {
			fmt.Fprintln(stdout, n)
		}
		fmt.Fprintf(stdout, "results: %s\n", st.Out)
		if !st.NoReport {
			fmt.Fprintf(stdout, "report:  %s\n", filepath.Join(st.Out, "report.html"))
		}
		if figs != nil {
			fmt.Fprintf(stdout, "figures: %s (%d files)\n", filepath.Join(st.Out, figures.Dir), len(figs.Files))
		}
	}
	if out.Excluded > 0 {
		if !quiet {
			fmt.Fprintf(stderr, "%d event(s) excluded; reasons in events.csv and manifest.json\n", out.Excluded)
		}
		return exitExcluded, nil
	}
	return exitOK, nil
}

// printInputWarnings prints the warnings about the inputs (a rerun's
// changed files, a file that could not be hashed): the others wait in
// the manifest and the report, these say the results may not be what the
// user expects to reproduce.
func printInputWarnings(stderr io.Writer, ws []results.Warning) {
	for _, w := range ws {
		if w.Code == study.WarnInputChanged || w.Code == study.WarnInputUnhashed {
			fmt.Fprintf(stderr, "warning %s: %s\n", w.Code, w.Message)
		}
	}
}

// demoDollarNote says why the demo has no dollar figures (issue 19: a
// dollar loss only with a shares-outstanding figure cited from the
// firm's 10-Q cover page; README "No dollar loss in the demo").
const demoDollarNote = "dollars: left out; the demo has no shares outstanding cited from a 10-Q cover page, so car.csv's mcap, dollar_car, dollar_se are empty and tests.csv has no vw_caar or dollar rows (add a shares column to get them)"

// demoTitle is the bundled study's report title.
const demoTitle = "Security-breach disclosures: T-Mobile 2021 and ten other incidents (bundled demo)"

func reportTitle(st study.Study) string {
	if strings.HasPrefix(displayPath(st, st.Events), study.DemoPrefix) {
		return demoTitle
	}
	// the base name only: a report shared with co-authors must not carry
	// a home directory
	return charts.StudyTitle("", displayPath(st, st.Events))
}

func displayPath(st study.Study, p string) string {
	if st.DisplayName != nil {
		return st.DisplayName(p)
	}
	return p
}

func cmdValidate(args []string, stdout, stderr io.Writer) (int, error) {
	f, cleanup, err := studyArgs("validate", "validate [study.yaml | manifest.json] [flags]",
		"eventstudy validate --events events.csv --prices prices/ --market GSPC\n"+
			"  eventstudy validate study.yaml", false, args, stderr)
	if err != nil {
		return exitBadInput, err
	}
	defer cleanup()
	out, err := study.Run(f.st)
	if err != nil {
		return exitBadInput, f.spooled.rename(err)
	}
	for _, d := range out.Detected {
		fmt.Fprintln(stdout, "detected "+d)
	}
	for _, l := range out.Log {
		fmt.Fprintln(stdout, l)
	}
	for _, w := range out.Set.Manifest.Warnings {
		fmt.Fprintf(stdout, "warning %s %s: %s\n", w.EventID, w.Code, w.Message)
	}
	for _, x := range out.Set.Manifest.Exclusions {
		fmt.Fprintf(stdout, "excluded %s: %s (%s)\n", x.EventID, x.Reason, x.Detail)
	}
	fmt.Fprintf(stdout, "%d events, %d would be excluded; nothing written\n", len(out.Set.Events), out.Excluded)
	if out.Excluded > 0 {
		return exitExcluded, nil
	}
	return exitOK, nil
}

func cmdReport(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("report", "report DIR", "eventstudy report eventstudy-results", stderr)
	pos, err := parse(fs, args)
	if err != nil {
		return exitBadInput, err
	}
	if len(pos) != 1 {
		return exitBadInput, usageError{"want one results directory"}
	}
	set, err := results.Read(pos[0])
	if err != nil {
		return exitBadInput, err
	}
	// nil for a directory written before the comparison tables existed
	cmp, err := compare.Read(pos[0])
	if err != nil {
		return exitBadInput, err
	}
	path := filepath.Join(pos[0], "report.html")
	title := "" // charts.StudyTitle of the manifest's config
	if ev, ok := set.Manifest.Config["events"].(string); ok && strings.HasPrefix(ev, study.DemoPrefix) {
		title = demoTitle
	}
	if err := charts.WriteFile(path, set, charts.Options{Title: title, Compare: cmp}); err != nil {
		return exitBadInput, err
	}
	fmt.Fprintf(stdout, "report: %s\n", path)
	return exitOK, nil
}

func cmdDemo(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("demo", "demo [-o DIR]", "eventstudy demo -o tmobile-2021", stderr)
	var outDir, format, figs string
	var quiet bool
	fs.StringVar(&outDir, "o", "eventstudy-demo", "output directory")
	fs.StringVar(&outDir, "out", "eventstudy-demo", "output directory")
	fs.StringVar(&format, "format", "csv,md,tex", "output formats, comma list of csv, json, md, tex, xlsx, parquet (ar, car, prices, volume as .parquet too)")
	fs.StringVar(&figs, "figures", "svg,pdf", "static figures into DIR/figures: comma list of svg, pdf, png, or none")
	fs.BoolVar(&quiet, "quiet", false, "print nothing but errors")
	if err := parseNoArgs(fs, args); err != nil {
		return exitBadInput, err
	}
	tmp, err := os.MkdirTemp("", "eventstudy-demo-")
	if err != nil {
		return exitBadInput, err
	}
	defer os.RemoveAll(tmp)
	if err := extractDemo(tmp); err != nil {
		return exitBadInput, err
	}
	st, err := demoStudy(tmp)
	if err != nil {
		return exitBadInput, err
	}
	st.Out = outDir
	fm, err := results.ParseFormats(format)
	if err != nil {
		return exitBadInput, usageError{err.Error()}
	}
	st.Formats = fm
	if figs != "none" && figs != "" {
		if st.Figures, err = figures.ParseFormats(figs); err != nil {
			return exitBadInput, usageError{err.Error()}
		}
	}
	code, err := runStudy(st, quiet, true, []string{demoDollarNote}, stdout, stderr)
	if code == exitExcluded {
		// The demo's exclusions are by design (stages outside the data are
		// none; this only happens if the bundled data changed).
		return code, err
	}
	return code, err
}

// demoStudy is the bundled study: every breach in testdata/demo against the
// S&P 500 with the default settings.
func demoStudy(dir string) (study.Study, error) {
	st := study.Default()
	st.Events = filepath.Join(dir, "events.csv")
	st.Prices = filepath.Join(dir, "prices")
	st.Market = "GSPC"
	// The incidents' year after disclosure: calendar.csv, bhar.csv
	// (docs/methodology.md 14; a dozen firms, so few per period).
	st.CalendarTime = &analysis.Window{T1: 1, T2: 250}
	st.DisplayName = func(p string) string {
		if rel, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(rel, "..") {
			return "demo:" + filepath.ToSlash(filepath.Join(eventstudy.DemoRoot, rel))
		}
		return p
	}
	return st, nil
}

// extractDemo writes the embedded demo files into dir.
func extractDemo(dir string) error {
	root := eventstudy.DemoRoot
	return fs.WalkDir(eventstudy.Demo, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := eventstudy.Demo.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// resolveDemoPaths extracts the embedded demo when a study names its files
// as the demo's manifest records them ("demo:testdata/demo/events.csv"),
// points the study at the extracted copies and keeps the "demo:" names
// for the manifest, so a demo manifest reruns. cleanup removes the copy.
func resolveDemoPaths(st *study.Study) (cleanup func(), err error) {
	paths := append([]*string{&st.Events, &st.Prices, &st.Market, &st.PeersFile}, ptrs(st.Factors)...)
	uses := false
	for _, p := range paths {
		uses = uses || strings.HasPrefix(*p, study.DemoPrefix)
	}
	if !uses {
		return func() {}, nil
	}
	tmp, err := os.MkdirTemp("", "eventstudy-demo-")
	if err != nil {
		return nil, err
	}
	if err := extractDemo(tmp); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	prefix := study.DemoPrefix + eventstudy.DemoRoot
	for _, p := range paths {
		if !strings.HasPrefix(*p, study.DemoPrefix) {
			continue
		}
		rel, ok := strings.CutPrefix(*p, prefix)
		if !ok || strings.Contains(rel, "..") {
			os.RemoveAll(tmp)
			return nil, fmt.Errorf("%s: not a file of the bundled demo (they are under %s/)", *p, prefix)
		}
		*p = filepath.Join(tmp, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
	}
	demo, _ := demoStudy(tmp)
	st.DisplayName = chainNames(demo.DisplayName, st.DisplayName)
	return func() { os.RemoveAll(tmp) }, nil
}

// chainNames is first, then next for a path first leaves as it is (a
// rerun's own paths beside the demo's).
func chainNames(first, next func(string) string) func(string) string {
	if next == nil {
		return first
	}
	return func(p string) string {
		if d := first(p); d != p {
			return d
		}
		return next(p)
	}
}

func ptrs(s []string) []*string {
	out := make([]*string, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}
