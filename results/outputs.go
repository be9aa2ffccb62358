package results

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
)

// OutputTables are the tables --outputs may name: a table's file name
// without ".csv". The comparison tables (stages, peers, groupdiff,
// confounding, clustering) are named as written.
var OutputTables = append([]string{"events", "ar", "car", "tests", "aar", "prices", "regression", "volume", "volatility", "calendar", "bhar", "bhar_group", "warnings"},
	ComparisonTables...)

// ComparisonTables are the OutputTables of the comparison (analysis/compare),
// which comparison.md and comparison.tex gather.
var ComparisonTables = []string{"stages", "peers", "groupdiff", "confounding", "clustering"}

// ParseOutputs reads --outputs: a comma list of OutputTables ("all" or
// empty: every table). Names are case-insensitive; ".csv" may be added.
func ParseOutputs(ts []string) ([]string, error) {
	known := map[string]bool{}
	for _, n := range OutputTables {
		known[n] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, t := range ts {
		n := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(t)), ".csv")
		switch {
		case n == "" || seen[n]:
			continue
		case n == "all":
			return nil, nil
		case n == "report" || n == "report.html" || n == "manifest" || n == "manifest.json":
			return nil, fmt.Errorf("%q in --outputs is not a table: report.html is written unless --report=false, manifest.json always; --outputs names %s", t, strings.Join(OutputTables, ", "))
		case !known[n]:
			return nil, fmt.Errorf("unknown table %q in --outputs; use all or a comma list of %s", t, strings.Join(OutputTables, ", "))
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// AnySelected reports whether outputs (nil: all) names one of tables:
// a file made from several tables (comparison.md) is written when one of
// them is.
func AnySelected(outputs []string, tables ...string) bool {
	if outputs == nil {
		return true
	}
	for _, t := range tables {
		if slices.Contains(outputs, t) {
			return true
		}
	}
	return false
}

// selectTables keeps the tables outputs names (nil: all of them).
func selectTables(tables []Table, outputs []string) []Table {
	if outputs == nil {
		return tables
	}
	want := map[string]bool{}
	for _, n := range outputs {
		want[n] = true
	}
	var out []Table
	for _, t := range tables {
		if want[jsonKey(t)] {
			out = append(out, t)
		}
	}
	return out
}

// gzipped are the tables --gzip compresses: those with a row per event
// and day (or window), which grow with events × window length; ar.csv
// is 264 MB at 100,000 events.
var gzipped = map[string]bool{ARFile: true, CARFile: true, PricesFile: true, VolumeFile: true}

// tableFile is how a table is written: as name.csv, or, under gzip for a
// big table, as name.csv.gz (gzip's fastest level: a 10x smaller file
// for little more time than the text itself; no name or time in the
// header, so the same results give the same bytes).
func tableFile(t Table, gz bool) namedFile {
	if !gz || !gzipped[t.File()] {
		return namedFile{name: t.File(), write: t.writeCSV}
	}
	return namedFile{name: t.File() + ".gz", write: func(w *bufio.Writer) error {
		zw, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(zw, streamBuffer)
		if err := t.writeCSV(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return zw.Close()
	}}
}

// readGzip reads a table written under --gzip.
func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

// MaxAnchoringLines bounds the manifest's anchoring log: at 100,000
// events the full log is 7.5 MB of the manifest, and events.csv holds
// the same facts per event (date_given, day0, anchor_rule).
const MaxAnchoringLines = 1000

// boundAnchoring keeps the first MaxAnchoringLines lines of a longer log
// and says how many more there are and where they are.
func boundAnchoring(lines []string) []string {
	if len(lines) <= MaxAnchoringLines {
		return lines
	}
	out := append([]string(nil), lines[:MaxAnchoringLines]...)
	return append(out, fmt.Sprintf("... and %d more events: each one's anchoring is in events.csv (date_given, day0, anchor_rule)", len(lines)-MaxAnchoringLines))
}
