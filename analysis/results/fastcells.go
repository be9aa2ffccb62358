package results

import (
	"bufio"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// The large tables (ar.csv, car.csv and prices.csv here, stages.csv in
// compare: a row per event and day or window, millions of cells at
// research scale) are turned into cells without gocsv's reflection, with
// the text of all cells packed into large shared blocks. The cells are the
// same strings gocsv writes (TestFastCellsMatchGocsv); the small tables
// still go through gocsv.

// Cells hands out the text of cells as gocsv writes it, in strings whose
// bytes live in large blocks, so a table's cells cost a few allocations
// instead of one per cell. A block is never written again once a string
// points into it.
type Cells struct{ buf []byte }

const arenaBlock = 256 << 10

// take returns the bytes appended to a.buf since start as a string.
func (a *Cells) take(start int) string {
	if len(a.buf) == start {
		return ""
	}
	return unsafe.String(&a.buf[start], len(a.buf)-start)
}

// reset lets the arena reuse its block for the next row. Only for
// streaming: the strings handed out so far must no longer be used (they
// would change under their reader).
func (a *Cells) reset() { a.buf = a.buf[:0] }

// room makes sure n more bytes fit without moving the current block.
func (a *Cells) room(n int) {
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]byte, 0, max(arenaBlock, n))
	}
}

// num is Num.String: "" for NaN, "Inf"/"-Inf", else the shortest 'g' form.
func (a *Cells) Num(n Num) string {
	f := float64(n)
	switch {
	case math.IsNaN(f):
		return ""
	case math.IsInf(f, 1):
		return "Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	a.room(32)
	start := len(a.buf)
	a.buf = strconv.AppendFloat(a.buf, f, 'g', -1, 64)
	return a.take(start)
}

func (a *Cells) Int(v int) string {
	if v >= 0 && v < len(smallInts) {
		return smallInts[v]
	}
	a.room(24)
	start := len(a.buf)
	a.buf = strconv.AppendInt(a.buf, int64(v), 10)
	return a.take(start)
}

func (a *Cells) OptInt(i Int) string {
	if !i.Valid {
		return ""
	}
	return a.Int(i.V)
}

// Bool is strconv.FormatBool, as gocsv writes a bool.
func (a *Cells) Bool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// smallInts are the common small integers (relative days, df, n_days).
var smallInts = func() []string {
	s := make([]string, 1024)
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

// fastTable builds a table of rows with cells(row, arena, dst) filling one
// row's cells; the header and kinds come from the csv tags, as in
// marshalTable.
func fastTable[T any](name string, rows []T, cells func(r *T, a *Cells, dst []string)) *table {
	header, kinds, _ := columnsOf(reflect.TypeFor[T]())
	nc := len(header)
	t := &table{name: name, header: header, kinds: kinds, rows: make([][]string, len(rows))}
	all := make([]string, len(rows)*nc)
	var a Cells
	for i := range rows {
		row := all[i*nc : (i+1)*nc : (i+1)*nc]
		cells(&rows[i], &a, row)
		t.rows[i] = row
	}
	return t
}

func arCells(r *ARRow, a *Cells, c []string) {
	c[0], c[1], c[2] = r.EventID, a.Int(r.RelDay), r.Date
	c[3], c[4], c[5], c[6], c[7] = a.Num(r.Ret), a.Num(r.NormalRet), a.Num(r.AR), a.Num(r.SAR), a.Num(r.CAR)
}

func carCells(r *CARRow, a *Cells, c []string) {
	c[0], c[1], c[2], c[3] = r.EventID, r.Window, a.Int(r.T1), a.Int(r.T2)
	c[4], c[5], c[6], c[7] = a.Num(r.CAR), a.Num(r.SE), a.Num(r.T), a.OptInt(r.DF)
	c[8], c[9], c[10], c[11] = a.Num(r.P), a.Num(r.PLower), a.Num(r.PUpper), a.Num(r.BHAR)
	c[12], c[13], c[14], c[15] = a.Int(r.NDays), a.Num(r.SQP), a.Num(r.SQPLower), a.Num(r.SQPUpper)
}

func priceCells(r *PriceRow, a *Cells, c []string) {
	c[0], c[1], c[2], c[3], c[4] = r.EventID, a.Int(r.RelDay), r.Date, a.Num(r.Firm), a.Num(r.Market)
}

// csvSize is the size of the table's CSV without quoting.
func (t *table) csvSize() int {
	n := 0
	for _, row := range append([][]string{t.header}, t.rows...) {
		for _, f := range row {
			n += len(f) + 1
		}
	}
	return n
}

// streamTable writes rows as CSV straight into w, header first: each
// row's cells (the same strings fastTable holds) are made in one reused
// row and arena and written at once, so a table of millions of cells costs
// no memory beyond w's buffer. Only text columns can need quoting: the
// numbers of AppendFloat and AppendInt never do.
func streamTable[T any](w *bufio.Writer, rows []T, cells func(r *T, a *Cells, dst []string)) error {
	header, kinds, _ := columnsOf(reflect.TypeFor[T]())
	if err := appendCSVRow(w, header, nil); err != nil {
		return err
	}
	row := make([]string, len(header))
	a := Cells{buf: make([]byte, 0, 4096)}
	for i := range rows {
		a.reset()
		cells(&rows[i], &a, row)
		if err := appendCSVRow(w, row, kinds); err != nil {
			return err
		}
	}
	return nil
}

// StreamCSV writes rows as the CSV gocsv.Marshal writes for them (header
// from the csv tags, then a record per row), with cells(row, c, dst)
// filling one row's cells in column order from c (Num, Int, OptInt, Bool)
// or as the row's own strings: a large table is written without gocsv's
// reflection (streamTable).
func StreamCSV[T any](w io.Writer, rows []T, cells func(r *T, c *Cells, dst []string)) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	if err := streamTable(bw, rows, cells); err != nil {
		return err
	}
	return bw.Flush()
}

// needsQuotes is encoding/csv's rule for the comma delimiter: a field is
// quoted when it holds a comma, quote, CR or LF, is `\.`, or starts with a
// space character.
func needsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		switch field[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// appendCSVRow writes one record as encoding/csv's Writer does (comma,
// "\n" line end, UseCRLF off): a field that needs quotes is enclosed in
// double quotes with each quote doubled, and CR and LF inside it are kept
// as they are. kinds, when given, marks the columns that cannot need
// quotes (numbers). The error is w's (sticky) write error.
func appendCSVRow(w *bufio.Writer, row []string, kinds []kind) error {
	for i, f := range row {
		if i > 0 {
			w.WriteByte(',')
		}
		if (kinds != nil && kinds[i] != kindString) || !needsQuotes(f) {
			w.WriteString(f)
			continue
		}
		w.WriteByte('"')
		for {
			j := strings.IndexByte(f, '"')
			if j < 0 {
				break
			}
			w.WriteString(f[:j+1])
			w.WriteByte('"')
			f = f[j+1:]
		}
		w.WriteString(f)
		w.WriteByte('"')
	}
	return w.WriteByte('\n')
}
