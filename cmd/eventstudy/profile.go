package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/breachlab/eventstudy/analysis/study"
)

// startProfile writes a CPU profile to $EVENTSTUDY_CPUPROFILE when it is
// set (for `bench/run.sh` and performance work); it returns the stop
// function.
func startProfile() func() {
	path := os.Getenv("EVENTSTUDY_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// phaseTimer returns, when $EVENTSTUDY_TIMINGS is set, a study.Phase hook
// that prints the wall time of each finished phase to w (for bench/run.sh
// and performance work); nil otherwise. The name "" ends the last phase.
func phaseTimer(w io.Writer) func(string) {
	if os.Getenv("EVENTSTUDY_TIMINGS") == "" {
		return nil
	}
	start := time.Now()
	last, name := start, ""
	return func(next string) {
		now := time.Now()
		if name != "" {
			fmt.Fprintf(w, "timing %-20s %6.3f s\n", name, now.Sub(last).Seconds())
		}
		if next == "" {
			fmt.Fprintf(w, "timing %-20s %6.3f s\n", "total", now.Sub(start).Seconds())
		}
		last, name = now, next
	}
}

func phase(st study.Study, name string) {
	if st.Phase != nil {
		st.Phase(name)
	}
}
