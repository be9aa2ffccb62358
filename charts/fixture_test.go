package charts

import (
	"encoding/csv"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// Injection payloads placed in user text of the fixture. None may run.
const (
	payloadScript = `</script><script>document.title='pwned';window.__pwned=1</script>`
	payloadFunc   = `__f__(function(){document.title='pwned';window.__pwned=2})()__f__`
	payloadImg    = `<img src=x onerror="document.title='pwned';window.__pwned=3">`
	payloadID     = `cof-2019</script><script>window.__pwned=4</script>`
)

// series is one Yahoo file: dates and adjusted closes, ascending.
type priceSeries struct {
	dates []string
	adj   []float64
}

func loadYahoo(t testing.TB, name string) priceSeries {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var s priceSeries
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s.dates = append(s.dates, r[0])
		s.adj = append(s.adj, v)
	}
	return s
}

type fixtureEvent struct {
	id, firm, incident, stage, label, group, day0, firmFile, mktFile string
}

// fixtureSet builds a small, realistic results.Set from real prices: a
// market model per event by OLS over days -260..-11 (stat.LinearRegression),
// ARs over -10..10, single-event CAR tests with the simple variance, and
// cs_t / sign rows per group. It stands in for the study pipeline.
func fixtureSet(t testing.TB) *results.Set {
	t.Helper()
	evs := []fixtureEvent{
		{"tmobile-2021-claim", "TMUS", "tmobile-2021", "claim", "Seller offers data of 100m+ customers", "breach", "2021-08-16", "TMUS-2021.csv", "SPY-2021.csv"},
		{"tmobile-2021-confirmation", "TMUS", "tmobile-2021", "confirmation", payloadScript, "breach", "2021-08-16", "TMUS-2021.csv", "SPY-2021.csv"},
		{"tmobile-2021-filing", "TMUS", "tmobile-2021", "filing", "8-K after the close", "breach", "2021-08-17", "TMUS-2021.csv", "SPY-2021.csv"},
		{"tmobile-2021-scope", "TMUS", "tmobile-2021", "scope", "~7.8m current and 40m+ former customers", "breach", "2021-08-18", "TMUS-2021.csv", "SPY-2021.csv"},
		{"tmobile-2021-update", "TMUS", "tmobile-2021", payloadImg, "5.3m more postpaid accounts", "breach", "2021-08-20", "TMUS-2021.csv", "SPY-2021.csv"},
		{"equifax-2017", "EFX", payloadFunc, "confirmation", "143m US consumers", "breach", "2017-09-08", "EFX-2017.csv", "SPY-2017.csv"},
		{payloadID, "COF", "capitalone-2019", "confirmation", "106m card applicants", "breach", "2019-07-30", "COF-2019.csv", "SPY-2019.csv"},
		{"vz-2021-peer", "VZ", "peer-vz-2021", "confirmation", "competitor on T-Mobile's day 0", payloadImg, "2021-08-16", "VZ-2021.csv", "SPY-2021.csv"},
		{"t-2021-peer", "T", "peer-t-2021", "confirmation", "competitor on T-Mobile's day 0", payloadImg, "2021-08-16", "T-2021.csv", "SPY-2021.csv"},
	}
	windows := [][2]int{{0, 0}, {0, 1}, {-1, 1}, {-2, 2}, {-5, 5}}
	set := &results.Set{Manifest: results.Manifest{
		Tool: "eventstudy", Version: "test", Created: "2026-11-25T00:00:00Z",
		Config: map[string]any{
			"model": "market", "market": "SPY", "estimation": "-260,-11", "window": "-10,10",
			"car": []string{"0,0", "0,1", "-1,1", "-2,2", "-5,5"}, "min_est": 120,
			"note": payloadScript,
		},
		Inputs:     []results.InputFile{{Role: "prices", Path: "testdata/" + payloadImg, SHA256: "00", Detail: "yahoo"}},
		Warnings:   []results.Warning{{EventID: payloadID, Code: "stage_overlap", Message: payloadFunc}},
		Exclusions: []results.Exclusion{{EventID: "bad", Reason: "no_prices", Detail: payloadScript}},
	}}
	carOf := map[string]map[[2]int]float64{}
	arOf := map[string]map[int]float64{}
	for _, fe := range evs {
		firm := loadYahoo(t, fe.firmFile)
		mkt := loadYahoo(t, fe.mktFile)
		if len(firm.dates) != len(mkt.dates) {
			t.Fatalf("%s and %s differ in length", fe.firmFile, fe.mktFile)
		}
		d0 := sort.SearchStrings(mkt.dates, fe.day0)
		if d0 >= len(mkt.dates) || mkt.dates[d0] != fe.day0 || firm.dates[d0] != fe.day0 {
			t.Fatalf("%s: day 0 %s not a trading day", fe.id, fe.day0)
		}
		ret := func(s priceSeries, i int) float64 { return s.adj[i]/s.adj[i-1] - 1 }
		var x, y []float64
		for tau := -260; tau <= -11; tau++ {
			x = append(x, ret(mkt, d0+tau))
			y = append(y, ret(firm, d0+tau))
		}
		alpha, beta := stat.LinearRegression(x, y, nil, false)
		var sse float64
		for i := range x {
			e := y[i] - alpha - beta*x[i]
			sse += e * e
		}
		m := len(x)
		df := m - 2
		sigma := math.Sqrt(sse / float64(df))
		r2 := stat.RSquared(x, y, nil, alpha, beta)
		set.Events = append(set.Events, results.EventRow{
			EventID: fe.id, Firm: fe.firm, Incident: fe.incident, Stage: fe.stage, Label: fe.label,
			DateGiven: fe.day0, Day0: fe.day0, AnchorRule: "next", Status: "ok", Model: "market",
			EstStart: mkt.dates[d0-260], EstEnd: mkt.dates[d0-11], NEst: results.SomeInt(m),
			Alpha: results.Num(alpha), Beta: results.Num(beta), Sigma: results.Num(sigma), R2: results.Num(r2),
			Group: fe.group,
		})
		arOf[fe.id] = map[int]float64{}
		var car float64
		for tau := -10; tau <= 10; tau++ {
			rf, rm := ret(firm, d0+tau), ret(mkt, d0+tau)
			ar := rf - alpha - beta*rm
			car += ar
			arOf[fe.id][tau] = ar
			set.AR = append(set.AR, results.ARRow{EventID: fe.id, RelDay: tau, Date: mkt.dates[d0+tau],
				Ret: results.Num(rf), NormalRet: results.Num(alpha + beta*rm), AR: results.Num(ar),
				SAR: results.Num(ar / sigma), CAR: results.Num(car)})
		}
		base := d0 - 11
		for tau := -30; tau <= 30 && d0+tau < len(mkt.dates); tau++ {
			set.Prices = append(set.Prices, results.PriceRow{EventID: fe.id, RelDay: tau, Date: mkt.dates[d0+tau],
				Firm: results.Num(100 * firm.adj[d0+tau] / firm.adj[base]), Market: results.Num(100 * mkt.adj[d0+tau] / mkt.adj[base]), Volume: results.NA})
		}
		carOf[fe.id] = map[[2]int]float64{}
		td := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
		for _, w := range windows {
			var c float64
			for tau := w[0]; tau <= w[1]; tau++ {
				c += arOf[fe.id][tau]
			}
			carOf[fe.id][w] = c
			l := w[1] - w[0] + 1
			se := sigma * math.Sqrt(float64(l))
			tt := c / se
			set.CAR = append(set.CAR, results.CARRow{EventID: fe.id, Window: fmt.Sprintf("%d,%d", w[0], w[1]),
				T1: w[0], T2: w[1], CAR: results.Num(c), SE: results.Num(se), T: results.Num(tt), DF: results.SomeInt(df),
				P: results.Num(2 * td.CDF(-math.Abs(tt))), PLower: results.Num(td.CDF(tt)), PUpper: results.Num(1 - td.CDF(tt)),
				BHAR: results.NA, NDays: l, SQP: results.NA, SQPLower: results.NA, SQPUpper: results.NA})
		}
	}
	// Group rows over the primary set (earliest stage per incident).
	groups := []string{"breach", payloadImg}
	for _, g := range groups {
		var members []*results.EventRow
		for i := range set.Events {
			if set.Events[i].Group == g {
				members = append(members, &set.Events[i])
			}
		}
		prim := primary(members)
		var caar float64
		for tau := -10; tau <= 10; tau++ {
			var x []float64
			for _, e := range prim {
				x = append(x, arOf[e.EventID][tau])
			}
			aar := stat.Mean(x, nil)
			caar += aar
			set.AAR = append(set.AAR, results.AARRow{Group: g, RelDay: tau, N: len(x), AAR: results.Num(aar), CAAR: results.Num(caar)})
		}
		for _, w := range windows {
			var x []float64
			pos := 0
			for _, e := range prim {
				c := carOf[e.EventID][w]
				x = append(x, c)
				if c > 0 {
					pos++
				}
			}
			n := len(x)
			mean, sd := stat.MeanStdDev(x, nil)
			tcs := mean / (sd / math.Sqrt(float64(n)))
			td := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}
			win := fmt.Sprintf("%d,%d", w[0], w[1])
			set.Tests = append(set.Tests, results.TestRow{Group: g, Window: win, Test: "cs_t", N: n,
				Estimate: results.Num(mean), Statistic: results.Num(tcs), Dist: "t", DF: results.SomeInt(n - 1),
				P: results.Num(2 * td.CDF(-math.Abs(tcs))), PLower: results.Num(td.CDF(tcs)), PUpper: results.Num(1 - td.CDF(tcs))})
			b := distuv.Binomial{N: float64(n), P: 0.5}
			pl := b.CDF(float64(pos))
			pu := 1 - b.CDF(float64(pos)-1)
			set.Tests = append(set.Tests, results.TestRow{Group: g, Window: win, Test: "sign", N: n,
				Estimate: results.Num(float64(pos) / float64(n)), Statistic: results.Num((float64(pos) - float64(n)/2) / math.Sqrt(float64(n)/4)),
				Dist: "exact", P: results.Num(math.Min(1, 2*math.Min(pl, pu))), PLower: results.Num(pl), PUpper: results.Num(pu)})
			// not computable here (N too small): written with empty p
			set.Tests = append(set.Tests, results.TestRow{Group: g, Window: win, Test: "skew_t", N: n,
				Estimate: results.NA, Statistic: results.NA, P: results.NA, PLower: results.NA, PUpper: results.NA})
		}
	}
	return set
}

