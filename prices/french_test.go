package prices

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

const (
	ff3 = "testdata/F-F_Research_Data_Factors_daily.CSV"
	mom = "testdata/F-F_Momentum_Factor_daily.CSV"
)

// factorOn returns factor name on date (NaN-safe), failing if absent.
func factorOn(t *testing.T, f *Factors, name, date string) float64 {
	t.Helper()
	col, ok := f.Column(name)
	if !ok {
		t.Fatalf("no factor %q in %v", name, f.Names)
	}
	d := day(t, date)
	for i, x := range f.Dates {
		if x == d {
			return col[i]
		}
	}
	t.Fatalf("no factor row for %s", date)
	return 0
}

func TestLoadFrenchReal(t *testing.T) {
	// Values read by hand from the published files (percent / 100):
	// FF3 line 6 "19260701,    0.10,   -0.25,   -0.27,   0.009",
	// FF3 "20240731,    1.52,   -0.35,   -1.32,   0.021",
	// FF3 "20210816,   -0.05,   -0.84,    0.04,   0.000", Mom "20210816,  -0.49".
	f, err := LoadFrench(ff3)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Names, "|") != "Mkt-RF|SMB|HML" || f.RF == nil || len(f.Dates) != 25795 {
		t.Fatalf("names %q RF %v rows %d", f.Names, f.RF != nil, len(f.Dates))
	}
	checks := []struct {
		name, date string
		want       float64
	}{
		{"Mkt-RF", "1926-07-01", 0.0010},
		{"SMB", "1926-07-01", -0.0025},
		{"RF", "1926-07-01", 0.00009},
		{"Mkt-RF", "2024-07-31", 0.0152},
		{"HML", "2024-07-31", -0.0132},
		{"RF", "2024-07-31", 0.00021},
		{"rf", "2024-07-31", 0.00021},
		{"mkt-rf", "2021-08-16", -0.0005},
		{"SMB", "2021-08-16", -0.0084},
	}
	for _, c := range checks {
		if got := factorOn(t, f, c.name, c.date); !near(got, c.want, 1e-12) {
			t.Errorf("%s %s = %v, want %v", c.name, c.date, got, c.want)
		}
	}

	m, err := LoadFrench(ff3, mom)
	if err != nil {
		t.Fatal(err)
	}
	// momentum starts 1926-11-03 and both files end 2024-07-31
	if strings.Join(m.Names, "|") != "Mkt-RF|SMB|HML|Mom" || m.Dates[0] != day(t, "1926-11-03") || len(m.Dates) != 25694 {
		t.Fatalf("merged names %q first %s rows %d", m.Names, m.Dates[0], len(m.Dates))
	}
	if got := factorOn(t, m, "Mom", "2021-08-16"); !near(got, -0.0049, 1e-12) {
		t.Errorf("Mom = %v", got)
	}
	if got := factorOn(t, m, "RF", "2024-07-31"); !near(got, 0.00021, 1e-12) {
		t.Errorf("merged RF = %v", got)
	}
	if len(m.Files) != 2 {
		t.Errorf("files %v", m.Files)
	}

	// AlignTo the GSPC calendar: NaN after the factor file ends.
	cal, err := MarketCalendar(mustLoad(t, "testdata/GSPC.csv").Series["GSPC"])
	if err != nil {
		t.Fatal(err)
	}
	x := m.AlignTo(cal, "Mkt-RF")
	i, _ := cal.Index(day(t, "2021-08-16"))
	j, _ := cal.Index(day(t, "2024-08-01"))
	if len(x) != cal.Len() || !near(x[i], -0.0005, 1e-12) || !math.IsNaN(x[j]) {
		t.Errorf("AlignTo: len %d, %v %v", len(x), x[i], x[j])
	}
	if m.AlignTo(cal, "nope") != nil {
		t.Error("unknown factor aligned")
	}
}

func TestLoadFrenchSynthetic(t *testing.T) {
	dir := t.TempDir()
	good := "Preamble, with a comma\r\n\r\n,Mkt-RF ,  SMB,RF\r\n20210104,  1.00, -99.99, 0.01\r\n20210105, -999, 0.5, 0.01\r\n\r\n Annual Factors: January-December \r\n,Mkt-RF,SMB,RF\r\n1999,  20.1, 1.0, 4.0\r\n\r\nCopyright 2024 Kenneth R. French\r\n"
	f, err := LoadFrench(writeTemp(t, dir, "good.CSV", good))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(f.Names, "|") != "Mkt-RF|SMB" || len(f.Dates) != 2 {
		t.Fatalf("names %q dates %v", f.Names, f.Dates)
	}
	if f.Cols[0][0] != 0.01 || !math.IsNaN(f.Cols[1][0]) || !math.IsNaN(f.Cols[0][1]) || f.Cols[1][1] != 0.005 || f.RF[1] != 0.0001 {
		t.Errorf("cols %v RF %v", f.Cols, f.RF)
	}

	tests := []struct{ name, content, want string }{
		{"empty", "", "empty.CSV: empty file"},
		{"no header", "just text\n20210104,1,2\n", `no header.CSV: no header line such as ",Mkt-RF,SMB,HML,RF" found`},
		{"bad number", "x\n,A,B\n20210104,1,2\n20210105,1,zz\n", `bad number.CSV:4:12: bad number "zz" for B`},
		{"bad date", "x\n,A\n2021014,1\n", `bad date.CSV:3:1: bad date "2021014"; expected YYYYMMDD`},
		{"fields", "x\n,A,B\n20210104,1\n", "fields.CSV:3: 2 fields, the header has 3"},
		{"monthly", "x\n,A\n202101,1\n", "monthly.CSV:3:1: monthly date"},
		{"order", "x\n,A\n20210105,1\n20210104,1\n", "order.CSV:4:1: date 2021-01-04 does not follow 2021-01-05"},
		{"header only", "x\n,A,B\n", "header only.CSV:2: no data rows"},
	}
	for _, tc := range tests {
		_, err := LoadFrench(writeTemp(t, dir, tc.name+".CSV", tc.content))
		if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, tc.want)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := LoadFrench(filepath.Join(dir, "missing.CSV")); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := LoadFrench(); err == nil {
		t.Error("no files: no error")
	}
}
