package prices

import (
	"github.com/breachlab/eventstudy/dates"
	"math"
	"strconv"
	"strings"
	"testing"
)

// dateLayouts are the layouts formatDate writes, with the format that
// reads each.
var dateLayouts = []struct {
	name string
	f    dates.DateFormat
}{
	{"M/D/YYYY", dates.DateUS}, {"D/M/YYYY", dates.DateEU}, {"D.M.YYYY", dates.DateAuto}, {"MM-DD-YYYY", dates.DateUS},
	{"YYYY/M/D", dates.DateAuto}, {"pandas", dates.DateAuto}, {"isoZ", dates.DateAuto}, {"isoMillis", dates.DateAuto},
	{"excel-time", dates.DateUS}, {"Mon D, YYYY", dates.DateAuto}, {"Month D, YYYY", dates.DateEU}, {"Mon D YYYY", dates.DateAuto},
	{"D Mon YYYY", dates.DateAuto}, {"D-Mon-YYYY", dates.DateUS}, {"stata", dates.DateAuto}, {"excel", dates.DateExcel}, {"excel.0", dates.DateExcel},
}

// FuzzDateLayouts: a day formatted in any layout parses back to itself
// (years 1000-9999; Excel serials in their 1950-2100 range), and arbitrary
// bytes under any format never panic and either fail with an error that
// quotes them or give a real date that round-trips through ISO and that
// dates.DescribeDate names.
func FuzzDateLayouts(f *testing.F) {
	for _, s := range []string{"8/16/2021", "2021-08-16 00:00:00-04:00", "Aug 16, 2021", "16aug2021", "44424", "Sept 1, 2021",
		"8/16/2021 12:00:00 AM", "2021-08-15T22:00:00Z", "16-Aug-21", "", "1/1/1", "9 9 9 9 9 9"} {
		f.Add([]byte(s), int32(18855), uint8(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, n int32, li uint8) {
		formats := append(fuzzFormats, dates.DateExcel)
		format := formats[int(li)%len(formats)]
		if d, err := dates.ParseDate(b, format); err != nil {
			if !strings.Contains(err.Error(), strconv.Quote(string(b))) {
				t.Fatalf("error %q does not quote %q", err, b)
			}
		} else {
			back, err := dates.ParseDate([]byte(d.String()), dates.DateISO)
			if err != nil || back != d {
				t.Fatalf("%q -> %s -> %v %v", b, d, back, err)
			}
			if dates.DescribeDate(b, format) == "" {
				t.Fatalf("%q: no description", b)
			}
		}
		L := dateLayouts[int(li)%len(dateLayouts)]
		lo, hi := dates.DayOf(1000, 1, 1), dates.DayOf(9999, 12, 31)
		if strings.HasPrefix(L.name, "excel") {
			lo, hi = dates.ExcelEpoch+dates.Day(dates.ExcelMinSerial), dates.ExcelEpoch+dates.Day(dates.ExcelMaxSerial)
		}
		d := lo + dates.Day(int64(uint32(n))%int64(hi-lo+1))
		s := formatDate(d, L.name)
		got, err := dates.ParseDate([]byte(s), L.f)
		if err != nil || got != d {
			t.Fatalf("%s as %s = %q -> %s, %v", d, L.name, s, got, err)
		}
	})
}

// formatVendor writes v (a decimal string with at most one point) in a
// vendor style: thousands separators, currency, decimal comma.
func formatVendor(v string, style uint8) (string, Decimal) {
	neg := strings.HasPrefix(v, "-")
	v = strings.TrimPrefix(v, "-")
	ip, fp, hasFrac := strings.Cut(v, ".")
	sign := ""
	if neg {
		sign = "-"
	}
	switch style % 5 {
	case 0:
		s := groupDigits(ip, ",")
		if hasFrac {
			s += "." + fp
		}
		return sign + "$" + s, DecimalPoint
	case 1:
		s := groupDigits(ip, ".")
		if hasFrac {
			s += "," + fp
		}
		return sign + s, DecimalComma
	case 2:
		s := groupDigits(ip, "\u202f")
		if hasFrac {
			s += "," + fp
		}
		return sign + s + " €", DecimalComma
	case 3:
		s := groupDigits(ip, " ")
		if hasFrac {
			s += "." + fp
		}
		return sign + s, DecimalPoint
	}
	s := groupDigits(ip, ",")
	if hasFrac {
		s += "." + fp
	}
	return sign + s, DecimalPoint
}

// FuzzVendorNumber: a number written in a vendor style parses back to
// ParseFloat's value bit for bit under its convention, and under
// DecimalAuto to the same value or an error (never another number);
// arbitrary bytes under any convention never panic, and what is accepted
// is finite.
func FuzzVendorNumber(f *testing.F) {
	for _, s := range []string{"$1,234.56", "1.234,56", "1 234,56", "1.2M", "1,234", "-0.5", "", "\u2212", "1\u00a0"} {
		f.Add([]byte(s), uint64(123456789), uint8(3), uint8(0))
	}
	f.Fuzz(func(t *testing.T, b []byte, m uint64, k, style uint8) {
		for _, dec := range []Decimal{DecimalAuto, DecimalPoint, DecimalComma} {
			v, st := parseValueIn(b, dec)
			if st == valueOK && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("%q (%s) accepted as %v", b, dec, v)
			}
			if st != valueOK && !math.IsNaN(v) {
				t.Fatalf("%q (%s): status %d with value %v", b, dec, st, v)
			}
		}
		// a number of up to 15 significant digits, k of them decimals
		digits := strconv.FormatUint(m%1_000_000_000_000_000, 10)
		kk := int(k) % (len(digits) + 1)
		plain := digits
		if kk > 0 {
			plain = strings.Repeat("0", max(0, kk+1-len(digits))) + digits
			plain = plain[:len(plain)-kk] + "." + plain[len(plain)-kk:]
		}
		if style&0x80 != 0 {
			plain = "-" + plain
		}
		want, err := strconv.ParseFloat(plain, 64)
		if err != nil {
			t.Fatal(err)
		}
		s, dec := formatVendor(plain, style)
		got, st := parseValueIn([]byte(s), dec)
		if st != valueOK || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%q (%s) = %v %d, want %v (from %s)", s, dec, got, st, want, plain)
		}
		if a, st := parseValueIn([]byte(s), DecimalAuto); st == valueOK && math.Float64bits(a) != math.Float64bits(want) {
			t.Fatalf("%q (auto) = %v, want %v or an error", s, a, want)
		}
	})
}
