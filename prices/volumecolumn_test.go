package prices

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

// TestVolumeColumn checks the volume the price pass reads
// (LoadOptions.Volume) against LoadVolume, the separate sequential pass,
// date by date, for every layout with a volume column; the file is also
// cut into chunks at (nearly) every line (loadCut) and read with and
// without quickRow.
func TestVolumeColumn(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"yahoo", "Date,Open,High,Low,Close,Adj Close,Volume\n2021-08-13,1,1,1,1,1.5,10\n2021-08-16,1,1,1,1,1.6,0\n2021-08-17,1,1,1,1,1.7,\n2021-08-18,1,1,1,1,1.8,123456789\n"},
		{"long quick", "symbol,date,close,volume\nA,2021-08-16,1,5\nA,2021-08-17,1.5,\nA,2021-08-18,2,7.5\r\nB,2021-08-16,3,70\nB,2021-08-17,,71\nB,2021-08-18,4,null\n"},
		{"long tidyquant", "symbol,date,open,high,low,close,volume,adjusted\nA,2021-08-16,1,1,1,1,500,1.1\nA,2021-08-17,1,1,1,1,,1.2\nB,2021-08-16,2,2,2,2,9,2.2\n"},
		{"long unsorted", "symbol,date,close,volume\nA,2021-08-18,1,3\nA,2021-08-16,1,1\nB,2021-08-16,2,20\nA,2021-08-17,1,2\n"},
		{"long blanks and quotes", "symbol,date,close,volume\nA,2021-08-16,1, 5\n\"A\",2021-08-17,1,\"6\"\nA,2021-08-18,1,7 \n"},
		{"semicolon", "symbol;date;close;volume\nA;2021-08-16;1.5;5\nA;2021-08-17;1.25;6\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "P.csv", tc.body)
			want, _, err := LoadVolume(path, dates.DateAuto, nil, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, quick := range []bool{false, true} {
				quickRows = quick
				p, err := loadCut(t, path, LoadOptions{Volume: true})
				quickRows = true
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Series) != len(want) {
					t.Fatalf("%d series with volume, LoadVolume has %d", len(p.Series), len(want))
				}
				for sym, s := range p.Series {
					if len(s.Volume) != len(s.Dates) {
						t.Fatalf("%s: %d volumes for %d dates", sym, len(s.Volume), len(s.Dates))
					}
					for i, d := range s.Dates {
						w, ok := want[sym].On(d)
						if got := s.Volume[i]; ok != !math.IsNaN(got) || ok && got != w {
							t.Errorf("%s %s: volume %v, LoadVolume %v (%v)", sym, d, got, w, ok)
						}
					}
				}
				if p0, _ := Load(path, LoadOptions{}); p0.Series[p.Symbols()[0]].Volume != nil {
					t.Error("volume read without LoadOptions.Volume")
				}
			}
		})
	}
}

