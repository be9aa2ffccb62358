package prices_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/prices"
)

// TestParquetPerTickerDir: a directory of one Parquet file per ticker
// without a symbol column is read as a Yahoo directory: a series per file,
// named after it, only the study's symbols read, the files listed in the
// detection line; a per-ticker directory with the same symbol twice is
// refused naming both files.
func TestParquetPerTickerDir(t *testing.T) {
	type bar struct {
		Date  time.Time `parquet:"Date,timestamp(nanosecond:local)"`
		Close float64   `parquet:"Adj Close"`
	}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	rows := func(base float64) []bar {
		return []bar{{day("2021-08-13"), base}, {day("2021-08-16"), base * 0.97}, {day("2021-08-17"), base * 0.99}}
	}
	dir := t.TempDir()
	for sym, base := range map[string]float64{"TMUS": 145, "GSPC": 4460, "AAPL": 149} {
		put(t, filepath.Join(dir, sym+".parquet"), rows(base))
	}
	p, err := prices.Load(dir, prices.LoadOptions{Symbols: map[string]bool{"TMUS": true, "GSPC": true}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Layout != "yahoo-dir" || len(p.Series) != 2 || p.Series["TMUS"] == nil || p.Series["GSPC"] == nil {
		t.Fatalf("layout %q series %v", p.Layout, p.Symbols())
	}
	if got := p.Series["TMUS"].Values; len(got) != 3 || got[0] != 145 || got[1] != 145*0.97 {
		t.Errorf("TMUS values %v", got)
	}
	if strings.Join(p.Names, ",") != "AAPL,GSPC,TMUS" {
		t.Errorf("names %v", p.Names)
	}
	if !strings.HasPrefix(p.Detail, "parquet-dir (one file per ticker): 2 files read; ") {
		t.Errorf("detail %q", p.Detail)
	}

	put(t, filepath.Join(dir, "tmus.parquet"), rows(1))
	put(t, filepath.Join(dir, "TMUS.PARQUET"), rows(2))
	_, err = prices.Load(dir, prices.LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "TMUS.parquet: symbol TMUS is also read from TMUS.PARQUET") {
		t.Errorf("duplicate symbol: %v", err)
	}
}
