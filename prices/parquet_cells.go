package prices

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/breachlab/eventstudy/dates"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// pqCell says how a Parquet column's values are written as the text cells
// a CSV export of the same table would hold: numbers in the shortest
// decimal that reads back to the same value, dates as ISO 2006-01-02,
// timestamps at midnight as their date and others as date and time (the
// text loader's rules for date-times then apply), strings as they are
// (quoted when they hold a comma or a quote), nulls as empty cells.
type pqCell struct {
	kind pqKind
	// scale: a DECIMAL's digits after the point; perDay: a TIMESTAMP's
	// units per day.
	scale  int
	perDay int64
	// utc: a TIMESTAMP of instants (isAdjustedToUTC, and the legacy
	// converted types), whose UTC date need not be the writer's date.
	utc bool
}

type pqKind int

const (
	pqText         pqKind = iota // BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY (strings)
	pqInt                        // INT32, INT64 (also YYYYMMDD dates, PERMNOs)
	pqFloat32                    // FLOAT
	pqFloat64                    // DOUBLE
	pqDate                       // INT32 DATE: days since 1970-01-01
	pqTimestamp                  // INT64 TIMESTAMP in some unit
	pqInt96                      // INT96 timestamp (Spark's legacy default)
	pqDecimal                    // INT32/INT64 DECIMAL(p, s)
	pqDecimalBytes               // FIXED_LEN_BYTE_ARRAY/BYTE_ARRAY DECIMAL(p, s)
	pqBool                       // BOOLEAN: written as true/false (never a price)
)

// cellOf decides how to write a column of type t.
func cellOf(t parquet.Type) (pqCell, error) {
	if lt := t.LogicalType(); lt != nil {
		switch v := lt.Value.(type) {
		case *format.DateType:
			return pqCell{kind: pqDate}, nil
		case *format.TimestampType:
			d := v.Unit.Value.Duration()
			if d <= 0 || t.Kind() != parquet.Int64 {
				return pqCell{}, fmt.Errorf("a TIMESTAMP of an unknown unit")
			}
			return pqCell{kind: pqTimestamp, perDay: int64(24 * time.Hour / d), utc: v.IsAdjustedToUTC}, nil
		case *format.DecimalType:
			if t.Kind() == parquet.Int32 || t.Kind() == parquet.Int64 {
				return pqCell{kind: pqDecimal, scale: int(v.Scale)}, nil
			}
			// pyarrow writes every decimal so, Spark and DuckDB those
			// of more than 18 digits.
			return pqCell{kind: pqDecimalBytes, scale: int(v.Scale)}, nil
		}
	}
	if ct := t.ConvertedType(); ct != nil {
		switch *ct {
		case deprecated.Date:
			return pqCell{kind: pqDate}, nil
		case deprecated.TimestampMillis:
			return pqCell{kind: pqTimestamp, perDay: 86_400_000, utc: true}, nil
		case deprecated.TimestampMicros:
			return pqCell{kind: pqTimestamp, perDay: 86_400_000_000, utc: true}, nil
		}
	}
	switch t.Kind() {
	case parquet.Boolean:
		return pqCell{kind: pqBool}, nil
	case parquet.Int32, parquet.Int64:
		return pqCell{kind: pqInt}, nil
	case parquet.Int96:
		return pqCell{kind: pqInt96}, nil
	case parquet.Float:
		return pqCell{kind: pqFloat32}, nil
	case parquet.Double:
		return pqCell{kind: pqFloat64}, nil
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return pqCell{kind: pqText}, nil
	}
	return pqCell{}, fmt.Errorf("Parquet type %s is not read", t)
}

// appendTo writes v as a cell.
func (c pqCell) appendTo(b []byte, v parquet.Value) []byte {
	if v.IsNull() {
		return b
	}
	switch c.kind {
	case pqText:
		return appendCSVField(b, v.ByteArray())
	case pqInt:
		if v.Kind() == parquet.Int32 {
			return strconv.AppendInt(b, int64(v.Int32()), 10)
		}
		return strconv.AppendInt(b, v.Int64(), 10)
	case pqFloat32:
		return appendFloat(b, float64(v.Float()), 32)
	case pqFloat64:
		return appendFloat(b, v.Double(), 64)
	case pqDate:
		return dates.Day(v.Int32()).AppendISO(b)
	case pqTimestamp:
		return appendTimestamp(b, v.Int64(), c.perDay)
	case pqInt96:
		return appendInt96(b, v.Int96())
	case pqDecimal:
		n := v.Int64()
		if v.Kind() == parquet.Int32 {
			n = int64(v.Int32())
		}
		return appendDecimal(b, n, c.scale)
	case pqDecimalBytes:
		return appendDecimalBytes(b, v.ByteArray(), c.scale)
	case pqBool:
		return strconv.AppendBool(b, v.Boolean())
	}
	return b
}

