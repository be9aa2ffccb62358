package dates

import "testing"

var fuzzFormats = []DateFormat{DateAuto, DateISO, DateCompact, DateUS, DateEU}

// FuzzParseDate: arbitrary bytes under any format never panic; an error
// says something, and a parsed date is a real calendar date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2021-08-16", "20210816", "08/16/2021", "16.08.2021", "16/08/2021", "2021/02/29", "0000-00-00", "9999-12-31", "2021-8-16", ""} {
		for i := range fuzzFormats {
			f.Add([]byte(s), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, fi uint8) {
		d, err := ParseDate(b, fuzzFormats[int(fi)%len(fuzzFormats)])
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		// a parsed date is a real calendar date and round-trips through ISO
		back, err := ParseDate([]byte(d.String()), DateISO)
		if err != nil || back != d {
			t.Fatalf("%q -> %s -> %v %v", b, d, back, err)
		}
	})
}
