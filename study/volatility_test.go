package study

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// TestVolatilityOutputs: on the bundled T-Mobile data the study writes
// sar2 = sar² in ar.csv, one volatility.csv row per CAR window (U(0,1) as
// the analysis hand computation: 3.02715) and the avol_* test rows;
// --volatility=false leaves sar2 empty and writes neither.
func TestVolatilityOutputs(t *testing.T) {
	dir := t.TempDir()
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, dir), demoPrices, "GSPC"
	out := runStudy(t, s)
	for _, r := range out.Set.AR {
		if !r.SAR.IsNA() && math.Abs(float64(r.SAR2)-float64(r.SAR)*float64(r.SAR)) > 1e-15 {
			t.Errorf("day %d: sar2 %v, sar %v", r.RelDay, r.SAR2, r.SAR)
		}
	}
	if len(out.Set.Volatility) != len(s.Analysis.CARWindows) {
		t.Fatalf("%d volatility rows, want %d", len(out.Set.Volatility), len(s.Analysis.CARWindows))
	}
	for _, r := range out.Set.Volatility {
		if r.Window == "0,1" && (math.Abs(float64(r.U)-3.0271526137841622) > 1e-9 || r.DF.V != 248 || r.NDays != 2) {
			t.Errorf("U(0,1) row %+v", r)
		}
	}
	if n := countTests(out.Set.Tests, "avol_u") + countTests(out.Set.Tests, "avol_rank"); n != 2*len(s.Analysis.CARWindows) {
		t.Errorf("%d avol rows", n)
	}

	s.NoVolatility = true
	out = runStudy(t, s)
	if len(out.Set.Volatility) != 0 || countTests(out.Set.Tests, "avol_u")+countTests(out.Set.Tests, "avol_rank") != 0 {
		t.Errorf("volatility off: %d rows, tests %v", len(out.Set.Volatility), out.Set.Tests)
	}
	for _, r := range out.Set.AR {
		if !r.SAR2.IsNA() {
			t.Fatalf("volatility off: sar2 %v on day %d", r.SAR2, r.RelDay)
		}
	}
	tables, _ := out.Set.Tables()
	for _, tb := range tables {
		if tb.File() == results.VolatilityFile {
			t.Error("volatility off: volatility.csv listed")
		}
	}
}

// TestVolatilityMissingDay0: without a TMUS price on day 0 the event is
// excluded (gap_in_window, the gap policy of 1.3) and Verizon's event on
// the same day keeps its volatility rows: the study goes on.
func TestVolatilityMissingDay0(t *testing.T) {
	dir := t.TempDir()
	prices := filepath.Join(dir, "prices")
	for _, sym := range []string{"GSPC", "TMUS", "VZ"} {
		lines := yahooLines(t, sym)
		if sym == "TMUS" {
			lines = editLines(lines, func(date, l string) string {
				if date == "2021-08-16" {
					return ""
				}
				return l
			})
		}
		writeLines(t, filepath.Join(prices, sym+".csv"), lines)
	}
	s := Default()
	s.Events, s.Prices, s.Market = filepath.Join(dir, "events.csv"), prices, "GSPC"
	writeLines(t, s.Events, []string{"event_id,firm,date", "tmus,TMUS,2021-08-16", "vz,VZ,2021-08-16"})
	out := runStudy(t, s)
	if ev := eventOf(t, out, "tmus"); ev.Status == StatusOK {
		t.Errorf("tmus not excluded: %+v", ev)
	}
	n := 0
	for _, r := range out.Set.Volatility {
		if r.EventID != "vz" || r.U.IsNA() || !r.DF.Valid {
			t.Errorf("row %+v", r)
		}
		n++
	}
	if n != len(s.Analysis.CARWindows) {
		t.Errorf("%d volatility rows, want %d", n, len(s.Analysis.CARWindows))
	}
}

func countTests(rows []results.TestRow, id string) int {
	n := 0
	for _, r := range rows {
		if r.Test == id {
			n++
		}
	}
	return n
}
