package results

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/breachlab/eventstudy/internal/parallel"
)

// The one CSV writer of every table (the study's, the comparison tables,
// grid.csv): a table's cells are made by its Columns' cell function, with
// the text of all cells packed into large shared blocks, and written as
// encoding/csv writes them. The big tables (ar.csv, car.csv, prices.csv,
// stages.csv: a row per event and day or window, millions of cells at
// research scale) are streamed in blocks formatted on every core.

// Cells hands out the text of cells, in strings whose
// bytes live in large blocks, so a table's cells cost a few allocations
// instead of one per cell. A block is never written again once a string
// points into it.
type Cells struct {
	buf  []byte
	memo *numMemo // NumRepeating's texts while streaming; nil: none
}

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

// Num is Num.String: "" for NaN, "Inf"/"-Inf", else the shortest 'g' form.
func (a *Cells) Num(n Num) string {
	a.room(32)
	start := len(a.buf)
	a.buf = appendNum(a.buf, n)
	return a.take(start)
}

// NumRepeating is Num(n) for a column whose values repeat (p-values that
// are counts over one of a few sizes, adjusted p-values at 1): while the
// table is streamed the text comes from a memo of recent numbers.
func (a *Cells) NumRepeating(n Num) string {
	if a.memo == nil {
		return a.Num(n)
	}
	a.room(32)
	start := len(a.buf)
	a.buf = a.memo.appendNum(a.buf, n)
	return a.take(start)
}

// appendNum appends Num's cell: nothing for NaN, "Inf"/"-Inf", else the
// shortest 'g' form (Cells.Num's text).
func appendNum(dst []byte, n Num) []byte {
	f := float64(n)
	switch {
	case math.IsNaN(f):
		return dst
	case math.IsInf(f, 1):
		return append(dst, "Inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-Inf"...)
	}
	return appendShortest(dst, f)
}

// appendInt appends Cells.Int's cell.
func appendInt(dst []byte, v int) []byte {
	if v >= 0 && v < len(smallInts) {
		return append(dst, smallInts[v]...)
	}
	return strconv.AppendInt(dst, int64(v), 10)
}

// appendOptInt appends Cells.OptInt's cell.
func appendOptInt(dst []byte, i Int) []byte {
	if !i.Valid {
		return dst
	}
	return appendInt(dst, i.V)
}

// numLike is Num(n) where cell is Num(m): cell itself when n is m bit
// for bit (volatility.csv's stat is its u, ar.csv's car its ar on the
// window's first day).
func (a *Cells) numLike(n, m Num, cell string) string {
	if math.Float64bits(float64(n)) == math.Float64bits(float64(m)) {
		return cell
	}
	return a.Num(n)
}

// Int is strconv.Itoa.
func (a *Cells) Int(v int) string {
	if v >= 0 && v < len(smallInts) {
		return smallInts[v]
	}
	a.room(24)
	start := len(a.buf)
	a.buf = strconv.AppendInt(a.buf, int64(v), 10)
	return a.take(start)
}

// OptInt is Int.String: "" when missing.
func (a *Cells) OptInt(i Int) string {
	if !i.Valid {
		return ""
	}
	return a.Int(i.V)
}

// Bool is strconv.FormatBool.
func (a *Cells) Bool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Float is a float64 that is always present in its shortest fixed-point
// form (0.125, never 1.25e-01).
func (a *Cells) Float(f float64) string {
	a.room(32)
	start := len(a.buf)
	a.buf = strconv.AppendFloat(a.buf, f, 'f', -1, 64)
	return a.take(start)
}

// smallInts are the common small integers (relative days, df, n_days).
var smallInts = func() []string {
	s := make([]string, 1024)
	for i := range s {
		s[i] = strconv.Itoa(i)
	}
	return s
}()

// cellTable is the table's cells in memory (for results.xlsx).
func cellTable[T any](name string, rows []T, cols Columns[T]) *table {
	nc := len(cols.header)
	t := &table{name: name, header: cols.header, kinds: cols.kinds, rows: make([][]string, len(rows))}
	all := make([]string, len(rows)*nc)
	var a Cells
	for i := range rows {
		row := all[i*nc : (i+1)*nc : (i+1)*nc]
		cols.cells(&rows[i], &a, row)
		t.rows[i] = row
	}
	return t
}

// The hand-written cells of the large tables (Columns.WithCells).
var (
	arColumns    = ColumnsOf[ARRow]().WithCells(arCells).withRecord(arRecord)
	carColumns   = ColumnsOf[CARRow]().WithCells(carCells).withRecord(carRecord)
	priceColumns = ColumnsOf[PriceRow]().WithCells(priceCells)
)

