package charts

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// The comparison sections draw the tables of package compare (stages.csv,
// peers.csv, groupdiff.csv, clustering.csv, confounding.csv; column
// meanings in docs/compare.md). Their ids are stable: scripts and tests
// look for them.
const (
	SectionStages      = "compare-stages"
	SectionPeers       = "compare-peers"
	SectionGroupDiff   = "compare-groups"
	SectionDiagnostics = "compare-diagnostics"
)

// htmlTable is a table of a section, written by the page template (so
// every cell is escaped by html/template like the rest of the page).
type htmlTable struct {
	ID      string
	Caption string
	Head    []string
	Rows    []tableRow
	// Summary says which rows a summarized table shows (MaxTableRows),
	// Full where all of them are.
	Summary string
	Full    fullTable
}

type tableRow struct {
	Class string // css class from this package: "first", "sig", "start"
	Cells []tableCell
}

type tableCell struct {
	Text   string
	Num    bool   // right-aligned figure
	NoWrap bool   // a short code or date that must not break
	Badge  string // short flag after the text
	Own    int    // a figure of its own test, not emphasised with its row: 1 plain, 2 bold (its p < 0.05)
}

func txt(s string) tableCell  { return tableCell{Text: clean(s)} }
func code(s string) tableCell { return tableCell{Text: clean(s), NoWrap: true} }
func numc(s string) tableCell { return tableCell{Text: s, Num: true} }

func (b *builder) comparisonSections() []func(*builder) (section, error) {
	if b.cmp == nil {
		return nil
	}
	return []func(*builder) (section, error){(*builder).stageSection, (*builder).peerSection, (*builder).groupDiffSection, (*builder).diagnosticsSection}
}

// stageWindows are the windows of the stage timeline: day 0 alone and the
// window on which the first significant stage is named (default 0,1),
// those of them that stages.csv has; else its first window.
func stageWindows(rows []compare.StageRow, main string) []string {
	var first string
	have00, haveMain := false, false // not a map set for each of 800,000 rows
	for i := range rows {
		w := rows[i].Window
		if first == "" {
			first = w
		}
		have00 = have00 || w == "0,0"
		haveMain = haveMain || w == main
	}
	have := func(w string) bool { return w == "0,0" && have00 || w == main && haveMain }
	var out []string
	for _, w := range []string{"0,0", main} {
		if have(w) && (len(out) == 0 || out[0] != w) {
			out = append(out, w)
		}
	}
	if len(out) == 0 && first != "" {
		out = []string{first}
	}
	return out
}

// mergedStage is one row of the timeline: a merged stage and its rows per
// window. It points into the comparison's stage rows: at 100,000
// incidents, copies of the rows in a map per stage were 240 MB of the
// report's memory.
type mergedStage struct {
	lead *compare.StageRow
	rows []*compare.StageRow // stages.csv order
}

// at is the stage's row for window w (the last one, as stages.csv lists
// a window once per merged stage).
func (m *mergedStage) at(w string) (*compare.StageRow, bool) {
	for i := len(m.rows) - 1; i >= 0; i-- {
		if m.rows[i].Window == w {
			return m.rows[i], true
		}
	}
	return nil, false
}

