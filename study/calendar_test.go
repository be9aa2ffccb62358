package study

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// adjCloses reads a bundled Yahoo file's dates and Adj Close values.
func adjCloses(t *testing.T, sym string) ([]string, map[string]float64) {
	t.Helper()
	var days []string
	m := map[string]float64{}
	for _, l := range yahooLines(t, sym)[1:] {
		f := strings.Split(l, ",")
		v, err := strconv.ParseFloat(f[5], 64)
		if err != nil {
			t.Fatalf("%s: %v", sym, err)
		}
		days = append(days, f[0])
		m[f[0]] = v
	}
	return days, m
}

// TestCalendarTimeByHand checks calendar.csv's daily rows on real data
// (T-Mobile and Verizon, horizons 1..60 overlapping by a few weeks)
// against the portfolio built from the Yahoo files by a plain loop and
// the market-model intercept by the closed form of simple regression.
func TestCalendarTimeByHand(t *testing.T) {
	s := tmobileStudy(t, "event_id,firm,date,session,market_cap\n"+
		"tmus,TMUS,2021-08-16,intraday,1.5e11\nvz,VZ,2021-09-01,intraday,2.2e11\n")
	s.CalendarTime = &analysis.Window{T1: 1, T2: 60}
	out := runStudy(t, s)
	if len(out.Set.Calendar) != 2 {
		t.Fatalf("calendar rows %+v, want ew and vw", out.Set.Calendar)
	}
	cal, gspc := adjCloses(t, "GSPC")
	pos := map[string]int{}
	for i, d := range cal {
		pos[d] = i
	}
	type firm struct {
		day0 int
		adj  map[string]float64
		mcap float64
	}
	_, tmus := adjCloses(t, "TMUS")
	_, vz := adjCloses(t, "VZ")
	firms := []firm{{pos["2021-08-16"], tmus, 1.5e11}, {pos["2021-09-01"], vz, 2.2e11}}
	ret := func(adj map[string]float64, t int) float64 { return adj[cal[t]]/adj[cal[t-1]] - 1 }
	for _, row := range out.Set.Calendar {
		t.Run(row.Weighting, func(t *testing.T) {
			var x, y []float64
			nFirms := 0
			for d := 1; d < len(cal); d++ {
				var s, ws float64
				n := 0
				for _, f := range firms {
					k := d - f.day0
					if k < 1 || k > 60 {
						continue
					}
					w := 1.0
					if row.Weighting == "vw" {
						w = f.mcap
						for j := f.day0 + 1; j < d; j++ {
							w *= 1 + ret(f.adj, j)
						}
					}
					s += w * ret(f.adj, d)
					ws += w
					n++
				}
				if n > 0 {
					y = append(y, s/ws)
					x = append(x, ret(gspc, d))
					nFirms += n
				}
			}
			alpha, se, r2 := simpleRegression(x, y)
			df := len(y) - 2
			want := results.CalendarRow{Group: "all", Horizon: "1,60", Model: "market", NPeriods: len(y), DF: results.SomeInt(df)}
			if row.Group != want.Group || row.Horizon != want.Horizon || row.Model != want.Model || row.NPeriods != want.NPeriods || row.DF != want.DF {
				t.Errorf("row %+v, want %+v", row, want)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{
				{"alpha", float64(row.Alpha), alpha}, {"se", float64(row.SE), se}, {"t", float64(row.T), alpha / se},
				{"r2", float64(row.R2), r2}, {"mean_n_firms", float64(row.MeanNFirms), float64(nFirms) / float64(len(y))},
			} {
				if math.Abs(c.got-c.want) > 1e-10*math.Max(1, math.Abs(c.want)) {
					t.Errorf("%s = %.15g, want %.15g", c.name, c.got, c.want)
				}
			}
		})
	}
	if w := warningsOf(out, "calendar_time_few_firms"); len(w) != 2 {
		t.Errorf("want a few-firms warning per row, got %v", w)
	}
	if w := warningsOf(out, "calendar_time_market"); len(w) != 1 {
		t.Errorf("want the market-model note, got %v", w)
	}
}

// simpleRegression is y = a + b x by the textbook sums: b = Sxy/Sxx,
// a = ȳ - b x̄, se(a) = s √(1/n + x̄²/Sxx), R² = 1 - RSS/Syy.
func simpleRegression(x, y []float64) (a, se, r2 float64) {
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i] / n
		my += y[i] / n
	}
	var sxx, sxy, syy float64
	for i := range x {
		sxx += (x[i] - mx) * (x[i] - mx)
		sxy += (x[i] - mx) * (y[i] - my)
		syy += (y[i] - my) * (y[i] - my)
	}
	b := sxy / sxx
	a = my - b*mx
	rss := 0.0
	for i := range x {
		e := y[i] - a - b*x[i]
		rss += e * e
	}
	s2 := rss / (n - 2)
	return a, math.Sqrt(s2 * (1/n + mx*mx/sxx)), 1 - rss/syy
}

func TestCalendarTimeSettings(t *testing.T) {
	for _, tc := range []struct {
		name, key, value, err string
	}{
		{"before the event", "calendar_time", "-5,10", "horizon is after the event"},
		{"not a window", "calendar_time", "250", "want two relative days"},
		{"unknown freq", "calendar_freq", "weekly", "unknown value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Default()
			err := settingByKey[tc.key].Set(&s, tc.value)
			if err == nil {
				err = s.validateCalendar()
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %q: error %v, want one containing %q", tc.key, tc.value, err, tc.err)
			}
		})
	}
	s := Default()
	if err := settingByKey["calendar_time"].Set(&s, "1,250"); err != nil || s.CalendarTime == nil || *s.CalendarTime != (analysis.Window{T1: 1, T2: 250}) {
		t.Errorf("1,250: %v %v", s.CalendarTime, err)
	}
	if err := settingByKey["calendar_time"].Set(&s, ""); err != nil || s.CalendarTime != nil {
		t.Errorf("empty: %v %v, want off", s.CalendarTime, err)
	}
}
