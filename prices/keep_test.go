package prices

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// longFromYahoo writes TMUS and GSPC (real Yahoo files) as one long file,
// with extra lines from edit (nil: none) and returns its path.
func longFromYahoo(t *testing.T, edit func(sym string, lines []string) []string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("symbol,date,adj_close\n")
	for _, sym := range []string{"TMUS", "GSPC"} {
		p, err := Load(filepath.Join("testdata", sym+".csv"), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Series[sym]
		var lines []string
		for i, d := range s.Dates {
			v := ""
			if !math.IsNaN(s.Values[i]) {
				v = fmt.Sprint(s.Values[i])
			}
			lines = append(lines, fmt.Sprintf("%s,%s,%s\n", sym, d, v))
		}
		if edit != nil {
			lines = edit(sym, lines)
		}
		b.WriteString(strings.Join(lines, ""))
	}
	path := filepath.Join(t.TempDir(), "long.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestLoadKeep: rows outside Keep are not stored, everything else (notes,
// counts, the aligned values inside the ranges) is as without Keep.
func TestLoadKeep(t *testing.T) {
	path := longFromYahoo(t, func(sym string, lines []string) []string {
		if sym == "TMUS" {
			// A Saturday row (off the calendar), an empty and a
			// non-positive price outside the ranges.
			for i := 100; ; i++ {
				d, err := dates.ParseDate([]byte(strings.Split(lines[i], ",")[1]), dates.DateISO)
				if err != nil {
					t.Fatal(err)
				}
				if d.Time().Weekday() == time.Friday {
					sat := fmt.Sprintf("TMUS,%s,20\n", dates.Day(int(d)+1))
					lines = append(lines[:i+1], append([]string{sat}, lines[i+1:]...)...)
					break
				}
			}
			f := strings.Split(strings.TrimSpace(lines[300]), ",")
			lines[300] = f[0] + "," + f[1] + ",\n"
			f = strings.Split(strings.TrimSpace(lines[400]), ",")
			lines[400] = f[0] + "," + f[1] + ",-1\n"
		}
		return lines
	})
	full, err := Load(path, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := MarketCalendar(full.Series["GSPC"])
	if err != nil {
		t.Fatal(err)
	}
	d0 := day(t, "2021-08-16")
	p0 := slices.Index(cal.Days, d0)
	ranges := [][2]int{{p0 - 261, p0 + 30}, {p0 + 500, p0 + 520}}
	var keep []DayRange
	for _, r := range ranges {
		// From the day before: the return on r[0] needs its price.
		keep = append(keep, DayRange{cal.Days[r[0]-1], cal.Days[r[1]]})
	}
	part, err := Load(path, LoadOptions{Keep: map[string][]DayRange{"TMUS": keep}, KeepCalendar: cal.Days})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(part.Notes, full.Notes) || len(full.Notes) == 0 {
		t.Errorf("notes differ:\nkeep %q\nfull %q", part.Notes, full.Notes)
	}
	f, k := full.Series["TMUS"], part.Series["TMUS"]
	want := 0
	for _, d := range f.Dates {
		for _, r := range keep {
			if d >= r.First && d <= r.Last {
				want++
			}
		}
	}
	if len(k.Dates) != want || k.Dropped != len(f.Dates)-want || k.DroppedOffCalendar != 1 {
		t.Errorf("kept %d rows (want %d), dropped %d (want %d), off calendar %d (want 1)", len(k.Dates), want, k.Dropped, len(f.Dates)-want, k.DroppedOffCalendar)
	}
	if g := part.Series["GSPC"]; len(g.Dates) != len(full.Series["GSPC"].Dates) {
		t.Errorf("GSPC has no ranges and must keep every row: %d of %d", len(g.Dates), len(full.Series["GSPC"].Dates))
	}
	af := f.Align(cal, Simple)
	if af.OffCalendar != 1 {
		t.Errorf("full OffCalendar %d, want 1", af.OffCalendar)
	}
	for _, r := range ranges {
		for _, kind := range []ReturnKind{Simple, Log} {
			a := k.AlignRange(cal, kind, r[0], r[1])
			b := f.Align(cal, kind)
			if a.Lo != r[0] || len(a.R) != r[1]-r[0]+1 || a.OffCalendar != 1 {
				t.Fatalf("range %v: Lo %d len %d off %d", r, a.Lo, len(a.R), a.OffCalendar)
			}
			for i := range a.R {
				pos := r[0] + i
				if !same(a.R[i], b.R[pos]) || !same(a.P[i], b.P[pos]) {
					t.Fatalf("range %v pos %d: R %v P %v, full R %v P %v", r, pos, a.R[i], a.P[i], b.R[pos], b.P[pos])
				}
			}
		}
	}
	for _, r := range [][2]int{{5, 4}, {cal.Len() + 3, cal.Len() + 9}, {-9, -3}} {
		if a := k.AlignRange(cal, Simple, r[0], r[1]); len(a.R) != 0 || len(a.P) != 0 {
			t.Errorf("empty range %v: R %v P %v", r, a.R, a.P)
		}
	}
	// Day 0: −2.905 %, docs/methodology.md's worked example.
	a := k.AlignRange(cal, Simple, ranges[0][0], ranges[0][1])
	if r := a.R[p0-a.Lo]; math.Abs(r-(tmus0816/tmus0813-1)) > 1e-12 {
		t.Errorf("TMUS 2021-08-16 return %v", r)
	}
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestLoadKeepUnsorted: a kept symbol out of date order is read again
// without Keep, so the sort note and the duplicate error are those of a
// full read.
func TestLoadKeepUnsorted(t *testing.T) {
	for _, dup := range []bool{false, true} {
		path := longFromYahoo(t, func(sym string, lines []string) []string {
			if sym != "TMUS" {
				return lines
			}
			if dup {
				return append(lines, lines[10])
			}
			lines[10], lines[11] = lines[11], lines[10]
			return lines
		})
		keep := map[string][]DayRange{"TMUS": {{day(t, "2021-01-04"), day(t, "2021-12-31")}}}
		full, errFull := Load(path, LoadOptions{})
		part, errPart := Load(path, LoadOptions{Keep: keep})
		if dup {
			if errFull == nil || errPart == nil || errFull.Error() != errPart.Error() || !strings.Contains(errPart.Error(), "duplicate date") {
				t.Errorf("duplicate: keep %v, full %v", errPart, errFull)
			}
			continue
		}
		if errFull != nil || errPart != nil {
			t.Fatal(errFull, errPart)
		}
		if !slices.Equal(part.Notes, full.Notes) || len(part.Series["TMUS"].Dates) != len(full.Series["TMUS"].Dates) {
			t.Errorf("unsorted: notes %q vs %q, rows %d vs %d", part.Notes, full.Notes, len(part.Series["TMUS"].Dates), len(full.Series["TMUS"].Dates))
		}
	}
}

// FuzzLoadKeep: on any input, a read with Keep fails exactly when the
// full read fails (same message), and otherwise gives the same notes and,
// per series, exactly the full read's rows inside the ranges (all rows for
// symbols without ranges), with the others counted in Dropped.
func FuzzLoadKeep(f *testing.F) {
	f.Add([]byte("A,2021-01-04,1\nA,2021-01-05,2\nB,2021-01-04,3\nA,2021-01-06,\nA,2021-01-09,-1\n"), uint8(0), uint8(4))
	f.Add([]byte("A,2021-01-05,1\nA,2021-01-04,2\n"), uint8(1), uint8(2))
	f.Add([]byte("A,2021-01-04,1\nA,2021-01-04,x\n"), uint8(0), uint8(9))
	dir := f.TempDir()
	base := dates.DayOf(2021, 1, 4)
	f.Fuzz(func(t *testing.T, data []byte, from, span uint8) {
		path := filepath.Join(dir, "K.csv")
		if err := os.WriteFile(path, append([]byte("symbol,date,close\n"), data...), 0o644); err != nil {
			t.Fatal(err)
		}
		keep := []DayRange{{base + dates.Day(from%16), base + dates.Day(from%16) + dates.Day(span%16)}}
		var cal []dates.Day
		for d := base - 5; d < base+40; d++ {
			if d.Time().Weekday() != time.Saturday && d.Time().Weekday() != time.Sunday {
				cal = append(cal, d)
			}
		}
		full, errFull := Load(path, LoadOptions{})
		part, errPart := Load(path, LoadOptions{Keep: map[string][]DayRange{"A": keep}, KeepCalendar: cal})
		if (errFull == nil) != (errPart == nil) || (errFull != nil && errFull.Error() != errPart.Error()) {
			t.Fatalf("full read: %v\nwith Keep: %v", errFull, errPart)
		}
		if errFull != nil {
			return
		}
		if !slices.Equal(full.Notes, part.Notes) {
			t.Fatalf("notes: full %q, with Keep %q", full.Notes, part.Notes)
		}
		for sym, fs := range full.Series {
			ps := part.Series[sym]
			var dates []dates.Day
			var vals []float64
			for i, d := range fs.Dates {
				if sym != "A" || (d >= keep[0].First && d <= keep[0].Last) {
					dates = append(dates, d)
					vals = append(vals, fs.Values[i])
				}
			}
			// A file out of date order is read again in full.
			if ps == nil || !(equalRows(ps, dates, vals) || (ps.Dropped == 0 && equalRows(ps, fs.Dates, fs.Values))) {
				t.Fatalf("%s: kept %v, want %v", sym, ps, dates)
			}
			if ps.Dropped != 0 && ps.Dropped != len(fs.Dates)-len(dates) {
				t.Fatalf("%s: dropped %d, want %d", sym, ps.Dropped, len(fs.Dates)-len(dates))
			}
		}
	})
}

func equalRows(s *Series, dates []dates.Day, vals []float64) bool {
	if !slices.Equal(s.Dates, dates) || len(s.Values) != len(vals) {
		return false
	}
	for i := range vals {
		if !same(s.Values[i], vals[i]) {
			return false
		}
	}
	return true
}