func (b *builder) mergedStages() (incidents []string, stages map[string][]*mergedStage) {
	// Sized from the number of windows (a merged stage has a row per
	// window): grown one stage and one row at a time, the maps and
	// slices left about 50 MB of garbage in the write phase at 100,000
	// incidents.
	var windows []string
	for i := range b.cmp.Stages {
		if w := b.cmp.Stages[i].Window; !slices.Contains(windows, w) {
			windows = append(windows, w)
		}
	}
	nw := max(len(windows), 1)
	n := len(b.cmp.Stages)/nw + 1 // merged stages, when each has every window
	stages = make(map[string][]*mergedStage, n)
	incidents = make([]string, 0, n)
	type stageKey struct{ incident, firm, day0 string }
	idx := make(map[stageKey]*mergedStage, n)
	slab := make([]mergedStage, 0, n)          // a new one when full: no pointer into it moves
	rows := make([]*compare.StageRow, 0, n*nw) // each stage's rows, nw of room apiece
	var last stageKey
	var lastM *mergedStage
	for i := range b.cmp.Stages {
		r := &b.cmp.Stages[i]
		k := stageKey{r.Incident, r.Firm, r.Day0} // not a joined string: one allocation per row
		// A one-stage incident's rows (most) follow one another: the map
		// is asked only when the key changes.
		m := lastM
		if m == nil || k != last {
			m = idx[k]
		}
		if m == nil {
			if _, ok := stages[r.Incident]; !ok {
				incidents = append(incidents, r.Incident)
			}
			if len(slab) == cap(slab) {
				slab = make([]mergedStage, 0, 1024)
			}
			slab = append(slab, mergedStage{lead: r})
			m = &slab[len(slab)-1]
			if len(rows)+nw <= cap(rows) {
				m.rows, rows = rows[len(rows):len(rows):len(rows)+nw], rows[:len(rows)+nw]
			}
			idx[k] = m
			stages[r.Incident] = append(stages[r.Incident], m)
		}
		last, lastM = k, m
		m.rows = append(m.rows, r)
	}
	for _, ms := range stages {
		slices.SortStableFunc(ms, func(a, b *mergedStage) int { return strings.Compare(a.lead.Day0, b.lead.Day0) }) // no closure to allocate per incident
	}
	return incidents, stages
}

// stageWindow is the window on which the first significant stage is named.
func (b *builder) stageWindow() string {
	if b.cmp.StageWindow == "" {
		return compare.DefaultStageWindow
	}
	return b.cmp.StageWindow
}

func (b *builder) stageSection() (section, error) {
	main := b.stageWindow()
	s := section{ID: SectionStages, Heading: "Stage timeline per incident",
		Intro: "stages.csv. Stages of one firm that anchor to the same trading day are merged (they share day 0, estimate and numbers); rule: how the disclosure date was anchored. " +
			"CAR in percent with the two-sided p of the single-event t test (docs/methodology.md 6.1) and of the sample-quantile (SQ) test. " +
			"Highlighted: the first stage of each incident with p < 0.05 on CAR(" + main + ")."}
	ws := stageWindows(b.cmp.Stages, main)
	if len(ws) == 0 {
		s.Notes = append(s.Notes, "stages.csv has no rows: no event was anchored.")
		return s, nil
	}
	incidents, stages := b.mergedStages()
	shown, summary := pickStages(main, incidents, stages)
	st := stageTable(ws, main, shown, stages)
	if summary != "" {
		st.Summary, st.Full = summary, fullTableFor(b.set.Manifest.Config, "stages")
	}
	s.Tables = append(s.Tables, st)

	// A chart for every incident with more than one (merged) stage.
	for _, inc := range incidents {
		ms := stages[inc]
		if len(ms) < 2 {
			continue
		}
		if len(s.Charts) == MaxIncidentCharts {
			s.Notes = append(s.Notes, fmt.Sprintf("Only the first %d multi-stage incidents are drawn.", MaxIncidentCharts))
			break
		}
		c, err := b.stageChart(inc, ms, ws)
		if err != nil {
			return s, err
		}
		s.Charts = append(s.Charts, c)
	}
	return s, nil
}

// stageTable is the timeline: a row per merged stage, in order of day 0
// within each incident, with CAR, p and SQ p per window in ws.
func stageTable(ws []string, main string, incidents []string, stages map[string][]*mergedStage) htmlTable {
	t := htmlTable{ID: "stages", Head: []string{"incident", "firm", "stages", "date given", "day 0", "rule"}}
	for _, w := range ws {
		t.Head = append(t.Head, "CAR("+w+")", "p", "SQ p")
	}
	t.Head = append(t.Head, "first significant")
	nRows := 0
	for _, inc := range incidents {
		nRows += len(stages[inc])
	}
	t.Rows = make([]tableRow, 0, nRows)
	for _, inc := range incidents {
		for i := range stages[inc] {
			t.Rows = append(t.Rows, stageRow(stages[inc], i, ws, main, len(t.Head)))
		}
	}
	return t
}

