package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
	"github.com/parquet-go/parquet-go"
)

// pqDemoRow is a row of the demo panel written as Parquet.
type pqDemoRow struct {
	Symbol   string   `parquet:"symbol,dict"`
	Date     int32    `parquet:"date,date"`
	AdjClose *float64 `parquet:"adj_close,optional"`
	Volume   *int64   `parquet:"volume,optional"`
}

// demoLongPanel writes the demo's Yahoo files as one long CSV and as the
// same rows in Parquet (row groups of 5000 rows), into dir.
func demoLongPanel(t *testing.T, dir string) (csvPath, pqPath string) {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "demo", "prices")
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	text.WriteString("symbol,date,adj_close,volume\n")
	var rows []pqDemoRow
	for _, e := range ents {
		sym := strings.TrimSuffix(e.Name(), ".csv")
		f, err := os.Open(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // Date,Open,High,Low,Close,Adj Close,Volume
		for sc.Scan() {
			c := strings.Split(sc.Text(), ",")
			d, err := dates.ParseDate([]byte(c[0]), dates.DateISO)
			if err != nil {
				t.Fatal(err)
			}
			r := pqDemoRow{Symbol: sym, Date: int32(d)}
			if v, err := strconv.ParseFloat(c[5], 64); err == nil {
				r.AdjClose = &v
			}
			if v, err := strconv.ParseInt(c[6], 10, 64); err == nil {
				r.Volume = &v
			}
			rows = append(rows, r)
			text.WriteString(sym + "," + c[0] + "," + c[5] + "," + c[6] + "\n")
		}
		f.Close()
	}
	csvPath, pqPath = filepath.Join(dir, "panel.csv"), filepath.Join(dir, "panel.parquet")
	if err := os.WriteFile(csvPath, text.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(pqPath)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[pqDemoRow](f, parquet.MaxRowsPerRowGroup(5000))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return csvPath, pqPath
}

// TestParquetStudyEqualsCSV runs the demo's events on the demo panel as
// a long CSV and as Parquet: every results table is byte-identical, and
// so are the warnings once the input's path is the same.
func TestParquetStudyEqualsCSV(t *testing.T) {
	dir := t.TempDir()
	csvPath, pqPath := demoLongPanel(t, dir)
	outs := map[string]string{}
	for name, p := range map[string]string{"csv": csvPath, "parquet": pqPath} {
		out := filepath.Join(dir, "out-"+name)
		code, _, stderr := runCLI(t, "run", "--events", "../../testdata/demo/events.csv", "--prices", p,
			"--market", "GSPC", "--model", "market", "-o", out, "--quiet")
		if code != exitOK && code != exitExcluded {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		outs[name] = out
	}
	ents, err := os.ReadDir(outs["csv"])
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(outs["csv"], e.Name()))
		b, err := os.ReadFile(filepath.Join(outs["parquet"], e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte(pqPath), []byte(csvPath))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between CSV and Parquet input", e.Name())
		}
		n++
	}
	if n < 5 {
		t.Errorf("only %d tables compared", n)
	}
}
