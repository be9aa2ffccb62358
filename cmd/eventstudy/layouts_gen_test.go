package main

// The layout fixtures of testdata/layouts (issue 17) are generated, not
// hand-edited: this file rewrites them from the demo's Yahoo files with
//
//	go test ./cmd/eventstudy -run TestLayoutFixtures -update
//
// and, without -update, checks that the files on disk are exactly what it
// would write (golden-file style), so a fixture can never drift from its
// generator. Every layout carries the same T-Mobile and S&P 500 numbers
// (Yahoo "Adj Close", digits kept) between layoutFrom and layoutTo, so
// each one must give the Yahoo file's day-0 abnormal return (layouts_test.go).

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

var updateLayouts = flag.Bool("update", false, "rewrite testdata/layouts from testdata/demo/prices")

const (
	layoutsDir = "../../testdata/layouts"
	layoutFrom = "2020-06-01"
	layoutTo   = "2021-09-30"
)

// bar is one Yahoo row, its fields as written (full precision).
type bar struct {
	day                  time.Time
	date                 string
	open, high, low, cls string
	adj, vol             string
}

// adjF is the adjusted close as a number.
func (b bar) adjF() float64 { return mustFloat(b.adj) }

func mustFloat(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return v
}

// g writes a float with the fewest digits that read back to the same value
// (strconv 'g' -1): what Excel's General format and pandas write, and
// exact for the AR comparison.
func g(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// readBars reads testdata/demo/prices/<sym>.csv between layoutFrom and
// layoutTo.
func readBars(t *testing.T, sym string) []bar {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, filepath.Join("..", "..", "testdata", "demo", "prices", sym+".csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], []string{"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"}) {
		t.Fatalf("%s.csv header %v", sym, recs[0])
	}
	var out []bar
	for _, r := range recs[1:] {
		if r[0] < layoutFrom || r[0] > layoutTo {
			continue
		}
		d, err := time.Parse("2006-01-02", r[0])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, bar{day: d, date: r[0], open: r[1], high: r[2], low: r[3], cls: r[4], adj: r[5], vol: r[6]})
	}
	if len(out) < 300 {
		t.Fatalf("%s: only %d rows in %s..%s", sym, len(out), layoutFrom, layoutTo)
	}
	return out
}

// returns are the simple returns of the adjusted close, index i from bar
// i-1 to bar i (index 0 is NaN).
func returns(bs []bar) []float64 {
	r := make([]float64, len(bs))
	r[0] = math.NaN()
	for i := 1; i < len(bs); i++ {
		r[i] = bs[i].adjF()/bs[i-1].adjF() - 1
	}
	return r
}

// scaled is an unadjusted price put on the adjusted scale (yfinance's
// auto_adjust multiplies Open/High/Low by Adj Close / Close).
func scaled(p string, b bar) string {
	return g(mustFloat(p) * b.adjF() / mustFloat(b.cls))
}

// trim writes a Yahoo number as Excel's General format shows it (no
// trailing zeros), same value.
func trim(s string) string { return strconv.FormatFloat(mustFloat(s), 'f', -1, 64) }

// ny is the exchange's clock (America/New_York, daylight saving included).
var ny = func() *time.Location {
	l, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return l
}()

// table writes rows joined by sep with eol line ends.
func table(rows [][]string, sep, eol string) []byte {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, sep))
		b.WriteString(eol)
	}
	return []byte(b.String())
}

// csvRows writes rows with encoding/csv (quoting where a field needs it).
func csvRows(rows [][]string, crlf bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = crlf
	_ = w.WriteAll(rows)
	return b.Bytes()
}

