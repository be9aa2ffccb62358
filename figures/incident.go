package figures

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"github.com/breachlab/eventstudy/results"
)

// incident is the events of one incident, in events.csv order.
type incident struct {
	key    string
	events []results.EventRow
}

func (ix *index) incidents() []incident {
	var out []incident
	at := map[string]int{}
	for _, e := range ix.set.Events {
		k := incidentKey(e)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, incident{key: k})
		}
		out[i].events = append(out[i].events, e)
	}
	return out
}

// priceSeries is what the incident figure draws: prices.csv's firm and
// market indexes (100 on the day before the event window) of the
// incident's first event with price rows, by date (Unix seconds), and a
// mark per stage day 0, stages of one day 0 sharing it.
type priceSeries struct {
	First        results.EventRow
	Firm, Market plotter.XYs
	Marks        []float64
	Labels       []string
	Outside      []string // stages beyond the price series' dates
}

// day is a table date as Unix seconds at UTC midnight.
func day(s string) (float64, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	return float64(t.Unix()), nil
}

// priceData returns the series of an incident, or why there is none.
func (ix *index) priceData(inc incident) (priceSeries, string) {
	var s priceSeries
	first := -1
	for i, e := range inc.events {
		if len(ix.prices[e.EventID]) == 0 || e.Day0 == "" {
			continue
		}
		if first < 0 || e.Day0 < inc.events[first].Day0 {
			first = i
		}
	}
	if first < 0 {
		return s, "no event of the incident has a day 0 and price rows in prices.csv"
	}
	s.First = inc.events[first]
	for _, r := range ix.prices[s.First.EventID] {
		x, err := day(r.Date)
		if err != nil {
			return s, fmt.Sprintf("prices.csv: date %q of event %s is not YYYY-MM-DD", r.Date, s.First.EventID)
		}
		s.Firm = append(s.Firm, plotter.XY{X: x, Y: f64(r.Firm)})
		s.Market = append(s.Market, plotter.XY{X: x, Y: f64(r.Market)})
	}
	names := map[string][]string{}
	var days []string
	for _, e := range inc.events {
		if e.Day0 == "" {
			continue
		}
		if _, ok := names[e.Day0]; !ok {
			days = append(days, e.Day0)
		}
		names[e.Day0] = append(names[e.Day0], stageName(e))
	}
	sort.Strings(days)
	for _, d := range days {
		x, err := day(d)
		if err != nil {
			return s, fmt.Sprintf("events.csv: day0 %q is not YYYY-MM-DD", d)
		}
		s.Marks = append(s.Marks, x)
		s.Labels = append(s.Labels, clean(strings.Join(names[d], " / "), 40))
		if n := len(s.Firm); n > 0 && (x < s.Firm[0].X || x > s.Firm[n-1].X) {
			s.Outside = append(s.Outside, d+" "+strings.Join(names[d], "/"))
		}
	}
	return s, ""
}

// marketName names the market in the legend.
func (ix *index) marketName() string {
	if m, ok := ix.set.Manifest.Config["market"].(string); ok && m != "" && !strings.ContainsAny(m, `/\`) {
		return "market (" + m + ")"
	}
	return "market"
}

// incidentFigure: the firm's and the market's price index around the
// disclosures, a dashed mark and label per stage.
func (ix *index) incidentFigure(st style, inc incident) (*plot.Plot, string) {
	s, why := ix.priceData(inc)
	if why != "" {
		return nil, why
	}
	firm := s.First.Firm
	if firm == "" {
		firm = "firm"
	}
	p := st.newPlot(fmt.Sprintf("%s: %s price around the disclosures", inc.key, firm), "",
		"price index (100 = day before the window)")
	p.X.Tick.Marker = plot.TimeTicks{Format: "2006-01-02"}
	p.Y.Label.TextStyle.Font.Size = st.size - 1
	p.Y.Tick.Marker = niceTicks{}
	m := &line{XY: s.Market, Style: st.line(st.market, 0.9, true)}
	f := &line{XY: s.Firm, Style: st.line(st.firm, 1.1, false)}
	p.Add(&marks{X: s.Marks, Labels: s.Labels, Style: st.line(st.mark, 0.6, true), Text: p.X.Tick.Label}, m, f)
	p.Legend.Add(clean(firm, 30), f)
	p.Legend.Add(ix.marketName(), m)
	p.Legend.Left = true
	p.Legend.Top = false
	return p, ""
}
