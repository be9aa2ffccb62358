package main

// End-to-end check of issue 17's layouts: each fixture of testdata/layouts
// (written by layouts_gen_test.go) is run through `eventstudy run` with the
// flags its layout needs, and T-Mobile's day-0 abnormal returns must equal
// the Yahoo fixture's to 1e-12 — or, where the layout cannot be read
// without the user's word, the run must stop with the exact error that
// asks for it. The detection lines and the manifest must name what was
// read (the layout, the column used), so no layout is read silently.

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// yahooMarket is the reference market file, for layouts that hold the
// firm only.
var yahooMarket = filepath.Join(layoutsDir, "yahoo", "prices", "GSPC.csv")

type layoutCase struct {
	name string // subtest name
	dir  string // fixture directory under testdata/layouts
	// prices is --prices relative to the fixture (default "prices", a
	// directory of per-ticker files); a long or wide file is named.
	prices string
	events string   // --events, relative to the fixture (default "events.csv")
	market string   // --market: a ticker, or a path (default yahooMarket)
	flags  []string // the flags the layout needs
	// detect are substrings (compared case-insensitively) that the
	// "detected" lines (stderr of run) and manifest.json must both contain;
	// the wording is the readers', to be aligned after the merge.
	detect []string
	// anchor are substrings the anchoring log ("anchor …" lines) must
	// contain: the clock time as converted to the exchange's.
	anchor []string
	// tol is the largest |AR(0) - reference| allowed (default 1e-12): only
	// gap-absent, one estimation day short of the Yahoo data, gets more.
	tol float64
	// sameAs names the case whose day-0 rows are the reference instead of
	// the Yahoo fixture's (the gap layouts).
	sameAs string
	// wantErr, when set, is a substring of the error: the run must stop
	// with exit 2 and say what to do.
	wantErr string
	// wholeFile: the error is about the file as a whole (an archive, not
	// text), so it names the file without a line.
	wholeFile bool
}

