package prices

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
)

func writeFactorFile(t testing.TB, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLoadFactorCSV: a CSV of any factor columns (q-factors here) is read
// in percent or decimal, its risk-free column taken apart, its missing
// cells NaN; every problem is a file:line error naming what to do.
func TestLoadFactorCSV(t *testing.T) {
	const q = "DATE,R_F,R_MKT,R_ME,R_IA,R_ROE\n20210813,0.000,0.17,-0.52,0.11,0.20\n20210816,0.000,0.24,-1.23,0.25,\n20210817,0.001,-0.71,-0.20,0.16,0.33\n"
	cases := []struct {
		name, text string
		o          FactorOptions
		names      []string
		rf         bool
		col0       []float64 // the first factor, decimal
		err        string    // substring of the error; "" = loads
	}{
		{"q-factors percent proven", q, FactorOptions{}, []string{"R_MKT", "R_ME", "R_IA", "R_ROE"}, true, []float64{0.0017, 0.0024, -0.0071}, ""},
		{"declared percent", q, FactorOptions{Unit: "percent"}, []string{"R_MKT", "R_ME", "R_IA", "R_ROE"}, true, []float64{0.0017, 0.0024, -0.0071}, ""},
		{"decimal declared", "date,MKT,LIQ,RF\n2021-08-13,0.0017,0.002,0.00001\n2021-08-16,-0.004,,0.00001\n", FactorOptions{Unit: "decimal"},
			[]string{"MKT", "LIQ"}, true, []float64{0.0017, -0.004}, ""},
		{"rf column named", "date,MKT,TB\n2021-08-13,1.5,0.01\n", FactorOptions{RFColumn: "tb"}, []string{"MKT"}, true, []float64{0.015}, ""},
		{"no rf column", "date,MKT,HML\n2021-08-13,1.5,0.3\n", FactorOptions{}, []string{"MKT", "HML"}, false, []float64{0.015}, ""},
		{"rf none keeps RF a factor", "date,MKT,RF\n2021-08-13,1.5,0.3\n", FactorOptions{RFColumn: "none"}, []string{"MKT", "RF (not the risk-free column)"}, false, []float64{0.015}, ""},
		{"unit not provable", "date,MKT,RF\n2021-08-13,0.0017,0.00001\n", FactorOptions{}, nil, false, nil, "f.csv:1: cannot tell whether the factor returns are percent or decimal"},
		{"decimal contradicted", "date,MKT\n2021-08-13,0.5\n2021-08-16,2.5\n", FactorOptions{Unit: "decimal"}, nil, false, nil, "f.csv:3: value 2.5 is a return of 250 % a day"},
		{"rf column absent", "date,MKT\n2021-08-13,1.5\n", FactorOptions{RFColumn: "TB"}, nil, false, nil, `f.csv:1: no column "TB" (have MKT)`},
		{"bad date", "date,MKT\n2021-13-45,1.5\n", FactorOptions{}, nil, false, nil, "f.csv:2:1: bad date"},
		{"dates out of order", "date,MKT\n2021-08-16,1.5\n2021-08-13,1.5\n", FactorOptions{}, nil, false, nil, "f.csv:3:1: date 2021-08-13 does not follow 2021-08-16"},
		{"bad number", "date,MKT\n2021-08-16,1.5x\n", FactorOptions{}, nil, false, nil, `f.csv:2:12: bad number "1.5x" for MKT`},
		{"short row", "date,MKT,SMB\n2021-08-16,1.5\n", FactorOptions{}, nil, false, nil, "f.csv:2: 2 fields, the header has 3"},
		{"duplicate column", "date,MKT,mkt\n2021-08-16,1.5,1\n", FactorOptions{}, nil, false, nil, `column "mkt" appears twice`},
		{"header only", "date,MKT\n", FactorOptions{}, nil, false, nil, "f.csv:1: no data rows after the header"},
		{"no factor column", "date\n2021-08-16\n", FactorOptions{}, nil, false, nil, "the header names no factor column"},
		{"semicolon delimited", "Date;MKT;RF\n20210816;1,5;0,0\n", FactorOptions{}, nil, false, nil, `f.csv:1: the header is one column holding ";"`},
		{"tab delimited", "Date\tMKT\tRF\n20210816\t1.5\t0.0\n", FactorOptions{}, nil, false, nil, `f.csv:1: the header is one column holding a tab`},
		{"french file declared decimal", ",Mkt-RF,RF\n20210816,0.1,0.0\n", FactorOptions{Unit: "decimal"}, nil, false, nil, "a Kenneth French file is in percent"},
		{"empty", "", FactorOptions{}, nil, false, nil, "empty file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := writeFactorFile(t, t.TempDir(), "f.csv", c.text)
			f, err := LoadFactors([]string{p}, c.o)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				if _, ok := err.(inputerr.InputErrors); !ok {
					t.Errorf("error type %T", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(f.Names, c.names) || (f.RF != nil) != c.rf {
				t.Fatalf("names %v RF %v", f.Names, f.RF)
			}
			for i, want := range c.col0 {
				if math.Abs(f.Cols[0][i]-want) > 1e-15 {
					t.Errorf("col0[%d] = %v, want %v", i, f.Cols[0][i], want)
				}
			}
		})
	}
	// Missing cells are NaN, not 0; the RF is decimal too.
	f, err := LoadFactors([]string{writeFactorFile(t, t.TempDir(), "q.csv", q)}, FactorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if roe, _ := f.Column("R_ROE"); !math.IsNaN(roe[1]) || roe[2] != 0.0033 {
		t.Errorf("R_ROE %v", roe)
	}
	if f.RF[2] != 0.001/100 || f.Dates[1] != dates.DayOf(2021, 8, 16) {
		t.Errorf("RF %v dates %v", f.RF, f.Dates)
	}
}

// TestLoadFactorsFrenchUnchanged: LoadFactors reads the bundled French
// file exactly as LoadFrench does (every value, name, note).
func TestLoadFactorsFrenchUnchanged(t *testing.T) {
	p := filepath.Join("testdata", "F-F_Research_Data_Factors_daily.CSV")
	a, err := LoadFrench(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadFactors([]string{p}, FactorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Names, b.Names) || !slices.Equal(a.Dates, b.Dates) || !slices.Equal(a.RF, b.RF) || !slices.Equal(a.Notes, b.Notes) {
		t.Fatal("LoadFactors differs from LoadFrench on the French file")
	}
	for j := range a.Cols {
		if !slices.Equal(a.Cols[j], b.Cols[j]) {
			t.Fatalf("column %s differs", a.Names[j])
		}
	}
}

// FuzzLoadFactors: any bytes give factors of consistent shape or an
// inputerr list, never a panic.
func FuzzLoadFactors(f *testing.F) {
	f.Add([]byte("DATE,R_F,R_MKT\n20210813,0.000,0.17\n20210816,0.001,\n"), uint8(0))
	f.Add([]byte("date,MKT,RF\n2021-08-13,0.0017,0.00001\n"), uint8(2))
	f.Add([]byte("Preamble\r\n\r\n,Mkt-RF,RF\r\n19260701,0.10,0.009\r\n"), uint8(1))
	f.Add([]byte("date,\"a\nb\n"), uint8(3))
	dir := f.TempDir()
	units := []string{"", "percent", "decimal"}
	rfs := []string{"", "none", "R_MKT"}
	f.Fuzz(func(t *testing.T, data []byte, opt uint8) {
		p := writeFactorFile(t, dir, "f.csv", string(data))
		ff, err := LoadFactors([]string{p}, FactorOptions{Unit: units[int(opt)%3], RFColumn: rfs[int(opt/3)%3]})
		if err != nil {
			if _, ok := err.(inputerr.InputErrors); !ok {
				t.Fatalf("error type %T", err)
			}
			return
		}
		if len(ff.Cols) != len(ff.Names) || (ff.RF != nil && len(ff.RF) != len(ff.Dates)) {
			t.Fatal("shape")
		}
		for _, c := range ff.Cols {
			if len(c) != len(ff.Dates) {
				t.Fatal("column length")
			}
		}
		for i := 1; i < len(ff.Dates); i++ {
			if ff.Dates[i] <= ff.Dates[i-1] {
				t.Fatal("dates not ascending")
			}
		}
	})
}

// TestLoadFactorsFrenchWithDecimalCSV: --factors-unit decimal describes
// the CSVs; a French file beside one stays percent (a French file alone
// with decimal is refused, TestLoadFactorCSV). FF3 plus a decimal
// liquidity factor: Mkt-RF is the French value / 100, LIQ as written.
func TestLoadFactorsFrenchWithDecimalCSV(t *testing.T) {
	dir := t.TempDir()
	fr := writeFactorFile(t, dir, "ff.CSV", "preamble\n\n,Mkt-RF,SMB,HML,RF\n20210813,    0.17,   -0.52,    0.11,   0.000\n20210816,    0.24,   -1.23,    0.25,   0.000\n\nCopyright\n")
	liq := writeFactorFile(t, dir, "liq.csv", "date,LIQ\n2021-08-13,0.0012\n2021-08-16,-0.0030\n")
	f, err := LoadFactors([]string{fr, liq}, FactorOptions{Unit: "decimal"})
	if err != nil {
		t.Fatal(err)
	}
	mkt, _ := f.Column("Mkt-RF")
	l, _ := f.Column("LIQ")
	if len(mkt) != 2 || math.Abs(mkt[1]-0.0024) > 1e-15 || math.Abs(l[1]+0.0030) > 1e-15 {
		t.Errorf("Mkt-RF %v LIQ %v", mkt, l)
	}
}