// arRecord, carRecord and volatilityRecord write the big tables' records
// without their cells' strings (the arena, the row of strings and the
// copy of each into the record); arCells, carCells and volatilityCells
// are their definition (results.xlsx still uses them).
func arRecord(dst []byte, r *ARRow, q *quoteMemo) []byte {
	dst = append(q.appendText(dst, 0, r.EventID), ',')
	dst = append(appendInt(dst, r.RelDay), ',')
	dst = append(q.appendText(dst, 2, r.Date), ',')
	dst = append(appendNum(dst, r.Ret), ',')
	dst = append(appendNum(dst, r.NormalRet), ',')
	ar := len(dst)
	dst = appendNum(dst, r.AR)
	arEnd := len(dst)
	dst = append(appendNum(append(dst, ','), r.SAR), ',')
	if math.Float64bits(float64(r.CAR)) == math.Float64bits(float64(r.AR)) {
		dst = append(dst, dst[ar:arEnd]...) // numLike
	} else {
		dst = appendNum(dst, r.CAR)
	}
	dst = append(appendNum(append(dst, ','), r.AV), ',')
	return append(appendNum(dst, r.SAR2), '\n')
}

func carRecord(dst []byte, r *CARRow, q *quoteMemo) []byte {
	dst = append(q.appendText(dst, 0, r.EventID), ',')
	dst = append(q.appendText(dst, 1, r.Window), ',')
	dst = append(appendInt(dst, r.T1), ',')
	dst = append(appendInt(dst, r.T2), ',')
	dst = append(appendNum(dst, r.CAR), ',')
	dst = append(appendNum(dst, r.SE), ',')
	dst = append(appendNum(dst, r.T), ',')
	dst = append(appendOptInt(dst, r.DF), ',')
	dst = append(appendNum(dst, r.P), ',')
	dst = append(appendNum(dst, r.PLower), ',')
	dst = append(appendNum(dst, r.PUpper), ',')
	dst = append(appendNum(dst, r.BHAR), ',')
	dst = append(appendInt(dst, r.NDays), ',')
	dst = append(q.nums.appendNum(dst, r.SQP), ',')
	dst = append(q.nums.appendNum(dst, r.SQPLower), ',')
	dst = append(q.nums.appendNum(dst, r.SQPUpper), ',')
	dst = append(appendNum(dst, r.MCap), ',')
	dst = append(appendNum(dst, r.DollarCAR), ',')
	return append(appendNum(dst, r.DollarSE), '\n')
}

func arCells(r *ARRow, a *Cells, c []string) {
	c[0], c[1], c[2] = r.EventID, a.Int(r.RelDay), r.Date
	c[3], c[4], c[5], c[6] = a.Num(r.Ret), a.Num(r.NormalRet), a.Num(r.AR), a.Num(r.SAR)
	c[7] = a.numLike(r.CAR, r.AR, c[5])
	c[8] = a.Num(r.AV)
	c[9] = a.Num(r.SAR2)
}

func carCells(r *CARRow, a *Cells, c []string) {
	c[0], c[1], c[2], c[3] = r.EventID, r.Window, a.Int(r.T1), a.Int(r.T2)
	c[4], c[5], c[6], c[7] = a.Num(r.CAR), a.Num(r.SE), a.Num(r.T), a.OptInt(r.DF)
	c[8], c[9], c[10], c[11] = a.Num(r.P), a.Num(r.PLower), a.Num(r.PUpper), a.Num(r.BHAR)
	c[12], c[13], c[14], c[15] = a.Int(r.NDays), a.Num(r.SQP), a.Num(r.SQPLower), a.Num(r.SQPUpper)
	c[16], c[17], c[18] = a.Num(r.MCap), a.Num(r.DollarCAR), a.Num(r.DollarSE)
}

func priceCells(r *PriceRow, a *Cells, c []string) {
	c[0], c[1], c[2], c[3], c[4] = r.EventID, a.Int(r.RelDay), r.Date, a.Num(r.Firm), a.Num(r.Market)
	c[5] = a.Num(r.Volume)
}

// streamTable writes rows as CSV into w, header first: each row's cells
// (the same strings cellTable holds) are made in a reused row and arena.
// The rows are formatted in blocks on every core (parallel.Ordered) and
// the blocks written in order, with a few blocks in memory at a time: the
// big tables were one core's work each, and the last to start (ar.csv)
// kept one core busy while the other idled (report and write phase 0.54
// → 0.45 s on the 10,000-event benchmark). Only text columns can need
// quoting: the numbers of AppendFloat and AppendInt never do.
func streamTable[T any](w *bufio.Writer, rows []T, cols Columns[T]) error {
	header, kinds, cells, record := cols.header, cols.kinds, cols.cells, cols.record
	if err := appendCSVRow(w, header, nil); err != nil {
		return err
	}
	blocks := (len(rows) + streamBlockRows - 1) / streamBlockRows
	var werr error
	parallel.Ordered(blocks, 4, func(k int) *[]byte {
		b := blockPool.Get().(*[]byte)
		row := make([]string, len(header))
		nums := numMemoPool.Get().(*numMemo)
		defer numMemoPool.Put(nums)
		a := Cells{buf: make([]byte, 0, 4096), memo: nums}
		q := quoteMemo{arena: &a, last: make([]string, len(header)), quote: make([]bool, len(header)), nums: nums}
		out := (*b)[:0]
		for i := k * streamBlockRows; i < min((k+1)*streamBlockRows, len(rows)); i++ {
			if record != nil {
				out = record(out, &rows[i], &q)
				continue
			}
			a.reset()
			cells(&rows[i], &a, row)
			out = appendRecord(out, row, kinds, &q)
		}
		*b = out
		return b
	}, func(_ int, b *[]byte) bool {
		_, werr = w.Write(*b)
		blockPool.Put(b)
		return werr == nil
	})
	return werr
}

