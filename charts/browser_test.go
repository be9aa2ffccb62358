package charts

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/internal/browsertest"
	"github.com/breachlab/eventstudy/results"
)

// TestReportInBrowser opens the rendered fixture report in headless
// Chromium over file:// with the network blocked, and checks that every
// chart draws a non-blank canvas, nothing is logged as an error, no
// request leaves file://, and none of the injected labels ran (also after
// showing every chart's tooltip, which renders HTML).
//
// It runs on the fixture and on the fixture copied 320 times (2,880
// events): a research-scale report must draw too. Without MaxCompareBars
// the ranked CAR chart of that copy is a 1100×69,230 canvas that Chromium
// leaves blank, and this test fails.
func TestReportInBrowser(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is needed for this test (apt-get install chromium; .ci/run installs it): %v", err)
	}
	for _, tc := range []struct {
		name   string
		copies int
	}{{"fixture", 1}, {"2880 events", 320}} {
		t.Run(tc.name, func(t *testing.T) {
			withAdjustedP(t) // the heat maps get their raw / Holm / BH switch
			set := fixtureSet(t)
			cmp := fixtureCompare(t, set)
			set = copiedSet(set, tc.copies)
			checkInBrowser(t, bin, set, cmp)
		})
	}
}

// copiedSet returns set with every event repeated copies times under new
// ids (and incidents), each copy's CARs shifted a little so that the
// ranking has distinct values; tests, AAR and prices stay the original's.
func copiedSet(set *results.Set, copies int) *results.Set {
	if copies <= 1 {
		return set
	}
	out := *set
	out.Events, out.AR, out.CAR = nil, nil, nil
	for c := range copies {
		id := func(s string) string {
			if c == 0 {
				return s
			}
			return fmt.Sprintf("%s-copy%d", s, c)
		}
		for _, e := range set.Events {
			e.EventID = id(e.EventID)
			if e.Incident != "" {
				e.Incident = id(e.Incident)
			}
			out.Events = append(out.Events, e)
		}
		for _, r := range set.AR {
			r.EventID = id(r.EventID)
			out.AR = append(out.AR, r)
		}
		for _, r := range set.CAR {
			r.EventID = id(r.EventID)
			if !r.CAR.IsNA() {
				r.CAR += results.Num(float64(c) * 1e-4)
			}
			out.CAR = append(out.CAR, r)
		}
	}
	return &out
}

// checkInBrowser renders set and checks it in Chromium (see
// TestReportInBrowser).
func checkInBrowser(t *testing.T, bin string, set *results.Set, cmp *compare.Tables) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	if err := WriteFile(path, set, Options{Title: "T-Mobile 2021 " + payloadScript, Compare: cmp}); err != nil {
		t.Fatal(err)
	}
	checkPage(t, bin, path, "T-Mobile 2021 "+payloadScript)
}

