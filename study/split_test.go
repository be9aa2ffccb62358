package study

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// scaleFrom multiplies the given columns (indices of the Yahoo layout
// Date,Open,High,Low,Close,Adj Close,Volume) of the rows dated from on
// by f.
func scaleFrom(lines []string, from string, f float64, cols ...int) []string {
	return editLines(lines, func(date, l string) string {
		if date < from {
			return l
		}
		c := strings.Split(l, ",")
		for _, j := range cols {
			v, _ := strconv.ParseFloat(c[j], 64)
			c[j] = strconv.FormatFloat(v*f, 'f', 6, 64)
		}
		return strings.Join(c, ",")
	})
}

// keepCols keeps the Date column and the named columns of a Yahoo file.
func keepCols(lines []string, cols ...int) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		c := strings.Split(l, ",")
		k := []string{c[0]}
		for _, j := range cols {
			k = append(k, c[j])
		}
		out[i] = strings.Join(k, ",")
	}
	return out
}

// returnsFile is a long returns file (symbol,date,ret) of a Yahoo file's
// Adj Close.
func returnsFile(sym string, lines []string) []string {
	out := []string{"symbol,date,ret"}
	prev := math.NaN()
	for _, l := range lines[1:] {
		c := strings.Split(l, ",")
		p, _ := strconv.ParseFloat(c[5], 64)
		if !math.IsNaN(prev) {
			out = append(out, fmt.Sprintf("%s,%s,%.10f", sym, c[0], p/prev-1))
		}
		prev = p
	}
	return out
}

