package charts

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

type builder struct {
	set     *results.Set
	t1, t2  int
	cars    map[string]*results.CARRow // car.csv's rows on the compared window (carsInWindow)
	n       int                        // charts so far, for ids
	cmp     *compare.Tables
	carRows map[string][]results.CARRow // car.csv rows by event id (carByEvent)
	ars     map[string][]results.ARRow  // ar.csv rows by event id (arByEvent)
	lv      Level                       // coverage of bands and intervals
}

// arByEvent returns ar.csv's rows by event id, in file order. An event's
// rows are one run of set.AR, so each entry is a slice of it, not a copy
// (10,000 events have 210,000 rows).
func (b *builder) arByEvent() map[string][]results.ARRow {
	if b.ars == nil {
		b.ars = byEvent(b.set.AR, len(b.set.Events), func(r *results.ARRow) string { return r.EventID })
	}
	return b.ars
}

// carByEvent returns car.csv's rows by event id, in file order, as
// arByEvent does ar.csv's: a map of every row by event and window was
// 800,000 entries at 100,000 events, for the few bars that look one up.
func (b *builder) carByEvent() map[string][]results.CARRow {
	if b.carRows == nil {
		b.carRows = byEvent(b.set.CAR, len(b.set.Events), func(r *results.CARRow) string { return r.EventID })
	}
	return b.carRows
}

// byEvent groups rows by their event id (id), in file order: each run of
// one id is a slice of rows, and an id in more than one run gets a copy
// of its runs, joined. The map is made for events ids (the events
// table's length): grown from empty it left as much again as garbage.
func byEvent[T any](rows []T, events int, id func(*T) string) map[string][]T {
	out := make(map[string][]T, events)
	for i := 0; i < len(rows); {
		k := id(&rows[i])
		j := i + 1
		for j < len(rows) && id(&rows[j]) == k {
			j++
		}
		if prev, seen := out[k]; seen {
			out[k] = append(prev[:len(prev):len(prev)], rows[i:j]...) // not contiguous: copy
		} else {
			out[k] = rows[i:j:j]
		}
		i = j
	}
	return out
}

// arOn returns the ar.csv row of relative day rel among rows.
func arOn(rows []results.ARRow, rel int) (results.ARRow, bool) {
	if len(rows) > 0 {
		if k := rel - rows[0].RelDay; k >= 0 && k < len(rows) && rows[k].RelDay == rel {
			return rows[k], true
		}
	}
	for _, r := range rows {
		if r.RelDay == rel {
			return r, true
		}
	}
	return results.ARRow{}, false
}

// optionChart is what every go-echarts chart offers.
type optionChart interface {
	Validate()
	JSON() map[string]interface{}
}

// spec turns a go-echarts chart into a chartSpec: Validate, then the
// option through encoding/json into plain maps, so the few settings
// go-echarts has no field for (stackStrategy, encode, visualMap pieces
// with labels) can be added.
func (b *builder) spec(c optionChart, height int) (*chartSpec, error) {
	c.Validate()
	js, err := json.Marshal(c.JSON())
	if err != nil {
		return nil, fmt.Errorf("charts: encoding a chart: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		return nil, fmt.Errorf("charts: decoding a chart: %w", err)
	}
	b.n++
	// go-echarts' FillDefaultValues is not called, drop empty slots it leaves.
	for _, k := range []string{"toolbox", "datazoom", "visualmap"} {
		delete(m, k)
	}
	m["animation"] = false // the page is read, not watched; also makes screenshots deterministic
	return &chartSpec{ID: "chart-" + strconv.Itoa(b.n), Height: height, Option: m}, nil
}

// series returns the i-th series map of an option.
func series(m map[string]any, i int) map[string]any {
	s, _ := m["series"].([]any)
	if i < 0 || i >= len(s) {
		return map[string]any{}
	}
	x, _ := s[i].(map[string]any)
	return x
}

func globals(title, subtitle string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: clean(title), Subtitle: clean(subtitle), Left: "center"}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "55", Right: "40", Top: "70", Bottom: "50", ContainLabel: opts.Bool(true)}),
	}
}

