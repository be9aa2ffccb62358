package results

// The shortest decimal of a float64 by the Dragonbox algorithm (Junekey
// Jeon, "Dragonbox: A New Floating-Point Binary-to-Decimal Conversion
// Algorithm", 2020), ported from Go's internal/strconv (ftoadbox.go,
// math.go; Copyright 2025 The Go Authors, BSD-style license), which
// strconv.AppendFloat(f, 'g', -1, 64) runs. Here the digits go straight
// into the 'g' layout: strconv writes them into a decimal buffer and
// lays them out digit by digit, about half of its time on the CSVs'
// floats.

import (
	"math"
	"math/big"
	"math/bits"
	"sync"
)

type uint128 struct{ hi, lo uint64 }

// The powers of ten Dragonbox needs for float64, 10^k for k in
// [pow10Min, pow10Max]: the 128 bits below the leading one of 10^k,
// truncated (pow10Tab in strconv), made once with math/big.
const (
	pow10Min = -300
	pow10Max = 330
)

var (
	pow10Once sync.Once
	pow10Tab  [pow10Max - pow10Min + 1]uint128
)

// makePow10Tab fills pow10Tab: ⌊10^k · 2^(128−e)⌋, e = 1 + ⌊k·log₂10⌋
// (mulLog2_10), which has its top bit set.
func makePow10Tab() {
	ten, one := big.NewInt(10), big.NewInt(1)
	mask := new(big.Int).Sub(new(big.Int).Lsh(one, 64), one)
	for k := pow10Min; k <= pow10Max; k++ {
		s := 128 - (1 + mulLog2_10(k))
		var m *big.Int
		if k >= 0 {
			m = new(big.Int).Exp(ten, big.NewInt(int64(k)), nil)
			if s >= 0 {
				m.Lsh(m, uint(s))
			} else {
				m.Rsh(m, uint(-s))
			}
		} else {
			m = new(big.Int).Lsh(one, uint(s))
			m.Quo(m, new(big.Int).Exp(ten, big.NewInt(int64(-k)), nil))
		}
		if m.BitLen() != 128 {
			panic("results: power of ten table") // mulLog2_10 out of its range
		}
		lo := new(big.Int).And(m, mask).Uint64()
		pow10Tab[k-pow10Min] = uint128{m.Rsh(m, 64).Uint64(), lo}
	}
}

// mulLog10_2 is ⌊x·log₁₀2⌋ for |x| ≤ 1600.
func mulLog10_2(x int) int { return (x * 78913) >> 18 }

// mulLog2_10 is ⌊x·log₂10⌋ for |x| ≤ 500.
func mulLog2_10(x int) int { return (x * 108853) >> 15 }

// mulLog10_2MinusLog10_4Over3 is ⌊x·log₁₀2 − log₁₀(4/3)⌋.
func mulLog10_2MinusLog10_4Over3(e int) int { return (e*631305 - 261663) >> 21 }

// shortest is the shortest decimal d·10^q that reads back as the finite,
// nonzero float64 with mantissa mant and binary exponent exp (f =
// mant·2^exp; denorm for a subnormal): dboxFtoa64.
func shortest(mant uint64, exp int, denorm bool) (d uint64, q int) {
	const mantBits = 52
	if mant == 1<<mantBits && !denorm {
		// Algorithm 5.6: the boundary case, a power of two.
		k0 := -mulLog10_2MinusLog10_4Over3(exp)
		φ, β := dboxPow(k0, exp)
		xi := (φ.hi - (φ.hi >> (mantBits + 2))) >> (64 - mantBits - 1 - β)
		zi := (φ.hi + (φ.hi >> (mantBits + 1))) >> (64 - mantBits - 1 - β)
		if exp != 2 && exp != 3 {
			xi++
		}
		if z := zi / 10; xi <= z*10 {
			z, zeros := trimZeros(z)
			return z, -k0 + 1 + zeros
		}
		yru := (φ.hi>>(64-mantBits-2-β) + 1) / 2
		if exp == -77 && yru%2 != 0 {
			yru--
		} else if yru < xi {
			yru++
		}
		return yru, -k0
	}

	// Algorithm 5.2, κ = 2.
	const (
		p10κ  = 100
		p10κ1 = p10κ * 10
	)
	k0 := -mulLog10_2(exp)
	φ, β := dboxPow(2+k0, exp)
	zi, exact := mulPow(uint64(mant*2+1)<<β, φ)
	s, r := zi/p10κ1, uint32(zi%p10κ1)
	δi := uint32(φ.hi >> (64 - 1 - β))
	if r < δi {
		if r != 0 || !exact || mant%2 == 0 {
			s, zeros := trimZeros(s)
			return s, -k0 + 1 + zeros
		}
		s--
		r = p10κ * 10
	} else if r == δi {
		parity, exact := dboxParity(mant*2-1, φ, β)
		if parity || (exact && mant%2 == 0) {
			s, zeros := trimZeros(s)
			return s, -k0 + 1 + zeros
		}
	}
	// Algorithm 5.4.
	D := r + p10κ/2 - δi/2
	t, ρ := D/p10κ, D%p10κ
	yru := 10*s + uint64(t)
	if ρ == 0 {
		parity, exact := dboxParity(mant*2, φ, β)
		if parity != ((D-p10κ/2)%2 != 0) || exact && yru%2 != 0 {
			yru--
		}
	}
	return yru, -k0
}

