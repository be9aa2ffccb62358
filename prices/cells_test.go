package prices

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York for the yfinance offsets
)

// The real files the layouts are rebuilt from (issue 17: each layout must
// give the Yahoo file's series).
const (
	demoTMUS = "../testdata/demo/prices/TMUS.csv"
	demoGSPC = "../testdata/demo/prices/GSPC.csv"
)

var monthAbbr = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// formatDate writes d in one of the layouts of dates/layout.go, as the
// exporting program would.
func formatDate(d dates.Day, layout string) string {
	t := d.Time()
	y, m, dd := t.Date()
	switch layout {
	case "M/D/YYYY":
		return fmt.Sprintf("%d/%d/%d", int(m), dd, y)
	case "D/M/YYYY":
		return fmt.Sprintf("%d/%d/%d", dd, int(m), y)
	case "D.M.YYYY":
		return fmt.Sprintf("%d.%d.%d", dd, int(m), y)
	case "MM-DD-YYYY":
		return fmt.Sprintf("%02d-%02d-%d", int(m), dd, y)
	case "YYYY/M/D":
		return fmt.Sprintf("%d/%d/%d", y, int(m), dd)
	case "pandas":
		return d.String() + " 00:00:00"
	case "yfinance":
		ny, _ := time.LoadLocation("America/New_York")
		return time.Date(y, m, dd, 0, 0, 0, 0, ny).Format("2006-01-02 15:04:05-07:00")
	case "isoZ":
		return d.String() + "T00:00:00Z"
	case "isoMillis":
		return d.String() + "T00:00:00.000"
	case "excel-time":
		return fmt.Sprintf("%d/%d/%d 0:00", int(m), dd, y)
	case "Mon D, YYYY":
		return fmt.Sprintf("%s %d, %d", monthAbbr[m-1], dd, y)
	case "Month D, YYYY":
		return fmt.Sprintf("%s %d, %d", m, dd, y)
	case "Mon D YYYY":
		return fmt.Sprintf("%s %d %d", monthAbbr[m-1], dd, y)
	case "D Mon YYYY":
		return fmt.Sprintf("%d %s %d", dd, monthAbbr[m-1], y)
	case "D-Mon-YYYY":
		return fmt.Sprintf("%d-%s-%d", dd, monthAbbr[m-1], y)
	case "stata":
		return fmt.Sprintf("%02d%s%d", dd, strings.ToLower(monthAbbr[m-1]), y)
	case "excel":
		return fmt.Sprint(int(d - dates.DayOf(1899, 12, 30)))
	case "excel.0":
		return fmt.Sprintf("%d.0", int(d-dates.DayOf(1899, 12, 30)))
	}
	panic(layout)
}

