package study

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// spans are the anchored events on the calendar, in file order, with the
// index of their state.
func spans(states []*eventState) ([]compare.Span, []int) {
	n := 0
	for _, st := range states {
		if st.anchor.Reason == "" && st.anchor.Day0 >= 0 {
			n++
		}
	}
	sp := make([]compare.Span, 0, n) // grown by append, twice the 100,000 spans as garbage
	idx := make([]int, 0, n)
	for i, st := range states {
		if st.anchor.Reason != "" || st.anchor.Day0 < 0 {
			continue
		}
		sp = append(sp, compare.Span{EventID: st.ev.ID, Firm: st.ev.Firm, Day0: st.anchor.Day0})
		idx = append(idx, i)
	}
	return sp, idx
}

// markConfounding records, with --mask-confounding, the calendar positions
// of every anchored event's estimation window that fall in another event
// window of the same firm (compare.MaskPositions); estimateEvent then
// treats the event's returns there as missing.
func markConfounding(s *Study, states []*eventState) {
	if !s.MaskConfounding {
		return
	}
	sp, idx := spans(states)
	for k, i := range idx {
		states[i].mask = compare.MaskPositions(sp, k, s.Analysis.Estimation, s.Analysis.EventWindow)
	}
}

// maskEstimation sets the security return to missing at the masked
// calendar positions (all in the estimation window by construction).
func maskEstimation(ei *analysis.EventInput, mask []int) {
	if len(mask) == 0 || len(ei.Cal) == 0 {
		return
	}
	first := ei.Cal[0]
	for _, pos := range mask {
		if k := pos - first; k >= 0 && k < len(ei.R) {
			ei.R[k] = math.NaN()
		}
	}
}

// comparison builds the comparison tables of a finished run (stages, peer
// portfolios, group differences, confounding and clustering) and adds
// their manifest warnings.
func comparison(s *Study, in *inputs, states []*eventState, set *results.Set, peers peerEstimates, groups map[string][]*analysis.EventEstimate, groupNames []string, warn func(id, code, msg string)) *compare.Tables {
	cfg := s.Analysis
	t := &compare.Tables{StageWindow: compare.DefaultStageWindow}
	windows := make([]string, len(cfg.CARWindows))
	for j, w := range cfg.CARWindows {
		windows[j] = w.String()
	}
	if s.makes("stages") {
		t.Stages = compare.Stages(stageEvents(states, set.CAR, len(windows), in.cal), windows)
		adjustStages(t.Stages, cfg.MTFamily)
	}

	firmOf := map[string]string{}
	for _, st := range states {
		firmOf[st.ev.ID] = st.ev.Firm
	}
	t.Peers = compare.PeerRows(set.CAR, peers.carRows(cfg), firmOf, peers.peersOf, peers.notes)
	// File order: notes is a map, and its order made two runs' manifests
	// differ.
	for _, st := range states {
		if n, ok := peers.notes[st.ev.ID]; ok {
			warn(st.ev.ID, "peers", n)
		}
	}

	// The groups' CARs are car.csv's (carRow: the CAR of e.CAR(w), its
	// n_days the days with an AR), read from its rows rather than summed
	// again per event and window.
	carOf := carRowsOf(states, set.CAR, len(windows))
	var gc []compare.GroupCARs
	for _, g := range groupNames {
		c := compare.GroupCARs{Group: g, CAR: map[string][]float64{}}
		day0 := make([]int, 0, len(groups[g]))
		for _, e := range groups[g] {
			day0 = append(day0, e.Day0)
		}
		for j, w := range cfg.CARWindows {
			cars := c.CAR[windows[j]]
			if cars == nil {
				cars = make([]float64, 0, len(groups[g]))
			}
			for _, e := range groups[g] {
				car, n := 0.0, 0
				if rows, ok := carOf[e]; ok {
					car, n = float64(rows[j].CAR), rows[j].NDays
				} else {
					car, n = e.CAR(w)
				}
				if n == w.Len() && !math.IsNaN(car) {
					cars = append(cars, car)
				}
			}
			if len(cars) > 0 { // a window with no complete CAR has no entry
				c.CAR[windows[j]] = cars
			}
			cl := compare.Clustering(day0, w)
			cl.Group = g
			t.Clustering = append(t.Clustering, cl)
			if cl.PreferKP {
				warn("", "calendar_clustering", fmt.Sprintf("group %s window %s: %d of %d event pairs (%.0f%%) have overlapping CAR windows in calendar time; prefer kp_bmp, kp_patell or grank over bmp, patell and cs_t",
					g, w, cl.OverlapPairs, cl.Pairs, 100*cl.OverlapShare))
			}
		}
		gc = append(gc, c)
	}
	t.GroupDiff = compare.GroupDiffs(gc, windows)

	sp, _ := spans(states)
	t.Confounding = compare.Confounding(sp, cfg.Estimation, cfg.EventWindow, s.MaskConfounding)
	return t
}

// carRowsOf are the car.csv rows of each estimated event, which car
// holds as nw rows per analysed event in file order (stageEvents).
func carRowsOf(states []*eventState, car []results.CARRow, nw int) map[*analysis.EventEstimate][]results.CARRow {
	out := make(map[*analysis.EventEstimate][]results.CARRow, len(states))
	k := 0
	for _, st := range states {
		if st.status != StatusOK {
			continue
		}
		if st.est != nil && k+nw <= len(car) {
			out[st.est] = car[k : k+nw : k+nw]
		}
		k += nw
	}
	return out
}

// stageEvents are the events of the stage timeline: every analysed event
// (status ok, anchored) in file order, with its single-event tests, which
// car holds as nw rows per analysed event in the same order (the layout
// the single-event tables are written in).
func stageEvents(states []*eventState, car []results.CARRow, nw int, cal *dates.Calendar) []compare.StageEvent {
	n := 0
	for _, st := range states {
		if st.status == StatusOK && st.anchor.Reason == "" && st.anchor.Day0 >= 0 {
			n++
		}
	}
	out := make([]compare.StageEvent, 0, n) // grown by append, 30 MB of garbage at 100,000 events
	k := 0
	for _, st := range states {
		if st.status != StatusOK {
			continue
		}
		tests := car[k : k+nw : k+nw]
		k += nw
		if nw > 0 && tests[0].EventID != st.ev.ID {
			// The layout above is the single-event tables'; a change there
			// must not pair an event with another's tests silently.
			panic(fmt.Sprintf("study: car.csv row of %s where %s's tests belong", tests[0].EventID, st.ev.ID))
		}
		if st.anchor.Reason != "" || st.anchor.Day0 < 0 {
			continue
		}
		out = append(out, compare.StageEvent{ID: st.ev.ID, Incident: st.ev.Incident, Firm: st.ev.Firm, Stage: st.ev.Stage,
			DateGiven: st.ev.Date, Day0: cal.Days[st.anchor.Day0], AnchorRule: string(st.anchor.Rule), Tests: tests})
	}
	return out
}
