package charts

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/results"
)

// docs/methodology.md 8.2: CAR(0,2) of event A = -0.04276659751 with the simple
// t = -2.418103134, so se = 0.01768601054; df 10 gives t(0.975) =
// 2.228138851986274 (t tables), the normal 1.959963984540054.
func TestIntervalFromT(t *testing.T) {
	const car, tt, se = -0.04276659751, -2.418103134, 0.01768601054
	for _, c := range []struct {
		name         string
		car, t       float64
		df           int
		wantLo, want float64 // want: half-width
	}{
		{"8.2, t(10)", car, tt, 10, car - 2.228138851986274*se, 2.228138851986274 * se},
		{"8.2, normal", car, tt, 0, car - 1.959963984540054*se, 1.959963984540054 * se},
		{"positive CAR, negative t is the same se", -car, tt, 10, -car - 2.228138851986274*se, 2.228138851986274 * se},
		{"t = 0: no se", 0.01, 0, 10, math.NaN(), math.NaN()},
		{"t missing", 0.01, math.NaN(), 10, math.NaN(), math.NaN()},
		{"CAR missing", math.NaN(), 1, 10, math.NaN(), math.NaN()},
	} {
		lo, hi := Level(0.95).IntervalFromT(c.car, c.t, c.df)
		if math.IsNaN(c.want) {
			if !math.IsNaN(lo) || !math.IsNaN(hi) {
				t.Errorf("%s: (%v, %v), want NaN", c.name, lo, hi)
			}
			continue
		}
		if !near(lo, c.wantLo, 1e-8) || !near((hi-lo)/2, c.want, 1e-8) {
			t.Errorf("%s: (%.12g, %.12g), want lo %.12g, half-width %.12g", c.name, lo, hi, c.wantLo, c.want)
		}
	}
}

// Bar centres of echarts' grouped bars, by hand: two bars with a 30% band
// gap and a 10% bar gap are w = 0.7/2.1 = 1/3 band wide, centred at
// ±(1/3)(1.1)/2 = ±0.18333…; three are w = 0.7/3.2 = 0.21875 wide at
// 0 and ±0.21875·1.1 = ±0.240625.
func TestPairOffset(t *testing.T) {
	for _, c := range []struct {
		i, n int
		want float64
	}{
		{0, 1, 0}, {0, 2, -0.55 / 3}, {1, 2, 0.55 / 3},
		{0, 3, -0.240625}, {1, 3, 0}, {2, 3, 0.240625},
	} {
		if got := pairOffset(c.i, c.n); !near(got, c.want, 1e-12) {
			t.Errorf("pairOffset(%d, %d) = %.15g, want %.15g", c.i, c.n, got, c.want)
		}
	}
}

// htmlTableRows returns the class and cell texts of the body rows of the
// table with the given id.
func htmlTableRows(t *testing.T, page []byte, id string) (classes []string, rows [][]string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var table *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "table" {
			for _, a := range n.Attr {
				if a.Key == "id" && a.Val == id {
					table = n
				}
			}
		}
		for c := n.FirstChild; c != nil && table == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if table == nil {
		t.Fatalf("no table %q", id)
	}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" && n.Parent != nil && n.Parent.Data == "tbody" {
			cls := ""
			for _, a := range n.Attr {
				if a.Key == "class" {
					cls = a.Val
				}
			}
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "td" {
					cells = append(cells, text(c))
				}
			}
			classes = append(classes, cls)
			rows = append(rows, cells)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(table)
	return classes, rows
}

// pageCharts decodes the chart specs the page script draws.
func pageCharts(t *testing.T, page []byte) []chartSpec {
	t.Helper()
	i := bytes.Index(page, []byte("var charts = "))
	if i < 0 {
		t.Fatal("no chart data in the page")
	}
	var specs []chartSpec
	if err := json.NewDecoder(bytes.NewReader(page[i+len("var charts = "):])).Decode(&specs); err != nil {
		t.Fatal(err)
	}
	return specs
}

