package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// equalNaN is reflect.DeepEqual in which two NaN Nums are equal and a nil
// slice equals an empty one.
func equalNaN(a, b reflect.Value) bool {
	if a.Type() != b.Type() {
		return false
	}
	if a.Type() == reflect.TypeOf(Num(0)) {
		x, y := a.Float(), b.Float()
		return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y)
	}
	switch a.Kind() {
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalNaN(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !equalNaN(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Ptr, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalNaN(a.Elem(), b.Elem())
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

func assertSetEqual(t *testing.T, got, want *Set) {
	t.Helper()
	wantM := manifestFor(want)
	w := *want
	w.Manifest = wantM
	g, wv := reflect.ValueOf(*got), reflect.ValueOf(w)
	for i := 0; i < g.NumField(); i++ {
		if !equalNaN(g.Field(i), wv.Field(i)) {
			t.Errorf("%s differs:\n got %+v\nwant %+v", g.Type().Field(i).Name, g.Field(i).Interface(), wv.Field(i).Interface())
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		set  func() *Set
	}{
		{"factor model", fixtureSet},
		{"market model, no regression", func() *Set {
			s := fixtureSet()
			s.Manifest.FactorNames = nil
			for i := range s.Events {
				s.Events[i].Betas = nil
			}
			s.Regression = nil
			return s
		}},
		{"garch columns after the betas", func() *Set {
			s := fixtureSet()
			s.Manifest.GarchColumns = GarchColumns
			for i := range s.Events {
				s.Events[i].Garch = []Num{Num(2e-5 * float64(i+1)), 0.1, 0.85, NA, Num(6 + i), Num(700.5)}
			}
			s.Events[0].Garch[1] = NA // a fallback's empty cells
			return s
		}},
		{"empty tables", func() *Set { return &Set{Manifest: Manifest{Tool: "eventstudy"}} }},
		{"infinities and negative zero", func() *Set {
			s := fixtureSet()
			s.CAR[0].T = Num(math.Inf(-1))
			s.CAR[1].SE = Num(math.Inf(1))
			s.AR[0].SAR = Num(math.Copysign(0, -1))
			return s
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			set := tc.set()
			if err := Write(dir, set, Formats, nil); err != nil {
				t.Fatal(err)
			}
			got, err := Read(dir)
			if err != nil {
				t.Fatal(err)
			}
			assertSetEqual(t, got, set)
		})
	}
}

func TestEventsHeader(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, fixtureSet(), nil, nil); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, EventsFile))
	if err != nil {
		t.Fatal(err)
	}
	// docs/design.md "Outputs", then the factor columns.
	want := "event_id,firm,incident,stage,label,date_given,day0,anchor_rule,status,reason,model,est_start,est_end,n_est,alpha,beta,sigma,r2,beta_mkt_rf,beta_smb,beta_hml\n"
	if line := string(b[:bytes.IndexByte(b, '\n')+1]); line != want {
		t.Errorf("header\n got %q\nwant %q", line, want)
	}
	// Row A: the numbers of docs/methodology.md 8.3, shortest round-trip form.
	if !bytes.Contains(b, []byte(",12,0.0002110995851,1.773340249,")) {
		t.Errorf("row A does not carry n_est, alpha, beta as written: %s", b)
	}
	for _, tc := range []struct{ file, header string }{
		{ARFile, "event_id,rel_day,date,ret,normal_ret,ar,sar,car,av,sar2"},
		{CARFile, "event_id,window,t1,t2,car,se,t,df,p,p_lower,p_upper,bhar,n_days,sq_p,sq_p_lower,sq_p_upper,mcap,dollar_car,dollar_se"},
		{TestsFile, "group,window,test,n,estimate,statistic,dist,df,p,p_lower,p_upper,p_holm,p_bh,b"},
		{AARFile, "group,rel_day,n,aar,caar,t_cs,p_cs,z_patell,p_patell,t_bmp,p_bmp,z_rank,p_rank"},
	} {
		b, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.SplitN(string(b), "\n", 2)[0]; got != tc.header {
			t.Errorf("%s header %q, want %q", tc.file, got, tc.header)
		}
	}
}

func TestBetaColumn(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Mkt-RF", "beta_mkt_rf"},
		{"SMB", "beta_smb"},
		{"Mom   ", "beta_mom"},
		{"RMW (profitability)", "beta_rmw_profitability"},
		{"ä-ß", "beta_factor"},
		{"a_very_long_factor_name_exceeding_limits", "beta_a_very_long_factor_name_exc"},
	} {
		if got := BetaColumn(tc.in); got != tc.want {
			t.Errorf("BetaColumn(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := betaColumns([]string{"SMB", "smb", "S.M.B"}); !reflect.DeepEqual(got, []string{"beta_smb", "beta_smb_2", "beta_s_m_b"}) {
		t.Errorf("betaColumns = %v", got)
	}
}

func TestParseFormats(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  bool
	}{
		{"", []string{"csv"}, false},
		{"csv,json,md,tex,xlsx,parquet", Formats, false},
		{" TEX , markdown,json,json", []string{"csv", "json", "md", "tex"}, false},
		{"excel", []string{"csv", "xlsx"}, false},
		{"csv,pdf", nil, true},
	} {
		got, err := ParseFormats(tc.in)
		if (err != nil) != tc.err || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseFormats(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestDeterminism(t *testing.T) {
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	extra := map[string][]byte{"report.html": []byte("<html></html>")}
	if err := Write(a, fixtureSet(), Formats, extra); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, fixtureSet(), Formats, extra); err != nil {
		t.Fatal(err)
	}
	ea, _ := os.ReadDir(a)
	eb, _ := os.ReadDir(b)
	// 14 files, and ar, car and prices as Parquet too (parquet.go)
	if len(ea) != len(eb) || len(ea) != 17 {
		t.Fatalf("%d and %d files, want 17", len(ea), len(eb))
	}
	for _, e := range ea {
		x, _ := os.ReadFile(filepath.Join(a, e.Name()))
		y, err := os.ReadFile(filepath.Join(b, e.Name()))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two writes of the same set (%v)", e.Name(), err)
		}
	}
	m, _ := os.ReadFile(filepath.Join(a, ManifestFile))
	if !bytes.HasSuffix(m, []byte("}\n")) || !bytes.HasPrefix(m, []byte("{\n  \"tool\": \"eventstudy\",\n  \"version\"")) {
		t.Errorf("manifest.json not indented in struct order with a trailing newline:\n%s", m)
	}
}

// listDir names everything in dir, to see leftovers.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteReplacesAtomically(t *testing.T) {
	for _, exchange := range []bool{true, false} {
		t.Run(map[bool]string{true: "exchange", false: "two renames"}[exchange], func(t *testing.T) {
			old := exchangeDirs
			defer func() { exchangeDirs = old }()
			var exchangeErr error
			if exchange {
				exchangeDirs = func(a, b string) error { exchangeErr = old(a, b); return exchangeErr }
			} else {
				exchangeDirs = func(a, b string) error { return errors.New("not supported") }
			}
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			first := fixtureSet()
			first.Manifest.Version = "first"
			if err := Write(dir, first, []string{"csv", "md"}, nil); err != nil {
				t.Fatal(err)
			}
			second := fixtureSet()
			second.Manifest.Version = "second"
			second.Regression = nil
			if err := Write(dir, second, []string{"csv"}, nil); err != nil {
				t.Fatal(err)
			}
			got, err := Read(dir)
			if err != nil {
				t.Fatal(err)
			}
			assertSetEqual(t, got, second)
			// The old directory's files are gone with it, not merged.
			for _, f := range []string{RegressionFile, MarkdownFile} {
				if _, err := os.Stat(filepath.Join(dir, f)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s of the first write survived: %v", f, err)
				}
			}
			if l := listDir(t, parent); !reflect.DeepEqual(l, []string{"out"}) {
				t.Errorf("parent holds %v, want only out", l)
			}
			if exchange && exchangeErr != nil {
				// Not a failure: Write fell back to two renames (tested below).
				t.Logf("this file system cannot exchange directories: %v", exchangeErr)
			}
		})
	}
}

func TestWriteCreatesParents(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results", "tmobile")
	if err := Write(dir, fixtureSet(), nil, nil); err != nil {
		t.Fatal(err)
	}
	got, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	assertSetEqual(t, got, fixtureSet())
}

func TestWriteFailureLeavesOldDir(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(path string) (*os.File, error)
	}{
		{"open fails", func(path string) (*os.File, error) {
			return nil, errors.New("injected failure")
		}},
		// /dev/full accepts the open and fails the write with ENOSPC.
		{"disk full", func(path string) (*os.File, error) {
			return os.OpenFile("/dev/full", os.O_WRONLY, 0)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat("/dev/full"); err != nil && tc.name == "disk full" {
				t.Skip("no /dev/full on this system")
			}
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			first := fixtureSet()
			if err := Write(dir, first, nil, nil); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, dir)

			old := openOutput
			openOutput = func(path string) (*os.File, error) {
				if filepath.Base(path) == CARFile { // midway: events.csv and ar.csv are written
					return tc.open(path)
				}
				return old(path)
			}
			defer func() { openOutput = old }()
			second := fixtureSet()
			second.Manifest.Version = "second"
			err := Write(dir, second, nil, nil)
			if err == nil || !strings.Contains(err.Error(), CARFile) {
				t.Fatalf("Write error = %v, want one naming %s", err, CARFile)
			}
			if after := snapshot(t, dir); !reflect.DeepEqual(before, after) {
				t.Error("the old results directory changed")
			}
			if l := listDir(t, parent); !reflect.DeepEqual(l, []string{"out"}) {
				t.Errorf("parent holds %v, want only out (no temp dir)", l)
			}
			// A fresh directory: nothing at all is left.
			fresh := filepath.Join(parent, "fresh")
			if err := Write(fresh, second, nil, nil); err == nil {
				t.Fatal("Write into a fresh dir succeeded despite the failure")
			}
			if l := listDir(t, parent); !reflect.DeepEqual(l, []string{"out"}) {
				t.Errorf("parent holds %v, want only out", l)
			}
		})
	}
}

