package study

import (
	"fmt"
	"math"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/analysis/results"
)

// spans are the anchored events on the calendar, in file order, with the
// index of their state.
func spans(states []*eventState) ([]compare.Span, []int) {
	var sp []compare.Span
	var idx []int
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
func comparison(s *Study, in *inputs, states []*eventState, set *results.Set, groups map[string][]*analysis.EventEstimate, groupNames []string, facCols [][]float64, rf []float64, warn func(id, code, msg string)) *compare.Tables {
	cfg := s.Analysis
	t := &compare.Tables{StageWindow: compare.DefaultStageWindow}
	t.Stages = compare.Stages(set.Events, set.CAR)

	peerCAR, peersOf, notes := peerEstimates(s, in, states, facCols, rf)
	firmOf := map[string]string{}
	for _, st := range states {
		firmOf[st.ev.ID] = st.ev.Firm
	}
	t.Peers = compare.PeerRows(set.CAR, peerCAR, firmOf, peersOf, notes)
	for id, n := range notes {
		warn(id, "peers", n)
	}

	windows := make([]string, len(cfg.CARWindows))
	var gc []compare.GroupCARs
	for j, w := range cfg.CARWindows {
		windows[j] = w.String()
	}
	for _, g := range groupNames {
		c := compare.GroupCARs{Group: g, CAR: map[string][]float64{}}
		var day0 []int
		for _, e := range groups[g] {
			day0 = append(day0, e.Day0)
		}
		for _, w := range cfg.CARWindows {
			for _, e := range groups[g] {
				if car, n := e.CAR(w); n == w.Len() && !math.IsNaN(car) {
					c.CAR[w.String()] = append(c.CAR[w.String()], car)
				}
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
