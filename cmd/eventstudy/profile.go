package main

import (
	"os"
	"runtime/pprof"
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