// fixtureCompare builds the comparison tables of the fixture with package
// compare's own functions: the stage timeline, T-Mobile 2021's stages
// with "peers" (VZ's CARs stand in for the portfolio), the group
// differences of "breach" against the peer group, confounding and calendar
// clustering on the union of the fixture's trading calendars. Payloads go
// into every text field the report shows.
func fixtureCompare(t testing.TB, set *results.Set) *compare.Tables {
	t.Helper()
	var cal []string
	for _, f := range []string{"SPY-2017.csv", "SPY-2019.csv", "SPY-2021.csv"} {
		cal = append(cal, loadYahoo(t, f).dates...)
	}
	sort.Strings(cal)
	pos := func(d string) int { return sort.SearchStrings(cal, d) }

	tab := &compare.Tables{StageWindow: "0,1"}
	tab.Stages = compare.Stages(stageEvents(t, set))

	var firmCAR, peerCAR []results.CARRow
	firmOf := map[string]string{}
	peers := map[string][]string{}
	note := map[string]string{}
	for _, e := range set.Events {
		firmOf[e.EventID] = e.Firm
		if e.Incident == "tmobile-2021" {
			peers[e.EventID] = []string{"VZ", payloadImg}
			note[e.EventID] = payloadScript
		}
	}
	for _, r := range set.CAR {
		if peers[r.EventID] != nil {
			firmCAR = append(firmCAR, r)
		}
	}
	for _, r := range set.CAR {
		if r.EventID != "vz-2021-peer" {
			continue
		}
		for _, e := range set.Events {
			if peers[e.EventID] != nil {
				p := r
				p.EventID = e.EventID + compare.PeerSuffix
				peerCAR = append(peerCAR, p)
			}
		}
	}
	tab.Peers = compare.PeerRows(firmCAR, peerCAR, firmOf, peers, note)
	// The effect is read back from peers.csv by `report DIR`: untrusted.
	tab.Peers[0].Effect = payloadFunc
	tab.Peers[1].Effect = "contagion"

	var windows []string
	for _, r := range set.Tests {
		if r.Group == "breach" && r.Test == "cs_t" {
			windows = append(windows, r.Window)
		}
	}
	var groups []compare.GroupCARs
	var spans []compare.Span
	day0 := map[string][]int{}
	for _, g := range []string{"breach", payloadImg} {
		gc := compare.GroupCARs{Group: g, CAR: map[string][]float64{}}
		var members []*results.EventRow
		for i := range set.Events {
			if set.Events[i].Group == g {
				members = append(members, &set.Events[i])
			}
		}
		for _, e := range primary(members) {
			day0[g] = append(day0[g], pos(e.Day0))
			for _, r := range set.CAR {
				if r.EventID == e.EventID {
					gc.CAR[r.Window] = append(gc.CAR[r.Window], float64(r.CAR))
				}
			}
		}
		groups = append(groups, gc)
	}
	tab.GroupDiff = compare.GroupDiffs(groups, windows)
	for _, e := range set.Events {
		spans = append(spans, compare.Span{EventID: e.EventID, Firm: e.Firm, Day0: pos(e.Day0)})
	}
	tab.Confounding = compare.Confounding(spans, analysis.Window{T1: -260, T2: -11}, analysis.Window{T1: -10, T2: 10}, false)
	for _, g := range []string{"breach", payloadImg} {
		for _, w := range windows {
			cw, err := analysis.ParseWindow(w)
			if err != nil {
				t.Fatal(err)
			}
			r := compare.Clustering(day0[g], cw)
			r.Group = g
			tab.Clustering = append(tab.Clustering, r)
		}
	}
	return tab
}

// stageEvents are the fixture's analysed events with their car rows, and
// the windows in car order, as the study hands them to compare.Stages.
func stageEvents(t testing.TB, set *results.Set) ([]compare.StageEvent, []string) {
	t.Helper()
	day := func(s string) dates.Day {
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return dates.DayFromTime(tm)
	}
	var windows []string
	carOf := map[string][]results.CARRow{}
	for _, r := range set.CAR {
		if !slices.Contains(windows, r.Window) {
			windows = append(windows, r.Window)
		}
		carOf[r.EventID] = append(carOf[r.EventID], r)
	}
	var evs []compare.StageEvent
	for _, e := range set.Events {
		if e.Status != "ok" || e.Day0 == "" {
			continue
		}
		evs = append(evs, compare.StageEvent{ID: e.EventID, Incident: e.Incident, Firm: e.Firm, Stage: e.Stage,
			DateGiven: day(e.DateGiven), Day0: day(e.Day0), AnchorRule: e.AnchorRule, Tests: carOf[e.EventID]})
	}
	return evs, windows
}
