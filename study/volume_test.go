package study

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// handVolume computes T-Mobile's abnormal log volume around 2021-08-16 by
// a plain loop over the bundled Yahoo files, independently of prices and
// analysis: the GSPC file gives the trading days, estimation window
// (-260,-11), v = ln(1+Volume), mean-adjusted model, sd with M-1.
func handVolume(t *testing.T) (av0, av1, cav01, t01 float64, df int) {
	t.Helper()
	var cal []string
	for _, l := range yahooLines(t, "GSPC")[1:] {
		cal = append(cal, l[:10])
	}
	vol := map[string]float64{}
	for _, l := range yahooLines(t, "TMUS")[1:] {
		f := strings.Split(l, ",")
		v, err := strconv.ParseFloat(f[6], 64)
		if err == nil {
			vol[f[0]] = math.Log(1 + v)
		}
	}
	d0 := -1
	for i, d := range cal {
		if d == "2021-08-16" {
			d0 = i
		}
	}
	if d0 < 260 {
		t.Fatal("2021-08-16 not in GSPC.csv")
	}
	var sum, ss float64
	m := 0
	for i := d0 - 260; i <= d0-11; i++ {
		if v, ok := vol[cal[i]]; ok {
			sum += v
			m++
		}
	}
	mean := sum / float64(m)
	for i := d0 - 260; i <= d0-11; i++ {
		if v, ok := vol[cal[i]]; ok {
			ss += (v - mean) * (v - mean)
		}
	}
	sd := math.Sqrt(ss / float64(m-1))
	av0, av1 = vol[cal[d0]]-mean, vol[cal[d0+1]]-mean
	cav01 = av0 + av1
	return av0, av1, cav01, cav01 / (sd * math.Sqrt(2)), m - 1
}

func volumeRowOf(out *Outcome, id, window string) (results.VolumeRow, bool) {
	for _, r := range out.Set.Volume {
		if r.EventID == id && r.Window == window {
			return r, true
		}
	}
	return results.VolumeRow{}, false
}

// TestAbnormalVolumeTMobileByHand checks AV(0), AV(1), CAV(0,1), its t
// and df against handVolume.
func TestAbnormalVolumeTMobileByHand(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	out := runStudy(t, s)
	av0, av1, cav, tt, df := handVolume(t)
	ar := arOf(out, "tmus-confirm")
	if got := float64(ar[0].AV); math.Abs(got-av0) > 1e-12 {
		t.Errorf("AV(0) = %.15g, hand %.15g", got, av0)
	}
	if got := float64(ar[1].AV); math.Abs(got-av1) > 1e-12 {
		t.Errorf("AV(1) = %.15g, hand %.15g", got, av1)
	}
	r, ok := volumeRowOf(out, "tmus-confirm", "0,1")
	if !ok {
		t.Fatal("no volume.csv row for 0,1")
	}
	if math.Abs(float64(r.CAV)-cav) > 1e-12 || math.Abs(float64(r.T)-tt) > 1e-10 || r.DF.V != df || r.NDays != 2 {
		t.Errorf("CAV(0,1) row %+v, hand cav %.15g t %.15g df %d", r, cav, tt, df)
	}
	// the figure the docs quote: AV(0) = 0.6123, t(0,0) = 1.60 on 249 df
	if math.Abs(av0-0.6123) > 5e-5 || df != 249 {
		t.Errorf("hand AV(0) = %.5f df %d, docs say 0.6123 on 249", av0, df)
	}
	var ids []string
	for _, r := range out.Set.Tests {
		if strings.HasPrefix(r.Test, "av_") {
			ids = append(ids, r.Test)
		}
	}
	if len(ids) != 2*len(s.Analysis.CARWindows) {
		t.Errorf("volume test rows %v", ids)
	}
}

// TestVolumeBadInput: a negative volume is an error at its line; zero
// volume is valid; a missing day-0 volume blanks the windows with day 0
// and warns; --volume off leaves av empty and writes no volume.csv.
func TestVolumeBadInput(t *testing.T) {
	dir := t.TempDir()
	gspc := yahooLines(t, "GSPC")
	writeLines(t, filepath.Join(dir, "p", "GSPC.csv"), gspc)
	setVol := func(date, v string) func(d, l string) string {
		return func(d, l string) string {
			if d == date {
				return l[:strings.LastIndexByte(l, ',')+1] + v
			}
			return l
		}
	}
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, dir), filepath.Join(dir, "p"), "GSPC"

	writeLines(t, filepath.Join(dir, "p", "TMUS.csv"), editLines(yahooLines(t, "TMUS"), setVol("2021-08-16", "-5")))
	_, err := Run(s)
	if err == nil || !strings.Contains(err.Error(), "TMUS.csv:") || !strings.Contains(err.Error(), "negative") {
		t.Fatalf("negative volume: err %v", err)
	}

	writeLines(t, filepath.Join(dir, "p", "TMUS.csv"), editLines(yahooLines(t, "TMUS"), setVol("2021-08-16", "0")))
	out := runStudy(t, s)
	if av := arOf(out, "tmus-confirm")[0].AV; av.IsNA() || float64(av) > -10 {
		t.Errorf("zero volume: AV(0) = %v, want ln(1) - mean, far below 0", av)
	}

	writeLines(t, filepath.Join(dir, "p", "TMUS.csv"), editLines(yahooLines(t, "TMUS"), setVol("2021-08-16", "")))
	out = runStudy(t, s)
	if r, _ := volumeRowOf(out, "tmus-confirm", "0,1"); !r.CAV.IsNA() || r.NDays != 1 {
		t.Errorf("missing day-0 volume: row %+v", r)
	}
	if len(warningsOf(out, "volume_missing")) != 1 {
		t.Errorf("want one volume_missing warning, got %v", out.Set.Manifest.Warnings)
	}
	if out.Excluded != 0 {
		t.Error("missing volume excluded the event")
	}

	s.Volume = VolumeOff
	out = runStudy(t, s)
	if len(out.Set.Volume) != 0 || !arOf(out, "tmus-confirm")[0].AV.IsNA() {
		t.Error("--volume off still computed volume")
	}
}

