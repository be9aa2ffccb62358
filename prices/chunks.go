package prices

import (
	"bytes"
	"io"
	"runtime"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/internal/parallel"
)

// The data rows of a price file are parsed in chunks on every core. Each
// chunk is read through its own lineScanner (ReadAt into a block, so the
// file is never held in memory). Chunks start after a line end, so no
// line is split; each chunk's parser counts its lines, and the prefix
// sums of those counts turn the chunk-relative line numbers of its
// problems into file lines. The chunks' series are then concatenated per
// symbol in chunk order, so the result, the order checks and every message
// are those of one sequential pass. Chunks are small and taken in file
// order, a few ahead of the oldest not yet done: the file's SHA-256
// (LoadOptions.SHA256) then takes each chunk's bytes from its block, in
// order, without reading the file again.

// chunkBytes is the data a chunk gets: below it the goroutines cost more
// than they save; above it the blocks a hash keeps cost memory.
const chunkBytes = 4 << 20

// maxWholeChunk bounds the block a hashed chunk is held in (tests
// lower it).
var maxWholeChunk int64 = 16 * chunkBytes

// chunksAhead is how many chunks are parsed or waiting for the hash at a
// time, per core.
const chunksAhead = 2

// chunkCount is how many chunks n bytes of data rows are cut into.
// Tests replace it to cut files at (nearly) every line.
var chunkCount = func(n int64) int {
	return int(max(1, n/chunkBytes))
}

// splitChunks cuts src[start:end] into about n pieces, each ending after a
// '\n' (the last one at end), and returns their bounds.
func splitChunks(src io.ReaderAt, start, end int64, n int) [][2]int64 {
	var out [][2]int64
	lo := start
	var win [64 << 10]byte
	for k := 1; k < n && lo < end; k++ {
		target := max(lo, start+(end-start)*int64(k)/int64(n))
		hi := int64(-1)
		// Lines are short: look in a small window first, then larger ones.
		for off, w := target, int64(256); off < end && hi < 0; w = min(2*w, int64(len(win))) {
			m, _ := src.ReadAt(win[:min(w, end-off)], off)
			if m <= 0 {
				break
			}
			if i := bytes.IndexByte(win[:m], '\n'); i >= 0 {
				hi = off + int64(i) + 1
			}
			off += int64(m)
		}
		if hi < 0 {
			break
		}
		out = append(out, [2]int64{lo, hi})
		lo = hi
	}
	if lo < end || len(out) == 0 {
		out = append(out, [2]int64{lo, end})
	}
	return out
}

// parseChunks parses the data rows src[start:end] with one parser per
// chunk, made by newParser and run by run, on every core, and returns the
// parsers in file order with their builders. A non-nil h is fed
// src[:start] and then each chunk's bytes as its parser read them.
func parseChunks(src io.ReaderAt, start, end int64, newParser func() *rowParser, run func(*rowParser) []*builder, h *fileHash) ([]*rowParser, [][]*builder) {
	bounds := splitChunks(src, start, end, chunkCount(end-start))
	ps := make([]*rowParser, len(bounds))
	out := make([][]*builder, len(bounds))
	h.feedFrom(src, 0, start)
	// Hashing, a block holds its whole chunk (lineScanner.whole); a
	// chunk far longer than chunkBytes (a file without line ends) is not
	// held: the hash gives up, and the caller reads the file itself.
	var size int64
	if h != nil {
		for _, b := range bounds {
			size = max(size, b[1]-b[0]+1)
		}
		if size > maxWholeChunk {
			h.skip()
			h, size = nil, 0
		}
	}
	ahead := chunksAhead * runtime.GOMAXPROCS(0)
	free := make(chan []byte, ahead+1)
	// read is a chunk's block and, hashing, the bytes it read (ok=false:
	// the block did not keep them).
	type read struct {
		buf, bytes []byte
		ok         bool
	}
	parse := func(k int) read {
		var buf []byte
		select {
		case buf = <-free:
		default:
			if size > 0 {
				buf = make([]byte, size)
			}
		}
		p := newParser()
		p.ls = *newLineScanner(src, bounds[k][0], bounds[k][1], buf)
		ps[k] = p
		out[k] = run(p)
		r := read{buf: p.ls.buf}
		if h != nil {
			r.bytes, r.ok = p.ls.read(bounds[k][0])
		}
		p.ls.buf, p.ls.data = nil, nil
		return r
	}
	parallel.Ordered(len(bounds), ahead, parse, func(k int, r read) bool {
		if h != nil {
			if !r.ok {
				h.skip()
			}
			h.feed(bounds[k][0], r.bytes)
		}
		select {
		case free <- r.buf:
		default:
		}
		return true
	})
	return ps, out
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
	day dates.Day
}

// duplicateLines reads the data rows src[start:end] (which follow line
// before) again and returns, for each wanted key, the lines of its rows in
// file order. It runs only for a file with duplicate dates, which is
// otherwise valid, so every data line is a row.
func (p *rowParser) duplicateLines(src io.ReaderAt, start, end int64, before int, want map[dupKey][]int) {
	ls := newLineScanner(src, start, end, nil)
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
		d, err := dates.ParseDate(sp.fields[p.L.dateCol], p.dateFmt)
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
