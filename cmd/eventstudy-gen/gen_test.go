package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"github.com/breachlab/eventstudy/dates"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
)

// small is a spec that runs in milliseconds but still has every feature:
// gaps, all three sessions, several events per firm.
var small = Spec{Securities: 7, Days: 400, Events: 20, Seed: 42, MissingPct: 0.5}

func generate(t *testing.T, s Spec) (dir string, st Stats) {
	t.Helper()
	dir = t.TempDir()
	st, err := Generate(dir, s)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", s, err)
	}
	return dir, st
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var files = []string{"prices.csv", "market.csv", "events.csv"}

func TestDeterministic(t *testing.T) {
	a, _ := generate(t, small)
	b, _ := generate(t, small)
	for _, f := range files {
		if !bytes.Equal(readFile(t, a, f), readFile(t, b, f)) {
			t.Errorf("%s differs between two runs with the same spec", f)
		}
	}
	// A different seed must change every file (else the seed is ignored).
	other := small
	other.Seed++
	c, _ := generate(t, other)
	for _, f := range files {
		if bytes.Equal(readFile(t, a, f), readFile(t, c, f)) {
			t.Errorf("%s is the same for seeds %d and %d", f, small.Seed, other.Seed)
		}
	}
}

// TestSlice checks the property the "identical results on a small slice"
// test relies on: a slice is the full panel's first securities, row for row,
// with the same market and the same event IDs.
func TestSlice(t *testing.T) {
	full, _ := generate(t, small)
	sl := small
	sl.Slice = 3
	part, _ := generate(t, sl)

	fp, pp := readFile(t, full, "prices.csv"), readFile(t, part, "prices.csv")
	if !bytes.HasPrefix(fp, pp) {
		t.Error("sliced prices.csv is not a prefix of the full prices.csv")
	}
	if next := string(fp[len(pp):]); !strings.HasPrefix(next, Symbol(3, small.Securities)+",") {
		t.Errorf("full panel continues with %.20q, want the 4th security", next)
	}
	if !bytes.Equal(readFile(t, full, "market.csv"), readFile(t, part, "market.csv")) {
		t.Error("market.csv differs between slice and full panel")
	}
	var want []string
	for _, l := range lines(readFile(t, full, "events.csv"))[1:] {
		firm := strings.Split(l, ",")[1]
		if n, _ := strconv.Atoi(firm[1:]); n <= 3 {
			want = append(want, l)
		}
	}
	got := lines(readFile(t, part, "events.csv"))[1:]
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) == 0 {
		t.Errorf("sliced events:\n%s\nwant the full run's events on S0001-S0003:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func lines(b []byte) []string {
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// TestCalendar checks against a hand count: 2000 starts on a Saturday and
// has 366 days, so 260 weekdays; Jan 1 is a Saturday, Jul 4 a Tuesday and
// Dec 25 a Monday, so 258 trading days.
func TestCalendar(t *testing.T) {
	cal := Calendar(600)
	in2000 := 0
	for _, d := range cal {
		if d < dates.DayOf(2001, 1, 1) {
			in2000++
		}
	}
	if in2000 != 258 {
		t.Errorf("trading days in 2000 = %d, want 258", in2000)
	}
	for _, c := range []struct {
		y, m, d int
		trading bool
	}{
		{2000, 1, 3, true}, {2000, 1, 8, false}, {2000, 7, 4, false}, {2000, 7, 5, true},
		{2000, 12, 25, false}, {2001, 1, 1, false}, {2001, 1, 2, true},
	} {
		_, ok := (&dates.Calendar{Days: cal}).Index(dates.DayOf(c.y, c.m, c.d))
		if ok != c.trading {
			t.Errorf("%04d-%02d-%02d trading = %v, want %v", c.y, c.m, c.d, ok, c.trading)
		}
	}
	if cal[0] != dates.DayOf(2000, 1, 3) {
		t.Errorf("first day %s, want 2000-01-03", cal[0])
	}
}

// TestRowCounts parses the three files independently of the generator and
// checks sizes, order and invariants.
func TestRowCounts(t *testing.T) {
	for _, s := range []Spec{
		{Securities: 5, Days: 300, Events: 12, Seed: 1},                 // no gaps: rows = securities × days
		{Securities: 7, Days: 400, Events: 20, Seed: 3, MissingPct: 1},  // gaps
		{Securities: 10, Days: 296, Events: 9, Seed: 5, Slice: 4},       // minimum days
		{Securities: 3, Days: 350, Events: 0, Seed: 9, MissingPct: 0.1}, // no events
	} {
		dir, st := generate(t, s)
		cal := Calendar(s.Days)
		calendar := &dates.Calendar{Days: cal}

		n := s.written()
		px := parseCSV(t, filepath.Join(dir, "prices.csv"), []string{"symbol", "date", "close"})
		if st.PriceRows != int64(len(px)) {
			t.Errorf("%+v: Stats.PriceRows %d, file has %d", s, st.PriceRows, len(px))
		}
		full := n * s.Days
		if s.MissingPct == 0 && len(px) != full {
			t.Errorf("%+v: %d price rows, want %d", s, len(px), full)
		}
		// Gaps: binomial(full, p); allow 5 standard deviations.
		p := s.MissingPct / 100
		if miss := float64(full - len(px)); math.Abs(miss-p*float64(full)) > 5*math.Sqrt(float64(full)*p*(1-p))+1 {
			t.Errorf("%+v: %g missing rows, expected about %g", s, miss, p*float64(full))
		}
		var prevSym string
		var prevDay dates.Day
		symbols := map[string]bool{}
		for i, r := range px {
			d, err := dates.ParseDate([]byte(r[1]), dates.DateISO)
			if err != nil {
				t.Fatalf("prices.csv:%d: %v", i+2, err)
			}
			if _, ok := calendar.Index(d); !ok {
				t.Errorf("prices.csv:%d: %s is not a trading day", i+2, d)
			}
			if r[0] < prevSym || (r[0] == prevSym && d <= prevDay) {
				t.Fatalf("prices.csv:%d: not sorted by symbol then date", i+2)
			}
			prevSym, prevDay = r[0], d
			symbols[r[0]] = true
			v, err := strconv.ParseFloat(r[2], 64)
			if err != nil || !(v > 0) || len(r[2])-strings.IndexByte(r[2], '.') != 7 {
				t.Errorf("prices.csv:%d: close %q is not a positive price with 6 decimals", i+2, r[2])
			}
		}
		if len(symbols) != n {
			t.Errorf("%+v: %d symbols, want %d", s, len(symbols), n)
		}

		mk := parseCSV(t, filepath.Join(dir, "market.csv"), []string{"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"})
		if len(mk) != s.Days {
			t.Errorf("%+v: %d market rows, want %d", s, len(mk), s.Days)
		}
		for i, r := range mk {
			if r[0] != cal[i].String() {
				t.Fatalf("market.csv:%d: date %s, want %s", i+2, r[0], cal[i])
			}
			o, h, l, c := num(t, r[1]), num(t, r[2]), num(t, r[3]), num(t, r[4])
			if !(l <= min(o, c) && h >= max(o, c) && l > 0) || r[4] != r[5] {
				t.Errorf("market.csv:%d: inconsistent OHLC %v", i+2, r)
			}
		}

		ev := parseCSV(t, filepath.Join(dir, "events.csv"), []string{"event_id", "firm", "date", "session", "records"})
		want := 0
		for _, e := range GenerateEvents(s) {
			if e.Firm < n {
				want++
			}
		}
		if len(ev) != want || st.EventRows != want {
			t.Errorf("%+v: %d events (stats %d), want %d", s, len(ev), st.EventRows, want)
		}
		for i, r := range ev {
			if !symbols[r[1]] {
				t.Errorf("events.csv:%d: firm %s has no prices", i+2, r[1])
			}
			d, err := dates.ParseDate([]byte(r[2]), dates.DateISO)
			if err != nil {
				t.Fatalf("events.csv:%d: %v", i+2, err)
			}
			pos, ok := calendar.Index(d)
			day0 := pos
			if r[3] == "after" {
				day0++
			}
			if !ok || day0 < minBefore || day0 > s.Days-1-minAfter {
				t.Errorf("events.csv:%d: day 0 at position %d, want [%d,%d]", i+2, day0, minBefore, s.Days-1-minAfter)
			}
			if rec, err := strconv.ParseInt(r[4], 10, 64); err != nil || rec < 0 {
				t.Errorf("events.csv:%d: records %q", i+2, r[4])
			}
		}
	}
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func parseCSV(t *testing.T, path string, header []string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if strings.Join(recs[0], ",") != strings.Join(header, ",") {
		t.Fatalf("%s: header %v, want %v", path, recs[0], header)
	}
	return recs[1:]
}

// TestAbnormal checks the injection: with the same seed every random draw
// is the same, so the day-0 return of each event rises by exactly the
// injected amount and no other return changes (up to the 6-decimal
// rounding of the prices).
func TestAbnormal(t *testing.T) {
	const ar = 0.01
	s := Spec{Securities: 4, Days: 320, Events: 10, Seed: 11}
	base, _ := generate(t, s)
	s.Abnormal = ar
	inj, _ := generate(t, s)

	r0 := returnsBySymbol(t, filepath.Join(base, "prices.csv"))
	r1 := returnsBySymbol(t, filepath.Join(inj, "prices.csv"))
	day0 := map[string]map[int]bool{}
	for _, e := range GenerateEvents(s) {
		sym := Symbol(e.Firm, s.Securities)
		if day0[sym] == nil {
			day0[sym] = map[int]bool{}
		}
		day0[sym][e.Day0] = true
	}
	hits := 0
	for sym, rs := range r0 {
		for t0, r := range rs {
			want := 0.0
			if day0[sym][t0] {
				want = ar
				hits++
			}
			// A price of p with 6 decimals has relative error <= 5e-7/p; prices stay above 1 here.
			if got := r1[sym][t0] - r; math.Abs(got-want) > 2e-6 {
				t.Errorf("%s day %d: return changed by %.9f, want %g", sym, t0, got, want)
			}
		}
	}
	if hits != s.Events {
		t.Errorf("checked %d event days, want %d", hits, s.Events)
	}
}

// returnsBySymbol reads a gap-free long price file into simple returns
// indexed by calendar position.
func returnsBySymbol(t *testing.T, path string) map[string][]float64 {
	t.Helper()
	px := map[string][]float64{}
	for _, r := range parseCSV(t, path, []string{"symbol", "date", "close"}) {
		px[r[0]] = append(px[r[0]], num(t, r[2]))
	}
	out := map[string][]float64{}
	for sym, p := range px {
		r := make([]float64, len(p))
		for i := 1; i < len(p); i++ {
			r[i] = p[i]/p[i-1] - 1
		}
		out[sym] = r
	}
	return out
}

// TestModel checks that the files follow the stated data-generating
// process: market volatility 1%, fat tails, and OLS betas whose average is
// that of U(0.5,1.5). Tolerances are a few standard errors of the estimates
// for this seed (the draws are deterministic, so the test cannot flake).
func TestModel(t *testing.T) {
	s := Spec{Securities: 40, Days: 2000, Events: 0, Seed: 7}
	dir, _ := generate(t, s)
	rm := make([]float64, 0, s.Days)
	var prev float64
	for i, r := range parseCSV(t, filepath.Join(dir, "market.csv"), []string{"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"}) {
		c := num(t, r[4])
		if i > 0 {
			rm = append(rm, c/prev-1)
		}
		prev = c
	}
	mean, sd := stat.MeanStdDev(rm, nil)
	if math.Abs(sd-marketSigma) > 0.05*marketSigma {
		t.Errorf("market daily sd %.5f, want about %g", sd, marketSigma)
	}
	if math.Abs(mean-marketMean) > 3*sd/math.Sqrt(float64(len(rm))) {
		t.Errorf("market mean %.6f, want about %g", mean, marketMean)
	}
	// Excess kurtosis of t(4) is infinite; a normal sample's is ~0 ± 0.1 here.
	if k := stat.ExKurtosis(rm, nil); k < 1 {
		t.Errorf("market excess kurtosis %.2f: tails are not fat", k)
	}
	var betas []float64
	for sym, r := range returnsBySymbol(t, filepath.Join(dir, "prices.csv")) {
		_, beta := stat.LinearRegression(rm, r[1:], nil, false)
		betas = append(betas, beta)
		// No move the split detector would flag: the null has no data errors.
		for i, x := range r {
			if math.Abs(x) >= prices.SplitMinMove {
				t.Errorf("%s day %d: return %.3f looks like a split", sym, i, x)
			}
		}
	}
	// Mean of 40 U(0.5,1.5) draws: 1 ± 0.046 (sd 1/sqrt(12*40)), plus estimation noise.
	if m := stat.Mean(betas, nil); math.Abs(m-1) > 0.15 {
		t.Errorf("mean beta %.3f, want about 1", m)
	}
	for _, b := range betas {
		if b < 0.5-0.25 || b > 1.5+0.25 {
			t.Errorf("beta %.3f far outside U(0.5,1.5)", b)
		}
	}
}

// TestSeason: with -season every day 0 falls in the first Season trading
// days of a quarter of the span events may use, every season gets events
// (uniform over the seasons' days) and no firm has two events on a day;
// without it the draws are those of a uniform calendar.
func TestSeason(t *testing.T) {
	s := Spec{Securities: 50, Days: 2000, Events: 3000, Seed: 3, Season: 10}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	evs := GenerateEvents(s)
	quarters := (s.Days - minBefore - minAfter) / quarterDays // 27
	perQuarter := make([]int, quarters)
	seen := map[[2]int]bool{}
	for _, e := range evs {
		off := e.Day0 - minBefore
		if off < 0 || off%quarterDays >= s.Season || off/quarterDays >= quarters {
			t.Fatalf("event %s: day 0 at %d, outside the seasons", e.ID, e.Day0)
		}
		perQuarter[off/quarterDays]++
		k := [2]int{e.Firm, e.Day0}
		if seen[k] {
			t.Fatalf("firm %d has two events on day %d", e.Firm, e.Day0)
		}
		seen[k] = true
	}
	// 3000 events over 27 seasons: about 111 each (binomial sd 10).
	for q, n := range perQuarter {
		if n < 60 || n > 170 {
			t.Errorf("season %d has %d events, want about %d", q, n, len(evs)/quarters)
		}
	}
	uniform := s
	uniform.Season = 0
	spread := 0
	for _, e := range GenerateEvents(uniform) {
		if (e.Day0-minBefore)%quarterDays >= s.Season {
			spread++
		}
	}
	// Uniform: (63-10)/63 of the days are outside the seasons.
	if want := 3000 * 53 / 63; spread < want-150 || spread > want+150 {
		t.Errorf("without -season %d of 3000 events are outside the seasons' days, want about %d", spread, want)
	}
}

func TestRunUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-securities", "2", "-days", "300", "-events", "3", "-out", "DIR"}, 0, ""},
		{[]string{"-securities", "2", "-days", "300"}, 2, "-out DIR is required"},
		{[]string{"-securities", "0", "-out", "DIR"}, 2, "-securities 0"},
		{[]string{"-days", "100", "-out", "DIR"}, 2, "-days 100"},
		{[]string{"-securities", "1", "-days", "296", "-events", "2", "-out", "DIR"}, 2, "-events 2"},
		{[]string{"-abnormal", "NaN", "-out", "DIR"}, 2, "-abnormal"},
		{[]string{"-missing", "100", "-out", "DIR"}, 2, "-missing"},
		{[]string{"-slice", "-1", "-out", "DIR"}, 2, "-slice"},
		{[]string{"-season", "64", "-out", "DIR"}, 2, "-season 64"},
		{[]string{"-securities", "2", "-days", "400", "-events", "9", "-season", "5", "-out", "DIR"}, 0, ""},
		{[]string{"-securities", "2", "-days", "400", "-events", "9", "-season", "4", "-out", "DIR"}, 2, "more than the 8 distinct security-days in seasons of 4 days"},
		{[]string{"-out", "DIR", "extra"}, 2, "unexpected argument"},
		{[]string{"-bogus"}, 2, "bogus"},
	} {
		dir := t.TempDir()
		args := append([]string(nil), c.args...)
		for i := range args {
			if args[i] == "DIR" {
				args[i] = dir
			}
		}
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != c.code || !strings.Contains(errb.String(), c.msg) {
			t.Errorf("run %v = %d, stderr %q; want %d and %q", c.args, code, errb.String(), c.code, c.msg)
		}
	}
}

// FuzzSpec: any spec either fails validation or generates files whose row
// counts match the spec; nothing panics.
func FuzzSpec(f *testing.F) {
	f.Add(3, 300, 5, uint64(1), 0.0, 0, 0.1)
	f.Add(1, 296, 1, uint64(2), 0.05, 1, 0.0)
	f.Add(0, 0, -1, uint64(0), math.Inf(1), -3, 200.0)
	f.Fuzz(func(t *testing.T, secs, days, events int, seed uint64, ar float64, slice int, miss float64) {
		// Bound the sizes so that one input stays fast.
		s := Spec{Securities: secs % 8, Days: days % 700, Events: events % 30, Seed: seed, Abnormal: ar, Slice: slice % 10, MissingPct: miss}
		if s.Validate() != nil {
			return
		}
		var pb, eb bytes.Buffer
		cal := Calendar(s.Days)
		rm := MarketReturns(s)
		evs := GenerateEvents(s)
		rows, err := WritePrices(&pb, s, cal, rm, evs)
		if err != nil {
			t.Fatal(err)
		}
		if n := int64(bytes.Count(pb.Bytes(), []byte("\n"))) - 1; n != rows || rows > int64(s.written()*s.Days) {
			t.Fatalf("%+v: %d rows reported, %d written", s, rows, n)
		}
		if len(evs) != s.Events {
			t.Fatalf("%+v: %d events", s, len(evs))
		}
		if _, err := WriteEvents(&eb, s, cal, evs); err != nil {
			t.Fatal(err)
		}
		if err := WriteMarket(io.Discard, s, cal, rm); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(&pb)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "NaN") || strings.Contains(sc.Text(), "Inf") || strings.Contains(sc.Text(), ",-") {
				t.Fatalf("%+v: bad row %q", s, sc.Text())
			}
		}
	})
}