func TestWriteSecondRenameFails(t *testing.T) {
	old := exchangeDirs
	exchangeDirs = func(a, b string) error { return errors.New("not supported") }
	defer func() { exchangeDirs = old }()
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := Write(dir, fixtureSet(), nil, nil); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	oldRename := renameDir
	renameDir = func(from, to string) error {
		if strings.Contains(filepath.Base(from), ".tmp-") {
			return errors.New("injected rename failure")
		}
		return oldRename(from, to)
	}
	defer func() { renameDir = oldRename }()
	if err := Write(dir, fixtureSet(), nil, nil); err == nil {
		t.Fatal("Write succeeded despite the failing rename")
	}
	if after := snapshot(t, dir); !reflect.DeepEqual(before, after) {
		t.Error("the old results directory was not restored")
	}
	if l := listDir(t, parent); !reflect.DeepEqual(l, []string{"out"}) {
		t.Errorf("parent holds %v, want only out", l)
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, n := range listDir(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		out[n] = string(b)
	}
	return out
}

func TestWriteRefuses(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	notResults := filepath.Join(parent, "home")
	if err := os.Mkdir(notResults, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notResults, "thesis.tex"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir string
		extra     map[string][]byte
		formats   []string
	}{
		{"parent is a regular file", filepath.Join(file, "out"), nil, nil},
		{"output is a regular file", file, nil, nil},
		{"output is not a results directory", notResults, nil, nil},
		{"extra file with a path", filepath.Join(parent, "o1"), map[string][]byte{"../x.html": nil}, nil},
		{"extra file replacing a table", filepath.Join(parent, "o2"), map[string][]byte{CARFile: nil}, nil},
		{"unknown format", filepath.Join(parent, "o3"), nil, []string{"pdf"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Write(tc.dir, fixtureSet(), tc.formats, tc.extra); err == nil {
				t.Fatal("Write succeeded")
			}
			if l := listDir(t, parent); !reflect.DeepEqual(l, []string{"file", "home"}) {
				t.Errorf("parent holds %v, want only file and home", l)
			}
			if l := listDir(t, notResults); !reflect.DeepEqual(l, []string{"thesis.tex"}) {
				t.Errorf("unrelated directory changed: %v", l)
			}
		})
	}
}

func TestWriteExtraAndEmptyDir(t *testing.T) {
	dir := t.TempDir() // exists and is empty: may be replaced
	extra := map[string][]byte{"report.html": []byte("<p>report</p>")}
	if err := Write(dir, fixtureSet(), nil, extra); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil || string(b) != "<p>report</p>" {
		t.Errorf("report.html = %q, %v", b, err)
	}
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("dir mode %v, %v; want 0755", fi.Mode(), err)
	}
}