// TestReportFileInBrowser runs the browser checks on a report written by
// eventstudy (EVENTSTUDY_REPORT_FILE=path/report.html) and logs its size,
// time to first contentful paint and to the last chart drawn: the scale
// measurements of docs/validation.md.
func TestReportFileInBrowser(t *testing.T) {
	path := os.Getenv("EVENTSTUDY_REPORT_FILE")
	if path == "" {
		t.Skip("set EVENTSTUDY_REPORT_FILE to a report.html to measure it")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed: ", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	checkPage(t, bin, abs, "")
}

// checkPage opens the report at path (see TestReportInBrowser); a
// non-empty title is the document title the page must keep.
func checkPage(t *testing.T, bin, path, wantTitle string) {
	dir := t.TempDir()
	var mu sync.Mutex
	var problems, requests []string
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text+" "+describe(e.ExceptionDetails.Exception))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning || e.Type == runtime.ConsoleAPICalledTypeAssert {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, describe(a))
				}
				problems = append(problems, "console "+string(e.Type)+": "+strings.Join(parts, " "))
			}
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		}
	}
	ctx := browsertest.Start(t, bin, dir, browsertest.Window{Width: 1200, Height: 900, Listen: listen, Reset: func() {
		mu.Lock()
		problems, requests = nil, nil // the dead browser's, if any
		mu.Unlock()
	}})
	tctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	defer tcancel()
	start := time.Now()
	if err := chromedp.Do(tctx,
		chromedp.Navigate("file://"+path),
		chromedp.Legacy(waitReady{}),
	); err != nil {
		t.Fatal(err)
	}
	loaded := time.Since(start)
	fcp, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`(performance.getEntriesByName("first-contentful-paint")[0] || {startTime: -1}).startTime`))
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(path); err == nil {
		t.Logf("%s: %.2f MB, first contentful paint %.0f ms, every chart drawn after %v (navigation to data-charts-ready)",
			filepath.Base(path), float64(st.Size())/1e6, fcp, loaded.Round(time.Millisecond))
	}

	title, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.title`))
	if err != nil {
		t.Fatal(err)
	}
	if wantTitle != "" && title != wantTitle {
		t.Errorf("document.title = %q, want %q: an injected label ran or the title is wrong", title, wantTitle)
	}

	// Every chart container holds a canvas whose pixels are not all equal.
	type canvasCheck struct {
		ID       string `json:"id"`
		Canvas   bool   `json:"canvas"`
		Width    int    `json:"w"`
		Height   int    `json:"h"`
		Distinct int    `json:"distinct"`
	}
	checks, err := chromedp.Run(tctx, chromedp.Evaluate[[]canvasCheck](`Array.from(document.querySelectorAll("div.chart")).map(function (el) {
		var c = el.querySelector("canvas");
		if (!c) { return {id: el.id, canvas: false, w: 0, h: 0, distinct: 0}; }
		var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data, seen = {}, n = 0;
		for (var i = 0; i < d.length && n < 3; i += 4 * 7) {
			var k = d[i] + "," + d[i+1] + "," + d[i+2] + "," + d[i+3];
			if (!seen[k]) { seen[k] = true; n++; }
		}
		return {id: el.id, canvas: true, w: c.width, h: c.height, distinct: n};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Count(mustRead(t, path), `<div class="chart"`)
	if len(checks) != want || want < 10 {
		t.Errorf("found %d chart containers in the DOM, %d in the page (want >= 10)", len(checks), want)
	}
	for _, c := range checks {
		if !c.Canvas || c.Width == 0 || c.Height == 0 || c.Distinct < 2 {
			t.Errorf("chart %s: canvas %v %dx%d, %d distinct colours: not drawn", c.ID, c.Canvas, c.Width, c.Height, c.Distinct)
		}
	}

	// Every chart offers PNG and SVG (toolbox), and both render offline.
	type saveCheck struct {
		ID    string `json:"id"`
		PNG   bool   `json:"png"`
		SVG   bool   `json:"svg"`
		Other string `json:"other"`
	}
	saves, err := chromedp.Run(tctx, chromedp.Evaluate[[]saveCheck](`Array.from(document.querySelectorAll("div.chart")).map(function (el) {
		var tb = (echarts.getInstanceByDom(el).getOption().toolbox || [])[0] || {}, f = tb.feature || {};
		var other = Object.keys(f).filter(function (k) { return k !== "saveAsImage" && k !== "mySaveSVG"; }).join(",");
		return {id: el.id, png: !!(f.saveAsImage && f.saveAsImage.show), svg: !!(f.mySaveSVG && f.mySaveSVG.show), other: other};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range saves {
		if !c.PNG || !c.SVG || c.Other != "" {
			t.Errorf("chart %s: toolbox PNG %v, SVG %v, other features %q; want PNG and SVG only", c.ID, c.PNG, c.SVG, c.Other)
		}
	}
	if len(checks) > 0 {
		first := checks[0].ID
		out, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`[window.reportSVG(`+strconv.Quote(first)+`), echarts.getInstanceByDom(document.getElementById(`+strconv.Quote(first)+`)).getDataURL({type: "png"})]`))
		if err != nil {
			t.Fatal(err)
		}
		if svg := out[0]; !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "<path") || len(svg) < 1000 {
			t.Errorf("SVG of %s: %d bytes, starts %.40q: not a drawn chart", first, len(svg), svg)
		}
		if png := out[1]; !strings.HasPrefix(png, "data:image/png;base64,") || len(png) < 2000 {
			t.Errorf("PNG of %s: %d bytes, starts %.40q: not a drawn chart", first, len(png), png)
		}
	}

	// The raw / adjusted p switch of a heat map swaps its data.
	sw, err := chromedp.Run(tctx, chromedp.Evaluate[[]float64](`(function () {
		var bar = document.querySelector("div.pswitch");
		if (!bar) { return []; }
		var ch = echarts.getInstanceByDom(bar.nextElementSibling), bs = bar.querySelectorAll("button");
		var cell = function () { return ch.getOption().series[0].data[0].value[2]; };
		var raw = cell(); bs[1].click(); var holm = cell(); bs[0].click();
		return [bs.length, raw, holm, cell()];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if wantTitle != "" { // the fixture: adjusted p-values given (withAdjustedP)
		if len(sw) != 4 || sw[0] != 3 || math.Abs(sw[2]-math.Min(1, 3*sw[1])) > 2e-6 || sw[3] != sw[1] {
			t.Errorf("p switch: [buttons, raw, Holm, raw again] = %v; want 3 buttons and Holm = min(1, 3·raw)", sw)
		}
	}

	// Show a tooltip on every series of every chart: tooltips are HTML.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](`Array.from(document.querySelectorAll("div.chart")).forEach(function (el) {
		var ch = echarts.getInstanceByDom(el), o = ch.getOption();
		var item = o.tooltip && o.tooltip[0] && o.tooltip[0].trigger === "item";
		o.series.forEach(function (s, i) {
			var n = (s.data || []).length;
			if (!item) { n = Math.min(n, 2); }
			for (var j = 0; j < n; j++) { ch.dispatchAction({type: "showTip", seriesIndex: i, dataIndex: j}); }
		});
	})`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	pwned, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`typeof window.__pwned !== "undefined" || (`+strconv.Quote(wantTitle)+` !== "" && document.title !== `+strconv.Quote(wantTitle)+`) || document.querySelector("img") !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if pwned {
		t.Error("an injected label ran (window.__pwned set, title changed or an <img> was created)")
	}

	if out := os.Getenv("EVENTSTUDY_SCREENSHOT"); out != "" {
		if _, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](`Array.from(document.querySelectorAll("div.chart")).forEach(function (el) { echarts.getInstanceByDom(el).dispatchAction({type: "hideTip"}); })`)); err != nil {
			t.Fatal(err)
		}
		var png []byte
		if sel := os.Getenv("EVENTSTUDY_SCREENSHOT_AT"); sel != "" { // one element, e.g. "#volatility"
			if png, err = chromedp.Run(tctx, chromedp.Screenshot(sel)); err != nil {
				t.Fatal(err)
			}
		} else if png, err = chromedp.Run(tctx, chromedp.FullScreenshot(100)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", out)
	}

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("browser: %s", p)
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, "file://") {
			t.Errorf("the page requested %s; it must not reach the network", u)
		}
	}
}

// waitReady waits until the page script has initialised every chart.
type waitReady struct{}

func (waitReady) Do(ctx context.Context) error {
	for {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.getAttribute("data-charts-ready") || ""`))
		if err != nil {
			return err
		}
		if n != "" {
			time.Sleep(200 * time.Millisecond) // one more frame for the canvases
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func describe(o *runtime.RemoteObject) string {
	if o == nil {
		return ""
	}
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return o.Description
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
