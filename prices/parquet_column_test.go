package prices

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/breachlab/eventstudy/dates"
	"github.com/parquet-go/parquet-go"
)

// TestParquetColumnReaders pins the direct path's column readers to
// their definition: each row's cell as the library's parquet.Value
// (pqCursor, one value at a time) gives it. Pages are small, so runs
// of symbols and nulls cross page boundaries; the columns are plain and
// dictionary-encoded, required and optional.
func TestParquetColumnReaders(t *testing.T) {
	type row struct {
		Sym    string   `parquet:"sym"`
		SymD   string   `parquet:"sym_d,dict"`
		Permno int64    `parquet:"permno"`
		PermD  int32    `parquet:"perm_d,dict"`
		Date   int32    `parquet:"date,date"`
		DateD  int32    `parquet:"date_d,date,dict"`
		Close  float64  `parquet:"close"`
		CloseO *float64 `parquet:"close_o,optional"`
		CloseD *float64 `parquet:"close_d,optional,dict"`
		Vol    *int64   `parquet:"vol,optional"`
		VolD   int32    `parquet:"vol_d,dict"`
	}
	var rows []row
	for i := range 5000 {
		s := fmt.Sprintf("S%03d", i/37) // runs of 37 rows
		if i%500 == 499 {
			s = "S000" // a symbol that comes back
		}
		d := int32(dates.DayOf(2000, 1, 3)) + int32(i%37)
		c := 1 + float64(i)/7
		r := row{s, s, 10000 + int64(i/37), int32(10000 + i/41), d, d, c, &c, &c, new(int64(i)), int32(i % 5)}
		if i%13 == 0 {
			r.CloseO, r.Vol = nil, nil
		}
		if i%11 == 0 {
			r.CloseD = nil
		}
		rows = append(rows, r)
	}
	path := filepath.Join(t.TempDir(), "cols.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[row](f, parquet.MaxRowsPerRowGroup(2000), parquet.PageBufferSize(512))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	o, err := openParquet(path)
	if err != nil {
		t.Fatal(err)
	}
	defer o.f.Close()
	schema := o.pf.Schema()
	leaf := func(name string) (int, int, pqCell) {
		lc, ok := schema.Lookup(name)
		if !ok {
			t.Fatalf("no column %s", name)
		}
		c, err := cellOf(lc.Node.Type())
		if err != nil {
			t.Fatal(err)
		}
		return lc.ColumnIndex, lc.MaxDefinitionLevel, c
	}
	// want reads a chunk's cells one parquet.Value at a time.
	want := func(chunk parquet.ColumnChunk, n int64) []parquet.Value {
		c := &pqCursor{pages: chunk.Pages(), buf: make([]parquet.Value, 7)}
		defer c.pages.Close()
		var out []parquet.Value
		for range n {
			v, err := c.next()
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, v.Clone())
		}
		return out
	}
	pages := 0
	for g, rg := range o.pf.RowGroups() {
		chunks, n := rg.ColumnChunks(), rg.NumRows()
		for _, name := range []string{"sym", "sym_d", "permno", "perm_d"} {
			k, def, c := leaf(name)
			var s pqScratch
			if err := readSymbols(chunks[k], def, &s); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got []string
			for i, r := range s.runs {
				if r.n <= 0 || (i > 0 && s.runs[i-1].sym == r.sym) {
					t.Errorf("%s group %d: run %d %+v not a run", name, g, i, r)
				}
				for range r.n {
					got = append(got, r.sym)
				}
			}
			ws := want(chunks[k], n)
			if len(got) != len(ws) {
				t.Fatalf("%s group %d: %d cells, want %d", name, g, len(got), len(ws))
			}
			for i, v := range ws {
				if cell := string(c.appendTo(nil, v)); got[i] != cell {
					t.Fatalf("%s group %d row %d: %q, want %q", name, g, i, got[i], cell)
				}
			}
		}
		for _, name := range []string{"date", "date_d"} {
			k, def, c := leaf(name)
			var s pqScratch
			if err := readDays(chunks[k], def, c, &s); err != nil {
				t.Fatal(err)
			}
			for i, v := range want(chunks[k], n) {
				if i >= len(s.days) || s.days[i] != dates.Day(v.Int32()) {
					t.Fatalf("%s group %d row %d: days %v, want %v", name, g, i, s.days[min(i, len(s.days)-1)], v)
				}
			}
			if int64(len(s.days)) != n {
				t.Fatalf("%s: %d days, want %d", name, len(s.days), n)
			}
		}
		for _, name := range []string{"close", "close_o", "close_d", "vol", "vol_d"} {
			k, def, _ := leaf(name)
			var got []float64
			var src []int32
			if err := readNumbers(chunks[k], def, &got, &src); err != nil {
				t.Fatal(err)
			}
			ws := want(chunks[k], n)
			if len(got) != len(ws) {
				t.Fatalf("%s group %d: %d values, want %d", name, g, len(got), len(ws))
			}
			for i, v := range ws {
				var x float64
				switch {
				case v.IsNull():
					x = math.NaN()
				case v.Kind() == parquet.Double:
					x = v.Double()
				case v.Kind() == parquet.Int32:
					x = float64(v.Int32())
				default:
					x = float64(v.Int64())
				}
				if math.Float64bits(got[i]) != math.Float64bits(x) && !(math.IsNaN(x) && math.IsNaN(got[i])) {
					t.Fatalf("%s group %d row %d: %v, want %v", name, g, i, got[i], x)
				}
			}
		}
		p := chunks[0].Pages()
		for {
			if _, err := p.ReadPage(); err != nil {
				break
			}
			pages++
		}
		p.Close()
	}
	if pages < 3*len(o.pf.RowGroups()) {
		t.Errorf("%d pages of column sym: the runs never cross a page", pages)
	}
}

// TestParquetColumnRefusals: what the text path must read (a NaN, an
// infinity, a null date or symbol) is errNotDirect.
func TestParquetColumnRefusals(t *testing.T) {
	type row struct {
		Sym   *string  `parquet:"sym,optional"`
		Date  *int32   `parquet:"date,date,optional"`
		Close *float64 `parquet:"close,optional"`
	}
	a, d := "A", int32(dates.DayOf(2021, 8, 16))
	for _, c := range []struct {
		name string
		row  row
		col  string
	}{
		{"nan", row{&a, &d, new(math.NaN())}, "close"},
		{"inf", row{&a, &d, new(math.Inf(-1))}, "close"},
		{"null_date", row{&a, nil, new(1.0)}, "date"},
		{"null_symbol", row{nil, &d, new(1.0)}, "sym"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.parquet")
			writeParquet(t, path, []row{{&a, &d, new(2.0)}, c.row}, 10)
			o, err := openParquet(path)
			if err != nil {
				t.Fatal(err)
			}
			defer o.f.Close()
			lc, _ := o.pf.Schema().Lookup(c.col)
			cell, _ := cellOf(lc.Node.Type())
			chunk := o.pf.RowGroups()[0].ColumnChunks()[lc.ColumnIndex]
			var s pqScratch
			switch c.col {
			case "close":
				err = readNumbers(chunk, lc.MaxDefinitionLevel, &s.vals, &s.src)
			case "date":
				err = readDays(chunk, lc.MaxDefinitionLevel, cell, &s)
			default:
				err = readSymbols(chunk, lc.MaxDefinitionLevel, &s)
			}
			if err != errNotDirect {
				t.Errorf("error %v, want errNotDirect", err)
			}
		})
	}
}