// stageRow is row i of an incident's stages ms; the incident and a firm
// repeated from the row above are left blank.
func stageRow(ms []*mergedStage, i int, ws []string, main string, nCells int) tableRow {
	m := ms[i]
	r := m.lead
	row := tableRow{Cells: make([]tableCell, 0, nCells)}
	incCell, firmCell := txt(""), code("")
	if i == 0 {
		row.Class = "start"
		incCell = txt(r.Incident)
	}
	if i == 0 || r.Firm != ms[i-1].lead.Firm {
		firmCell = code(r.Firm)
	}
	st := txt(r.Stages)
	if n := strings.Count(r.EventIDs, ";") + 1; n > 1 {
		st.Badge = fmt.Sprintf("%d merged", n)
	}
	row.Cells = append(row.Cells, incCell, firmCell, st, code(r.DateGiven), code(r.Day0), code(r.AnchorRule))
	var first []string
	for _, w := range ws {
		x, ok := m.at(w)
		if !ok {
			row.Cells = append(row.Cells, numc(""), numc(""), numc(""))
			continue
		}
		row.Cells = append(row.Cells, numc(fmtPct(float64(x.CAR))), numc(fmtP(float64(x.P))), numc(fmtP(float64(x.SQP))))
		if x.FirstSignificant {
			first = append(first, "("+w+")")
			if w == main {
				row.Class = strings.TrimSpace(row.Class + " first")
			}
		}
	}
	row.Cells = append(row.Cells, txt(strings.Join(first, " ")))
	return row
}

// stageChart draws the CAR of each stage of incident inc, a bar per window.
func (b *builder) stageChart(inc string, ms []*mergedStage, ws []string) (*chartSpec, error) {
	var firms []string
	for _, m := range ms {
		if !slices.Contains(firms, clean(m.lead.Firm)) {
			firms = append(firms, clean(m.lead.Firm))
		}
	}
	var rows []pairRow
	for _, m := range ms {
		pr := pairRow{Label: truncate(clean(m.lead.Stages), 48) + " · " + clean(m.lead.Day0)}
		if len(firms) > 1 {
			pr.Label = clean(m.lead.Firm) + ": " + pr.Label
		}
		lead, _, _ := strings.Cut(m.lead.EventIDs, ";")
		for _, w := range ws {
			x, ok := m.at(w)
			if !ok {
				pr.Bars = append(pr.Bars, pairBar{CAR: "-", Lo: "-", Hi: "-", P: "-"})
				continue
			}
			pr.Bars = append(pr.Bars, b.carBar(lead, w, x.CAR, x.T, x.DF, x.P))
		}
		rows = append(rows, pr)
	}
	names := make([]string, len(ws))
	for i, w := range ws {
		names[i] = "CAR(" + w + ")"
	}
	return b.pairChart(fmt.Sprintf("%s: CAR by disclosure stage", clean(inc)),
		strings.Join(firms, ", ")+" · stages in order of day 0 · whiskers: "+b.lv.Label()+" interval of the single-event t test",
		names, []string{"#9ecae1", "#08519c"}, rows)
}

// carBar is one bar of a stage or firm: the CAR and its interval at the report's level.
// The interval takes se from car.csv when the event's row is there, and
// otherwise se = |CAR/t| (t = CAR/se by definition, docs/methodology.md 6.1).
func (b *builder) carBar(eventID, window string, car, t results.Num, df results.Int, p results.Num) pairBar {
	lo, hi := math.NaN(), math.NaN()
	if r := lastInWindow(b.carByEvent()[eventID], window); r != nil && !r.SE.IsNA() && r.DF.Valid {
		lo, hi = b.lv.CARInterval(pct(r.CAR), pct(r.SE), r.DF.V)
	} else if df.Valid {
		lo, hi = b.lv.IntervalFromT(pct(car), float64(t), df.V)
	}
	d := 0
	if df.Valid {
		d = df.V
	}
	return pairBar{CAR: val(pct(car)), Lo: val(lo), Hi: val(hi), P: val(float64(p)), DF: d}
}