func equalNaNAny(a, b any) bool { return equalNaN(reflect.ValueOf(a), reflect.ValueOf(b)) }

// TestWriteStreams: a streamed file lands beside the tables with exactly
// the bytes its Stream wrote; a Stream's error fails the write and leaves
// the previous results as they were, with no temp dir; a stream may not
// take a table's or an extra file's name.
func TestWriteStreams(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	page := strings.Repeat("<p>report</p>\n", 10000) // larger than the write buffer
	ok := map[string]Stream{"report.html": func(w io.Writer) error {
		_, err := io.WriteString(w, page)
		return err
	}}
	if err := WriteStreams(dir, fixtureSet(), nil, nil, ok); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)
	if before["report.html"] != page {
		t.Errorf("report.html has %d bytes, want %d", len(before["report.html"]), len(page))
	}
	failing := map[string]Stream{"report.html": func(w io.Writer) error {
		io.WriteString(w, "<p>half a pa")
		return errors.New("template broke")
	}}
	err := WriteStreams(dir, fixtureSet(), nil, nil, failing)
	if err == nil || !strings.Contains(err.Error(), "report.html") || !strings.Contains(err.Error(), "template broke") {
		t.Fatalf("error %v, want one naming report.html and the cause", err)
	}
	if after := snapshot(t, dir); !reflect.DeepEqual(after, before) {
		t.Error("a failed stream changed the previous results")
	}
	if l := listDir(t, parent); !reflect.DeepEqual(l, []string{"out"}) {
		t.Errorf("parent holds %v, want only out", l)
	}
	for _, name := range []string{ARFile, "report.html", "../x"} {
		extra := map[string][]byte{"report.html": nil}
		if err := WriteStreams(filepath.Join(parent, "o"), fixtureSet(), nil, extra, map[string]Stream{name: ok["report.html"]}); err == nil {
			t.Errorf("stream named %q accepted", name)
		}
	}
}