// dboxPow is φ̃_k, the power of ten rounded up where it is inexact, and
// β, the shift of the products.
func dboxPow(k, e int) (φ uint128, β int) {
	pow10Once.Do(makePow10Tab)
	φ = pow10Tab[k-pow10Min]
	if k < 0 || k > 55 {
		φ.lo++
	}
	return φ, e + 1 + mulLog2_10(k) - 1
}

// mulPow is the integer part of u·φ/2^128 and whether it is exact.
func mulPow(u uint64, φ uint128) (uint64, bool) {
	hi, lo := bits.Mul64(u, φ.hi)
	mid, _ := bits.Mul64(u, φ.lo)
	lo, carry := bits.Add64(lo, mid, 0)
	return hi + carry, lo == 0
}

// dboxParity is the parity of the integer part of mant2·φ/2^(128−β) and
// whether that product is an integer.
func dboxParity(mant2 uint64, φ uint128, β int) (parity, isInt bool) {
	high := mant2 * φ.hi
	mid, lo := bits.Mul64(mant2, φ.lo)
	hi := high + mid
	return (hi>>(64-β))&1 != 0, (hi<<β)|(lo>>(64-β)) == 0
}

// trimZeros is x without its trailing decimal zeros and how many there
// were.
func trimZeros(x uint64) (uint64, int) {
	p := 0
	for x%10 == 0 && x != 0 {
		// At most 16 rounds (x < 10^17), and most shortest digits end
		// without a zero.
		x /= 10
		p++
	}
	return x, p
}

// digitPairs are "00" to "99".
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"4041424344454647484950515253545556575859606162636465666768697071727374757677787980818283848586878889" +
	"90919293949596979899"

// appendShortest is strconv.AppendFloat(dst, f, 'g', -1, 64) for a finite
// f: the shortest digits that read back as f, in the 'e' form when the
// decimal exponent x is below -4 or at least 6 (strconv's rule for the
// shortest 'g'), else in fixed point.
func appendShortest(dst []byte, f float64) []byte {
	b := math.Float64bits(f)
	if b<<1 == 0 { // ±0
		if b != 0 {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	if b>>63 != 0 {
		dst = append(dst, '-')
	}
	exp := int(b>>52) & 0x7ff
	mant := b & (1<<52 - 1)
	denorm := exp == 0
	if denorm {
		exp++
	} else {
		mant |= 1 << 52
	}
	d, q := shortest(mant, exp-1023-52, denorm)

	// The digits of d, at most 17, at the end of buf.
	var buf [20]byte
	i := len(buf)
	for d >= 100 {
		k := d % 100 * 2
		d /= 100
		i -= 2
		buf[i], buf[i+1] = digitPairs[k], digitPairs[k+1]
	}
	if d >= 10 {
		i -= 2
		buf[i], buf[i+1] = digitPairs[d*2], digitPairs[d*2+1]
	} else {
		i--
		buf[i] = byte('0' + d)
	}
	digits := buf[i:]
	x := len(digits) - 1 + q // f = d.ddd × 10^x

	switch {
	case x < -4 || x >= 6:
		dst = append(dst, digits[0])
		if len(digits) > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if x < 0 {
			dst = append(dst, '-')
			x = -x
		} else {
			dst = append(dst, '+')
		}
		if x >= 100 {
			dst = append(dst, byte('0'+x/100))
			x %= 100
		}
		return append(dst, digitPairs[2*x], digitPairs[2*x+1])
	case x < 0:
		dst = append(dst, "0.0000"[:1-x]...) // "0." and -x-1 zeros
		return append(dst, digits...)
	case len(digits) <= x+1:
		dst = append(dst, digits...)
		return append(dst, "000000"[:x+1-len(digits)]...)
	}
	dst = append(dst, digits[:x+1]...)
	dst = append(dst, '.')
	return append(dst, digits[x+1:]...)
}