// groupDigits inserts sep between groups of three digits of an integer part.
func groupDigits(ip, sep string) string {
	neg := strings.HasPrefix(ip, "-")
	ip = strings.TrimPrefix(ip, "-")
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatNumber rewrites a plain decimal cell of the Yahoo file in a
// vendor's style, digits unchanged; volume=true for the Volume column.
func formatNumber(cell, style string, volume bool) string {
	ip, fp, hasPoint := strings.Cut(cell, ".")
	frac := func(mark string) string {
		if !hasPoint {
			return ""
		}
		return mark + fp
	}
	switch style {
	case "thousands-quoted":
		return `"` + groupDigits(ip, ",") + frac(".") + `"`
	case "dollar":
		if volume {
			v := 0.0
			fmt.Sscan(cell, &v)
			return fmt.Sprintf("%.2fM", v/1e6)
		}
		return `"$` + groupDigits(ip, ",") + frac(".") + `"`
	case "comma-dots":
		return groupDigits(ip, ".") + frac(",")
	case "comma-plain":
		return ip + frac(",")
	case "comma-space":
		return groupDigits(ip, " ") + frac(",")
	case "comma-nnbsp":
		return groupDigits(ip, "\u202f") + frac(",")
	case "comma-euro":
		if volume {
			return groupDigits(ip, ".") + frac(",")
		}
		return groupDigits(ip, ".") + frac(",") + " €"
	}
	panic(style)
}

// rewrite writes src (a Yahoo file) to dir/name with its dates and numbers
// rewritten, and the delimiter delim.
func rewrite(t *testing.T, src, dir, name, dateLayout, numStyle string, delim string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var out strings.Builder
	out.WriteString(strings.ReplaceAll(lines[0], ",", delim) + "\n")
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if dateLayout != "" {
			d, err := dates.ParseDate([]byte(f[0]), dates.DateISO)
			if err != nil {
				t.Fatal(err)
			}
			f[0] = formatDate(d, dateLayout)
			if strings.Contains(f[0], delim) {
				f[0] = `"` + f[0] + `"`
			}
		}
		if numStyle != "" {
			for j := 1; j < len(f); j++ {
				f[j] = formatNumber(f[j], numStyle, j == len(f)-1)
			}
		}
		out.WriteString(strings.Join(f, delim) + "\n")
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// sameSeriesBits fails t unless got has want's dates and bit-identical values.
func sameSeriesBits(t *testing.T, got, want *Series) {
	t.Helper()
	if len(got.Dates) != len(want.Dates) || len(got.Values) != len(want.Values) {
		t.Fatalf("%d rows, want %d", len(got.Dates), len(want.Dates))
	}
	for i := range want.Dates {
		if got.Dates[i] != want.Dates[i] {
			t.Fatalf("row %d: date %s, want %s", i, got.Dates[i], want.Dates[i])
		}
		if math.Float64bits(got.Values[i]) != math.Float64bits(want.Values[i]) {
			t.Fatalf("%s: %v (%#x), want %v (%#x)", want.Dates[i], got.Values[i], math.Float64bits(got.Values[i]), want.Values[i], math.Float64bits(want.Values[i]))
		}
	}
	if got.Column != want.Column || got.IsReturn != want.IsReturn {
		t.Fatalf("column %q returns=%v, want %q %v", got.Column, got.IsReturn, want.Column, want.IsReturn)
	}
}

func loadOne(t *testing.T, path string, opt LoadOptions) (*Series, string) {
	t.Helper()
	p, err := Load(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Series) != 1 {
		t.Fatalf("%d series", len(p.Series))
	}
	for _, s := range p.Series {
		return s, p.Detail
	}
	return nil, ""
}

// TestDateLayoutsSameSeries: the T-Mobile and S&P 500 Yahoo files, their
// dates rewritten in each layout, load to the same series bit for bit,
// and the detection line names the layout.
func TestDateLayoutsSameSeries(t *testing.T) {
	cases := []struct {
		layout string
		opt    LoadOptions
		want   string // in Panel.Detail
	}{
		{"M/D/YYYY", LoadOptions{}, "dates M/D/YYYY,"},
		{"D/M/YYYY", LoadOptions{}, "dates D/M/YYYY,"},
		{"D.M.YYYY", LoadOptions{}, "dates D.M.YYYY,"},
		{"MM-DD-YYYY", LoadOptions{}, "dates MM-DD-YYYY,"},
		{"YYYY/M/D", LoadOptions{}, "dates YYYY/M/D,"},
		{"pandas", LoadOptions{}, "dates YYYY-MM-DD hh:mm:ss (date part as written),"},
		{"yfinance", LoadOptions{}, "dates YYYY-MM-DD hh:mm:ss±hh:mm (date part as written),"},
		{"isoZ", LoadOptions{}, "dates YYYY-MM-DDThh:mm:ssZ (date part as written),"},
		{"isoMillis", LoadOptions{}, "dates YYYY-MM-DDThh:mm:ss.fff (date part as written),"},
		{"excel-time", LoadOptions{}, "dates M/D/YYYY h:mm (date part as written),"},
		{"Mon D, YYYY", LoadOptions{}, "dates Mon D, YYYY,"},
		{"Month D, YYYY", LoadOptions{}, "dates Month D, YYYY,"},
		{"Mon D YYYY", LoadOptions{}, "dates Mon D YYYY,"},
		{"D Mon YYYY", LoadOptions{}, "dates D Mon YYYY,"},
		{"D-Mon-YYYY", LoadOptions{}, "dates D-Mon-YYYY,"},
		{"stata", LoadOptions{}, "dates DDmonYYYY (Stata),"},
		{"excel", LoadOptions{}, "dates Excel serial (1900 system),"},
		{"excel.0", LoadOptions{}, "dates Excel serial (1900 system),"},
		// an explicit day/month order (for the events file) does not
		// stop a serial column from being read as serials
		{"excel", LoadOptions{DateFormat: dates.DateUS}, "dates Excel serial (1900 system),"},
		{"M/D/YYYY", LoadOptions{DateFormat: dates.DateUS}, "dates M/D/YYYY,"},
	}
	for _, src := range []string{demoTMUS, demoGSPC} {
		want, _ := loadOne(t, src, LoadOptions{})
		for _, c := range cases {
			t.Run(filepath.Base(src)+"/"+c.layout+"/"+string(c.opt.DateFormat), func(t *testing.T) {
				p := rewrite(t, src, t.TempDir(), filepath.Base(src), c.layout, "", ",")
				got, detail := loadOne(t, p, c.opt)
				sameSeriesBits(t, got, want)
				if !strings.Contains(detail, c.want) {
					t.Errorf("detail %q lacks %q", detail, c.want)
				}
			})
		}
	}
}

// TestNumberStylesSameSeries: the same files with their numbers written
// as vendors and European spreadsheets write them load to the same series
// bit for bit, and the detection line says which decimal mark was used.
func TestNumberStylesSameSeries(t *testing.T) {
	cases := []struct {
		style, delim string
		want         string // in Panel.Detail ("" = no number words)
	}{
		{"thousands-quoted", ",", "decimal point (from "},
		{"dollar", ",", "decimal point (from "},
		{"comma-dots", ";", "decimal comma (from "},
		{"comma-plain", ";", "decimal comma (from "},
		{"comma-space", ";", "decimal comma (from "},
		{"comma-nnbsp", ";", "decimal comma (from "},
		{"comma-euro", ";", "decimal comma (from "},
	}
	for _, src := range []string{demoTMUS, demoGSPC} {
		want, _ := loadOne(t, src, LoadOptions{})
		for _, c := range cases {
			t.Run(filepath.Base(src)+"/"+c.style, func(t *testing.T) {
				p := rewrite(t, src, t.TempDir(), filepath.Base(src), "", c.style, c.delim)
				got, detail := loadOne(t, p, LoadOptions{})
				sameSeriesBits(t, got, want)
				if !strings.Contains(detail, c.want) {
					t.Errorf("detail %q lacks %q", detail, c.want)
				}
			})
		}
	}
	// a decimal-comma long file (quickRow's layout) with Investing.com's
	// month-name dates: the fast path must not read 1.006,0 or 4.479,7
	t.Run("long/comma-dots/Mon D, YYYY", func(t *testing.T) {
		want, _ := loadOne(t, demoGSPC, LoadOptions{})
		var b strings.Builder
		b.WriteString("symbol;date;close\n")
		for i, d := range want.Dates {
			fmt.Fprintf(&b, "GSPC;%s;%s\n", formatDate(d, "Mon D, YYYY"), formatNumber(fmt.Sprint(want.Values[i]), "comma-dots", false))
		}
		p := filepath.Join(t.TempDir(), "long.csv")
		os.WriteFile(p, []byte(b.String()), 0o644)
		pn, err := Load(p, LoadOptions{PriceColumn: "close"})
		if err != nil {
			t.Fatal(err)
		}
		got := pn.Series["GSPC"]
		got.Column, got.IsReturn = want.Column, want.IsReturn
		sameSeriesBits(t, got, want)
	})
}

// TestCellsAmbiguous: a file whose dates or numbers read two ways is an
// error naming the first line and the flag; the flag then reads it.
func TestCellsAmbiguous(t *testing.T) {
	dir := t.TempDir()
	// TMUS's 2021 rows whose day is at most 12: M/D and D/M both valid
	want, _ := loadOne(t, demoTMUS, LoadOptions{})
	var us, eu, thousands strings.Builder
	us.WriteString("Date,Close\n")
	eu.WriteString("Date,Close\n")
	thousands.WriteString("Date;Close\n")
	var days []dates.Day
	var vals []float64
	for i, d := range want.Dates {
		if y, _, dd := d.Time().Date(); y == 2021 && dd <= 12 {
			days = append(days, d)
			vals = append(vals, want.Values[i])
			fmt.Fprintf(&us, "%s,%s\n", formatDate(d, "M/D/YYYY"), fmt.Sprint(want.Values[i]))
			fmt.Fprintf(&eu, "%s,%s\n", formatDate(d, "D/M/YYYY"), fmt.Sprint(want.Values[i]))
			fmt.Fprintf(&thousands, "%s;%d,%03d\n", d, 1+i%50, i%1000)
		}
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	usP, euP, thP := write("us.csv", us.String()), write("eu.csv", eu.String()), write("th.csv", thousands.String())
	for _, c := range []struct {
		name string
		path string
		opt  LoadOptions
		err  string
	}{
		{"unpadded M/D undecided", usP, LoadOptions{}, `us.csv:2: dates like "1/4/2021" could be M/D/YYYY or D/M/YYYY; pass --date-format mdy`},
		{"1,234 undecided", thP, LoadOptions{}, `th.csv:2:12: numbers like "`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.path, c.opt)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("error %v, want %q", err, c.err)
			}
			if strings.HasPrefix(c.name, "1,234") && !strings.Contains(err.Error(), "--decimal") {
				t.Errorf("error %v does not name --decimal", err)
			}
		})
	}
	for _, c := range []struct {
		name string
		path string
		opt  LoadOptions
	}{
		{"mdy told", usP, LoadOptions{DateFormat: dates.DateUS}},
		{"dmy told", euP, LoadOptions{DateFormat: dates.DateEU}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _ := loadOne(t, c.path, c.opt)
			if len(s.Dates) != len(days) {
				t.Fatalf("%d rows, want %d", len(s.Dates), len(days))
			}
			for i := range days {
				if s.Dates[i] != days[i] || s.Values[i] != vals[i] {
					t.Fatalf("row %d: %s %v, want %s %v", i, s.Dates[i], s.Values[i], days[i], vals[i])
				}
			}
		})
	}
	for _, c := range []struct {
		dec    Decimal
		scale  float64
		detail string
	}{{DecimalPoint, 1, "decimal point (as told)"}, {DecimalComma, 1e-3, "decimal comma (as told)"}} {
		t.Run("1,234 told "+string(c.dec), func(t *testing.T) {
			s, detail := loadOne(t, thP, LoadOptions{Decimal: c.dec})
			// the first row was written from TMUS's row k
			first := s.Values[0]
			var k int
			for i, d := range want.Dates {
				if d == days[0] {
					k = i
				}
			}
			wantV := float64((1+k%50)*1000+k%1000) * c.scale
			if !near(first, wantV, 1e-15) {
				t.Errorf("first value %v, want %v", first, wantV)
			}
			if c.detail != "" && !strings.Contains(detail, c.detail) {
				t.Errorf("detail %q lacks %q", detail, c.detail)
			}
		})
	}
}

