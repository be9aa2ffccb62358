package study

import (
	"fmt"
	"sort"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/results"
)

// ReasonBadEventWindow excludes an event whose est_start, est_end or
// window cells give windows that do not fit together (the estimation
// window must end before the event window, which must hold day 0 and
// (eventWindows).
const ReasonBadEventWindow = "bad_event_window"

// config is the analysis settings of st: the study's, with the event's
// own windows when its events-file row gives them (eventWindows).
func (st *eventState) config(cfg analysis.Config) analysis.Config {
	if st.windows != nil {
		cfg.Estimation, cfg.EventWindow = st.windows.est, st.windows.evt
	}
	return cfg
}

// ownWindows are an event's windows from its est_start, est_end and
// window cells, in relative trading days.
type ownWindows struct{ est, evt analysis.Window }

// eventWindows resolves the per-event windows of every anchored state
// (docs/inputs.md "Per-event windows"): a relative bound is taken as it
// is, a date bound becomes the trading day on or after it (est_start) or
// on or before it (est_end), relative to day 0; an empty cell keeps the
// study's bound. Windows that do not fit together exclude the event with
// ReasonBadEventWindow.
func eventWindows(states []*eventState, cfg analysis.Config, cal *dates.Calendar, file string) {
	for _, st := range states {
		ev := st.ev
		if !ev.EstStart.Set && !ev.EstEnd.Set && !ev.HasWindow {
			continue
		}
		if st.anchor.Reason != "" || st.anchor.Day0 < 0 {
			continue
		}
		w := ownWindows{est: cfg.Estimation, evt: cfg.EventWindow}
		day0 := st.anchor.Day0
		if ev.EstStart.Set {
			w.est.T1 = relDay(ev.EstStart, day0, cal, true)
		}
		if ev.EstEnd.Set {
			w.est.T2 = relDay(ev.EstEnd, day0, cal, false)
		}
		if ev.HasWindow {
			w.evt = analysis.Window{T1: ev.Window[0], T2: ev.Window[1]}
		}
		st.windows = &w
		if why := w.problem(); why != "" {
			st.exclude(ReasonBadEventWindow, fmt.Sprintf("%s:%d: est_start, est_end or window give estimation %s and event window %s: %s; fix those cells, or leave them empty for --estimation and --window", file, ev.Line, w.est, w.evt, why))
		}
	}
}

// problem says why w cannot be used, "" when it can. A CAR window
// outside an event's own event window only leaves that CAR empty (the
// manifest's incomplete_window warning), so it is not checked here.
func (w ownWindows) problem() string {
	switch {
	case w.est.T1 > w.est.T2:
		return "the estimation window starts after it ends"
	case w.evt.T1 > 0 || w.evt.T2 < 0:
		return "the event window does not contain day 0"
	case w.est.T2 >= w.evt.T1:
		return "the estimation window does not end before the event window starts"
	}
	return ""
}

// relDay is bound b relative to day 0 on position day0: a relative day
// as written, a date as the trading day on or after it (start) or on or
// before it (end).
func relDay(b events.Bound, day0 int, cal *dates.Calendar, start bool) int {
	if !b.IsDate {
		return b.Rel
	}
	pos := sort.Search(cal.Len(), func(i int) bool { return cal.Days[i] >= b.Date })
	if !start && (pos == cal.Len() || cal.Days[pos] != b.Date) {
		pos--
	}
	return pos - day0
}

// eventWindowRecords are the manifest's record of the per-event windows.
func eventWindowRecords(states []*eventState) []results.EventWindows {
	var out []results.EventWindows
	for _, st := range states {
		if st.windows == nil {
			continue
		}
		out = append(out, results.EventWindows{EventID: st.ev.ID, EstStart: st.ev.EstStart.String(), EstEnd: st.ev.EstEnd.String(),
			Estimation: st.windows.est.String(), Window: st.windows.evt.String()})
	}
	return out
}

// incompleteWindow is the incomplete_window message of CAR window w with
// nDays valid abnormal returns. A window reaching beyond the event's own
// event window (its window cell) is empty for that reason, and its count
// of valid days would mislead (the days inside have returns).
func incompleteWindow(st *eventState, w analysis.Window, nDays int) string {
	if st.windows != nil && !st.windows.evt.Contains(w) {
		return fmt.Sprintf("CAR(%s) not computed: it reaches beyond the event window %s of the events file's window cell; widen that cell, or leave it empty for --window", w, st.windows.evt)
	}
	return fmt.Sprintf("CAR(%s) not computed: %d of %d days have a valid abnormal return", w, nDays, w.Len())
}
