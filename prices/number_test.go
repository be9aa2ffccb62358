package prices

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestParseValueVendor: vendor number forms under each convention; want
// is the plain decimal ParseFloat must give bit for bit, "missing", or
// "bad".
func TestParseValueVendor(t *testing.T) {
	cases := []struct {
		in   string
		dec  Decimal
		want string
	}{
		{"139.56", DecimalAuto, "139.56"},
		{"139.56", DecimalPoint, "139.56"},
		{"139.56", DecimalComma, "bad"}, // grouping of 2 digits
		{"1.234", DecimalComma, "1234"},
		{"1.234", DecimalAuto, "1.234"},
		{"$1,234.56", DecimalAuto, "1234.56"},
		{"$1,234.56", DecimalPoint, "1234.56"},
		{"-$1,234.56", DecimalAuto, "-1234.56"},
		{"$-1,234.56", DecimalAuto, "-1234.56"},
		{"1,234.56", DecimalAuto, "1234.56"},
		{"1,234,567", DecimalAuto, "1234567"},
		{"1.234,56", DecimalAuto, "1234.56"},
		{"1.234,56", DecimalComma, "1234.56"},
		{"1.234,56", DecimalPoint, "bad"},
		{"1.234.567", DecimalAuto, "1234567"},
		{"139,56", DecimalAuto, "139.56"},
		{"139,56", DecimalComma, "139.56"},
		{"139,56", DecimalPoint, "bad"},
		{"132,580002", DecimalAuto, "132.580002"},
		{"1 234,56", DecimalComma, "1234.56"},
		{"1\u00a0234,56", DecimalComma, "1234.56"},
		{"1\u202f234,56", DecimalComma, "1234.56"},
		{"1 234.56", DecimalPoint, "1234.56"},
		{"1.234,56 €", DecimalComma, "1234.56"},
		{"€1,234.56", DecimalPoint, "1234.56"},
		{"\u2212139.56", DecimalAuto, "-139.56"},
		{"1,234", DecimalAuto, "bad"}, // ambiguous
		{"1,234", DecimalPoint, "1234"},
		{"1,234", DecimalComma, "1.234"},
		{"1.2M", DecimalAuto, "1200000"},
		{"1,2M", DecimalComma, "1200000"},
		{"3.4K", DecimalAuto, "3400"},
		{"345.67k", DecimalAuto, "345670"},
		{"5B", DecimalAuto, "5000000000"},
		{"-0.25M", DecimalAuto, "-250000"},
		{"M", DecimalAuto, "bad"},
		{"1.2X", DecimalAuto, "bad"},
		{"12,34,567", DecimalAuto, "bad"}, // Indian lakh grouping is not read
		{"1,2345.6", DecimalAuto, "bad"},
		{",123", DecimalPoint, "bad"},
		{"12O.5", DecimalAuto, "bad"},
		{"abc", DecimalAuto, "bad"},
		{"$", DecimalAuto, "bad"},
		{"", DecimalAuto, "missing"},
		{"null", DecimalAuto, "missing"},
		{"N/A", DecimalComma, "missing"},
		{"#N/A", DecimalPoint, "missing"},
		{"#N/A N/A", DecimalPoint, "missing"}, // Bloomberg BDH: no value that day
		{"#n/a n/a", DecimalComma, "missing"},
		{"#N/A Requesting Data...", DecimalAuto, "bad"}, // a sheet saved before BDH filled it
		{"#N/A Invalid Security", DecimalAuto, "bad"},
		{"-", DecimalAuto, "missing"},
		{"NaN", DecimalComma, "missing"},
		{"-Inf", DecimalComma, "missing"},
		{"1e3", DecimalComma, "1000"},
	}
	for _, c := range cases {
		t.Run(c.in+"/"+string(c.dec), func(t *testing.T) {
			v, st := parseValueIn([]byte(c.in), c.dec)
			switch c.want {
			case "missing":
				if st != valueMissing || !math.IsNaN(v) {
					t.Fatalf("parseValueIn(%q, %q) = %v, %d; want missing", c.in, c.dec, v, st)
				}
			case "bad":
				if st != valueBad {
					t.Fatalf("parseValueIn(%q, %q) = %v, %d; want bad", c.in, c.dec, v, st)
				}
			default:
				w, err := strconv.ParseFloat(c.want, 64)
				if err != nil {
					t.Fatal(err)
				}
				if st != valueOK || math.Float64bits(v) != math.Float64bits(w) {
					t.Fatalf("parseValueIn(%q, %q) = %v, %d; want %v", c.in, c.dec, v, st, w)
				}
			}
		})
	}
}