var layoutCases = []layoutCase{
	{name: "yahoo", dir: "yahoo", market: "GSPC", detect: []string{"yahoo", `"Adj Close"`}},
	{name: "yfinance-history", dir: "yfinance-history", market: "GSPC", detect: []string{`"Close"`, "±hh:mm", "auto_adjust=True"}},
	{name: "yfinance-download", dir: "yfinance-download", prices: "prices/download.csv", market: "^GSPC", detect: []string{"yfinance", "field Close", "auto_adjust=True"}},
	{name: "yfinance-download-old", dir: "yfinance-download-old", prices: "prices/download.csv", market: "^GSPC", detect: []string{"yfinance", "field Adj Close"}},
	{name: "excel-us", dir: "excel-us", market: "GSPC", detect: []string{"M/D/YYYY", `"Adj Close"`}},
	{name: "excel-us/date-format-mdy", dir: "excel-us", market: "GSPC", flags: []string{"--date-format", "mdy"}, detect: []string{"M/D/YYYY"}},
	{name: "excel-eu", dir: "excel-eu", market: "GSPC", detect: []string{"DD.MM.YYYY", "decimal comma", `"Adj Close"`}},
	{name: "excel-eu/flags", dir: "excel-eu", market: "GSPC", flags: []string{"--decimal", "comma", "--date-format", "dmy"}, detect: []string{"DD.MM.YYYY", "decimal comma"}},
	{name: "excel-serial", dir: "excel-serial", market: "GSPC", detect: []string{"serial", `"Adj Close"`}},
	{name: "utf16", dir: "utf16", market: "GSPC", detect: []string{"UTF-16", "tab"}},
	{name: "xlsx", dir: "xlsx", market: "GSPC", detect: []string{"xlsx", `"Adj Close"`}},
	{name: "excel-uk", dir: "excel-uk", market: "GSPC", detect: []string{"DD/MM/YYYY", `"Adj Close"`}},
	{name: "month-name", dir: "month-name", market: "GSPC", detect: []string{"Mon D, YYYY", `"Adj Close"`}},
	{name: "stata", dir: "stata", prices: "prices/prices.csv", market: "GSPC", detect: []string{"wide", "DDmonYYYY (Stata)"}},
	{name: "vendor-web", dir: "vendor-web", market: "GSPC", detect: []string{`"Adj Close**"`, "dividend"}},
	{name: "nasdaq", dir: "nasdaq", detect: []string{`"Close/Last"`}},
	{name: "investing", dir: "investing", detect: []string{`"Price"`}},
	{name: "tidyquant", dir: "tidyquant", prices: "prices/prices.csv", market: "^GSPC", detect: []string{`"adjusted"`}},
	{name: "long-ticker", dir: "long-ticker", prices: "prices/prices.csv", market: "GSPC", detect: []string{"long", `"adj_close"`}},
	{name: "eikon", dir: "eikon", prices: "prices/prices.csv", market: ".SPX", detect: []string{"Instrument", `"Price Close"`}},
	{name: "crsp", dir: "crsp", prices: "prices/dsf.csv", detect: []string{"CRSP", `"RET"`}},
	{name: "crsp-prc", dir: "crsp-prc", prices: "prices/dsf.csv", detect: []string{"CRSP", `"PRC"`, "|PRC|"}},
	{name: "compustat", dir: "compustat", prices: "prices/secd.csv", detect: []string{"Compustat", "prccd", "ajexdi", "trfd"}},
	{name: "stooq", dir: "stooq", detect: []string{"Stooq", `"CLOSE"`, "TMUS.US"}},
	{name: "gzip-file", dir: "gzip-file", prices: "prices/TMUS.csv.gz", market: filepath.Join(layoutsDir, "gzip-file", "market", "GSPC.csv.gz"), detect: []string{"gzip"}},
	{name: "gzip-dir", dir: "gzip-dir", market: "GSPC", detect: []string{"gzip"}},
	{name: "percent", dir: "percent", prices: "prices/returns.csv", flags: []string{"--returns-unit", "percent"}, detect: []string{`"ret_pct"`, "percent"}},
	{name: "percent/no-flag", dir: "percent", prices: "prices/returns.csv", wantErr: "--returns-unit"},
	{name: "percent-unnamed", dir: "percent-unnamed", prices: "prices/returns.csv", flags: []string{"--returns-unit", "percent"}, detect: []string{`"ret"`, "percent"}},
	{name: "percent-unnamed/no-flag", dir: "percent-unnamed", prices: "prices/returns.csv", wantErr: "--returns-unit"},
	{name: "log", dir: "log", prices: "prices/returns.csv", flags: []string{"--returns-unit", "log"}, detect: []string{`"logret"`, "log"}},
	{name: "log/detected", dir: "log", prices: "prices/returns.csv", detect: []string{`"logret"`, "log"}},
	{name: "bloomberg", dir: "bloomberg", detect: []string{`"PX_LAST"`, "line 5"}},
	{name: "pandas", dir: "pandas", market: "GSPC", detect: []string{"YYYY-MM-DD hh:mm:ss", `"Adj Close"`}},
	{name: "market-column", dir: "market-column", flags: []string{"--price-column", "mid", "--market-price-column", "Adj Close"}, detect: []string{`"mid"`, `"Adj Close"`}},
	{name: "market-column/no-market-flag", dir: "market-column", flags: []string{"--price-column", "mid"}, wantErr: "--market-price-column"},
	{name: "repeated-columns", dir: "repeated-columns", wantErr: `"Close"`},
	{name: "gap-absent", dir: "gap-absent", market: "GSPC", tol: 1e-4},
	{name: "gap-null", dir: "gap-null", market: "GSPC", sameAs: "gap-absent"},
	{name: "gap-blank", dir: "gap-blank", prices: "prices/prices.csv", market: "GSPC", sameAs: "gap-absent"},
	{name: "zip", dir: "zip", prices: "prices/TMUS.zip", wantErr: "unzip", wholeFile: true},
	{name: "alphavantage", dir: "alphavantage", market: "GSPC", detect: []string{`"adjusted_close"`, `chosen over unadjusted "close"`}},
	{name: "tiingo", dir: "tiingo", market: "GSPC", detect: []string{`"adjClose"`, "YYYY-MM-DDThh:mm:ss.fffZ"}},
	{name: "googlesheets", dir: "googlesheets", market: "GSPC", detect: []string{"M/D/YYYY hh:mm:ss", `"Close"`}},
	{name: "macrotrends", dir: "macrotrends", market: "GSPC", detect: []string{"header on line 7", `"close"`}},
	{name: "marketwatch", dir: "marketwatch", market: "GSPC", detect: []string{"MM/DD/YYYY", "decimal point"}},

	// Firm and market names as people write them, against the Yahoo prices.
	{name: "match-lowercase", dir: "match-lowercase", prices: "../yahoo/prices", market: "GSPC"},
	{name: "match-prefix", dir: "match-prefix", prices: "../yahoo/prices", market: "GSPC"},
	{name: "match-caret-market", dir: "yahoo", market: "^GSPC"},

	// Event-file layouts against the Yahoo prices.
	{name: "events-iso-offset", dir: "events-iso-offset", prices: "../yahoo/prices", market: "GSPC", anchor: []string{"17:27", "2021-08-17"}},
	{name: "events-iso-z", dir: "events-iso-z", prices: "../yahoo/prices", market: "GSPC", anchor: []string{"17:27", "2021-08-17"}},
	{name: "events-et", dir: "events-et", prices: "../yahoo/prices", market: "GSPC", anchor: []string{"17:27", "2021-08-17"}},
	{name: "events-ampm", dir: "events-ampm", prices: "../yahoo/prices", market: "GSPC", anchor: []string{"17:27", "2021-08-17"}},
	{name: "events-pandas", dir: "events-pandas", prices: "../yahoo/prices", market: "GSPC", anchor: []string{"17:27", "2021-08-17"}},
	{name: "events-synonyms", dir: "events-synonyms", prices: "../yahoo/prices", market: "GSPC", detect: []string{"announcement_date"}},
	{name: "events-attributes", dir: "events-attributes", prices: "../yahoo/prices", market: "GSPC"},
	{name: "events-spaced", dir: "events-spaced", prices: "../yahoo/prices", market: "GSPC"},
	{name: "events-xlsx", dir: "events-xlsx", events: "events.xlsx", prices: "../yahoo/prices", market: "GSPC"},
	{name: "events-utf16", dir: "events-utf16", events: "events.txt", prices: "../yahoo/prices", market: "GSPC", detect: []string{"UTF-16LE decoded"}, anchor: []string{"17:27", "2021-08-17"}},
}

