package charts

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// TestSummary checks the summary's T-Mobile 2021 row against the
// fixture's own numbers: the primary stage is the earliest day 0 (claim,
// first in file order of the two stages on 2021-08-16), its CAR(-1,1) is
// the sum of its ARs on days -1..1 (summed here from ar.csv rows), the
// volume multiple is exp(cav), the dollar CAR is printed in billions, and
// the group headline repeats tests.csv's cs_t.
func TestSummary(t *testing.T) {
	set := fixtureSet(t)
	cmp := fixtureCompare(t, set)
	var car float64
	for _, r := range set.AR {
		if r.EventID == "tmobile-2021-claim" && r.RelDay >= -1 && r.RelDay <= 1 {
			car += float64(r.AR)
		}
	}
	set.Volume = []results.VolumeRow{{EventID: "tmobile-2021-claim", Window: "0,0", CAV: results.Num(math.Log(1.84)), T: 1.6}}
	for i := range set.CAR {
		if r := &set.CAR[i]; r.EventID == "tmobile-2021-claim" {
			r.MCap, r.DollarCAR = 2e11, results.Num(2e11*float64(r.CAR))
		} else {
			r.MCap, r.DollarCAR = results.NA, results.NA
		}
	}
	var buf bytes.Buffer
	if err := Render(&buf, set, Options{Compare: cmp}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	body := page[strings.Index(page, `<table id="summary"`):]
	body = body[:strings.Index(body, "</table>")]
	var row []string
	for _, tr := range regexp.MustCompile(`<tr[^>]*>(.*)</tr>`).FindAllStringSubmatch(body, -1) {
		cells := regexp.MustCompile(`<td[^>]*>([^<]*)`).FindAllStringSubmatch(tr[1], -1)
		if len(cells) > 0 && cells[0][1] == "tmobile-2021" {
			for _, c := range cells {
				row = append(row, html.UnescapeString(c[1]))
			}
		}
	}
	want := []string{"tmobile-2021", "TMUS", "claim", "2021-08-16", fmt.Sprintf("%.2f%%", 100*car)}
	if len(row) < 9 {
		t.Fatalf("summary row %q, want 9 cells", row)
	}
	for i, w := range want {
		if row[i] != w {
			t.Errorf("cell %d = %q, want %q", i, row[i], w)
		}
	}
	if row[6] != "×1.84 (t 1.60)" {
		t.Errorf("volume cell %q, want ×1.84 (t 1.60)", row[6])
	}
	if w := fmt.Sprintf("%.2f bn", 200*car); row[7] != w {
		t.Errorf("dollar cell %q, want %q", row[7], w)
	}
	for _, r := range set.Tests {
		if r.Group == "breach" && r.Test == "cs_t" && r.Window == "-1,1" {
			h := fmt.Sprintf("Group breach: mean CAR(-1,1) %.2f%% over %d events, cross-sectional t-test p = %.3f", 100*float64(r.Estimate), r.N, float64(r.P))
			if !strings.Contains(page, h) {
				t.Errorf("page lacks the headline %q", h)
			}
		}
	}
	for _, id := range []string{"summary-section", "contents", "events-table", "tests-table", "settings-table"} {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("page lacks #%s", id)
		}
	}
	if strings.Index(page, `id="summary-section"`) > strings.Index(page, `<section id="section-1"`) {
		t.Error("the summary does not lead the page")
	}
}

