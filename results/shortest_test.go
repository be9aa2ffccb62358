package results

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// shortestEdges are the values at the layouts' borders and the IEEE
// special cases (appendShortest's callers handle NaN and ±Inf; strconv
// still agrees on them).
var shortestEdges = []float64{
	0, math.Copysign(0, -1), 1, -1, 0.5, 1e-4, 9.999999999999999e-05, 1e-5, 0.0001000001,
	123456, 999999, 999999.9999999999, 1e6, -1e6, 1234567, 1e21, 1e22, 1e100, 1e-100, 1e300,
	math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
	2.2250738585072014e-308, 2.225073858507201e-308, 5e-324, 1e-320, 4.9406564584124654e-324,
	0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 100, 1000, 10000, 100000, 12345.678, 0.00012345,
	0.0026463237257494665, -0.00045230435492369346, 246, 0.15516003775572726, 1 << 53, 1<<53 + 1,
	float64(1 << 63), 9007199254740993, 1.7976931348623157e308, 4.940656458412e-324,
	math.NaN(), math.Inf(1), math.Inf(-1),
}

func checkShortest(t *testing.T, f float64) {
	t.Helper()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return
	}
	want := strconv.FormatFloat(f, 'g', -1, 64)
	if got := string(appendShortest([]byte("x"), f)); got != "x"+want {
		t.Fatalf("appendShortest(%b) = %q, want %q", f, got, "x"+want)
	}
}

func TestAppendShortest(t *testing.T) {
	for _, f := range shortestEdges {
		checkShortest(t, f)
		checkShortest(t, -f)
		checkShortest(t, math.Nextafter(f, math.Inf(1)))
		checkShortest(t, math.Nextafter(f, math.Inf(-1)))
	}
	// Every power of ten and its neighbours, every decimal exponent's
	// layout.
	for e := -325; e <= 309; e++ {
		f, _ := strconv.ParseFloat("1e"+strconv.Itoa(e), 64)
		for _, g := range []float64{f, math.Nextafter(f, 0), math.Nextafter(f, math.Inf(1)), f * 1.5, f * 9.87654321} {
			checkShortest(t, g)
			checkShortest(t, -g)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1_000_000 {
		checkShortest(t, math.Float64frombits(r.Uint64())) // any bit pattern
		checkShortest(t, r.NormFloat64()*math.Pow(10, float64(r.IntN(16)-8)))
		checkShortest(t, float64(r.IntN(2_000_000))/float64(1+r.IntN(1000))) // short decimals, ranks
	}
}

func FuzzAppendShortest(f *testing.F) {
	for _, x := range shortestEdges {
		f.Add(math.Float64bits(x))
	}
	f.Fuzz(func(t *testing.T, bits uint64) { checkShortest(t, math.Float64frombits(bits)) })
}

var benchFloats = func() []float64 {
	r := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 4096)
	for i := range v {
		switch i % 4 {
		case 0:
			v[i] = r.NormFloat64() * 0.02 // returns, ARs
		case 1:
			v[i] = r.NormFloat64() // SARs, t
		case 2:
			v[i] = r.Float64() // p-values
		default:
			v[i] = float64(r.IntN(250)) / 249 // rank p-values
		}
	}
	return v
}()

func BenchmarkShortest(b *testing.B) {
	b.Run("strconv", func(b *testing.B) {
		buf := make([]byte, 0, 64)
		for i := range b.N {
			buf = strconv.AppendFloat(buf[:0], benchFloats[i%len(benchFloats)], 'g', -1, 64)
		}
	})
	b.Run("appendShortest", func(b *testing.B) {
		buf := make([]byte, 0, 64)
		for i := range b.N {
			buf = appendShortest(buf[:0], benchFloats[i%len(benchFloats)])
		}
	})
}