// TestWriteStreamsProgress: progress hears of every file once, done rising
// by one to the number of files the directory ends up with, one call at a
// time, with every format and a stream; the files are those of a write
// without progress.
func TestWriteStreamsProgress(t *testing.T) {
	parent := t.TempDir()
	page := map[string]Stream{"report.html": func(w io.Writer) error {
		_, err := io.WriteString(w, "<p>report</p>")
		return err
	}}
	var got []int
	busy := false
	err := WriteStreamsProgress(filepath.Join(parent, "with"), fixtureSet(), Formats, nil, page, func(done, total int) {
		if busy {
			t.Error("progress called concurrently")
		}
		busy = true
		defer func() { busy = false }()
		if len(got) > 0 && total != got[0] {
			t.Errorf("total changed to %d", total)
		}
		got = append(got, total, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteStreams(filepath.Join(parent, "without"), fixtureSet(), Formats, nil, page); err != nil {
		t.Fatal(err)
	}
	files := listDir(t, filepath.Join(parent, "with"))
	if len(got) != 2*len(files) {
		t.Fatalf("%d reports for %d files", len(got)/2, len(files))
	}
	for k := 0; k < len(got); k += 2 {
		if got[k] != len(files) || got[k+1] != k/2+1 {
			t.Fatalf("report %d: %d/%d, want %d/%d", k/2, got[k+1], got[k], k/2+1, len(files))
		}
	}
	with, without := snapshot(t, filepath.Join(parent, "with")), snapshot(t, filepath.Join(parent, "without"))
	if !reflect.DeepEqual(with, without) {
		t.Error("files differ from a write without progress")
	}
}

// TestSetTables: the set's tables in file order, regression.csv only with
// rows, Set.Extra after the study's own; every table is written as its
// CSV file and its rows land under its key in results.json.
func TestSetTables(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Set)
		want []string
	}{
		{"fixture", func(*Set) {}, []string{EventsFile, ARFile, CARFile, TestsFile, AARFile, PricesFile, RegressionFile, WarningsFile}},
		{"no regression rows", func(s *Set) { s.Regression = nil }, []string{EventsFile, ARFile, CARFile, TestsFile, AARFile, PricesFile, WarningsFile}},
		{"extra tables", func(s *Set) {
			s.Extra = []Table{NewTable("extra.csv", extraRows, ColumnsOf[cellKinds]()), NewTable("more.csv", []AARRow(nil), ColumnsOf[AARRow]())}
		}, []string{EventsFile, ARFile, CARFile, TestsFile, AARFile, PricesFile, RegressionFile, WarningsFile, "extra.csv", "more.csv"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set := fixtureSet()
			tc.edit(set)
			tables, err := set.Tables()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tb := range tables {
				got = append(got, tb.File())
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("tables %v, want %v", got, tc.want)
			}
			dir := filepath.Join(t.TempDir(), "out")
			if err := Write(dir, set, []string{"csv", "json"}, nil); err != nil {
				t.Fatal(err)
			}
			var js map[string]json.RawMessage
			if err := json.Unmarshal(mustRead(t, filepath.Join(dir, JSONFile)), &js); err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.want {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
				if _, ok := js[strings.TrimSuffix(f, ".csv")]; !ok {
					t.Errorf("results.json has no key for %s", f)
				}
			}
			if m, ok := js["more"]; ok && string(m) != "[]" {
				t.Errorf("an empty extra table is %s in results.json, want []", m)
			}
		})
	}
	// A table without a loading per factor is refused before any file.
	set := fixtureSet()
	set.Events[0].Betas = nil
	if _, err := set.Tables(); err == nil || !strings.Contains(err.Error(), "factor loadings") {
		t.Errorf("events without betas: %v", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
