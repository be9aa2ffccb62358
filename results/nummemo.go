package results

import (
	"math"
	"sync"
)

// numMemo remembers the text of recent numbers of the columns whose
// values repeat: car.csv's sample-quantile p-values are k/M for the M
// estimation days of an event (a few thousand values at 100,000 events),
// each formatted anew 2.4 million times. A slot keeps the last number
// that hashed to it; the text is appendNum's, so a hit writes the same
// bytes.
type numMemo struct {
	bits [numMemoSlots]uint64
	n    [numMemoSlots]uint8 // text length; 0: empty
	text [numMemoSlots][24]byte
}

const (
	numMemoBits  = 12
	numMemoSlots = 1 << numMemoBits
)

var numMemoPool = sync.Pool{New: func() any { return new(numMemo) }}

// appendNum is appendNum(dst, n), from the memo when it holds n.
func (m *numMemo) appendNum(dst []byte, n Num) []byte {
	b := math.Float64bits(float64(n))
	i := (b * 0x9e3779b97f4a7c15) >> (64 - numMemoBits) // Fibonacci hashing
	if l := m.n[i]; l != 0 && m.bits[i] == b {
		return append(dst, m.text[i][:l]...)
	}
	start := len(dst)
	dst = appendNum(dst, n)
	if l := len(dst) - start; l > 0 && l <= len(m.text[i]) {
		m.bits[i], m.n[i] = b, uint8(l)
		copy(m.text[i][:], dst[start:])
	}
	return dst
}
