package results

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestStars(t *testing.T) {
	// Thresholds as printed under the tables: *** p<0.01, ** p<0.05, * p<0.10.
	for _, tc := range []struct {
		p    Num
		want string
	}{
		{0.00266475627, "***"}, // 8.2 day-0 AR
		{0.0099999, "***"},
		{0.01, "**"},
		{0.01269574107, "**"}, // 8.3 Patell
		{0.05, "*"},
		{0.05185946342, "*"}, // 8.3 BMP
		{0.06009483693, "*"}, // 8.2 CAR exact
		{0.10, ""},
		{0.1024192175, ""}, // 8.3 cs_t
		{NA, ""},
	} {
		if got := Stars(tc.p); got != tc.want {
			t.Errorf("Stars(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

// writeAll writes the fixture in every format and reads the CSVs back.
func writeAll(t *testing.T) (string, *Set) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, fixtureSetExtra(), Formats, nil); err != nil {
		t.Fatal(err)
	}
	set, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, set
}

// printed is a number cell of a publication table.
type printed struct {
	ok    bool // a number was printed (empty: missing)
	v     float64
	stars string
}

func parsePrinted(t *testing.T, s string) printed {
	t.Helper()
	s = strings.TrimSpace(s)
	if s == "" {
		return printed{}
	}
	var p printed
	if i := strings.IndexByte(s, '*'); i >= 0 {
		p.stars, s = s[i:], s[:i]
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("printed number %q: %v", s, err)
	}
	p.ok, p.v = true, v
	return p
}

// checkPrinted compares a printed cell with the CSV value at the printed
// precision: |printed - value*scale| <= half a unit of the last decimal.
func checkPrinted(t *testing.T, where string, got printed, v Num, scale float64, decimals int) {
	t.Helper()
	if v.IsNA() {
		if got.ok {
			t.Errorf("%s: printed %v for a missing value", where, got.v)
		}
		return
	}
	tol := 0.5*math.Pow(10, -float64(decimals)) + 1e-12
	if !got.ok || math.Abs(got.v-float64(v)*scale) > tol {
		t.Errorf("%s: printed %v (ok %v), CSV value %v x %v", where, got.v, got.ok, float64(v), scale)
	}
}

// checkPubRows checks the three publication tables, given as rows of cell
// text per table (user text already unescaped, stars stripped to "***").
func checkPubRows(t *testing.T, format string, tabs [][][]string, set *Set) {
	t.Helper()
	if len(tabs) != 4 {
		t.Fatalf("%s: %d tables, want 4 (car, tests, aar, regression)", format, len(tabs))
	}
	firm := map[string]EventRow{}
	for _, e := range set.Events {
		firm[e.EventID] = e
	}
	oneLine := strings.NewReplacer("\n", " ").Replace
	if len(tabs[0]) != len(set.CAR) {
		t.Fatalf("%s: %d CAR rows, want %d", format, len(tabs[0]), len(set.CAR))
	}
	for i, r := range set.CAR {
		row := tabs[0][i]
		where := format + " CAR row " + strconv.Itoa(i)
		if row[0] != r.EventID || row[1] != oneLine(firm[r.EventID].Firm) || row[3] != r.Window {
			t.Errorf("%s: text cells %q", where, row[:4])
		}
		car := parsePrinted(t, row[4])
		checkPrinted(t, where+" CAR", car, r.CAR, 100, 4)
		if car.stars != Stars(r.P) {
			t.Errorf("%s: stars %q for p=%v", where, car.stars, r.P)
		}
		checkPrinted(t, where+" t", parsePrinted(t, row[5]), r.T, 1, 2)
		checkPrinted(t, where+" p", parsePrinted(t, row[6]), r.P, 1, 3)
	}
	if len(tabs[1]) != len(set.Tests) {
		t.Fatalf("%s: %d test rows, want %d", format, len(tabs[1]), len(set.Tests))
	}
	for i, r := range set.Tests {
		row := tabs[1][i]
		where := format + " tests row " + strconv.Itoa(i)
		if row[0] != r.Group || row[1] != r.Window || row[2] != r.Test || row[3] != strconv.Itoa(r.N) {
			t.Errorf("%s: cells %q", where, row[:4])
		}
		st := parsePrinted(t, row[4])
		checkPrinted(t, where+" statistic", st, r.Statistic, 1, 2)
		if st.ok && st.stars != Stars(r.P) {
			t.Errorf("%s: stars %q for p=%v", where, st.stars, r.P)
		}
		checkPrinted(t, where+" p", parsePrinted(t, row[6]), r.P, 1, 3)
		checkPrinted(t, where+" p_holm", parsePrinted(t, row[7]), r.PHolm, 1, 3)
		checkPrinted(t, where+" p_bh", parsePrinted(t, row[8]), r.PBH, 1, 3)
	}
	if len(tabs[2]) != len(set.AAR) {
		t.Fatalf("%s: %d AAR rows, want %d", format, len(tabs[2]), len(set.AAR))
	}
	for i, r := range set.AAR {
		row := tabs[2][i]
		where := format + " AAR row " + strconv.Itoa(i)
		if row[0] != r.Group || row[1] != strconv.Itoa(r.RelDay) || row[2] != strconv.Itoa(r.N) {
			t.Errorf("%s: cells %q", where, row[:3])
		}
		checkPrinted(t, where+" AAR", parsePrinted(t, row[3]), r.AAR, 100, 4)
		checkPrinted(t, where+" CAAR", parsePrinted(t, row[4]), r.CAAR, 100, 4)
		if len(row) != 13 {
			t.Fatalf("%s: %d cells, want 13", where, len(row))
		}
		for j, c := range []struct {
			what    string
			stat, p Num
		}{{"t_cs", r.TCS, r.PCS}, {"z_patell", r.ZPatell, r.PPatell}, {"t_bmp", r.TBMP, r.PBMP}, {"z_rank", r.ZRank, r.PRank}} {
			st := parsePrinted(t, row[5+2*j])
			checkPrinted(t, where+" "+c.what, st, c.stat, 1, 2)
			if st.ok && st.stars != Stars(c.p) {
				t.Errorf("%s %s: stars %q for p=%v", where, c.what, st.stars, c.p)
			}
			checkPrinted(t, where+" "+c.what+" p", parsePrinted(t, row[6+2*j]), c.p, 1, 3)
		}
	}
	if len(tabs[3]) != len(set.Regression) {
		t.Fatalf("%s: %d regression rows, want %d", format, len(tabs[3]), len(set.Regression))
	}
	for i, r := range set.Regression {
		row := tabs[3][i]
		where := format + " regression row " + strconv.Itoa(i)
		if row[0] != r.Group || row[1] != r.Window || row[2] != r.Term || row[8] != strconv.Itoa(r.N) {
			t.Errorf("%s: cells %q", where, row)
		}
		c := parsePrinted(t, row[3])
		checkPrinted(t, where+" coef", c, r.Coef, 100, 4)
		if c.ok && c.stars != Stars(r.P) {
			t.Errorf("%s: stars %q for p=%v", where, c.stars, r.P)
		}
		checkPrinted(t, where+" se", parsePrinted(t, row[4]), r.SE, 100, 4)
		if !strings.HasPrefix(row[5], r.SEType) {
			t.Errorf("%s: SE type %q, want %s…", where, row[5], r.SEType)
		}
		checkPrinted(t, where+" t", parsePrinted(t, row[6]), r.T, 1, 2)
		checkPrinted(t, where+" p", parsePrinted(t, row[7]), r.P, 1, 3)
	}
}

// splitUnescaped splits s at sep where sep is not preceded by a backslash.
func splitUnescaped(s, sep string) []string {
	var out []string
	start := 0
	for i := 0; i+len(sep) <= len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i:i+len(sep)] == sep {
			out = append(out, s[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(out, s[start:])
}

func TestMarkdownTables(t *testing.T) {
	dir, set := writeAll(t)
	b, err := os.ReadFile(filepath.Join(dir, MarkdownFile))
	if err != nil {
		t.Fatal(err)
	}
	unescape := func(s string) string {
		var out strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) {
				i++
			}
			out.WriteByte(s[i])
		}
		return strings.TrimSpace(out.String())
	}
	var tabs [][][]string
	inTable := false
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		if !inTable { // header row
			inTable = true
			tabs = append(tabs, nil)
			continue
		}
		if strings.HasPrefix(line, "|---") {
			continue
		}
		cells := splitUnescaped(strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|"), "|")
		for i := range cells {
			cells[i] = unescape(cells[i])
		}
		tabs[len(tabs)-1] = append(tabs[len(tabs)-1], cells)
	}
	checkPubRows(t, "md", tabs, set)
	if !strings.Contains(string(b), `peers\|x`) {
		t.Error("a | in a group name is not escaped")
	}
}

func TestTeXTables(t *testing.T) {
	dir, set := writeAll(t)
	b, err := os.ReadFile(filepath.Join(dir, TeXFile))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`\usepackage{booktabs}`, `\toprule`, `\midrule`, `\bottomrule`, `peers|x`, `$-4.2767^{*}$`} {
		if !strings.Contains(s, want) {
			t.Errorf("tables.tex lacks %q", want)
		}
	}
	unescape := strings.NewReplacer(`\textbackslash{}`, `\`, `\textasciitilde{}`, "~", `\textasciicircum{}`, "^",
		`\&`, "&", `\%`, "%", `\$`, "$", `\#`, "#", `\_`, "_", `\{`, "{", `\}`, "}").Replace
	var tabs [][][]string
	in := false
	for _, line := range strings.Split(s, "\n") {
		switch {
		case line == `\midrule`:
			in = true
			tabs = append(tabs, nil)
			continue
		case line == `\bottomrule`:
			in = false
		}
		if !in {
			continue
		}
		cells := splitUnescaped(strings.TrimSuffix(line, ` \\`), " & ")
		for i, c := range cells {
			c = strings.Trim(c, "$")
			if j := strings.Index(c, "^{"); j >= 0 {
				c = c[:j] + strings.TrimSuffix(c[j+2:], "}")
			}
			cells[i] = unescape(c)
		}
		tabs[len(tabs)-1] = append(tabs[len(tabs)-1], cells)
	}
	checkPubRows(t, "tex", tabs, set)
}

func TestTeXEscape(t *testing.T) {
	in := `R&D 50% $5 #1 a_b {x} ~y ^z \end`
	want := `R\&D 50\% \$5 \#1 a\_b \{x\} \textasciitilde{}y \textasciicircum{}z \textbackslash{}end`
	if got := texEscape.Replace(in); got != want {
		t.Errorf("texEscape\n got %s\nwant %s", got, want)
	}
	if got := MarkdownEscape.Replace("a|b\nc"); got != `a\|b c` {
		t.Errorf("markdownEscape = %q", got)
	}
}

// extraRows are the rows of the fixture's extra table (Set.Extra, as the
// comparison tables are), with a column of every kind.
var extraRows = []cellKinds{
	{S: "a,b", I: 3, N: 0.25, O: SomeInt(7), B: true, F: 0.125},
	{S: "", I: -1, N: NA, O: Int{}, B: false, F: 1e-7},
}

// fixtureSetExtra is fixtureSet with one extra table, extra.csv.
func fixtureSetExtra() *Set {
	set := fixtureSet()
	set.Extra = []Table{NewTable("extra.csv", extraRows, ColumnsOf[cellKinds]())}
	return set
}

// jsonFile is what results.json holds for fixtureSetExtra.
type jsonFile struct {
	Manifest   Manifest        `json:"manifest"`
	Events     []EventRow      `json:"events"`
	AR         []ARRow         `json:"ar"`
	CAR        []CARRow        `json:"car"`
	Tests      []TestRow       `json:"tests"`
	AAR        []AARRow        `json:"aar"`
	Prices     []PriceRow      `json:"prices"`
	Regression []RegressionRow `json:"regression,omitempty"`
	Warnings   []Warning       `json:"warnings"`
	Extra      []cellKinds     `json:"extra"`
}

func TestJSONMirrorsCSV(t *testing.T) {
	dir, fromCSV := writeAll(t)
	b, err := os.ReadFile(filepath.Join(dir, JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var j jsonFile
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		t.Fatal(err)
	}
	fromJSON := &Set{Events: j.Events, AR: j.AR, CAR: j.CAR, Tests: j.Tests, AAR: j.AAR,
		Regression: j.Regression, Prices: j.Prices, Manifest: j.Manifest}
	fromJSON.Manifest.Warnings = j.Warnings // the table, beside the manifest's summary
	g, w := reflect.ValueOf(*fromJSON), reflect.ValueOf(*fromCSV)
	for i := 0; i < g.NumField(); i++ {
		if !equalNaN(g.Field(i), w.Field(i)) {
			t.Errorf("results.json %s differs from the CSV:\n json %+v\n  csv %+v", g.Type().Field(i).Name,
				g.Field(i).Interface(), w.Field(i).Interface())
		}
	}
	if !equalNaN(reflect.ValueOf(j.Extra), reflect.ValueOf(extraRows)) {
		t.Errorf("results.json extra: %+v, want %+v", j.Extra, extraRows)
	}
	if !bytes.Contains(b, []byte(`"sq_p": null`)) {
		t.Error("a missing value is not null in results.json")
	}
}

// TestJSONBytesAsStruct: results.json, assembled key by key, is byte for
// byte what encoding/json writes for the struct of its keys (the form it
// had before the extra tables), with and without regression rows.
func TestJSONBytesAsStruct(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Set)
	}{
		{"fixture", func(*Set) {}},
		{"no regression, empty tables", func(s *Set) { s.Regression, s.AR, s.Prices = nil, nil, nil }},
		{"extra table", func(s *Set) { s.Extra = fixtureSetExtra().Extra }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := fixtureSet()
			tc.edit(set)
			tables, err := set.Tables()
			if err != nil {
				t.Fatal(err)
			}
			m := manifestFor(set)
			got, err := resultsJSON(m, tables)
			if err != nil {
				t.Fatal(err)
			}
			j := jsonFile{Manifest: m, Events: nonNil(set.Events), AR: nonNil(set.AR), CAR: nonNil(set.CAR),
				Tests: nonNil(set.Tests), AAR: nonNil(set.AAR), Prices: nonNil(set.Prices), Regression: set.Regression,
				Warnings: nonNil(set.Manifest.Warnings)}
			var want []byte
			if len(set.Extra) > 0 {
				j.Extra = extraRows
				want, err = marshalIndent(j)
			} else {
				// The struct without the extra key.
				type noExtra struct {
					Manifest   Manifest        `json:"manifest"`
					Events     []EventRow      `json:"events"`
					AR         []ARRow         `json:"ar"`
					CAR        []CARRow        `json:"car"`
					Tests      []TestRow       `json:"tests"`
					AAR        []AARRow        `json:"aar"`
					Prices     []PriceRow      `json:"prices"`
					Regression []RegressionRow `json:"regression,omitempty"`
					Warnings   []Warning       `json:"warnings"`
				}
				want, err = marshalIndent(noExtra{j.Manifest, j.Events, j.AR, j.CAR, j.Tests, j.AAR, j.Prices, j.Regression, j.Warnings})
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("results.json differs from the struct's encoding:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestXLSXMatchesCSV(t *testing.T) {
	dir, _ := writeAll(t)
	f, err := excelize.OpenFile(filepath.Join(dir, XLSXFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	files := []string{EventsFile, ARFile, CARFile, TestsFile, AARFile, PricesFile, RegressionFile, WarningsFile, "extra.csv"}
	if got := f.GetSheetList(); len(got) != len(files) {
		t.Fatalf("sheets %v, want one per table", got)
	}
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		sheet := strings.TrimSuffix(name, ".csv")
		got, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, CSV has %d", sheet, len(got), len(want))
		}
		for r := range want {
			for c := range want[r] {
				g := ""
				if c < len(got[r]) {
					g = got[r][c]
				}
				if g != want[r][c] {
					t.Errorf("%s row %d col %d: xlsx %q, csv %q", sheet, r+1, c+1, g, want[r][c])
				}
				if r == 0 || want[r][c] == "" {
					continue
				}
				// Numbers are stored as numbers, text (and Inf) as text.
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				ct, err := f.GetCellType(sheet, ref)
				if err != nil {
					t.Fatal(err)
				}
				isText := ct == excelize.CellTypeInlineString || ct == excelize.CellTypeSharedString
				wantText := !kindAt(t, name, c).numeric() || strings.Contains(want[r][c], "Inf")
				if isText != wantText {
					t.Errorf("%s %s: %q stored as text %v, want %v", sheet, ref, want[r][c], isText, wantText)
				}
			}
		}
	}
}

// kindAt is the kind of column c of a table file of fixtureSetExtra.
func kindAt(t *testing.T, file string, c int) kind {
	tables, err := fixtureSetExtra().Tables()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if tb.File() == file {
			return tb.cells().kinds[c]
		}
	}
	t.Fatalf("no table %s", file)
	return 0
}
