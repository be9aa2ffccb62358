package study

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const frenchFF3 = "../prices/testdata/F-F_Research_Data_Factors_daily.CSV"

// qStyle rewrites the bundled French FF3 file as a plain CSV of any
// factor columns: ISO dates, other names, the risk-free column first and
// called R_F, values in decimal (the French value / 100, written in
// shortest form, so each reads back as the French loader's number). drop
// says which dates to leave out.
func qStyle(t *testing.T, dir string, drop func(date string) bool) string {
	t.Helper()
	b, err := os.ReadFile(frenchFF3)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{"date,R_F,MKT_EX,SIZE,VALUE"}
	for _, l := range strings.Split(string(b), "\n") {
		c := strings.Split(strings.TrimSpace(l), ",")
		if len(c) != 5 || len(c[0]) != 8 || c[0][0] < '0' || c[0][0] > '9' {
			continue
		}
		date := c[0][:4] + "-" + c[0][4:6] + "-" + c[0][6:]
		if date < "2019-01-01" || date > "2021-12-31" || (drop != nil && drop(date)) {
			continue
		}
		row := []string{date}
		for _, j := range []int{4, 1, 2, 3} {
			v, err := strconv.ParseFloat(strings.TrimSpace(c[j]), 64)
			if err != nil {
				t.Fatal(err)
			}
			row = append(row, strconv.FormatFloat(v/100, 'g', -1, 64))
		}
		out = append(out, strings.Join(row, ","))
	}
	p := filepath.Join(dir, "q.csv")
	writeLines(t, p, out)
	return p
}

// TestFactorsModelAnyFile: --model factors on the FF3 factors written as
// a plain CSV (other names, ISO dates, decimal, R_F) gives ff3's estimate
// on the French file to the bit: alpha, the betas in events.csv (one
// beta_<column> each), every AR. Dates the file lacks are missing: a few
// give a warning count, many in an estimation window factor_days_missing.
func TestFactorsModelAnyFile(t *testing.T) {
	dir := t.TempDir()
	base := Default()
	base.Events, base.Prices, base.Market = tmusEvent(t, dir), demoPrices, "GSPC"

	ff3 := base
	ff3.Analysis.Model, ff3.Factors = "ff3", []string{frenchFF3}
	want := runStudy(t, ff3)

	q := base
	q.Analysis.Model, q.Factors, q.FactorsUnit = "factors", []string{qStyle(t, dir, nil)}, "decimal"
	got := runStudy(t, q)
	we, ge := eventOf(t, want, "tmus-confirm"), eventOf(t, got, "tmus-confirm")
	if ge.Reason != "" || ge.NEst != we.NEst || ge.Alpha != we.Alpha || ge.Beta != we.Beta || len(ge.Betas) != 3 {
		t.Fatalf("factors: %+v\nff3: %+v", ge, we)
	}
	for k := range we.Betas {
		if ge.Betas[k] != we.Betas[k] {
			t.Errorf("beta %d: %v, want %v", k, ge.Betas[k], we.Betas[k])
		}
	}
	if names := got.Set.Manifest.FactorNames; strings.Join(names, ",") != "MKT_EX,SIZE,VALUE" {
		t.Errorf("factor names %v", names)
	}
	wa, ga := arOf(want, "tmus-confirm"), arOf(got, "tmus-confirm")
	for d, r := range wa {
		if !sameNum(float64(ga[d].AR), float64(r.AR)) {
			t.Errorf("AR(%d) = %v, want %v", d, ga[d].AR, r.AR)
		}
	}

	t.Run("a few days missing", func(t *testing.T) {
		s := q
		s.Factors = []string{qStyle(t, t.TempDir(), func(d string) bool { return d == "2021-03-03" || d == "2021-03-04" })}
		out := runStudy(t, s)
		if ev := eventOf(t, out, "tmus-confirm"); ev.Reason != "" || ev.NEst.V != we.NEst.V-2 {
			t.Errorf("reason %q n_est %d, want estimated with %d (the 2 days without factors fewer)", ev.Reason, ev.NEst.V, we.NEst.V-2)
		}
		if !hasFactorWarning(out, WarnFactorDaysMissing, "2 of the") {
			t.Error("no factor_days_missing warning counting 2 days")
		}
	})
	t.Run("estimation window gone", func(t *testing.T) {
		s := q
		s.Factors = []string{qStyle(t, t.TempDir(), func(d string) bool { return d >= "2020-09-01" && d <= "2021-06-30" })}
		ev := eventOf(t, runStudy(t, s), "tmus-confirm")
		if ev.Reason != ReasonFactorDaysMissing {
			t.Errorf("reason %q, want %s", ev.Reason, ReasonFactorDaysMissing)
		}
	})
	t.Run("unit not declared", func(t *testing.T) {
		s := q
		s.FactorsUnit = ""
		_, err := Run(s)
		if err == nil || !strings.Contains(err.Error(), "q.csv:1: cannot tell whether the factor returns are percent or decimal") || !strings.Contains(err.Error(), "--factors-unit") {
			t.Errorf("error %v", err)
		}
	})
	t.Run("french file under factors", func(t *testing.T) {
		s := base
		s.Analysis.Model, s.Factors = "factors", []string{frenchFF3}
		ev := eventOf(t, runStudy(t, s), "tmus-confirm")
		if ev.Alpha != we.Alpha || ev.Beta != we.Beta {
			t.Errorf("factors on the French file: alpha %v beta %v, want ff3's %v %v", ev.Alpha, ev.Beta, we.Alpha, we.Beta)
		}
	})
}

func hasFactorWarning(out *Outcome, code, text string) bool {
	for _, w := range out.Set.Manifest.Warnings {
		if w.Code == code && strings.Contains(w.Message, text) {
			return true
		}
	}
	return false
}

// TestFactorsUnusedNote: --factors with a model that has no factors
// (here market; likewise garch) is not read; the manifest says so rather
// than listing the file in the config as if it had been used.
func TestFactorsUnusedNote(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	s.Factors = []string{frenchFF3}
	out := runStudy(t, s)
	if !hasFactorWarning(out, "factors_note", "--model market uses no factors: the --factors file was not read") {
		t.Errorf("no factors_note; warnings %+v", out.Set.Manifest.Warnings)
	}
	s.Analysis.Model = "ff3"
	if out := runStudy(t, s); hasFactorWarning(out, "factors_note", "uses no factors") {
		t.Error("ff3 got the unused-factors note")
	}
}

// TestFactorsEndBeforeEvent: a factor file that ends after the
// estimation window but before the event window (here 2021-07-30, day
// 0 = 2021-08-16) excludes the event as no_factors with the file's last
// date, not as no_event_returns blaming the firm's or market's returns.
func TestFactorsEndBeforeEvent(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	s.Analysis.Model, s.FactorsUnit = "factors", "decimal"
	s.Factors = []string{qStyle(t, t.TempDir(), func(d string) bool { return d > "2021-07-30" })}
	out := runStudy(t, s)
	if e := eventOf(t, out, "tmus-confirm"); e.Reason != ReasonNoFactors {
		t.Fatalf("reason %q, want %s", e.Reason, ReasonNoFactors)
	}
	if ex := out.Set.Manifest.Exclusions; len(ex) != 1 || !strings.Contains(ex[0].Detail, "no factor values on any day of the event window -10,10 (2021-08-02 to 2021-08-30)") {
		t.Errorf("exclusions %+v", ex)
	}
}