// day0 is one event's day 0 as ar.csv gives it.
type day0 struct {
	date string
	ar   float64
}

// runLayout runs the study of c and returns its day-0 rows by event id,
// stdout, stderr and the exit code.
func runLayout(t *testing.T, c layoutCase) (map[string]day0, string, string, int, string) {
	t.Helper()
	fix := filepath.Join(layoutsDir, c.dir)
	prices, events, market := c.prices, c.events, c.market
	if prices == "" {
		prices = "prices"
	}
	if events == "" {
		events = "events.csv"
	}
	if market == "" {
		market = yahooMarket
	}
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"run", "--events", filepath.Join(fix, events), "--prices", filepath.Join(fix, prices),
		"--market", market, "--model", "market", "--estimation", "-260,-11", "--window", "-10,10",
		"--car", "0,0", "--tests", "cs_t", "-o", out}, c.flags...)
	code, stdout, stderr := runCLI(t, args...)
	rows := map[string]day0{}
	if code == exitOK || code == 1 {
		for _, r := range readTable(t, filepath.Join(out, "ar.csv")) {
			if r["rel_day"] == "0" {
				rows[r["event_id"]] = day0{date: r["date"], ar: num(t, r["ar"])}
			}
		}
	}
	return rows, stdout, stderr, code, out
}

var (
	layoutRefOnce sync.Once
	layoutRef     map[string]day0
)

// reference is the Yahoo fixture's day-0 rows (both events present).
func reference(t *testing.T) map[string]day0 {
	t.Helper()
	layoutRefOnce.Do(func() {
		rows, stdout, stderr, code, _ := runLayout(t, layoutCases[0])
		if code != exitOK {
			t.Fatalf("yahoo reference: exit %d\n%s%s", code, stdout, stderr)
		}
		layoutRef = rows
	})
	if layoutRef == nil {
		t.Fatal("no Yahoo reference")
	}
	return layoutRef
}

// The Yahoo fixture is the demo's running example: AR(0) = -3.17 % on
// 2021-08-16, the 8-K after the close anchored on 2021-08-17.
func TestLayoutsReference(t *testing.T) {
	ref := reference(t)
	c := ref[confirmID]
	if c.date != "2021-08-16" || math.Abs(c.ar-(-0.0317)) > 5e-5 {
		t.Errorf("%s day 0 %s AR %.6f, want 2021-08-16 -0.0317", confirmID, c.date, c.ar)
	}
	if f := ref[filingID]; f.date != "2021-08-17" || math.IsNaN(f.ar) || f.ar == c.ar {
		t.Errorf("%s day 0 %s AR %v, want 2021-08-17 and its own AR", filingID, f.date, f.ar)
	}
}

