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

// volumeChart draws an event's abnormal log volume per event day (ar.csv
// av, docs/methodology.md 13) as bars under its incident's price chart:
// exp(av) is the day's volume over its normal volume. ok is false when
// the event has no volume.
func (b *builder) volumeChart(incident string, e results.EventRow) (*chartSpec, bool, error) {
	rows := b.arByEvent()[e.EventID]
	days := make([]string, 0, len(rows))
	dates := make([]string, 0, len(rows))
	data := make([]opts.BarData, 0, len(rows))
	has := false
	sorted := append([]results.ARRow(nil), rows...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].RelDay < sorted[j].RelDay })
	for _, r := range sorted {
		days = append(days, strconv.Itoa(r.RelDay))
		dates = append(dates, clean(r.Date))
		color := "#fd8d3c"
		if r.AV < 0 {
			color = "#9e9ac8"
		}
		data = append(data, opts.BarData{Value: val(float64(r.AV)), ItemStyle: &opts.ItemStyle{Color: color}})
		has = has || !r.AV.IsNA()
	}
	if !has {
		return nil, false, nil
	}
	bar := charts.NewBar()
	firm := clean(e.Firm)
	bar.SetGlobalOptions(globals(fmt.Sprintf("%s: %s trading volume around the disclosure", incident, firm), avSubtitle(e.EventID, b.avOn(e.EventID, 0), b.volumeRow(e.EventID)))...)
	bar.SetXAxis(days)
	bar.AddSeries("abnormal log volume", data,
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{Name: "day 0", XAxis: "0"}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{Symbol: []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: "#cb181d", Type: "dashed", Width: 1},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Color: "#cb181d"}}))
	c, err := b.spec(bar, 260)
	if err != nil {
		return nil, false, err
	}
	series(c.Option, 0)["markLine"].(map[string]any)["silent"] = true
	c.Option["legend"] = map[string]any{"show": false}
	setAxis(c.Option, "xAxis", axisName("event day τ (trading days from day 0)"))
	setAxis(c.Option, "yAxis", map[string]any{"name": "ln volume − normal", "nameLocation": "middle", "nameGap": 45})
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
	s := clean(id) + " · bars: abnormal log volume, exp(AV) = volume over normal volume"
	if math.IsNaN(av0) {
		return s + " · AV(0) missing"
	}
	s += fmt.Sprintf(" · AV(0) = %.3f: volume ×%.2f normal", av0, math.Exp(av0))
	if v != nil && !v.T.IsNA() {
		s += fmt.Sprintf(" (t %.2f, p %s)", float64(v.T), fmtP(float64(v.P)))
	}
	return s
}
