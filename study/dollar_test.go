package study

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/results"
)

// closeOnDate reads the unadjusted Close of sym on date from the bundled
// Yahoo file by a plain loop over its lines (the hand computation's input).
func closeOnDate(t *testing.T, sym, date string) (close, adj float64) {
	t.Helper()
	lines := yahooLines(t, sym)
	if lines[0] != "Date,Open,High,Low,Close,Adj Close,Volume" {
		t.Fatalf("%s header %q", sym, lines[0])
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if f[0] == date {
			c, err1 := strconv.ParseFloat(f[4], 64)
			a, err2 := strconv.ParseFloat(f[5], 64)
			if err1 != nil || err2 != nil {
				t.Fatal(l)
			}
			return c, a
		}
	}
	t.Fatalf("%s has no %s", sym, date)
	return 0, 0
}

// carRowOf is the car.csv row of event id and window w.
func carRowOf(t *testing.T, out *Outcome, id, w string) results.CARRow {
	t.Helper()
	for _, r := range out.Set.CAR {
		if r.EventID == id && r.Window == w {
			return r
		}
	}
	t.Fatalf("no car.csv row %s %s", id, w)
	return results.CARRow{}
}

func dollarWarnings(out *Outcome, code string) map[string]string {
	m := map[string]string{}
	for _, w := range out.Set.Manifest.Warnings {
		if w.Code == code {
			m[w.EventID] = w.Message
		}
	}
	return m
}

func within12(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Abs(b) }

// The share counts below are test figures, not T-Mobile's (the demo has no
// cited one; README).
const dollarEvents = "event_id,firm,date,session,shares\n" +
	"tmus,TMUS,2021-08-16,intraday,1000000000\n" +
	"vz,VZ,2021-08-16,intraday,4000000000\n" +
	"t,T,2021-08-16,intraday,7000000000\n" +
	"tgt,TGT,2021-08-16,intraday,\n" +
	"hd,HD,2021-08-16,intraday,0\n"

// TestDollarCARTMobile: on the real T-Mobile data (day 0 = 2021-08-16,
// day -1 = 2021-08-13), mcap = Close(-1) × shares with the unadjusted Close
// (not Adj Close), and dollar_car = car × close(-1) × shares and dollar_se
// = se × mcap to 1e-12 in every window; events without usable shares get
// empty fields and no_shares, the rest go on; vw_caar and dollar have
// rows, checked against a plain loop over car.csv.
func TestDollarCARTMobile(t *testing.T) {
	out := runStudy(t, tmobileStudy(t, dollarEvents))
	closeTMUS, adjTMUS := closeOnDate(t, "TMUS", "2021-08-13")
	if closeTMUS == adjTMUS {
		t.Fatal("the test needs a day where Close and Adj Close differ")
	}
	shares := map[string]float64{"tmus": 1e9, "vz": 4e9, "t": 7e9}
	closes := map[string]float64{"tmus": closeTMUS}
	closes["vz"], _ = closeOnDate(t, "VZ", "2021-08-13")
	closes["t"], _ = closeOnDate(t, "T", "2021-08-13")
	for _, w := range []string{"0,0", "-1,1", "0,5", "-10,10"} {
		for id, sh := range shares {
			r := carRowOf(t, out, id, w)
			mcap := closes[id] * sh
			if !within12(float64(r.MCap), mcap) {
				t.Errorf("%s %s: mcap %v, want close(-1) %v × %v = %v", id, w, r.MCap, closes[id], sh, mcap)
			}
			if !within12(float64(r.DollarCAR), float64(r.CAR)*closes[id]*sh) || !within12(float64(r.DollarSE), float64(r.SE)*mcap) {
				t.Errorf("%s %s: dollar_car %v dollar_se %v, car %v se %v mcap %v", id, w, r.DollarCAR, r.DollarSE, r.CAR, r.SE, mcap)
			}
		}
		for _, id := range []string{"tgt", "hd"} {
			if r := carRowOf(t, out, id, w); !r.MCap.IsNA() || !r.DollarCAR.IsNA() || !r.DollarSE.IsNA() || r.CAR.IsNA() {
				t.Errorf("%s %s: %+v, want empty dollar fields and a CAR", id, w, r)
			}
		}
	}
	if w := dollarWarnings(out, "no_shares"); len(w) != 2 || w["tgt"] == "" || w["hd"] == "" {
		t.Errorf("no_shares warnings %v, want tgt and hd", w)
	}
	// -1,1 by hand: the group tests from car.csv.
	var sumM, vw, v, total float64
	for id := range shares {
		sumM += closes[id] * shares[id]
	}
	for id := range shares {
		r := carRowOf(t, out, id, "-1,1")
		w := closes[id] * shares[id] / sumM
		vw += w * float64(r.CAR)
		v += w * w * float64(r.SE) * float64(r.SE)
		total += float64(r.DollarCAR)
	}
	got := map[string]results.TestRow{}
	for _, r := range out.Set.Tests {
		if r.Window == "-1,1" {
			got[r.Test] = r
		}
	}
	vr, dr := got["vw_caar"], got["dollar"]
	if vr.N != 3 || !within12(float64(vr.Estimate), vw) || math.Abs(float64(vr.Statistic)-vw/math.Sqrt(v)) > 1e-9 {
		t.Errorf("vw_caar %+v, want n 3, VWCAAR %v, Z %v", vr, vw, vw/math.Sqrt(v))
	}
	if dr.N != 3 || math.Abs(float64(dr.Estimate)-total) > 1e-6*math.Abs(total) || dr.DF.V != 2 {
		t.Errorf("dollar %+v, want n 3, total %v", dr, total)
	}
}

