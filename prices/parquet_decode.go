package prices

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/breachlab/eventstudy/inputerr"
	"github.com/parquet-go/parquet-go"
)

// decode turns the row groups to read into canonical text, one segment
// per group, decoded on every core; the segments are read in file and
// group order through segReader, never copied into one buffer.
func (pl *pqPlan) decode() (*segReader, error) {
	var work []int
	for k, t := range pl.tasks {
		if !t.skip {
			work = append(work, k)
		}
	}
	header := pl.headerLine()
	segs := make([][]byte, len(work)+1)
	segs[0] = header
	errs := make([]error, len(work))
	var next atomic.Int64
	run := func() {
		for {
			k := int(next.Add(1) - 1)
			if k >= len(work) {
				return
			}
			segs[k+1], errs[k] = pl.safeGroup(pl.tasks[work[k]])
		}
	}
	var wg sync.WaitGroup
	for range min(len(work), runtime.GOMAXPROCS(0)) - 1 {
		wg.Go(run)
	}
	run()
	wg.Wait()
	var all inputerr.InputErrors
	line := 2
	for k, err := range errs {
		t := pl.tasks[work[k]]
		if e, ok := err.(*pqEast); ok {
			all = append(all, eastError(pl.files[t.file].path, int(e.row), e.name, e.at))
			continue
		}
		if err != nil {
			all.Add(pl.files[t.file].path, 0, 0, fmt.Sprintf("row group %d cannot be read (%v)", t.group+1, err), "check the file; write it again")
			continue
		}
		pl.lines = append(pl.lines, pqLines{first: line, file: t.file, firstRow: t.firstRow})
		line += int(t.rows)
	}
	if err := all.Err(); err != nil {
		return nil, err
	}
	return newSegReader(segs), nil
}

// headerLine is the canonical header: every column's name, quoted as
// needed.
func (pl *pqPlan) headerLine() []byte {
	var b []byte
	for i, n := range pl.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, []byte(n))
	}
	return append(b, '\n')
}

// safeGroup is group, with a panic of the Parquet library on a damaged
// file turned into the group's error.
func (pl *pqPlan) safeGroup(t pqTask) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("damaged data: %v", r)
		}
	}()
	return pl.group(t, t.rows)
}

// group decodes the first rows of one row group: a line per row, the
// decoded columns read in step.
func (pl *pqPlan) group(t pqTask, rows int64) ([]byte, error) {
	o := pl.open[t.file]
	rg := o.pf.RowGroups()[t.group]
	chunks := rg.ColumnChunks()
	curs := make([]*pqCursor, len(pl.names))
	for k := range pl.names {
		if pl.read[k] && o.leaf[k] >= 0 {
			curs[k] = &pqCursor{pages: chunks[o.leaf[k]].Pages(), buf: make([]parquet.Value, 1024)}
			defer curs[k].pages.Close()
		}
	}
	// The row count comes from the file: a damaged one must not size
	// the buffer.
	b := make([]byte, 0, min(rows*int64(8*len(pl.readNames())+4), 64<<20))
	for r := range rows {
		for k := range pl.names {
			if k > 0 {
				b = append(b, ',')
			}
			switch {
			case curs[k] != nil:
				v, err := curs[k].next()
				if err != nil {
					return nil, fmt.Errorf("column %q: %v", pl.names[k], err)
				}
				if k == pl.L.dateCol {
					if at, east := o.cell[k].eastValue(v); east {
						return nil, &pqEast{row: t.firstRow + r + 1, name: pl.names[k], at: at}
					}
				}
				b = o.cell[k].appendTo(b, v)
			case pl.read[k]:
				b = appendCSVField(b, []byte(o.part[k]))
			}
		}
		b = append(b, '\n')
	}
	return b, nil
}

// pqEast is a row whose date is a UTC instant east of UTC (eastError).
type pqEast struct {
	row      int64 // in its file, from 1
	name, at string
}

func (e *pqEast) Error() string { return "a UTC instant at " + e.at }

// pqCursor reads one flat column's values in order across its pages.
type pqCursor struct {
	pages parquet.Pages
	vr    parquet.ValueReader
	buf   []parquet.Value
	i, n  int
}

func (c *pqCursor) next() (parquet.Value, error) {
	for c.i >= c.n {
		if c.vr == nil {
			p, err := c.pages.ReadPage()
			if err == io.EOF {
				return parquet.Value{}, fmt.Errorf("fewer values than rows")
			}
			if err != nil {
				return parquet.Value{}, err
			}
			c.vr = p.Values()
		}
		n, err := c.vr.ReadValues(c.buf)
		c.i, c.n = 0, n
		if err == io.EOF {
			c.vr = nil
		} else if err != nil {
			return parquet.Value{}, err
		}
	}
	v := c.buf[c.i]
	c.i++
	return v, nil
}

// rowOf turns a canonical text line into a file and its row (from 1);
// the header line (and line 0) is the first file, row 0.
func (pl *pqPlan) rowOf(line int) (string, int) {
	i := sort.Search(len(pl.lines), func(i int) bool { return pl.lines[i].first > line }) - 1
	if line < 2 || i < 0 {
		return pl.files[0].path, 0
	}
	s := pl.lines[i]
	return pl.files[s.file].path, int(s.firstRow) + line - s.first + 1
}

// segReader reads a list of byte segments as one file (io.ReaderAt).
type segReader struct {
	segs [][]byte
	off  []int64 // start of each segment
	size int64
}

func newSegReader(segs [][]byte) *segReader {
	r := &segReader{segs: segs, off: make([]int64, len(segs))}
	for i, s := range segs {
		r.off[i] = r.size
		r.size += int64(len(s))
	}
	return r
}

func (r *segReader) ReadAt(p []byte, off int64) (int, error) {
	if off >= r.size {
		return 0, io.EOF
	}
	i := sort.Search(len(r.off), func(i int) bool { return r.off[i] > off }) - 1
	n := 0
	for n < len(p) && i < len(r.segs) {
		n += copy(p[n:], r.segs[i][off+int64(n)-r.off[i]:])
		i++
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
