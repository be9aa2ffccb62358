package compare

import (
	"sort"
	"strings"

	"github.com/breachlab/eventstudy/analysis/results"
)

// Alpha is the two-sided level at which a stage counts as a significant
// reaction in stages.csv.
const Alpha = 0.05

// StageRow is one row of stages.csv: the stages of one incident that
// anchor to the same trading day (merged: they share firm, day 0 and hence
// every number) and one CAR window.
type StageRow struct {
	Incident   string      `csv:"incident" json:"incident"`
	Firm       string      `csv:"firm" json:"firm"`
	Stages     string      `csv:"stages" json:"stages"`       // "claim + media + confirmation"
	EventIDs   string      `csv:"event_ids" json:"event_ids"` // ';'-separated, file order
	DateGiven  string      `csv:"date_given" json:"date_given"`
	Day0       string      `csv:"day0" json:"day0"`
	AnchorRule string      `csv:"anchor_rule" json:"anchor_rule"`
	Timeline   string      `csv:"timeline" json:"timeline"` // "claim + media + confirmation → 2021-08-16 [next]"
	Window     string      `csv:"window" json:"window"`
	CAR        results.Num `csv:"car" json:"car"`
	T          results.Num `csv:"t" json:"t"`
	DF         results.Int `csv:"df" json:"df"`
	P          results.Num `csv:"p" json:"p"`
	SQP        results.Num `csv:"sq_p" json:"sq_p"`
	// Significant: p < Alpha (single-event t); SQSignificant: sq_p < Alpha.
	Significant   bool `csv:"significant" json:"significant"`
	SQSignificant bool `csv:"sq_significant" json:"sq_significant"`
	// FirstSignificant marks, per incident and window, the earliest merged
	// stage with p < Alpha; FirstSQSignificant the same for sq_p.
	FirstSignificant   bool `csv:"first_significant" json:"first_significant"`
	FirstSQSignificant bool `csv:"first_sq_significant" json:"first_sq_significant"`
}

// Stages builds stages.csv from events.csv and car.csv rows. Events with
// status ok are grouped by incident (an event without incident is its own
// incident, named by its event id) and, within an incident, merged when
// they have the same firm and day 0; a merged stage takes the car.csv row
// of its first event in file order (all its events share the firm's
// estimate and day 0, so their rows agree unless they name different
// markets). Merged stages are ordered by day 0 and rows come incident by
// incident in order of first appearance, then window in car.csv order.
func Stages(evs []results.EventRow, car []results.CARRow) []StageRow {
	// A merged stage's text cells are the same in every window: built once.
	// Rows point into evs and car (10,000 events: no copies).
	type merged struct {
		incident, firm, day0 string
		events               []*results.EventRow
		stages, ids, rules   string
		timeline             string
	}
	var order []string
	byIncident := map[string][]*merged{}
	for i := range evs {
		e := &evs[i]
		if e.Status != "ok" || e.Day0 == "" {
			continue
		}
		inc := e.Incident
		if inc == "" {
			inc = e.EventID
		}
		ms, seen := byIncident[inc]
		if !seen {
			order = append(order, inc)
		}
		var m *merged
		for _, x := range ms {
			if x.firm == e.Firm && x.day0 == e.Day0 {
				m = x
			}
		}
		if m == nil {
			m = &merged{incident: inc, firm: e.Firm, day0: e.Day0}
			byIncident[inc] = append(ms, m)
		}
		m.events = append(m.events, e)
	}
	carOf := map[string][]*results.CARRow{}
	var windows []string
	seenW := map[string]bool{}
	for i := range car {
		r := &car[i]
		carOf[r.EventID] = append(carOf[r.EventID], r)
		if !seenW[r.Window] {
			seenW[r.Window] = true
			windows = append(windows, r.Window)
		}
	}
	rows := 0
	for _, ms := range byIncident {
		rows += len(ms) * len(windows)
		for _, m := range ms {
			var names, ids, rules []string
			for _, e := range m.events {
				st := e.Stage
				if st == "" {
					st = e.EventID
				}
				names = append(names, st)
				ids = append(ids, e.EventID)
				if !containsString(rules, e.AnchorRule) {
					rules = append(rules, e.AnchorRule)
				}
			}
			m.stages, m.ids, m.rules = strings.Join(names, " + "), strings.Join(ids, ";"), strings.Join(rules, ";")
			m.timeline = m.stages + " → " + m.day0 + " [" + m.rules + "]"
		}
	}
	if rows == 0 {
		return nil
	}
	out := make([]StageRow, 0, rows)
	for _, inc := range order {
		ms := byIncident[inc]
		// ISO dates sort as strings.
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].day0 < ms[j].day0 })
		for _, w := range windows {
			firstT, firstSQ := false, false
			for _, m := range ms {
				lead := m.events[0]
				row := StageRow{
					Incident: inc, Firm: m.firm, Stages: m.stages,
					EventIDs: m.ids, DateGiven: lead.DateGiven, Day0: m.day0,
					AnchorRule: m.rules, Window: w,
					Timeline: m.timeline,
					CAR:      results.NA, T: results.NA, P: results.NA, SQP: results.NA,
				}
				for _, c := range carOf[lead.EventID] {
					if c.Window == w {
						row.CAR, row.T, row.DF, row.P, row.SQP = c.CAR, c.T, c.DF, c.P, c.SQP
					}
				}
				row.Significant = !row.P.IsNA() && float64(row.P) < Alpha
				row.SQSignificant = !row.SQP.IsNA() && float64(row.SQP) < Alpha
				if row.Significant && !firstT {
					row.FirstSignificant, firstT = true, true
				}
				if row.SQSignificant && !firstSQ {
					row.FirstSQSignificant, firstSQ = true, true
				}
				out = append(out, row)
			}
		}
	}
	return out
}

func containsString(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
