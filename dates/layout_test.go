package dates

import (
	"strings"
	"testing"
)

// TestParseDateLayouts: every layout of layout.go, under the formats
// that read it, and the rejections with their reasons.
func TestParseDateLayouts(t *testing.T) {
	const aug16 = "2021-08-16"
	cases := []struct {
		name, in string
		f        DateFormat
		want     string // ISO date, or the error's reason
	}{
		{"unpadded mdy", "8/16/2021", DateUS, aug16},
		{"unpadded mdy Jan 3", "1/3/2000", DateUS, "2000-01-03"},
		{"unpadded dmy Jan 3", "1/3/2000", DateEU, "2000-03-01"},
		{"unpadded dmy", "16/8/2021", DateEU, aug16},
		{"unpadded dots", "16.8.2021", DateAuto, aug16},
		{"unpadded auto ambiguous", "1/3/2000", DateAuto, "day/month order is ambiguous; pass --date-format mdy (M/D/YYYY) or dmy (D/M/YYYY)"},
		{"dashed mdy", "08-16-2021", DateUS, aug16},
		{"year first unpadded", "2021/8/16", DateAuto, aug16},
		{"year first under mdy", "2021/8/16", DateUS, aug16},
		{"year first dashed unpadded", "2021-8-16", DateEU, aug16},
		{"two-digit year", "8/16/21", DateUS, "two-digit year"},
		{"two-digit year dots", "16.08.21", DateAuto, "two-digit year"},
		{"two-digit year month name", "16-Aug-21", DateAuto, "two-digit year"},
		{"pandas", "2021-08-16 00:00:00", DateAuto, aug16},
		{"yfinance history", "2021-08-16 00:00:00-04:00", DateAuto, aug16},
		{"yfinance under dmy", "2021-08-16 00:00:00-04:00", DateEU, aug16},
		{"offset hhmm", "2021-08-16 00:00:00+0200", DateAuto, aug16},
		{"offset hh", "2021-08-16 00:00:00+02", DateAuto, aug16},
		{"ISO Z", "2021-08-16T00:00:00Z", DateAuto, aug16},
		{"ISO millis", "2021-08-16T00:00:00.000", DateAuto, aug16},
		{"local close time", "2021-08-16 16:00:00", DateAuto, aug16},
		{"close at the offset", "2021-08-16T16:00:00-04:00", DateAuto, aug16},
		{"Excel date-time", "8/16/2021 0:00", DateUS, aug16},
		{"Excel AM", "8/16/2021 12:00:00 AM", DateUS, aug16},
		{"UTC evening", "2021-08-15T22:00:00Z", DateAuto, "a UTC time of day"},
		{"UTC offset zero", "2021-08-16 20:00:00+00:00", DateAuto, "a UTC time of day"},
		{"T after a slash date", "8/16/2021T00:00", DateUS, "not a date"},
		{"hour 24", "2021-08-16 24:00", DateAuto, "not a date"},
		{"trailing junk", "2021-08-16 x", DateAuto, "not a date"},
		{"13 PM", "8/16/2021 13:00 PM", DateUS, "not a date"},
		{"Mon D, YYYY", "Aug 16, 2021", DateAuto, aug16},
		{"Month D, YYYY", "August 16, 2021", DateAuto, aug16},
		{"Mon D, YYYY under dmy", "Aug 16, 2021", DateEU, aug16},
		{"D Mon YYYY", "16 Aug 2021", DateAuto, aug16},
		{"D-Mon-YYYY", "16-Aug-2021", DateAuto, aug16},
		{"Mon D YYYY", "Aug 16 2021", DateAuto, aug16},
		{"upper case", "AUG 16, 2021", DateAuto, aug16},
		{"Sept", "Sept 1, 2021", DateAuto, "2021-09-01"},
		{"May", "May 3, 2021", DateAuto, "2021-05-03"},
		{"Stata", "16aug2021", DateAuto, aug16},
		{"Stata padded", "01jan2021", DateAuto, "2021-01-01"},
		{"not a month", "16foo2021", DateAuto, "not a date"},
		{"full name in Stata form", "16august2021", DateAuto, "not a date"},
		{"Feb 30", "Feb 30, 2021", DateAuto, "no such calendar date"},
		{"13/13", "13/13/2021", DateUS, "no such calendar date"},
		{"13/13 dmy", "13/13/2021", DateEU, "no such calendar date"},
		{"Feb 29 leap", "2/29/2020", DateUS, "2020-02-29"},
		{"Feb 29 not leap", "2/29/2021", DateUS, "no such calendar date"},
		{"Excel serial", "44424", DateExcel, aug16},
		{"Excel serial .0", "44424.0", DateExcel, aug16},
		{"Excel serial auto", "44424", DateAuto, "not a date"},
		{"Excel serial too early", "10000", DateExcel, "not a date"},
		{"Excel serial fraction", "44424.5", DateExcel, "not a date"},
		{"Excel 1950-01-01", "18264", DateExcel, "1950-01-01"},
		{"ISO under excel", "2021-08-16", DateExcel, aug16},
		{"ISO still", "2021-08-16", DateUS, aug16},
		{"compact still", "20210816", DateEU, aug16},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := ParseDate([]byte(c.in), c.f)
			if len(c.want) == 10 && c.want[4] == '-' {
				if err != nil || d.String() != c.want {
					t.Fatalf("ParseDate(%q, %q) = %s, %v; want %s", c.in, c.f, d, err, c.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParseDate(%q, %q) = %s, %v; want an error with %q", c.in, c.f, d, err, c.want)
			}
			if !strings.Contains(err.Error(), `"`+c.in+`"`) {
				t.Errorf("error %q does not quote the cell", err)
			}
		})
	}
}

