package prices

import (
	"io"
	"math"
	"strconv"

	"github.com/breachlab/eventstudy/dates"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
)

// The direct path reads a column chunk's pages as the typed arrays the
// library decodes them into (encoding.Values), without a parquet.Value
// per cell: a page's rows are its definition levels (a level below the
// column's maximum is a null) over its values, or over its dictionary's
// values through the page's indexes. A kind the reader does not expect
// panics in the library's accessors, which safeDirectGroup turns into the
// text path.

// pageRows lists for each row of p the index of its value in vals (-1:
// null), reusing src.
func pageRows(p parquet.Page, maxDef int, src []int32) ([]int32, encoding.Values) {
	vals := p.Data()
	var idx []int32
	if d := p.Dictionary(); d != nil {
		idx, vals = vals.Int32(), d.Page().Data()
	}
	defs := p.DefinitionLevels()
	src = src[:0]
	k := int32(0)
	for r := range int(p.NumRows()) {
		switch {
		case maxDef > 0 && int(defs[r]) < maxDef:
			src = append(src, -1)
			continue
		case idx != nil:
			src = append(src, idx[k])
		default:
			src = append(src, k)
		}
		k++
	}
	return src, vals
}

// eachPage calls f with the rows and values of every page of a chunk.
func eachPage(chunk parquet.ColumnChunk, maxDef int, f func(src []int32, vals encoding.Values) error) error {
	pages := chunk.Pages()
	defer pages.Close()
	var src []int32
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var vals encoding.Values
		src, vals = pageRows(p, maxDef, src)
		if err := f(src, vals); err != nil {
			return err
		}
	}
}

// readDays appends a DATE or TIMESTAMP column's days; a null or a time
// of day other than midnight is errNotDirect.
func readDays(chunk parquet.ColumnChunk, maxDef int, c pqCell, out *[]dates.Day) error {
	return eachPage(chunk, maxDef, func(src []int32, vals encoding.Values) error {
		if c.kind == pqDate {
			v := vals.Int32()
			for _, i := range src {
				if i < 0 {
					return errNotDirect
				}
				*out = append(*out, dates.Day(v[i]))
			}
			return nil
		}
		v := vals.Int64()
		for _, i := range src {
			if i < 0 || v[i]%c.perDay != 0 {
				return errNotDirect
			}
			*out = append(*out, dates.Day(v[i]/c.perDay))
		}
		return nil
	})
}

// readNumbers appends a DOUBLE or INT column's values as the text would
// read them, null marking the missing cells; a NaN or an infinity is
// errNotDirect (the text path's words for them decide).
func readNumbers(chunk parquet.ColumnChunk, maxDef int, out *[]float64, null *[]bool) error {
	return eachPage(chunk, maxDef, func(src []int32, vals encoding.Values) error {
		var at func(i int32) float64
		switch vals.Kind() {
		case encoding.Double:
			v := vals.Double()
			at = func(i int32) float64 { return v[i] }
		case encoding.Int32:
			v := vals.Int32()
			at = func(i int32) float64 { return float64(v[i]) }
		case encoding.Int64:
			v := vals.Int64()
			at = func(i int32) float64 { return float64(v[i]) }
		default:
			return errNotDirect
		}
		for _, i := range src {
			if i < 0 {
				*out, *null = append(*out, math.NaN()), append(*null, true)
				continue
			}
			x := at(i)
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return errNotDirect
			}
			*out, *null = append(*out, x), append(*null, false)
		}
		return nil
	})
}

// readSymbols appends a text or integer symbol column's cells, one
// string per distinct run; a null is errNotDirect.
func readSymbols(chunk parquet.ColumnChunk, maxDef int, out *[]string) error {
	last := ""
	return eachPage(chunk, maxDef, func(src []int32, vals encoding.Values) error {
		switch vals.Kind() {
		case encoding.ByteArray:
			data, off := vals.ByteArray()
			for _, i := range src {
				if i < 0 {
					return errNotDirect
				}
				b := data[off[i]:off[i+1]]
				if string(b) != last {
					last = string(b)
				}
				*out = append(*out, last)
			}
		case encoding.Int32, encoding.Int64:
			for _, i := range src {
				if i < 0 {
					return errNotDirect
				}
				var n int64
				if vals.Kind() == encoding.Int32 {
					n = int64(vals.Int32()[i])
				} else {
					n = vals.Int64()[i]
				}
				if s := strconv.FormatInt(n, 10); s != last {
					last = s
				}
				*out = append(*out, last)
			}
		default:
			return errNotDirect
		}
		return nil
	})
}
