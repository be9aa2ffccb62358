package charts

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/results"
)

// compareItem is one event of the comparison chart, also the data of its
// tooltip (escaped by the page script).
type compareItem struct {
	ID    string `json:"id"`
	Firm  string `json:"firm"`
	Stage string `json:"stage"`
	Day0  string `json:"day0"`
	CAR   any    `json:"car"`
	Lo    any    `json:"lo"`
	Hi    any    `json:"hi"`
	P     any    `json:"p"`
	DF    int    `json:"df"`
	Class string `json:"class"`
}

func (b *builder) compareSection() (section, error) {
	w := fmt.Sprintf("CAR(%d,%d)", b.t1, b.t2)
	s := section{Heading: "Comparison of events, " + w,
		Intro: "Every event's " + w + " from car.csv, ranked, with the " + b.lv.Label() + " interval car ± t(" + b.lv.Quantile() + ", df)·se of the single-event t-test, coloured by its two-sided p-value; below, the distribution of " + w + " across events."}
	rows, vals := b.compareRows()
	if len(rows) == 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("car.csv has no %s rows; choose a reported window for the comparison.", w))
		return s, nil
	}
	if t, note, ok := b.dollarTable(w); ok {
		s.Tables = append(s.Tables, t)
		if note != "" {
			s.Notes = append(s.Notes, note)
		}
	}
	idx, subtitle, note := rankItems(vals, b.lv)
	kept := make([]*results.CARRow, len(idx))
	for k, i := range idx {
		kept[k] = rows[i]
	}
	ranked := b.compareItems(kept)
	if note != "" {
		s.Notes = append(s.Notes, note)
	}
	c, err := b.rankedChart(w, subtitle, ranked)
	if err != nil {
		return s, err
	}
	s.Charts = append(s.Charts, c)

	h, err := b.histogram(vals, w)
	if err != nil {
		return s, err
	}
	s.Charts = append(s.Charts, h)
	return s, nil
}

// compareRows are car.csv's rows on the compared window with a CAR, in
// file order; vals holds their CARs in percent.
func (b *builder) compareRows() (rows []*results.CARRow, vals []float64) {
	for i := range b.set.CAR {
		r := &b.set.CAR[i]
		if r.T1 != b.t1 || r.T2 != b.t2 || r.CAR.IsNA() {
			continue
		}
		rows = append(rows, r)
		vals = append(vals, pct(r.CAR))
	}
	return rows, vals
}

// compareItems are the bars of rows: each event's CAR with its interval
// at the report's level. Only the ranked chart's bars are made (a bar
// per event was 70 MB of the write phase at 100,000 events, most of it
// cut by rankItems).
func (b *builder) compareItems(rows []*results.CARRow) []compareItem {
	// The events of the bars only (at most MaxCompareBars of 100,000),
	// the last of an id as a map of every event had it.
	evByID := make(map[string]*results.EventRow, len(rows))
	for _, r := range rows {
		evByID[r.EventID] = nil
	}
	for i := range b.set.Events {
		if _, ok := evByID[b.set.Events[i].EventID]; ok {
			evByID[b.set.Events[i].EventID] = &b.set.Events[i]
		}
	}
	none := &results.EventRow{}
	items := make([]compareItem, len(rows))
	for k, r := range rows {
		e := evByID[r.EventID]
		if e == nil {
			e = none
		}
		lo, hi := math.NaN(), math.NaN()
		if !r.SE.IsNA() && r.DF.Valid {
			lo, hi = b.lv.CARInterval(pct(r.CAR), pct(r.SE), r.DF.V)
		}
		items[k] = compareItem{
			ID: clean(r.EventID), Firm: clean(e.Firm), Stage: clean(e.Stage), Day0: clean(e.Day0),
			CAR: val(pct(r.CAR)), Lo: val(lo), Hi: val(hi), P: val(float64(r.P)), DF: r.DF.V,
			Class: SignificanceClass(float64(r.P)),
		}
	}
	return items
}

