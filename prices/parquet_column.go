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
//
// The readers append to a worker's buffers (pqScratch), reused from one
// row group to the next, and return each page to the library's pool once
// read: at 100M rows a fresh slice per group and column was 1.6 GB of
// new memory for the collector and the page faults.

// pqScratch is one worker's buffers for the row groups it reads.
type pqScratch struct {
	src  []int32
	days []dates.Day
	vals []float64
	vols []float64
	runs []symRun
}

// nan is a missing number's value.
var nan = math.NaN()

// symRun is a run of rows with the same symbol.
type symRun struct {
	sym string
	n   int
}

// pageRows lists for each row of p the index of its value in vals (-1:
// null), in src's storage. A page without nulls needs no list: src is
// its dictionary indexes, or nil when row r is value r.
func pageRows(p parquet.Page, maxDef int, src []int32) ([]int32, encoding.Values, int) {
	vals := p.Data()
	var idx []int32
	if d := p.Dictionary(); d != nil {
		idx, vals = vals.Int32(), d.Page().Data()
	}
	n := int(p.NumRows())
	if maxDef == 0 || p.NumNulls() == 0 {
		return idx, vals, n
	}
	defs := p.DefinitionLevels()
	src = src[:0]
	k := int32(0)
	for r := range n {
		switch {
		case int(defs[r]) < maxDef:
			src = append(src, -1)
			continue
		case idx != nil:
			src = append(src, idx[k])
		default:
			src = append(src, k)
		}
		k++
	}
	return src, vals, n
}

// eachPage calls f with the rows and values of every page of a chunk:
// src lists the rows' value indexes (-1: null), or is nil when the n
// rows are the n values in order.
func eachPage(chunk parquet.ColumnChunk, maxDef int, scratch *[]int32, f func(src []int32, vals encoding.Values, n int) error) error {
	pages := chunk.Pages()
	defer pages.Close()
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		src, vals, n := pageRows(p, maxDef, *scratch)
		if maxDef > 0 && p.NumNulls() > 0 {
			*scratch = src
		}
		err = f(src, vals, n)
		parquet.Release(p)
		if err != nil {
			return err
		}
	}
}

// readDays appends a DATE, TIMESTAMP or INT96 column's days; a null or
// a time of day other than midnight is errNotDirect.
func readDays(chunk parquet.ColumnChunk, maxDef int, c pqCell, s *pqScratch) error {
	return eachPage(chunk, maxDef, &s.src, func(src []int32, vals encoding.Values, n int) error {
		if c.kind == pqDate {
			v := vals.Int32()
			if src == nil {
				for _, d := range v[:n] {
					s.days = append(s.days, dates.Day(d))
				}
				return nil
			}
			for _, i := range src {
				if i < 0 {
					return errNotDirect
				}
				s.days = append(s.days, dates.Day(v[i]))
			}
			return nil
		}
		if c.kind == pqInt96 {
			// Spark's INT96: nanoseconds of the day, then the Julian day.
			v := vals.Int96()
			for r := range n {
				i := rowValue(src, r)
				if i < 0 || v[i][0] != 0 || v[i][1] != 0 {
					return errNotDirect
				}
				s.days = append(s.days, dates.Day(int64(v[i][2])-unixJulian))
			}
			return nil
		}
		v := vals.Int64()
		for r := range n {
			i := rowValue(src, r)
			if i < 0 || v[i]%c.perDay != 0 {
				return errNotDirect
			}
			s.days = append(s.days, dates.Day(v[i]/c.perDay))
		}
		return nil
	})
}

// readNumbers appends a DOUBLE or INT column's values as the text would
// read them, a null as NaN (a missing cell: the only NaN there is, since
// a NaN or an infinity in the file is errNotDirect, the text path's words
// for them deciding).
func readNumbers(chunk parquet.ColumnChunk, maxDef int, out *[]float64, scratch *[]int32) error {
	return eachPage(chunk, maxDef, scratch, func(src []int32, vals encoding.Values, n int) error {
		switch vals.Kind() {
		case encoding.Double:
			v := vals.Double()
			if src == nil {
				for _, x := range v[:n] {
					if x-x != 0 { // NaN or ±Inf
						return errNotDirect
					}
				}
				*out = append(*out, v[:n]...)
				return nil
			}
			for _, i := range src {
				if i < 0 {
					*out = append(*out, nan)
					continue
				}
				if x := v[i]; x-x != 0 {
					return errNotDirect
				}
				*out = append(*out, v[i])
			}
		case encoding.Int32:
			appendInts(out, vals.Int32(), src, n)
		case encoding.Int64:
			appendInts(out, vals.Int64(), src, n)
		default:
			return errNotDirect
		}
		return nil
	})
}

// appendInts appends the n rows of an integer page as floats: row r is
// v[src[r]], NaN where src[r] < 0 (a null), or v[r] without src.
func appendInts[T int32 | int64](out *[]float64, v []T, src []int32, n int) {
	for r := range n {
		i := rowValue(src, r)
		if i < 0 {
			*out = append(*out, nan)
		} else {
			*out = append(*out, float64(v[i]))
		}
	}
}

// readSymbols appends a text or integer symbol column's runs of equal
// cells (one string per run: a dictionary-encoded column's rows are
// compared by their indexes); a null is errNotDirect.
func readSymbols(chunk parquet.ColumnChunk, maxDef int, s *pqScratch) error {
	// add extends the last run when its symbol is b, else starts one.
	add := func(b []byte) {
		if k := len(s.runs) - 1; k >= 0 && s.runs[k].sym == string(b) {
			s.runs[k].n++
			return
		}
		s.runs = append(s.runs, symRun{sym: string(b), n: 1})
	}
	return eachPage(chunk, maxDef, &s.src, func(src []int32, vals encoding.Values, n int) error {
		switch vals.Kind() {
		case encoding.ByteArray:
			data, off := vals.ByteArray()
			prev := int32(-1) // the value index of the last run, in this page
			for r := range n {
				i := rowValue(src, r)
				if i < 0 {
					return errNotDirect
				}
				if i == prev {
					s.runs[len(s.runs)-1].n++
					continue
				}
				add(data[off[i]:off[i+1]])
				prev = i
			}
		case encoding.Int32, encoding.Int64:
			var v32 []int32
			var v64 []int64
			if vals.Kind() == encoding.Int32 {
				v32 = vals.Int32()
			} else {
				v64 = vals.Int64()
			}
			var num []byte
			last, started := int64(0), false
			for r := range n {
				i := rowValue(src, r)
				if i < 0 {
					return errNotDirect
				}
				var x int64
				if v32 != nil {
					x = int64(v32[i])
				} else {
					x = v64[i]
				}
				if started && x == last {
					s.runs[len(s.runs)-1].n++
					continue
				}
				num = strconv.AppendInt(num[:0], x, 10)
				add(num)
				last, started = x, true
			}
		default:
			return errNotDirect
		}
		return nil
	})
}

// rowValue is the index of row r's value in its page's values: src[r]
// (-1 for a null) when the page has nulls or a dictionary, else r.
func rowValue(src []int32, r int) int32 {
	if src != nil {
		return src[r]
	}
	return int32(r)
}
