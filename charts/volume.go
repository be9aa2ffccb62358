package charts

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/breachlab/eventstudy/results"
)

// volumeChart draws an event's trading volume around the disclosure
// under its incident's price chart: the shares traded each day of the
// price rows (prices.csv volume) as bars, and the abnormal log volume of
// each event day (ar.csv av, docs/methodology.md 13) as a line on a
// second axis: exp(av) is the day's volume over its normal volume. ok is
// false when the event has neither.
func (b *builder) volumeChart(incident string, e results.EventRow, prices []results.PriceRow) (*chartSpec, bool, error) {
	vol := map[int]float64{}
	dateOf := map[int]string{}
	for _, r := range prices {
		vol[r.RelDay] = float64(r.Volume)
		dateOf[r.RelDay] = r.Date
	}
	av := map[int]float64{}
	for _, r := range b.arByEvent()[e.EventID] {
		av[r.RelDay] = float64(r.AV)
		dateOf[r.RelDay] = r.Date
	}
	rels := make([]int, 0, len(dateOf))
	for rel := range dateOf {
		rels = append(rels, rel)
	}
	sort.Ints(rels)
	days := make([]string, len(rels))
	dates := make([]string, len(rels))
	bars := make([]opts.BarData, len(rels))
	line := make([]any, len(rels))
	has := false
	for i, rel := range rels {
		days[i], dates[i] = strconv.Itoa(rel), clean(dateOf[rel])
		v, ok := vol[rel]
		if !ok {
			v = math.NaN()
		}
		a, ok := av[rel]
		if !ok {
			a = math.NaN()
		}
		color := "#bdbdbd"
		if rel == 0 {
			color = "#fd8d3c"
		}
		bars[i] = opts.BarData{Value: val(v), ItemStyle: &opts.ItemStyle{Color: color}}
		line[i] = val(a)
		has = has || !math.IsNaN(v) || !math.IsNaN(a)
	}
	if !has {
		return nil, false, nil
	}
	bar := charts.NewBar()
	firm := clean(e.Firm)
	bar.SetGlobalOptions(globals(fmt.Sprintf("%s: %s trading volume around the disclosure", incident, firm), avSubtitle(e.EventID, b.avOn(e.EventID, 0), b.volumeRow(e.EventID)))...)
	bar.SetXAxis(days)
	bar.AddSeries("shares traded", bars,
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "day 0", XAxis: "0"}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#cb181d", Type: "dashed", Width: 1},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Color: "#cb181d"}}))
	c, err := b.spec(bar, 280)
	if err != nil {
		return nil, false, err
	}
	series(c.Option, 0)["markLine"].(map[string]any)["silent"] = true
	series(c.Option, 0)["id"] = "volume"
	series(c.Option, 0)["itemStyle"] = map[string]any{"color": "#bdbdbd"} // the legend icon; day 0's bar keeps its own
	s, _ := c.Option["series"].([]any)
	c.Option["series"] = append(s, map[string]any{
		"type": "line", "name": "abnormal log volume", "id": "av", "data": line, "yAxisIndex": 1,
		"symbol": "circle", "symbolSize": 5, "itemStyle": map[string]any{"color": "#54278f"}, "z": 3,
	})
	setAxis(c.Option, "xAxis", axisName("event day τ (trading days from day 0)"))
	setAxis(c.Option, "yAxis", map[string]any{"name": "shares traded", "nameLocation": "middle", "nameGap": 75})
	ax, _ := c.Option["yAxis"].([]any)
	c.Option["yAxis"] = append(ax[:1], map[string]any{"type": "value", "position": "right",
		"name": "ln volume − normal", "nameLocation": "middle", "nameGap": 40, "splitLine": map[string]any{"show": false}})
	c.Meta = map[string]any{"dates": dates}
	c.Hooks = []string{"axisTooltip"}
	return c, true, nil
}

// avOn is the event's abnormal log volume on day rel (NaN when missing).
func (b *builder) avOn(id string, rel int) float64 {
	if r, ok := arOn(b.arByEvent()[id], rel); ok && !r.AV.IsNA() {
		return float64(r.AV)
	}
	return math.NaN()
}

// volumeRow is the event's volume.csv row of day 0 alone, nil if none.
func (b *builder) volumeRow(id string) *results.VolumeRow {
	for i := range b.set.Volume {
		if r := &b.set.Volume[i]; r.EventID == id && r.T1 == 0 && r.T2 == 0 {
			return r
		}
	}
	return nil
}

// avSubtitle is "event id · AV(0) = 0.612: volume ×1.84 normal (t 1.60, p 0.110)".
func avSubtitle(id string, av0 float64, v *results.VolumeRow) string {
	s := clean(id) + " · bars: shares traded; line: abnormal log volume AV, exp(AV) = volume over normal volume"
	if math.IsNaN(av0) {
		return s + " · AV(0) missing"
	}
	s += fmt.Sprintf(" · AV(0) = %.3f: volume ×%.2f normal", av0, math.Exp(av0))
	if v != nil && !v.T.IsNA() {
		s += fmt.Sprintf(" (t %.2f, p %s)", float64(v.T), fmtP(float64(v.P)))
	}
	return s
}