// TestSummaryVolumeEmphasis: the volume cell of the summary is bold by the
// volume's own p (volume.csv), not by the CAR's p of its row: a row with
// a significant CAR and an insignificant volume must not print the volume
// in bold, and the reverse.
func TestSummaryVolumeEmphasis(t *testing.T) {
	set := fixtureSet(t)
	var sig, plain string // an event with CAR(-1,1) p < 0.05 and one without
	for _, r := range set.CAR {
		if r.Window != "-1,1" || r.P.IsNA() {
			continue
		}
		if float64(r.P) < 0.05 && sig == "" {
			sig = r.EventID
		} else if float64(r.P) >= 0.05 && plain == "" {
			plain = r.EventID
		}
	}
	if sig == "" || plain == "" {
		t.Fatalf("fixture lacks a significant (%q) or insignificant (%q) CAR(-1,1)", sig, plain)
	}
	set.Volume = []results.VolumeRow{
		{EventID: sig, Window: "0,0", CAV: 0.1, T: 0.4, P: 0.69},
		{EventID: plain, Window: "0,0", CAV: 1.2, T: 4.1, P: 0.0001},
	}
	var buf bytes.Buffer
	if err := Render(&buf, set, Options{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	body := page[strings.Index(page, `<table id="summary"`):]
	body = body[:strings.Index(body, "</table>")]
	// the significant CAR's row is class "sig"; its volume cell is not bold.
	for _, c := range []string{
		`<tr class="sig">.*<td class="num own">×1\.11 \(t 0\.40\)</td></tr>`,
		`<tr><td>[^<]*</td>.*<td class="num own b">×3\.32 \(t 4\.10\)</td></tr>`,
	} {
		if !regexp.MustCompile(c).MatchString(body) {
			t.Errorf("summary lacks %s:\n%s", c, body)
		}
	}
	if !strings.Contains(page, "tr td.own.b { font-weight: 600; }") || !strings.Contains(page, "volume multiple by its own p") {
		t.Error("the page does not style or explain the volume's own emphasis")
	}
}

// TestSummaryWithoutMinus1Plus1: a study run with --car 0,1 alone has no
// CAR(-1,1); the report then compares and summarizes CAR(0,1), car.csv's
// first window, instead of leaving out the summary.
func TestSummaryWithoutMinus1Plus1(t *testing.T) {
	set := fixtureSet(t)
	all := set.CAR // windows 0,0 first, -1,1 among them
	var cars []results.CARRow
	for _, r := range set.CAR {
		if r.Window == "0,1" {
			cars = append(cars, r)
		}
	}
	for _, c := range []struct {
		name string
		cars []results.CARRow
		want string
	}{
		{"only 0,1", cars, "CAR(0,1)"},
		{"-1,1 preferred to the first window", all, "CAR(-1,1)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := *set
			s.CAR = c.cars
			var buf bytes.Buffer
			if err := Render(&buf, &s, Options{}); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			if !strings.Contains(page, `<table id="summary"`) {
				t.Error("the report has no summary")
			}
			if !strings.Contains(page, "comparison window "+c.want) {
				t.Errorf("the report does not compare %s", c.want)
			}
		})
	}
}

// TestSummaryVolumeWithoutDay0Window: with volume but no (0,0) window in
// volume.csv (--car -1,1 alone), the summary still gives the day-0 volume
// multiple, exp(ar.csv av), without a t.
func TestSummaryVolumeWithoutDay0Window(t *testing.T) {
	set := fixtureSet(t)
	set.Volume = []results.VolumeRow{{EventID: "tmobile-2021-claim", Window: "-1,1", T1: -1, T2: 1, CAV: 1.1, T: 2.0, P: 0.05}}
	for i := range set.AR {
		set.AR[i].AV = results.NA
		if r := &set.AR[i]; r.EventID == "tmobile-2021-claim" && r.RelDay == 0 {
			r.AV = results.Num(math.Log(1.84))
		}
	}
	var buf bytes.Buffer
	if err := Render(&buf, set, Options{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	body := page[strings.Index(page, `<table id="summary"`):]
	body = body[:strings.Index(body, "</table>")]
	if !regexp.MustCompile(`<tr[^>]*><td>tmobile-2021</td>.*<td class="num own">×1\.84</td>`).MatchString(body) {
		t.Errorf("summary lacks the day-0 volume ×1.84 of tmobile-2021:\n%s", body)
	}
}
