package study

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tmobileStudy is the T-Mobile study on the bundled demo prices (market
// model on GSPC, estimation -260,-11) with the given events file.
func tmobileStudy(t *testing.T, events string) Study {
	t.Helper()
	p := filepath.Join(t.TempDir(), "events.csv")
	if err := os.WriteFile(p, []byte(events), 0o644); err != nil {
		t.Fatal(err)
	}
	s := Default()
	s.Events, s.Prices, s.Market = p, "../testdata/demo/prices", "GSPC"
	return s
}

// day0AR maps each anchored event to its day 0 and AR(0).
func day0AR(out *Outcome) (map[string]string, map[string]float64) {
	day0, ar := map[string]string{}, map[string]float64{}
	for _, e := range out.Set.Events {
		day0[e.EventID] = e.Day0
	}
	for _, r := range out.Set.AR {
		if r.RelDay == 0 {
			ar[r.EventID] = float64(r.AR)
		}
	}
	return day0, ar
}

// TestStudyZonedTimestamps runs the T-Mobile study with disclosure times
// as ISO 8601 timestamps. The 8-K's EDGAR acceptance, 21:27 UTC, is 17:27
// EDT: after the close, day 0 Tue 2021-08-17 (the same AR(0) as the date
// 2021-08-17 given plainly); 01:00 UTC on the 17th is 21:00 EDT on the
// 16th, after the close too; the Reuters time 19:39 UTC is 15:39 EDT,
// intraday, day 0 Mon 2021-08-16 with the confirmation's AR(0) of -3.17 %.
func TestStudyZonedTimestamps(t *testing.T) {
	s := tmobileStudy(t, "event_id,ticker,event_date,session\n"+
		"confirmation,TMUS,2021-08-16,intraday\n"+
		"plain-0817,TMUS,2021-08-17,intraday\n"+
		"filing-z,TMUS,2021-08-16T21:27:00Z,\n"+
		"filing-offset,TMUS,2021-08-16T17:27:02-04:00,\n"+
		"late-utc,TMUS,2021-08-17T01:00:00Z,\n"+
		"reuters,TMUS,2021-08-16T19:39:00Z,\n")
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	day0, ar := day0AR(out)
	if got := ar["confirmation"]; math.Abs(got-(-0.0317)) > 5e-5 {
		t.Fatalf("confirmation AR(0) = %.5f, want -0.0317", got)
	}
	tests := []struct {
		id, day0, sameAs, log string
	}{
		{"filing-z", "2021-08-17", "plain-0817", "filing-z: given 2021-08-16T21:27:00Z = 2021-08-16 (Mon) 17:27 EDT after close → day 0 2021-08-17 (Tue) [next]"},
		{"filing-offset", "2021-08-17", "plain-0817", "filing-offset: given 2021-08-16T17:27:02-04:00 = 2021-08-16 (Mon) 17:27 EDT after close → day 0 2021-08-17 (Tue) [next]"},
		{"late-utc", "2021-08-17", "plain-0817", "late-utc: given 2021-08-17T01:00:00Z = 2021-08-16 (Mon) 21:00 EDT after close → day 0 2021-08-17 (Tue) [next]"},
		{"reuters", "2021-08-16", "confirmation", "reuters: given 2021-08-16T19:39:00Z = 2021-08-16 (Mon) 15:39 EDT intraday → day 0 2021-08-16 (Mon) [next]"},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			if day0[tc.id] != tc.day0 {
				t.Errorf("day 0 %s, want %s", day0[tc.id], tc.day0)
			}
			if a, b := ar[tc.id], ar[tc.sameAs]; a != b || math.IsNaN(a) {
				t.Errorf("AR(0) %v, want %v (%s)", a, b, tc.sameAs)
			}
			found := false
			for _, l := range append(out.Log, out.Set.Manifest.Anchoring...) {
				found = found || l == tc.log
			}
			if !found {
				t.Errorf("log lacks %q:\n%s", tc.log, strings.Join(out.Log, "\n"))
			}
		})
	}
	// The detection line (printed and in the manifest) says what was
	// mapped and converted.
	det := out.Detected[0]
	for _, w := range []string{"events: 6 events, delimiter ','", `column "ticker" read as firm`, `column "event_date" read as date`,
		"4 zoned time(s) (-04:00, Z) converted to New York time (America/New_York, daylight saving by date) before anchoring"} {
		if !strings.Contains(det, w) {
			t.Errorf("detected %q lacks %q", det, w)
		}
	}
	if in := out.Set.Manifest.Inputs; len(in) == 0 || in[0].Role != "events" || "events: "+in[0].Detail != det {
		t.Errorf("manifest inputs %+v, detected %q", in, det)
	}
}

// TestStudyAttributesAndCovariates: a text column (company) no longer
// stops the study; it is carried as an attribute. By default the numeric
// records column is the regression's covariate; naming the text column
// is an error at its first non-numeric cell, and none drops the
// regression.
func TestStudyAttributesAndCovariates(t *testing.T) {
	const events = "event_id,firm,date,company,records\n" +
		"tmus,TMUS,2021-08-16,T-Mobile US,100000000\n" +
		"efx,EFX,2017-09-07,Equifax,147900000\n" +
		"mar,MAR,2018-11-30,Marriott,383000000\n" +
		"cof,COF,2019-07-29,Capital One,106000000\n"
	s := tmobileStudy(t, events)
	out, err := Run(s)
	if err != nil {
		t.Fatal(err)
	}
	terms := map[string]bool{}
	for _, r := range out.Set.Regression {
		terms[r.Term] = true
	}
	if !terms["records"] || terms["company"] {
		t.Errorf("regression terms %v, want records only", terms)
	}
	if !strings.Contains(out.Detected[0], "carried as attributes, not regression covariates: company") {
		t.Errorf("detected %q", out.Detected[0])
	}
	// The extra columns travel with each event into the results (the
	// manifest's event_meta, results.json).
	for _, r := range out.Set.Events {
		want := map[string]string{"tmus": "T-Mobile US", "efx": "Equifax", "mar": "Marriott", "cof": "Capital One"}[r.EventID]
		if r.Attributes["company"] != want || len(r.Attributes) != 1 {
			t.Errorf("%s: attributes %v, want company %q only (records is a covariate)", r.EventID, r.Attributes, want)
		}
	}

	s.Covariates = []string{"company"}
	_, err = Run(s)
	if err == nil || !strings.Contains(err.Error(), `events.csv:2:22: column "company" is named as a regression covariate but "T-Mobile US" is not a number`) {
		t.Errorf("error %v", err)
	}

	s.Covariates = []string{"none"}
	out, err = Run(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Set.Regression) != 0 {
		t.Errorf("%d regression rows with covariates none", len(out.Set.Regression))
	}
}
