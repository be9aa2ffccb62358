package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/breachlab/eventstudy/prices"
)

// TestParquetFormat: -format parquet writes the rows of prices.csv, value
// for value, in row groups of parquetGroupRows; the rest is unchanged.
func TestParquetFormat(t *testing.T) {
	s := Spec{Securities: 7, Days: 400, Events: 5, Seed: 3, MissingPct: 1}
	csvDir, pqDir := t.TempDir(), t.TempDir()
	if _, err := Generate(csvDir, s); err != nil {
		t.Fatal(err)
	}
	s.Format = "parquet"
	st, err := Generate(pqDir, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"market.csv", "events.csv"} {
		a, _ := os.ReadFile(filepath.Join(csvDir, name))
		b, _ := os.ReadFile(filepath.Join(pqDir, name))
		if string(a) != string(b) || len(a) == 0 {
			t.Errorf("%s differs", name)
		}
	}
	if _, err := os.Stat(filepath.Join(pqDir, "prices.csv")); err == nil {
		t.Error("prices.csv written with -format parquet")
	}
	want, err := prices.Load(filepath.Join(csvDir, "prices.csv"), prices.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := prices.Load(filepath.Join(pqDir, "prices.parquet"), prices.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for sym, w := range want.Series {
		g := got.Series[sym]
		if g == nil || len(g.Dates) != len(w.Dates) {
			t.Fatalf("%s: %v", sym, g)
		}
		for i := range w.Dates {
			if g.Dates[i] != w.Dates[i] || math.Float64bits(g.Values[i]) != math.Float64bits(w.Values[i]) {
				t.Fatalf("%s row %d: %s %v, want %s %v", sym, i, g.Dates[i], g.Values[i], w.Dates[i], w.Values[i])
			}
		}
		rows += len(w.Dates)
	}
	if len(got.Series) != 7 || int64(rows) != st.PriceRows {
		t.Errorf("%d series, %d rows; stats %+v", len(got.Series), rows, st)
	}
	if code := run([]string{"-format", "xml", "-out", t.TempDir()}, os.Stdout, os.Stderr); code != 2 {
		t.Errorf("-format xml: exit %d, want 2", code)
	}
}