// rankItems ranks the events by their CAR (vals), most negative first
// (at the top of the chart), and returns their indices. Past
// MaxCompareBars a bar per event stops being readable, and past ~2,700
// events the canvas (24 px a bar) is taller than Chromium draws: it
// stayed blank in the 10,000-event report (TestReportInBrowser). Then
// only the two tails are kept and note says so; the histogram and the
// tables keep every event.
func rankItems(vals []float64, lv Level) (idx []int, subtitle, note string) {
	idx = make([]int, len(vals))
	for i := range idx {
		idx[i] = i
	}
	subtitle = "bars: CAR; whiskers: " + lv.Label() + " interval of the single-event t-test"
	if len(idx) > MaxCompareBars {
		// The two tails of the stable sort by value (vals has no NaN), by
		// bounded heaps rather than a sort of every event.
		half := MaxCompareBars / 2
		below := func(a, b int) bool { return vals[a] < vals[b] || vals[a] == vals[b] && a < b }
		high := smallestK(idx, half, func(a, b int) bool { return below(b, a) })
		slices.Reverse(high)
		idx = append(smallestK(idx, half, below), high...)
		subtitle = fmt.Sprintf("the %d most negative and %d most positive of %d events; ", half, half, len(vals)) + subtitle
		note = fmt.Sprintf("The ranking shows the %d most negative and the %d most positive of %d events; the histogram below, the Events table and car.csv have them all.", half, half, len(vals))
	} else {
		sort.SliceStable(idx, func(i, j int) bool { return vals[idx[i]] < vals[idx[j]] })
	}
	return idx, subtitle, note
}

