package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/breachlab/eventstudy/study"
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
// that prints the wall time, the cores kept busy (process CPU time over
// wall time: below GOMAXPROCS, part of the phase ran on one core) and
// the peak RSS so far of each finished phase to w (for bench/run.sh and performance work); nil otherwise. The name ""
// ends the last phase. With $EVENTSTUDY_HEAPPROFILE=PHASE=FILE it also
// writes the live heap as PHASE begins to FILE (go tool pprof FILE).
func phaseTimer(w io.Writer) func(string) {
	if os.Getenv("EVENTSTUDY_TIMINGS") == "" {
		return nil
	}
	heapAt, heapPath, _ := strings.Cut(os.Getenv("EVENTSTUDY_HEAPPROFILE"), "=")
	start := time.Now()
	last, name := start, ""
	lastCPU := busyCPU()
	return func(next string) {
		now := time.Now()
		cpu := busyCPU()
		if name != "" {
			wall := now.Sub(last).Seconds()
			fmt.Fprintf(w, "timing %-20s %6.3f s  %.1f cores  peak RSS %s\n", name, wall, (cpu-lastCPU)/max(wall, 1e-9), peakRSS())
		}
		lastCPU = cpu
		if next == "" {
			fmt.Fprintf(w, "timing %-20s %6.3f s\n", "total", now.Sub(start).Seconds())
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			fmt.Fprintf(w, "memory: mapped by Go %d MiB (heap %d, idle %d, released %d, stacks %d, gc %d, other %d), %d GCs\n",
				m.Sys>>20, m.HeapSys>>20, m.HeapIdle>>20, m.HeapReleased>>20, m.StackSys>>20, m.GCSys>>20, m.OtherSys>>20, m.NumGC)
		}
		last, name = now, next
		if next != "" && next == heapAt {
			writeHeapProfile(heapPath)
		}
	}
}

func phase(st study.Study, name string) {
	if st.Phase != nil {
		st.Phase(name)
	}
}

// peakRSS is the process's peak resident set so far (VmHWM), "?" where
// /proc is missing: the phase that raises it is the one to look at.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// writeHeapProfile writes the live heap (after a GC) to path; errors are
// ignored, as this is a development aid.
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		return
	}
	defer f.Close()
	runtime.GC()
	pprof.Lookup("heap").WriteTo(f, 0)
}