// TestProjectLoaders reads the generated files with the project's own
// loaders (prices.Load, events.Load) and anchors every event with the
// default rule: day 0 must be the generator's true day 0, including the
// after-close disclosures dated the day before.
func TestProjectLoaders(t *testing.T) {
	s := Spec{Securities: 6, Days: 420, Events: 25, Seed: 5, MissingPct: 1, Slice: 5}
	dir, st := generate(t, s)

	panel, err := prices.Load(filepath.Join(dir, "prices.csv"), prices.LoadOptions{})
	if err != nil {
		t.Fatalf("prices.Load(prices.csv): %v", err)
	}
	if panel.Layout != "long" {
		t.Errorf("prices.csv layout %q, want long", panel.Layout)
	}
	if len(panel.Series) != s.Slice {
		t.Errorf("prices.csv: %d series, want %d", len(panel.Series), s.Slice)
	}
	var rows int64
	for sym, ser := range panel.Series {
		if ser.IsReturn {
			t.Errorf("%s read as returns, want prices", sym)
		}
		for i, v := range ser.Values {
			if !(v > 0) {
				t.Errorf("%s %s: invalid price %g", sym, ser.Dates[i], v)
			}
		}
		rows += int64(len(ser.Dates))
	}
	if rows != st.PriceRows {
		t.Errorf("prices.Load read %d rows, generator wrote %d", rows, st.PriceRows)
	}

	mp, err := prices.Load(filepath.Join(dir, "market.csv"), prices.LoadOptions{})
	if err != nil {
		t.Fatalf("prices.Load(market.csv): %v", err)
	}
	mkt := mp.Series["market"]
	if mp.Layout != "yahoo-file" || mkt == nil || mkt.Column != "Adj Close" {
		t.Fatalf("market.csv: layout %q, symbols %v, want yahoo-file with symbol market and column Adj Close", mp.Layout, mp.Symbols())
	}
	cal, err := prices.MarketCalendar(mkt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cal.Days, Calendar(s.Days)) {
		t.Errorf("market calendar (%d days) differs from the generator's (%d)", cal.Len(), s.Days)
	}

	ef, err := events.Load(filepath.Join(dir, "events.csv"), dates.DateAuto)
	if err != nil {
		t.Fatalf("events.Load: %v", err)
	}
	if !slices.Equal(ef.Characteristics, []string{"records"}) {
		t.Errorf("characteristics %v, want [records]", ef.Characteristics)
	}
	var want []Event
	for _, e := range GenerateEvents(s) {
		if e.Firm < s.Slice {
			want = append(want, e)
		}
	}
	if len(ef.Events) != len(want) || len(want) == 0 {
		t.Fatalf("events.Load: %d events, want %d", len(ef.Events), len(want))
	}
	for i := range ef.Events {
		e, w := &ef.Events[i], want[i]
		a := events.AnchorEvent(e, cal, events.RuleNext, 0)
		if e.ID != w.ID || e.Firm != Symbol(w.Firm, s.Securities) || a.Day0 != w.Day0 {
			t.Errorf("event %s %s (%s, %s): day 0 at %d (%s), want %s %s at %d", e.ID, e.Firm, e.Date, e.Session, a.Day0, a.Log, w.ID, Symbol(w.Firm, s.Securities), w.Day0)
		}
		if e.Characteristics[0] != float64(w.Records) {
			t.Errorf("event %s: records %g, want %d", e.ID, e.Characteristics[0], w.Records)
		}
	}
}
