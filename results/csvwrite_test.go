package results

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestFastCellsMatchReflection: the hand-written cells of ar.csv, car.csv
// and prices.csv are the strings ColumnsOf's reflective cells make (the
// reference), and the CSV is byte for byte what encoding/csv writes for
// them, for awkward values: NaN, ±Inf, -0, tiny and huge numbers, negative
// and large ints, and strings that need quoting (comma, quote, newline,
// leading space, `\.`). The streamed file (blocks formatted in parallel)
// is read back by DecodeCSV to the same cells.
func TestFastCellsMatchReflection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	nums := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1e-300, 1e300,
		0.1, -0.028, 139.56, 1.0 / 3}
	num := func() Num {
		if rng.IntN(3) == 0 {
			return Num(nums[rng.IntN(len(nums))])
		}
		return Num(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10)))
	}
	strs := []string{"", "E1", "a,b", `say "hi"`, "two\nlines", " lead", `\.`, "tmus-2021", "ü", "cr\rlf\r\n", "\u00a0nbsp", `"`, `a""b"`, "\t"}
	str := func() string { return strs[rng.IntN(len(strs))] }
	ints := []int{0, 1, -1, -10, 1023, 1024, -1 << 40, 1 << 40}
	in := func() int { return ints[rng.IntN(len(ints))] }
	var ar []ARRow
	var car []CARRow
	var pr []PriceRow
	for range 2*streamBlockRows + 77 { // three blocks of streamTable
		ar = append(ar, ARRow{str(), in(), str(), num(), num(), num(), num(), num(), num(), num()})
		if rng.IntN(3) == 0 {
			ar[len(ar)-1].CAR = ar[len(ar)-1].AR // the first day's car (numLike)
		}
		car = append(car, CARRow{str(), str(), in(), in(), num(), num(), num(), Int{in(), rng.IntN(2) == 0},
			num(), num(), num(), num(), in(), num(), num(), num(), num(), num(), num()})
		pr = append(pr, PriceRow{str(), in(), str(), num(), num(), num()})
	}
	t.Run("ar", func(t *testing.T) { checkFastCells(t, ar, arColumns) })
	t.Run("car", func(t *testing.T) { checkFastCells(t, car, carColumns) })
	t.Run("prices", func(t *testing.T) { checkFastCells(t, pr, priceColumns) })
	t.Run("empty", func(t *testing.T) { checkFastCells(t, []ARRow(nil), arColumns) })
}

func checkFastCells[T any](t *testing.T, rows []T, fast Columns[T]) {
	slow := ColumnsOf[T]()
	if !reflect.DeepEqual(fast.header, slow.header) || !reflect.DeepEqual(fast.kinds, slow.kinds) {
		t.Fatalf("header %v kinds %v, reflection %v %v", fast.header, fast.kinds, slow.header, slow.kinds)
	}
	f, s := cellTable("x.csv", rows, fast), cellTable("x.csv", rows, slow)
	for i := range s.rows {
		if !reflect.DeepEqual(f.rows[i], s.rows[i]) {
			t.Fatalf("row %d: %q, reflection %q", i, f.rows[i], s.rows[i])
		}
	}
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	w.Write(s.header)
	w.WriteAll(s.rows)
	// Streamed through a small buffer, so rows straddle flushes.
	var streamed bytes.Buffer
	bw := bufio.NewWriterSize(&streamed, 16)
	if err := streamTable(bw, rows, fast); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(streamed.Bytes(), want.Bytes()) {
		t.Errorf("streamed CSV differs from encoding/csv")
	}
	back, errs := DecodeCSV[T]("x.csv", streamed.Bytes())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	again := cellTable("x.csv", back, slow)
	if len(again.rows) != len(s.rows) {
		t.Fatalf("read back %d rows, wrote %d", len(again.rows), len(s.rows))
	}
	for i := range s.rows {
		// encoding/csv reads a quoted CR LF as LF: such text cannot round-trip.
		if !reflect.DeepEqual(again.rows[i], s.rows[i]) && !strings.Contains(strings.Join(s.rows[i], ""), "\r") {
			t.Fatalf("row %d read back as %q, wrote %q", i, again.rows[i], s.rows[i])
		}
	}
}

// TestQuoteMemo: the quoting remembered down a column follows the text,
// not the string's address: a text column made in the arena (same
// address and length each row after reset, other bytes) and shared
// strings that alternate with ones needing quotes are written as
// encoding/csv writes them, over three blocks of streamTable.
func TestQuoteMemo(t *testing.T) {
	type row struct {
		A string `csv:"a"`
		B string `csv:"b"`
	}
	texts := []string{"abc", "a,b", `a"b`, " ab", "ab\n", `\.`, "abd"}
	var rows []row
	for i := range 2*streamBlockRows + 77 {
		rows = append(rows, row{texts[(i/3)%len(texts)], texts[i%len(texts)]})
	}
	arena := ColumnsOf[row]().WithCells(func(r *row, a *Cells, c []string) {
		a.room(8)
		start := len(a.buf)
		a.buf = append(a.buf, r.A...)
		c[0], c[1] = a.take(start), r.B
	})
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	w.Write([]string{"a", "b"})
	for _, r := range rows {
		w.Write([]string{r.A, r.B})
	}
	w.Flush()
	for name, cols := range map[string]Columns[row]{"arena": arena, "shared": ColumnsOf[row]()} {
		var got bytes.Buffer
		bw := bufio.NewWriter(&got)
		if err := streamTable(bw, rows, cols); err != nil {
			t.Fatal(err)
		}
		bw.Flush()
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: streamed CSV differs from encoding/csv", name)
		}
	}
}

