package prices

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// demoFile reads a Yahoo file of the demo (testdata/demo/prices), the
// source of every front-door fixture: its records and its series as the
// plain path loads it.
func demoFile(t testing.TB, sym string) ([][]string, *Series) {
	t.Helper()
	path := filepath.Join("..", "testdata", "demo", "prices", sym+".csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return recs, p.Series[sym]
}

// restrict keeps the days of s that are in days (a multi-ticker fixture
// holds the dates common to its tickers).
func restrict(s *Series, days map[dates.Day]bool) *Series {
	r := *s
	r.Dates, r.Values = nil, nil
	for i, d := range s.Dates {
		if days[d] {
			r.Dates = append(r.Dates, d)
			r.Values = append(r.Values, s.Values[i])
		}
	}
	return &r
}

// sameSeries checks got against the Yahoo file's series bit for bit.
func sameSeries(t *testing.T, got, want *Series) {
	t.Helper()
	if len(got.Dates) != len(want.Dates) {
		t.Fatalf("%s: %d days, want %d", got.Symbol, len(got.Dates), len(want.Dates))
	}
	for i := range got.Dates {
		if got.Dates[i] != want.Dates[i] || math.Float64bits(got.Values[i]) != math.Float64bits(want.Values[i]) {
			t.Fatalf("%s: day %d is %v %v, want %v %v", got.Symbol, i, got.Dates[i], got.Values[i], want.Dates[i], want.Values[i])
		}
	}
	if got.IsReturn != want.IsReturn {
		t.Errorf("%s: IsReturn %v", got.Symbol, got.IsReturn)
	}
}

func csvText(recs [][]string, delim, eol string) string {
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(strings.Join(r, delim))
		b.WriteString(eol)
	}
	return b.String()
}

