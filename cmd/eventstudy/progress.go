package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// progressEvery limits redraws of the progress line.
const progressEvery = 200 * time.Millisecond

// progressBar draws one self-overwriting line on a terminal:
// "estimating [=========>          ] 4,812/10,000". It is safe for
// concurrent use (the study reports from its workers).
type progressBar struct {
	w    io.Writer
	mu   sync.Mutex
	last time.Time
	step string
	open bool // a line is on screen without its newline yet
}

// newProgress returns the study's progress callback: nil (silent) with
// --quiet or when w is not a terminal, so pipes and log files get no
// carriage-return redraws.
func newProgress(w io.Writer, quiet bool) func(step string, done, total int) {
	if quiet || !writerIsTerminal(w) {
		return nil
	}
	return (&progressBar{w: w}).update
}

func (p *progressBar) update(step string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	final := done >= total
	if step == p.step && !final && time.Since(p.last) < progressEvery {
		return
	}
	if step != p.step && p.open {
		fmt.Fprintln(p.w)
		p.open = false
	}
	p.step, p.last = step, time.Now()
	fmt.Fprint(p.w, "\r"+progressLine(step, done, total, 30))
	p.open = true
	if final {
		fmt.Fprintln(p.w)
		p.open = false
	}
}

// progressLine formats one state of the bar, width characters wide.
func progressLine(step string, done, total, width int) string {
	if total <= 0 {
		return step
	}
	done = min(max(done, 0), total)
	filled := done * width / total
	bar := strings.Repeat("=", filled)
	if filled < width {
		bar += ">" + strings.Repeat(" ", width-filled-1)
	}
	return fmt.Sprintf("%-12s [%s] %d/%d", step, bar, done, total)
}

func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
