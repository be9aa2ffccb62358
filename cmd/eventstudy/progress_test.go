package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestProgressLine(t *testing.T) {
	for _, c := range []struct {
		done, total int
		want        string
	}{
		{0, 10, "estimating   [>         ] 0/10"},
		{5, 10, "estimating   [=====>    ] 5/10"},
		{10, 10, "estimating   [==========] 10/10"},
		{12, 10, "estimating   [==========] 10/10"},
	} {
		if got := progressLine("estimating", c.done, c.total, 10); got != c.want {
			t.Errorf("progressLine(%d, %d) = %q, want %q", c.done, c.total, got, c.want)
		}
	}
}

// Steps end with a newline; a redraw within progressEvery is skipped,
// except the final one.
func TestProgressBarRedraws(t *testing.T) {
	var b bytes.Buffer
	p := &progressBar{w: &b}
	p.update("estimating", 1, 4)
	p.update("estimating", 2, 4) // too soon: skipped
	p.update("estimating", 4, 4) // final: drawn, newline
	p.update("testing", 0, 1)
	p.update("testing", 1, 1)
	got := b.String()
	if strings.Count(got, "\r") != 4 || strings.Count(got, "\n") != 2 || strings.Contains(got, " 2/4") {
		t.Errorf("progress output %q", got)
	}
}

// Output that is not a terminal gets no progress (no carriage returns in
// logs and pipes).
func TestProgressSilentWhenNotTerminal(t *testing.T) {
	var b bytes.Buffer
	if newProgress(&b, false) != nil {
		t.Error("progress callback for a non-terminal writer")
	}
	code, _, stderr := runCLI(t, "demo", "-o", t.TempDir()+"/d")
	if code != exitOK || strings.Contains(stderr, "\r") {
		t.Errorf("demo exit %d, stderr has a carriage return: %v", code, strings.Contains(stderr, "\r"))
	}
}
