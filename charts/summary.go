package charts

import (
	"fmt"
	"math"
	"strings"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// The report leads with the answer: a summary table, a row per incident,
// and a headline per group, above a table of contents.

// tocItem is one entry of the table of contents.
type tocItem struct{ ID, Heading string }

// incidentSummary is one incident's line of the summary: its primary
// event (the earliest day 0 with a CAR on the compared window, the
// group's primary set, docs/methodology.md 4.5) and the first stage whose
// CAR was significant (stages.csv).
//
// It points into the tables and its text is made only for the rows
// shown: at 100,000 incidents a copy of each CAR row and a first stage's
// text for every incident were most of the summary's time.
type incidentSummary struct {
	incident string             // the key, not yet cleaned
	primary  *results.EventRow  // points into the events table
	car      *results.CARRow    // points into car.csv's rows
	volume   *results.VolumeRow // day 0 of the primary event; nil without volume
	first    *compare.StageRow  // the first significant stage; nil for none
}

// firstText is the first significant stage as the summary shows it,
// "confirmation (2021-08-16)", or "" for none.
func (r *incidentSummary) firstText() string {
	if r.first == nil {
		return ""
	}
	return clean(r.first.Stages) + " (" + clean(r.first.Day0) + ")"
}

// summaryTable is the summary of the incidents (summarized past
// MaxTableRows like every table).
func (b *builder) summaryTable() (htmlTable, bool) {
	w := fmt.Sprintf("%d,%d", b.t1, b.t2)
	rows := b.incidentSummaries()
	if len(rows) == 0 {
		return htmlTable{}, false
	}
	hasVol, hasDollar := false, false
	for _, r := range rows {
		hasVol = hasVol || r.volume != nil
		hasDollar = hasDollar || (!r.car.DollarCAR.IsNA() && r.car.MCap > 0)
	}
	t := htmlTable{ID: "summary", Head: []string{"incident", "firm", "primary stage", "day 0", "CAR(" + w + ")", "p"}}
	if hasVol {
		t.Head = append(t.Head, "volume on day 0")
	}
	if hasDollar {
		t.Head = append(t.Head, "dollar CAR("+w+")")
	}
	if b.cmp != nil {
		t.Head = append(t.Head, "first significant stage, CAR("+b.stageWindow()+")")
	}
	t.Caption = "Per incident, its primary (earliest) stage: CAR(" + w + ") with the two-sided p of the single-event t-test (car.csv)"
	if hasVol {
		t.Caption += "; trading volume on day 0 as a multiple of normal volume, exp(abnormal log volume), with its t (volume.csv)"
	}
	if hasDollar {
		t.Caption += "; market cap on day −1 × CAR (car.csv dollar_car)"
	}
	if b.cmp != nil {
		t.Caption += "; the earliest stage with p < 0.05 (stages.csv)"
	}
	t.Caption += ". Bold: the CAR's p < 0.05"
	if hasVol {
		t.Caption += "; the volume multiple by its own p < 0.05"
	}
	t.Caption += "."
	if n := len(rows); n > MaxTableRows {
		k := MaxTableRows / 4
		idx := tails(n, k, func(i int) float64 { return float64(rows[i].car.CAR) })
		kept := make([]incidentSummary, len(idx))
		for j, i := range idx {
			kept[j] = rows[i]
		}
		rows = kept
		t.Summary = fmt.Sprintf("%s incidents. Shown: the %d with the lowest and the %d with the highest CAR(%s), lowest first.",
			thousands(n), min(k, len(idx)/2), min(k, len(idx)-len(idx)/2), w)
		t.Full = fullTableFor(b.set.Manifest.Config, "car")
	}
	for _, r := range rows {
		row := tableRow{Cells: []tableCell{txt(r.incident), code(r.primary.Firm), txt(r.primary.Stage), code(r.primary.Day0),
			numc(fmtPct(float64(r.car.CAR))), numc(fmtP(float64(r.car.P)))}}
		if !r.car.P.IsNA() && float64(r.car.P) < 0.05 {
			row.Class = "sig"
		}
		if hasVol {
			// Bold by the volume's own t-test, not by the CAR's p of the row.
			vc := numc(volumeMultiple(r.volume))
			vc.Own = 1
			if r.volume != nil && !r.volume.P.IsNA() && float64(r.volume.P) < 0.05 {
				vc.Own = 2
			}
			row.Cells = append(row.Cells, vc)
		}
		if hasDollar {
			d := ""
			if !r.car.DollarCAR.IsNA() && r.car.MCap > 0 {
				d = fmtMoney(float64(r.car.DollarCAR))
			}
			row.Cells = append(row.Cells, numc(d))
		}
		if b.cmp != nil {
			row.Cells = append(row.Cells, txt(r.firstText()))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, true
}

// volumeMultiple is "×1.84 (t 1.60)": volume on day 0 over normal volume,
// exp of the abnormal log volume (docs/methodology.md 13).
func volumeMultiple(v *results.VolumeRow) string {
	if v == nil || v.CAV.IsNA() {
		return ""
	}
	s := fmt.Sprintf("×%.2f", math.Exp(float64(v.CAV)))
	if !v.T.IsNA() {
		s += fmt.Sprintf(" (t %.2f)", float64(v.T))
	}
	return s
}

// incidentSummaries are the incidents in order of first appearance in the
// events table, those with a CAR on the compared window.
func (b *builder) incidentSummaries() []incidentSummary {
	order := make([]string, 0, len(b.cars))
	prim := make(map[string]int, len(b.cars)) // an incident per event at most
	for i, e := range b.set.Events {
		c, ok := b.cars[e.EventID]
		if !ok || c.CAR.IsNA() {
			continue
		}
		k := incidentKey(e)
		j, seen := prim[k]
		if !seen {
			order = append(order, k)
		}
		if !seen || e.Day0 < b.set.Events[j].Day0 {
			prim[k] = i
		}
	}
	vol := map[string]*results.VolumeRow{}
	for i := range b.set.Volume {
		if r := &b.set.Volume[i]; r.T1 == 0 && r.T2 == 0 {
			vol[r.EventID] = r
		}
	}
	if len(b.set.Volume) > 0 && len(vol) == 0 {
		// No (0,0) window in --car: day 0's abnormal log volume is ar.csv's
		// av (its t is only in volume.csv's windows).
		for _, r := range b.set.AR {
			if r.RelDay == 0 && !r.AV.IsNA() {
				vol[r.EventID] = &results.VolumeRow{EventID: r.EventID, Window: "0,0", CAV: r.AV, SE: results.NA, T: results.NA, P: results.NA}
			}
		}
	}
	first := map[string]*compare.StageRow{}
	if b.cmp != nil {
		main := b.stageWindow()
		for i := range b.cmp.Stages {
			if r := &b.cmp.Stages[i]; r.Window == main && r.FirstSignificant {
				first[r.Incident] = r
			}
		}
	}
	out := make([]incidentSummary, 0, len(order))
	for _, k := range order {
		e := &b.set.Events[prim[k]]
		out = append(out, incidentSummary{incident: k, primary: e, car: b.cars[e.EventID], volume: vol[e.EventID], first: first[k]})
	}
	return out
}

// headlines are one sentence per group: the mean CAR on the compared
// window and its cross-sectional t-test (tests.csv cs_t).
func (b *builder) headlines() []string {
	w := fmt.Sprintf("%d,%d", b.t1, b.t2)
	var out []string
	for _, r := range b.set.Tests {
		if r.Test != "cs_t" || r.Window != w || r.Estimate.IsNA() {
			continue
		}
		p := fmtP(float64(r.P))
		if !strings.HasPrefix(p, "<") {
			p = "= " + p
		} else {
			p = "< " + strings.TrimPrefix(p, "<")
		}
		s := fmt.Sprintf("Group %s: mean CAR(%s) %s over %s events, cross-sectional t-test p %s",
			clean(r.Group), w, fmtPct(float64(r.Estimate)), thousands(r.N), p)
		if r.N < SmallN {
			s += fmt.Sprintf(" (N < %d: asymptotic tests unreliable)", SmallN)
		}
		out = append(out, s+".")
	}
	return out
}