func gzipped(t testing.TB, s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// utf16Text encodes s as UTF-16 ("Unicode text" as Excel saves it).
func utf16Text(s string, le, bom bool) string {
	u := utf16.Encode([]rune(s))
	var b []byte
	if bom {
		u = append([]uint16{0xfeff}, u...)
	}
	for _, x := range u {
		if le {
			b = append(b, byte(x), byte(x>>8))
		} else {
			b = append(b, byte(x>>8), byte(x))
		}
	}
	return string(b)
}

// xlsxFile writes recs to sheet "Prices" (after an empty "About" sheet,
// so the sheet with the date header must be found): dates as Excel dates
// (serials with a date format), numbers as numbers. above are text rows
// written above the header.
func xlsxFile(t testing.TB, recs [][]string, above ...string) string {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "About"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Prices"); err != nil {
		t.Fatal(err)
	}
	sw, err := f.NewStreamWriter("Prices")
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range above {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), []any{a}); err != nil {
			t.Fatal(err)
		}
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range recs {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
			if i == 0 {
				continue
			}
			if j == 0 {
				d, err := time.Parse("2006-01-02", c)
				if err != nil {
					t.Fatal(err)
				}
				row[j] = excelize.Cell{StyleID: style, Value: d}
			} else if v, err := strconv.ParseFloat(c, 64); err == nil {
				row[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, len(above)+i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// yfinanceDownload writes what pandas' to_csv gives for yfinance's
// download() of several tickers: two column-level rows and the Date
// index row. style "new" (>= 0.2.51: Price/Ticker level names, columns
// grouped by field), "old" (unnamed levels), "ticker" (group_by='ticker').
// Each field's values come from the Yahoo file's column of that name.
func yfinanceDownload(style string, syms []string, recs map[string][][]string, fields []string) string {
	var l1, l2 []string
	switch style {
	case "new":
		l1, l2 = []string{"Price"}, []string{"Ticker"}
	case "old":
		l1, l2 = []string{""}, []string{""}
	case "ticker":
		l1, l2 = []string{"Ticker"}, []string{"Price"}
	}
	type col struct{ sym, field string }
	var cols []col
	if style == "ticker" {
		for _, s := range syms {
			for _, f := range fields {
				cols = append(cols, col{s, f})
			}
		}
	} else {
		for _, f := range fields {
			for _, s := range syms {
				cols = append(cols, col{s, f})
			}
		}
	}
	for _, c := range cols {
		if style == "ticker" {
			l1, l2 = append(l1, c.sym), append(l2, c.field)
		} else {
			l1, l2 = append(l1, c.field), append(l2, c.sym)
		}
	}
	out := [][]string{l1, l2, append([]string{"Date"}, make([]string, len(cols))...)}
	// rows: the first ticker's dates (all of them are in the others').
	byDate := map[string]map[string][]string{}
	for _, s := range syms {
		byDate[s] = map[string][]string{}
		for _, r := range recs[strings.TrimPrefix(s, "^")][1:] {
			byDate[s][r[0]] = r
		}
	}
	idx := func(s, field string) int {
		for j, n := range recs[strings.TrimPrefix(s, "^")][0] {
			if n == field {
				return j
			}
		}
		panic(field)
	}
	for _, r := range recs[syms[0]][1:] {
		row := []string{r[0]}
		for _, c := range cols {
			row = append(row, byDate[c.sym][r[0]][idx(c.sym, c.field)])
		}
		out = append(out, row)
	}
	return csvText(out, ",", "\n")
}

// stooqFile writes recs as Stooq's bulk files do, the Adj Close as
// <CLOSE> (Stooq's prices are adjusted).
func stooqFile(recs [][]string, ticker, per string) string {
	var b strings.Builder
	b.WriteString("<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\r\n")
	for _, r := range recs[1:] {
		fmt.Fprintf(&b, "%s,%s,%s,000000,%s,%s,%s,%s,%s,0\r\n", ticker, per, strings.ReplaceAll(r[0], "-", ""), r[1], r[2], r[3], r[5], r[6])
	}
	return b.String()
}

// yahooWeb inserts the dividend and split rows and footnotes of a copy of
// Yahoo's web table into a Yahoo file.
func yahooWeb(recs [][]string, delim string) string {
	var b strings.Builder
	for i, r := range recs {
		b.WriteString(strings.Join(r, delim) + "\n")
		switch i {
		case 100:
			b.WriteString(r[0] + delim + "0.35 Dividend\n")
		case 200:
			b.WriteString(r[0] + delim + "2:1 Stock Splits\n")
		}
	}
	b.WriteString("*Close price adjusted for splits.\n**Adjusted close price adjusted for splits and dividend and/or capital gain distributions.\n")
	return b.String()
}

func TestFrontDoorLayouts(t *testing.T) {
	tmusRecs, tmus := demoFile(t, "TMUS")
	gspcRecs, gspc := demoFile(t, "GSPC")
	recs := map[string][][]string{"TMUS": tmusRecs, "GSPC": gspcRecs}
	tmusDays := map[dates.Day]bool{}
	for _, d := range tmus.Dates {
		tmusDays[d] = true
	}
	gspcOnTMUS := restrict(gspc, tmusDays)
	yahoo := csvText(tmusRecs, ",", "\n")
	tabbed := csvText(tmusRecs, "\t", "\r\n")
	yf := []string{"Adj Close", "Close", "High", "Low", "Open", "Volume"}

	type want struct {
		sym    string
		series *Series
		column string
	}
	tests := []struct {
		name   string
		files  map[string]string // written in a temp dir
		load   string            // "" = the directory
		want   []want
		detail string // in Panel.Detail
		note   string // in Panel.Notes
	}{
		{"gzip file", map[string]string{"TMUS.csv.gz": gzipped(t, yahoo)}, "TMUS.csv.gz",
			[]want{{"TMUS", tmus, "Adj Close"}}, "gzip; ", ""},
		{"gzip named .csv", map[string]string{"TMUS.csv": gzipped(t, yahoo)}, "TMUS.csv",
			[]want{{"TMUS", tmus, "Adj Close"}}, "gzip; ", ""},
		{"gzip directory", map[string]string{"TMUS.csv.gz": gzipped(t, yahoo), "GSPC.txt.gz": gzipped(t, csvText(gspcRecs, ",", "\n"))}, "",
			[]want{{"TMUS", tmus, "Adj Close"}, {"GSPC", gspc, "Adj Close"}}, "gzip; ", ""},
		{"xlsx", map[string]string{"TMUS.xlsx": xlsxFile(t, tmusRecs)}, "TMUS.xlsx",
			[]want{{"TMUS", tmus, "Adj Close"}}, `xlsx sheet "Prices" (of 2 sheets), 4252 date serials (1900 system) as ISO dates`, ""},
		{"xlsx title rows", map[string]string{"TMUS.xlsx": xlsxFile(t, tmusRecs, "T-Mobile US Inc (TMUS)", "", "Source: Yahoo Finance")}, "TMUS.xlsx",
			[]want{{"TMUS", tmus, "Adj Close"}}, "header on line 4", "lines 1-3 above the header skipped"},
		{"xlsx in a directory", map[string]string{"TMUS.xlsx": xlsxFile(t, tmusRecs), "GSPC.csv": csvText(gspcRecs, ",", "\n")}, "",
			[]want{{"TMUS", tmus, "Adj Close"}, {"GSPC", gspc, "Adj Close"}}, "xlsx sheet", ""},
		{"UTF-16LE BOM tab CRLF", map[string]string{"TMUS.txt": utf16Text(tabbed, true, true)}, "TMUS.txt",
			[]want{{"TMUS", tmus, "Adj Close"}}, "UTF-16LE decoded; yahoo-file, tab-delimited", ""},
		{"UTF-16LE no BOM", map[string]string{"TMUS.txt": utf16Text(tabbed, true, false)}, "TMUS.txt",
			[]want{{"TMUS", tmus, "Adj Close"}}, "UTF-16LE decoded (no byte-order mark", ""},
		{"UTF-16BE BOM", map[string]string{"TMUS.csv": utf16Text(yahoo, false, true)}, "TMUS.csv",
			[]want{{"TMUS", tmus, "Adj Close"}}, "UTF-16BE decoded", ""},
		{"lines above the header", map[string]string{"TMUS.csv": "TMUS US Equity\n\nSecurity,TMUS US Equity\nStart Date,4/19/2007\nEnd Date,9/30/2024\n\n" + yahoo}, "TMUS.csv",
			[]want{{"TMUS", tmus, "Adj Close"}}, "header on line 7; yahoo-file, comma-delimited", `lines 1-6 above the header skipped (first: "TMUS US Equity")`},
		{"yfinance new multi-ticker", map[string]string{"download.csv": yfinanceDownload("new", []string{"TMUS", "GSPC"}, recs, yf)}, "download.csv",
			[]want{{"TMUS", tmus, "TMUS"}, {"GSPC", gspcOnTMUS, "GSPC"}}, "yfinance multi-ticker header (lines 1-3): 2 tickers, field Adj Close; wide file, comma-delimited, dates YYYY-MM-DD, 2 ticker columns (prices, yfinance field Adj Close, adjusted for splits and dividends)", ""},
		{"yfinance old multi-ticker", map[string]string{"download.csv": yfinanceDownload("old", []string{"TMUS", "^GSPC"}, recs, yf)}, "download.csv",
			[]want{{"TMUS", tmus, "TMUS"}, {"GSPC", gspcOnTMUS, "GSPC"}}, "2 tickers, field Adj Close", "yfinance tickers ^GSPC read without Yahoo's index prefix ^"},
		{"yfinance group_by ticker", map[string]string{"download.csv": yfinanceDownload("ticker", []string{"TMUS", "GSPC"}, recs, yf)}, "download.csv",
			[]want{{"TMUS", tmus, "TMUS"}, {"GSPC", gspcOnTMUS, "GSPC"}}, "2 tickers, field Adj Close", ""},
		{"yfinance multi-ticker in a directory", map[string]string{"TMUS.csv": yfinanceDownload("new", []string{"TMUS", "GSPC"}, recs, yf)}, "",
			[]want{{"TMUS", tmus, "TMUS"}, {"GSPC", gspcOnTMUS, "GSPC"}}, "2 tickers", ""},
		{"yfinance single ticker", map[string]string{"download.csv": yfinanceDownload("new", []string{"TMUS"}, recs, yf)}, "download.csv",
			[]want{{"TMUS", tmus, "Adj Close"}}, "yfinance header (lines 1-3): ticker TMUS", ""},
		{"yfinance single ticker, no Adj Close", map[string]string{"TMUS.csv": yfinanceDownload("new", []string{"TMUS"}, recs, []string{"Close", "Open"})}, "TMUS.csv",
			[]want{{"TMUS", nil, "Close"}}, "ticker TMUS", "auto_adjust=True"},
		{"Stooq file", map[string]string{"tmus.us.txt": stooqFile(tmusRecs, "TMUS.US", "D")}, "tmus.us.txt",
			[]want{{"TMUS", tmus, "CLOSE"}}, "Stooq file, symbol TMUS (TMUS.US): market suffix dropped; long file", ""},
		{"Stooq directory", map[string]string{"tmus.us.txt": stooqFile(tmusRecs, "TMUS.US", "D")}, "",
			[]want{{"TMUS", tmus, "CLOSE"}}, "Stooq file", ""},
		{"Yahoo web rows", map[string]string{"TMUS.csv": yahooWeb(tmusRecs, ",")}, "TMUS.csv",
			[]want{{"TMUS", tmus, "Adj Close"}}, "", "1 dividend and 1 split rows of Yahoo's web table skipped"},
		{"Yahoo web footnotes", map[string]string{"TMUS.tsv": yahooWeb(tmusRecs, "\t")}, "TMUS.tsv",
			[]want{{"TMUS", tmus, "Adj Close"}}, "", `footnote lines 4256-4257 below the data skipped (first: "*Close price adjusted for splits.")`},
		{"Yahoo web rows below title lines", map[string]string{"TMUS.csv": "T-Mobile US (TMUS)\n" + yahooWeb(tmusRecs, ",")}, "TMUS.csv",
			[]want{{"TMUS", tmus, "Adj Close"}}, "header on line 2", `line 1 above the header skipped (first: "T-Mobile US (TMUS)")`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				writeTemp(t, dir, name, content)
			}
			path := dir
			if tc.load != "" {
				path = filepath.Join(dir, tc.load)
			}
			opt := LoadOptions{}
			if tc.load == "" {
				// As the study loads a directory: only the wanted symbols.
				opt.Symbols = map[string]bool{}
				for _, w := range tc.want {
					opt.Symbols[w.sym] = true
				}
			}
			p, err := Load(path, opt)
			if err != nil {
				t.Fatal(err)
			}
			// The hashes from the loader's reads: every front door.
			opt.SHA256 = true
			hashed, err := Load(path, opt)
			if got, want := panelText(hashed, err), panelText(p, nil); got != want {
				t.Fatalf("with SHA256:\n%s\nwithout:\n%s", got, want)
			}
			checkSHA256(t, hashed, true)
			if len(p.Series) != len(tc.want) {
				t.Errorf("series %v, want %d", p.Symbols(), len(tc.want))
			}
			for _, w := range tc.want {
				s := p.Series[w.sym]
				if s == nil {
					t.Fatalf("no series %s in %v", w.sym, p.Symbols())
				}
				if s.Column != w.column {
					t.Errorf("%s: column %q, want %q", w.sym, s.Column, w.column)
				}
				if w.series != nil {
					sameSeries(t, s, w.series)
				} else if got := valueOn(t, s, "2021-08-16"); got != 140.729996 {
					t.Errorf("%s Close on 2021-08-16 = %v", w.sym, got)
				}
			}
			t.Logf("detail: %s\nnotes: %s", p.Detail, strings.Join(p.Notes, " | "))
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("Detail %q lacks %q", p.Detail, tc.detail)
			}
			if notes := strings.Join(p.Notes, "\n"); !strings.Contains(notes, tc.note) {
				t.Errorf("Notes %q lack %q", notes, tc.note)
			}
		})
	}
}