// bandSeries appends the two stacked line series of a band: the lower
// bound (invisible) and the width on top of it with an area style. Both
// carry the same name so one legend entry toggles the band.
// "stackStrategy": "all" makes echarts (>= 5.3.3) stack bands that cross
// zero; go-echarts has no field for it, so it is set on the map.
func addBand(m map[string]any, name string, lo, hi []float64) {
	lower := make([]any, len(lo))
	width := make([]any, len(lo))
	for i := range lo {
		lower[i] = val(lo[i])
		width[i] = val(hi[i] - lo[i])
	}
	common := func(id string, data []any) map[string]any {
		return map[string]any{
			"type": "line", "name": name, "id": id, "data": data,
			"stack": "band", "stackStrategy": "all",
			"symbol": "none", "showSymbol": false, "silent": true,
			"lineStyle": map[string]any{"opacity": 0},
			"z":         1,
		}
	}
	l := common("band-lo", lower)
	h := common("band-hi", width)
	h["areaStyle"] = map[string]any{"color": "#9ecae1", "opacity": 0.45}
	l["itemStyle"] = map[string]any{"color": "#9ecae1"} // the legend icon
	h["itemStyle"] = map[string]any{"color": "#9ecae1"}
	s, _ := m["series"].([]any)
	m["series"] = append(s, l, h)
}

func axisName(name string) map[string]any {
	return map[string]any{"name": name, "nameLocation": "middle", "nameGap": 32}
}

func setAxis(m map[string]any, key string, extra map[string]any) {
	ax, _ := m[key].([]any)
	if len(ax) == 0 {
		ax = []any{map[string]any{}}
	}
	a, _ := ax[0].(map[string]any)
	if a == nil {
		a = map[string]any{}
	}
	for k, v := range extra {
		a[k] = v
	}
	ax[0] = a
	m[key] = ax
}

// ---------------------------------------------------------------- prices

func incidentKey(e results.EventRow) string {
	if e.Incident != "" {
		return e.Incident
	}
	return e.EventID
}

func (b *builder) marketName() string {
	for _, k := range []string{"market", "Market"} {
		if s, ok := b.set.Manifest.Config[k].(string); ok && s != "" {
			return "market (" + clean(s) + ")"
		}
	}
	return "market"
}

func (b *builder) priceSection() (section, error) {
	s := section{Heading: "Prices around the disclosures",
		Intro: "Firm and market, each rebased to 100 on the day before the event window of the incident's first event. Vertical lines mark the day 0 of every disclosure stage. Under each price, when the prices carry volume: the shares traded each day around the incident's first event (bars, prices.csv volume) and its abnormal log volume (line, right axis, ar.csv av)."}
	prices := map[string][]results.PriceRow{}
	for _, r := range b.set.Prices {
		prices[r.EventID] = append(prices[r.EventID], r)
	}
	// Only an incident with an event with price rows is drawn (prices.csv
	// has the charted events' rows): the others are not gathered (at
	// 100,000 events, a copy of every event row in a map).
	priced := map[string]bool{}
	for _, e := range b.set.Events {
		if len(prices[e.EventID]) > 0 && e.Day0 != "" {
			priced[incidentKey(e)] = true
		}
	}
	var order []string
	byInc := map[string][]results.EventRow{}
	for _, e := range b.set.Events {
		k := incidentKey(e)
		if !priced[k] {
			continue
		}
		if _, ok := byInc[k]; !ok {
			order = append(order, k)
		}
		byInc[k] = append(byInc[k], e)
	}
	drawn := 0
	for _, k := range order {
		evs := byInc[k]
		// the first event: earliest day 0 with price rows
		first := -1
		for i, e := range evs {
			if len(prices[e.EventID]) == 0 || e.Day0 == "" {
				continue
			}
			if first < 0 || e.Day0 < evs[first].Day0 {
				first = i
			}
		}
		if first < 0 {
			continue
		}
		if drawn == MaxIncidentCharts {
			s.Notes = append(s.Notes, fmt.Sprintf("Only the first %d incidents are drawn.", MaxIncidentCharts))
			break
		}
		c, err := b.priceChart(k, evs, evs[first], prices[evs[first].EventID])
		if err != nil {
			return s, err
		}
		s.Charts = append(s.Charts, c)
		drawn++
		v, ok, err := b.volumeChart(k, evs[first], prices[evs[first].EventID])
		if err != nil {
			return s, err
		}
		if ok {
			s.Charts = append(s.Charts, v)
		}
	}
	return s, nil
}