// TestDecimalUnprovenBeyondSample: a file whose sampled rows show no
// decimal mark (whole numbers) reads plain decimals as before, but a later
// cell that proves the decimal comma is an error naming --decimal (the
// 1.234 cells before it may have been read wrongly); told, it reads.
func TestDecimalUnprovenBeyondSample(t *testing.T) {
	var b strings.Builder
	b.WriteString("Date;Close\n")
	d := dates.DayOf(2010, 1, 4)
	n := dateSampleLines + 10
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s;%d\n", d+dates.Day(i), 100+i%7)
	}
	fmt.Fprintf(&b, "%s;1.234\n", d+dates.Day(n))
	fmt.Fprintf(&b, "%s;139,56\n", d+dates.Day(n+1))
	p := filepath.Join(t.TempDir(), "late.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p, LoadOptions{})
	want := fmt.Sprintf(`late.csv:%d:12: bad number "139,56" in column "Close"; the file's first rows did not show its decimal mark`, n+3)
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "--decimal comma") {
		t.Fatalf("error %v, want %q", err, want)
	}
	for _, c := range []struct {
		dec      Decimal
		v1, v2   float64
		badCells bool
	}{{DecimalComma, 1234, 139.56, false}, {DecimalPoint, 1.234, 0, true}} {
		t.Run(string(c.dec), func(t *testing.T) {
			pn, err := Load(p, LoadOptions{Decimal: c.dec})
			if c.badCells {
				if err == nil || !strings.Contains(err.Error(), `bad number "139,56"`) || !strings.Contains(err.Error(), "this file writes decimal points") {
					t.Fatalf("error %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := pn.Series["late"]
			if got := s.Values[n]; got != c.v1 {
				t.Errorf("1.234 read as %v, want %v", got, c.v1)
			}
			if got := s.Values[n+1]; got != c.v2 {
				t.Errorf("139,56 read as %v, want %v", got, c.v2)
			}
		})
	}
}

// TestDecimalSampleCutShort: the sample's last line, cut short where the
// first-rows peek ends, is no evidence: "1.234,56" cut to "1.23" must not
// prove a decimal point (which would call every later 1.234,56 wrong).
func TestDecimalSampleCutShort(t *testing.T) {
	const peek = 256 << 10
	header := "Date;Close;Note\n"
	note := strings.Repeat("x", 150)
	var b strings.Builder
	b.WriteString(header)
	d := dates.DayOf(2000, 1, 3)
	i := 0
	for {
		line := fmt.Sprintf("%s;100;%s\n", d+dates.Day(i), note)
		if b.Len()-len(header)+2*len(line) > peek {
			break
		}
		b.WriteString(line)
		i++
	}
	// pad the last full line so that the peek ends right after "1.23"
	cut := fmt.Sprintf("%s;1.23", d+dates.Day(i+1))
	pad := peek - (b.Len() - len(header)) - len(cut) - len(fmt.Sprintf("%s;100;\n", d+dates.Day(i)))
	fmt.Fprintf(&b, "%s;100;%s\n", d+dates.Day(i), strings.Repeat("y", pad))
	for k := 1; k < 20; k++ {
		fmt.Fprintf(&b, "%s;1.234,56;z\n", d+dates.Day(i+k))
	}
	if got := b.String()[len(header) : len(header)+peek]; !strings.HasSuffix(got, cut) {
		t.Fatalf("the peek ends with %q, want %q", got[len(got)-20:], cut)
	}
	p := filepath.Join(t.TempDir(), "cut.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(p, LoadOptions{})
	if err == nil || strings.Contains(err.Error(), "writes decimal points") || !strings.Contains(err.Error(), "--decimal comma") {
		t.Fatalf("error %v; want one asking for --decimal comma", err)
	}
	pn, err := Load(p, LoadOptions{Decimal: DecimalComma})
	if err != nil {
		t.Fatal(err)
	}
	if s := pn.Series["cut"]; s.Values[len(s.Values)-1] != 1234.56 {
		t.Errorf("last value %v, want 1234.56", s.Values[len(s.Values)-1])
	}
}

// TestExcelSerialsLongFile: a serial-dated file longer than the first-rows
// peek, cut inside a date ("4442" of 44424), is still read as serials.
func TestExcelSerialsLongFile(t *testing.T) {
	want, _ := loadOne(t, demoGSPC, LoadOptions{})
	// a note column makes the lines long enough for the peek to end
	// before dateSampleLines rows
	header := "Date,Adj Close,Note"
	var b strings.Builder
	for i, d := range want.Dates {
		fmt.Fprintf(&b, "%s,%s,%s\n", formatDate(d, "excel"), strconv.FormatFloat(want.Values[i], 'g', -1, 64), strings.Repeat("x", 150))
	}
	rows := b.String()
	const peek = 256 << 10
	// blank lines after the header (skipped by the reader) shift the rows
	// until the peek ends inside a date
	text := ""
	for pad := 0; pad < 400; pad++ {
		data := strings.Repeat("\n", pad) + rows
		if len(data) <= peek {
			t.Fatalf("file of %d bytes is shorter than the peek", len(data))
		}
		if off := peek - (strings.LastIndexByte(data[:peek], '\n') + 1); off >= 1 && off <= 4 {
			text = header + "\n" + data
			break
		}
	}
	if text == "" {
		t.Fatal("no padding cuts a date")
	}
	p := filepath.Join(t.TempDir(), "GSPC.csv")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	got, detail := loadOne(t, p, LoadOptions{})
	sameSeriesBits(t, got, want)
	if !strings.Contains(detail, "Excel serial") {
		t.Errorf("detail %q", detail)
	}
}
