package compare

import (
	"cmp"
	"slices"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/internal/firsttouch"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/results"
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
	// PHolm and PBH are p adjusted over the incident's stages × windows
	// (--mt-family, docs/methodology.md 6.17); the study fills them.
	PHolm results.Num `csv:"p_holm" json:"p_holm"`
	PBH   results.Num `csv:"p_bh" json:"p_bh"`
}

// StageEvent is an analysed event (status ok, anchored) as the stage
// timeline needs it: what it is, when it was disclosed and anchored, and
// its single-event tests, one per window of Stages' windows in that order.
type StageEvent struct {
	ID, Incident, Firm, Stage string
	DateGiven, Day0           dates.Day
	AnchorRule                string
	Tests                     []results.CARRow
}

// mergedStage is the stages of one incident anchored to the same firm and
// trading day; its text cells are the same in every window, built once
// (the dates too: two strings per row were 1.6 million allocations at
// 100,000 events).
type mergedStage struct {
	firm                     string
	day0                     dates.Day
	events                   []*StageEvent
	stages, ids, rules, line string
	dateGiven, day0Text      string // the lead event's date_given, and day0
}

// Stages builds stages.csv. Events are grouped by incident (an event
// without incident is its own incident, named by its event id) and, within
// an incident, merged when they have the same firm and day 0; a merged
// stage takes the tests of its first event in file order (all its events
// share the firm's estimate and day 0, so their tests agree unless they
// name different markets). Merged stages are ordered by day 0 and rows
// come incident by incident in order of first appearance, then window.
func Stages(evs []StageEvent, windows []string) []StageRow {
	order, byIncident := mergeStages(evs)
	if len(order) == 0 || len(windows) == 0 {
		return nil
	}
	var distinct []int // the windows' indices, a window given twice once
	for j, w := range windows {
		if !slices.Contains(windows[:j], w) {
			distinct = append(distinct, j) // a window given twice is one column of car.csv's
		}
	}
	// Each incident's rows have a known place, so the incidents are
	// filled in parallel (800,000 rows at 100,000 events took 1 s on one
	// core beside the other tables).
	at := make([]int, len(order)+1)
	for k, inc := range order {
		at[k+1] = at[k] + len(byIncident[inc])*len(distinct)
	}
	out := make([]StageRow, at[len(order)])
	firsttouch.Slab(out, func(r *StageRow) { r.CAR = 0 })
	parallel.ForChunks(len(order), 256, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			inc := order[k]
			ms := byIncident[inc]
			slices.SortStableFunc(ms, func(a, b *mergedStage) int { return cmp.Compare(a.day0, b.day0) }) // no closure to allocate per incident
			rows := out[at[k]:at[k]:at[k+1]]
			for _, j := range distinct {
				rows = appendStageRows(rows, inc, ms, j, windows[j])
			}
		}
	})
	return out
}

// mergeStages groups evs by incident (in order of first appearance) and
// merges each incident's events of one firm and day 0.
func mergeStages(evs []StageEvent) (order []string, byIncident map[string][]*mergedStage) {
	byIncident = map[string][]*mergedStage{}
	slab := make([]mergedStage, 0, len(evs)) // at most one per event: no pointer into it moves
	for i := range evs {
		e := &evs[i]
		inc := e.Incident
		if inc == "" {
			inc = e.ID
		}
		ms, seen := byIncident[inc]
		if !seen {
			order = append(order, inc)
		}
		var m *mergedStage
		for _, x := range ms {
			if x.firm == e.Firm && x.day0 == e.Day0 {
				m = x
			}
		}
		if m == nil {
			slab = append(slab, mergedStage{firm: e.Firm, day0: e.Day0})
			m = &slab[len(slab)-1]
			byIncident[inc] = append(ms, m)
		}
		m.events = append(m.events, e)
	}
	for i := range slab {
		m := &slab[i]
		m.stages, m.ids, m.rules = stageTexts(m.events)
		m.dateGiven, m.day0Text = m.events[0].DateGiven.String(), m.day0.String()
		m.line = m.stages + " → " + m.day0Text + " [" + m.rules + "]"
	}
	return order, byIncident
}

// stageTexts are a merged stage's names (" + "), event ids (";") and
// distinct anchor rules (";"), in file order; a stage's name is its event
// id when it has none. A stage of one event, most of them, takes its
// texts as they are: three slices per stage were 300,000 allocations at
// 100,000 events.
func stageTexts(events []*StageEvent) (stages, ids, rules string) {
	if len(events) == 1 {
		e := events[0]
		stages = e.Stage
		if stages == "" {
			stages = e.ID
		}
		return stages, e.ID, e.AnchorRule
	}
	var names, idList, ruleList []string
	for _, e := range events {
		st := e.Stage
		if st == "" {
			st = e.ID
		}
		names = append(names, st)
		idList = append(idList, e.ID)
		if !slices.Contains(ruleList, e.AnchorRule) {
			ruleList = append(ruleList, e.AnchorRule)
		}
	}
	return strings.Join(names, " + "), strings.Join(idList, ";"), strings.Join(ruleList, ";")
}

// appendStageRows appends the rows of one incident's merged stages ms for
// window w (the j-th), flagging the first significant stage.
func appendStageRows(out []StageRow, inc string, ms []*mergedStage, j int, w string) []StageRow {
	firstT, firstSQ := false, false
	for _, m := range ms {
		lead := m.events[0]
		row := StageRow{
			Incident: inc, Firm: m.firm, Stages: m.stages, EventIDs: m.ids,
			DateGiven: m.dateGiven, Day0: m.day0Text, AnchorRule: m.rules,
			Timeline: m.line, Window: w,
			CAR: results.NA, T: results.NA, P: results.NA, SQP: results.NA,
			PHolm: results.NA, PBH: results.NA,
		}
		if j < len(lead.Tests) {
			c := &lead.Tests[j]
			row.CAR, row.T, row.DF, row.P, row.SQP = c.CAR, c.T, c.DF, c.P, c.SQP
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
	return out
}