func (b *builder) priceChart(incident string, evs []results.EventRow, first results.EventRow, rows []results.PriceRow) (*chartSpec, error) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].RelDay < rows[j].RelDay })
	firm := make([]opts.LineData, 0, len(rows))
	mkt := make([]opts.LineData, 0, len(rows))
	for _, r := range rows {
		firm = append(firm, opts.LineData{Value: []any{clean(r.Date), val(float64(r.Firm))}})
		mkt = append(mkt, opts.LineData{Value: []any{clean(r.Date), val(float64(r.Market))}})
	}
	// One marker per day 0; stages sharing a day share the marker.
	stages := map[string][]string{}
	var days []string
	for _, e := range evs {
		if e.Day0 == "" {
			continue
		}
		if _, ok := stages[e.Day0]; !ok {
			days = append(days, e.Day0)
		}
		name := e.Stage
		if name == "" {
			name = e.EventID
		}
		stages[e.Day0] = append(stages[e.Day0], clean(name))
	}
	sort.Strings(days)
	marks := make([]opts.MarkLineNameXAxisItem, 0, len(days))
	for _, d := range days {
		marks = append(marks, opts.MarkLineNameXAxisItem{Name: truncate(strings.Join(stages[d], " / "), 40), XAxis: clean(d)})
	}
	line := charts.NewLine()
	firmName := clean(first.Firm)
	if firmName == "" {
		firmName = "firm"
	}
	line.SetGlobalOptions(globals(
		fmt.Sprintf("%s: %s price around the disclosure", incident, firmName),
		fmt.Sprintf("rebased to 100 before the window of %s (day 0 %s)%s", first.EventID, first.Day0, b.volumeNote(first.EventID)))...)
	line.AddSeries(firmName, firm,
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}),
		charts.WithMarkLineNameXAxisItemOpts(marks...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#cb181d", Type: "dashed", Width: 1},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideEndTop", Formatter: "{b}", Color: "#cb181d"},
		}))
	line.AddSeries(b.marketName(), mkt, charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	c, err := b.spec(line, 400)
	if err != nil {
		return nil, err
	}
	setAxis(c.Option, "xAxis", map[string]any{"type": "time", "name": "date", "nameLocation": "middle", "nameGap": 28})
	setAxis(c.Option, "yAxis", map[string]any{"type": "value", "scale": true, "name": "price index (100 = day before window)", "nameLocation": "middle", "nameGap": 45})
	ml := series(c.Option, 0)["markLine"].(map[string]any)
	ml["silent"] = true
	// The vertical labels cross the price lines: a light backing keeps
	// them readable.
	if lb, ok := ml["label"].(map[string]any); ok {
		lb["backgroundColor"] = "rgba(255,255,255,0.85)"
		lb["padding"] = []int{1, 2}
	}
	// Markers of consecutive stages are a few pixels apart: alternate
	// their labels between the top and the bottom of the line.
	if data, ok := ml["data"].([]any); ok {
		for i, d := range data {
			if item, ok := d.(map[string]any); ok && i%2 == 1 {
				item["label"] = map[string]any{"position": "insideStartTop"}
			}
		}
	}
	c.Hooks = []string{"timeTooltip"}
	return c, nil
}

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ---------------------------------------------------------------- events

func (b *builder) eventSection() (section, error) {
	s := section{Heading: "Abnormal returns per event",
		Intro: "Daily abnormal return (bars) and the running CAR (line) over the event window. " +
			"Band: " + b.lv.Label() + " interval CAR ± t(" + b.lv.Quantile() + ", df)·σ·√k with k days elapsed, the simple variance L·σ² of MacKinlay (1997) (σ from the estimation window, df from car.csv); " +
			"car.csv reports the exact, prediction-error corrected test for the standard windows."}
	ars := b.arByEvent()
	// df of an event charted: its last car.csv row's with one (a map of
	// every event's was 800,000 assignments at 100,000 events, for 12).
	df := func(id string) int {
		v := 0
		for _, r := range b.carByEvent()[id] {
			if r.DF.Valid {
				v = r.DF.V
			}
		}
		return v
	}
	evs := b.set.Events
	if len(ars) > MaxEventCharts {
		// Many events: their distribution, and a few of them as examples.
		c, ok, err := b.distributionChart()
		if err != nil {
			return s, err
		}
		if ok {
			s.Charts = append(s.Charts, c)
		}
		evs = b.exampleEvents()
		s.Notes = append(s.Notes, fmt.Sprintf("%s events: their distribution first, then the %d with the lowest and the %d with the highest CAR(%d,%d); ar.csv has every event.",
			thousands(len(ars)), ExampleEventCharts/2, ExampleEventCharts/2, b.t1, b.t2))
	}
	for _, e := range evs {
		rows := ars[e.EventID]
		if len(rows) == 0 {
			continue
		}
		c, err := b.eventChart(e, rows, df(e.EventID))
		if err != nil {
			return s, err
		}
		s.Charts = append(s.Charts, c)
	}
	return s, nil
}

