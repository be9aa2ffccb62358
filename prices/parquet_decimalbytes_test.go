package prices

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// decimalOracle is a DECIMAL's text by big.Rat: the unscaled two's
// complement integer be over 10^scale, with scale digits after the point.
func decimalOracle(be []byte, scale int) string {
	n := new(big.Int).SetBytes(be)
	if len(be) > 0 && be[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(be))))
	}
	if scale <= 0 {
		return n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-scale)), nil)).String()
	}
	r := new(big.Rat).SetFrac(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
	return r.FloatString(scale)
}

// TestParquetDecimalBytes pins appendDecimalBytes to the oracle: fixed
// cases (pyarrow's 16-byte DECIMAL(38,18) of a price of 10, above int64)
// and random lengths, values and scales.
func TestParquetDecimalBytes(t *testing.T) {
	ten := new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil) // 10 at scale 18
	be := make([]byte, 16)
	ten.FillBytes(be)
	cases := []struct {
		be    []byte
		scale int
		want  string
	}{
		{be, 18, "10.000000000000000000"},
		{[]byte{0xff, 0xff, 0xcf, 0xc7}, 3, "-12.345"},
		{[]byte{0x05}, 4, "0.0005"},
		{[]byte{0xfb}, 4, "-0.0005"},
		{[]byte{0x0c}, -2, "1200"},
		{[]byte{0x80, 0, 0, 0, 0, 0, 0, 0}, 0, "-9223372036854775808"},
		{[]byte{0x00, 0x80, 0, 0, 0, 0, 0, 0, 0}, 1, "922337203685477580.8"},
		{[]byte{0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0, "-9223372036854775809"},
		{nil, 2, "empty-decimal"},
	}
	for _, c := range cases {
		if got := string(appendDecimalBytes(nil, c.be, c.scale)); got != c.want {
			t.Errorf("%x scale %d: %s, want %s", c.be, c.scale, got, c.want)
		}
		if len(c.be) > 0 {
			if o := decimalOracle(c.be, c.scale); o != c.want {
				t.Errorf("oracle %x scale %d: %s, want %s", c.be, c.scale, o, c.want)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, 1+r.IntN(17))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		scale := r.IntN(24) // the format allows 0 <= scale <= precision
		if got, want := string(appendDecimalBytes(nil, b, scale)), decimalOracle(b, scale); got != want {
			t.Fatalf("%x scale %d: %s, want %s", b, scale, got, want)
		}
	}
}

func FuzzParquetDecimalBytes(f *testing.F) {
	f.Add([]byte{0xff, 0xff, 0xcf, 0xc7}, 3)
	f.Add([]byte{0x00, 0x80, 0, 0, 0, 0, 0, 0, 0}, 18)
	f.Fuzz(func(t *testing.T, b []byte, scale int) {
		if len(b) == 0 || len(b) > 32 || scale < 0 || scale > 80 {
			return
		}
		if got, want := string(appendDecimalBytes(nil, b, scale)), decimalOracle(b, scale); got != want {
			t.Fatalf("%x scale %d: %s, want %s", b, scale, got, want)
		}
	})
}