func zipped(t testing.TB, name, content string) string {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(content))
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// badXlsx is the demo file as .xlsx with one price cell as text.
func badXlsx(t testing.TB, recs [][]string) string {
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range recs[:10] {
		for j, c := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if v, err := strconv.ParseFloat(c, 64); err == nil && i > 0 && j > 0 {
				f.SetCellValue("Sheet1", cell, v)
			} else {
				f.SetCellValue("Sheet1", cell, c)
			}
		}
	}
	f.SetCellValue("Sheet1", "F6", "n/a price")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFrontDoorErrors(t *testing.T) {
	tmusRecs, _ := demoFile(t, "TMUS")
	gspcRecs, _ := demoFile(t, "GSPC")
	yahoo := csvText(tmusRecs, ",", "\n")
	weekly := stooqFile(tmusRecs[:6], "TMUS.US", "D")
	weekly = strings.Replace(weekly, "TMUS.US,D,20070424", "TMUS.US,W,20070424", 1)
	tests := []struct {
		name, file, content string
		want                string // the first error's start, after the temp dir
		has                 string // and what it holds (the message wording of other parts may vary)
	}{
		{"zip archive", "TMUS.zip", zipped(t, "TMUS.csv", yahoo),
			"TMUS.zip: a zip archive (TMUS.csv), not a CSV; unzip it and pass the CSV", ""},
		{"zip named .csv", "TMUS.csv", zipped(t, "TMUS.csv", yahoo),
			"TMUS.csv: a zip archive (TMUS.csv), not a CSV; unzip it and pass the CSV", ""},
		{"xls workbook", "TMUS.xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 100),
			"TMUS.xls: an Excel 97-2003 workbook (.xls), which is not read; save it as .xlsx or as CSV UTF-8 (File > Save As)", ""},
		{"damaged gzip", "TMUS.csv.gz", gzipped(t, yahoo)[:200],
			"TMUS.csv.gz: a gzip file that cannot be decompressed (unexpected EOF); check the download, or decompress it (gunzip) and pass the CSV", ""},
		{"Stooq weekly row", "tmus.us.txt", weekly,
			`tmus.us.txt:5: Stooq period "W" is not daily (D); download Stooq's daily data (the d_ files) or keep only the rows with <PER> D`, ""},
		{"xlsx text price", "TMUS.xlsx", badXlsx(t, tmusRecs),
			`TMUS.xlsx:6:6: `, `"n/a price" in column "Adj Close" (sheet "Sheet1", cell F6); `},
		{"gzip bad date keeps its line", "TMUS.csv.gz", gzipped(t, strings.Replace(yahoo, "2007-04-24", "2007-04-34", 1)),
			"TMUS.csv.gz:5:1: ", ""},
		{"UTF-16 bad date keeps its line", "TMUS.txt", utf16Text(strings.Replace(yahoo, "2007-04-24", "2007-04-34", 1), true, true),
			"TMUS.txt:5:1: ", ""},
		{"text after the data that is not a footnote", "TMUS.csv", yahoo + "Total,1\n",
			"TMUS.csv:4254: 2 fields, the header has 7", ""},
		{"yfinance row with a field missing", "dl.csv", strings.Replace(yfinanceDownload("new", []string{"TMUS", "GSPC"}, map[string][][]string{"TMUS": tmusRecs[:8], "GSPC": gspcRecs}, []string{"Adj Close", "Close"}), "\n2007-04-24,", "\n2007-04-24,,", 1),
			"dl.csv:7: 6 fields, the yfinance header has 5; check the delimiter (comma, detected from the header) and quoting", ""},
		{"title lines, bad row keeps its line", "TMUS.csv", "Prices\nexport\n" + strings.Replace(yahoo, "2007-04-24", "2007-04-34", 1),
			"TMUS.csv:7:1: ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeTemp(t, dir, tc.file, tc.content)
			_, err := Load(path, LoadOptions{})
			es, ok := err.(inputerr.InputErrors)
			if !ok || len(es) == 0 {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			got := strings.TrimPrefix(es[0].Error(), dir+string(filepath.Separator))
			if !strings.HasPrefix(got, tc.want) || !strings.Contains(got, tc.has) {
				t.Errorf("error\n %s\nwant\n %s...%s", got, tc.want, tc.has)
			}
			if strings.Contains(err.Error(), "not UTF-8") {
				t.Errorf("diagnosed as an encoding problem: %v", err)
			}
		})
	}
}