// TestDollarUnits: CRSP's SHROUT column (thousands) and a shares file in
// thousands that says so give the same mcap as the plain share count; a
// shares file takes the latest figure on or before day -1; market_cap is
// used as given.
func TestDollarUnits(t *testing.T) {
	want := func(t *testing.T, out *Outcome, mcap float64) {
		t.Helper()
		if r := carRowOf(t, out, "tmus", "0,0"); !within12(float64(r.MCap), mcap) {
			t.Errorf("mcap %v, want %v", r.MCap, mcap)
		}
	}
	closeTMUS, _ := closeOnDate(t, "TMUS", "2021-08-13")
	t.Run("SHROUT", func(t *testing.T) {
		out := runStudy(t, tmobileStudy(t, "event_id,firm,date,session,SHROUT\ntmus,TMUS,2021-08-16,intraday,1247857\n"))
		want(t, out, closeTMUS*1247857000)
		if !strings.Contains(strings.Join(out.Detected, "\n"), "thousands") {
			t.Errorf("detection %q does not say SHROUT is in thousands", out.Detected)
		}
	})
	t.Run("market_cap", func(t *testing.T) {
		out := runStudy(t, tmobileStudy(t, "event_id,firm,date,session,market_cap\ntmus,TMUS,2021-08-16,intraday,1.8e11\n"))
		want(t, out, 1.8e11)
	})
	file := "symbol,date,shares\nTMUS,2021-03-31,1200000\nTMUS,2021-07-28,1247857\nTMUS,2021-08-16,5\n"
	for _, tc := range []struct {
		name, unit string
		mcap       float64
	}{
		{"thousands", "thousands", closeTMUS * 1247857000},
		{"no unit", "", closeTMUS * 1247857},
	} {
		t.Run("file "+tc.name, func(t *testing.T) {
			s := tmobileStudy(t, "event_id,firm,date,session\ntmus,TMUS,2021-08-16,intraday\n")
			s.SharesFile = filepath.Join(t.TempDir(), "shares.csv")
			if err := os.WriteFile(s.SharesFile, []byte(file), 0o644); err != nil {
				t.Fatal(err)
			}
			s.SharesUnit = tc.unit
			want(t, runStudy(t, s), tc.mcap)
		})
	}
}