// lastInWindow is the last of an event's car.csv rows on window w, nil
// when it has none.
func lastInWindow(rows []results.CARRow, w string) *results.CARRow {
	for i := len(rows) - 1; i >= 0; i-- {
		if rows[i].Window == w {
			return &rows[i]
		}
	}
	return nil
}

// IntervalFromT is the interval at level l, car ± t_{df}·se, of a CAR whose
// standard error is only known through its t statistic, se = |car/t|
// (peers.csv carries the peer portfolio's t, not its se). It is NaN when
// t is zero or not finite.
func (l Level) IntervalFromT(car, t float64, df int) (lo, hi float64) {
	if t == 0 || math.IsNaN(t) || math.IsInf(t, 0) || math.IsNaN(car) {
		return math.NaN(), math.NaN()
	}
	return l.CARInterval(car, math.Abs(car/t), df)
}

// pairRow is one category of a paired bar chart (a stage, or a window of
// a firm and its peers); pairBar one of its bars. They are also the data of
// the tooltip, escaped by the page script.
type pairRow struct {
	Label  string    `json:"label"`
	Effect string    `json:"effect,omitempty"`
	Bars   []pairBar `json:"bars"`
}

type pairBar struct {
	CAR any `json:"car"`
	Lo  any `json:"lo"`
	Hi  any `json:"hi"`
	P   any `json:"p"`
	DF  int `json:"df"`
}

// Bar layout of the paired charts. echarts places n bars in a category
// band of width B with a gap of barCategoryGap·B around them and barGap
// (of a bar's width w) between them: w = B(1−c)/(n+(n−1)g). For n = 2
// the bar centres are ±w(1+g)/2 = ±B(1−c)(1+g)/(2(2+g)) from the band
// centre, where the error bar of each must be drawn.
const (
	pairCategoryGap = 0.3
	pairBarGap      = 0.1
)

func pairOffset(i, n int) float64 {
	if n < 2 {
		return 0
	}
	w := (1 - pairCategoryGap) / (float64(n) + float64(n-1)*pairBarGap)
	total := w * (float64(n) + float64(n-1)*pairBarGap)
	return -total/2 + float64(i)*w*(1+pairBarGap) + w/2
}