// TestFrontDoorDirArchives: a zip in a price directory is named with what
// to do, not silently skipped.
func TestFrontDoorDirArchives(t *testing.T) {
	tmusRecs, _ := demoFile(t, "TMUS")
	dir := t.TempDir()
	writeTemp(t, dir, "prices.zip", zipped(t, "TMUS.csv", csvText(tmusRecs, ",", "\n")))
	_, err := Load(dir, LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "prices.zip not read: unzip archives") {
		t.Errorf("error %v", err)
	}
	writeTemp(t, dir, "TMUS.csv", csvText(tmusRecs, ",", "\n"))
	p, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if notes := strings.Join(p.Notes, "\n"); !strings.Contains(notes, "prices.zip not read: unzip archives") {
		t.Errorf("notes %q", notes)
	}
}

func TestExcelSerialDate(t *testing.T) {
	tests := []struct {
		name, cell string
		date1904   bool
		clock      bool
		want       string // "" = not a serial
	}{
		{"first day", "1", false, false, "1900-01-01"},
		{"before Lotus' leap day", "59", false, false, "1900-02-28"},
		{"Lotus' 1900-02-29", "60", false, false, ""},
		{"after it", "61", false, false, "1900-03-01"},
		{"T-Mobile day 0", "44424", false, false, "2021-08-16"},
		{"time of day dropped", "44424.72708333333", false, false, "2021-08-16"},
		{"time of day kept", "44424.72708333333", false, true, "2021-08-16 17:27"},
		{"seconds kept", "44424.727094907404", false, true, "2021-08-16 17:27:01"},
		{"1904 system", "42962", true, false, "2021-08-16"},
		{"YYYYMMDD number is no serial", "20210816", false, false, ""},
		{"text", "2021-08-16", false, false, ""},
		{"zero", "0", false, false, ""},
		{"negative", "-5", false, false, ""},
		{"last Excel day", "2958465", false, false, "9999-12-31"},
		{"NaN", "NaN", false, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := excelSerialDate(tc.cell, tc.date1904, tc.clock)
			if !ok {
				got = ""
			}
			if got != tc.want {
				t.Errorf("excelSerialDate(%q) = %q, want %q", tc.cell, got, tc.want)
			}
		})
	}
}

