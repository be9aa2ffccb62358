package study

import (
	"github.com/breachlab/eventstudy/dates"
	"math"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/prices"
)

// TestQualityPerEvent: the price checks look at the prices an event uses
// (first-1..last, stale runs counted to last+staleLookAround) and flag a stale
// run that reaches into first..last, wherever it starts.
func TestQualityPerEvent(t *testing.T) {
	const n = 200
	days := make([]dates.Day, n)
	for i := range days {
		days[i] = dates.DayOf(2021, 1, 4) + dates.Day(i)
	}
	cal, err := dates.NewCalendar(days)
	if err != nil {
		t.Fatal(err)
	}
	series := func(edit func(p []float64)) *returnSeries {
		p := make([]float64, n)
		for i := range p {
			p[i] = 100 * math.Exp(0.01*math.Sin(float64(i))) // never equal twice in a row
		}
		edit(p)
		s := &prices.Series{Symbol: "X", Dates: days, Values: p}
		for i, v := range p {
			if v <= 0 {
				s.Values[i] = math.NaN()
				s.NonPositive = append(s.NonPositive, i)
			}
		}
		return alignRanges(s, cal, [][2]int{{40, 160}}, false)
	}
	const first, last = 60, 120 // estimation start, event-window end
	tests := []struct {
		name   string
		edit   func(p []float64)
		reason string
	}{
		{"clean", func(p []float64) {}, ""},
		{"stale run from before the estimation window into it", func(p []float64) {
			for i := 45; i < 70; i++ {
				p[i] = 100.5
			}
		}, ReasonStalePrices},
		{"stale run ending before first-1", func(p []float64) {
			for i := 45; i < 58; i++ {
				p[i] = 100.5
			}
		}, ""},
		{"stale run from the event window past last, counted to last+staleLookAround", func(p []float64) {
			for i := 117; i < 160; i++ {
				p[i] = 100.5
			}
		}, ReasonStalePrices},
		{"nine identical prices are not a run", func(p []float64) {
			for i := 80; i < 89; i++ {
				p[i] = 100.5
			}
		}, ""},
		{"4-for-1 split on first: needs the price on first-1", func(p []float64) {
			for i := first; i < n; i++ {
				p[i] /= 4
			}
		}, ReasonSuspectedSplit},
		{"split after last is not the event's", func(p []float64) {
			for i := last + 1; i < n; i++ {
				p[i] /= 4
			}
		}, ""},
		{"a ratio near 2 alone is kept (unadjusted, no second column)", func(p []float64) {
			for i := first; i < n; i++ {
				p[i] /= 2
			}
		}, ""},
		{"price <= 0 in the window", func(p []float64) { p[100] = -1 }, ReasonInvalidPrices},
		{"price <= 0 outside", func(p []float64) { p[130] = -1 }, ""},
	}
	for _, tt := range tests {
		reason, detail, _ := series(tt.edit).quality(cal, first, last, nil)
		if reason != tt.reason {
			t.Errorf("%s: reason %q (%s), want %q", tt.name, reason, detail, tt.reason)
		}
	}
}

// TestEventRangeReachesBothLookArounds: an event's data range reaches as
// far past the event window as the price chart and the stale-price check
// each need, so neither constant can cut the other's data short.
func TestEventRangeReachesBothLookArounds(t *testing.T) {
	cfg := analysis.Config{Estimation: analysis.Window{T1: -260, T2: -11}, EventWindow: analysis.Window{T1: -10, T2: 10}}
	tests := []struct {
		name           string
		day0, n        int
		wantLo, wantHi int
	}{
		{"inside the calendar", 1000, 5000, 1000 - 261, 1000 + 10 + max(chartPad, staleLookAround)},
		{"cut at the calendar's ends", 100, 120, 0, 119},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := eventRange(tc.day0, cfg, tc.n)
			if lo != tc.wantLo || hi != tc.wantHi {
				t.Errorf("eventRange(%d) = %d, %d; want %d, %d", tc.day0, lo, hi, tc.wantLo, tc.wantHi)
			}
		})
	}
	if staleLookAround != 20 || chartPad != 20 {
		t.Errorf("staleLookAround %d, chartPad %d: both 20 keep outputs as before the split", staleLookAround, chartPad)
	}
}
