package analysis

import "sort"

// PrimarySet applies the stage rule of docs/methodology.md 4.5 to the events of
// one group (pass only events with status ok; nil entries are skipped).
// Two events of the same Firm are linked when their event windows, the
// calendar positions Day0+τ1..Day0+τ2, share a trading day; each connected
// component keeps one primary event: the one whose Stage is primaryStage
// (the earliest Day0 among several, ties by Order) when primaryStage is
// not empty and the component has one, else the earliest Day0 (ties by
// Order). Stages of one incident share the firm's residual series and
// overlapping windows, so only the primary enters group statistics.
//
// primary keeps the input order; secondaryOf maps every other event's ID to
// the ID of its component's primary event (manifest warning
// secondary_stage).
func PrimarySet(events []*EventEstimate, primaryStage string) (primary []*EventEstimate, secondaryOf map[string]string) {
	n := len(events)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// Union overlapping windows of one firm: sort each firm's events by
	// window start and sweep, so a firm with many events costs O(n log n).
	byFirm := map[string][]int{}
	for i, e := range events {
		if e != nil {
			byFirm[e.Firm] = append(byFirm[e.Firm], i)
		}
	}
	for _, idx := range byFirm {
		sort.SliceStable(idx, func(a, b int) bool { return evtStart(events[idx[a]]) < evtStart(events[idx[b]]) })
		reach, root := 0, -1 // furthest window end of the current component
		for _, i := range idx {
			e := events[i]
			if root >= 0 && evtStart(e) <= reach {
				parent[find(i)] = find(root)
			} else {
				root, reach = i, evtEnd(e)
			}
			if evtEnd(e) > reach {
				reach = evtEnd(e)
			}
		}
	}

	better := func(a, b *EventEstimate) bool { // a precedes b
		if a.Day0 != b.Day0 {
			return a.Day0 < b.Day0
		}
		return a.Order < b.Order
	}
	chosen := map[int]int{} // component root -> index of its primary
	for i, e := range events {
		if e == nil {
			continue
		}
		r := find(i)
		c, ok := chosen[r]
		if !ok {
			chosen[r] = i
			continue
		}
		cur := events[c]
		if primaryStage != "" && (e.Stage == primaryStage) != (cur.Stage == primaryStage) {
			if e.Stage == primaryStage {
				chosen[r] = i
			}
			continue
		}
		if better(e, cur) {
			chosen[r] = i
		}
	}
	secondaryOf = map[string]string{}
	for i, e := range events {
		if e == nil {
			continue
		}
		if c := chosen[find(i)]; c == i {
			primary = append(primary, e)
		} else {
			secondaryOf[e.ID] = events[c].ID
		}
	}
	return primary, secondaryOf
}

func evtStart(e *EventEstimate) int { return e.Day0 + e.EvtWindow.T1 }
func evtEnd(e *EventEstimate) int   { return e.Day0 + e.EvtWindow.T2 }

// EventPair names an event and another event it concerns.
type EventPair struct {
	EventID, OtherID string
}

// EstWindowContainsEvent lists the pairs (event, other) of one firm where
// the estimation window of event (calendar positions Day0+T1..Day0+T2 of
// EstWindow) contains a day of other's event window (manifest warning
// est_window_contains_event, docs/methodology.md 4.5: the other event's returns
// inflate σ). Nothing is excluded. Pairs come in input order.
func EstWindowContainsEvent(events []*EventEstimate) []EventPair {
	// Only events of one firm can pair: compare within each firm's events
	// (kept in input order), not all N² pairs.
	byFirm := map[string][]*EventEstimate{}
	for _, e := range events {
		if e != nil {
			byFirm[e.Firm] = append(byFirm[e.Firm], e)
		}
	}
	var out []EventPair
	for _, e := range events {
		if e == nil {
			continue
		}
		a, b := e.Day0+e.EstWindow.T1, e.Day0+e.EstWindow.T2
		for _, o := range byFirm[e.Firm] {
			if o == e {
				continue
			}
			if evtStart(o) <= b && a <= evtEnd(o) {
				out = append(out, EventPair{e.ID, o.ID})
			}
		}
	}
	return out
}