// pairChart draws horizontal grouped bars, one group per row and one bar
// per name, with whiskers at the report's level (the error-bar series of the ranked chart,
// shifted onto each bar).
func (b *builder) pairChart(title, subtitle string, names, colors []string, rows []pairRow) (*chartSpec, error) {
	cats := make([]string, len(rows))
	for k, r := range rows {
		cats[k] = r.Label
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(globals(title, subtitle)...)
	bar.SetXAxis(cats)
	var errs []opts.CustomData
	for i, name := range names {
		data := make([]opts.BarData, len(rows))
		for k, r := range rows {
			data[k] = opts.BarData{Value: "-"}
			if i < len(r.Bars) {
				data[k] = opts.BarData{Value: r.Bars[i].CAR}
				errs = append(errs, opts.CustomData{Value: []any{k, r.Bars[i].Lo, r.Bars[i].Hi, pairOffset(i, len(names)), i}})
			}
		}
		bar.AddSeries(clean(name), data, charts.WithItemStyleOpts(opts.ItemStyle{Color: colors[i%len(colors)]}))
	}
	bar.XYReversal()
	custom := charts.NewCustom()
	custom.AddSeries(b.lv.Label()+" interval", errs, charts.WithSeriesId("errbar"))
	bar.Overlap(custom)
	c, err := b.spec(bar, 120+22*len(names)*len(rows)+12*len(rows))
	if err != nil {
		return nil, err
	}
	for i := range names {
		sr := series(c.Option, i)
		sr["barGap"] = fmt.Sprintf("%g%%", 100*pairBarGap)
		sr["barCategoryGap"] = fmt.Sprintf("%g%%", 100*pairCategoryGap)
	}
	eb := series(c.Option, len(names))
	eb["encode"] = map[string]any{"x": []int{1, 2}, "y": 0}
	eb["z"] = 5
	eb["itemStyle"] = map[string]any{"color": "#252525"}
	setAxis(c.Option, "xAxis", map[string]any{"type": "value", "name": "CAR (%)", "nameLocation": "middle", "nameGap": 30})
	setAxis(c.Option, "yAxis", map[string]any{"type": "category", "inverse": true, "axisLabel": map[string]any{"show": true, "width": 260, "overflow": "truncate"}})
	c.Option["tooltip"] = map[string]any{"show": true, "trigger": "item"}
	cn := make([]string, len(names))
	for i, n := range names {
		cn[i] = clean(n)
	}
	c.Meta = map[string]any{"rows": rows, "names": cn, "level": b.lv.Label()}
	c.Hooks = []string{"errorBar", "pairTooltip"}
	return c, nil
}

// peerGroup is one firm × day 0 × peer set: the stages of an incident
// merged on one day share the firm's and the portfolio's numbers.
type peerGroup struct {
	ids   []string
	rows  map[string]compare.PeerRow // by window
	order []string                   // windows in file order
}

func (b *builder) peerGroups() []*peerGroup {
	day0 := map[string]string{}
	stage := map[string]string{}
	for _, e := range b.set.Events {
		day0[e.EventID] = e.Day0
		stage[e.EventID] = e.Stage
	}
	var out []*peerGroup
	idx := map[string]*peerGroup{}
	for _, r := range b.cmp.Peers {
		k := r.Firm + "\x00" + r.Peers + "\x00" + r.EventID
		if d := day0[r.EventID]; d != "" {
			k = r.Firm + "\x00" + r.Peers + "\x00" + d
		}
		g := idx[k]
		if g == nil {
			g = &peerGroup{rows: map[string]compare.PeerRow{}}
			idx[k] = g
			out = append(out, g)
		}
		if !slices.Contains(g.ids, r.EventID) {
			g.ids = append(g.ids, r.EventID)
		}
		if _, ok := g.rows[r.Window]; !ok {
			g.order = append(g.order, r.Window)
			g.rows[r.Window] = r // the first event's row: the others are equal
		}
	}
	return out
}

func (b *builder) peerSection() (section, error) {
	main := b.stageWindow()
	s := section{ID: SectionPeers, Heading: "Firms next to their peers",
		Intro: "peers.csv. Each firm's CAR next to the CAR of an equally weighted portfolio of its peers (rivals), estimated like the firm (same day 0, model and windows); whiskers: " + b.lv.Label() + " intervals of the single-event t test " +
			"(the portfolio's se is |CAR/t|). Effect: contagion when the peer CAR is significant at 5% with the firm's sign, competitive when significant with the opposite sign. " +
			"Events of one firm on one day 0 share one chart."}
	if len(b.cmp.Peers) == 0 {
		return section{}, nil // no event has peers: no section
	}
	day0 := map[string]string{}
	for _, e := range b.set.Events {
		day0[e.EventID] = e.Day0
	}
	groups := b.peerGroups()
	t := htmlTable{ID: "peers", Head: []string{"events", "firm", "peers", "day 0", "firm CAR(" + main + ")", "p", "peer CAR(" + main + ")", "p", "effect (" + main + ")", "effect in other windows", "note"}}
	for _, g := range groups {
		t.Rows = append(t.Rows, peerRow(g, main, day0))
	}
	headRows(&t, fullTableFor(b.set.Manifest.Config, "peers"), "firms with peers")
	s.Tables = append(s.Tables, t)

	for _, g := range groups {
		if len(s.Charts) == MaxEventCharts {
			s.Notes = append(s.Notes, fmt.Sprintf("Only the first %d firms with peers are drawn; peers.csv has all of them.", MaxEventCharts))
			break
		}
		c, err := b.peerChart(g, day0)
		if err != nil {
			return s, err
		}
		s.Charts = append(s.Charts, c)
	}
	return s, nil
}

// peerRow is a firm × day 0 × peer set's row of the peers table: its
// numbers on the main window, the effects found on the others.
func peerRow(g *peerGroup, main string, day0 map[string]string) tableRow {
	first := g.rows[g.order[0]]
	r, ok := g.rows[main]
	if !ok {
		r = first
	}
	var other []string
	for _, w := range g.order {
		if x := g.rows[w]; w != main && x.Effect != "" {
			other = append(other, clean(x.Effect)+" ("+clean(w)+")")
		}
	}
	eff := code(r.Effect)
	if r.Effect == "" {
		eff = code("none")
	}
	if !ok {
		eff = code("")
	}
	row := tableRow{Cells: []tableCell{txt(strings.Join(g.ids, ", ")), code(first.Firm), code(first.Peers), code(day0[first.EventID]),
		numc(fmtPct(float64(r.FirmCAR))), numc(fmtP(float64(r.FirmP))), numc(fmtPct(float64(r.PeerCAR))), numc(fmtP(float64(r.PeerP))),
		eff, txt(strings.Join(other, ", ")), txt(first.PeerNote)}}
	if ok && r.Effect != "" {
		row.Class = "first"
	}
	return row
}

// peerChart draws the firm's and the peer portfolio's CAR per window.
func (b *builder) peerChart(g *peerGroup, day0 map[string]string) (*chartSpec, error) {
	first := g.rows[g.order[0]]
	var rows []pairRow
	for _, w := range g.order {
		r := g.rows[w]
		eff := r.Effect
		if eff == "" {
			eff = "none"
		}
		// peers.csv has no firm df: the firm's interval comes from
		// car.csv; the peer df (same estimation window) is the fallback.
		label := "CAR(" + clean(w) + ")"
		if r.Effect != "" {
			label += " · " + clean(r.Effect)
		}
		rows = append(rows, pairRow{Label: label, Effect: clean(eff), Bars: []pairBar{
			b.carBar(first.EventID, w, r.FirmCAR, r.FirmT, r.PeerDF, r.FirmP),
			b.peerBar(r),
		}})
	}
	d := day0[first.EventID]
	title := fmt.Sprintf("%s vs peers %s, day 0 %s", first.Firm, strings.ReplaceAll(first.Peers, ";", ", "), d)
	return b.pairChart(title, truncate(strings.Join(g.ids, ", "), 90)+" · "+peerEffects(g),
		[]string{clean(first.Firm), "peer portfolio (" + strconv.Itoa(first.NPeers) + ")"}, []string{"#08519c", "#fd8d3c"}, rows)
}

// peerEffects counts the windows with each effect, for a chart subtitle.
func peerEffects(g *peerGroup) string {
	effects := map[string]int{}
	for _, w := range g.order {
		if e := g.rows[w].Effect; e != "" {
			effects[e]++
		}
	}
	if len(effects) == 0 {
		return "effect: none in any window"
	}
	var parts []string
	for _, e := range []string{"contagion", "competitive"} {
		if n := effects[e]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s in %d of %d windows", e, n, len(g.order)))
		}
	}
	return "effect: " + strings.Join(parts, ", ")
}

