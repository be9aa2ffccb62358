package main

import (
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/breachlab/eventstudy/study"
)

// A run's memory is mostly garbage the collector has not yet reclaimed: with
// Go's default GOGC=100 the heap may grow to twice the live data before a
// collection, and at research scale (a 10-million-row panel, 10,000 events)
// the live data are ~100 MB, so the peak depended on when collections fell
// and varied from 250 to 310 MiB between identical runs. The budget sets a
// soft memory limit (runtime/debug.SetMemoryLimit) so that collections come
// earlier instead: the heap stays below budgetShare of its input's size
// where the live data allow, else at live/liveShare. budgetShare is 0.45,
// not 0.5, because the process also maps what is not heap (the binary, GC
// metadata, stacks: 50-80 MB at 100M rows), and issue 24's target is the
// peak RSS at most half the price file. A compressed input (Parquet, .gz)
// counts compressedWeight times its size, about the text it holds: with
// its own size the budget of the 100M-row Parquet panel (0.88 GB against
// the CSV's 2.85 GB) was below the live data and the collector ran 59
// times instead of 18, 9 s of CPU.
//
// A soft limit below the live data would make the collector run without
// pause (up to half the CPU), so at every phase boundary and after every
// collection the limit is raised to keep the live heap under liveShare of
// it: then the limit only trims garbage, never starves the run (checked at
// phase boundaries only, a phase whose live heap grew past the limit ran
// one collection after another). Raised that way, the limit alone would
// pass the target when the live heap nears the budget (the 100M run's
// write phase holds 0.92 GB live: live/0.7 is 1.32 GiB, a peak RSS of
// 49 % of the file), so it stops at ceilingShare of the input while the
// live heap is at most liveMax of that. A live heap above it cannot keep
// the target (the 10M run's 105 MB of a 273 MB file): there the ceiling
// would only make more collections. GOMEMLIMIT, when set, wins.
const (
	budgetShare      = 0.45      // of the input bytes
	budgetFloor      = 128 << 20 // small studies: never the binding constraint
	liveShare        = 0.7
	ceilingShare     = 0.47 // of the input bytes: the target's 0.5 less what is not heap
	liveMax          = 0.8  // of the limit, at the ceiling
	compressedWeight = 3    // a Parquet or gzip file's bytes, as text (3.2 for the generator's panel)
)

// memoryLimit is the soft limit for a run with input bytes of input and
// live heap bytes after the last phase: budgetShare of the input, at least
// budgetFloor, and high enough that live is at most liveShare of it, but
// not above ceilingShare of the input while live is at most liveMax of
// that (a ceiling below the floor is none: the study is small).
func memoryLimit(input, live int64) int64 {
	limit := max(int64(budgetShare*float64(input)), budgetFloor)
	limit = max(limit, int64(math.Ceil(float64(live)/liveShare)))
	ceiling := int64(ceilingShare * float64(input))
	if ceiling > budgetFloor && limit > ceiling && float64(live) <= liveMax*float64(ceiling) {
		return ceiling
	}
	return limit
}

// memoryBudget applies memoryLimit to the process as a study runs.
type memoryBudget struct {
	gen int64 // its place in budgets: only the newest watches

	mu      sync.Mutex // check runs on the run's goroutine and after collections
	input   int64
	limit   int64
	sample  []metrics.Sample
	applied bool
}

// budgets counts the budgets made: a process that runs studies one after
// another (the tests) keeps one watcher, the newest budget's.
var budgets atomic.Int64

// newMemoryBudget returns the budget of st's inputs, or nil when GOMEMLIMIT
// is set (the user's limit stands).
func newMemoryBudget(st study.Study) *memoryBudget {
	if os.Getenv("GOMEMLIMIT") != "" {
		return nil
	}
	var input int64
	for _, p := range append([]string{st.Events, st.Prices, st.Market, st.PeersFile}, st.Factors...) {
		input += pathBytes(p)
	}
	m := &memoryBudget{gen: budgets.Add(1), input: input, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	m.check()
	m.watch()
	return m
}

// gcTick is garbage made for its cleanup to run after a collection; its
// pointer keeps it out of the tiny allocator, whose blocks are freed
// together.
type gcTick struct{ _ *byte }

// watch checks the budget after the next collection and watches again,
// while m is the newest budget.
func (m *memoryBudget) watch() {
	if m.gen != budgets.Load() {
		return
	}
	runtime.AddCleanup(new(gcTick), func(m *memoryBudget) {
		m.check()
		m.watch()
	}, m)
}

// check raises the limit if the live heap has grown (called as each phase
// begins and after each collection); it never lowers it.
func (m *memoryBudget) check() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	metrics.Read(m.sample)
	var live int64
	if v := m.sample[0].Value; v.Kind() == metrics.KindUint64 {
		live = int64(v.Uint64())
	}
	if l := memoryLimit(m.input, live); !m.applied || l > m.limit {
		m.limit, m.applied = l, true
		debug.SetMemoryLimit(l)
	}
}

// pathBytes is the size of a file, or of the regular files under a
// directory; 0 for a path that is not there (a ticker, "demo:..." names).
func pathBytes(p string) int64 {
	if p == "" {
		return 0
	}
	fi, err := os.Stat(p)
	if err != nil {
		return 0
	}
	if !fi.IsDir() {
		return weighted(p, fi.Size())
	}
	var n int64
	filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += weighted(path, fi.Size())
			}
		}
		return nil
	})
	return n
}

// weighted is a file's bytes for the budget: compressedWeight times its
// size for a compressed file (by its name), else its size.
func weighted(path string, size int64) int64 {
	name := strings.ToLower(path)
	if strings.HasSuffix(name, ".parquet") || strings.HasSuffix(name, ".gz") {
		return compressedWeight * size
	}
	return size
}
