package prices

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// inBuffer returns s as the start of a buffer whose other slack bytes
// are digits, so a parser that read past len(s) (into what, in a loaded
// file, is the next line) would see more digits.
func inBuffer(s string, slack int) []byte {
	buf := make([]byte, len(s)+slack)
	for i := range buf {
		buf[i] = '0' + byte(i%10)
	}
	copy(buf, s)
	return buf[:len(s)]
}

// sameDecimal fails t unless parseDecimal agrees with parseDecimalChecked
// on b: the same ok and the same bits of v.
func sameDecimal(t *testing.T, b []byte) {
	t.Helper()
	v, ok := parseDecimal(b)
	w, wok := parseDecimalChecked(exactCap(b))
	if ok != wok || math.Float64bits(v) != math.Float64bits(w) {
		t.Fatalf("parseDecimal(%q) = %v %v (%#x), parseDecimalChecked %v %v (%#x)",
			b, v, ok, math.Float64bits(v), w, wok, math.Float64bits(w))
	}
}

// exactCap copies b into a slice without spare capacity.
func exactCap(b []byte) []byte { return append([]byte(nil), b...)[:len(b):len(b)] }

// TestParseDecimalEdges: parseDecimal accepts what parseDecimalChecked
// accepts, with the same bits, on the edges of its loops: the 19-byte
// limit on which it relies for m not to wrap, 2^53, signs and zeros,
// misplaced points and foreign bytes, and 22 and 23 digits after the
// point (the exact powers of ten).
func TestParseDecimalEdges(t *testing.T) {
	cases := []struct {
		in string
		ok bool
	}{
		{"", false}, {"-", false}, {".", false}, {"-.", false}, {"--1", false}, {"-+1", false},
		{"1.", true}, {".5", true}, {"-.5", true}, {"-5.", true}, {"0", true}, {"-0", true},
		{"-0.0", true}, {"0.000", true}, {"007", true}, {"-007.50", true}, {"00.0", true},
		{"1.2.3", false}, {"1..2", false}, {"..", false}, {"12a", false}, {"a12", false},
		{"+1", false}, {"+1.5", false}, {" 1", false}, {"1 ", false}, {"1 .5", false},
		{"1e5", false}, {"1E5", false}, {"1,5", false}, {"0x1p3", false}, {"inf", false}, {"NaN", false},
		{"1.5\r", false}, {"1.5\n", false}, {"1.5-", false}, {"1-5", false}, {"\xff1", false}, {"1\x00", false},
		{"123456789012345", true}, {"1234567890123456", true}, {"12345678901234567", false},
		{"1.23456789012345", true}, {"123456789.0123456", true}, {"1234567890.1234567", false},
		{"9007199254740991", true}, {"9007199254740992", false}, {"-9007199254740991", true},
		{"-9007199254740992", false}, {"900719925474099.1", true}, {"900719925474099.2", false},
		{"0.9007199254740991", true}, {".9007199254740992", false},
		{"9999999999999999999", false},   // 19 digits, the most that cannot wrap
		{"0009007199254740991", true},    // 19 bytes: the fast loops
		{"0009007199254740992", false},   // 19 bytes, 2^53
		{"00009007199254740991", true},   // 20 bytes: parseDecimalChecked
		{"18446744073709551617", false},  // 2^64+1: would wrap to 1
		{"184467440737095516.17", false}, // the same with a point
		{"-000000000000000001", true}, {"0.00000000000000001", true}, {"0.000000000000000001", true},
		{"0.0000000000000000000001", true}, {"0.00000000000000000000001", false}, // 22 and 23 after the point
		{"-0.0000000000000000000000", true}, {"-0.00000000000000000000000", false},
		{strings.Repeat("0", 40) + "1.5", true}, {strings.Repeat("0", 40) + "1e5", false},
	}
	for _, c := range cases {
		for _, slack := range []int{0, 1, 7, 8, 15, 16, 32} {
			b := inBuffer(c.in, slack)
			v, ok := parseDecimal(b)
			if ok != c.ok {
				t.Errorf("parseDecimal(%q) ok=%v, want %v", c.in, ok, c.ok)
				break
			}
			sameDecimal(t, b)
			if ok {
				if want, err := strconv.ParseFloat(c.in, 64); err != nil || math.Float64bits(v) != math.Float64bits(want) {
					t.Errorf("parseDecimal(%q) = %v, ParseFloat %v %v", c.in, v, want, err)
				}
			}
		}
	}
	// a cell at the very end of its buffer's capacity
	for _, s := range []string{"5", "95.854039", "-0.028", "1234567.12345678", "0009007199254740991"} {
		sameDecimal(t, []byte(s)[:len(s):len(s)])
	}
}

// FuzzParseDecimalChecked: parseDecimal returns what parseDecimalChecked
// returns (ok and the bits of v) for any bytes, with digits after the
// cell up to its capacity, as the next line follows a cell in the
// scanner's block.
func FuzzParseDecimalChecked(f *testing.F) {
	for _, s := range []string{"139.562302", "-0", "-0.0", ".5", "5.", "9007199254740991", "0009007199254740992",
		"18446744073709551617", "1e5", "0.0000000000000000000001", "1.2.3", "+1", "-", "."} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(9))
	}
	f.Fuzz(func(t *testing.T, s string, slack uint8) {
		sameDecimal(t, inBuffer(s, int(slack%33)))
	})
}

// benchValues are cells as the loader sees them: values of a seeded price
// walk like writeLongFile's (so the digits before the point vary as in a
// real file) and a few fixed ones, each a sub-slice of one buffer with
// the rest of the buffer after it, as a line is of the scanner's block.
func benchValues() [][]byte {
	rng := rand.New(rand.NewPCG(5, 6))
	cells := []string{"95.854039", "1234.5", "0.123456", "-0.028", "139.56"}
	p := 50.0
	for len(cells) < 1<<16 {
		if len(cells)%2000 == 0 {
			p = 50
		}
		p *= 1 + 0.02*rng.NormFloat64()
		if p <= 0.01 {
			p = 0.01
		}
		cells = append(cells, strconv.FormatFloat(p, 'f', 6, 64))
	}
	var buf []byte
	var bounds [][2]int
	for _, c := range cells {
		bounds = append(bounds, [2]int{len(buf), len(buf) + len(c)})
		buf = append(buf, c...)
		buf = append(buf, '\n')
	}
	out := make([][]byte, len(bounds))
	for i, b := range bounds {
		out[i] = buf[b[0]:b[1]]
	}
	return out
}

func benchParse(b *testing.B, parse func([]byte) (float64, bool)) {
	vals := benchValues()
	out := make([]float64, len(vals))
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	b.ResetTimer()
	for b.Loop() {
		for i, v := range vals {
			x, ok := parse(v)
			if !ok {
				b.Fatalf("%q declined", v)
			}
			out[i] = x
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(vals)), "ns/value")
	// CPU time, as in BenchmarkLoadLong: steadier than wall time on a
	// shared machine.
	cpu := time.Duration(ru1.Utime.Nano() - ru0.Utime.Nano() + ru1.Stime.Nano() - ru0.Stime.Nano())
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(len(vals)), "cpu-ns/value")
}

// BenchmarkParseDecimal parses 65536 price cells (like BenchmarkLoadLong's).
func BenchmarkParseDecimal(b *testing.B) { benchParse(b, parseDecimal) }

// BenchmarkParseDecimalChecked is BenchmarkParseDecimal with the
// reference loop, for comparison.
func BenchmarkParseDecimalChecked(b *testing.B) { benchParse(b, parseDecimalChecked) }
