package study

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// demoPrices is the bundled real data (Yahoo layout).
const demoPrices = "../testdata/demo/prices"

// yahooLines returns the lines of a bundled Yahoo file (header first).
func yahooLines(t *testing.T, sym string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(demoPrices, sym+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

// editLines applies f to every data line (the date is the first field)
// and drops the lines f returns "" for.
func editLines(lines []string, f func(date, line string) string) []string {
	out := []string{lines[0]}
	for _, l := range lines[1:] {
		if l = f(l[:strings.IndexByte(l, ',')], l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func writeLines(t *testing.T, path string, lines []string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// tmusEvent writes the running example's events file (T-Mobile's
// confirmation, day 0 = 2021-08-16) into dir.
func tmusEvent(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "events.csv")
	writeLines(t, p, []string{"event_id,firm,date,session", "tmus-confirm,TMUS,2021-08-16,intraday"})
	return p
}

// runStudy runs s and fails the test on a run error.
func runStudy(t *testing.T, s Study) *Outcome {
	t.Helper()
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// arOf returns an event's ar.csv rows by relative day.
func arOf(out *Outcome, id string) map[int]results.ARRow {
	m := map[int]results.ARRow{}
	for _, r := range out.Set.AR {
		if r.EventID == id {
			m[r.RelDay] = r
		}
	}
	return m
}

func eventOf(t *testing.T, out *Outcome, id string) results.EventRow {
	t.Helper()
	for _, r := range out.Set.Events {
		if r.EventID == id {
			return r
		}
	}
	t.Fatalf("no event %s", id)
	return results.EventRow{}
}

func warningsOf(out *Outcome, code string) []results.Warning {
	var w []results.Warning
	for _, x := range out.Set.Manifest.Warnings {
		if x.Code == code {
			w = append(w, x)
		}
	}
	return w
}
