package prices

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// A price file is read whole (mapped where possible, mmap_unix.go) and its
// data rows are parsed in chunks on every core. Chunks start after a line
// end, so no line is split; each chunk's parser counts its lines, and the
// prefix sums of those counts turn the chunk-relative line numbers of its
// problems into file lines. The chunks' series are then concatenated per
// symbol in chunk order, so the result, the order checks and every message
// are those of one sequential pass.

// fileData is the content of a file: a read-only mapping or a heap copy.
type fileData struct {
	b      []byte
	mapped bool
}

func readAll(f *os.File) (fileData, error) {
	b, err := io.ReadAll(f)
	return fileData{b: b}, err
}

// chunkBytes is the least data a chunk gets: below it the goroutines cost
// more than they save.
const chunkBytes = 4 << 20

// chunkCount is how many chunks n bytes of data rows are cut into: up to
// four per core, so a core slowed by other work does not hold up the rest.
// Tests replace it to cut files at (nearly) every line.
var chunkCount = func(n int) int {
	return max(1, min(n/chunkBytes, 4*runtime.GOMAXPROCS(0)))
}

// splitChunks cuts data[start:] into about n pieces, each ending after a
// '\n' (the last one at the end of the data), and returns their bounds.
func splitChunks(data []byte, start, n int) [][2]int {
	var out [][2]int
	size := len(data) - start
	lo := start
	for k := 1; k < n && lo < len(data); k++ {
		target := max(lo, start+int(int64(size)*int64(k)/int64(n)))
		i := bytes.IndexByte(data[target:], '\n')
		if i < 0 {
			break
		}
		hi := target + i + 1
		out = append(out, [2]int{lo, hi})
		lo = hi
	}
	if lo < len(data) || len(out) == 0 {
		out = append(out, [2]int{lo, len(data)})
	}
	return out
}

// faultProblem recognises the panic of a memory fault: a mapped file that
// shrinks while it is read (another program truncated it) faults on
// access, which debug.SetPanicOnFault turns into a recoverable panic.
func faultProblem(r any) (string, bool) {
	if _, ok := r.(interface{ Addr() uintptr }); !ok {
		return "", false
	}
	return fmt.Sprint(r), true
}

// parseChunks parses the data rows data.b[start:] with one parser per
// chunk, made by newParser, and returns the parsers in file order with
// their builders. A parser whose chunk faulted has fault set.
func parseChunks(data fileData, start int, newParser func() *rowParser, run func(*rowParser) []*builder) ([]*rowParser, [][]*builder, string) {
	bounds := splitChunks(data.b, start, chunkCount(len(data.b)-start))
	ps := make([]*rowParser, len(bounds))
	out := make([][]*builder, len(bounds))
	faults := make([]string, len(bounds))
	var next atomic.Int64
	work := func() {
		old := debug.SetPanicOnFault(true)
		defer debug.SetPanicOnFault(old)
		for {
			k := int(next.Add(1) - 1)
			if k >= len(bounds) {
				return
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						msg, ok := faultProblem(r)
						if !ok {
							panic(r)
						}
						faults[k] = msg
					}
				}()
				p := newParser()
				p.ls = lineScanner{data: data.b[bounds[k][0]:bounds[k][1]]}
				p.data, p.base = data, bounds[k][0]
				ps[k] = p
				out[k] = run(p)
			}()
		}
	}
	workers := min(len(bounds), runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	for _, f := range faults {
		if f != "" {
			return nil, nil, f
		}
	}
	return ps, out, ""
}

// mergeChunks joins the chunks' builders per symbol, in order of first
// appearance in the file.
func mergeChunks(parts [][]*builder) []*builder {
	if len(parts) == 1 {
		return parts[0]
	}
	idx := map[string]int{}
	var order []*builder
	var more [][]*builder
	for _, bs := range parts {
		for _, b := range bs {
			if i, ok := idx[b.sym]; ok {
				more[i] = append(more[i], b)
				continue
			}
			idx[b.sym] = len(order)
			order = append(order, b)
			more = append(more, nil)
		}
	}
	for i, b := range order {
		if more[i] != nil {
			b.concat(more[i])
		}
	}
	return order
}

// dupKey is a (symbol, date) pair that occurs more than once; symbol is
// "" outside long files, where every series has a row on every line.
type dupKey struct {
	sym string
	day Day
}

// duplicateLines reads the data rows data[start:] (which follow line
// before) again and returns, for each wanted key, the lines of its
// rows in file order. It runs only for a file with duplicate dates, which
// is otherwise valid, so every data line is a row.
func (p *rowParser) duplicateLines(data []byte, start, before int, want map[dupKey][]int) {
	ls := lineScanner{data: data[start:]}
	sp := splitter{delim: p.sp.delim}
	for {
		line, ok := ls.next()
		if !ok {
			return
		}
		if len(line) == 0 || blank(line, sp.delim) {
			continue
		}
		if _, err := sp.split(line); err != nil || len(sp.fields) != p.nf {
			continue
		}
		d, err := ParseDate(sp.fields[p.L.dateCol], p.dateFmt)
		if err != nil {
			continue
		}
		k := dupKey{day: d}
		if p.L.kind == "long" {
			k.sym = string(sp.fields[p.L.symCol])
		}
		if lines, ok := want[k]; ok {
			want[k] = append(lines, before+ls.line)
		}
	}
}
