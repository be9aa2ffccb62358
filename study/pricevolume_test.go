package study

import (
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// TestPriceRowsVolume: prices.csv's volume column is the firm's Volume of
// the bundled Yahoo file on each row's date, found by a plain loop over
// the file's lines, for every charted day of T-Mobile 2021 (days -30..30
// around 2021-08-16); with --volume off the column is empty and the
// prices unchanged.
func TestPriceRowsVolume(t *testing.T) {
	const evs = "event_id,firm,date,session\ntmus,TMUS,2021-08-16,intraday\nvz,VZ,2021-08-16,intraday\n"
	yahoo := map[string]map[string]float64{}
	for _, sym := range []string{"TMUS", "VZ"} {
		lines := yahooLines(t, sym)
		if lines[0] != "Date,Open,High,Low,Close,Adj Close,Volume" {
			t.Fatalf("%s header %q", sym, lines[0])
		}
		yahoo[sym] = map[string]float64{}
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			v, err := strconv.ParseFloat(f[6], 64)
			if err != nil {
				t.Fatal(l)
			}
			yahoo[sym][f[0]] = v
		}
	}
	on := runStudy(t, tmobileStudy(t, evs))
	firm := map[string]string{"tmus": "TMUS", "vz": "VZ"}
	n := map[string]int{}
	for _, r := range on.Set.Prices {
		want, ok := yahoo[firm[r.EventID]][r.Date]
		if !ok {
			t.Fatalf("%s %s: no such day in the Yahoo file", r.EventID, r.Date)
		}
		if float64(r.Volume) != want {
			t.Errorf("%s day %d (%s): volume %v, want %v", r.EventID, r.RelDay, r.Date, r.Volume, want)
		}
		if r.RelDay == 0 && r.EventID == "tmus" && (r.Date != "2021-08-16" || want != 7114200) {
			t.Errorf("T-Mobile day 0: %s volume %v, want 2021-08-16 and 7114200", r.Date, want)
		}
		n[r.EventID]++
	}
	if n["tmus"] != 61 || n["vz"] != 61 {
		t.Errorf("price rows %v, want 61 each (days -30..30)", n)
	}
	s := tmobileStudy(t, evs)
	s.Volume = VolumeOff
	off := runStudy(t, s)
	if len(off.Set.Prices) != len(on.Set.Prices) {
		t.Fatalf("--volume off: %d price rows, want %d", len(off.Set.Prices), len(on.Set.Prices))
	}
	for i, r := range off.Set.Prices {
		if !r.Volume.IsNA() {
			t.Errorf("--volume off: %s %s volume %v, want empty", r.EventID, r.Date, r.Volume)
		}
		if r.Firm != on.Set.Prices[i].Firm || r.Market != on.Set.Prices[i].Market {
			t.Errorf("--volume off changes the prices of %s %s", r.EventID, r.Date)
		}
	}
}

// TestVolumeRowsSkipFirmWithoutVolume: an event whose firm has no volume
// column between two that have one leaves no volume.csv rows, empty
// prices.csv volumes and a no_volume warning, and the others' rows are
// those of a run where every firm has volume, in event order (the rows
// are compacted in place).
func TestVolumeRowsSkipFirmWithoutVolume(t *testing.T) {
	dir := t.TempDir()
	for _, sym := range []string{"GSPC", "TMUS", "VZ", "T"} {
		writeLines(t, filepath.Join(dir, "all", sym+".csv"), yahooLines(t, sym))
		lines := yahooLines(t, sym)
		if sym == "VZ" {
			for i, l := range lines {
				lines[i] = l[:strings.LastIndexByte(l, ',')] // no Volume column
			}
		}
		writeLines(t, filepath.Join(dir, "novz", sym+".csv"), lines)
	}
	evs := filepath.Join(dir, "events.csv")
	writeLines(t, evs, []string{"event_id,firm,date,session", "tmus,TMUS,2021-08-16,intraday",
		"vz,VZ,2021-08-16,intraday", "t,T,2021-08-16,intraday"})
	run := func(prices string) *Outcome {
		s := Default()
		s.Events, s.Prices, s.Market = evs, filepath.Join(dir, prices), "GSPC"
		return runStudy(t, s)
	}
	all, novz := run("all"), run("novz")
	var want []results.VolumeRow
	for _, r := range all.Set.Volume {
		if r.EventID != "vz" {
			want = append(want, r)
		}
	}
	if len(want) == 0 || len(want) == len(all.Set.Volume) {
		t.Fatalf("%d of %d rows without vz", len(want), len(all.Set.Volume))
	}
	if !reflect.DeepEqual(novz.Set.Volume, want) {
		t.Errorf("volume.csv without VZ's volume:\n%v\nwant\n%v", novz.Set.Volume, want)
	}
	if len(warningsOf(novz, "no_volume")) != 1 {
		t.Errorf("want one no_volume warning, got %v", novz.Set.Manifest.Warnings)
	}
	for _, r := range novz.Set.Prices {
		if r.EventID == "vz" && !r.Volume.IsNA() {
			t.Errorf("vz %s: volume %v, want empty", r.Date, r.Volume)
		}
	}
}