// eventsXlsx is an events sheet as a researcher keeps it: Excel dates
// (one with a time of day), a time column, text.
func eventsXlsx(t testing.TB) string {
	f := excelize.NewFile()
	defer f.Close()
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	clock, _ := f.NewStyle(&excelize.Style{NumFmt: 20})
	rows := [][]any{
		{"event_id", "firm", "announcement_date", "time", "note"},
		{"tmus-confirm", "TMUS", time.Date(2021, 8, 16, 0, 0, 0, 0, time.UTC), 17.0/24 + 27.0/1440, "breach, confirmed"},
		{"efx", "EFX", time.Date(2017, 9, 7, 16, 35, 0, 0, time.UTC), "", ""},
	}
	for i, r := range rows {
		for j, v := range r {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			f.SetCellValue("Sheet1", cell, v)
			if i > 0 && j == 2 {
				f.SetCellStyle("Sheet1", cell, cell, date)
			}
			if i > 0 && j == 3 {
				f.SetCellStyle("Sheet1", cell, cell, clock)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDecodeFile(t *testing.T) {
	const events = "event_id,firm,date\ntmus-confirm,TMUS,2021-08-16\n"
	tests := []struct {
		name, file, content string
		want                string // the decoded text, or the error's start
		steps               string
		isErr               bool
	}{
		{"plain", "events.csv", "\xef\xbb\xbf" + events, events, "", false},
		{"gzip", "events.csv.gz", gzipped(t, events), events, "gzip", false},
		{"UTF-16LE", "events.txt", utf16Text(strings.ReplaceAll(events, "\n", "\r\n"), true, true), strings.ReplaceAll(events, "\n", "\r\n"), "UTF-16LE decoded", false},
		{"xlsx", "events.xlsx", eventsXlsx(t),
			"event_id,firm,announcement_date,time,note\ntmus-confirm,TMUS,2021-08-16,17:27,\"breach, confirmed\"\nefx,EFX,2017-09-07 16:35\n",
			`xlsx sheet "Sheet1", 3 date serials (1900 system) as ISO dates, line numbers are sheet rows`, false},
		{"zip", "events.zip", zipped(t, "events.csv", events), "events.zip: a zip archive (events.csv), not a CSV; unzip it and pass the CSV", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeTemp(t, dir, tc.file, tc.content)
			data, steps, err := DecodeFile(path)
			if tc.isErr {
				if err == nil || !strings.HasPrefix(strings.TrimPrefix(err.Error(), dir+"/"), tc.want) {
					t.Errorf("error %v, want %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != tc.want {
				t.Errorf("text\n%q\nwant\n%q", data, tc.want)
			}
			if got := strings.Join(steps, ", "); got != tc.steps {
				t.Errorf("steps %q, want %q", got, tc.steps)
			}
		})
	}
}