// instant reports whether the column holds UTC instants (a TIMESTAMP
// adjusted to UTC, or Spark's INT96), whose UTC date need not be the
// writer's local date.
func (c pqCell) instant() bool {
	return c.kind == pqInt96 || (c.kind == pqTimestamp && c.utc)
}

// eastOfUTC reads a PLAIN-encoded instant b (a statistics bound) and
// reports it, as text, when its time of day is 12:00 UTC or later (see
// pqPlan.eastOfUTC).
func (c pqCell) eastOfUTC(b []byte) (string, bool) {
	switch {
	case c.kind == pqTimestamp && len(b) == 8:
		v := int64(binary.LittleEndian.Uint64(b))
		if ((v%c.perDay)+c.perDay)%c.perDay < c.perDay/2 {
			return "", false
		}
		return string(appendTimestamp(nil, v, c.perDay)), true
	case c.kind == pqInt96 && len(b) == 12:
		var v deprecated.Int96
		for i := range v {
			v[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
		return c.eastValue(parquet.Int96Value(v))
	}
	return "", false
}

// eastValue is eastOfUTC for a decoded value.
func (c pqCell) eastValue(v parquet.Value) (string, bool) {
	if v.IsNull() {
		return "", false
	}
	switch c.kind {
	case pqTimestamp:
		if !c.utc || ((v.Int64()%c.perDay)+c.perDay)%c.perDay < c.perDay/2 {
			return "", false
		}
		return string(appendTimestamp(nil, v.Int64(), c.perDay)), true
	case pqInt96:
		w := v.Int96()
		if nanos := int64(uint64(w[1])<<32 | uint64(w[0])); nanos < int64(12*time.Hour) {
			return "", false
		}
		return string(appendInt96(nil, w)), true
	}
	return "", false
}

// appendFloat writes the shortest decimal that reads back as v (in
// float32 for a FLOAT column, as a CSV export of it would hold); NaN and
// infinities as the words the loader reads as missing and invalid.
func appendFloat(b []byte, v float64, bits int) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	}
	return strconv.AppendFloat(b, v, 'f', -1, bits)
}

// appendDecimal writes the unscaled integer n with scale digits after
// the point.
func appendDecimal(b []byte, n int64, scale int) []byte {
	if scale <= 0 {
		b = strconv.AppendInt(b, n, 10)
		for range -scale {
			b = append(b, '0')
		}
		return b
	}
	if n < 0 {
		b = append(b, '-')
	}
	u := uint64(n)
	if n < 0 {
		u = uint64(-n)
	}
	return appendPoint(b, strconv.AppendUint(nil, u, 10), scale)
}

// appendPoint writes the decimal digits of an unsigned integer with the
// point scale (> 0) digits from the right, zeros added in front as needed.
func appendPoint(b, digits []byte, scale int) []byte {
	for len(digits) <= scale {
		digits = append([]byte{'0'}, digits...)
	}
	k := len(digits) - scale
	b = append(b, digits[:k]...)
	b = append(b, '.')
	return append(b, digits[k:]...)
}

// appendDecimalBytes writes a DECIMAL's unscaled value stored as a
// big-endian two's complement integer of any length. An empty value is
// no number: written as a word the loader reports as an invalid price.
func appendDecimalBytes(b, be []byte, scale int) []byte {
	if len(be) == 0 {
		return append(b, "empty-decimal"...)
	}
	if len(be) <= 8 {
		n := int64(int8(be[0])) // sign-extended
		for _, c := range be[1:] {
			n = n<<8 | int64(c)
		}
		return appendDecimal(b, n, scale)
	}
	n := new(big.Int).SetBytes(be)
	if be[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(be))))
	}
	if scale <= 0 {
		b = n.Append(b, 10)
		for range -scale {
			b = append(b, '0')
		}
		return b
	}
	if n.Sign() < 0 {
		b = append(b, '-')
		n.Neg(n)
	}
	return appendPoint(b, n.Append(nil, 10), scale)
}