func (b *builder) peerBar(r compare.PeerRow) pairBar {
	lo, hi := math.NaN(), math.NaN()
	d := 0
	if r.PeerDF.Valid {
		d = r.PeerDF.V
		lo, hi = b.lv.IntervalFromT(pct(r.PeerCAR), float64(r.PeerT), d)
	}
	return pairBar{CAR: val(pct(r.PeerCAR)), Lo: val(lo), Hi: val(hi), P: val(float64(r.PeerP)), DF: d}
}

func (b *builder) groupDiffSection() (section, error) {
	if len(b.cmp.GroupDiff) == 0 {
		return section{}, nil
	}
	s := section{ID: SectionGroupDiff, Heading: "Differences between groups",
		Intro: "groupdiff.csv: the CARs of two groups' event sets (primary events with a complete window) compared by Welch's t (estimate: mean CAR(A) − mean CAR(B), in percent; Welch–Satterthwaite df) " +
			"and the Mann–Whitney U test (estimate: P(CAR_A > CAR_B), ties ½; Z tie-corrected; exact p over the midranks when n_A + n_B ≤ 50). p: two-sided; p (A below B), p (A above B): one-sided. Bold: p < 0.05."}
	t := htmlTable{ID: "groupdiff", Head: []string{"group A", "group B", "window", "test", "n A", "n B", "estimate", "statistic", "dist", "df", "p", "p (A below B)", "p (A above B)"}}
	for _, r := range b.cmp.GroupDiff {
		est := fmtPct(float64(r.Estimate))
		if r.Test == compare.TestMannWhitney {
			est = fmtG(float64(r.Estimate))
		}
		df := ""
		if !r.DF.IsNA() {
			df = strconv.FormatFloat(float64(r.DF), 'f', 2, 64)
		}
		row := tableRow{Cells: []tableCell{txt(r.GroupA), txt(r.GroupB), code(r.Window), code(r.Test), numc(strconv.Itoa(r.NA)), numc(strconv.Itoa(r.NB)),
			numc(est), numc(fmtG(float64(r.Statistic))), txt(r.Dist), numc(df), numc(fmtP(float64(r.P))), numc(fmtP(float64(r.PLower))), numc(fmtP(float64(r.PUpper)))}}
		if !r.P.IsNA() && float64(r.P) < compare.Alpha {
			row.Class = "sig"
		}
		t.Rows = append(t.Rows, row)
	}
	headRows(&t, fullTableFor(b.set.Manifest.Config, "groupdiff"), "group comparisons")
	s.Tables = append(s.Tables, t)
	return s, nil
}

