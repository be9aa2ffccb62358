package results

import (
	"errors"
	"github.com/breachlab/eventstudy/inputerr"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		file   string
		edit   func(string) string
		remove bool
		want   []string // substrings of the error, each file:line[:col]
	}{
		{"renamed column", CARFile,
			func(s string) string { return strings.Replace(s, ",se,", ",stderr,", 1) },
			false, []string{"car.csv:1: missing column se;", `car.csv:1:6: unexpected column "stderr"`}},
		{"missing column", TestsFile,
			func(s string) string { return strings.Replace(s, ",dist,", ",", 1) },
			false, []string{"tests.csv:1: missing column dist;"}},
		{"duplicate column", AARFile,
			func(s string) string {
				return strings.Replace(s, "group,rel_day,n,aar,caar", "group,rel_day,n,aar,aar", 1)
			},
			false, []string{`aar.csv:1:5: column "aar" appears twice`, "aar.csv:1: missing column caar"}},
		{"bad cells, all reported", CARFile,
			func(s string) string {
				s = strings.Replace(s, "-0.04276659751", "abc", 1)        // line 2, car
				s = strings.Replace(s, `A,"0,0",0,0`, `A,"0,0",0.5,0`, 1) // line 3, t1
				return strings.Replace(s, ",-2.114531763,,", ",-2.114531763,9.5,", 1)
			},
			false, []string{`car.csv:2:13: car: "abc" is not a number`, `car.csv:3:9: t1: "0.5" is not a whole number`,
				`car.csv:4:42: df: "9.5" is not a whole number`}},
		{"empty whole number", AARFile,
			func(s string) string { return strings.Replace(s, "breaches,1,4,", "breaches,1,,", 1) },
			false, []string{`aar.csv:3:12: n: "" is not a whole number`}},
		{"field count", ARFile,
			func(s string) string { return strings.Replace(s, "A,1,2021-08-17,", "A,1,", 1) },
			false, []string{"ar.csv:3: 9 fields, the header has 10"}},
		{"bare quote", PricesFile,
			func(s string) string { return strings.Replace(s, "A,0,", `A,0"x,`, 1) },
			false, []string{"prices.csv:3:4: bare \" in non-quoted-field"}},
		{"beta column missing", EventsFile,
			func(s string) string { return strings.Replace(s, ",beta_hml", ",beta_hmlx", 1) },
			false, []string{"events.csv:1: missing column beta_hml"}},
		{"empty file", AARFile, func(string) string { return "" }, false, []string{"aar.csv:1: empty file"}},
		{"missing file", ARFile, nil, true, []string{"ar.csv: open "}},
		{"manifest unknown key", ManifestFile,
			func(s string) string { return strings.Replace(s, `"tool"`, `"tol"`, 1) },
			false, []string{`manifest.json:2: bad JSON: json: unknown field "tol"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if err := Write(dir, fixtureSet(), nil, nil); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, tc.file)
			if tc.remove {
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			} else {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(tc.edit(string(b))), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			set, err := Read(dir)
			if err == nil {
				t.Fatalf("Read succeeded: %+v", set)
			}
			var ies inputerr.InputErrors
			if !errors.As(err, &ies) {
				t.Errorf("error %T is not inputerr.InputErrors", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), filepath.Join(dir, w)) && !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if !strings.HasPrefix(err.Error(), dir) {
				t.Errorf("error does not start with the file path: %v", err)
			}
		})
	}
}

// Regression.csv is optional; a BOM (a spreadsheet round trip) and a
// different column order are accepted.
func TestReadTolerates(t *testing.T) {
	set := fixtureSet()
	set.Regression = nil
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, set, nil, nil); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, AARFile)
	b, _ := os.ReadFile(p)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for i, l := range lines { // move the first column (group) last
		c := strings.SplitN(l, ",", 2)
		lines[i] = c[1] + "," + c[0]
	}
	if err := os.WriteFile(p, []byte("\ufeff"+strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	assertSetEqual(t, got, set)
}

func FuzzReadCSV(f *testing.F) {
	dir := f.TempDir()
	if err := Write(filepath.Join(dir, "out"), fixtureSet(), nil, nil); err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{CARFile, TestsFile} {
		b, err := os.ReadFile(filepath.Join(dir, "out", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("event_id,window,t1,t2,car\n"))
	f.Add([]byte("group,window,test,n,estimate,statistic,dist,df,p,p_lower,p_upper\nx,\"0,1\",cs_t,2,NA,,t,,1e999,,\n"))
	f.Add([]byte("\"unterminated\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzTable[CARRow](t, CARFile, b)
		fuzzTable[TestRow](t, TestsFile, b)
	})
}

// fuzzTable: no panic; errors name the file and a line; a file that
// decodes writes back to the same rows.
func fuzzTable[T any](t *testing.T, name string, b []byte) {
	rows, errs := DecodeCSV[T](name, b)
	if len(errs) > 0 {
		if rows != nil {
			t.Fatalf("%s: rows returned with errors", name)
		}
		for _, e := range errs {
			if e.File != name || e.Line < 0 || e.Column < 0 || e.What == "" {
				t.Fatalf("%s: malformed error %+v", name, e)
			}
		}
		return
	}
	out, err := CSV(rows)
	if err != nil {
		t.Fatal(err)
	}
	again, errs := DecodeCSV[T](name, out)
	if len(errs) > 0 {
		t.Fatalf("%s: rewritten file does not read: %v\n%q", name, errs, out)
	}
	if !equalNaNAny(rows, again) {
		t.Fatalf("%s: rows changed on rewrite:\n%+v\n%+v", name, rows, again)
	}
}

// A directory written with --outputs lacks the tables the report needs;
// Read says so and what to rerun, not "is this a results directory?".
func TestReadOutputsSubset(t *testing.T) {
	set := fixtureSet()
	set.Outputs = []string{"car", "tests"}
	if set.Manifest.Config == nil {
		set.Manifest.Config = map[string]any{}
	}
	set.Manifest.Config["outputs"] = []string{"car", "tests"}
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, set, nil, nil); err != nil {
		t.Fatal(err)
	}
	_, err := Read(dir)
	if err == nil {
		t.Fatal("Read succeeded without ar.csv")
	}
	for _, w := range []string{filepath.Join(dir, ARFile) + ": open",
		"run with --outputs car,tests, which leaves out ar; rerun it with --outputs all (or add ar)",
		"leaves out aar;", "leaves out prices;", "leaves out events;"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	if strings.Contains(err.Error(), "is this a directory written by eventstudy run") {
		t.Errorf("error still asks whether the directory is a results directory:\n%v", err)
	}
}
