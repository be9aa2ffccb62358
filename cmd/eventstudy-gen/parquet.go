package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/breachlab/eventstudy/dates"
	"github.com/parquet-go/parquet-go"
)

// parquetRow is a row of prices.parquet: the columns of prices.csv, the
// date as a Parquet DATE (days since 1970-01-01), the symbol dictionary-
// encoded, as DuckDB and Spark write such a panel.
type parquetRow struct {
	Symbol string  `parquet:"symbol,dict"`
	Date   int32   `parquet:"date,date"`
	Close  float64 `parquet:"close"`
}

// parquetGroupRows is DuckDB's default row group size: a row group holds
// about 25 securities of a 5000-day panel, so a study reads only the
// groups of the securities its events name.
const parquetGroupRows = 122_880

// parquetWriter turns the CSV rows WritePrices makes into Parquet rows:
// the same text parsed back, so prices.parquet holds exactly the values
// a reader of prices.csv gets (closes rounded to 6 decimals).
type parquetWriter struct {
	w    *parquet.GenericWriter[parquetRow]
	rows []parquetRow
}

func newParquetWriter(w io.Writer) *parquetWriter {
	return &parquetWriter{w: parquet.NewGenericWriter[parquetRow](w,
		parquet.MaxRowsPerRowGroup(parquetGroupRows), parquet.Compression(&parquet.Snappy))}
}

// Write takes whole lines `symbol,date,close\n` (one security's rows).
func (p *parquetWriter) Write(b []byte) (int, error) {
	p.rows = p.rows[:0]
	for line := range bytes.Lines(b) {
		sym, rest, _ := bytes.Cut(bytes.TrimSuffix(line, []byte("\n")), []byte(","))
		date, close, _ := bytes.Cut(rest, []byte(","))
		if bytes.Equal(sym, []byte("symbol")) {
			continue // the header
		}
		d, err := dates.ParseDate(date, dates.DateISO)
		if err != nil {
			return 0, err
		}
		v, err := strconv.ParseFloat(string(close), 64)
		if err != nil {
			return 0, fmt.Errorf("close %q: %w", close, err)
		}
		p.rows = append(p.rows, parquetRow{Symbol: string(sym), Date: int32(d), Close: v})
	}
	if _, err := p.w.Write(p.rows); err != nil {
		return 0, err
	}
	return len(b), nil
}

func (p *parquetWriter) Close() error { return p.w.Close() }
