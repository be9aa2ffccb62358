package study

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/calendartime"
	"github.com/breachlab/eventstudy/prices"
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
		{"before the event", "calendar_time", "-5,10", "horizon must follow the event"},
		{"not a window", "calendar_time", "250", "want two relative days"},
		{"beyond ten years", "calendar_time", "1,100000", "not supported"},
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

// TestBHARByHand checks bhar.csv against the Yahoo files: Π(1+R_i) -
// Π(1+R_b) over days 1..250, the benchmark GSPC and the reference series
// (UNH's prices given as --bhar-reference), and bhar_group.csv's mean.
func TestBHARByHand(t *testing.T) {
	s := tmobileStudy(t, "event_id,firm,date,session\n"+
		"tmus,TMUS,2021-08-16,intraday\nvz,VZ,2021-09-01,intraday\nhd,HD,2014-09-08,intraday\n")
	s.CalendarTime = &analysis.Window{T1: 1, T2: 250}
	s.BHARReference = "../testdata/demo/prices/UNH.csv"
	out := runStudy(t, s)
	cal, gspc := adjCloses(t, "GSPC")
	_, unh := adjCloses(t, "UNH")
	pos := map[string]int{}
	for i, d := range cal {
		pos[d] = i
	}
	day0 := map[string]string{"tmus": "2021-08-16", "vz": "2021-09-01", "hd": "2014-09-08"}
	firm := map[string]string{"tmus": "TMUS", "vz": "VZ", "hd": "HD"}
	want := map[string]float64{}
	for id, d := range day0 {
		_, adj := adjCloses(t, firm[id])
		for bench, b := range map[string]map[string]float64{"market": gspc, "reference": unh} {
			gi, gb := 1.0, 1.0
			for k := pos[d] + 1; k <= pos[d]+250; k++ {
				gi *= adj[cal[k]] / adj[cal[k-1]]
				gb *= b[cal[k]] / b[cal[k-1]]
			}
			want[id+"/"+bench] = gi - gb
		}
	}
	if len(out.Set.BHAR) != 6 {
		t.Fatalf("bhar.csv has %d rows, want 3 events × 2 benchmarks", len(out.Set.BHAR))
	}
	for _, r := range out.Set.BHAR {
		w := want[r.EventID+"/"+r.Benchmark]
		if math.Abs(float64(r.BHAR)-w) > 1e-12 || r.NDays != 250 || r.Horizon != "1,250" {
			t.Errorf("%s %s: bhar %v over %d days, want %v over 250", r.EventID, r.Benchmark, r.BHAR, r.NDays, w)
		}
	}
	for _, g := range out.Set.BHARGroup {
		mean := (want["tmus/"+g.Benchmark] + want["vz/"+g.Benchmark] + want["hd/"+g.Benchmark]) / 3
		if g.N != 3 || math.Abs(float64(g.Mean)-mean) > 1e-12 || g.DF != results.SomeInt(2) || g.TSA.IsNA() || g.PBoot.IsNA() {
			t.Errorf("group row %+v, want n 3, mean %v and the tests", g, mean)
		}
	}
}

func TestBHARReferenceBadInput(t *testing.T) {
	s := tmobileStudy(t, "event_id,firm,date\ntmus,TMUS,2021-08-16\n")
	s.BHARReference = "../testdata/demo/prices/UNH.csv"
	if _, err := Run(s); err == nil || !strings.Contains(err.Error(), "needs --calendar-time") {
		t.Errorf("reference without a horizon: %v", err)
	}
	s.CalendarTime = &analysis.Window{T1: 1, T2: 250}
	s.BHARReference = "../testdata/demo/prices"
	if _, err := Run(s); err == nil || !strings.Contains(err.Error(), "give one series") {
		t.Errorf("reference of many series: %v", err)
	}
	s.BHARReference = "../testdata/demo/no-such.csv"
	if _, err := Run(s); err == nil || !strings.Contains(err.Error(), "no-such.csv") || !strings.Contains(err.Error(), "--bhar-reference") {
		t.Errorf("missing reference file: %v", err)
	}
}

// frenchByHand reads the bundled French FF3 file with a plain scan:
// YYYYMMDD rows in percent.
func frenchByHand(t *testing.T) map[string][4]float64 {
	t.Helper()
	b, err := os.ReadFile("../prices/testdata/F-F_Research_Data_Factors_daily.CSV")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][4]float64{}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Split(strings.TrimSpace(l), ",")
		if len(f) != 5 || len(f[0]) != 8 {
			continue
		}
		var v [4]float64
		for j := range v {
			x, err := strconv.ParseFloat(strings.TrimSpace(f[j+1]), 64)
			if err != nil {
				t.Fatal(err)
			}
			v[j] = x / 100
		}
		m[f[0][:4]+"-"+f[0][4:6]+"-"+f[0][6:]] = v
	}
	return m
}

