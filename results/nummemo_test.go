package results

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestNumMemo pins numMemo.appendNum to appendNum: values that repeat
// (hits), that share a slot (collisions), NaN, infinities and zeros.
func TestNumMemo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var m numMemo
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1, -1,
		math.MaxFloat64, -math.SmallestNonzeroFloat64, 1e21, 1e-7, -1.2345678901234567e-308}
	var got, want []byte
	for i := range 200000 {
		var f float64
		switch rng.IntN(4) {
		case 0:
			f = special[rng.IntN(len(special))]
		case 1:
			f = float64(rng.IntN(250)) / float64(200+rng.IntN(60)) // k/M, repeating
		case 2:
			f = math.Float64frombits(rng.Uint64())
		default:
			f = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20))
		}
		got = m.appendNum(got[:0], Num(f))
		want = appendNum(want[:0], Num(f))
		if string(got) != string(want) {
			t.Fatalf("value %d (%v, bits %#x): %q, appendNum %q", i, f, math.Float64bits(f), got, want)
		}
	}
}
