package results

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
)

// TestFastCellsMatchGocsv: the hand-written cells of ar.csv, car.csv and
// prices.csv are the strings gocsv writes (the reference), and csvBytes is
// byte for byte what encoding/csv writes, for awkward values: NaN, ±Inf,
// -0, tiny and huge numbers, negative and large ints, and strings that need
// quoting (comma, quote, newline, leading space, `\.`). streamTable, which
// writes the files in blocks formatted in parallel, gives the same bytes.
func TestFastCellsMatchGocsv(t *testing.T) {
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
		ar = append(ar, ARRow{str(), in(), str(), num(), num(), num(), num(), num()})
		car = append(car, CARRow{str(), str(), in(), in(), num(), num(), num(), Int{in(), rng.IntN(2) == 0},
			num(), num(), num(), num(), in(), num(), num(), num()})
		pr = append(pr, PriceRow{str(), in(), str(), num(), num()})
	}
	check := func(name string, fast *table, slow *table, err error, stream func(*bufio.Writer) error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fast.header, slow.header) || !reflect.DeepEqual(fast.kinds, slow.kinds) {
			t.Errorf("%s: header %v kinds %v, gocsv %v %v", name, fast.header, fast.kinds, slow.header, slow.kinds)
		}
		if !reflect.DeepEqual(fast.rows, slow.rows) {
			for i := range slow.rows {
				if !reflect.DeepEqual(fast.rows[i], slow.rows[i]) {
					t.Fatalf("%s row %d: %q, gocsv %q", name, i, fast.rows[i], slow.rows[i])
				}
			}
		}
		got, err := fast.csvBytes()
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.Write(slow.header)
		w.WriteAll(slow.rows)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: csvBytes differs from encoding/csv", name)
		}
		// Streamed through a small buffer, so rows straddle flushes.
		var streamed bytes.Buffer
		bw := bufio.NewWriterSize(&streamed, 16)
		if err := stream(bw); err != nil {
			t.Fatal(err)
		}
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(streamed.Bytes(), want.Bytes()) {
			t.Errorf("%s: streamed CSV differs from encoding/csv", name)
		}
	}
	slow, err := marshalTable(ARFile, ar)
	check("ar", fastTable(ARFile, ar, arCells), slow, err, func(w *bufio.Writer) error { return streamTable(w, ar, arCells) })
	slow, err = marshalTable(CARFile, car)
	check("car", fastTable(CARFile, car, carCells), slow, err, func(w *bufio.Writer) error { return streamTable(w, car, carCells) })
	slow, err = marshalTable(PricesFile, pr)
	check("prices", fastTable(PricesFile, pr, priceCells), slow, err, func(w *bufio.Writer) error { return streamTable(w, pr, priceCells) })
	slow, err = marshalTable(ARFile, []ARRow(nil))
	check("empty", fastTable(ARFile, []ARRow(nil), arCells), slow, err, func(w *bufio.Writer) error { return streamTable(w, []ARRow(nil), arCells) })
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
		err := streamTable(w, rows, arCells)
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
