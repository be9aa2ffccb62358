package analysis

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzParseWindow: no panic; an accepted window is ordered and round-trips
// through String.
func FuzzParseWindow(f *testing.F) {
	for _, s := range []string{"-1,1", "0:5", "(-10,10)", "[0,0]", " 3 , 2", "1", "", "a,b", "-260,-11", "9999999999999999999,1", "(,)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWindow(s)
		if err != nil {
			return
		}
		if w.T1 > w.T2 || w.Len() < 1 {
			t.Fatalf("%q -> %v", s, w)
		}
		back, err := ParseWindow(w.String())
		if err != nil || back != w {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, w, w.String(), back, err)
		}
	})
}

// floatsFrom decodes b into float64s, 8 bytes each; byte patterns give NaN,
// ±Inf, huge and tiny values.
func floatsFrom(b []byte) []float64 {
	var out []float64
	for len(b) >= 8 {
		out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(b)))
		b = b[8:]
	}
	return out
}

// FuzzEstimate: Estimate, the CAR functions, and SingleEvent never
// panic on arbitrary (NaN-laden, short, extreme) input, and an ok estimate
// has finite σ², df > 2 and a valid AR.
func FuzzEstimate(f *testing.F) {
	enc := func(v []float64) []byte {
		b := make([]byte, 8*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		}
		return b
	}
	f.Add(enc(ex81R["A"]), enc(ex81Rm), uint8(0))
	f.Add(enc(ex81R["B"]), enc(ex81Rm[:7]), uint8(1))
	f.Add(enc([]float64{nan, math.Inf(1), 1e308, -1e308, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), enc(ex81Rm), uint8(2))
	f.Add([]byte{}, []byte{1, 2, 3}, uint8(5))
	f.Add(enc(ex81R["A"]), enc(ex81Rm), uint8(128))
	models := []Model{ModelMarket, ModelMean, ModelMarketAdjusted, ModelFF3, ModelCarhart, ModelFF5, ModelMarketSW, ModelMarketDimson, "x"}
	f.Fuzz(func(t *testing.T, rb, xb []byte, m uint8) {
		cfg := exampleConfig()
		cfg.Model = models[int(m)%len(models)]
		cfg.MinEst = 0
		x := floatsFrom(xb)
		in := &EventInput{ID: "fz", R: floatsFrom(rb), X: [][]float64{x, x, x, x, x}, RF: x}
		if m >= 128 { // trade-to-trade spans of 1, 2, 3 days, NaN every fifth
			in.Span = make([]float64, len(in.R))
			for i := range in.Span {
				in.Span[i] = float64(1 + i%3)
				if i%5 == 4 {
					in.Span[i] = nan
				}
			}
		}
		e, reason := Estimate(in, cfg)
		if e == nil {
			t.Fatal("nil estimate for non-nil input")
		}
		for _, w := range []Window{{0, 0}, {0, 2}, {-1, 1}, {2, 1}} {
			e.CAR(w)
			e.CARVariance(w, false)
			e.SCAR(w, true)
			e.BHAR(w, BenchmarkModel)
			SingleEvent(e, w, cfg)
		}
		if reason != "" {
			return
		}
		if e.Fit.DF <= 2 || !(e.Fit.Sigma2 >= 0) {
			t.Fatalf("ok estimate with df %d sigma2 %g", e.Fit.DF, e.Fit.Sigma2)
		}
		valid := 0
		for _, ar := range e.AR {
			if finite(ar) {
				valid++
			}
		}
		if valid == 0 {
			t.Fatal("ok estimate without a valid AR")
		}
	})
}