func (b *builder) diagnosticsSection() (section, error) {
	if len(b.cmp.Clustering) == 0 && len(b.cmp.Confounding) == 0 {
		return section{}, nil
	}
	s := section{ID: SectionDiagnostics, Heading: "Calendar clustering and confounding events",
		Intro: fmt.Sprintf("clustering.csv: pairs of a group's primary events whose CAR windows share a trading day. "+
			"When more than %.0f%% of the pairs overlap, the abnormal returns are cross-correlated and bmp, patell and cs_t over-reject: "+
			"prefer kp_bmp, kp_patell or grank_t / grank_z (Kolari & Pynnönen 2010). "+
			"confounding.csv: other events of the same firm inside an event's estimation window (they inflate σ and bias α, β; --mask-confounding masks them) or event window (the reactions mix).",
			100*compare.KPShareThreshold)}
	if len(b.cmp.Clustering) > 0 {
		s.Tables = append(s.Tables, b.clusteringTable(&s))
	}
	if len(b.cmp.Confounding) > 0 {
		// One row per event and place, the other events listed with their
		// lag: the long table has one row per pair.
		type key struct{ id, where string }
		var order []key
		byKey := map[key][]compare.ConfoundRow{}
		for _, r := range b.cmp.Confounding {
			k := key{r.EventID, r.Where}
			if _, ok := byKey[k]; !ok {
				order = append(order, k)
			}
			byKey[k] = append(byKey[k], r)
		}
		t := htmlTable{ID: "confounding", Caption: "Other events of the same firm (highlighted: inside the estimation window and not masked).",
			Head: []string{"event", "firm", "where", "other events (lag in trading days; shared days)", "masked"}}
		for _, k := range order {
			rs := byKey[k]
			var others []string
			masked := false
			for _, r := range rs {
				others = append(others, fmt.Sprintf("%s (%+d; %d)", clean(r.OtherID), r.Lag, r.Days))
				masked = masked || r.Masked
			}
			where := strings.ReplaceAll(k.where, "_", " ")
			row := tableRow{Cells: []tableCell{txt(k.id), code(rs[0].Firm), code(where), txt(strings.Join(others, ", ")), code(yesNo(masked))}}
			if k.where == compare.InEstimation && !masked {
				row.Class = "first"
			}
			t.Rows = append(t.Rows, row)
		}
		headRows(&t, fullTableFor(b.set.Manifest.Config, "confounding"), "events and places with other events of the same firm")
		s.Tables = append(s.Tables, t)
	}
	return s, nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// clusteringTable summarises clustering.csv per group (the file has one
// row per group and window): the range of overlapping pairs over the
// windows, the window with the largest share, and the recommendation,
// which the section also states as a note for every group that needs it.
func (b *builder) clusteringTable(s *section) htmlTable {
	t := htmlTable{ID: "clustering", Head: []string{"group", "N", "windows", "overlapping pairs", "largest share (window)", "largest cluster", "recommendation"}}
	type summary struct {
		n, windows, lo, hi, pairs, cluster int
		worst                              compare.ClusterRow
		kp                                 []string
	}
	var order []string
	by := map[string]*summary{}
	for _, r := range b.cmp.Clustering {
		g := by[r.Group]
		if g == nil {
			g = &summary{lo: r.OverlapPairs, hi: r.OverlapPairs, worst: r}
			by[r.Group] = g
			order = append(order, r.Group)
		}
		g.windows++
		g.n, g.pairs = max(g.n, r.N), max(g.pairs, r.Pairs)
		g.lo, g.hi = min(g.lo, r.OverlapPairs), max(g.hi, r.OverlapPairs)
		g.cluster = max(g.cluster, r.LargestCluster)
		if r.OverlapShare > g.worst.OverlapShare {
			g.worst = r
		}
		if r.PreferKP {
			g.kp = append(g.kp, clean(r.Window))
		}
	}
	for _, name := range order {
		g := by[name]
		pairs := fmt.Sprintf("%d/%d", g.lo, g.pairs)
		if g.lo != g.hi {
			pairs = fmt.Sprintf("%d–%d/%d", g.lo, g.hi, g.pairs)
		}
		rec := "unadjusted tests fine"
		row := tableRow{}
		if len(g.kp) > 0 {
			rec = "prefer kp_bmp, kp_patell, grank"
			if len(g.kp) < g.windows {
				rec += " (windows " + strings.Join(g.kp, " ") + ")"
			}
			row.Class = "first"
			s.Notes = append(s.Notes, fmt.Sprintf("Group %s: up to %.0f%% of event pairs overlap in calendar time (window %s, largest cluster %d events): prefer kp_bmp, kp_patell or grank_t / grank_z to bmp, patell and cs_t.",
				clean(name), 100*g.worst.OverlapShare, clean(g.worst.Window), g.cluster))
		}
		row.Cells = []tableCell{txt(name), numc(strconv.Itoa(g.n)), numc(strconv.Itoa(g.windows)), numc(pairs),
			numc(fmt.Sprintf("%.3f (%s)", g.worst.OverlapShare, clean(g.worst.Window))), numc(strconv.Itoa(g.cluster)), txt(rec)}
		t.Rows = append(t.Rows, row)
	}
	if len(s.Notes) == 0 {
		t.Caption = fmt.Sprintf("No group has more than %.0f%% overlapping pairs in any window: the unadjusted tests need no clustering adjustment. Every window: clustering.csv.", 100*compare.KPShareThreshold)
	} else {
		t.Caption = "Per group over its CAR windows; every window: clustering.csv."
	}
	return t
}