func TestDetectDateFormatLayouts(t *testing.T) {
	cases := []struct {
		name    string
		samples []string
		want    DateFormat
		err     string
	}{
		{"unpadded US proof", []string{"1/3/2000", "8/16/2021"}, DateUS, ""},
		{"unpadded EU proof", []string{"1/3/2000", "16/8/2021"}, DateEU, ""},
		{"dashed EU proof", []string{"01-03-2000", "16-08-2021"}, DateEU, ""},
		{"date-times US proof", []string{"8/2/2021 0:00", "8/16/2021 0:00"}, DateUS, ""},
		{"unpadded no proof", []string{"1/3/2000", "2/3/2000"}, "", `dates like "1/3/2000" could be M/D/YYYY or D/M/YYYY`},
		{"padded no proof (unchanged)", []string{"08/02/2021"}, "", `dates like "08/02/2021" could be MM/DD/YYYY or DD/MM/YYYY; pass --date-format mdy or dmy`},
		{"both proofs", []string{"16/8/2021", "8/16/2021"}, "", `dates "16/8/2021" (day first) and "8/16/2021" (month first) contradict`},
		{"Excel serials", []string{"44424", "44425.0", "44426"}, DateExcel, ""},
		{"serials and ISO", []string{"44424", "2021-08-17"}, DateAuto, ""},
		{"serial out of range", []string{"44424", "99999"}, DateAuto, ""},
		{"month names", []string{"Aug 16, 2021"}, DateAuto, ""},
		{"dots by convention", []string{"01.02.2021"}, DateAuto, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ss [][]byte
			for _, s := range c.samples {
				ss = append(ss, []byte(s))
			}
			f, err := DetectDateFormat(ss)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("DetectDateFormat = %q, %v; want error %q", f, err, c.err)
				}
				return
			}
			if err != nil || f != c.want {
				t.Fatalf("DetectDateFormat = %q, %v; want %q", f, err, c.want)
			}
		})
	}
}

func TestDescribeDate(t *testing.T) {
	cases := []struct {
		in   string
		f    DateFormat
		want string
	}{
		{"2021-08-16", DateAuto, "YYYY-MM-DD"},
		{"20210816", DateAuto, "YYYYMMDD"},
		{"08/16/2021", DateUS, "MM/DD/YYYY"},
		{"16/08/2021", DateEU, "DD/MM/YYYY"},
		{"16.08.2021", DateAuto, "DD.MM.YYYY"},
		{"8/1/2021", DateUS, "M/D/YYYY"},
		{"1/8/2021", DateEU, "D/M/YYYY"},
		{"2021/8/16", DateAuto, "YYYY/M/D"},
		{"2021-08-16 00:00:00-04:00", DateAuto, "YYYY-MM-DD hh:mm:ss±hh:mm (date part as written)"},
		{"Aug 16, 2021", DateAuto, "Mon D, YYYY"},
		{"16aug2021", DateAuto, "DDmonYYYY (Stata)"},
		{"44424", DateExcel, "Excel serial (1900 system)"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if got := DescribeDate([]byte(c.in), c.f); got != c.want {
				t.Errorf("DescribeDate(%q, %q) = %q, want %q", c.in, c.f, got, c.want)
			}
		})
	}
}

func TestSplitDateTime(t *testing.T) {
	cases := []struct {
		in, date, clock string
		midnight        bool
	}{
		{"2021-08-16", "2021-08-16", "", false},
		{"2021-08-16 00:00:00", "2021-08-16", "00:00:00", true},
		{"2021-08-16T00:00:00.000", "2021-08-16", "00:00:00.000", true},
		{"2021-08-16 00:00:00-04:00", "2021-08-16", "00:00:00-04:00", false},
		{"2021-08-16T00:00:00Z", "2021-08-16", "00:00:00Z", false},
		{"2021-08-16 17:27", "2021-08-16", "17:27", false},
		{"8/16/2021 12:00:00 AM", "8/16/2021", "12:00:00 AM", true},
		{"8/16/2021 12:00:00 PM", "8/16/2021", "12:00:00 PM", false},
		{"Aug 16, 2021", "Aug 16, 2021", "", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			d, clk := SplitDateTime([]byte(c.in))
			if string(d) != c.date || string(clk) != c.clock || (clk == nil) != (c.clock == "") {
				t.Fatalf("SplitDateTime(%q) = %q, %q; want %q, %q", c.in, d, clk, c.date, c.clock)
			}
			if clk != nil && IsMidnight(clk) != c.midnight {
				t.Errorf("IsMidnight(%q) = %v", clk, !c.midnight)
			}
		})
	}
}

// TestDescribedDate: a column is named by an unpadded sample when it has
// one (Excel's m/d/yyyy writes 10/23/2000 and 1/3/2000 alike).
func TestDescribedDate(t *testing.T) {
	cases := []struct {
		name    string
		samples []string
		f       DateFormat
		want    string
	}{
		{"padded first, unpadded later", []string{"10/23/2000", "11/1/2000"}, DateUS, "M/D/YYYY"},
		{"all padded", []string{"10/23/2000", "11/01/2000"}, DateUS, "MM/DD/YYYY"},
		{"dots", []string{"23.10.2000", "1.11.2000"}, DateAuto, "D.M.YYYY"},
		{"ISO", []string{"2000-10-23", "2000-11-01"}, DateAuto, "YYYY-MM-DD"},
		{"month names", []string{"Oct 23, 2000"}, DateAuto, "Mon D, YYYY"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ss [][]byte
			for _, s := range c.samples {
				ss = append(ss, []byte(s))
			}
			if got := DescribeDate(DescribedSample(ss, ss[0], c.f), c.f); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