func (b *builder) eventChart(e results.EventRow, rows []results.ARRow, df int) (*chartSpec, error) {
	// rows are a slice of set.AR, which another goroutine may be writing
	// out: sort a copy, never the set (ar.csv keeps days in order anyway).
	byDay := func(i, j int) bool { return rows[i].RelDay < rows[j].RelDay }
	if !sort.SliceIsSorted(rows, byDay) {
		rows = slices.Clone(rows)
		sort.Slice(rows, byDay)
	}
	days := make([]string, len(rows))
	dates := make([]string, len(rows))
	ar := make([]opts.BarData, len(rows))
	car := make([]opts.LineData, len(rows))
	half := b.lv.RunningCARBand(float64(e.Sigma), df, len(rows))
	lo := make([]float64, len(rows))
	hi := make([]float64, len(rows))
	for i, r := range rows {
		days[i] = strconv.Itoa(r.RelDay)
		dates[i] = clean(r.Date)
		ar[i] = opts.BarData{Value: val(pct(r.AR))}
		car[i] = opts.LineData{Value: val(pct(r.CAR))}
		// k counts days since the window start (rows are the window's days)
		lo[i] = pct(r.CAR) - 100*half[i]
		hi[i] = pct(r.CAR) + 100*half[i]
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(globals(
		fmt.Sprintf("%s: abnormal returns", e.EventID),
		fmt.Sprintf("%s · %s · day 0 = %s · model %s", e.Firm, e.Stage, e.Day0, e.Model))...)
	bar.SetXAxis(days)
	bar.AddSeries("AR (%)", ar, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#6baed6"}))
	line := charts.NewLine()
	line.AddSeries("CAR (%)", car, charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 5}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#08306b"}),
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "day 0", XAxis: "0"}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#cb181d", Type: "dashed", Width: 1},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Color: "#cb181d"}}))
	bar.Overlap(line)
	c, err := b.spec(bar, 380)
	if err != nil {
		return nil, err
	}
	bandName := b.lv.Label() + " band (simple variance)"
	if math.IsNaN(float64(e.Sigma)) {
		bandName = ""
	} else {
		addBand(c.Option, bandName, lo, hi)
	}
	setAxis(c.Option, "xAxis", axisName("event day τ (trading days from day 0)"))
	setAxis(c.Option, "yAxis", map[string]any{"name": "return (%)", "nameLocation": "middle", "nameGap": 45})
	series(c.Option, 1)["z"] = 3
	series(c.Option, 1)["markLine"].(map[string]any)["silent"] = true
	c.Meta = map[string]any{"dates": dates}
	c.Hooks = []string{"axisTooltip"}
	return c, nil
}

// ---------------------------------------------------------------- groups

// groupBand reconstructs a group's running-CAR band from ar.csv: the
// interval at the report's level of the cross-sectional mean of the events' running CARs
// (MeanBand, the interval of the cross-sectional t-test, 6.2) on each day.
// aar.csv has no dispersion, so the group's events are found in ar.csv and
// accepted only if their daily counts of valid ARs equal aar.csv's n; the
// band is left out otherwise (ok false).
func (b *builder) groupBand(group string, rows []results.AARRow) (lo, hi []float64, ok bool) {
	ars := b.arByEvent()
	// Pointers, not copies: 10,000 events' rows are tens of MB.
	var members, all []*results.EventRow
	for i := range b.set.Events {
		e := &b.set.Events[i]
		if ars[e.EventID] == nil {
			continue
		}
		all = append(all, e)
		if e.Group == group {
			members = append(members, e)
		}
	}
	if len(members) == 0 {
		members = all // a group named after no event column value, such as "all"
	}
	candidates := [][]*results.EventRow{members, primary(members)}
	for _, evs := range candidates {
		// Each event's rows looked up once, not once per day (21 days ×
		// 100,000 events were 2 million map lookups per candidate).
		evRows := make([][]results.ARRow, len(evs))
		for k, e := range evs {
			evRows[k] = ars[e.EventID]
		}
		match := len(evs) >= 2
		for _, r := range rows {
			n := 0
			for _, er := range evRows {
				if a, ok := arOn(er, r.RelDay); ok && !a.AR.IsNA() {
					n++
				}
			}
			if n != r.N {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		lo = make([]float64, len(rows))
		hi = make([]float64, len(rows))
		for i, r := range rows {
			var x []float64
			for _, er := range evRows {
				if a, ok := arOn(er, r.RelDay); ok && !a.CAR.IsNA() {
					x = append(x, pct(a.CAR))
				}
			}
			_, l, h, ok := b.lv.MeanBand(x)
			if !ok {
				l, h = math.NaN(), math.NaN()
			}
			lo[i], hi[i] = l, h
		}
		return lo, hi, true
	}
	return nil, nil, false
}

// primary keeps one event per incident, the earliest day 0: the group's
// primary set when stages overlap (docs/methodology.md 4.5, default rule).
func primary(evs []*results.EventRow) []*results.EventRow {
	type firmIncident struct{ firm, incident string } // not a joined string per event
	best := make(map[firmIncident]int, len(evs))
	for i, e := range evs {
		k := firmIncident{e.Firm, incidentKey(*e)}
		if j, ok := best[k]; !ok || e.Day0 < evs[j].Day0 {
			best[k] = i
		}
	}
	var out []*results.EventRow
	for i, e := range evs {
		if best[firmIncident{e.Firm, incidentKey(*e)}] == i {
			out = append(out, e)
		}
	}
	return out
}

// groupRows splits rows by their group, keeping the groups in order of
// first appearance and the rows of each in file order.
func groupRows[T any](rows []T, group func(T) string) (order []string, by map[string][]T) {
	by = map[string][]T{}
	for _, r := range rows {
		g := group(r)
		if _, ok := by[g]; !ok {
			order = append(order, g)
		}
		by[g] = append(by[g], r)
	}
	return order, by
}

func (b *builder) groupSection() (section, error) {
	s := section{Heading: "Average abnormal returns per group",
		Intro: "AAR (bars) and CAAR, the running sum of AAR (line), from aar.csv. " +
			"Band: " + b.lv.Label() + " interval of the mean running CAR across the group's events, mean ± t(" + b.lv.Quantile() + ", N−1)·s/√N (the cross-sectional t-test of Brown & Warner 1985 inverted), computed from ar.csv."}
	order, byGroup := groupRows(b.set.AAR, func(r results.AARRow) string { return r.Group })
	for _, g := range order {
		rows := byGroup[g]
		sort.Slice(rows, func(i, j int) bool { return rows[i].RelDay < rows[j].RelDay })
		days := make([]string, len(rows))
		aar := make([]opts.BarData, len(rows))
		caar := make([]opts.LineData, len(rows))
		ns := make([]int, len(rows))
		for i, r := range rows {
			days[i] = strconv.Itoa(r.RelDay)
			aar[i] = opts.BarData{Value: val(pct(r.AAR))}
			caar[i] = opts.LineData{Value: val(pct(r.CAAR))}
			ns[i] = r.N
		}
		sub := nSubtitle(ns, " events per day")
		bar := charts.NewBar()
		bar.SetGlobalOptions(globals(fmt.Sprintf("Group %s: AAR and CAAR", g), sub)...)
		bar.SetXAxis(days)
		bar.AddSeries("AAR (%)", aar, charts.WithItemStyleOpts(opts.ItemStyle{Color: "#6baed6"}))
		line := charts.NewLine()
		line.AddSeries("CAAR (%)", caar, charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 5}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: "#08306b"}))
		bar.Overlap(line)
		c, err := b.spec(bar, 380)
		if err != nil {
			return s, err
		}
		if lo, hi, ok := b.groupBand(g, rows); ok {
			addBand(c.Option, b.lv.Label()+" CI of the mean CAR", lo, hi)
		} else {
			s.Notes = append(s.Notes, fmt.Sprintf("Group %s: no band, its events could not be matched to aar.csv's daily counts in ar.csv.", clean(g)))
		}
		setAxis(c.Option, "xAxis", axisName("event day τ (trading days from day 0)"))
		setAxis(c.Option, "yAxis", map[string]any{"name": "return (%)", "nameLocation": "middle", "nameGap": 45})
		series(c.Option, 1)["z"] = 3
		c.Hooks = []string{"axisTooltip"}
		s.Charts = append(s.Charts, c)
	}
	return s, nil
}

// volumeNote is the day-0 abnormal volume of an event for its price
// chart's subtitle (docs/methodology.md 13): "; volume on day 0 ×1.84
// normal (abnormal log volume 0.612, t 1.60)", empty without volume.
func (b *builder) volumeNote(id string) string {
	for _, r := range b.set.Volume {
		if r.EventID == id && r.T1 == 0 && r.T2 == 0 && !r.CAV.IsNA() {
			return fmt.Sprintf("; volume on day 0 ×%.2f normal (abnormal log volume %.3f, t %.2f)",
				math.Exp(float64(r.CAV)), float64(r.CAV), float64(r.T))
		}
	}
	return ""
}