// TestDollarAbsent: without shares nothing changes: car.csv's dollar
// fields are empty, tests.csv has no vw_caar or dollar rows, and no
// warning is added.
func TestDollarAbsent(t *testing.T) {
	out := runStudy(t, tmobileStudy(t, "event_id,firm,date,session\ntmus,TMUS,2021-08-16,intraday\nvz,VZ,2021-08-16,intraday\n"))
	for _, r := range out.Set.CAR {
		if !r.MCap.IsNA() || !r.DollarCAR.IsNA() || !r.DollarSE.IsNA() {
			t.Fatalf("%+v", r)
		}
	}
	for _, r := range out.Set.Tests {
		if r.Test == "vw_caar" || r.Test == "dollar" {
			t.Fatalf("row %+v without market caps", r)
		}
	}
	if len(dollarWarnings(out, "no_shares")) > 0 {
		t.Error("no_shares without a shares column")
	}
}

// TestParseSharesBad: a shares file without the needed columns or with a
// bad date is an input error; non-positive figures are missing.
func TestParseSharesBad(t *testing.T) {
	for _, in := range []string{"", "firm,when,n\nTMUS,2021-01-01,5\n", "symbol,date,shares\nTMUS,notadate,5\n"} {
		if _, _, err := ParseShares("s.csv", []byte(in), "", ""); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
	tb, detail, err := ParseShares("s.csv", []byte("ticker,date,SHROUT\nTMUS,2021-01-04,-3\nTMUS,2021-01-05,2\n"), "", "")
	if err != nil || !strings.Contains(detail, "×1000") {
		t.Fatal(err, detail)
	}
	if v := tb.at("TMUS", 20000); !math.IsNaN(v) && v != 2000 {
		t.Errorf("at = %v", v)
	}
	if len(tb["TMUS"]) != 2 || !math.IsNaN(tb["TMUS"][0].shares) || tb["TMUS"][1].shares != 2000 {
		t.Errorf("%+v", tb["TMUS"])
	}
}

// TestParseSharesLayouts: shares files as WRDS writes them. CRSP's CIZ
// daily file names its date DlyCalDt (monthly MthCalDt) and its shares
// ShrOut, in thousands like the legacy SHROUT; a CRSP extract that also
// has TICKER is keyed by PERMNO, as its price file is (tickers are
// reused); Compustat's cshoc is in shares, csho and cshoq in millions.
// Symbols match ignoring case, as price files do.
func TestParseSharesLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, in, firm string
		want           float64
		detail         string
	}{
		{"crsp ciz daily", "PERMNO,DlyCalDt,ShrOut\n90720,2021-07-30,1247857\n90720,2021-08-16,5\n", "90720", 1247857e3,
			`s.csv: symbol "PERMNO", date "DlyCalDt", shares "ShrOut" ×1000 (CRSP: in thousands)`},
		{"crsp ciz monthly", "PERMNO,MthCalDt,ShrOut\n90720,2021-07-30,1247857\n", "90720", 1247857e3, `date "MthCalDt"`},
		{"crsp legacy with ticker", "PERMNO,date,TICKER,SHROUT\n90720,20210730,TMUS,1247857\n", "90720", 1247857e3,
			`symbol "PERMNO" (also "TICKER"), date "date", shares "SHROUT" ×1000`},
		// Yahoo prices and events keyed by ticker with a CRSP shares file.
		{"crsp legacy by ticker", "PERMNO,date,TICKER,SHROUT\n90720,20210730,TMUS,1247857\n", "TMUS", 1247857e3, `shares "SHROUT" ×1000`},
		{"crsp ticker first", "TICKER,date,PERMNO,SHROUT\nTMUS,20210730,90720,1247857\n", "90720", 1247857e3, `symbol "PERMNO"`},
		// A ticker reused by another PERMNO later: the figure of the firm
		// that had the ticker on day -1.
		{"crsp reused ticker", "PERMNO,date,TICKER,SHROUT\n11111,20100104,TMUS,5\n90720,20210730,TMUS,1247857\n", "TMUS", 1247857e3, `shares "SHROUT"`},
		{"compustat cshoc", "gvkey,iid,datadate,tic,cshoc\n017452,01,20210730,TMUS,1247857000\n", "TMUS", 1247857e3,
			`symbol "tic" (also "gvkey"), date "datadate", shares "cshoc" ×1 (Compustat: in shares)`},
		{"compustat csho", "gvkey,datadate,tic,csho\n017452,20210630,TMUS,1247.857\n", "TMUS", 1247857e3,
			`shares "csho" ×1e+06 (Compustat: in millions)`},
		{"compustat cshoq", "gvkey,datadate,tic,cshoq\n017452,20210630,TMUS,1247.857\n", "TMUS", 1247857e3, `shares "cshoq" ×1e+06`},
		{"lower-case symbol", "symbol,date,shares\ntmus,2021-07-30,1247857000\n", "TMUS", 1247857e3, `shares "shares" ×1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, detail, err := ParseShares("s.csv", []byte(tc.in), "", "")
			if err != nil {
				t.Fatal(err)
			}
			d, err := dates.ParseDate([]byte("2021-08-13"), "")
			if err != nil {
				t.Fatal(err)
			}
			if v := tb.at(tc.firm, d); !(math.Abs(v-tc.want) <= 1e-6*tc.want) {
				t.Errorf("shares of %s on 2021-08-13 = %v, want %v", tc.firm, v, tc.want)
			}
			if !strings.Contains(detail, tc.detail) {
				t.Errorf("detail %q lacks %q", detail, tc.detail)
			}
		})
	}
}

// TestDollarCRSPReturns: a CRSP file read for its returns (RET, CIZ
// DlyRet) has the unadjusted price beside them (PRC, DlyPrc), and the day
// -1 market cap is |PRC| × shares (a negative PRC is CRSP's bid/ask
// midpoint). The dollar fields were empty with "no price on day -1"
// although the file had the price.
func TestDollarCRSPReturns(t *testing.T) {
	src, err := os.ReadFile("../testdata/layouts/crsp/prices/dsf.csv")
	if err != nil {
		t.Fatal(err)
	}
	const prc = 144.940002 // PRC on 2021-08-13, day -1
	if !strings.Contains(string(src), "90720,20210813,TMUS,144.940002,") {
		t.Fatal("the fixture's 2021-08-13 row changed")
	}
	for _, tc := range []struct{ name, header, day1 string }{
		{"RET and PRC", "PERMNO,date,TICKER,PRC,RET", "144.940002"},
		{"negative PRC on day -1", "PERMNO,date,TICKER,PRC,RET", "-144.940002"},
		{"CIZ DlyRet and DlyPrc", "PERMNO,DlyCalDt,Ticker,DlyPrc,DlyRet", "144.940002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.Replace(string(src), "90720,20210813,TMUS,144.940002,", "90720,20210813,TMUS,"+tc.day1+",", 1)
			_, body, _ = strings.Cut(body, "\n")
			dir := t.TempDir()
			path := filepath.Join(dir, "dsf.csv")
			if err := os.WriteFile(path, []byte(tc.header+"\n"+body), 0o644); err != nil {
				t.Fatal(err)
			}
			s := tmobileStudy(t, "event_id,firm,date,session,ShrOut\ntmus,90720,2021-08-16,intraday,1247857\n")
			s.Prices, s.Market = path, "../testdata/layouts/yahoo/prices/GSPC.csv"
			out := runStudy(t, s)
			r := carRowOf(t, out, "tmus", "0,0")
			if !within12(float64(r.CAR), -0.03167118150141292) {
				t.Errorf("car %v", r.CAR)
			}
			if mcap := prc * 1247857000; !within12(float64(r.MCap), mcap) {
				t.Errorf("mcap %v, want |PRC(-1)| × ShrOut × 1000 = %v; warnings %v", r.MCap, mcap, dollarWarnings(out, "no_mcap_price"))
			}
		})
	}
	t.Run("returns without a close", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("PERMNO,date,RET\n")
		for _, l := range strings.Split(strings.TrimSpace(string(src)), "\n")[1:] {
			f := strings.Split(l, ",")
			b.WriteString(f[0] + "," + f[1] + "," + f[4] + "\n")
		}
		path := filepath.Join(t.TempDir(), "ret.csv")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		s := tmobileStudy(t, "event_id,firm,date,session,ShrOut\ntmus,90720,2021-08-16,intraday,1247857\n")
		s.Prices, s.Market = path, "../testdata/layouts/yahoo/prices/GSPC.csv"
		out := runStudy(t, s)
		if r := carRowOf(t, out, "tmus", "0,0"); !r.MCap.IsNA() {
			t.Errorf("mcap %v from returns alone", r.MCap)
		}
		if w := dollarWarnings(out, "no_mcap_price")["tmus"]; !strings.Contains(w, `the price data hold returns (column "RET") and no close beside them; add a market_cap column`) {
			t.Errorf("no_mcap_price %q does not say why", w)
		}
	})
}

// TestDollarCompustat: with a Compustat Security Daily file the market cap
// is prccd (the unadjusted close) × shares, not the adjusted price
// prccd / ajexdi × trfd the returns use: with trfd 1.49 (years of
// dividends) the adjusted price made T-Mobile's mcap 2.69e11 instead of
// 1.81e11. cshoc in the same file serves as --shares.
func TestDollarCompustat(t *testing.T) {
	src, err := os.ReadFile("../testdata/layouts/compustat/prices/secd.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	var b strings.Builder
	b.WriteString(lines[0] + ",cshoc\n")
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		trfd, err := strconv.ParseFloat(f[7], 64)
		if err != nil {
			t.Fatal(l)
		}
		f[7] = strconv.FormatFloat(1.5*trfd, 'g', -1, 64)
		b.WriteString(strings.Join(f, ",") + ",1247857000\n")
	}
	const prccd = 144.940002 // 2021-08-13, day -1
	if !strings.Contains(b.String(), ",20210813,TMUS,T-MOBILE US INC,144.940002,1,") {
		t.Fatal("the fixture's 2021-08-13 row changed")
	}
	path := filepath.Join(t.TempDir(), "secd.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, events string }{
		{"shares file", "event_id,firm,date,session\ntmus,TMUS,2021-08-16,intraday\n"},
		{"shares column", "event_id,firm,date,session,shares\ntmus,TMUS,2021-08-16,intraday,1247857000\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tmobileStudy(t, tc.events)
			s.Prices, s.Market = path, "../testdata/layouts/yahoo/prices/GSPC.csv"
			if tc.name == "shares file" {
				s.SharesFile = path
			}
			out := runStudy(t, s)
			r := carRowOf(t, out, "tmus", "0,0")
			if !within12(float64(r.CAR), -0.03167118150141292) {
				t.Errorf("car %v", r.CAR)
			}
			if mcap := prccd * 1247857000; !within12(float64(r.MCap), mcap) {
				t.Errorf("mcap %v, want prccd(-1) × cshoc = %v", r.MCap, mcap)
			}
		})
	}
}

// TestDollarAdjustedPriceWarned: with only an adjusted close (yfinance
// history() with auto_adjust) the market cap is that price × shares, which
// every later dividend scales down (T-Mobile: 143.74 against the traded
// 144.94; a 4 % yielder ten years back is a third low). The dollar fields
// stay, with a warning saying so; a Yahoo file with Close beside Adj Close
// gets none.
func TestDollarAdjustedPriceWarned(t *testing.T) {
	for _, tc := range []struct {
		name, prices string
		warned       bool
	}{
		{"yfinance history", "../testdata/layouts/yfinance-history/prices", true},
		{"yahoo with Close", "../testdata/layouts/yahoo/prices", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tmobileStudy(t, "event_id,firm,date,session,shares\ntmus,TMUS,2021-08-16,intraday,1247857000\n")
			s.Prices = tc.prices
			out := runStudy(t, s)
			if r := carRowOf(t, out, "tmus", "0,0"); !(float64(r.MCap) > 0) {
				t.Fatalf("mcap %v", r.MCap)
			}
			w := dollarWarnings(out, "mcap_adjusted_price")["tmus"]
			if tc.warned != (w != "") {
				t.Fatalf("mcap_adjusted_price %q, want warned %v", w, tc.warned)
			}
			if tc.warned && !strings.Contains(w, `market cap from the adjusted price (column "Close")`) {
				t.Errorf("warning %q", w)
			}
		})
	}
}
