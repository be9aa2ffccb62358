package study

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestPerEventWindows: est_start, est_end and window cells override the
// study's windows for their event only. An event with relative bounds
// -200,-11 and window -5,5 gets exactly what a study run with
// --estimation -200,-11 --window -5,5 gives it; the same bounds written
// as dates (2020-10-28 is relative day -200 of 2021-08-16, 2021-08-01 a
// Sunday whose trading day on or before it is day -11) give the same
// estimate; an event without cells keeps the study's windows; windows
// that do not fit together exclude the event as bad_event_window; the
// manifest records each override.
func TestPerEventWindows(t *testing.T) {
	dir := t.TempDir()
	ev := filepath.Join(dir, "events.csv")
	writeLines(t, ev, []string{
		"event_id,firm,date,est_start,est_end,window",
		"rel,TMUS,2021-08-16,-200,-11,\"-5,5\"",
		"dates,TMUS,2021-08-16,2020-10-28,2021-08-01,-5:5",
		"plain,TMUS,2021-08-16,,,",
		"overlap,TMUS,2021-08-16,-200,-3,\"-5,5\"",
		"no-day0,TMUS,2021-08-16,,,\"1,5\"",
	})
	s := Default()
	s.Events, s.Prices, s.Market = ev, demoPrices, "GSPC"
	out := runStudy(t, s)

	ref := Default()
	ref.Events, ref.Prices, ref.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	ref.Analysis.Estimation, ref.Analysis.EventWindow = analysis.Window{T1: -200, T2: -11}, analysis.Window{T1: -5, T2: 5}
	ref.Analysis.CARWindows = nil
	for _, w := range analysis.DefaultCARWindows {
		if ref.Analysis.EventWindow.Contains(w) {
			ref.Analysis.CARWindows = append(ref.Analysis.CARWindows, w)
		}
	}
	want := runStudy(t, ref)
	we, wa := eventOf(t, want, "tmus-confirm"), arOf(want, "tmus-confirm")
	if len(wa) != 11 {
		t.Fatalf("reference has %d AR rows", len(wa))
	}
	for _, id := range []string{"rel", "dates"} {
		t.Run(id, func(t *testing.T) {
			e, a := eventOf(t, out, id), arOf(out, id)
			if e.Reason != "" || e.NEst != we.NEst || e.EstStart != we.EstStart || e.EstEnd != we.EstEnd || e.Alpha != we.Alpha || e.Beta != we.Beta {
				t.Fatalf("%+v\nwant %+v", e, we)
			}
			if len(a) != 11 {
				t.Fatalf("%d AR rows, want 11 (window -5,5)", len(a))
			}
			for d, r := range wa {
				if !sameNum(float64(a[d].AR), float64(r.AR)) || !sameNum(float64(a[d].SAR), float64(r.SAR)) {
					t.Errorf("AR(%d) = %v, want %v", d, a[d].AR, r.AR)
				}
			}
		})
	}
	plain := eventOf(t, out, "plain")
	if plain.Reason != "" || len(arOf(out, "plain")) != 21 || plain.NEst.V != 250 {
		t.Errorf("plain: reason %q, %d AR rows, n_est %d; want the study's windows", plain.Reason, len(arOf(out, "plain")), plain.NEst.V)
	}
	for _, id := range []string{"overlap", "no-day0"} {
		if e := eventOf(t, out, id); e.Reason != ReasonBadEventWindow {
			t.Errorf("%s: reason %q, want %s", id, e.Reason, ReasonBadEventWindow)
		}
	}
	// The detail is file:line: what; what to do.
	for _, x := range out.Set.Manifest.Exclusions {
		if x.EventID == "overlap" && (!strings.Contains(x.Detail, "events.csv:5: est_start, est_end or window give estimation -200,-3 and event window -5,5") || !strings.Contains(x.Detail, "leave them empty")) {
			t.Errorf("overlap detail %q", x.Detail)
		}
	}
	recs := out.Set.Manifest.EventWindows
	if len(recs) != 4 || recs[1].EventID != "dates" || recs[1].EstStart != "2020-10-28" || recs[1].Estimation != "-200,-11" || recs[1].Window != "-5,5" {
		t.Errorf("manifest event_windows %+v", recs)
	}
	// CAR(-10,10) lies outside the -5,5 window: empty, with the warning.
	if !hasFactorWarning(out, "incomplete_window", "CAR(-10,10)") {
		t.Error("no incomplete_window warning for CAR(-10,10) of a -5,5 event")
	}
	// CAR(0,10) of the same event has 6 valid days (0..5): the warning
	// names the event's own window, not "0 of 11 days" valid.
	if !hasFactorWarning(out, "incomplete_window", "CAR(0,10) not computed: it reaches beyond the event window -5,5 of the events file") {
		t.Errorf("incomplete_window of rel's CAR(0,10) does not name its own window: %+v", warningsOf(out, "incomplete_window"))
	}
}