func TestDetectDecimal(t *testing.T) {
	cases := []struct {
		name    string
		samples []string
		told    Decimal
		want    Decimal
		err     string
	}{
		{"plain points", []string{"4192300", "132.580002"}, DecimalAuto, DecimalPoint, ""},
		{"decimal commas", []string{"4192300", "132,580002"}, DecimalAuto, DecimalComma, ""},
		{"thousands dots and commas", []string{"1.234,56"}, DecimalAuto, DecimalComma, ""},
		{"thousands commas and points", []string{`$1,234.56`}, DecimalAuto, DecimalPoint, ""},
		{"several commas", []string{"1,234,567"}, DecimalAuto, DecimalPoint, ""},
		{"several points", []string{"1.234.567"}, DecimalAuto, DecimalComma, ""},
		{"ambiguous then proof", []string{"1,234", "139,56"}, DecimalAuto, DecimalComma, ""},
		{"ambiguous then point", []string{"1,234", "139.5"}, DecimalAuto, DecimalPoint, ""},
		{"only 1,234", []string{"1,234", "2,345", "null"}, DecimalAuto, "", `numbers like "1,234" could have a thousands comma or a decimal comma`},
		{"told", []string{"1,234"}, DecimalComma, DecimalComma, ""},
		// --decimal applies to every price file and settles ambiguous ones: a
		// file whose numbers prove the other mark (a Yahoo market file beside
		// European firm files) is read with it, as the flag could only fail.
		{"told comma, points proved", []string{"4192300", "132.580002"}, DecimalComma, DecimalPoint, ""},
		{"told point, commas proved", []string{"132,580002"}, DecimalPoint, DecimalComma, ""},
		{"told comma, contradiction", []string{"139.56", "139,56"}, DecimalComma, DecimalComma, ""},
		{"contradiction", []string{"139.56", "139,56"}, DecimalAuto, "", `numbers "139.56" (decimal point) and "139,56" (decimal comma) contradict`},
		{"integers and words", []string{"12", "NaN", "abc", "2021-08-16"}, DecimalAuto, DecimalAuto, ""},
		{"three decimals only", []string{"1.234", "5.678"}, DecimalAuto, DecimalAuto, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ss [][]byte
			for _, s := range c.samples {
				ss = append(ss, []byte(s))
			}
			ns, err := DetectDecimal(ss, c.told)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("DetectDecimal = %+v, %v; want error %q", ns, err, c.err)
				}
				return
			}
			if err != nil || ns.dec != c.want {
				t.Fatalf("DetectDecimal = %+v, %v; want %q", ns, err, c.want)
			}
		})
	}
}

// TestBadNumberHint: a refused cell's hint says what the file's convention
// expects, and names --decimal for an ambiguous one.
func TestBadNumberHint(t *testing.T) {
	cases := []struct {
		in   string
		dec  Decimal
		want string
	}{
		{"1,234", DecimalAuto, "--decimal"},
		{"139.56", DecimalComma, "decimal commas"},
		{"139,56", DecimalPoint, "decimal points"},
		{"abc", DecimalAuto, "such as 139.56"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			if h := numberHint([]byte(c.in), c.dec); !strings.Contains(h, c.want) {
				t.Errorf("numberHint(%q, %q) = %q, want %q in it", c.in, c.dec, h, c.want)
			}
		})
	}
}

// TestNumberHintBloomberg: a Bloomberg error cell other than "#N/A N/A"
// (a missing value) gets a hint about the sheet, not about decimals.
func TestNumberHintBloomberg(t *testing.T) {
	for _, tc := range []struct{ cell, want string }{
		{"#N/A Requesting Data...", "Bloomberg had not filled the sheet"},
		{"#N/A Invalid Security", "Bloomberg could not give this field"},
		{"#N/A Field Not Applicable", "Bloomberg could not give this field"},
		{"abc", "write a decimal number"},
	} {
		t.Run(tc.cell, func(t *testing.T) {
			if h := numberHint([]byte(tc.cell), DecimalPoint); !strings.Contains(h, tc.want) {
				t.Errorf("hint %q lacks %q", h, tc.want)
			}
		})
	}
}
