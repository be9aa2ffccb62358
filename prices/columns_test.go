package prices

import (
	"encoding/csv"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// tmusRow is a row of the demo's Yahoo file for T-Mobile, the source of
// every fixture here: each layout is rebuilt from it at full precision
// and must give the same series.
type tmusRow struct {
	date       string // YYYY-MM-DD
	close, adj float64
	closeText  string
	adjText    string
}

func tmusRows(t testing.TB) []tmusRow {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "demo", "prices", "TMUS.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []tmusRow
	for _, r := range recs[1:] {
		c, err1 := strconv.ParseFloat(r[4], 64)
		a, err2 := strconv.ParseFloat(r[5], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("TMUS.csv row %v", r)
		}
		rows = append(rows, tmusRow{date: r[0], close: c, adj: a, closeText: r[4], adjText: r[5]})
	}
	return rows
}

// tmusReturns are the simple returns of Adj Close, rows[1:].
func tmusReturns(rows []tmusRow) []float64 {
	r := make([]float64, len(rows)-1)
	for i := 1; i < len(rows); i++ {
		r[i-1] = rows[i].adj/rows[i-1].adj - 1
	}
	return r
}

func g(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func compact(iso string) string { return strings.ReplaceAll(iso, "-", "") }

// sameSeriesAs checks a series against dates and values to abs (NaN where
// want is NaN).
func sameSeriesAs(t *testing.T, s *Series, dates []string, want []float64, abs float64) {
	t.Helper()
	if len(s.Values) != len(want) || len(s.Dates) != len(dates) {
		t.Fatalf("%d values, want %d", len(s.Values), len(want))
	}
	for i := range want {
		if s.Dates[i] != day(t, dates[i]) {
			t.Fatalf("row %d: date %s, want %s", i, s.Dates[i], dates[i])
		}
		if math.IsNaN(want[i]) != math.IsNaN(s.Values[i]) || math.Abs(s.Values[i]-want[i]) > abs {
			t.Fatalf("row %d (%s): %v, want %v", i, dates[i], s.Values[i], want[i])
		}
	}
}

func build(rows []tmusRow, header string, line func(i int, r tmusRow) string, from int) string {
	var b strings.Builder
	b.WriteString(header + "\n")
	for i := from; i < len(rows); i++ {
		b.WriteString(line(i, rows[i]) + "\n")
	}
	return b.String()
}

func retDates(rows []tmusRow) []string {
	d := make([]string, len(rows)-1)
	for i := range d {
		d[i] = rows[i+1].date
	}
	return d
}

func loadErr(t *testing.T, path string, opt LoadOptions) string {
	t.Helper()
	p, err := Load(path, opt)
	if err == nil {
		t.Fatalf("loaded (%s), want an error", p.Detail)
	}
	return err.Error()
}

// Percent, decimal and log returns columns: a percent file is refused
// without --returns-unit (it was read as decimals: day-0 AR -316.7 %),
// and read as the Yahoo file's returns with it.
func TestReturnsUnit(t *testing.T) {
	rows := tmusRows(t)
	ret := tmusReturns(rows)
	dates := retDates(rows)
	dir := t.TempDir()
	pct := build(rows, "ticker,date,ret", func(i int, r tmusRow) string { return "TMUS," + r.date + "," + g(100*ret[i-1]) }, 1)
	pctPath := writeTemp(t, dir, "pct.csv", pct)
	abs := make([]float64, len(ret))
	firstBelow := -1
	for i, r := range ret {
		abs[i] = math.Abs(100 * r)
		if firstBelow < 0 && 100*r < -1 {
			firstBelow = i
		}
	}
	slices.Sort(abs)
	med := (abs[len(abs)/2-1] + abs[len(abs)/2]) / 2
	if len(abs)%2 == 1 {
		med = abs[len(abs)/2]
	}

	t.Run("percent refused without the unit", func(t *testing.T) {
		msg := loadErr(t, pctPath, LoadOptions{})
		want := fmt.Sprintf(`%s:1:13: returns in column "ret" look like percent: median |r| = %.3g, where a decimal daily return's is about 0.01; say the unit: --returns-unit percent`, pctPath, med)
		if !strings.Contains(msg, want) {
			t.Errorf("error\n%s\nlacks\n%s", msg, want)
		}
		line := fmt.Sprintf("%s:%d:17: return %q in column \"ret\" is below -1 (-100 %%), impossible for a decimal simple return; if the column holds percent, pass --returns-unit percent",
			pctPath, firstBelow+2, g(100*ret[firstBelow]))
		if !strings.Contains(msg, line) {
			t.Errorf("error\n%s\nlacks\n%s", msg, line)
		}
		if med < 0.5 || med > 2 {
			t.Errorf("TMUS median |r| in percent %v, want about 1", med)
		}
	})
	t.Run("percent as told", func(t *testing.T) {
		p, err := Load(pctPath, LoadOptions{ReturnsUnit: UnitPercent})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Series["TMUS"]
		sameSeriesAs(t, s, dates, ret, 1e-12)
		if !s.IsReturn || s.Adjusted {
			t.Errorf("IsReturn %v Adjusted %v", s.IsReturn, s.Adjusted)
		}
		if want := `value column "ret" (returns, from the column name; percent, divided by 100, as told (--returns-unit))`; !strings.Contains(p.Detail, want) {
			t.Errorf("detail %q lacks %q", p.Detail, want)
		}
		// day 0 of the running example: -2.905 % in the file
		i := slices.Index(dates, "2021-08-16")
		if math.Abs(s.Values[i]-(-0.02905)) > 5e-5 {
			t.Errorf("2021-08-16: %v, want -0.02905", s.Values[i])
		}
	})
	t.Run("decimal by name and size", func(t *testing.T) {
		path := writeTemp(t, dir, "dec.csv", build(rows, "ticker,date,ret", func(i int, r tmusRow) string { return "TMUS," + r.date + "," + g(ret[i-1]) }, 1))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sameSeriesAs(t, p.Series["TMUS"], dates, ret, 0)
		want := "returns, from the column name; decimal, by size: median |r| below 0.1)"
		if !strings.Contains(p.Detail, want) {
			t.Errorf("detail %q lacks %q", p.Detail, want)
		}
	})
	t.Run("log by name", func(t *testing.T) {
		path := writeTemp(t, dir, "log.csv", build(rows, "ticker,date,log_return", func(i int, r tmusRow) string { return "TMUS," + r.date + "," + g(math.Log1p(ret[i-1])) }, 1))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sameSeriesAs(t, p.Series["TMUS"], dates, ret, 1e-12)
		if want := "log, converted to simple returns exp(r)-1, from the column name"; !strings.Contains(p.Detail, want) {
			t.Errorf("detail %q lacks %q", p.Detail, want)
		}
	})
	t.Run("log as told", func(t *testing.T) {
		path := writeTemp(t, dir, "logtold.csv", build(rows, "ticker,date,ret", func(i int, r tmusRow) string { return "TMUS," + r.date + "," + g(math.Log1p(ret[i-1])) }, 1))
		p, err := Load(path, LoadOptions{ReturnsUnit: UnitLog})
		if err != nil {
			t.Fatal(err)
		}
		sameSeriesAs(t, p.Series["TMUS"], dates, ret, 1e-12)
	})
	t.Run("decimal below -100 %", func(t *testing.T) {
		lines := strings.Split(build(rows, "ticker,date,ret", func(i int, r tmusRow) string { return "TMUS," + r.date + "," + g(ret[i-1]) }, 1), "\n")
		lines[3600] = "TMUS," + rows[3600].date + ",-1.5"
		path := writeTemp(t, dir, "below.csv", strings.Join(lines, "\n"))
		msg := loadErr(t, path, LoadOptions{})
		want := path + `:3601:17: return "-1.5" in column "ret" is below -1 (-100 %), impossible for a decimal simple return; if the column holds percent, pass --returns-unit percent; log returns: --returns-unit log`
		if msg != want {
			t.Errorf("error\n%s\nwant\n%s", msg, want)
		}
	})
	for _, name := range []string{"change %", "pct", "ret_pct", "pct_change", "% chg", "return (%)", "Chg %"} {
		t.Run("percent name "+name, func(t *testing.T) {
			for _, scale := range []float64{1, 100} { // pandas' pct_change is decimal: the name never settles it
				path := writeTemp(t, dir, "name.csv", build(rows, "ticker,date,"+name, func(i int, r tmusRow) string { return "TMUS," + r.date + "," + g(scale*ret[i-1]) }, 1))
				msg := loadErr(t, path, LoadOptions{})
				want := fmt.Sprintf(`column %q is named like percent returns (median |r| = %.3g;`, name, scale*med/100)
				if !strings.Contains(msg, want) || !strings.Contains(msg, "--returns-unit percent") {
					t.Errorf("error\n%s\nlacks %q", msg, want)
				}
				unit := map[float64]ReturnsUnit{1: UnitDecimal, 100: UnitPercent}[scale]
				p, err := Load(path, LoadOptions{ReturnsUnit: unit})
				if err != nil {
					t.Fatal(err)
				}
				sameSeriesAs(t, p.Series["TMUS"], dates, ret, 1e-12)
			}
		})
	}
	t.Run("wide percent", func(t *testing.T) {
		path := writeTemp(t, dir, "wide.csv", build(rows, "Date,TMUS", func(i int, r tmusRow) string { return r.date + "," + g(100*ret[i-1]) }, 1))
		msg := loadErr(t, path, LoadOptions{})
		if !strings.Contains(msg, "of the values are negative, so they are returns, not prices") || !strings.Contains(msg, "--returns-unit percent") {
			t.Errorf("error %s", msg)
		}
		p, err := Load(path, LoadOptions{ReturnsUnit: UnitPercent})
		if err != nil {
			t.Fatal(err)
		}
		sameSeriesAs(t, p.Series["TMUS"], dates, ret, 1e-12)
	})
}

// Adjusted prices under their sources' names win over an unadjusted
// close; an unadjusted close alone is read with a warning.
func TestAdjustedColumns(t *testing.T) {
	rows := tmusRows(t)
	dir := t.TempDir()
	var dates []string
	var adj, cls []float64
	for _, r := range rows {
		dates, adj, cls = append(dates, r.date), append(adj, r.adj), append(cls, r.close)
	}
	for _, name := range []string{"adjusted", "adj_close", "adjclose", "Adj. Close", "Adj Close**", "Adj Close*", "adjusted_close", "AdjClose"} {
		t.Run(name, func(t *testing.T) {
			path := writeTemp(t, dir, "TMUS.csv", build(rows, "Date,Close,"+name, func(i int, r tmusRow) string { return r.date + "," + r.closeText + "," + r.adjText }, 0))
			p, err := Load(path, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := p.Series["TMUS"]
			sameSeriesAs(t, s, dates, adj, 0)
			if s.Column != name || !s.Adjusted {
				t.Errorf("column %q adjusted %v", s.Column, s.Adjusted)
			}
			if want := `adjusted for splits and dividends, chosen over unadjusted "Close"`; !strings.Contains(p.Detail, want) {
				t.Errorf("detail %q lacks %q", p.Detail, want)
			}
			if strings.Contains(strings.Join(p.Notes, "\n"), "not adjusted") {
				t.Errorf("notes %q", p.Notes)
			}
		})
	}
	t.Run("tidyquant", func(t *testing.T) {
		path := writeTemp(t, dir, "tq.csv", build(rows, "symbol,date,open,high,low,close,volume,adjusted", func(i int, r tmusRow) string {
			return "TMUS," + r.date + ",1,1,1," + r.closeText + ",100," + r.adjText
		}, 0))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sameSeriesAs(t, p.Series["TMUS"], dates, adj, 0)
		if !p.Series["TMUS"].Adjusted || !strings.Contains(p.Detail, `value column "adjusted" (prices, from the column name, adjusted for splits and dividends, chosen over unadjusted "close")`) {
			t.Errorf("detail %q", p.Detail)
		}
	})
	for _, tc := range []struct {
		header, sym, col, detail string
		adjusted                 bool
	}{
		{"Date,Close", "TMUS", "Close", `column "Close" (prices, from the column name, unadjusted)`, false},
		{"Instrument,Date,Price Close", "TMUS.O", "Price Close", `symbol column "Instrument", value column "Price Close" (prices, from the column name, unadjusted)`, false},
		{"RIC,Date,Close", "TMUS.O", "Close", `symbol column "RIC"`, false},
		{"Date,PX_LAST", "TMUS", "PX_LAST", "Bloomberg PX_LAST, unadjusted unless the export said otherwise", false},
		{"Date,Close*", "TMUS", "Close*", "adjusted for splits only (Yahoo web's Close*), not dividends", true},
		{"Date,Price,Open,High,Low,Vol.,Change %", "TMUS", "Price", `(prices, from the column name, unadjusted; "Change %" ignored)`, false},
		// yfinance history() with auto_adjust=True (its default) writes
		// Dividends and Stock Splits and no Adj Close: Close is adjusted.
		{"Date,Open,High,Low,Close,Volume,Dividends,Stock Splits", "TMUS", "Close", "adjusted for splits and dividends (yfinance auto_adjust=True); the file has Dividends and Stock Splits columns", true},
		// One of the two is no proof.
		{"Date,Close,Dividends", "TMUS", "Close", `column "Close" (prices, from the column name, unadjusted)`, false},
	} {
		t.Run(tc.header, func(t *testing.T) {
			long := !strings.HasPrefix(tc.header, "Date")
			path := writeTemp(t, dir, "TMUS.csv", build(rows, tc.header, func(i int, r tmusRow) string {
				switch {
				case long:
					return "TMUS.O," + r.date + "," + r.closeText
				case strings.Contains(tc.header, "Change"):
					return r.date + "," + r.closeText + ",1,1,1,1.2M,-2.91%"
				case strings.Contains(tc.header, "Stock Splits"):
					return r.date + ",1,1,1," + r.closeText + ",100,0.0,0.0"
				case strings.Contains(tc.header, "Dividends"):
					return r.date + "," + r.closeText + ",0.0"
				}
				return r.date + "," + r.closeText
			}, 0))
			p, err := Load(path, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := p.Series[tc.sym]
			if s == nil {
				t.Fatalf("no %s: %v", tc.sym, p.Symbols())
			}
			sameSeriesAs(t, s, dates, cls, 0)
			if s.Column != tc.col || s.Adjusted != tc.adjusted {
				t.Errorf("column %q adjusted %v", s.Column, s.Adjusted)
			}
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, tc.detail)
			}
			note := strings.Contains(strings.Join(p.Notes, "\n"), fmt.Sprintf("column %q holds prices not adjusted for dividends and splits", tc.col))
			if note == tc.adjusted {
				t.Errorf("unadjusted warning %v for adjusted %v: %q", note, tc.adjusted, p.Notes)
			}
		})
	}
}

// A repeated column name (Date,Close,Close,Close: a trimmed yfinance
// multi-ticker download) was read from its first Close.
func TestRepeatedColumns(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content, want string }{
		{"yfinance trimmed", "Date,Close,Close,Close\n2021-08-16,140.73,4479.71,10.5\n",
			`:1:12: columns 2 ("Close") and 3 ("Close") have the same name; keep one column of each name`},
		{"after normalisation", "Date,Adj Close,adj_close\n2021-08-16,1,2\n",
			`:1:16: columns 2 ("Adj Close") and 3 ("adj_close") have the same name`},
		{"long", "ticker,date,ret,RET\nTMUS,2021-08-16,-0.029,-0.029\n",
			`:1:17: columns 3 ("ret") and 4 ("RET") have the same name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, dir, "F.csv", tc.content)
			msg := loadErr(t, path, LoadOptions{})
			if !strings.HasPrefix(msg, path+tc.want) {
				t.Errorf("error\n%s\nwant prefix\n%s", msg, path+tc.want)
			}
		})
	}
}

// CRSP daily files: RET wins over PRC, its letter codes are missing
// values, a negative PRC is the bid/ask midpoint, PERMNO is the key.
func TestCRSP(t *testing.T) {
	rows := tmusRows(t)
	ret := tmusReturns(rows)
	retDays := retDates(rows)
	dir := t.TempDir()
	want := slices.Clone(ret)
	coded := map[int]string{0: "C", 100: "B", 200: "-66.0", 300: "B"}
	for i := range coded {
		want[i] = math.NaN()
	}
	t.Run("RET", func(t *testing.T) {
		path := writeTemp(t, dir, "dsf.csv", build(rows, "PERMNO,date,TICKER,PRC,RET", func(i int, r tmusRow) string {
			prc := r.closeText
			if i%10 == 0 {
				prc = "-" + prc
			}
			rv := g(ret[i-1])
			if c, ok := coded[i-1]; ok {
				rv = c
			}
			return "79678," + compact(r.date) + ",TMUS," + prc + "," + rv
		}, 1))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Series["79678"]
		if s == nil {
			t.Fatalf("no PERMNO series: %v", p.Symbols())
		}
		sameSeriesAs(t, s, retDays, want, 0)
		if !s.IsReturn || s.Column != "RET" {
			t.Errorf("IsReturn %v column %q", s.IsReturn, s.Column)
		}
		if d := `long file (CRSP daily), comma-delimited, dates YYYYMMDD, symbol column "PERMNO", value column "RET" (returns, from the column name; decimal`; !strings.HasPrefix(p.Detail, d) {
			t.Errorf("detail %q lacks %q", p.Detail, d)
		}
		note := `4 CRSP missing-return codes in "RET" treated as missing: B 3 (more than 10 trading days since the last price (-66)), C 1 (no valid price on this or the previous day (-99))`
		if !strings.Contains(strings.Join(p.Notes, "\n"), note) {
			t.Errorf("notes %q lack %q", p.Notes, note)
		}
		// The letter codes are counted once, by the codes note, not again
		// as "empty or invalid cells (empty, NaN, Inf, null)".
		if n := "empty or invalid cells"; strings.Contains(strings.Join(p.Notes, "\n"), n) {
			t.Errorf("notes %q count the codes as %q", p.Notes, n)
		}
	})
	t.Run("CUSIP key, RET over PRC", func(t *testing.T) {
		path := writeTemp(t, dir, "cusip.csv", build(rows, "CUSIP,date,PRC,RET", func(i int, r tmusRow) string {
			return "87264510," + compact(r.date) + "," + r.closeText + "," + g(ret[i-1])
		}, 1))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if s := p.Series["87264510"]; s == nil || s.Column != "RET" {
			t.Fatalf("series %v (%s)", p.Symbols(), p.Detail)
		}
		sameSeriesAs(t, p.Series["87264510"], retDays, ret, 0)
	})
	t.Run("PRC only, lower case", func(t *testing.T) {
		path := writeTemp(t, dir, "prc.csv", build(rows, "permno,date,prc", func(i int, r tmusRow) string {
			prc := r.closeText
			if i%10 == 0 {
				prc = "-" + prc
			}
			return "79678," + r.date + "," + prc
		}, 0))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var cls []float64
		var ds []string
		n := 0
		for i, r := range rows {
			cls, ds = append(cls, r.close), append(ds, r.date)
			if i%10 == 0 {
				n++
			}
		}
		sameSeriesAs(t, p.Series["79678"], ds, cls, 0)
		notes := strings.Join(p.Notes, "\n")
		if !strings.Contains(notes, fmt.Sprintf("%d negative PRC values (CRSP's bid/ask midpoint on days without a trade) taken as |PRC|", n)) ||
			!strings.Contains(notes, `column "prc" holds prices not adjusted`) {
			t.Errorf("notes %q", p.Notes)
		}
		if !strings.Contains(p.Detail, "negative PRC (bid/ask midpoint) taken as |PRC|") {
			t.Errorf("detail %q", p.Detail)
		}
		// rows outside a study's ranges: a negative PRC there is not a missing price either
		cal := make([]dates.Day, len(ds))
		for i, d := range ds {
			cal[i] = day(t, d)
		}
		r := DayRange{First: day(t, "2021-01-04"), Last: day(t, "2021-12-31")}
		p, err = Load(path, LoadOptions{Keep: map[string][]DayRange{"79678": {r}}, KeepCalendar: cal})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Series["79678"]
		if s.Dropped == 0 || len(s.Values) == 0 || strings.Contains(strings.Join(p.Notes, "\n"), "<= 0") {
			t.Errorf("kept %d dropped %d notes %q", len(s.Values), s.Dropped, p.Notes)
		}
		for i, d := range s.Dates {
			k := slices.Index(ds, d.String())
			if s.Values[i] != cls[k] {
				t.Fatalf("%s: %v, want %v", d, s.Values[i], cls[k])
			}
		}
	})
	// CRSP's CIZ format (WRDS dsf_v2, 2024 on): DlyCalDt, DlyPrc, DlyRet,
	// DlyVol are the dsf's date, PRC, RET and volume.
	t.Run("CIZ names, DlyRet over DlyPrc", func(t *testing.T) {
		path := writeTemp(t, dir, "dsf_v2.csv", build(rows, "PERMNO,DlyCalDt,Ticker,DlyPrc,DlyRet,DlyVol", func(i int, r tmusRow) string {
			return "79678," + r.date + ",TMUS," + r.closeText + "," + g(ret[i-1]) + "," + fmt.Sprint(1000+i)
		}, 1))
		p, err := Load(path, LoadOptions{Volume: true})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Series["79678"]
		if s == nil || !s.IsReturn || s.Column != "DlyRet" {
			t.Fatalf("series %v (%s)", p.Symbols(), p.Detail)
		}
		sameSeriesAs(t, s, retDays, ret, 0)
		if len(s.Volume) != len(s.Values) || s.Volume[0] != 1001 {
			t.Errorf("volume %v", s.Volume[:min(3, len(s.Volume))])
		}
		if d := `long file (CRSP daily), comma-delimited, dates YYYY-MM-DD, symbol column "PERMNO", value column "DlyRet" (returns`; !strings.HasPrefix(p.Detail, d) {
			t.Errorf("detail %q lacks %q", p.Detail, d)
		}
	})
	t.Run("CIZ DlyPrc only", func(t *testing.T) {
		path := writeTemp(t, dir, "dsf_v2_prc.csv", build(rows, "PERMNO,DlyCalDt,DlyPrc", func(i int, r tmusRow) string {
			prc := r.closeText
			if i%10 == 0 {
				prc = "-" + prc // not CIZ's own convention (DlyPrcFlg), but read as PRC's
			}
			return "79678," + r.date + "," + prc
		}, 0))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var cls []float64
		var ds []string
		for _, r := range rows {
			cls, ds = append(cls, r.close), append(ds, r.date)
		}
		s := p.Series["79678"]
		if s == nil || s.IsReturn || s.Column != "DlyPrc" {
			t.Fatalf("series %v (%s)", p.Symbols(), p.Detail)
		}
		sameSeriesAs(t, s, ds, cls, 0)
	})
}

// Compustat daily (secd): the price is prccd / ajexdi * trfd, which is
// Yahoo's Adj Close up to a constant.
func TestCompustat(t *testing.T) {
	rows := tmusRows(t)
	dir := t.TempDir()
	var dates []string
	var adj []float64
	for _, r := range rows {
		dates, adj = append(dates, r.date), append(adj, r.adj)
	}
	day0 := slices.Index(dates, "2021-08-16")
	// a 2:1 split on 2015-01-02: prccd doubled before it, ajexdi 2
	line := func(i int, r tmusRow, trf bool) string {
		k := 1.0
		if r.date < "2015-01-02" {
			k = 2
		}
		s := fmt.Sprintf("158260,01,%s,TMUS,%s,%s", compact(r.date), g(k*r.close), g(k))
		if trf {
			t := g(r.adj / r.close)
			if i == day0 {
				t = "" // 2021-08-16
			}
			s += "," + t
		}
		return s
	}
	t.Run("prccd ajexdi trfd", func(t *testing.T) {
		path := writeTemp(t, dir, "secd.csv", build(rows, "gvkey,iid,datadate,tic,prccd,ajexdi,trfd", func(i int, r tmusRow) string { return line(i, r, true) }, 0))
		p, err := Load(path, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Series["TMUS"]
		if s == nil {
			t.Fatalf("no TMUS: %v", p.Symbols())
		}
		want := slices.Clone(adj)
		want[day0] = math.NaN() // trfd missing where the security has trfd: a missing day
		sameSeriesAs(t, s, dates, want, 1e-12*200)
		if !s.Adjusted || s.IsReturn {
			t.Errorf("Adjusted %v IsReturn %v", s.Adjusted, s.IsReturn)
		}
		if d := `long file (Compustat daily), comma-delimited, dates YYYYMMDD, symbol column "tic", value column "prccd" (prices, from the column name, prccd / ajexdi * trfd: adjusted for splits and dividends (trfd missing on 1 rows of securities with trfd on other rows: price treated as missing))`; p.Detail != d {
			t.Errorf("detail\n%s\nwant\n%s", p.Detail, d)
		}
		if n := "trfd missing on 1 rows of TMUS, which has trfd on its other rows: price treated as missing"; !strings.Contains(strings.Join(p.Notes, "\n"), n) {
			t.Errorf("notes %q lack %q", p.Notes, n)
		}
	})
	t.Run("no trfd, gvkey key, prccd told", func(t *testing.T) {
		path := writeTemp(t, dir, "secd2.csv", build(rows, "gvkey,datadate,prccd,ajexdi", func(i int, r tmusRow) string {
			s := line(i, r, false)
			f := strings.Split(s, ",")
			return f[0] + "," + f[2] + "," + f[4] + "," + f[5]
		}, 0))
		p, err := Load(path, LoadOptions{PriceColumn: "prccd"})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Series["158260"]
		if s == nil {
			t.Fatalf("no gvkey series: %v", p.Symbols())
		}
		for i, r := range rows {
			if math.Abs(s.Values[i]-r.close) > 1e-12*r.close {
				t.Fatalf("%s: %v, want %v", r.date, s.Values[i], r.close)
			}
		}
		if n := fmt.Sprintf("no trfd column: taken as 1 on %d rows", len(rows)); !strings.Contains(strings.Join(p.Notes, "\n"), n) {
			t.Errorf("notes %q lack %q", p.Notes, n)
		}
	})
}

// A blank trfd in Compustat's Security Daily. trfd is a cumulative total
// return factor: far from 1 after years of dividends (here 1.5 × Yahoo's
// Adj/Close). Taking a blank as 1 on a row of a security whose other rows
// have trfd moved the price by the whole factor: day 0's return was
// -35 % instead of -2.9 %, and the event was kept. Such a row is a
// missing day; a security whose trfd is blank on every row keeps
// prccd / ajexdi (no dividend adjustment, noted).
func TestCompustatMissingTrfd(t *testing.T) {
	rows := tmusRows(t)
	dir := t.TempDir()
	var dates []string
	for _, r := range rows {
		dates = append(dates, r.date)
	}
	day0 := slices.Index(dates, "2021-08-16")
	est := slices.Index(dates, "2021-03-15")
	for _, tc := range []struct {
		name  string
		blank func(i int) bool // rows of TMUS whose trfd is blank
		other bool             // add an ABC security whose trfd is blank on every row
		miss  []int            // TMUS rows that must be missing
		notes []string
	}{
		{name: "day 0", blank: func(i int) bool { return i == day0 }, miss: []int{day0},
			notes: []string{"trfd missing on 1 rows of TMUS, which has trfd on its other rows: price treated as missing"}},
		{name: "estimation day and day 0", blank: func(i int) bool { return i == day0 || i == est }, miss: []int{est, day0},
			notes: []string{"trfd missing on 2 rows of TMUS, which has trfd on its other rows: price treated as missing"}},
		{name: "first rows", blank: func(i int) bool { return i < 3 }, miss: []int{0, 1, 2},
			notes: []string{"trfd missing on 3 rows of TMUS, which has trfd on its other rows"}},
		{name: "none, with a security without trfd", blank: func(int) bool { return false }, other: true,
			notes: []string{"trfd missing on every row of ABC (2 rows): taken as 1 (no dividend adjustment)"}},
		{name: "day 0, with a security without trfd", blank: func(i int) bool { return i == day0 }, other: true, miss: []int{day0},
			notes: []string{"trfd missing on 1 rows of TMUS, which has trfd on its other rows", "trfd missing on every row of ABC (2 rows): taken as 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("gvkey,iid,datadate,tic,prccd,ajexdi,trfd\n")
			if tc.other {
				b.WriteString("001234,01,20210813,ABC,10,1,\n001234,01,20210816,ABC,11,1,\n")
			}
			for i, r := range rows {
				trfd := g(1.5 * r.adj / r.close)
				if tc.blank(i) {
					trfd = ""
				}
				fmt.Fprintf(&b, "158260,01,%s,TMUS,%s,1,%s\n", compact(r.date), g(r.close), trfd)
			}
			path := writeTemp(t, dir, strings.ReplaceAll(tc.name, " ", "_")+".csv", b.String())
			p, err := Load(path, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := p.Series["TMUS"]
			if s == nil {
				t.Fatalf("no TMUS: %v", p.Symbols())
			}
			want := make([]float64, len(rows))
			for i, r := range rows {
				want[i] = 1.5 * r.adj
			}
			for _, i := range tc.miss {
				want[i] = math.NaN()
			}
			sameSeriesAs(t, s, dates, want, 1e-9)
			if tc.other {
				sameSeriesAs(t, p.Series["ABC"], []string{"2021-08-13", "2021-08-16"}, []float64{10, 11}, 0)
			}
			notes := strings.Join(p.Notes, "\n")
			for _, n := range tc.notes {
				if !strings.Contains(notes, n) {
					t.Errorf("notes %q lack %q", p.Notes, n)
				}
			}
		})
	}
}

// TestReturnsUnitContradicted: --returns-unit applied to every returns
// file of the study. Told percent for a percent market file beside a
// CRSP firm file (RET, decimal by definition), it divided RET by 100 too:
// T-Mobile's AR(0) came out -0.0317 % instead of -3.17 %, with the same t
// and no warning. A file told percent whose largest |r| is below 0.5 (no
// daily move of half a percent in 20 or more days) holds decimals and is
// refused with the way out (now --market-returns-unit for the market
// file); files that fit the unit read as before.
func TestReturnsUnitContradicted(t *testing.T) {
	rows := tmusRows(t)
	ret := tmusReturns(rows)
	dir := t.TempDir()
	recent := slices.IndexFunc(rows, func(r tmusRow) bool { return r.date >= "2020-06-01" })
	maxAbs := 0.0
	for _, r := range ret[recent-1:] {
		maxAbs = max(maxAbs, math.Abs(r))
	}
	for _, tc := range []struct {
		name, header string
		value        func(r float64) string
		from         int
		unit         ReturnsUnit
		err          string // "" = read
	}{
		{"decimal told percent", "ticker,date,ret", func(r float64) string { return g(r) }, recent, UnitPercent,
			fmt.Sprintf(`column "ret": told --returns-unit percent, but the largest |r| is %.3g: as percent no day moved half a percent; these are decimal returns`, maxAbs)},
		{"CRSP RET told percent", "PERMNO,date,RET", func(r float64) string { return g(r) }, recent, UnitPercent,
			`column "RET": told --returns-unit percent, but the largest |r| is`},
		{"percent told percent", "ticker,date,ret", func(r float64) string { return g(100 * r) }, recent, UnitPercent, ""},
		{"few decimals told percent", "ticker,date,ret", func(r float64) string { return g(r) }, len(rows) - 10, UnitPercent, ""},
		{"decimal told decimal", "ticker,date,ret", func(r float64) string { return g(r) }, recent, UnitDecimal, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sym := "TMUS"
			if strings.HasPrefix(tc.header, "PERMNO") {
				sym = "90720"
			}
			path := writeTemp(t, dir, strings.ReplaceAll(tc.name, " ", "_")+".csv", build(rows, tc.header, func(i int, r tmusRow) string {
				return sym + "," + compact(r.date) + "," + tc.value(ret[i-1])
			}, tc.from))
			p, err := Load(path, LoadOptions{ReturnsUnit: tc.unit})
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if s := p.Series[sym]; s == nil || !s.IsReturn {
					t.Fatalf("series %v", p.Symbols())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "a percent market file takes --market-returns-unit percent") {
				t.Errorf("error %v, want %q and the way out", err, tc.err)
			}
		})
	}
}

// The ReturnsUnit flag values.
func TestParseReturnsUnit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ReturnsUnit
		ok   bool
	}{{"", UnitAuto, true}, {"percent", UnitPercent, true}, {"decimal", UnitDecimal, true}, {"log", UnitLog, true}, {"pct", "", false}} {
		t.Run(tc.in, func(t *testing.T) {
			u, err := ParseReturnsUnit(tc.in)
			if u != tc.want || (err == nil) != tc.ok {
				t.Errorf("%q: %q %v", tc.in, u, err)
			}
		})
	}
}

// fuzzColumnHeaders are the layouts of columns.go, crsp.go and
// compustat.go, with the fuzz bytes as their rows.
var fuzzColumnHeaders = []string{
	"PERMNO,date,PRC,RET\n",
	"permno,date,prc\n",
	"gvkey,iid,datadate,tic,prccd,ajexdi,trfd\n",
	"ticker,date,ret_pct\n",
	"ticker,date,logret\n",
	"symbol,date,close,adjusted\n",
	"Date,Close,Close\n",
	"Date,A,B\n",
}

// FuzzColumns: whatever the rows, loading never panics, every problem
// names the file, and what is read is in range: prices > 0, simple
// returns >= -1 (after any unit conversion), Adjusted only for prices.
func FuzzColumns(f *testing.F) {
	for _, s := range []string{
		"79678,20210816,-140.73,-0.029\n79678,20210817,140.67,B\n79678,20210818,141,C\n",
		"79678,2021-08-16,-140.73\n79678,2021-08-17,140.67\n",
		"158260,01,20210816,TMUS,140.73,1,1.0083\n158260,01,20210817,TMUS,140.67,0,\n",
		"158260,01,20210813,TMUS,144.94,1,1.5\n158260,01,20210816,TMUS,140.73,1,\n158260,01,20210817,TMUS,140.67,1,1.5\n1,01,20210816,ABC,10,1,\n",
		"TMUS,2021-08-16,-2.905\nTMUS,2021-08-17,-150\n",
		"TMUS,2021-08-16,-0.0295\nTMUS,2021-08-17,-9\n",
		"TMUS,2021-08-16,140.73,139.56\n",
		"2021-08-16,1,2\n",
		"TMUS,2021-08-16,#N/A N/A\nTMUS,2021-08-17,#N/A Requesting Data...\n",
		"TMUS,2021-08-01,-0.019\nTMUS,2021-08-02,-0.029\nTMUS,2021-08-03,-0.039\nTMUS,2021-08-04,-0.049\nTMUS,2021-08-05,-0.059\nTMUS,2021-08-06,-0.069\nTMUS,2021-08-07,-0.079\nTMUS,2021-08-08,-0.089\nTMUS,2021-08-09,-0.099\nTMUS,2021-08-10,-0.009\nTMUS,2021-08-11,-0.019\nTMUS,2021-08-12,-0.029\nTMUS,2021-08-13,-0.039\nTMUS,2021-08-14,-0.049\nTMUS,2021-08-15,-0.059\nTMUS,2021-08-16,-0.069\nTMUS,2021-08-17,-0.079\nTMUS,2021-08-18,-0.089\nTMUS,2021-08-19,-0.099\nTMUS,2021-08-20,-0.009\nTMUS,2021-08-21,-0.019\nTMUS,2021-08-22,-0.029\nTMUS,2021-08-23,-0.039\nTMUS,2021-08-24,-0.049\nTMUS,2021-08-25,-0.059\n",
		"2021-08-16,-2.9,1.5\n2021-08-17,3,-0.5\n",
	} {
		for h := range fuzzColumnHeaders {
			for u := range 4 {
				f.Add([]byte(s), uint8(h), uint8(u))
			}
		}
	}
	units := []ReturnsUnit{UnitAuto, UnitDecimal, UnitPercent, UnitLog}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, h, u uint8) {
		path := filepath.Join(dir, "F.csv")
		if err := os.WriteFile(path, append([]byte(fuzzColumnHeaders[int(h)%len(fuzzColumnHeaders)]), data...), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Load(path, LoadOptions{ReturnsUnit: units[int(u)%len(units)]})
		if err != nil {
			es, ok := err.(inputerr.InputErrors)
			if !ok || len(es) == 0 {
				t.Fatalf("error %T: %v", err, err)
			}
			for _, e := range es {
				if e.File != path || e.What == "" || e.Hint == "" {
					t.Fatalf("bad problem %+v", e)
				}
			}
			return
		}
		for sym, s := range p.Series {
			if s.Adjusted && s.IsReturn {
				t.Fatalf("%s: adjusted returns", sym)
			}
			for _, v := range s.Values {
				if math.IsInf(v, 0) || (!s.IsReturn && v <= 0) || (s.IsReturn && v < -1) {
					t.Fatalf("%s: value %v kept (returns %v, %s)", sym, v, s.IsReturn, p.Detail)
				}
			}
		}
	})
}

// A directory of Close-only files gets one warning naming them, not one
// per file.
func TestUnadjustedDirNote(t *testing.T) {
	rows := tmusRows(t)
	dir := t.TempDir()
	for _, s := range []string{"TMUS", "VZ"} {
		writeTemp(t, dir, s+".csv", build(rows, "Date,Close", func(i int, r tmusRow) string { return r.date + "," + r.closeText }, 0))
	}
	writeTemp(t, dir, "GSPC.csv", build(rows, "Date,Close,Adj Close", func(i int, r tmusRow) string { return r.date + "," + r.closeText + "," + r.adjText }, 0))
	p, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := dir + ": 2 files hold only closing prices not adjusted for dividends and splits (TMUS.csv, VZ.csv): returns are wrong across ex-dividend dates and splits"
	n := 0
	for _, note := range p.Notes {
		if strings.Contains(note, "not adjusted") {
			n++
			if !strings.HasPrefix(note, want) {
				t.Errorf("note %q, want %q", note, want)
			}
		}
	}
	if n != 1 || p.Series["TMUS"].Adjusted || !p.Series["GSPC"].Adjusted {
		t.Errorf("%d notes %q; adjusted TMUS %v GSPC %v", n, p.Notes, p.Series["TMUS"].Adjusted, p.Series["GSPC"].Adjusted)
	}
}