// appendTimestamp writes a timestamp of perDay units a day: its UTC date,
// and the time of day when it is not midnight.
func appendTimestamp(b []byte, v, perDay int64) []byte {
	day, rem := v/perDay, v%perDay
	if rem < 0 {
		day, rem = day-1, rem+perDay
	}
	return appendDayTime(b, dates.Day(day), time.Duration(rem)*(24*time.Hour/time.Duration(perDay)))
}

// unixJulian is the Julian day number of 1970-01-01.
const unixJulian = 2440588

// appendInt96 writes Spark's INT96 timestamp: nanoseconds of the day in
// the first 8 bytes, the Julian day number in the last 4.
func appendInt96(b []byte, v deprecated.Int96) []byte {
	nanos := int64(uint64(v[1])<<32 | uint64(v[0]))
	return appendDayTime(b, dates.Day(int64(v[2])-unixJulian), time.Duration(nanos))
}

func appendDayTime(b []byte, d dates.Day, tod time.Duration) []byte {
	b = d.AppendISO(b)
	if tod == 0 {
		return b
	}
	h, m, s := tod/time.Hour, tod/time.Minute%60, tod/time.Second%60
	b = fmt.Appendf(b, " %02d:%02d:%02d", int(h), int(m), int(s))
	if ns := tod % time.Second; ns != 0 {
		b = fmt.Appendf(b, ".%09d", int(ns))
	}
	return b
}

// appendCSVField writes a text cell, quoted when it holds a delimiter, a
// quote or a line end.
func appendCSVField(b, f []byte) []byte {
	quote := false
	for _, c := range f {
		if c == ',' || c == '"' || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(b, f...)
	}
	b = append(b, '"')
	for _, c := range f {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

// statBounds are a column chunk's min and max, PLAIN-encoded; nil when
// the writer left them out.
func statBounds(st format.Statistics) (lo, hi []byte) {
	if st.MinValue != nil && st.MaxValue != nil {
		return st.MinValue, st.MaxValue
	}
	return st.Min, st.Max
}

// statDays are the first and last day of a date column chunk's
// statistics; ok false when there are none or they cannot be read as
// days (a text or integer date column other than ISO text).
func (c pqCell) statDays(st format.Statistics) (lo, hi dates.Day, ok bool) {
	a, z := statBounds(st)
	if a == nil || z == nil {
		return 0, 0, false
	}
	lo, ok1 := c.statDay(a, false)
	hi, ok2 := c.statDay(z, true)
	return lo, hi, ok1 && ok2 && lo <= hi
}

// statDay reads one bound; a timestamp's day is its UTC date (the max
// bound's time of day is within that date).
func (c pqCell) statDay(b []byte, _ bool) (dates.Day, bool) {
	switch c.kind {
	case pqDate:
		if len(b) != 4 {
			return 0, false
		}
		return dates.Day(int32(binary.LittleEndian.Uint32(b))), true
	case pqTimestamp:
		if len(b) != 8 {
			return 0, false
		}
		v := int64(binary.LittleEndian.Uint64(b))
		day := v / c.perDay
		if v%c.perDay < 0 {
			day--
		}
		return dates.Day(day), true
	case pqText:
		// ISO text sorts as its dates do; a bound with another layout
		// is not used.
		if len(b) < 10 {
			return 0, false
		}
		d, err := dates.ParseDate(b[:10], dates.DateISO)
		if err != nil || b[4] != '-' {
			return 0, false
		}
		return d, true
	}
	return 0, false
}

// statText is a symbol column chunk's bound as its cell text.
func (c pqCell) statText(b []byte) (string, bool) {
	switch c.kind {
	case pqText:
		return string(b), true
	case pqInt:
		switch len(b) {
		case 4:
			return strconv.FormatInt(int64(int32(binary.LittleEndian.Uint32(b))), 10), true
		case 8:
			return strconv.FormatInt(int64(binary.LittleEndian.Uint64(b)), 10), true
		}
	}
	return "", false
}