// TestPriceColumnVolumeRefused: --price-column Volume is a file:line
// error, not a study of volumes as prices.
func TestPriceColumnVolumeRefused(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	s.PriceColumn = "Volume"
	_, err := Run(s)
	if err == nil || !strings.Contains(err.Error(), "not a price") || !strings.Contains(err.Error(), ".csv:1") {
		t.Fatalf("err = %v", err)
	}
}

// TestAbnormalVolumeMarketModelByHand: --volume-model market regresses
// TMUS's log volume on GSPC's over (-260,-11) by a plain OLS loop.
func TestAbnormalVolumeMarketModelByHand(t *testing.T) {
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, t.TempDir()), demoPrices, "GSPC"
	s.VolumeModel = "market"
	out := runStudy(t, s)
	logVol := func(sym string) map[string]float64 {
		m := map[string]float64{}
		for _, l := range yahooLines(t, sym)[1:] {
			f := strings.Split(l, ",")
			if v, err := strconv.ParseFloat(f[6], 64); err == nil {
				m[f[0]] = math.Log(1 + v)
			}
		}
		return m
	}
	firm, mkt := logVol("TMUS"), logVol("GSPC")
	var cal []string
	for _, l := range yahooLines(t, "GSPC")[1:] {
		cal = append(cal, l[:10])
	}
	d0 := 0
	for i, d := range cal {
		if d == "2021-08-16" {
			d0 = i
		}
	}
	var n, sx, sy, sxx, sxy float64
	for i := d0 - 260; i <= d0-11; i++ {
		y, ok1 := firm[cal[i]]
		x, ok2 := mkt[cal[i]]
		if ok1 && ok2 {
			n, sx, sy, sxx, sxy = n+1, sx+x, sy+y, sxx+x*x, sxy+x*y
		}
	}
	beta := (sxy - sx*sy/n) / (sxx - sx*sx/n)
	alpha := (sy - beta*sx) / n
	av0 := firm[cal[d0]] - alpha - beta*mkt[cal[d0]]
	if got := float64(arOf(out, "tmus-confirm")[0].AV); math.Abs(got-av0) > 1e-10 {
		t.Errorf("market-model AV(0) = %.15g, hand %.15g", got, av0)
	}
	if r, _ := volumeRowOf(out, "tmus-confirm", "0,0"); r.DF.V != int(n)-2 {
		t.Errorf("df %d, want %d", r.DF.V, int(n)-2)
	}
}

// TestVolumeWideFile: a wide price panel with a separate wide volume
// file (--volume FILE) gives the same AV(0) as the Yahoo files.
func TestVolumeWideFile(t *testing.T) {
	dir := t.TempDir()
	tm, gs := yahooLines(t, "TMUS"), yahooLines(t, "GSPC")
	col := func(lines []string, k int) map[string]string {
		m := map[string]string{}
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			m[f[0]] = f[k]
		}
		return m
	}
	tp, gp, tv, gv := col(tm, 5), col(gs, 5), col(tm, 6), col(gs, 6)
	px, vol := []string{"date,TMUS,GSPC"}, []string{"date,TMUS,GSPC"}
	for _, l := range gs[1:] {
		d := l[:10]
		if _, ok := tp[d]; !ok {
			continue
		}
		px = append(px, d+","+tp[d]+","+gp[d])
		vol = append(vol, d+","+tv[d]+","+gv[d])
	}
	writeLines(t, filepath.Join(dir, "prices.csv"), px)
	writeLines(t, filepath.Join(dir, "volume.csv"), vol)
	s := Default()
	s.Events, s.Prices, s.Market = tmusEvent(t, dir), filepath.Join(dir, "prices.csv"), "GSPC"
	s.Volume = filepath.Join(dir, "volume.csv")
	out := runStudy(t, s)
	av0, _, _, _, _ := handVolume(t)
	if got := float64(arOf(out, "tmus-confirm")[0].AV); math.Abs(got-av0) > 1e-12 {
		t.Errorf("wide --volume AV(0) = %.15g, hand %.15g", got, av0)
	}
	s.Volume = VolumeAuto // a wide price file has no volume column: no volume, no error
	if out = runStudy(t, s); len(out.Set.Volume) != 0 {
		t.Error("volume from a wide price file")
	}
}
