package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/breachlab/eventstudy/results"
)

func nowUTC() string { return time.Now().UTC().Format(time.RFC3339) }

// summaryWindowsPerTable keeps the summary within a terminal's width: the
// windows are printed in blocks of this many.
const summaryWindowsPerTable = 4

// printSummary prints, per event, day 0 and the CAR of every study window
// (CAR(0,0) is AR(0)) with its single-event t and p (car.csv), in blocks of
// windows, then the excluded events with their reasons.
func printSummary(w io.Writer, set *results.Set) {
	byEvent := map[string][]results.CARRow{}
	var windows []string
	seen := map[string]bool{}
	for _, r := range set.CAR {
		byEvent[r.EventID] = append(byEvent[r.EventID], r)
		if !seen[r.Window] {
			seen[r.Window] = true
			windows = append(windows, r.Window)
		}
	}
	fmt.Fprintln(w, "CAR in %, single-event t (prediction-error-corrected variance) and two-sided p")
	for lo := 0; lo < len(windows); lo += summaryWindowsPerTable {
		hi := min(lo+summaryWindowsPerTable, len(windows))
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, "event\tday 0\t")
		for _, win := range windows[lo:hi] {
			fmt.Fprintf(tw, "CAR(%s)\tt\tp\t", win)
		}
		fmt.Fprintln(tw)
		for _, e := range set.Events {
			if e.Status != "ok" {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t", e.EventID, e.Day0)
			for _, r := range byEvent[e.EventID][lo:hi] {
				fmt.Fprintf(tw, "%s\t%s\t%s\t", pct(r.CAR), fixed(r.T, 2), fixed(r.P, 3))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	for _, e := range set.Events {
		if e.Status != "ok" {
			fmt.Fprintf(w, "excluded %s: %s\n", e.EventID, e.Reason)
		}
	}
}

func pct(n results.Num) string {
	if n.IsNA() {
		return "–"
	}
	return fmt.Sprintf("%.2f", 100*float64(n))
}

func fixed(n results.Num, d int) string {
	if n.IsNA() {
		return "–"
	}
	return fmt.Sprintf("%.*f", d, float64(n))
}
