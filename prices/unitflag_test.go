package prices

import (
	"strings"
	"testing"
)

// TestUnitFlagNamed: a --market file's unit has its own flag
// (--market-returns-unit, LoadOptions.UnitFlag) and defaults to
// --returns-unit's (UnitFrom). Every refusal and the detection line name
// the flag that says the file's unit, or the one it was told by: a hint
// naming --returns-unit for the market file would send the user to the
// flag that also converts the firm files.
func TestUnitFlagNamed(t *testing.T) {
	rows := tmusRows(t)
	ret := tmusReturns(rows)
	dates := retDates(rows)
	dir := t.TempDir()
	const mflag = "--market-returns-unit"
	file := func(name string, scale float64) string {
		return writeTemp(t, dir, name, build(rows, "ticker,date,ret", func(i int, r tmusRow) string { return "MKT," + r.date + "," + g(scale*ret[i-1]) }, 1))
	}
	pct, dec := file("pct.csv", 100), file("dec.csv", 1)
	lines := strings.Split(build(rows, "ticker,date,ret", func(i int, r tmusRow) string { return "MKT," + r.date + "," + g(ret[i-1]) }, 1), "\n")
	lines[3600] = "MKT," + rows[3600].date + ",-1.5"
	below := writeTemp(t, dir, "below.csv", strings.Join(lines, "\n"))
	lines = strings.Split(build(rows, "ticker,date,ret", func(i int, r tmusRow) string { return "MKT," + r.date + "," + g(100*ret[i-1]) }, 1), "\n")
	lines[3600] = "MKT," + rows[3600].date + ",-150"
	belowPct := writeTemp(t, dir, "below-pct.csv", strings.Join(lines, "\n"))
	wide := writeTemp(t, dir, "wide.csv", build(rows, "Date,MKT", func(i int, r tmusRow) string { return r.date + "," + g(100*ret[i-1]) }, 1))

	for _, tc := range []struct {
		name string
		path string
		opt  LoadOptions
		want []string // in the error; nil: read, and detail holds detail
		// detail is in the detection line of a file read (then its
		// values are T-Mobile's decimal returns).
		detail string
	}{
		{name: "percent market without a unit", path: pct, opt: LoadOptions{UnitFlag: mflag},
			want: []string{pct + `:1:13: returns in column "ret" look like percent`, "say the unit: --market-returns-unit percent (-2.9 means -2.9 %) or --market-returns-unit decimal"}},
		{name: "percent market told by its flag", path: pct, opt: LoadOptions{UnitFlag: mflag, ReturnsUnit: UnitPercent},
			detail: "percent, divided by 100, as told (--market-returns-unit))"},
		{name: "percent market told by --returns-unit", path: pct, opt: LoadOptions{UnitFlag: mflag, UnitFrom: "--returns-unit", ReturnsUnit: UnitPercent},
			detail: "percent, divided by 100, as told (--returns-unit, without --market-returns-unit))"},
		{name: "decimal market told percent by its flag", path: dec, opt: LoadOptions{UnitFlag: mflag, ReturnsUnit: UnitPercent},
			want: []string{`column "ret": told --market-returns-unit percent, but the largest |r| is`, "; --market-returns-unit is this file's unit only: drop it if the file holds decimals"}},
		{name: "decimal market told percent by --returns-unit", path: dec, opt: LoadOptions{UnitFlag: mflag, UnitFrom: "--returns-unit", ReturnsUnit: UnitPercent},
			want: []string{`column "ret": told --returns-unit percent, but the largest |r| is`, "; without --market-returns-unit this file takes --returns-unit's unit: pass --market-returns-unit decimal"}},
		{name: "decimal market by size", path: dec, opt: LoadOptions{UnitFlag: mflag},
			detail: "decimal, by size: median |r| below 0.1)"},
		{name: "market below -100 %", path: below, opt: LoadOptions{UnitFlag: mflag},
			want: []string{below + `:3601:16: return "-1.5" in column "ret" is below -1 (-100 %), impossible for a decimal simple return; if the column holds percent, pass --market-returns-unit percent; log returns: --market-returns-unit log`}},
		{name: "market below -100 % in percent", path: belowPct, opt: LoadOptions{UnitFlag: mflag, UnitFrom: "--returns-unit", ReturnsUnit: UnitPercent},
			want: []string{belowPct + `:3601:16: return "-150" in column "ret" is below -100 (%), impossible for a simple return in percent; check the value; log returns: --market-returns-unit log (in decimals)`}},
		{name: "wide market, many negative", path: wide, opt: LoadOptions{UnitFlag: mflag},
			want: []string{"of the values are negative, so they are returns, not prices", "say the unit: --market-returns-unit percent (-2.9 means -2.9 %), decimal"}},
		{name: "wide market told by --returns-unit", path: wide, opt: LoadOptions{UnitFlag: mflag, UnitFrom: "--returns-unit", ReturnsUnit: UnitPercent},
			detail: "returns, as told by --returns-unit ("},
		{name: "firm file keeps --returns-unit", path: pct, opt: LoadOptions{},
			want: []string{"say the unit: --returns-unit percent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(tc.path, tc.opt)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				sameSeriesAs(t, p.Series["MKT"], dates, ret, 1e-12)
				if !strings.Contains(p.Detail, tc.detail) {
					t.Errorf("detail %q lacks %q", p.Detail, tc.detail)
				}
				return
			}
			if err == nil {
				t.Fatalf("read (%s), want an error", p.Detail)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error\n%s\nlacks\n%s", err, w)
				}
			}
			if tc.opt.UnitFlag == mflag && strings.Contains(strings.ReplaceAll(err.Error(), "told --returns-unit", ""), "pass --returns-unit") {
				t.Errorf("a market file's error sends the user to --returns-unit:\n%s", err)
			}
		})
	}
}