func renderWith(t *testing.T, set *results.Set, tab *compare.Tables) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, set, Options{Title: "T-Mobile 2021 " + payloadScript, Compare: tab}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestComparisonSections(t *testing.T) {
	set := fixtureSet(t)
	tab := fixtureCompare(t, set)
	page := renderWith(t, set, tab)
	for _, id := range []string{SectionStages, SectionPeers, SectionGroupDiff, SectionDiagnostics} {
		if !bytes.Contains(page, []byte(`<section id="`+id+`">`)) {
			t.Errorf("no section %s", id)
		}
	}
	// Without the tables (an older results directory): no section.
	old := renderWith(t, set, nil)
	if bytes.Contains(old, []byte(`id="compare-`)) {
		t.Error("comparison sections without comparison tables")
	}

	// Stage timeline: one row per merged stage; T-Mobile's claim and
	// confirmation (both day 0 2021-08-16) are one row; the highlighted
	// rows are exactly the first significant stages on CAR(0,1).
	classes, rows := htmlTableRows(t, page, "stages")
	var want []compare.StageRow
	for _, r := range tab.Stages {
		if r.Window == "0,1" {
			want = append(want, r)
		}
	}
	if len(rows) != len(want) || len(want) != 8 {
		t.Fatalf("%d stage rows, want %d (= 8: 9 events, claim and confirmation merged)", len(rows), len(want))
	}
	car := map[string]results.CARRow{}
	for _, r := range set.CAR {
		car[r.EventID+"|"+r.Window] = r
	}
	for i, r := range want {
		lead, _, _ := strings.Cut(r.EventIDs, ";")
		// columns: incident firm stages given day0 rule | CAR(0,0) p SQ p | CAR(0,1) p SQ p | first
		if got, w := rows[i][9], fmtPct(float64(car[lead+"|0,1"].CAR)); got != w {
			t.Errorf("stage %s: CAR(0,1) %q, want %q", r.Stages, got, w)
		}
		if got, w := rows[i][6], fmtPct(float64(car[lead+"|0,0"].CAR)); got != w {
			t.Errorf("stage %s: CAR(0,0) %q, want %q", r.Stages, got, w)
		}
		if first := strings.Contains(classes[i], "first"); first != r.FirstSignificant {
			t.Errorf("stage %s: highlighted %v, first significant %v", r.Stages, first, r.FirstSignificant)
		}
	}
	if rows[0][2] != "claim + confirmation 2 merged" || rows[0][4] != "2021-08-16" {
		t.Errorf("first stage row %q", rows[0])
	}

	// Peers: T-Mobile's four days share the peer set; one table row and
	// one chart each. The portfolio's interval from |CAR/t| must equal
	// the interval from VZ's own se (the stand-in portfolio), an
	// independent route to the same number.
	_, prow := htmlTableRows(t, page, "peers")
	if len(prow) != 4 {
		t.Fatalf("%d peer rows, want 4 (claim+confirmation, filing, scope, update)", len(prow))
	}
	if prow[0][0] != "tmobile-2021-claim, tmobile-2021-confirmation" || prow[0][2] != "VZ;"+payloadImg || prow[0][10] != payloadScript {
		t.Errorf("peer row %q", prow[0])
	}
	var pairCharts int
	for _, c := range pageCharts(t, page) {
		names, ok := c.Meta["names"].([]any)
		if !ok || len(names) != 2 || names[0] != "TMUS" {
			continue
		}
		pairCharts++
		rowsMeta := c.Meta["rows"].([]any)
		for k, rm := range rowsMeta {
			bars := rm.(map[string]any)["bars"].([]any)
			w := tab.Peers[k].Window // the first group's windows, file order
			vz := car["vz-2021-peer|"+w]
			lo, hi := Level(0.95).CARInterval(pct(vz.CAR), pct(vz.SE), vz.DF.V)
			p := bars[1].(map[string]any)
			if pairCharts == 1 && (!near(p["lo"].(float64), lo, 1e-6) || !near(p["hi"].(float64), hi, 1e-6)) {
				t.Errorf("peer interval %s: (%v, %v), want (%.6f, %.6f)", w, p["lo"], p["hi"], lo, hi)
			}
			tm := car["tmobile-2021-claim|"+w]
			flo, fhi := Level(0.95).CARInterval(pct(tm.CAR), pct(tm.SE), tm.DF.V)
			f := bars[0].(map[string]any)
			if pairCharts == 1 && (!near(f["lo"].(float64), flo, 1e-6) || !near(f["hi"].(float64), fhi, 1e-6)) {
				t.Errorf("firm interval %s: (%v, %v), want (%.6f, %.6f)", w, f["lo"], f["hi"], flo, fhi)
			}
		}
	}
	if pairCharts != 4 {
		t.Errorf("%d firm/peer charts, want 4", pairCharts)
	}

	// Group differences: every row, bold where p < 0.05.
	gcl, grows := htmlTableRows(t, page, "groupdiff")
	if len(grows) != len(tab.GroupDiff) || len(grows) == 0 {
		t.Fatalf("%d group-difference rows, want %d", len(grows), len(tab.GroupDiff))
	}
	for i, r := range tab.GroupDiff {
		if sig := gcl[i] == "sig"; sig != (!r.P.IsNA() && float64(r.P) < 0.05) {
			t.Errorf("groupdiff row %d (p %v): class %q", i, r.P, gcl[i])
		}
		if grows[i][1] != r.GroupB || grows[i][10] != fmtP(float64(r.P)) {
			t.Errorf("groupdiff row %d: %q", i, grows[i])
		}
	}

	// Clustering: VZ and T share day 0, so their group overlaps in every
	// window (1 pair of 1) and gets the KP recommendation; the breach
	// events are years apart.
	ccl, crows := htmlTableRows(t, page, "clustering")
	if len(crows) != 2 || crows[0][0] != "breach" || crows[0][6] != "unadjusted tests fine" ||
		crows[1][0] != payloadImg || crows[1][3] != "1/1" || !strings.HasPrefix(crows[1][6], "prefer kp_bmp") || ccl[1] != "first" {
		t.Errorf("clustering rows %q (classes %q)", crows, ccl)
	}
	if !bytes.Contains(page, []byte("prefer kp_bmp, kp_patell or grank_t / grank_z to bmp, patell and cs_t")) {
		t.Error("no clustering recommendation note")
	}
	// Confounding: T-Mobile's filing (day 0 +1) has the claim's and
	// confirmation's event windows in its estimation window.
	_, frows := htmlTableRows(t, page, "confounding")
	found := false
	for _, r := range frows {
		if r[0] == "tmobile-2021-filing" && r[2] == "estimation window" {
			found = r[3] == "tmobile-2021-claim (-1; 1), tmobile-2021-confirmation (-1; 1)"
		}
	}
	if !found {
		t.Errorf("confounding rows %q lack the filing's estimation-window row", frows)
	}
	checkScripts(t, string(page))
	for _, p := range []string{payloadImg, payloadScript, payloadID} {
		if bytes.Contains(page, []byte(p)) {
			t.Errorf("payload %q reached the page unescaped", p)
		}
	}
}
