package results

import "strconv"

// appendShortest is strconv.AppendFloat(dst, f, 'g', -1, 64) for a finite
// f. strconv lays out the 'g' form's fixed-point numbers digit by digit
// (fmtF), a third of its time on ar.csv's values; the 'e' form copies the
// same shortest digits in one piece, and moving them into place here is
// cheaper. 'g' with the shortest digits is the 'e' form when the decimal
// exponent x is below -4 or at least 6 (strconv's eprec for shortest).
func appendShortest(dst []byte, f float64) []byte {
	if f == 0 {
		return strconv.AppendFloat(dst, f, 'g', -1, 64) // "0" or "-0"
	}
	var b [32]byte
	e := strconv.AppendFloat(b[:0], f, 'e', -1, 64)
	// e is [-]d[.ddd]e±XX[X]: find the exponent from the end.
	n := len(e)
	var x, k int
	if e[n-4] == 'e' { // two exponent digits
		x, k = int(e[n-2]-'0')*10+int(e[n-1]-'0'), n-4
	} else {
		x, k = int(e[n-3]-'0')*100+int(e[n-2]-'0')*10+int(e[n-1]-'0'), n-5
	}
	if e[k+1] == '-' {
		x = -x
	}
	if x < -4 || x >= 6 {
		return append(dst, e...)
	}
	m := e[:k] // mantissa: [-]d[.ddd]
	if m[0] == '-' {
		dst = append(dst, '-')
		m = m[1:]
	}
	lead := m[0]
	var frac []byte // the digits after the first
	if len(m) > 1 {
		frac = m[2:]
	}
	if x < 0 {
		// 0.000ddd: -x-1 zeros, then every digit.
		dst = append(dst, '0', '.')
		dst = append(dst, "0000"[:-x-1]...)
		dst = append(dst, lead)
		return append(dst, frac...)
	}
	// x+1 integer digits, padded with zeros, then the rest as a fraction.
	dst = append(dst, lead)
	if len(frac) <= x {
		dst = append(dst, frac...)
		return append(dst, "00000"[:x-len(frac)]...)
	}
	dst = append(dst, frac[:x]...)
	dst = append(dst, '.')
	return append(dst, frac[x:]...)
}
