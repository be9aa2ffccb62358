package prices

import (
	"bufio"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// writeLongFile writes a seeded long file of nsym symbols x ndays rows
// (symbol,date,close, grouped by symbol as panel exports usually are).
func writeLongFile(tb testing.TB, path string, nsym, ndays int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	fmt.Fprintln(w, "symbol,date,close")
	start := dates.DayOf(1990, 1, 2)
	for s := 0; s < nsym; s++ {
		p := 50.0
		for d := 0; d < ndays; d++ {
			p *= 1 + 0.02*rng.NormFloat64()
			if p <= 0.01 {
				p = 0.01
			}
			fmt.Fprintf(w, "SYM%04d,%s,%.6f\n", s, start+dates.Day(d), p)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	fi, _ := f.Stat()
	f.Close()
	return fi.Size()
}

// BenchmarkLoadLong loads a generated 1M-row long file (500 symbols x 2000
// days, ~30 MB).
func BenchmarkLoadLong(b *testing.B) {
	const nsym, ndays = 500, 2000
	path := filepath.Join(b.TempDir(), "long.csv")
	size := writeLongFile(b, path, nsym, ndays)
	b.SetBytes(size)
	b.ReportAllocs()
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	b.ResetTimer()
	for b.Loop() {
		p, err := Load(path, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Series) != nsym {
			b.Fatalf("%d series", len(p.Series))
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(nsym*ndays), "ns/row")
	// CPU time (user+system, all threads incl. GC) per row: steadier than
	// wall time on a shared machine.
	cpu := time.Duration(ru1.Utime.Nano() - ru0.Utime.Nano() + ru1.Stime.Nano() - ru0.Stime.Nano())
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/(nsym*ndays), "cpu-ns/row")
}
