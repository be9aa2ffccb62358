package charts

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/breachlab/eventstudy/analysis/compare"

	"github.com/breachlab/eventstudy/results"
)

func renderFixture(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	set := fixtureSet(t)
	if err := Render(&buf, set, Options{Title: "T-Mobile 2021 " + payloadScript, Compare: fixtureCompare(t, set)}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderSmoke(t *testing.T) {
	page := renderFixture(t)
	if out := os.Getenv("EVENTSTUDY_REPORT"); out != "" {
		if err := os.WriteFile(out, page, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_ = filepath.Join
	t.Logf("report: %d bytes", len(page))
	if len(page) > 1_500_000 {
		t.Errorf("page is %d bytes, want < 1.5 MB", len(page))
	}
}

// TestNoRemoteReferences parses the page: no src/href/action may point
// outside the page, no <script src>, no <link>, and no url() in styles.
func TestNoRemoteReferences(t *testing.T) {
	page := renderFixture(t)
	z := html.NewTokenizer(bytes.NewReader(page))
	scripts := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "script" {
			scripts++
		}
		if tok.Data == "link" || tok.Data == "iframe" || tok.Data == "img" || tok.Data == "object" {
			t.Errorf("page has a <%s> element", tok.Data)
		}
		for _, a := range tok.Attr {
			v := strings.ToLower(strings.TrimSpace(a.Val))
			switch a.Key {
			case "src":
				t.Errorf("<%s src=%q>: the page must not load anything", tok.Data, a.Val)
			case "href", "action", "srcset", "poster", "data":
				if strings.Contains(v, "http:") || strings.Contains(v, "https:") || strings.HasPrefix(v, "//") {
					t.Errorf("<%s %s=%q> points outside the page", tok.Data, a.Key, a.Val)
				}
			case "style":
				if strings.Contains(v, "url(") {
					t.Errorf("<%s style=%q> loads a resource", tok.Data, a.Val)
				}
			}
		}
	}
	if scripts != 2 {
		t.Errorf("%d <script> elements, want 2 (echarts, charts)", scripts)
	}
	checkScripts(t, string(page))
	if bytes.Contains(bytes.ToLower(page), []byte("url(http")) || bytes.Contains(page, []byte("@import")) {
		t.Error("the stylesheet references a remote resource")
	}
}

// The embedded bundle is the expected echarts build and cannot close its
// own <script> element.
func TestEmbeddedECharts(t *testing.T) {
	if len(echartsJS) != 1024740 {
		t.Errorf("echarts.min.js is %d bytes, want 1024740 (echarts 5.4.3)", len(echartsJS))
	}
	low := strings.ToLower(echartsJS)
	for _, s := range []string{"</script", "<!--", "<script"} {
		if strings.Contains(low, s) {
			t.Errorf("echarts.min.js contains %q", s)
		}
	}
	if !strings.Contains(echartsJS, `"5.4.3"`) {
		t.Error("echarts.min.js does not declare version 5.4.3")
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := WriteFile(path, fixtureSet(t), Options{}); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "report.html" {
		t.Errorf("directory holds %v, want only report.html", ents)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "r.html"), fixtureSet(t), Options{}); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
	if err := Render(io.Discard, fixtureSet(t), Options{CompareWindow: "1,-1"}); err == nil {
		t.Error("a reversed compare window was accepted")
	}
	if err := Render(io.Discard, nil, Options{}); err == nil {
		t.Error("nil set accepted")
	}
}

// TestCompareChartTails: with more events than MaxCompareBars the ranked
// CAR chart draws the two tails (the 50 lowest and 50 highest CARs, in
// rank order) at a height a browser can draw, says so, and the histogram
// still counts every event.
func TestCompareChartTails(t *testing.T) {
	const n = 250
	set := &results.Set{}
	for i := range n {
		id := fmt.Sprintf("E%03d", i)
		car := float64((i*97)%n-n/2) / 1000 // a permutation of -0.125..0.124
		set.Events = append(set.Events, results.EventRow{EventID: id, Firm: "F", Status: "ok", Day0: "2021-08-16"})
		set.CAR = append(set.CAR, results.CARRow{EventID: id, Window: "-1,1", T1: -1, T2: 1, CAR: results.Num(car),
			SE: results.Num(0.01), DF: results.SomeInt(100), P: results.Num(0.5)})
	}
	b := &builder{set: set, t1: -1, t2: 1}
	s, err := b.compareSection()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Charts) != 2 || len(s.Notes) != 1 || !strings.Contains(s.Notes[0], "50 most negative and the 50 most positive of 250 events") {
		t.Fatalf("%d charts, notes %q", len(s.Charts), s.Notes)
	}
	ranked := s.Charts[0].Meta["items"].([]compareItem)
	if len(ranked) != MaxCompareBars || s.Charts[0].Height > 110+24*MaxCompareBars {
		t.Fatalf("%d bars, height %d", len(ranked), s.Charts[0].Height)
	}
	for k, it := range ranked {
		want := float64(k-n/2) / 10 // percent: ranks 0..49 and 200..249
		if k >= MaxCompareBars/2 {
			want = float64(k-MaxCompareBars+n-n/2) / 10
		}
		if got := it.CAR.(float64); math.Abs(got-want) > 1e-9 {
			t.Fatalf("bar %d: CAR %v%%, want %v%%", k, got, want)
		}
	}
	if sub := s.Charts[1].Option["title"]; !strings.Contains(fmt.Sprint(sub), "250 events") {
		t.Errorf("histogram title %v does not count all 250 events", sub)
	}
}

// BenchmarkRenderResults renders a results directory written by
// eventstudy (EVENTSTUDY_RESULTS_DIR, e.g. the 10k bench's output): the
// report's share of the write phase.
func BenchmarkRenderResults(b *testing.B) {
	dir := os.Getenv("EVENTSTUDY_RESULTS_DIR")
	if dir == "" {
		b.Skip("set EVENTSTUDY_RESULTS_DIR to a results directory")
	}
	set, err := results.Read(dir)
	if err != nil {
		b.Fatal(err)
	}
	cmp, err := compare.Read(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := Render(io.Discard, set, Options{Compare: cmp}); err != nil {
			b.Fatal(err)
		}
	}
}