// TestSplitLikeJumps: a one-day ratio near a split factor excludes only
// on proof (split.go): the real Okta fall of 2022-09-01 (ratio 0.663) and
// a synthetic 33 % fall of T-Mobile are kept with a warning naming the day
// and the ratio, while an unadjusted split is still excluded when the
// file's other price column disagrees by the split factor, or when the
// factor is 3 or more.
func TestSplitLikeJumps(t *testing.T) {
	const (
		yahoo = iota
		closeOnly
		adjOnly
		returns
	)
	tmus, okta := yahooLines(t, "TMUS"), yahooLines(t, "OKTA")
	const C, A = 4, 5 // Close, Adj Close
	cases := []struct {
		name        string
		firm        string
		lines       []string
		layout      int
		priceColumn string
		reason      string // "" = kept
		warn        string // in the suspected_split warning ("" = none)
	}{
		// Okta, 2022-03-22 confirmation, event window to +120 (2022-09-01 is day 113).
		{"okta real fall, yahoo file", "OKTA", okta, yahoo, "", "", `2022-09-01: price ratio 0.663 (from 91.400002 to 60.599998) is near a 1.5-for-1 split; the file's "Close" moved alike (ratio 0.663)`},
		{"okta real fall, adjusted column only", "OKTA", okta, adjOnly, "", "", `prices are adjusted (column "Adj Close")`},
		{"okta real fall, Close only", "OKTA", okta, closeOnly, "", "", `unadjusted prices (column "Close") and no adjusted column to compare`},
		{"okta real fall, returns", "OKTA", okta, returns, "", "", "return -0.337 is near a 1.5-for-1 split; returns cannot hold a split"},
		// T-Mobile, 2021-08-16, jumps on 2021-07-01 (estimation window).
		{"tmus synthetic 33% fall in both columns", "TMUS", scaleFrom(tmus, "2021-07-01", 2.0/3, 1, 2, 3, C, A), yahoo, "", "", `2021-07-01: price ratio 0.669 (from 143.628296 to 96.089376) is near a 1.5-for-1 split; the file's "Close" moved alike`},
		{"tmus unadjusted 2-for-1 split, Close read, Adj Close ordinary", "TMUS", scaleFrom(tmus, "2021-07-01", 0.5, 1, 2, 3, C), yahoo, "Close", ReasonSuspectedSplit, ""},
		{"tmus broken adjustment: Adj Close doubles, Close ordinary", "TMUS", scaleFrom(tmus, "2021-07-01", 2, A), yahoo, "", ReasonSuspectedSplit, ""},
		{"tmus 2-for-1 split, Close only: kept with a warning", "TMUS", scaleFrom(tmus, "2021-07-01", 0.5, C), closeOnly, "", "", `near a 2-for-1 split; unadjusted prices (column "Close")`},
		{"tmus 4-for-1 split, Close only", "TMUS", scaleFrom(tmus, "2021-07-01", 0.25, C), closeOnly, "", ReasonSuspectedSplit, ""},
		{"tmus 4-for-1 split, Adj Close only: adjusted prices never exclude", "TMUS", scaleFrom(tmus, "2021-07-01", 0.25, A), adjOnly, "", "", `near a 4-for-1 split; prices are adjusted`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := Default()
			s.Market, s.PriceColumn = "GSPC", tc.priceColumn
			writeLines(t, filepath.Join(dir, "prices", "GSPC.csv"), yahooLines(t, "GSPC"))
			s.Prices = filepath.Join(dir, "prices")
			switch tc.layout {
			case yahoo:
				writeLines(t, filepath.Join(dir, "prices", tc.firm+".csv"), tc.lines)
			case closeOnly:
				writeLines(t, filepath.Join(dir, "prices", tc.firm+".csv"), keepCols(tc.lines, C))
			case adjOnly:
				writeLines(t, filepath.Join(dir, "prices", tc.firm+".csv"), keepCols(tc.lines, A))
			case returns:
				writeLines(t, filepath.Join(dir, "ret.csv"), returnsFile(tc.firm, tc.lines))
				s.Prices = filepath.Join(dir, "ret.csv")
				s.Market = filepath.Join(dir, "prices", "GSPC.csv")
			}
			id := "tmus-confirm"
			if tc.firm == "OKTA" {
				id = "okta-confirm"
				s.Events = filepath.Join(dir, "events.csv")
				writeLines(t, s.Events, []string{"event_id,firm,date,time,session", "okta-confirm,OKTA,2022-03-22,04:30,pre"})
				s.Analysis.EventWindow = analysis.Window{T1: -10, T2: 120}
			} else {
				s.Events = tmusEvent(t, dir)
			}
			out := runStudy(t, s)
			ev := eventOf(t, out, id)
			if ev.Reason != tc.reason {
				t.Fatalf("reason %q, want %q; exclusions %+v", ev.Reason, tc.reason, out.Set.Manifest.Exclusions)
			}
			ws := warningsOf(out, ReasonSuspectedSplit)
			if tc.warn == "" {
				if len(ws) != 0 {
					t.Errorf("warnings %+v", ws)
				}
			} else if len(ws) != 1 || ws[0].EventID != id || !strings.Contains(ws[0].Message, tc.warn) {
				t.Errorf("warnings %+v, want one containing %q", ws, tc.warn)
			}
			if tc.reason != "" {
				x := out.Set.Manifest.Exclusions[0]
				if !strings.HasPrefix(x.Detail, "2021-07-01: price ratio") {
					t.Errorf("detail %q", x.Detail)
				}
				return
			}
			// A kept event is estimated: its AR(0) is a real number, and
			// T-Mobile's stays near the running example's -3.17 % when
			// the jump is a 33 % or 50 % move in the estimation window (a
			// 75 % one, kept as adjusted prices say, moves it to -2.85 %).
			ar0 := float64(arOf(out, id)[0].AR)
			if math.IsNaN(ar0) {
				t.Fatal("AR(0) missing")
			}
			if tc.firm == "TMUS" && !strings.Contains(tc.name, "4-for-1") && math.Abs(ar0+0.0317) > 0.003 {
				t.Errorf("AR(0) = %.4f, want about -0.0317", ar0)
			}
		})
	}
}
