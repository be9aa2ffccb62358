// Package browsertest starts the headless Chromium that the report and
// figure tests open their files in, offline.
package browsertest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Window is the browser's window size and what it reports.
type Window struct {
	Width, Height int
	Listen        func(ev any) // the page's events; nil for none
	Reset         func()       // forgets what Listen kept from a browser that did not start
}

// Start starts Chromium at bin with its profiles under dir and returns
// its context, ended when t ends. Chromium in one process (kept for its
// halved start time) now and then dies as it starts on a busy machine
// (CI: "context canceled" from the call that launches it, before any page
// is opened), so a start is tried three times, each with its own profile;
// a browser that never starts fails t with the last error.
func Start(t testing.TB, bin, dir string, w Window) context.Context {
	t.Helper()
	for attempt := 1; ; attempt++ {
		ctx, stop, err := start(bin, filepath.Join(dir, fmt.Sprintf("profile%d", attempt)), w)
		if err == nil {
			t.Cleanup(stop)
			return ctx
		}
		stop()
		if w.Reset != nil {
			w.Reset()
		}
		if attempt == 3 {
			t.Fatalf("Chromium did not start in %d attempts: %v", attempt, err)
		}
		t.Logf("Chromium did not start (attempt %d: %v); starting it again", attempt, err)
	}
}

// start starts the browser once: offline, with w.Listen receiving the
// page's events and the network domain enabled; stop ends it (also after
// an error).
func start(bin, profile string, w Window) (ctx context.Context, stop func(), err error) {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		// One process (no zygote, no renderer/GPU processes): starting
		// Chromium is most of these tests' time, and a single process
		// roughly halves it.
		chromedp.Flag("single-process", true),
		chromedp.Flag("no-zygote", true),
		// belt and braces: any request that escapes goes to a dead proxy
		chromedp.ProxyServer("127.0.0.1:9"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(w.Width, w.Height),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	stop = func() { cancel(); cancelAlloc() }
	listen := w.Listen
	if listen == nil {
		listen = func(any) {}
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		return nil, stop, err
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return nil, stop, err
	}
	return ctx, stop, nil
}
