package study

import (
	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// hashFiles records inputs with their SHA-256 for the manifest.
func hashFiles(s *Study, role string, paths []string, detail string) []results.InputFile {
	out := make([]results.InputFile, 0, len(paths))
	for _, p := range paths {
		out = append(out, inputFile(s, role, p, detail, hashResult(prices.SHA256File(p))))
	}
	return out
}

// hashed is a file's SHA-256, or why there is none.
type hashed struct {
	sum string
	err error
}

func hashResult(sum string, err error) hashed { return hashed{sum, err} }

// inputFile is the manifest's record of one input. A file that was read
// but cannot be hashed does not stop the study (its numbers are computed;
// only the check of a later rerun is lost): the record says why, and
// inputWarnings makes it a warning.
func inputFile(s *Study, role, path, detail string, h hashed) results.InputFile {
	f := results.InputFile{Role: role, Path: display(s, path), SHA256: h.sum, Detail: detail}
	if h.err != nil {
		f.HashError = h.err.Error()
	}
	return f
}

// panelFiles is hashFiles for the price files, taking the SHA-256 the
// loader computed from its own reads (prices.LoadOptions.SHA256) where it
// did.
func panelFiles(s *Study, role string, panel *prices.Panel) []results.InputFile {
	out := make([]results.InputFile, 0, len(panel.Files))
	for _, p := range panel.Files {
		h := hashed{sum: panel.SHA256[p]}
		if h.sum == "" {
			h = hashResult(prices.SHA256File(p))
		}
		out = append(out, inputFile(s, role, p, panel.Detail, h))
	}
	return out
}

func defaultTests(cfg analysis.Config) []string { return grouptest.DefaultFor(cfg) }

// runTests runs the group battery over every window (rows by window, then
// test id) and the daily tests of aar.csv over the AAR table's days (one
// row set per day, docs/methodology.md 4.6), sharing one preparation;
// grouptest spreads the work over the cores.
func runTests(ids []string, primary []*analysis.EventEstimate, windows []analysis.Window, aar []analysis.AAR, cfg analysis.Config) ([]results.TestRow, [][]results.TestRow) {
	if ids == nil {
		ids = grouptest.DefaultFor(cfg)
	}
	first, last := 0, -1
	if len(aar) > 0 {
		first, last = aar[0].RelDay, aar[len(aar)-1].RelDay
	}
	return grouptest.RunWindowsDays(ids, primary, windows, first, last, cfg)
}