// TestVolumeColumnProblems: a negative volume is an error at its line and
// column; a cell that is not a number leaves the file without volume and
// a note, its prices read; a long file without a volume column has none.
func TestVolumeColumnProblems(t *testing.T) {
	dir := t.TempDir()
	neg := writeFile(t, dir, "neg.csv", "symbol,date,close,volume\nA,2021-08-16,1,5\nA,2021-08-17,1,-3\n")
	if _, err := Load(neg, LoadOptions{Volume: true}); err == nil || !strings.Contains(err.Error(), "neg.csv:3:16: volume -3 is negative") {
		t.Errorf("negative volume: %v", err)
	}
	if _, err := Load(neg, LoadOptions{}); err != nil {
		t.Errorf("negative volume without LoadOptions.Volume: %v", err)
	}
	bad := writeFile(t, dir, "bad.csv", "symbol,date,close,volume\nA,2021-08-16,1,5\nB,2021-08-16,2,x\nB,2021-08-17,3,4\n")
	p, err := loadCut(t, bad, LoadOptions{Volume: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Series["A"].Volume != nil || p.Series["B"].Volume != nil || p.Series["B"].Values[1] != 3 {
		t.Errorf("unreadable volume: A %v, B %v %v", p.Series["A"].Volume, p.Series["B"].Volume, p.Series["B"].Values)
	}
	if len(p.VolumeNotes) != 1 || !strings.Contains(p.VolumeNotes[0], `bad.csv: volume not read: line 3: volume "x" is not a number`) {
		t.Errorf("notes %q", p.VolumeNotes)
	}
	plain := writeFile(t, dir, "plain.csv", "symbol,date,close\nA,2021-08-16,1\n")
	if p, err := Load(plain, LoadOptions{Volume: true}); err != nil || p.Series["A"].Volume != nil {
		t.Errorf("no volume column: %v", err)
	}
}

// TestVolumeColumnKeep: with Keep only the kept rows' volumes are stored,
// each beside its date, as LoadVolume reads them.
func TestVolumeColumnKeep(t *testing.T) {
	var b strings.Builder
	b.WriteString("symbol,date,close,volume\n")
	first := dates.DayOf(2021, 1, 4)
	var cal []dates.Day
	for i := range 40 {
		cal = append(cal, first+dates.Day(i))
	}
	for _, sym := range []string{"A", "B"} {
		for i, d := range cal {
			fmt.Fprintf(&b, "%s,%s,%d,%d\n", sym, d, 10+i, 1000*i+len(sym))
		}
	}
	path := filepath.Join(t.TempDir(), "keep.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	keep := map[string][]DayRange{"A": {{cal[3], cal[7]}, {cal[20], cal[22]}}}
	p, err := loadCut(t, path, LoadOptions{Volume: true, Keep: keep, KeepCalendar: cal})
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := LoadVolume(path, dates.DateAuto, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if a := p.Series["A"]; len(a.Dates) != 8 || len(a.Volume) != 8 {
		t.Fatalf("A kept %d dates, %d volumes, want 8", len(a.Dates), len(a.Volume))
	}
	for _, sym := range []string{"A", "B"} {
		s := p.Series[sym]
		for i, d := range s.Dates {
			if w, _ := want[sym].On(d); s.Volume[i] != w {
				t.Errorf("%s %s: %v, want %v", sym, d, s.Volume[i], w)
			}
		}
	}
}

// FuzzVolumeColumn: the quick and the general path, in one chunk or cut
// at every line, read the same volumes (panelText) and never a negative
// one, one beside each date.
func FuzzVolumeColumn(f *testing.F) {
	for _, s := range []string{
		"A,2021-01-04,1,5\nA,2021-01-05,2.5,\nA,2021-01-06,3,-1\nA,2021-02-01,4,x\n",
		"A,2021-01-04,1,5,6\nA,2021-01-05,85, 3\nA,2021-01-06, 7,1e3\nA,2021-01-07,,0\r\n",
		"\"A,B\",2021-01-04,1,1\nB,2021-01-04,2,\"2\"\nA,2021-01-04,3,99999999999999999999\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "F.csv")
		if err := os.WriteFile(path, append([]byte("symbol,date,close,volume\n"), data...), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := LoadOptions{Volume: true}
		quickRows = false
		want := panelText(Load(path, opt))
		quickRows = true
		withChunks(0, func() {
			if got := panelText(Load(path, opt)); got != want {
				t.Fatalf("fast path:\n%s\ngeneral path:\n%s", got, want)
			}
		})
		p, err := loadCut(t, path, opt)
		if err != nil {
			return
		}
		for sym, s := range p.Series {
			if s.Volume != nil && len(s.Volume) != len(s.Dates) {
				t.Fatalf("%s: %d volumes, %d dates", sym, len(s.Volume), len(s.Dates))
			}
			for _, v := range s.Volume {
				if v < 0 {
					t.Fatalf("%s: negative volume %v", sym, v)
				}
			}
		}
	})
}