func TestLayouts(t *testing.T) {
	ref := reference(t)
	for _, c := range layoutCases {
		t.Run(c.name, func(t *testing.T) {
			rows, stdout, stderr, code, out := runLayout(t, c)
			if c.wantErr != "" {
				if code != exitBadInput || !strings.Contains(stderr, c.wantErr) {
					t.Fatalf("want exit 2 with %q; got exit %d\nstdout:\n%sstderr:\n%s", c.wantErr, code, firstLines(stdout, 4), firstLines(stderr, 4))
				}
				if !c.wholeFile && !fileLine.MatchString(stderr) {
					t.Errorf("error without a file:line: %s", firstLines(stderr, 4))
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("bad input, yet %s was written", out)
				}
				return
			}
			if code != exitOK {
				t.Fatalf("exit %d\nstdout:\n%sstderr:\n%s", code, firstLines(stdout, 4), firstLines(stderr, 4))
			}
			want0 := ref
			if c.sameAs != "" {
				want0 = sameAsRows(t, c.sameAs)
			}
			tol := c.tol
			if tol == 0 {
				tol = 1e-12
			}
			for id, want := range want0 {
				got, ok := rows[id]
				switch {
				case !ok:
					t.Errorf("%s: no day-0 row in ar.csv", id)
				case got.date != want.date:
					t.Errorf("%s: day 0 %s, reference %s", id, got.date, want.date)
				case math.Abs(got.ar-want.ar) > tol:
					t.Errorf("%s: AR(0) %.17g, reference %.17g (diff %.3g)", id, got.ar, want.ar, got.ar-want.ar)
				}
			}
			var anchors []string
			for _, l := range strings.Split(stderr, "\n") {
				if strings.HasPrefix(l, "anchor ") {
					anchors = append(anchors, l)
				}
			}
			for _, a := range c.anchor {
				if !strings.Contains(strings.Join(anchors, "\n"), a) {
					t.Errorf("anchoring log does not show %s:\n%s", a, strings.Join(anchors, "\n"))
				}
			}
			var detected []string // run prints them on stderr
			for _, l := range strings.Split(stdout+stderr, "\n") {
				if strings.HasPrefix(l, "detected ") {
					detected = append(detected, l)
				}
			}
			lines := strings.ToLower(strings.Join(detected, "\n"))
			manifest := strings.ToLower(manifestText(t, filepath.Join(out, "manifest.json")))
			for _, d := range c.detect {
				if !strings.Contains(lines, strings.ToLower(d)) {
					t.Errorf("detection lines do not name %s:\n%s", d, strings.Join(detected, "\n"))
				}
				if !strings.Contains(manifest, strings.ToLower(d)) {
					t.Errorf("manifest.json does not record %s", d)
				}
			}
		})
	}
}

// fileLine is the "file:line" an input error starts with.
var fileLine = regexp.MustCompile(`[^\s:]+:\d+`)

// sameAsRows runs the named case (which must succeed) for its day-0 rows.
func sameAsRows(t *testing.T, name string) map[string]day0 {
	t.Helper()
	for _, c := range layoutCases {
		if c.name == name {
			rows, stdout, stderr, code, _ := runLayout(t, c)
			if code != exitOK {
				t.Fatalf("reference %s: exit %d\n%s%s", name, code, firstLines(stdout, 4), firstLines(stderr, 4))
			}
			return rows
		}
	}
	t.Fatalf("no case %s", name)
	return nil
}

// firstLines keeps a failure message short (the usage text or 40 bad
// rows say nothing more than their first lines).
func firstLines(s string, n int) string {
	l := strings.SplitAfter(s, "\n")
	if len(l) > n {
		l = append(l[:n], "...\n")
	}
	return strings.Join(l, "")
}

// manifestText is every string of manifest.json, decoded (JSON escapes
// quotes and HTML characters), one a line.
func manifestText(t *testing.T, path string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(readFile(t, path), &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x + "\n")
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

// Every fixture directory has a row in the table (and the table names no
// missing fixture).
func TestLayoutsCoverEveryFixture(t *testing.T) {
	ents, err := os.ReadDir(layoutsDir)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, c := range layoutCases {
		if _, err := os.Stat(filepath.Join(layoutsDir, c.dir)); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		used[c.dir] = true
	}
	for _, e := range ents {
		if e.IsDir() && !used[e.Name()] {
			t.Errorf("testdata/layouts/%s has no case in layoutCases", e.Name())
		}
	}
}
