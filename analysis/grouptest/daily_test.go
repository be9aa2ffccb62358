package grouptest

import (
	"fmt"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// TestRunWindowsDaysMatchesRunWindows: the shared preparation changes no
// bit. The battery's rows equal RunWindows' of the same ids (including a
// set without the rank tests, whose cache then gains corrado's ranks), and
// each day's rows equal RunWindows of DailyTests over the window (τ,τ),
// on events with missing returns (sets V differ by day).
func TestRunWindowsDaysMatchesRunWindows(t *testing.T) {
	evs, cfg := syntheticEventsOn(t, 60, 15, 0.05)
	first, last := cfg.EventWindow.T1, cfg.EventWindow.T2
	for _, ids := range [][]string{All, {"cs_t", "sign", "skew_t"}} {
		t.Run(fmt.Sprint(len(ids), " ids"), func(t *testing.T) {
			rows, days := RunWindowsDays(ids, evs, cfg.CARWindows, first, last, cfg)
			if want := RunWindows(ids, evs, cfg.CARWindows, cfg); fmt.Sprintf("%#v", rows) != fmt.Sprintf("%#v", want) {
				t.Errorf("battery rows differ from RunWindows'")
			}
			if len(days) != last-first+1 {
				t.Fatalf("%d days, want %d", len(days), last-first+1)
			}
			for k, got := range days {
				w := analysis.Window{T1: first + k, T2: first + k}
				want := RunWindows(DailyTests, evs, []analysis.Window{w}, cfg)
				if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
					t.Errorf("day %d: %v, want %v", first+k, got, want)
				}
			}
		})
	}
}

// TestRunDaysSmallAndEmpty: a day with one event keeps n and estimate and
// leaves the statistics empty (n < 2); no events or an empty range give no
// days.
func TestRunDaysSmallAndEmpty(t *testing.T) {
	evs, cfg := syntheticEventsOn(t, 3, 2, 0)
	days := RunDays(evs[:1], 0, 1, cfg)
	if len(days) != 2 {
		t.Fatalf("%d days, want 2", len(days))
	}
	for k, rows := range days {
		for i, r := range rows {
			if r.N != 1 || r.Estimate.IsNA() || !r.Statistic.IsNA() || !r.P.IsNA() || r.Test != DailyTests[i] {
				t.Errorf("day %d %s: %+v, want n 1, an estimate and no statistic", k, DailyTests[i], r)
			}
		}
	}
	if got := RunDays(evs, 1, 0, cfg); got != nil {
		t.Errorf("empty range: %v", got)
	}
	if got := RunDays(nil, 0, 1, cfg); len(got) != 2 || got[0][0].N != 0 || !got[0][0].P.IsNA() {
		t.Errorf("no events: %v", got)
	}
}

// TestRunDaysExample83: the daily tests of docs/methodology.md 8.3's four
// events are its published day-0, day-1 and day-2 statistics (cs_t,
// Patell, BMP, Corrado), in DailyTests order with the day's window.
func TestRunDaysExample83(t *testing.T) {
	cfg := exampleConfig()
	days := RunDays(example83(t, cfg), 0, 2, cfg)
	for k, w := range [][]float64{
		{-1.857256289, -3.969126236, -2.328190611, -1.898773616},
		{-0.4218823345, -0.3534776695, -0.2682789199, -0.5274371157},
		{-0.3213499435, -0.3607774168, -0.4827014659, -0.3164622694},
	} {
		t.Run(fmt.Sprint("day ", k), func(t *testing.T) {
			if len(days[k]) != len(DailyTests) {
				t.Fatalf("%d rows", len(days[k]))
			}
			for i, r := range days[k] {
				if r.Test != DailyTests[i] || r.Window != fmt.Sprintf("%d,%d", k, k) || r.N != 4 {
					t.Errorf("row %d: test %s window %s n %d", i, r.Test, r.Window, r.N)
				}
				check(t, r.Test, float64(r.Statistic), w[i], tolStat)
			}
		})
	}
}
