package figures

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/breachlab/eventstudy/internal/browsertest"
)

// TestFiguresInBrowser opens a PNG and an SVG figure of the demo in
// headless Chromium (file://, network off) and checks that the
// screenshot of each is not blank: the files are images a browser draws,
// not just bytes our own decoder accepts.
func TestFiguresInBrowser(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is needed for this test (apt-get install chromium): %v", err)
	}
	files := demoFiles(t)
	dir := t.TempDir()
	ctx := browsertest.Start(t, bin, dir, browsertest.Window{Width: 1000, Height: 700})
	ctx, tcancel := context.WithTimeout(ctx, 90*time.Second)
	defer tcancel()
	for _, name := range []string{"group-breach-caar.png", "incident-tmobile-2021-price.svg"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady(chromedp.CSS(":root"))); err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatal(err)
			}
			// A blank (white or the viewer's dark background only)
			// screenshot has a variance near 0; a figure has lines
			// and text over white.
			if v := lumaVariance(img); v < 50 {
				t.Errorf("screenshot of %s: luma variance %.1f: blank", name, v)
			}
			if os.Getenv("FIGURES_SCREENSHOT") != "" {
				_ = os.WriteFile(os.Getenv("FIGURES_SCREENSHOT")+"-"+name+".png", shot, 0o644)
			}
		})
	}
}
