package prices

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

func writeFile(t testing.TB, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLoadVolumeLayouts: Yahoo file, long file, wide volume file; zero
// is valid, empty is missing, negative is an error at its line, and a
// file without a volume column gives nothing.
func TestLoadVolumeLayouts(t *testing.T) {
	dir := t.TempDir()
	d1, d2 := dates.DayOf(2021, 8, 16), dates.DayOf(2021, 8, 17)
	y := writeFile(t, dir, "TMUS.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n2021-08-17,1,1,1,1,1,0\n2021-08-16,1,1,1,1,1,123\n")
	v, _, err := LoadVolume(y, dates.DateAuto, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if x, ok := v["TMUS"].On(d1); !ok || x != 123 {
		t.Errorf("yahoo 08-16 = %v %v", x, ok)
	}
	if x, ok := v["TMUS"].On(d2); !ok || x != 0 {
		t.Errorf("zero volume = %v %v, want 0 valid", x, ok)
	}
	l := writeFile(t, dir, "long.csv", "symbol,date,close,volume\nA,2021-08-16,1,5\nA,2021-08-17,1,\nB,2021-08-16,1,7\n")
	v, _, err = LoadVolume(l, dates.DateAuto, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if x, _ := v["B"].On(d1); x != 7 {
		t.Errorf("long B = %v", x)
	}
	if _, ok := v["A"].On(d2); ok {
		t.Error("empty volume cell read as valid")
	}
	w := writeFile(t, dir, "wide.csv", "date,A,B\n2021-08-16,10,20\n")
	v, _, err = LoadVolume(w, dates.DateAuto, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if x, _ := v["B"].On(d1); x != 20 {
		t.Errorf("wide B = %v", x)
	}
	n := writeFile(t, dir, "neg.csv", "symbol,date,close,volume\nA,2021-08-16,1,5\nA,2021-08-17,1,-3\n")
	if _, _, err = LoadVolume(n, dates.DateAuto, nil, false); err == nil || !strings.Contains(err.Error(), "neg.csv:3:4") {
		t.Errorf("negative volume: %v", err)
	}
	p := writeFile(t, dir, "plain.csv", "symbol,date,close\nA,2021-08-16,1\n")
	if v, _, err = LoadVolume(p, dates.DateAuto, nil, false); err != nil || len(v) != 0 {
		t.Errorf("no volume column: %v %v", v, err)
	}
	if _, err := Load(y, LoadOptions{PriceColumn: "Volume"}); err == nil || !strings.Contains(err.Error(), "not a price") {
		t.Errorf("--price-column Volume: %v", err)
	}
}

// BenchmarkLoadVolumeLong is BenchmarkLoadLong's file with a volume
// column read in the price pass (LoadOptions.Volume), the cost a study
// pays when the data carries volume.
func BenchmarkLoadVolumeLong(b *testing.B) {
	const nsym, ndays = 500, 2000
	path := filepath.Join(b.TempDir(), "long.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	fmt.Fprintln(w, "symbol,date,close,volume")
	start := dates.DayOf(1990, 1, 2)
	for s := 0; s < nsym; s++ {
		for d := 0; d < ndays; d++ {
			fmt.Fprintf(w, "SYM%04d,%s,%.6f,%d\n", s, start+dates.Day(d), 50*(1+0.02*rng.NormFloat64()), rng.IntN(5_000_000))
		}
	}
	w.Flush()
	f.Close()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Load(path, LoadOptions{Volume: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzLoadVolume: no input makes the volume pass panic; what it reads is
// sorted and never negative.
func FuzzLoadVolume(f *testing.F) {
	f.Add("Date,Close,Volume\n2021-08-16,1,5\n2021-08-13,1,\n", false)
	f.Add("symbol,date,close,volume\nA,2021-08-16,1,\"1,234\"\nB,08/16/2021,1,-1\n", false)
	f.Add("date,A,B\n2021-08-16,1,x\n16.08.2021,,3\n", true)
	f.Fuzz(func(t *testing.T, body string, wide bool) {
		p := writeFile(t, t.TempDir(), "v.csv", body)
		v, _, err := LoadVolume(p, dates.DateAuto, nil, wide)
		if err != nil {
			return
		}
		for sym, s := range v {
			for i := range s.Dates {
				if i > 0 && s.Dates[i] < s.Dates[i-1] || s.Vol[i] < 0 {
					t.Fatalf("%s: unsorted or negative at %d", sym, i)
				}
			}
		}
	})
}