// cellKinds has a column of every kind a table may hold.
type cellKinds struct {
	S    string  `csv:"s"`
	I    int     `csv:"i"`
	N    Num     `csv:"n"`
	O    Int     `csv:"o"`
	B    bool    `csv:"b"`
	F    float64 `csv:"f"`
	Not  string  `csv:"-"`
	Bare int
}

// TestReflectiveCells: every kind's text, as the gocsv library this writer
// replaced wrote it (so the files did not change): Num in the shortest 'g'
// form, empty when missing, "Inf"; Int empty when missing; bools
// true/false; a float64 in the shortest fixed-point form; untagged and "-"
// fields are not columns.
func TestReflectiveCells(t *testing.T) {
	tests := []struct {
		name string
		row  cellKinds
		want string
	}{
		{"plain", cellKinds{"a", 3, 0.25, SomeInt(7), true, 0.125, "x", 9}, "a,3,0.25,7,true,0.125\n"},
		{"missing", cellKinds{"", -1, NA, Int{}, false, 0, "", 0}, ",-1,,,false,0\n"},
		{"extremes", cellKinds{"a,b", 1 << 40, Num(math.Inf(-1)), SomeInt(-2), false, 1e-7, "", 0}, "\"a,b\",1099511627776,-Inf,-2,false,0.0000001\n"},
		{"tiny and huge Num", cellKinds{" x", 0, 1e-300, SomeInt(0), true, 1e21, "", 0}, "\" x\",0,1e-300,0,true,1000000000000000000000\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := CSV([]cellKinds{tc.row})
			if err != nil {
				t.Fatal(err)
			}
			if want := "s,i,n,o,b,f\n" + tc.want; string(b) != want {
				t.Errorf("CSV = %q, want %q", b, want)
			}
		})
	}
}

// failAfter is a writer that fails once n bytes have been written.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

var errFull = errors.New("device full")

// TestStreamTableWriteError: a write error in the middle of a table of
// many blocks is returned, and the formatting stops (no goroutine is left
// writing).
func TestStreamTableWriteError(t *testing.T) {
	rows := make([]ARRow, 10*streamBlockRows)
	for i := range rows {
		rows[i] = ARRow{EventID: "E1", RelDay: i % 21, Date: "2021-08-16", Ret: Num(float64(i) / 7)}
	}
	before := runtime.NumGoroutine()
	for _, limit := range []int{0, 100, 1 << 20, 3 << 19} {
		w := bufio.NewWriterSize(&failAfter{n: limit}, 64<<10)
		err := streamTable(w, rows, arColumns)
		if err == nil {
			err = w.Flush()
		}
		if !errors.Is(err, errFull) {
			t.Errorf("limit %d: error %v, want %v", limit, err, errFull)
		}
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the failed writes, %d before", n, before)
	}
}

// benchTables are ar.csv, car.csv and volatility.csv rows shaped like the
// bench panel's (returns near ±0.02, t near ±1, p in (0, 1), rank
// p-values k/249 and their halves, 8 windows per event, 21 days).
func benchTables() ([]ARRow, []CARRow, []VolatilityRow) {
	rng := rand.New(rand.NewPCG(24, 24))
	windows := []string{"0,0", "0,1", "-1,1", "-2,2", "-5,5", "0,5", "0,10", "-10,10"}
	days := []string{"2004-05-26", "2004-05-27", "2004-05-28"}
	var ar []ARRow
	var car []CARRow
	var vol []VolatilityRow
	for e := range 2000 {
		id := "E" + strconv.Itoa(100000+e)
		run := 0.0
		for d := -10; d <= 10; d++ {
			a := rng.NormFloat64() * 0.02
			s := a / 0.021
			run += a
			ar = append(ar, ARRow{id, d, days[e%3], Num(a + 0.001), Num(0.001), Num(a), Num(s), Num(run), NA, Num(s * s)})
		}
		for _, w := range windows {
			t, p := rng.NormFloat64(), rng.Float64()
			sq := float64(rng.IntN(250)) / 249
			car = append(car, CARRow{id, w, 0, 1, Num(t * 0.02), Num(0.02), Num(t), Int{246, true}, Num(p), Num(p / 2), Num(1 - p/2),
				Num(t * 0.019), 2, Num(sq), Num(sq / 2), Num(1 - sq/2), NA, NA, NA})
			u := rng.ExpFloat64()
			vol = append(vol, VolatilityRow{id, w, 0, 1, Num(u), Num(u), Int{246, true}, Num(rng.Float64()), Num(u * 1.01), 2})
		}
	}
	return ar, car, vol
}

// BenchmarkStreamTables writes the big tables to io.Discard (with -cpu 1
// the formatting is timed apart from the load on the other cores).
func BenchmarkStreamTables(b *testing.B) {
	ar, car, vol := benchTables()
	b.Run("ar", func(b *testing.B) { benchStream(b, ar, arColumns) })
	b.Run("car", func(b *testing.B) { benchStream(b, car, carColumns) })
	b.Run("volatility", func(b *testing.B) { benchStream(b, vol, volatilityColumns) })
}

func benchStream[T any](b *testing.B, rows []T, cols Columns[T]) {
	w := bufio.NewWriterSize(io.Discard, 64<<10)
	for b.Loop() {
		if err := streamTable(w, rows, cols); err != nil {
			b.Fatal(err)
		}
	}
}