// streamBlockRows is the rows of one block of streamTable (about half a
// megabyte of ar.csv or car.csv).
const streamBlockRows = 4096

var blockPool = sync.Pool{New: func() any { return new([]byte) }}

// StreamCSV writes rows as CSV to w: the header (the csv tags of T), then
// a record per row, as encoding/csv writes them. Every table of eventstudy
// is written by it (or by Write, which uses the same code).
func StreamCSV[T any](w io.Writer, rows []T, cols Columns[T]) error {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	if err := streamTable(bw, rows, cols); err != nil {
		return err
	}
	return bw.Flush()
}

// CSV is StreamCSV of rows with the columns of their csv tags, in memory.
func CSV[T any](rows []T) ([]byte, error) {
	var b bytes.Buffer
	err := StreamCSV(&b, rows, ColumnsOf[T]())
	return b.Bytes(), err
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

// appendCSVRow writes one record as encoding/csv's Writer does
// (appendCSVRecord). The error is w's (sticky) write error.
func appendCSVRow(w *bufio.Writer, row []string, kinds []kind) error {
	_, err := w.Write(appendCSVRecord(w.AvailableBuffer(), row, kinds))
	return err
}

// appendCSVRecord appends one record as encoding/csv's Writer writes it
// (comma, "\n" line end, UseCRLF off): a field that needs quotes is
// enclosed in double quotes with each quote doubled, and CR and LF inside
// it are kept as they are. kinds, when given, marks the columns that
// cannot need quotes (numbers).
func appendCSVRecord(dst []byte, row []string, kinds []kind) []byte {
	return appendRecord(dst, row, kinds, nil)
}

// appendRecord is appendCSVRecord with the quoting of each text column
// remembered from the row before (q; nil: none).
func appendRecord(dst []byte, row []string, kinds []kind, q *quoteMemo) []byte {
	for i, f := range row {
		if i > 0 {
			dst = append(dst, ',')
		}
		if (kinds != nil && kinds[i] != kindString) || !q.needsQuotes(i, f) {
			dst = append(dst, f...)
			continue
		}
		dst = appendQuoted(dst, f)
	}
	return append(dst, '\n')
}

// appendQuoted appends f in double quotes, each quote doubled.
func appendQuoted(dst []byte, f string) []byte {
	dst = append(dst, '"')
	for {
		j := strings.IndexByte(f, '"')
		if j < 0 {
			break
		}
		dst = append(dst, f[:j+1]...)
		dst = append(dst, '"')
		f = f[j+1:]
	}
	dst = append(dst, f...)
	return append(dst, '"')
}

// appendText appends f, the i-th cell of a row (a text column), quoted
// when it needs quotes.
func (q *quoteMemo) appendText(dst []byte, i int, f string) []byte {
	if q.needsQuotes(i, f) {
		return appendQuoted(dst, f)
	}
	return append(dst, f...)
}

// quoteMemo remembers each column's last text and whether it needs
// quotes. The big tables repeat a text down a column as the same string
// (an event's id on its 21 ar.csv rows, a window's name, a merged
// stage's timeline on each window's row), so comparing the string's
// pointer and length skips needsQuotes for most rows. A string in the
// arena's current block is never trusted: its bytes change after reset.
type quoteMemo struct {
	arena *Cells
	last  []string
	quote []bool
	nums  *numMemo // the repeating numbers' texts (carRecord)
}

// needsQuotes is needsQuotes(f), f the i-th cell of a row.
func (q *quoteMemo) needsQuotes(i int, f string) bool {
	if q == nil {
		return needsQuotes(f)
	}
	if l := q.last[i]; len(f) == len(l) && unsafe.StringData(f) == unsafe.StringData(l) && f != "" && !q.arena.holds(f) {
		return q.quote[i]
	}
	v := needsQuotes(f)
	q.last[i], q.quote[i] = f, v
	return v
}

// holds reports whether s's bytes are in a's current block.
func (a *Cells) holds(s string) bool {
	if cap(a.buf) == 0 {
		return false
	}
	p, base := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.SliceData(a.buf)))
	return p >= base && p < base+uintptr(cap(a.buf))
}