// TestCalendarTimeFF3Monthly checks the factor-model wiring: the study's
// monthly FF3 row equals calendartime.Run (checked against hand OLS in its
// own package) on inputs rebuilt here from the Yahoo and French files,
// and the days after the factor file's end are counted as left out.
func TestCalendarTimeFF3Monthly(t *testing.T) {
	s := tmobileStudy(t, "event_id,firm,date,session\ntmus,TMUS,2021-08-16,intraday\nvz,VZ,2021-09-01,intraday\nunh,UNH,2024-02-21,intraday\n")
	s.Analysis.Model = analysis.ModelFF3
	s.Factors = []string{"../prices/testdata/F-F_Research_Data_Factors_daily.CSV"}
	s.CalendarTime = &analysis.Window{T1: 1, T2: 120}
	s.CalendarFreq = CalendarMonthly
	out := runStudy(t, s)
	if len(out.Set.Calendar) != 1 {
		t.Fatalf("rows %+v", out.Set.Calendar)
	}
	cal, _ := adjCloses(t, "GSPC")
	ff := frenchByHand(t)
	n := len(cal)
	fac := calendartime.Factors{Names: []string{"Mkt-RF", "SMB", "HML"}, Excess: []bool{true, false, false}, RF: make([]float64, n)}
	for j := range 3 {
		c := make([]float64, n)
		for k, d := range cal {
			c[k] = math.NaN()
			if v, ok := ff[d]; ok {
				c[k] = v[j]
			}
		}
		fac.Cols = append(fac.Cols, c)
	}
	month := make([]int, n)
	for k, d := range cal {
		fac.RF[k] = math.NaN()
		if v, ok := ff[d]; ok {
			fac.RF[k] = v[3]
		}
		y, _ := strconv.Atoi(d[:4])
		m, _ := strconv.Atoi(d[5:7])
		month[k] = y*12 + m
	}
	pos := map[string]int{}
	for i, d := range cal {
		pos[d] = i
	}
	var firms []calendartime.Firm
	for _, e := range []struct{ sym, day string }{{"TMUS", "2021-08-16"}, {"VZ", "2021-09-01"}, {"UNH", "2024-02-21"}} {
		_, adj := adjCloses(t, e.sym)
		f := calendartime.Firm{Day0: pos[e.day]}
		for k := f.Day0 + 1; k <= f.Day0+120; k++ {
			r := math.NaN()
			if k < n {
				r = adj[cal[k]]/adj[cal[k-1]] - 1
			}
			f.R = append(f.R, r)
		}
		firms = append(firms, f)
	}
	want := calendartime.Run(firms, calendartime.Horizon{From: 1, To: 120}, n, calendartime.EW, fac, month)
	got := out.Set.Calendar[0]
	if got.Model != "ff3" || got.NPeriods != want.NPeriods || got.DF != results.SomeInt(want.DF) {
		t.Errorf("row %+v, want model ff3, %d periods, df %d", got, want.NPeriods, want.DF)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"alpha", float64(got.Alpha), want.Alpha}, {"se", float64(got.SE), want.SE}, {"r2", float64(got.R2), want.R2}, {"mean_n_firms", float64(got.MeanNFirms), want.MeanNFirms}} {
		if math.Abs(c.got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %.15g, want %.15g", c.name, c.got, c.want)
		}
	}
	// UNH's horizon runs past 2024-07-31, the factor file's last day.
	if want.Dropped == 0 || len(warningsOf(out, "calendar_time_factor_gap")) != 1 {
		t.Errorf("dropped %d, warnings %v", want.Dropped, warningsOf(out, "calendar_time_factor_gap"))
	}
}

// TestBHARReferenceUnit: the reference takes the market's returns unit
// (--market-returns-unit, else --returns-unit), and its errors name the
// flag that governs it.
func TestBHARReferenceUnit(t *testing.T) {
	cal, unh := adjCloses(t, "UNH")
	var b strings.Builder
	b.WriteString("date,ret_pct\n")
	for k := 1; k < len(cal); k++ {
		fmt.Fprintf(&b, "%s,%.15g\n", cal[k], (unh[cal[k]]/unh[cal[k-1]]-1)*100)
	}
	pct := filepath.Join(t.TempDir(), "unh_pct.csv")
	if err := os.WriteFile(pct, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	study := func(market, marketUnit, reference string) Study {
		s := tmobileStudy(t, "event_id,firm,date,session\ntmus,TMUS,2021-08-16,intraday\nhd,HD,2014-09-08,intraday\n")
		s.Market, s.MarketReturnsUnit, s.BHARReference = market, prices.ReturnsUnit(marketUnit), reference
		s.CalendarTime = &analysis.Window{T1: 1, T2: 250}
		return s
	}
	gspc := "../testdata/demo/prices/GSPC.csv"
	want := map[string]float64{}
	for _, r := range runStudy(t, study(gspc, "", "../testdata/demo/prices/UNH.csv")).Set.BHAR {
		want[r.EventID+"/"+r.Benchmark] = float64(r.BHAR)
	}
	t.Run("percent reference with --market-returns-unit", func(t *testing.T) {
		out := runStudy(t, study(gspc, "percent", pct))
		if len(out.Set.BHAR) != 4 {
			t.Fatalf("bhar.csv has %d rows, want 2 events × 2 benchmarks", len(out.Set.BHAR))
		}
		for _, r := range out.Set.BHAR {
			if w := want[r.EventID+"/"+r.Benchmark]; math.Abs(float64(r.BHAR)-w) > 1e-12 {
				t.Errorf("%s %s: bhar %v, want %v (the prices file's)", r.EventID, r.Benchmark, r.BHAR, w)
			}
		}
	})
	for _, c := range []struct{ name, market, flag string }{
		{"market file", gspc, "--market-returns-unit percent"},
		{"market ticker", "GSPC", "--returns-unit percent"},
	} {
		t.Run("percent reference without a unit, "+c.name, func(t *testing.T) {
			_, err := Run(study(c.market, "", pct))
			if err == nil || !strings.Contains(err.Error(), "unh_pct.csv") || !strings.Contains(err.Error(), c.flag) {
				t.Errorf("got %v, want the reference refused, naming %s", err, c.flag)
			}
		})
	}
}
