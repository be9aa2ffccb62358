package charts

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/breachlab/eventstudy/results"
)

// ExampleEventCharts is how many single events a report with more than
// MaxEventCharts events still draws: the half with the lowest and the
// half with the highest CAR on the compared window.
const ExampleEventCharts = 12

// Quantile is the p-quantile of sorted (ascending, no NaN) by linear
// interpolation between order statistics, h = (n−1)p, x[⌊h⌋] +
// (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]): Hyndman & Fan (1996, "Sample quantiles in
// statistical packages", The American Statistician 50) definition 7, R's
// default. NaN for no data.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	lo, h := quantileAt(n, p)
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// quantileAt is where Quantile reads n sorted values for p: h = (n−1)p
// and the order statistics ⌊h⌋ and ⌊h⌋+1 (only n−1 when ⌊h⌋ ≥ n−1).
func quantileAt(n int, p float64) (lo int, h float64) {
	h = float64(n-1) * math.Min(1, math.Max(0, p))
	return int(math.Floor(h)), h
}

// quantiles are Quantile(sorted x, p) for each of levels, with x's order
// statistics selected instead of sorted (orderStats; x is reordered).
// The values are Quantile's bit for bit for p < 1: the order statistics
// are the sorted x's, and where a sort and a selection may leave −0 and
// +0 in another order the interpolation gives +0 either way. (At p = 1 a
// zero maximum may differ in sign.)
func quantiles(x []float64, levels []float64) []float64 {
	if n := len(x); n > 0 {
		var ks []int // the order statistics Quantile reads
		for _, p := range levels {
			if math.IsNaN(p) {
				continue
			}
			lo, _ := quantileAt(n, p)
			if lo >= n-1 {
				ks = append(ks, n-1)
			} else {
				ks = append(ks, lo, lo+1)
			}
		}
		slices.Sort(ks)
		orderStats(x, slices.Compact(ks))
	}
	out := make([]float64, len(levels))
	for i, p := range levels {
		out[i] = Quantile(x, p) // reads only the selected positions
	}
	return out
}

// distributionChart draws the distribution of the events' running CAR per
// event day: median, the 25–75% and the 5–95% quantile bands, over every
// event with an AR row that day. One chart for any number of events, where
// a series per event stops being readable (and drawable).
func (b *builder) distributionChart() (*chartSpec, bool, error) {
	byDay := carsByDay(b.set.AR)
	if len(byDay) == 0 {
		return nil, false, nil
	}
	rel := make([]int, 0, len(byDay))
	for d := range byDay {
		rel = append(rel, d)
	}
	slices.Sort(rel)
	days := make([]string, len(rel))
	q := [5][]float64{}
	ns := make([]int, len(rel))
	levels := [5]float64{0.05, 0.25, 0.5, 0.75, 0.95}
	for i, d := range rel {
		x := byDay[d]
		days[i] = strconv.Itoa(d)
		ns[i] = len(x)
		for k, v := range quantiles(x, levels[:]) {
			q[k] = append(q[k], v)
		}
	}
	med := make([]opts.LineData, len(rel))
	for i := range rel {
		med[i] = opts.LineData{Value: val(q[2][i])}
	}
	line := charts.NewLine()
	line.SetGlobalOptions(globals("Running CAR across events, by event day",
		"median and quantile bands of the events' CAR from the window start to day τ · "+nSubtitle(ns, " events per day"))...)
	line.SetXAxis(days)
	line.AddSeries("median CAR (%)", med, charts.WithLineChartOpts(opts.LineChart{Symbol: "circle", SymbolSize: 4}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#08306b"}),
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "day 0", XAxis: "0"}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#cb181d", Type: "dashed", Width: 1},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Color: "#cb181d"}}))
	c, err := b.spec(line, 380)
	if err != nil {
		return nil, false, err
	}
	series(c.Option, 0)["z"] = 3
	series(c.Option, 0)["markLine"].(map[string]any)["silent"] = true
	addBandID(c.Option, "5–95% of events", "q90", "#c6dbef", q[0], q[4])
	addBandID(c.Option, "25–75% of events", "q50", "#6baed6", q[1], q[3])
	setAxis(c.Option, "xAxis", axisName("event day τ (trading days from day 0)"))
	setAxis(c.Option, "yAxis", map[string]any{"name": "running CAR (%)", "nameLocation": "middle", "nameGap": 45})
	c.Hooks = []string{"axisTooltip"}
	return c, true, nil
}

// carsByDay are the running CARs of ar.csv's rows in percent by
// relative day, in file order (distributionChart sorts them). The rows
// are read in sequence, not through arByEvent's map of the same rows
// (half the time at 100,000 events), and counted first: grown by
// append, the 2.1 million values left twice their 17 MB as garbage in
// the write phase, whose peak is the run's peak RSS.
//
// The counts and the values go by day through slices over the days'
// range, not the map (a map operation per row was most of the time).
func carsByDay(ar []results.ARRow) map[int][]float64 {
	lo, hi := 0, -1
	for i := range ar {
		if r := &ar[i]; !r.CAR.IsNA() {
			if hi < lo {
				lo, hi = r.RelDay, r.RelDay
			}
			lo, hi = min(lo, r.RelDay), max(hi, r.RelDay)
		}
	}
	if hi < lo {
		return map[int][]float64{}
	}
	n := make([]int, hi-lo+1)
	for i := range ar {
		if r := &ar[i]; !r.CAR.IsNA() {
			n[r.RelDay-lo]++
		}
	}
	vals := make([][]float64, len(n))
	byDay := make(map[int][]float64)
	for d, k := range n {
		if k > 0 {
			vals[d] = make([]float64, 0, k)
		}
	}
	for i := range ar {
		if r := &ar[i]; !r.CAR.IsNA() {
			vals[r.RelDay-lo] = append(vals[r.RelDay-lo], pct(r.CAR))
		}
	}
	for d, x := range vals {
		if x != nil {
			byDay[lo+d] = x
		}
	}
	return byDay
}

// addBandID is addBand for a chart with several bands: each has its own
// stack and ids "band-lo<key>", "band-hi<key>" (the tooltip pairs them).
func addBandID(m map[string]any, name, key, color string, lo, hi []float64) {
	addBand(m, name, lo, hi)
	s, _ := m["series"].([]any)
	for _, x := range s[len(s)-2:] {
		sr := x.(map[string]any)
		sr["id"] = fmt.Sprint(sr["id"], key)
		sr["stack"] = "band" + key
		sr["itemStyle"] = map[string]any{"color": color}
		if _, ok := sr["areaStyle"]; ok {
			sr["areaStyle"] = map[string]any{"color": color, "opacity": 0.6}
		}
	}
}

// exampleEvents are the events drawn one by one in a large study: the
// ExampleEventCharts/2 with the lowest and as many with the highest CAR
// on the compared window, lowest first.
func (b *builder) exampleEvents() []results.EventRow {
	var evs []int // positions in the events table of the events with ar.csv rows
	for i, e := range b.set.Events {
		if len(b.arByEvent()[e.EventID]) > 0 {
			evs = append(evs, i)
		}
	}
	idx := tails(len(evs), ExampleEventCharts/2, func(i int) float64 {
		if c, ok := b.cars[b.set.Events[evs[i]].EventID]; ok && !c.CAR.IsNA() {
			return float64(c.CAR)
		}
		return math.NaN()
	})
	out := make([]results.EventRow, len(idx))
	for j, i := range idx {
		out[j] = b.set.Events[evs[i]]
	}
	return out
}