// quoteAllRows writes every field quoted (Investing.com's export).
func quoteAllRows(rows [][]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		for i, f := range r {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func yahooRows(bs []bar, date func(bar) string, num func(string) string) [][]string {
	rows := [][]string{{"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"}}
	for _, b := range bs {
		rows = append(rows, []string{date(b), num(b.open), num(b.high), num(b.low), num(b.cls), num(b.adj), b.vol})
	}
	return rows
}

func iso(b bar) string          { return b.date }
func same(s string) string      { return s }
func mdy(b bar) string          { return b.day.Format("1/2/2006") }
func mdyPadded(b bar) string    { return b.day.Format("01/02/2006") }
func reversed[T any](s []T) []T { s = slices.Clone(s); slices.Reverse(s); return s }

// euNumber writes a number with a decimal comma and thousands dots
// (German/French Excel with a "#.##0,…" format).
func euNumber(s string) string {
	intPart, frac, _ := strings.Cut(trim(s), ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// usThousands writes a number with thousands commas, digits kept.
func usThousands(s string) string {
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		return b.String() + "." + frac
	}
	return b.String()
}

// excelSerial is Excel's 1900 date system serial (days since 1899-12-30,
// which absorbs Lotus' 1900 leap-year bug for dates after 1900-03-01).
func excelSerial(d time.Time) int {
	return int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// utf16LE encodes text as Excel's "Unicode Text": UTF-16LE with a BOM.
func utf16LE(text []byte) []byte {
	u := utf16.Encode([]rune(string(text)))
	out := []byte{0xFF, 0xFE}
	for _, c := range u {
		out = append(out, byte(c), byte(c>>8))
	}
	return out
}

// gz compresses with no name and a zero mtime, so the bytes are
// reproducible (RFC 1952: MTIME 0 means no time stamp).
func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// xlsxBytes writes one sheet: a header row of strings, then rows whose
// cells are time.Time (a date cell), float64 or string.
func xlsxBytes(t *testing.T, header []string, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := f.GetSheetName(0)
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yyyy, Excel's built-in short date
	if err != nil {
		t.Fatal(err)
	}
	for j, h := range header {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		if err := f.SetCellStr(sh, cell, h); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			switch x := v.(type) {
			case time.Time:
				// The serial number, styled as a date: what Excel stores.
				err = f.SetCellFloat(sh, cell, float64(excelSerial(x)), -1, 64)
				if err == nil {
					err = f.SetCellStyle(sh, cell, cell, dateStyle)
				}
			case float64:
				err = f.SetCellFloat(sh, cell, x, -1, 64)
			case string:
				err = f.SetCellStr(sh, cell, x)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The study every price layout is run with: the T-Mobile confirmation
// (day 0 2021-08-16) and the 8-K filed after the close (day 0 2021-08-17).
const (
	confirmID = "tmobile-2021-confirmation"
	filingID  = "tmobile-2021-filing"
)

func eventsFor(firm string) []byte {
	return []byte("event_id,firm,date,time\n" +
		confirmID + "," + firm + ",2021-08-16,\n" +
		filingID + "," + firm + ",2021-08-16,17:27\n")
}

// Illustrative identifiers: the CRSP PERMNO and Compustat GVKEY below are
// placeholders in the format's shape (5 and 6 digits), not looked up.
const (
	tmusPermno = "90720"
	tmusGvkey  = "017452"
)

// layoutFiles builds every fixture: path under testdata/layouts -> bytes.
func layoutFiles(t *testing.T) map[string][]byte {
	t.Helper()
	tm, sp := readBars(t, "TMUS"), readBars(t, "GSPC")
	if len(tm) != len(sp) || tm[0].date != sp[0].date || tm[len(tm)-1].date != sp[len(sp)-1].date {
		t.Fatal("TMUS and GSPC rows differ")
	}
	tr := returns(tm)
	files := map[string][]byte{}
	put := func(p string, b []byte) { files[p] = b }
	perTicker := func(name string, gen func(bs []bar, sym string) []byte, ext string) {
		put(name+"/prices/TMUS"+ext, gen(tm, "TMUS"))
		put(name+"/prices/GSPC"+ext, gen(sp, "GSPC"))
		put(name+"/events.csv", eventsFor("TMUS"))
	}

	// yahoo: the reference, Yahoo's download as it is.
	perTicker("yahoo", func(bs []bar, _ string) []byte { return csvRows(yahooRows(bs, iso, same), false) }, ".csv")

	// yfinance Ticker.history().to_csv(): auto_adjust=True (Close is the
	// adjusted close, OHLC scaled), dates with the exchange's offset.
	perTicker("yfinance-history", func(bs []bar, _ string) []byte {
		rows := [][]string{{"Date", "Open", "High", "Low", "Close", "Volume", "Dividends", "Stock Splits"}}
		for _, b := range bs {
			d := time.Date(b.day.Year(), b.day.Month(), b.day.Day(), 0, 0, 0, 0, ny).Format("2006-01-02 15:04:05-07:00")
			rows = append(rows, []string{d, scaled(b.open, b), scaled(b.high, b), scaled(b.low, b), b.adj, b.vol, "0.0", "0.0"})
		}
		return csvRows(rows, false)
	}, ".csv")

	// yfinance download(["TMUS","^GSPC"]).to_csv(), 0.2.51+: column levels
	// named Price/Ticker, auto_adjust=True (no Adj Close), tickers sorted.
	{
		fields := []string{"Close", "High", "Low", "Open", "Volume"}
		h1, h2, h3 := []string{"Price"}, []string{"Ticker"}, []string{"Date"}
		for _, f := range fields {
			h1 = append(h1, f, f)
			h2 = append(h2, "TMUS", "^GSPC")
			h3 = append(h3, "", "")
		}
		rows := [][]string{h1, h2, h3}
		for i := range tm {
			r := []string{tm[i].date}
			for _, f := range fields {
				for _, b := range []bar{tm[i], sp[i]} {
					switch f {
					case "Close":
						r = append(r, b.adj)
					case "High":
						r = append(r, scaled(b.high, b))
					case "Low":
						r = append(r, scaled(b.low, b))
					case "Open":
						r = append(r, scaled(b.open, b))
					case "Volume":
						r = append(r, b.vol)
					}
				}
			}
			rows = append(rows, r)
		}
		put("yfinance-download/prices/download.csv", csvRows(rows, false))
		put("yfinance-download/events.csv", eventsFor("TMUS"))
	}

	// yfinance download() before 0.2.32: unnamed column levels (empty
	// first cells), Adj Close next to the unadjusted Close.
	{
		fields := []string{"Adj Close", "Close", "High", "Low", "Open", "Volume"}
		h1, h2, h3 := []string{""}, []string{""}, []string{"Date"}
		for _, f := range fields {
			h1 = append(h1, f, f)
			h2 = append(h2, "TMUS", "^GSPC")
			h3 = append(h3, "", "")
		}
		rows := [][]string{h1, h2, h3}
		for i := range tm {
			r := []string{tm[i].date}
			for _, f := range fields {
				for _, b := range []bar{tm[i], sp[i]} {
					r = append(r, map[string]string{"Adj Close": b.adj, "Close": b.cls, "High": b.high, "Low": b.low, "Open": b.open, "Volume": b.vol}[f])
				}
			}
			rows = append(rows, r)
		}
		put("yfinance-download-old/prices/download.csv", csvRows(rows, false))
		put("yfinance-download-old/events.csv", eventsFor("TMUS"))
	}

	// Excel (US locale) "CSV UTF-8": BOM, CRLF, unpadded m/d/yyyy, General
	// numbers.
	perTicker("excel-us", func(bs []bar, _ string) []byte {
		return append([]byte("\uFEFF"), csvRows(yahooRows(bs, mdy, trim), true)...)
	}, ".csv")

	// Excel (German locale) CSV: semicolons, dd.mm.yyyy, decimal comma,
	// thousands dots (a "#.##0,…" number format).
	perTicker("excel-eu", func(bs []bar, _ string) []byte {
		rows := yahooRows(bs, func(b bar) string { return b.day.Format("02.01.2006") }, euNumber)
		for _, r := range rows[1:] {
			r[6] = euNumber(r[6])
		}
		return table(rows, ";", "\r\n")
	}, ".csv")

	// Excel date serials (a date column formatted as General).
	perTicker("excel-serial", func(bs []bar, _ string) []byte {
		return csvRows(yahooRows(bs, func(b bar) string { return strconv.Itoa(excelSerial(b.day)) }, trim), true)
	}, ".csv")

	// Excel "Unicode Text" (.txt): UTF-16LE with BOM, tab-delimited, CRLF.
	perTicker("utf16", func(bs []bar, _ string) []byte {
		return utf16LE(table(yahooRows(bs, mdy, trim), "\t", "\r\n"))
	}, ".txt")

	// .xlsx workbooks (excelize): date cells, number cells.
	perTicker("xlsx", func(bs []bar, _ string) []byte {
		var rows [][]any
		for _, b := range bs {
			rows = append(rows, []any{b.day, mustFloat(b.open), mustFloat(b.high), mustFloat(b.low), mustFloat(b.cls), mustFloat(b.adj), mustFloat(b.vol)})
		}
		return xlsxBytes(t, []string{"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"}, rows)
	}, ".xlsx")

	// Excel (UK locale) CSV: dd/mm/yyyy with a decimal point.
	perTicker("excel-uk", func(bs []bar, _ string) []byte {
		return csvRows(yahooRows(bs, func(b bar) string { return b.day.Format("02/01/2006") }, trim), true)
	}, ".csv")

	// Month-name dates: "Aug 16, 2021" (TMUS) and "August 16, 2021" (GSPC).
	perTicker("month-name", func(bs []bar, sym string) []byte {
		layout := "Jan 2, 2006"
		if sym == "GSPC" {
			layout = "January 2, 2006"
		}
		return csvRows(yahooRows(bs, func(b bar) string { return b.day.Format(layout) }, same), false)
	}, ".csv")

	// Stata `export delimited` of a wide panel with %td dates (16aug2021).
	{
		rows := [][]string{{"date", "tmus", "gspc"}}
		for i := range tm {
			rows = append(rows, []string{strings.ToLower(tm[i].day.Format("02Jan2006")), tm[i].adj, sp[i].adj})
		}
		put("stata/prices/prices.csv", csvRows(rows, false))
		put("stata/events.csv", eventsFor("TMUS"))
	}

	// Yahoo's web table copied out: title lines above the header, newest
	// first, "Aug 16, 2021" dates, $ and thousands commas, Close* /
	// Adj Close** with their footnotes, a dividend row.
	perTicker("vendor-web", func(bs []bar, sym string) []byte {
		title, money := "T-Mobile US, Inc. (TMUS)", "$"
		if sym == "GSPC" {
			title, money = "S&P 500 (^GSPC)", ""
		}
		rows := [][]string{{title}, {"Currency in USD"}, {"Date", "Open", "High", "Low", "Close*", "Adj Close**", "Volume"}}
		for _, b := range reversed(bs) {
			n := func(s string) string { return money + usThousands(s) }
			rows = append(rows, []string{b.day.Format("Jan 2, 2006"), n(b.open), n(b.high), n(b.low), n(b.cls), n(b.adj), usThousands(b.vol)})
			if sym == "TMUS" && b.date == "2021-06-14" {
				rows = append(rows, []string{"Jun 14, 2021", "0.1 Dividend"}) // synthetic: TMUS paid none in 2021
			}
		}
		rows = append(rows, []string{"*Close price adjusted for splits."},
			[]string{"**Adjusted close price adjusted for splits and dividend and/or capital gain distributions."})
		return csvRows(rows, false)
	}, ".csv")

	// Nasdaq.com historical quotes download: newest first, MM/DD/YYYY,
	// dollar prices, Close/Last.
	{
		rows := [][]string{{"Date", "Close/Last", "Volume", "Open", "High", "Low"}}
		for _, b := range reversed(tm) {
			rows = append(rows, []string{mdyPadded(b), "$" + b.adj, b.vol, "$" + b.open, "$" + b.high, "$" + b.low})
		}
		put("nasdaq/prices/TMUS.csv", csvRows(rows, false))
		put("nasdaq/events.csv", eventsFor("TMUS"))
	}

	// Investing.com historical data download: all fields quoted, newest
	// first, Vol. as 7.11M, Change % (ignored).
	{
		rows := [][]string{{"Date", "Price", "Open", "High", "Low", "Vol.", "Change %"}}
		for i := len(tm) - 1; i >= 0; i-- {
			b := tm[i]
			chg := "0.00%"
			if i > 0 {
				chg = strconv.FormatFloat(100*tr[i], 'f', 2, 64) + "%"
			}
			rows = append(rows, []string{mdyPadded(b), b.adj, trimTo2(b.open), trimTo2(b.high), trimTo2(b.low),
				strconv.FormatFloat(mustFloat(b.vol)/1e6, 'f', 2, 64) + "M", chg})
		}
		put("investing/prices/TMUS.csv", quoteAllRows(rows))
		put("investing/events.csv", eventsFor("TMUS"))
	}

	// R tidyquant tq_get(c("TMUS","^GSPC")) |> readr::write_csv(): close
	// is unadjusted, adjusted is the adjusted close.
	{
		rows := [][]string{{"symbol", "date", "open", "high", "low", "close", "volume", "adjusted"}}
		for _, s := range []struct {
			sym string
			bs  []bar
		}{{"TMUS", tm}, {"^GSPC", sp}} {
			for _, b := range s.bs {
				rows = append(rows, []string{s.sym, b.date, b.open, b.high, b.low, b.cls, b.vol, b.adj})
			}
		}
		put("tidyquant/prices/prices.csv", csvRows(rows, false))
		put("tidyquant/events.csv", eventsFor("TMUS"))
	}

	// A long file keyed by ticker (the common hand-made panel).
	{
		rows := [][]string{{"ticker", "date", "adj_close"}}
		for _, s := range []struct {
			sym string
			bs  []bar
		}{{"TMUS", tm}, {"GSPC", sp}} {
			for _, b := range s.bs {
				rows = append(rows, []string{s.sym, b.date, b.adj})
			}
		}
		put("long-ticker/prices/prices.csv", csvRows(rows, false))
		put("long-ticker/events.csv", eventsFor("TMUS"))
	}

	// Refinitiv Eikon get_data(["TMUS.O",".SPX"], "TR.PriceClose") saved:
	// Instrument, Date, Price Close; keyed by RIC.
	{
		rows := [][]string{{"Instrument", "Date", "Price Close"}}
		for _, s := range []struct {
			ric string
			bs  []bar
		}{{"TMUS.O", tm}, {".SPX", sp}} {
			for _, b := range s.bs {
				rows = append(rows, []string{s.ric, b.date, b.adj})
			}
		}
		put("eikon/prices/prices.csv", csvRows(rows, false))
		put("eikon/events.csv", eventsFor("TMUS.O"))
	}

	// CRSP daily stock file (WRDS dsf query, CSV): PERMNO, YYYYMMDD date,
	// PRC (negative = bid/ask midpoint), RET with letter codes (C: no
	// previous price).
	{
		rows := [][]string{{"PERMNO", "date", "TICKER", "PRC", "RET"}}
		for i, b := range tm {
			prc, ret := trim(b.cls), "C"
			if i > 0 {
				ret = g(tr[i])
			}
			if b.date == "2020-07-15" {
				prc = "-" + prc
			}
			rows = append(rows, []string{tmusPermno, b.day.Format("20060102"), "TMUS", prc, ret})
		}
		put("crsp/prices/dsf.csv", csvRows(rows, false))
		put("crsp/events.csv", eventsFor(tmusPermno))
	}

	// CRSP with PRC only (no RET asked for): the absolute value is the
	// price. Adjusted values here so the AR matches.
	{
		rows := [][]string{{"PERMNO", "date", "PRC"}}
		for _, b := range tm {
			prc := b.adj
			if b.date == "2020-07-15" || b.date == "2021-08-13" {
				prc = "-" + prc
			}
			rows = append(rows, []string{tmusPermno, b.day.Format("20060102"), prc})
		}
		put("crsp-prc/prices/dsf.csv", csvRows(rows, false))
		put("crsp-prc/events.csv", eventsFor(tmusPermno))
	}

	// Compustat daily security file (secd): the adjusted price is
	// prccd / ajexdi * trfd.
	{
		rows := [][]string{{"gvkey", "iid", "datadate", "tic", "conm", "prccd", "ajexdi", "trfd"}}
		for _, b := range tm {
			trfd := g(b.adjF() / mustFloat(b.cls))
			rows = append(rows, []string{tmusGvkey, "01", b.day.Format("20060102"), "TMUS", "T-MOBILE US INC", trim(b.cls), "1", trfd})
		}
		put("compustat/prices/secd.csv", csvRows(rows, false))
		put("compustat/events.csv", eventsFor("TMUS"))
	}

	// Stooq bulk ASCII file (d_us_txt: data/daily/us/nasdaq stocks/tmus.us.txt).
	{
		rows := [][]string{{"<TICKER>", "<PER>", "<DATE>", "<TIME>", "<OPEN>", "<HIGH>", "<LOW>", "<CLOSE>", "<VOL>", "<OPENINT>"}}
		for _, b := range tm {
			rows = append(rows, []string{"TMUS.US", "D", b.day.Format("20060102"), "000000", scaled(b.open, b), scaled(b.high, b), scaled(b.low, b), b.adj, b.vol, "0"})
		}
		put("stooq/prices/tmus.us.txt", table(rows, ",", "\r\n"))
		put("stooq/events.csv", eventsFor("TMUS"))
	}

	// gzip: one compressed file (firm and market), and a directory of them.
	yahooCSV := func(bs []bar) []byte { return csvRows(yahooRows(bs, iso, same), false) }
	put("gzip-file/prices/TMUS.csv.gz", gz(t, yahooCSV(tm)))
	put("gzip-file/market/GSPC.csv.gz", gz(t, yahooCSV(sp)))
	put("gzip-file/events.csv", eventsFor("TMUS"))
	put("gzip-dir/prices/TMUS.csv.gz", gz(t, yahooCSV(tm)))
	put("gzip-dir/prices/GSPC.csv.gz", gz(t, yahooCSV(sp)))
	put("gzip-dir/events.csv", eventsFor("TMUS"))

	// Returns instead of prices: in percent (named ret_pct, and unnamed
	// ret), and log returns.
	retFile := func(col string, f func(float64) string) []byte {
		rows := [][]string{{"ticker", "date", col}}
		for i, b := range tm {
			if i == 0 {
				continue
			}
			rows = append(rows, []string{"TMUS", b.date, f(tr[i])})
		}
		return csvRows(rows, false)
	}
	put("percent/prices/returns.csv", retFile("ret_pct", func(r float64) string { return g(100 * r) }))
	put("percent/events.csv", eventsFor("TMUS"))
	put("percent-unnamed/prices/returns.csv", retFile("ret", func(r float64) string { return g(100 * r) }))
	put("percent-unnamed/events.csv", eventsFor("TMUS"))
	put("log/prices/returns.csv", retFile("logret", func(r float64) string { return g(math.Log1p(r)) }))
	put("log/events.csv", eventsFor("TMUS"))

	// Bloomberg BDH sheet saved as CSV: security and settings lines above
	// the header, PX_LAST, Excel US dates.
	{
		rows := [][]string{{"TMUS US Equity", "", ""}, {"Start Date", "6/1/2020", ""}, {"End Date", "9/30/2021", ""},
			{"", "", ""}, {"Date", "PX_LAST", "PX_VOLUME"}}
		for _, b := range tm {
			rows = append(rows, []string{mdy(b), trim(b.adj), b.vol})
		}
		put("bloomberg/prices/TMUS.csv", csvRows(rows, true))
		put("bloomberg/events.csv", eventsFor("TMUS"))
	}

	// pandas DataFrame.to_csv() with the default RangeIndex (an unnamed
	// first column) and Timestamps written as "2021-08-16 00:00:00".
	perTicker("pandas", func(bs []bar, _ string) []byte {
		rows := [][]string{{"", "Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"}}
		for i, b := range bs {
			rows = append(rows, []string{strconv.Itoa(i), b.date + " 00:00:00", b.open, b.high, b.low, b.cls, b.adj, b.vol})
		}
		return csvRows(rows, false)
	}, ".csv")

	// A firm file whose price column needs --price-column (mid) next to a
	// Yahoo market file (--market-price-column "Adj Close").
	{
		rows := [][]string{{"Date", "mid", "Volume"}}
		for _, b := range tm {
			rows = append(rows, []string{b.date, b.adj, b.vol})
		}
		put("market-column/prices/TMUS.csv", csvRows(rows, false))
		put("market-column/events.csv", eventsFor("TMUS"))
	}

	// A trimmed yfinance multi-ticker download: Date,Close,Close with the
	// ticker row deleted (TMUS first, then ^GSPC). Which Close is TMUS's
	// cannot be known: it must be refused, not read from the first one.
	{
		rows := [][]string{{"Date", "Close", "Close"}}
		for i := range tm {
			rows = append(rows, []string{tm[i].date, tm[i].adj, sp[i].adj})
		}
		put("repeated-columns/prices/TMUS.csv", csvRows(rows, false))
		put("repeated-columns/events.csv", eventsFor("TMUS"))
	}

	// A .zip (as Yahoo's or WRDS' downloads sometimes arrive) given as the
	// price file.
	put("zip/prices/TMUS.zip", zipBytes(t, "TMUS.csv", yahooCSV(tm)))
	put("zip/events.csv", eventsFor("TMUS"))

	// One missing TMUS day in the estimation window (2021-03-15), written
	// three ways: absent, a Yahoo "null" row, a blank wide-panel cell.
	// All three must give the same result (issue 17, misread 6).
	{
		const gap = "2021-03-15"
		var absent [][]string
		null := yahooRows(tm, iso, same)
		for _, r := range null {
			if r[0] == gap {
				for j := 1; j < len(r); j++ {
					r[j] = "null"
				}
			} else {
				absent = append(absent, r)
			}
		}
		put("gap-absent/prices/TMUS.csv", csvRows(absent, false))
		put("gap-absent/prices/GSPC.csv", yahooCSV(sp))
		put("gap-absent/events.csv", eventsFor("TMUS"))
		put("gap-null/prices/TMUS.csv", csvRows(null, false))
		put("gap-null/prices/GSPC.csv", yahooCSV(sp))
		put("gap-null/events.csv", eventsFor("TMUS"))
		wide := [][]string{{"Date", "TMUS", "GSPC"}}
		for i := range tm {
			v := tm[i].adj
			if tm[i].date == gap {
				v = ""
			}
			wide = append(wide, []string{tm[i].date, v, sp[i].adj})
		}
		put("gap-blank/prices/prices.csv", csvRows(wide, false))
		put("gap-blank/events.csv", eventsFor("TMUS"))
	}

	// Firm names as people write them: lower case, an exchange prefix.
	put("match-lowercase/events.csv", eventsFor("tmus"))
	put("match-prefix/events.csv", eventsFor("NASDAQ:TMUS"))

	// Event-file layouts, all read against the yahoo prices.
	ev := func(name string, header string, lines ...string) {
		put(name+"/events.csv", []byte(header+"\n"+strings.Join(lines, "\n")+"\n"))
	}
	ev("events-iso-offset", "event_id,firm,date",
		confirmID+",TMUS,2021-08-16T15:39:00-04:00", filingID+",TMUS,2021-08-16T17:27:02-04:00")
	ev("events-iso-z", "event_id,firm,date",
		confirmID+",TMUS,2021-08-16T19:39:00Z", filingID+",TMUS,2021-08-16T21:27:02Z")
	ev("events-et", "event_id,firm,date",
		confirmID+",TMUS,2021-08-16 15:39 ET", filingID+",TMUS,2021-08-16 17:27 ET")
	ev("events-ampm", "event_id,firm,date,time",
		confirmID+",TMUS,8/16/2021,3:39 PM", filingID+",TMUS,8/16/2021,5:27 PM")
	ev("events-pandas", "event_id,firm,date",
		confirmID+",TMUS,2021-08-16 00:00:00", filingID+",TMUS,2021-08-16 17:27:00")
	ev("events-synonyms", "id,ticker,announcement_date,time",
		confirmID+",TMUS,2021-08-16,", filingID+",TMUS,2021-08-16,17:27")
	ev("events-attributes", "event_id,firm,date,time,company,url,notes",
		confirmID+",TMUS,2021-08-16,,T-Mobile US,https://www.t-mobile.com/news,\"confirms unauthorized access; shares -2.8%\"",
		filingID+",TMUS,2021-08-16,17:27,T-Mobile US,https://www.sec.gov/,8-K item 7.01")
	ev("events-spaced", "event_id, firm, date, time, label",
		confirmID+", TMUS, 2021-08-16, , \"confirmation, unauthorized access\"",
		filingID+", TMUS, 2021-08-16, 17:27, \"8-K, after the close\"")
	put("events-xlsx/events.xlsx", xlsxBytes(t, []string{"event_id", "firm", "date", "time"}, [][]any{
		{confirmID, "TMUS", tm[slices.IndexFunc(tm, func(b bar) bool { return b.date == "2021-08-16" })].day, ""},
		{filingID, "TMUS", tm[slices.IndexFunc(tm, func(b bar) bool { return b.date == "2021-08-16" })].day, "17:27"},
	}))

	// More vendors, each as its documentation or export shows it (the
	// adjusted close in the price column, as above, so AR(0) can match).
	// Alpha Vantage TIME_SERIES_DAILY_ADJUSTED, datatype=csv: newest first.
	perTicker("alphavantage", func(bs []bar, _ string) []byte {
		rows := [][]string{{"timestamp", "open", "high", "low", "close", "adjusted_close", "volume", "dividend_amount", "split_coefficient"}}
		for _, b := range reversed(bs) {
			rows = append(rows, []string{b.date, b.open, b.high, b.low, b.cls, b.adj, b.vol, "0.0000", "1.0"})
		}
		return csvRows(rows, false)
	}, ".csv")
	// Tiingo end-of-day prices, format=csv: ISO timestamps at UTC midnight.
	perTicker("tiingo", func(bs []bar, _ string) []byte {
		rows := [][]string{{"date", "close", "high", "low", "open", "volume", "adjClose", "adjHigh", "adjLow", "adjOpen", "adjVolume", "divCash", "splitFactor"}}
		for _, b := range bs {
			rows = append(rows, []string{b.date + "T00:00:00.000Z", b.cls, b.high, b.low, b.open, b.vol, b.adj,
				scaled(b.high, b), scaled(b.low, b), scaled(b.open, b), b.vol, "0.0", "1.0"})
		}
		return csvRows(rows, false)
	}, ".csv")
	// Google Sheets GOOGLEFINANCE(..., "close", ...) downloaded as CSV:
	// the close stamped 16:00:00, unpadded US dates.
	perTicker("googlesheets", func(bs []bar, _ string) []byte {
		rows := [][]string{{"Date", "Close"}}
		for _, b := range bs {
			rows = append(rows, []string{mdy(b) + " 16:00:00", b.adj})
		}
		return csvRows(rows, false)
	}, ".csv")
	// Macrotrends' download: quoted title and disclaimer lines above the
	// header.
	perTicker("macrotrends", func(bs []bar, sym string) []byte {
		head := "\"Macrotrends Data Download\"\n\"" + sym + " - Historical Price and Volume Data\"\n" +
			"\"Historical prices are adjusted for both splits and dividends\"\n\n" +
			"\"Disclaimer and Terms of Use: Historical stock data is provided by 'Zacks Investment Research'\"\n\n"
		rows := [][]string{{"date", "open", "high", "low", "close", "volume"}}
		for _, b := range bs {
			rows = append(rows, []string{b.date, scaled(b.open, b), scaled(b.high, b), scaled(b.low, b), b.adj, b.vol})
		}
		return append([]byte(head), csvRows(rows, false)...)
	}, ".csv")
	// MarketWatch's Download Data: MM/DD/YYYY, newest first, volumes with
	// thousands separators (quoted).
	perTicker("marketwatch", func(bs []bar, _ string) []byte {
		rows := [][]string{{"Date", "Open", "High", "Low", "Close", "Volume"}}
		for _, b := range reversed(bs) {
			rows = append(rows, []string{mdyPadded(b), b.open, b.high, b.low, b.adj, usThousands(b.vol)})
		}
		return csvRows(rows, false)
	}, ".csv")
	// An events file saved as Excel's Unicode Text: UTF-16LE, tab.
	put("events-utf16/events.txt", utf16LE([]byte(strings.ReplaceAll(string(eventsFor("TMUS")), ",", "\t"))))
	return files
}

// zipBytes is a one-file zip archive with a fixed modification time, so
// the bytes are reproducible.
func zipBytes(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2021, 10, 1, 0, 0, 0, 0, time.UTC)})
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// trimTo2 writes a price with two decimals, as web tables show it.
func trimTo2(s string) string { return strconv.FormatFloat(mustFloat(s), 'f', 2, 64) }

// TestLayoutFixtures keeps testdata/layouts equal to what layoutFiles
// writes (with -update it rewrites them, README.md excepted).
func TestLayoutFixtures(t *testing.T) {
	files := layoutFiles(t)
	again := layoutFiles(t)
	for p, b := range files {
		if !bytes.Equal(b, again[p]) {
			t.Errorf("%s: the generator is not deterministic", p)
		}
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	if *updateLayouts {
		for _, p := range paths {
			full := filepath.Join(layoutsDir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, files[p], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, p := range paths {
		got, err := os.ReadFile(filepath.Join(layoutsDir, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v (run go test ./cmd/eventstudy -run TestLayoutFixtures -update)", p, err)
			continue
		}
		if !bytes.Equal(got, files[p]) {
			t.Errorf("%s differs from its generator (run go test ./cmd/eventstudy -run TestLayoutFixtures -update)", p)
		}
	}
	// Nothing else under testdata/layouts but the README.
	err := filepath.WalkDir(layoutsDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(layoutsDir, p)
		rel = filepath.ToSlash(rel)
		if _, ok := files[rel]; !ok && rel != "README.md" {
			t.Errorf("%s is not written by the generator; remove it or add it to layoutFiles", rel)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
}
