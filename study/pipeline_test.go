package study

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/events"
)

// TestAnchorOnce: the same events anchor to the same days whether the
// market is a ticker of the price data or its own file (anchored early,
// before the panel is read), with the same peer rows, and the run passes
// the pipeline's phases in order.
func TestAnchorOnce(t *testing.T) {
	var phases [2][]string
	var logs [2][]string
	var peers [2]int
	for i, market := range []string{"GSPC", filepath.Join("testdata/peers/prices", "GSPC.csv")} {
		t.Run(market, func(t *testing.T) {
			s := peerStudy("testdata/peers")
			s.Market = market
			s.Phase = func(name string) { phases[i] = append(phases[i], name) }
			out := runStudy(t, s)
			logs[i] = out.Log
			for _, r := range out.Compare.Peers {
				if r.PeerCAR.IsNA() {
					t.Errorf("peer row without a CAR: %+v", r)
				}
				peers[i]++
			}
			for _, r := range out.Set.Events {
				if r.Status != StatusOK || r.Day0 == "" {
					t.Errorf("event %s: status %s day 0 %q", r.EventID, r.Status, r.Day0)
				}
			}
		})
	}
	if len(logs[0]) != 2 || !slices.Equal(logs[0], logs[1]) {
		t.Errorf("anchoring log with a ticker\n%q\nwith a market file\n%q", logs[0], logs[1])
	}
	if peers[0] == 0 || peers[0] != peers[1] {
		t.Errorf("%d and %d peer rows", peers[0], peers[1])
	}
	want := []string{"events", "prices", "align", "estimate", "single-event tables", "group tests", "comparison"}
	for i := range phases {
		if !slices.Equal(phases[i], want) {
			t.Errorf("phases %q, want %q", phases[i], want)
		}
	}
}

// TestAnchoredOnce: inputs.anchored anchors on the first call and returns
// the same anchors after (the pipeline's anchor step reuses those made
// while loading).
func TestAnchoredOnce(t *testing.T) {
	s := peerStudy("testdata/peers")
	evf, err := events.LoadWith(s.Events, events.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in, err := loadInputs(&s, evf)
	if err != nil {
		t.Fatal(err)
	}
	first := in.anchored(&s, evf)
	s.Anchor = events.RulePrevious // a second anchoring would differ: it must not happen
	second := in.anchored(&s, evf)
	if len(first) != len(evf.Events) || &first[0] != &second[0] {
		t.Fatalf("anchors %v then %v: anchored twice", first, second)
	}
	for i, a := range first {
		if a.Reason != "" || a.Day0 < 0 || a.Rule != events.RuleNext {
			t.Errorf("event %d: %+v", i, a)
		}
	}
}

// TestNoVolumeRowsHoldNothing: with volume for the market only (the
// firm's prices have none, as in the generated bench panels) volume.csv
// has no row, and its per-event slab is not kept with the result set.
func TestNoVolumeRowsHoldNothing(t *testing.T) {
	dir := t.TempDir()
	px := []string{"symbol,date,close"}
	for _, l := range yahooLines(t, "TMUS")[1:] {
		f := strings.Split(l, ",")
		px = append(px, "TMUS,"+f[0]+","+f[5])
	}
	writeLines(t, filepath.Join(dir, "prices.csv"), px)
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, dir), filepath.Join(dir, "prices.csv"), filepath.Join(demoPrices, "GSPC.csv")
	out := runStudy(t, s)
	if len(out.Set.AR) == 0 {
		t.Fatal("the event was not estimated")
	}
	if cap(out.Set.Volume) != 0 {
		t.Errorf("volume.csv: %d rows, capacity %d held; want none", len(out.Set.Volume), cap(out.Set.Volume))
	}
}

// TestEstWindowContains: one est_window_contains_event warning per event,
// naming up to maxNamedOthers others and counting the rest.
func TestEstWindowContains(t *testing.T) {
	pairs := func(n int) []analysis.EventPair {
		out := make([]analysis.EventPair, n)
		for i := range out {
			out[i] = analysis.EventPair{EventID: "tmus-update", OtherID: fmt.Sprintf("tmus-%d", i+1)}
		}
		return out
	}
	for _, c := range []struct {
		name string
		n    int
		want string
	}{
		{"one", 1, "estimation window contains the event window of tmus-1 (same firm); its returns inflate sigma"},
		{"five", 5, "estimation window contains the event windows of 5 other events of the same firm (tmus-1, tmus-2, tmus-3, tmus-4, tmus-5); their returns inflate sigma"},
		{"seven", 7, "estimation window contains the event windows of 7 other events of the same firm (tmus-1, tmus-2, tmus-3, tmus-4, tmus-5 and 2 more: confounding.csv lists each); their returns inflate sigma"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := estWindowContains(pairs(c.n)); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
