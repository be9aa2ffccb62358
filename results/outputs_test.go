package results

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

func TestParseOutputs(t *testing.T) {
	cases := []struct {
		name, in, want, err string
	}{
		{"all", "all", "<nil>", ""},
		{"empty", "", "<nil>", ""},
		{"list", "tests, AR,car.csv,ar", "ar,car,tests", ""},
		{"comparison", "groupdiff", "groupdiff", ""},
		{"unknown", "ar,reprot", "", `unknown table "reprot"`},
		{"report", "ar,report", "", `"report" in --outputs is not a table: report.html is written unless --report=false`},
		{"manifest", "manifest.json", "", `manifest.json always`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseOutputs(strings.Split(c.in, ","))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			s := strings.Join(got, ",")
			if got == nil {
				s = "<nil>"
			}
			if err != nil || s != c.want {
				t.Errorf("got %q %v, want %q", s, err, c.want)
			}
		})
	}
}

// TestOutputsAndGzip: --outputs writes only the tables named (and the
// manifest); --gzip writes the big tables as .csv.gz whose content is
// the plain file's bytes; Read reads a gzip directory back to the same
// set.
func TestOutputsAndGzip(t *testing.T) {
	plain := filepath.Join(t.TempDir(), "plain")
	if err := Write(plain, fixtureSet(), []string{"csv"}, nil); err != nil {
		t.Fatal(err)
	}
	t.Run("outputs", func(t *testing.T) {
		set := fixtureSet()
		set.Outputs = []string{"ar", "tests"}
		dir := filepath.Join(t.TempDir(), "out")
		if err := Write(dir, set, []string{"csv"}, nil); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(listDir(t, dir), ","); got != "ar.csv,manifest.json,tests.csv" {
			t.Errorf("files %s", got)
		}
		for _, f := range []string{"ar.csv", "tests.csv", "manifest.json"} {
			a, _ := os.ReadFile(filepath.Join(plain, f))
			b, _ := os.ReadFile(filepath.Join(dir, f))
			if !bytes.Equal(a, b) || len(a) == 0 {
				t.Errorf("%s differs from the full write", f)
			}
		}
	})
	t.Run("gzip", func(t *testing.T) {
		set := fixtureSet()
		set.Gzip = true
		dir := filepath.Join(t.TempDir(), "out")
		if err := Write(dir, set, []string{"csv"}, nil); err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, f := range listDir(t, plain) {
			if gzipped[f] {
				f += ".gz"
			}
			want[f] = true
		}
		got := listDir(t, dir)
		if len(got) != len(want) {
			t.Errorf("files %v, want %v", got, want)
		}
		for _, f := range got {
			if !want[f] {
				t.Errorf("unexpected %s", f)
			}
			b, _ := os.ReadFile(filepath.Join(dir, f))
			if strings.HasSuffix(f, ".gz") {
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if b, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
				f = strings.TrimSuffix(f, ".gz")
			}
			a, _ := os.ReadFile(filepath.Join(plain, f))
			if !bytes.Equal(a, b) {
				t.Errorf("%s: content differs from the plain write", f)
			}
		}
		back, err := Read(dir)
		if err != nil {
			t.Fatal(err)
		}
		set.Gzip = false
		assertSetEqual(t, back, set)
	})
}

// TestBoundAnchoring: a log up to the bound is written whole; a longer
// one keeps its first lines and counts the rest.
func TestBoundAnchoring(t *testing.T) {
	for _, n := range []int{0, 1, MaxAnchoringLines, MaxAnchoringLines + 1, 2500} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var lines []string
			for i := range n {
				lines = append(lines, "E"+strconv.Itoa(i))
			}
			got := boundAnchoring(lines)
			if n <= MaxAnchoringLines {
				if len(got) != n {
					t.Fatalf("%d lines, want %d", len(got), n)
				}
				return
			}
			if len(got) != MaxAnchoringLines+1 || got[MaxAnchoringLines-1] != lines[MaxAnchoringLines-1] {
				t.Fatalf("%d lines, last kept %q", len(got), got[MaxAnchoringLines-1])
			}
			if want := "... and " + strconv.Itoa(n-MaxAnchoringLines) + " more events"; !strings.HasPrefix(got[MaxAnchoringLines], want) {
				t.Errorf("summary %q, want prefix %q", got[MaxAnchoringLines], want)
			}
		})
	}
}

// TestParquetTables: with --format parquet the big tables are also
// written as Parquet, the columns in the CSV's order and each cell the
// CSV's cell read back (nulls where the CSV is empty).
func TestParquetTables(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	set := fixtureSet()
	if err := Write(dir, set, []string{"csv", "parquet"}, nil); err != nil {
		t.Fatal(err)
	}
	tables, err := set.Tables()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tb := range tables {
		name := strings.TrimSuffix(tb.File(), ".csv") + ".parquet"
		_, statErr := os.Stat(filepath.Join(dir, name))
		if !gzipped[tb.File()] {
			if statErr == nil {
				t.Errorf("%s written", name)
			}
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			want := tb.cells()
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, _ := f.Stat()
			pf, err := parquet.OpenFile(f, fi.Size())
			if err != nil {
				t.Fatal(err)
			}
			var header []string
			for _, c := range pf.Schema().Columns() {
				header = append(header, c[0])
			}
			if strings.Join(header, ",") != strings.Join(want.header, ",") {
				t.Fatalf("columns %v, want %v", header, want.header)
			}
			r := parquet.NewReader(pf)
			defer r.Close()
			rows := make([]parquet.Row, 1)
			for i := 0; ; i++ {
				k, err := r.ReadRows(rows)
				if k == 0 {
					if i != len(want.rows) {
						t.Fatalf("%d rows, want %d (%v)", i, len(want.rows), err)
					}
					break
				}
				for j, v := range rows[0] {
					got := ""
					switch {
					case v.IsNull():
					case v.Kind() == parquet.Double:
						got = Num(v.Double()).String()
					case v.Kind() == parquet.Int64:
						got = strconv.FormatInt(v.Int64(), 10)
					case v.Kind() == parquet.Boolean:
						got = strconv.FormatBool(v.Boolean())
					default:
						got = string(v.ByteArray())
					}
					if got != want.rows[i][j] {
						t.Fatalf("row %d %s: %q, want %q", i+1, want.header[j], got, want.rows[i][j])
					}
				}
			}
		})
	}
	if n < 3 {
		t.Errorf("%d Parquet tables", n)
	}
}

// TestOutputTablesNameEveryTable: every results table can be chosen with
// --outputs (a table added later must join OutputTables).
func TestOutputTablesNameEveryTable(t *testing.T) {
	for _, f := range []string{EventsFile, ARFile, CARFile, TestsFile, AARFile, PricesFile, VolumeFile,
		RegressionFile, VolatilityFile, CalendarFile, BHARFile, BHARGroupFile, WarningsFile} {
		t.Run(f, func(t *testing.T) {
			got, err := ParseOutputs([]string{f})
			if err != nil || len(got) != 1 || got[0]+".csv" != f {
				t.Errorf("--outputs %s: %v %v", f, got, err)
			}
		})
	}
}
