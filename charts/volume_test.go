package charts

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// tmusAV is T-Mobile's abnormal log volume around 2021-08-16 by the
// mean-adjusted model (docs/methodology.md 13.1), computed here from the
// Yahoo file's Volume column: v = ln(1+volume), AV = v − mean v over days
// −260..−11.
func tmusAV(t *testing.T) map[int]float64 {
	f, err := os.Open(filepath.Join("testdata", "TMUS-2021.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][6] != "Volume" {
		t.Fatalf("column 6 is %q, want Volume", recs[0][6])
	}
	var dates []string
	var v []float64
	for _, r := range recs[1:] {
		x, err := strconv.ParseFloat(r[6], 64)
		if err != nil {
			t.Fatal(err)
		}
		dates = append(dates, r[0])
		v = append(v, math.Log1p(x))
	}
	d0 := sort.SearchStrings(dates, "2021-08-16")
	var mean float64
	for tau := -260; tau <= -11; tau++ {
		mean += v[d0+tau]
	}
	mean /= 250
	av := map[int]float64{}
	for tau := -10; tau <= 10; tau++ {
		av[tau] = v[d0+tau] - mean
	}
	return av
}

// tmusVolume is the Volume column of the T-Mobile Yahoo file by date,
// read by a plain loop.
func tmusVolume(t *testing.T) map[string]float64 {
	f, err := os.Open(filepath.Join("testdata", "TMUS-2021.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[0][6] != "Volume" {
		t.Fatalf("column 6 is %q, want Volume", recs[0][6])
	}
	vol := map[string]float64{}
	for _, r := range recs[1:] {
		x, err := strconv.ParseFloat(r[6], 64)
		if err != nil {
			t.Fatal(err)
		}
		vol[r[0]] = x
	}
	return vol
}

// TestVolumeChart puts T-Mobile's volume into prices.csv's volume column
// and its abnormal log volume into ar.csv's av, and checks the incident's
// volume chart: one bar per charted day (-30..30) with the shares traded
// that day by the Yahoo file (the chart's own date of the bar looked up
// in the file), the hand-computed AV on the line of days -10..10 (empty
// elsewhere), and AV(0) with its volume multiple in the subtitle.
func TestVolumeChart(t *testing.T) {
	av := tmusAV(t)
	vol := tmusVolume(t)
	set := fixtureSet(t)
	for i := range set.AR {
		r := &set.AR[i]
		r.AV = results.NA
		if r.EventID == "tmobile-2021-claim" {
			r.AV = results.Num(av[r.RelDay])
		}
	}
	for i := range set.Prices {
		if r := &set.Prices[i]; r.EventID == "tmobile-2021-claim" {
			r.Volume = results.Num(vol[r.Date])
		}
	}
	p, err := buildPage(set, Options{}, -1, 1, DefaultLevel)
	if err != nil {
		t.Fatal(err)
	}
	var found int
	for _, s := range p.Sections {
		for _, c := range s.Charts {
			var opt struct {
				Title  struct{ Text, Subtext string } `json:"title"`
				XAxis  []struct{ Data []string }      `json:"xAxis"`
				Series []struct {
					ID         string            `json:"id"`
					YAxisIndex int               `json:"yAxisIndex"`
					Data       []json.RawMessage `json:"data"`
				} `json:"series"`
			}
			if err := json.Unmarshal(c.frozen, &opt); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(opt.Title.Text, "trading volume") {
				continue
			}
			found++
			if !strings.HasPrefix(opt.Title.Text, "tmobile-2021:") {
				t.Errorf("volume chart %q drawn for an event without volume", opt.Title.Text)
				continue
			}
			want := fmt.Sprintf("AV(0) = %.3f: volume ×%.2f normal", av[0], math.Exp(av[0]))
			if !strings.Contains(opt.Title.Subtext, want) {
				t.Errorf("subtitle %q lacks %q", opt.Title.Subtext, want)
			}
			if len(opt.Series) != 2 || opt.Series[0].ID != "volume" || opt.Series[1].ID != "av" || opt.Series[1].YAxisIndex != 1 {
				t.Fatalf("series %+v, want volume bars and the av line on the second axis", opt.Series)
			}
			dates, _ := c.Meta["dates"].([]string)
			bars, line := opt.Series[0].Data, opt.Series[1].Data
			if len(bars) != 61 || len(line) != 61 || len(dates) != 61 || len(opt.XAxis) == 0 || len(opt.XAxis[0].Data) != 61 {
				t.Fatalf("%d bars, %d line points, %d dates, want 61 (days -30..30)", len(bars), len(line), len(dates))
			}
			for k := range bars {
				rel := k - 30
				if opt.XAxis[0].Data[k] != strconv.Itoa(rel) {
					t.Fatalf("x %d is %q, want %d", k, opt.XAxis[0].Data[k], rel)
				}
				var b struct {
					Value float64 `json:"value"`
				}
				if err := json.Unmarshal(bars[k], &b); err != nil {
					t.Fatal(err)
				}
				shares, ok := vol[dates[k]]
				if !ok || b.Value != shares {
					t.Errorf("day %d (%s): bar %v, want the file's Volume %v", rel, dates[k], b.Value, shares)
				}
				if rel == 0 && (dates[k] != "2021-08-16" || b.Value != 7114200) {
					t.Errorf("day 0: %s %v, want 2021-08-16 and 7114200 shares", dates[k], b.Value)
				}
				var a any
				if err := json.Unmarshal(line[k], &a); err != nil {
					t.Fatal(err)
				}
				if rel < -10 || rel > 10 {
					if a != "-" {
						t.Errorf("day %d: av %v outside the event window, want -", rel, a)
					}
				} else if x, ok := a.(float64); !ok || math.Abs(x-av[rel]) > 1e-6 {
					t.Errorf("day %d: av %v, want %.6f", rel, a, av[rel])
				}
			}
		}
	}
	if found != 1 {
		t.Errorf("%d volume charts, want 1 (only T-Mobile 2021 has volume)", found)
	}
}

// TestVolatilityTable checks that volatility.csv rows reach the page:
// U, p and the variance ratio of day 0 and the compared window, and the
// highlight of p < 0.05.
func TestVolatilityTable(t *testing.T) {
	set := fixtureSet(t)
	if p, err := buildPage(set, Options{}, -1, 1, DefaultLevel); err != nil {
		t.Fatal(err)
	} else {
		for _, s := range p.Sections {
			if s.ID == "volatility" {
				t.Fatal("a volatility section without volatility.csv rows")
			}
		}
	}
	set.Volatility = []results.VolatilityRow{
		{EventID: "equifax-2017", Window: "0,0", T1: 0, T2: 0, U: 27.5, P: 0.0004, VarianceRatio: 27.7, NDays: 1},
		{EventID: "equifax-2017", Window: "-1,1", T1: -1, T2: 1, U: 9.8, P: 0.0021, VarianceRatio: 9.9, NDays: 3},
		{EventID: "tmobile-2021-claim", Window: "0,0", T1: 0, T2: 0, U: 0.5, P: 0.72, VarianceRatio: 0.51, NDays: 1},
	}
	p, err := buildPage(set, Options{}, -1, 1, DefaultLevel)
	if err != nil {
		t.Fatal(err)
	}
	var tab *htmlTable
	for _, s := range p.Sections {
		if s.ID == "volatility" {
			tab = &s.Tables[0]
		}
	}
	if tab == nil {
		t.Fatal("no volatility section")
	}
	want := [][]string{
		{"tmobile-2021-claim", "TMUS", "2021-08-16", "0.5", "0.720", "0.51", "", "", ""},
		{"equifax-2017", "EFX", "2017-09-08", "27.5", "<0.001", "27.7", "9.8", "0.002", "9.9"},
	}
	if len(tab.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(tab.Rows), len(want))
	}
	for i, w := range want {
		for j, c := range tab.Rows[i].Cells {
			if c.Text != w[j] {
				t.Errorf("row %d cell %d (%s) = %q, want %q", i, j, tab.Head[j], c.Text, w[j])
			}
		}
	}
	if tab.Rows[0].Class != "" || tab.Rows[1].Class != "sig" {
		t.Errorf("classes %q, %q; want only Equifax highlighted", tab.Rows[0].Class, tab.Rows[1].Class)
	}
}