// rankedChart draws the ranked CARs of window w as horizontal bars
// coloured by significance class, with their intervals as error bars.
func (b *builder) rankedChart(w, subtitle string, ranked []compareItem) (*chartSpec, error) {
	cats := make([]string, len(ranked))
	for k, it := range ranked {
		cats[k] = it.ID
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(globals(w+" by event, ranked", subtitle)...)
	bar.SetXAxis(cats)
	for ci, class := range sigClasses {
		data := make([]opts.BarData, len(ranked))
		for k, it := range ranked {
			data[k] = opts.BarData{Value: "-"}
			if it.Class == class {
				data[k] = opts.BarData{Value: it.CAR}
			}
		}
		bar.AddSeries(class, data, charts.WithItemStyleOpts(opts.ItemStyle{Color: sigColors[ci]}))
	}
	bar.XYReversal()
	errs := make([]opts.CustomData, len(ranked))
	for k, it := range ranked {
		errs[k] = opts.CustomData{Value: []any{k, it.Lo, it.Hi}}
	}
	custom := charts.NewCustom()
	custom.AddSeries(b.lv.Label()+" interval", errs, charts.WithSeriesId("errbar"))
	bar.Overlap(custom)
	c, err := b.spec(bar, 110+24*len(ranked))
	if err != nil {
		return nil, err
	}
	for i := range sigClasses {
		sr := series(c.Option, i)
		sr["barGap"] = "-100%"
		sr["barCategoryGap"] = "35%"
	}
	eb := series(c.Option, len(sigClasses))
	eb["encode"] = map[string]any{"x": []int{1, 2}, "y": 0}
	eb["z"] = 5
	eb["itemStyle"] = map[string]any{"color": "#252525"}
	setAxis(c.Option, "xAxis", map[string]any{"type": "value", "name": w + " (%)", "nameLocation": "middle", "nameGap": 30})
	setAxis(c.Option, "yAxis", map[string]any{"type": "category", "inverse": true, "name": "event", "axisLabel": map[string]any{"show": true, "width": 220, "overflow": "truncate"}})
	c.Option["tooltip"] = map[string]any{"show": true, "trigger": "item"}
	c.Meta = map[string]any{"items": ranked, "window": w, "level": b.lv.Label()}
	c.Hooks = []string{"errorBar", "compareTooltip"}
	return c, nil
}

func (b *builder) histogram(vals []float64, w string) (*chartSpec, error) {
	bins := analysis.Histogram(vals)
	cats := make([]string, len(bins))
	data := make([]opts.BarData, len(bins))
	for i, bn := range bins {
		cats[i] = fmt.Sprintf("%.2f to %.2f", bn.Lo, bn.Hi)
		data[i] = opts.BarData{Value: bn.Count}
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(globals("Distribution of "+w+" across events",
		fmt.Sprintf("%d events, %d equal-width bins (Sturges)", len(vals), len(bins)))...)
	bar.SetXAxis(cats)
	bar.AddSeries("events", data, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#6baed6"}))
	c, err := b.spec(bar, 340)
	if err != nil {
		return nil, err
	}
	series(c.Option, 0)["barCategoryGap"] = "2%"
	setAxis(c.Option, "xAxis", axisName(w+" (%), bin"))
	setAxis(c.Option, "yAxis", map[string]any{"name": "events", "nameLocation": "middle", "nameGap": 30, "minInterval": 1})
	return c, nil
}

func (b *builder) heatmapSection() (section, error) {
	s := section{Heading: "Significance of the group tests",
		Intro: "Two-sided p-values from tests.csv, test × window, per group. Empty cells: the test was not computable (see the manifest's warnings)."}
	groups, byGroup := groupRows(b.set.Tests, func(t results.TestRow) string { return t.Group })
	// The heatmap lists the tests in the registry's (tests.csv's) order;
	// unknown ids follow in order of appearance.
	rank := map[string]int{}
	for i, id := range grouptest.All {
		rank[id] = i
	}
	for _, g := range groups {
		rows := byGroup[g]
		tests, windows, ti, wi := heatmapAxes(rows, rank)
		data := make([]opts.HeatMapData, 0, len(rows))
		ns := make([][]int, len(windows))
		for i := range ns {
			ns[i] = make([]int, len(tests))
		}
		rowN := make([]int, len(rows))
		for i, r := range rows {
			x, y := wi[r.Window], ti[r.Test]
			ns[x][y] = r.N
			rowN[i] = r.N
			if r.P.IsNA() {
				continue
			}
			data = append(data, opts.HeatMapData{Value: []any{x, y, val(float64(r.P))}})
		}
		sub := nSubtitle(rowN, "")
		hm := charts.NewHeatMap()
		hm.SetGlobalOptions(globals("Group "+g+": p-values by test and window", sub)...)
		hm.AddSeries("p-value", data)
		c, err := b.spec(hm, 200+36*len(tests))
		if err != nil {
			return s, err
		}
		styleHeatmap(c.Option, windows, tests)
		c.Meta = map[string]any{"tests": cleanAll(tests), "windows": cleanAll(windows), "n": ns}
		if adj := adjustedCells(rows, wi, ti); adj != nil {
			c.Meta["adj"] = adj // the page offers raw, Holm and BH p (padjust.go)
		}
		c.Hooks = []string{"pLabel"}
		s.Charts = append(s.Charts, c)
	}
	return s, nil
}

// heatmapAxes are a group's tests (in grouptest.All order, unknown ids after them in
// order of appearance) and windows (in order of appearance) with each
// one's index.
func heatmapAxes(rows []results.TestRow, rank map[string]int) (tests, windows []string, ti, wi map[string]int) {
	ti, wi = map[string]int{}, map[string]int{}
	for _, r := range rows {
		if _, ok := wi[r.Window]; !ok {
			wi[r.Window] = len(windows)
			windows = append(windows, r.Window)
		}
		if _, ok := ti[r.Test]; !ok {
			ti[r.Test] = len(tests)
			tests = append(tests, r.Test)
		}
	}
	sort.SliceStable(tests, func(i, j int) bool {
		ri, oki := rank[tests[i]]
		rj, okj := rank[tests[j]]
		switch {
		case oki && okj:
			return ri < rj
		case oki != okj:
			return oki
		}
		return false
	})
	for i, t := range tests {
		ti[t] = i
	}
	return tests, windows, ti, wi
}

// cleanAll is clean of every string of x.
func cleanAll(x []string) []string {
	out := make([]string, len(x))
	for i, v := range x {
		out[i] = clean(v)
	}
	return out
}

// styleHeatmap sets the axes, piecewise colour classes and labels of a
// p-value heat map of windows × tests.
func styleHeatmap(opt map[string]any, windows, tests []string) {
	opt["xAxis"] = []any{map[string]any{"type": "category", "data": cleanAll(windows), "name": "window (t1,t2)", "nameLocation": "middle", "nameGap": 28, "splitArea": map[string]any{"show": true}}}
	opt["yAxis"] = []any{map[string]any{"type": "category", "data": cleanAll(tests), "name": "test", "splitArea": map[string]any{"show": true}}}
	opt["grid"] = []any{map[string]any{"left": 20, "right": 40, "top": 70, "bottom": 90, "containLabel": true}}
	// Piecewise classes with written labels: a continuous visualMap
	// would round its end labels to integers (0 and 1).
	opt["visualMap"] = []any{map[string]any{
		"type": "piecewise", "dimension": 2, "orient": "horizontal", "left": "center", "bottom": 25,
		"pieces": []any{
			map[string]any{"lt": 0.01, "label": "p < 0.01", "color": sigColors[0]},
			map[string]any{"gte": 0.01, "lt": 0.05, "label": "0.01 ≤ p < 0.05", "color": sigColors[1]},
			map[string]any{"gte": 0.05, "lt": 0.10, "label": "0.05 ≤ p < 0.10", "color": sigColors[2]},
			map[string]any{"gte": 0.10, "label": "p ≥ 0.10", "color": sigColors[3]},
		},
	}}
	opt["legend"] = map[string]any{"show": false}
	opt["tooltip"] = map[string]any{"show": true, "trigger": "item"}
	sr := series(opt, 0)
	sr["label"] = map[string]any{"show": true, "fontSize": 11}
	for _, d := range sr["data"].([]any) {
		if item, ok := d.(map[string]any); ok {
			if v, _ := item["value"].([]any); len(v) == 3 {
				if p, ok := v[2].(float64); ok && p < 0.05 {
					item["label"] = map[string]any{"color": "#ffffff"} // contrast on the dark cells
				}
			}
		}
	}
}
