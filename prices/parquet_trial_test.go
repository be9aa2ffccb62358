package prices_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/results"
	"github.com/breachlab/eventstudy/study"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
)

// The Parquet trial writes the demo's T-Mobile and market prices as the
// files Spark, DuckDB, Polars, pandas/pyarrow and WRDS write (their
// encodings, codecs, page versions, date and value types, names and
// directory layouts), runs the demo's T-Mobile events on each and on the
// same table as CSV: ar.csv and car.csv must be byte-identical, or both
// inputs refused, the Parquet one with an error naming the file (and so
// must events.csv and volume.csv, when the layout has a volume).

// trialDay is one day of a symbol: Yahoo's columns, nil where empty.
type trialDay struct {
	sym    string
	permno int64
	date   dates.Day
	open   float64
	close  float64
	adj    *float64
	ret    *float64 // CRSP's RET: adj over the previous day's adj, less 1
	volume *int64
}

// trialDays reads TMUS and GSPC from 2020 on.
func trialDays(t *testing.T) []trialDay {
	t.Helper()
	var out []trialDay
	for i, s := range []string{"TMUS", "GSPC"} {
		f, err := os.Open(filepath.Join("..", "testdata", "demo", "prices", s+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // Date,Open,High,Low,Close,Adj Close,Volume
		var prev *float64
		for sc.Scan() {
			c := strings.Split(sc.Text(), ",")
			if c[0] < "2020-01-01" {
				continue
			}
			d, err := dates.ParseDate([]byte(c[0]), dates.DateISO)
			if err != nil {
				t.Fatal(err)
			}
			r := trialDay{sym: s, permno: 10001 + int64(i), date: d}
			r.open, _ = strconv.ParseFloat(c[1], 64)
			r.close, _ = strconv.ParseFloat(c[4], 64)
			if v, err := strconv.ParseFloat(c[5], 64); err == nil {
				r.adj = &v
				if prev != nil {
					ret := v / *prev - 1
					r.ret = &ret
				}
				prev = &v
			}
			if v, err := strconv.ParseInt(c[6], 10, 64); err == nil {
				r.volume = &v
			}
			out = append(out, r)
		}
		f.Close()
	}
	return out
}

// trialEvents are the demo's T-Mobile events (firm 10001 under CRSP
// names).
const trialEvents = `event_id,firm,date,time
claim,%[1]s,2021-08-15,
confirmation,%[1]s,2021-08-16,
filing,%[1]s,2021-08-16,17:27
update,%[1]s,2021-08-20,
api,%[1]s,2023-01-19,16:04
`

// trialStudy runs the events on prices and returns ar.csv, car.csv,
// events.csv and volume.csv.
func trialStudy(t *testing.T, eventsPath, prices, market string) (map[string][]byte, error) {
	t.Helper()
	s := study.Default()
	s.Events, s.Prices, s.Market = eventsPath, prices, market
	out, err := study.Run(s)
	if err != nil {
		return nil, err
	}
	tables := map[string][]byte{}
	for name, f := range map[string]func() ([]byte, error){
		"ar.csv":     func() ([]byte, error) { return results.CSV(out.Set.AR) },
		"car.csv":    func() ([]byte, error) { return results.CSV(out.Set.CAR) },
		"events.csv": func() ([]byte, error) { return results.CSV(out.Set.Events) },
		"volume.csv": func() ([]byte, error) { return results.CSV(out.Set.Volume) },
	} {
		if tables[name], err = f(); err != nil {
			t.Fatal(err)
		}
	}
	return tables, nil
}

// num writes a value as a CSV export holds it: its shortest decimal.
func num(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}

func iso(d dates.Day) string { return d.Time().Format("2006-01-02") }

// longText is the reference CSV of the base layout (symbol, date,
// adj_close, volume).
func longText(days []trialDay) string {
	var b strings.Builder
	b.WriteString("symbol,date,adj_close,volume\n")
	for _, d := range days {
		v := ""
		if d.volume != nil {
			v = strconv.FormatInt(*d.volume, 10)
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", d.sym, iso(d.date), num(d.adj), v)
	}
	return b.String()
}

// priceText is the reference CSV of a layout without volume.
func priceText(days []trialDay) string {
	return "symbol,date,adj_close\n" + strings.Join(lines(days, func(d trialDay) string { return d.sym + "," + iso(d.date) + "," + num(d.adj) }), "")
}

// put writes rows as one Parquet file.
func put[T any](t *testing.T, path string, rows []T, opts ...parquet.WriterOption) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := parquet.NewGenericWriter[T](&b, opts...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func each[D, T any](days []D, f func(D) T) []T {
	out := make([]T, len(days))
	for i, d := range days {
		out[i] = f(d)
	}
	return out
}

func vol(d trialDay) int64 {
	if d.volume == nil {
		return 0
	}
	return *d.volume
}

// The row layouts: one type per way of storing a column.
type (
	// DuckDB's COPY TO: dictionary strings, DATE, doubles, Snappy.
	pqBase struct {
		Symbol   string   `parquet:"symbol,dict"`
		Date     int32    `parquet:"date,date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Volume   *int64   `parquet:"volume,optional"`
	}
	pqPlain struct {
		Symbol   string   `parquet:"symbol,plain"`
		Date     int32    `parquet:"date,date,plain"`
		AdjClose *float64 `parquet:"adj_close,optional,plain"`
		Volume   *int64   `parquet:"volume,optional,plain"`
	}
	// Spark and parquet-mr with the v2 writer: DELTA_* encodings.
	pqDelta struct {
		Symbol   string   `parquet:"symbol,delta"`
		Date     int32    `parquet:"date,date,delta"`
		AdjClose *float64 `parquet:"adj_close,optional,split"`
		Volume   int64    `parquet:"volume,delta"`
	}
	pqNullDate struct {
		Symbol   string   `parquet:"symbol"`
		Date     *int32   `parquet:"date,optional,date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
	}
	pqTSMillis struct {
		Symbol   string    `parquet:"symbol"`
		Date     time.Time `parquet:"date,timestamp(millisecond:utc)"`
		AdjClose *float64  `parquet:"adj_close,optional"`
	}
	pqTSMicrosLocal struct {
		Symbol   string    `parquet:"symbol"`
		Date     time.Time `parquet:"date,timestamp(microsecond:local)"`
		AdjClose *float64  `parquet:"adj_close,optional"`
	}
	// pandas: datetime64[ns] naive, and the frame's index as a column.
	pqPandas struct {
		Symbol   string    `parquet:"symbol"`
		Date     time.Time `parquet:"date,timestamp(nanosecond:local)"`
		AdjClose *float64  `parquet:"adj_close,optional"`
		Volume   *int64    `parquet:"volume,optional"`
		Index    int64     `parquet:"__index_level_0__"`
	}
	pqTSNullable struct {
		Symbol   string     `parquet:"symbol"`
		Date     *time.Time `parquet:"date,optional,timestamp(nanosecond:utc)"`
		AdjClose *float64   `parquet:"adj_close,optional"`
	}
	// Spark before 3.0 (and with the legacy setting): INT96.
	pqInt96 struct {
		Symbol   string           `parquet:"symbol"`
		Date     deprecated.Int96 `parquet:"date"`
		AdjClose *float64         `parquet:"adj_close,optional"`
	}
	pqStringDate struct {
		Symbol   string   `parquet:"symbol,dict"`
		Date     string   `parquet:"date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
	}
	pqIntDate struct {
		Symbol   string   `parquet:"symbol"`
		Date     int64    `parquet:"date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
	}
	pqFloat32 struct {
		Symbol   string   `parquet:"symbol"`
		Date     int32    `parquet:"date,date"`
		AdjClose *float32 `parquet:"adj_close,optional"`
	}
	pqDec32 struct {
		Symbol   string `parquet:"symbol"`
		Date     int32  `parquet:"date,date"`
		AdjClose int32  `parquet:"adj_close,decimal(2:9)"`
	}
	pqDec64 struct {
		Symbol   string `parquet:"symbol"`
		Date     int32  `parquet:"date,date"`
		AdjClose *int64 `parquet:"adj_close,optional,decimal(6:18)"`
	}
	pqDecFixed struct {
		Symbol   string   `parquet:"symbol"`
		Date     int32    `parquet:"date,date"`
		AdjClose [16]byte `parquet:"adj_close,decimal(6:38)"`
	}
	pqDec38 struct {
		Symbol   string   `parquet:"symbol"`
		Date     int32    `parquet:"date,date"`
		AdjClose [16]byte `parquet:"adj_close,decimal(18:38)"`
	}
	// A WRDS CRSP daily stock file.
	pqCRSP struct {
		PERMNO int64    `parquet:"PERMNO"`
		DATE   int32    `parquet:"DATE,date"`
		PRC    *float64 `parquet:"PRC,optional"`
		RET    *float64 `parquet:"RET,optional"`
		SHROUT int64    `parquet:"SHROUT"`
	}
	pqCRSPPrc struct {
		PERMNO int32    `parquet:"PERMNO"`
		DATE   int32    `parquet:"date,date"`
		PRC    *float64 `parquet:"PRC,optional"`
	}
	pqUpper struct {
		Ticker   string   `parquet:"TICKER"`
		Date     int32    `parquet:"Date,date"`
		AdjClose *float64 `parquet:"Adj_Close,optional"`
	}
	pqWide struct {
		Symbol   string   `parquet:"symbol"`
		Date     int32    `parquet:"date,date"`
		Open     float64  `parquet:"open"`
		Close    float64  `parquet:"close"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Volume   *int64   `parquet:"volume,optional"`
		Shares   int64    `parquet:"shares"`
		Note     string   `parquet:"note"`
	}
	pqTSUTC struct {
		Symbol   string    `parquet:"symbol"`
		Date     time.Time `parquet:"date,timestamp(microsecond:utc)"`
		AdjClose *float64  `parquet:"adj_close,optional"`
	}
	pqMDY struct {
		Symbol   string   `parquet:"symbol"`
		Date     string   `parquet:"date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
	}
	// pandas object columns: prices as text.
	pqTextPrice struct {
		Symbol   string   `parquet:"symbol"`
		Date     int32    `parquet:"date,date"`
		AdjClose string   `parquet:"adj_close"`
		Volume   *float64 `parquet:"volume,optional"`
	}
	// CRSP's 2024 CIZ format on WRDS.
	pqCIZ struct {
		PERMNO   int64    `parquet:"permno"`
		DlyCalDt int32    `parquet:"DlyCalDt,date"`
		DlyPrc   *float64 `parquet:"DlyPrc,optional"`
		DlyRet   *float64 `parquet:"DlyRet,optional"`
	}
	pqNoPermno struct {
		DATE int32    `parquet:"date,date"`
		RET  *float64 `parquet:"ret,optional"`
	}
	pqNullSymbol struct {
		Symbol   *string  `parquet:"symbol,optional"`
		Date     int32    `parquet:"date,date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
	}
	pqCloseTime struct {
		Symbol   string    `parquet:"symbol"`
		Date     time.Time `parquet:"date,timestamp(millisecond:local)"`
		AdjClose *float64  `parquet:"adj_close,optional"`
	}
	// A dictionary that overflows falls back to PLAIN pages in the
	// same column chunk.
	pqDictFallback struct {
		Symbol   string   `parquet:"symbol,dict"`
		Date     string   `parquet:"date,dict"`
		AdjClose *float64 `parquet:"adj_close,optional"`
	}
	pqReordered struct {
		Volume   *int64   `parquet:"volume,optional"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Date     int32    `parquet:"date,date"`
		Symbol   string   `parquet:"symbol"`
	}
	pqDatePartition struct {
		Symbol   string   `parquet:"symbol"`
		AdjClose *float64 `parquet:"adj_close,optional"`
	}
	// DuckDB and pyarrow dictionary-encode every column whose
	// dictionary stays small, dates and prices included.
	pqAllDict struct {
		Symbol   string   `parquet:"symbol,dict"`
		Date     int32    `parquet:"date,date,dict"`
		AdjClose *float64 `parquet:"adj_close,optional,dict"`
		Volume   *int64   `parquet:"volume,optional,dict"`
	}
	pqAllDictTS struct {
		Symbol   string    `parquet:"symbol,dict"`
		Date     time.Time `parquet:"date,timestamp(microsecond:local),dict"`
		AdjClose float64   `parquet:"adj_close,dict"`
	}
	// pandas' df.pivot(...).to_parquet(): one column per symbol, the
	// index as date (or __index_level_0__ when it has no name).
	pqWidePivot struct {
		Date time.Time `parquet:"date,timestamp(nanosecond:local)"`
		TMUS *float64  `parquet:"TMUS,optional"`
		GSPC *float64  `parquet:"GSPC,optional"`
	}
	pqWideIndex struct {
		Date time.Time `parquet:"__index_level_0__,timestamp(nanosecond:local)"`
		TMUS *float64  `parquet:"TMUS,optional"`
		GSPC *float64  `parquet:"GSPC,optional"`
	}
	// yfinance's download(t).to_parquet(t + ".parquet"), date index kept.
	pqYahoo struct {
		Date     time.Time `parquet:"Date,timestamp(nanosecond:local)"`
		Open     float64   `parquet:"Open"`
		Close    float64   `parquet:"Close"`
		AdjClose *float64  `parquet:"Adj Close,optional"`
		Volume   *int64    `parquet:"Volume,optional"`
	}
	pqMarket struct {
		Date     int32    `parquet:"Date,date"`
		AdjClose *float64 `parquet:"Adj Close,optional"`
	}
	pqNoSymbol struct {
		Date     int32    `parquet:"date,date"`
		AdjClose *float64 `parquet:"adj_close,optional"`
		Volume   *int64   `parquet:"volume,optional"`
	}
)

func base(d trialDay) pqBase { return pqBase{d.sym, int32(d.date), d.adj, d.volume} }

func midnight(d trialDay) time.Time { return d.date.Time() }

// int96 is Spark's INT96 of midnight: nanoseconds of the day, then the
// Julian day.
func int96(d trialDay) deprecated.Int96 {
	return deprecated.Int96{0, 0, uint32(2440588 + int(d.date))}
}

// inZone is the day's midnight in the named zone, as a time-zone-aware
// writer stores it (a UTC instant).
func inZone(t *testing.T, d trialDay, zone string) time.Time {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Skipf("no zone data: %v", err)
	}
	y, m, dd := d.date.Time().Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc).UTC()
}

// int96At is Spark's INT96 of an instant.
func int96At(u time.Time) deprecated.Int96 {
	day := dates.DayOf(u.Year(), int(u.Month()), u.Day())
	ns := uint64(u.Sub(day.Time()))
	return deprecated.Int96{uint32(ns), uint32(ns >> 32), uint32(2440588 + int(day))}
}

// decimalBytes is v as a big-endian two's complement of 16 bytes.
func decimalBytes(v int64) (b [16]byte) {
	for i := 15; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return b
}

// trialCase is one layout: write makes the Parquet input in dir and
// returns its path; text, when set, is the same table as CSV (else the
// base layout's); market is the market's symbol (GSPC); refuse, when
// set, is a part of the error the Parquet input must give.
type trialCase struct {
	name   string
	write  func(t *testing.T, dir string, days []trialDay) string
	text   func(days []trialDay) string
	firm   string
	market string
	refuse string
	// skipped, when set, is the table without the rows the CSV refuses
	// and the Parquet reader may skip unread (a partition no event
	// names): with the market file, the Parquet input equals it.
	skipped func(days []trialDay) string
}

// TestParquetTrial runs each layout with the market in the panel (every
// row read), as a CSV file (row groups outside the windows skipped) and
// as a Parquet file.
// Which writer writes what by default: DuckDB COPY (Snappy, dictionary,
// row groups of 122,880 rows, DATE), pyarrow (Snappy, dictionary, page
// v1; pandas datetime64[ns] as TIMESTAMP(NANOS) and the index as
// __index_level_0__; decimals as FIXED_LEN_BYTE_ARRAY), Polars (Zstd),
// Spark (Snappy part files beside _SUCCESS and .crc, INT96 timestamps in
// the session's zone, partitionBy directories).
func TestParquetTrial(t *testing.T) {
	days := trialDays(t)
	var cases []trialCase
	one := func(opts ...parquet.WriterOption) func(*testing.T, string, []trialDay) string {
		return func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "panel.parquet")
			put(t, p, each(days, base), opts...)
			return p
		}
	}
	cases = append(cases,
		trialCase{name: "duckdb_default", write: one(parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(122_880))},
		trialCase{name: "pyarrow_default_snappy", write: one(parquet.Compression(&parquet.Snappy))},
		trialCase{name: "polars_zstd", write: one(parquet.Compression(&parquet.Zstd))},
		trialCase{name: "gzip", write: one(parquet.Compression(&parquet.Gzip))},
		trialCase{name: "lz4_raw", write: one(parquet.Compression(&parquet.Lz4Raw))},
		trialCase{name: "uncompressed", write: one(parquet.Compression(&parquet.Uncompressed))},
		trialCase{name: "page_v2_zstd", write: one(parquet.DataPageVersion(2), parquet.Compression(&parquet.Zstd))},
		trialCase{name: "page_v1_snappy", write: one(parquet.DataPageVersion(1), parquet.Compression(&parquet.Snappy))},
		trialCase{name: "many_row_groups_small_pages", write: one(parquet.MaxRowsPerRowGroup(97), parquet.PageBufferSize(256))},
		trialCase{name: "plain_encoding", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "plain.parquet")
			put(t, p, each(days, func(d trialDay) pqPlain { return pqPlain(base(d)) }))
			return p
		}},
		trialCase{name: "delta_encodings_page_v2", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "delta.parquet")
			put(t, p, each(days, func(d trialDay) pqDelta { return pqDelta{d.sym, int32(d.date), d.adj, vol(d)} }), parquet.DataPageVersion(2))
			return p
		}},
		trialCase{name: "unsorted_rows", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "shuffled.parquet")
			put(t, p, each(shuffled(days), base), parquet.MaxRowsPerRowGroup(500))
			return p
		}, text: func(days []trialDay) string { return longText(shuffled(days)) }},
		trialCase{name: "nulls_in_price", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "nulls.parquet")
			put(t, p, each(withNulls(days), base))
			return p
		}, text: func(days []trialDay) string { return longText(withNulls(days)) }},
		trialCase{name: "null_date", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "nulldate.parquet")
			put(t, p, each(days, func(d trialDay) pqNullDate {
				r := pqNullDate{Symbol: d.sym, AdjClose: d.adj}
				if d.date != nullDay {
					v := int32(d.date)
					r.Date = &v
				}
				return r
			}))
			return p
		}, text: func(days []trialDay) string {
			return strings.Replace(longText(days), ","+iso(nullDay)+",", ",,", 1)
		}},
		trialCase{name: "timestamp_millis_utc", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "ms.parquet")
			put(t, p, each(days, func(d trialDay) pqTSMillis { return pqTSMillis{d.sym, midnight(d), d.adj} }))
			return p
		}, text: priceText},
		trialCase{name: "timestamp_micros_naive", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "us.parquet")
			put(t, p, each(days, func(d trialDay) pqTSMicrosLocal { return pqTSMicrosLocal{d.sym, midnight(d), d.adj} }))
			return p
		}, text: priceText},
		trialCase{name: "pandas_nanos_index", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "pandas.parquet")
			i := int64(0)
			put(t, p, each(days, func(d trialDay) pqPandas { i++; return pqPandas{d.sym, midnight(d), d.adj, d.volume, i} }))
			return p
		}},
		trialCase{name: "timestamp_nanos_utc_nullable", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "ns.parquet")
			put(t, p, each(days, func(d trialDay) pqTSNullable { m := midnight(d); return pqTSNullable{d.sym, &m, d.adj} }))
			return p
		}, text: priceText},
		trialCase{name: "spark_int96", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "int96.parquet")
			put(t, p, each(days, func(d trialDay) pqInt96 { return pqInt96{d.sym, int96(d), d.adj} }))
			return p
		}, text: priceText},
		trialCase{name: "pandas_tz_new_york", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "ny.parquet")
			put(t, p, each(days, func(d trialDay) pqTSUTC { return pqTSUTC{d.sym, inZone(t, d, "America/New_York"), d.adj} }))
			return p
		}, text: priceText},
		trialCase{name: "pandas_tz_berlin", refuse: "berlin.parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "berlin.parquet")
			put(t, p, each(days, func(d trialDay) pqTSUTC { return pqTSUTC{d.sym, inZone(t, d, "Europe/Berlin"), d.adj} }))
			return p
		}},
		trialCase{name: "tz_tokyo_no_statistics", refuse: "tokyo.parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "tokyo.parquet")
			put(t, p, each(days, func(d trialDay) pqTSUTC { return pqTSUTC{d.sym, inZone(t, d, "Asia/Tokyo"), d.adj} }),
				parquet.SkipPageBounds("date"), parquet.DataPageStatistics(false))
			return p
		}},
		trialCase{name: "spark_int96_session_new_york", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "int96ny.parquet")
			put(t, p, each(days, func(d trialDay) pqInt96 { return pqInt96{d.sym, int96At(inZone(t, d, "America/New_York")), d.adj} }))
			return p
		}, text: priceText},
		trialCase{name: "spark_int96_session_berlin", refuse: "int96berlin.parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "int96berlin.parquet")
			put(t, p, each(days, func(d trialDay) pqInt96 { return pqInt96{d.sym, int96At(inZone(t, d, "Europe/Berlin")), d.adj} }))
			return p
		}},
		trialCase{name: "date_mdy_string_small_groups", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "mdy.parquet")
			put(t, p, each(days, func(d trialDay) pqMDY { return pqMDY{d.sym, d.date.Time().Format("1/2/2006"), d.adj} }), parquet.MaxRowsPerRowGroup(40))
			return p
		}, text: func(days []trialDay) string {
			return "symbol,date,adj_close\n" + strings.Join(lines(days, func(d trialDay) string { return d.sym + "," + d.date.Time().Format("1/2/2006") + "," + num(d.adj) }), "")
		}},
		trialCase{name: "price_as_text_volume_double", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "text.parquet")
			put(t, p, each(days, func(d trialDay) pqTextPrice {
				v := float64(vol(d))
				return pqTextPrice{d.sym, int32(d.date), num(d.adj), &v}
			}))
			return p
		}, text: func(days []trialDay) string {
			return "symbol,date,adj_close,volume\n" + strings.Join(lines(days, func(d trialDay) string {
				return fmt.Sprintf("%s,%s,%s,%d", d.sym, iso(d.date), num(d.adj), vol(d))
			}), "")
		}},
		trialCase{name: "crsp_ciz_names", firm: "10001", market: "10002",
			write: func(t *testing.T, dir string, days []trialDay) string {
				p := filepath.Join(dir, "ciz.parquet")
				put(t, p, each(days, func(d trialDay) pqCIZ { prc := crspPrc(d); return pqCIZ{d.permno, int32(d.date), &prc, d.ret} }))
				return p
			}, text: func(days []trialDay) string {
				return "permno,DlyCalDt,DlyPrc,DlyRet\n" + strings.Join(lines(days, func(d trialDay) string {
					prc := crspPrc(d)
					return fmt.Sprintf("%d,%s,%s,%s", d.permno, iso(d.date), num(&prc), num(d.ret))
				}), "")
			}},
		trialCase{name: "hive_permno_ret", firm: "10001", market: "10002",
			write: func(t *testing.T, dir string, days []trialDay) string {
				out := filepath.Join(dir, "hive")
				for _, s := range []string{"TMUS", "GSPC"} {
					ds := ofSymbol(days, s)
					put(t, filepath.Join(out, fmt.Sprintf("permno=%d", ds[0].permno), "part-0.parquet"), each(ds, func(d trialDay) pqNoPermno { return pqNoPermno{int32(d.date), d.ret} }))
				}
				return out
			}, text: func(days []trialDay) string {
				return "permno,date,ret\n" + strings.Join(lines(days, func(d trialDay) string { return fmt.Sprintf("%d,%s,%s", d.permno, iso(d.date), num(d.ret)) }), "")
			}},
		trialCase{name: "null_symbol", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "nullsym.parquet")
			put(t, p, each(days, func(d trialDay) pqNullSymbol {
				r := pqNullSymbol{Date: int32(d.date), AdjClose: d.adj}
				if d.date != nullDay {
					r.Symbol = &d.sym
				}
				return r
			}))
			return p
		}, text: func(days []trialDay) string {
			return "symbol,date,adj_close\n" + strings.Join(lines(days, func(d trialDay) string {
				if d.date == nullDay {
					return "," + iso(d.date) + "," + num(d.adj)
				}
				return d.sym + "," + iso(d.date) + "," + num(d.adj)
			}), "")
		}},
		trialCase{name: "nan_price", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "nan.parquet")
			put(t, p, each(withNaN(days), base))
			return p
		}, text: func(days []trialDay) string { return longText(withNaN(days)) }},
		trialCase{name: "timestamp_naive_close_time", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "close.parquet")
			put(t, p, each(days, func(d trialDay) pqCloseTime { return pqCloseTime{d.sym, midnight(d).Add(16 * time.Hour), d.adj} }))
			return p
		}, text: func(days []trialDay) string {
			return "symbol,date,adj_close\n" + strings.Join(lines(days, func(d trialDay) string { return d.sym + "," + iso(d.date) + " 16:00:00," + num(d.adj) }), "")
		}},
		trialCase{name: "dictionary_fallback_to_plain", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "fallback.parquet")
			put(t, p, each(days, func(d trialDay) pqDictFallback { return pqDictFallback{d.sym, iso(d.date), d.adj} }),
				parquet.DictionaryMaxBytes(256), parquet.PageBufferSize(512))
			return p
		}, text: priceText},
		trialCase{name: "dir_columns_reordered", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "ds")
			put(t, filepath.Join(out, "a.parquet"), each(ofSymbol(days, "TMUS"), base))
			put(t, filepath.Join(out, "b.parquet"), each(ofSymbol(days, "GSPC"), func(d trialDay) pqReordered { return pqReordered{d.volume, d.adj, int32(d.date), d.sym} }))
			return out
		}},
		trialCase{name: "dir_file_without_a_column", refuse: `b.parquet: no column "volume", which the first file`, write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "ds")
			put(t, filepath.Join(out, "a.parquet"), each(ofSymbol(days, "TMUS"), base))
			put(t, filepath.Join(out, "b.parquet"), each(ofSymbol(days, "GSPC"), func(d trialDay) pqFloat32 { return pqFloat32{Symbol: d.sym, Date: int32(d.date)} }))
			return out
		}},
		trialCase{name: "hive_date_partitions", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "daily")
			byDay := map[dates.Day][]trialDay{}
			for _, d := range in2021(days) {
				byDay[d.date] = append(byDay[d.date], d)
			}
			for day, ds := range byDay {
				put(t, filepath.Join(out, "date="+iso(day), "part-0.parquet"), each(ds, func(d trialDay) pqDatePartition { return pqDatePartition{d.sym, d.adj} }))
			}
			return out
		}, text: func(days []trialDay) string {
			var ds []trialDay
			for _, d := range in2021(days) {
				ds = append(ds, d)
			}
			// by date, then symbol: the directory order
			sort.SliceStable(ds, func(i, j int) bool { return ds[i].date < ds[j].date })
			return priceText(ds)
		}},
		trialCase{name: "trino_athena_files_without_extension", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "ctas")
			put(t, filepath.Join(out, "20211010_101010_00001_abcde_0c6a1f0b"), each(ofSymbol(days, "TMUS"), base))
			put(t, filepath.Join(out, "20211010_101010_00001_abcde_7d1f2f8e"), each(ofSymbol(days, "GSPC"), base))
			return out
		}},
		trialCase{name: "single_file_without_extension", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "000000_0")
			put(t, p, each(days, base))
			return p
		}},
		trialCase{name: "dictionary_every_column", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "alldict.parquet")
			put(t, p, each(days, func(d trialDay) pqAllDict { return pqAllDict{d.sym, int32(d.date), d.adj, d.volume} }), parquet.MaxRowsPerRowGroup(300))
			return p
		}},
		trialCase{name: "dictionary_timestamp_page_v2", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "alldictts.parquet")
			put(t, p, each(days, func(d trialDay) pqAllDictTS { return pqAllDictTS{d.sym, midnight(d), *d.adj} }), parquet.DataPageVersion(2), parquet.PageBufferSize(1024))
			return p
		}, text: priceText},
		trialCase{name: "hive_default_partition", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "hive")
			for _, s := range []string{"TMUS", "GSPC"} {
				put(t, filepath.Join(out, "symbol="+s, "part-0.parquet"), each(ofSymbol(days, s), noSymbol))
			}
			put(t, filepath.Join(out, "symbol=__HIVE_DEFAULT_PARTITION__", "part-0.parquet"), each(ofSymbol(days, "GSPC")[:3], noSymbol))
			return out
		}, text: func(days []trialDay) string {
			return longText(days) + strings.Join(lines(ofSymbol(days, "GSPC")[:3], func(d trialDay) string {
				return fmt.Sprintf(",%s,%s,%d", iso(d.date), num(d.adj), vol(d))
			}), "")
		}, skipped: longText},
		trialCase{name: "wide_pandas_pivot", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "wide.parquet")
			put(t, p, each(wide(days), func(w wideDay) pqWidePivot { return pqWidePivot{w.date.Time(), w.tmus, w.gspc} }))
			return p
		}, text: func(days []trialDay) string { return wideText("date", days) }},
		trialCase{name: "wide_pandas_unnamed_index", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "wideidx.parquet")
			put(t, p, each(wide(days), func(w wideDay) pqWideIndex { return pqWideIndex{w.date.Time(), w.tmus, w.gspc} }))
			return p
		}, text: func(days []trialDay) string { return wideText("__index_level_0__", days) }},
		// Read as a Yahoo directory of CSVs is: a series per file, named after it.
		trialCase{name: "yfinance_file_per_ticker", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "yahoo")
			for _, s := range []string{"TMUS", "GSPC"} {
				put(t, filepath.Join(out, s+".parquet"), each(ofSymbol(days, s), func(d trialDay) pqYahoo { return pqYahoo{midnight(d), d.open, d.close, d.adj, d.volume} }))
			}
			return out
		}, text: func(days []trialDay) string {
			return "symbol,date,adj_close,volume\n" + strings.Join(lines(days, func(d trialDay) string {
				return fmt.Sprintf("%s,%s,%s,%d", d.sym, iso(d.date), num(d.adj), vol(d))
			}), "")
		}},
		trialCase{name: "date_iso_string", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "iso.parquet")
			put(t, p, each(days, func(d trialDay) pqStringDate { return pqStringDate{d.sym, iso(d.date), d.adj} }))
			return p
		}, text: priceText},
		trialCase{name: "date_yyyymmdd_string", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "ymd.parquet")
			put(t, p, each(days, func(d trialDay) pqStringDate { return pqStringDate{d.sym, ymd(d.date), d.adj} }))
			return p
		}, text: ymdText},
		trialCase{name: "date_yyyymmdd_int64", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "ymdint.parquet")
			put(t, p, each(days, func(d trialDay) pqIntDate {
				v, _ := strconv.ParseInt(ymd(d.date), 10, 64)
				return pqIntDate{d.sym, v, d.adj}
			}))
			return p
		}, text: ymdText},
		trialCase{name: "float32_price", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "f32.parquet")
			put(t, p, each(days, func(d trialDay) pqFloat32 {
				r := pqFloat32{Symbol: d.sym, Date: int32(d.date)}
				if d.adj != nil {
					v := float32(*d.adj)
					r.AdjClose = &v
				}
				return r
			}))
			return p
		}, text: func(days []trialDay) string {
			var b strings.Builder
			b.WriteString("symbol,date,adj_close\n")
			for _, d := range days {
				fmt.Fprintf(&b, "%s,%s,%s\n", d.sym, iso(d.date), strconv.FormatFloat(float64(float32(*d.adj)), 'g', -1, 32))
			}
			return b.String()
		}},
		trialCase{name: "decimal_int32_scale2", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "dec32.parquet")
			put(t, p, each(days, func(d trialDay) pqDec32 { return pqDec32{d.sym, int32(d.date), int32(scaled(d, 2))} }))
			return p
		}, text: decimalText(2)},
		trialCase{name: "decimal_int64_scale6_nullable", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "dec64.parquet")
			put(t, p, each(days, func(d trialDay) pqDec64 { v := scaled(d, 6); return pqDec64{d.sym, int32(d.date), &v} }))
			return p
		}, text: decimalText(6)},
		trialCase{name: "decimal_fixed_len_byte_array", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "decflba.parquet")
			put(t, p, each(days, func(d trialDay) pqDecFixed { return pqDecFixed{d.sym, int32(d.date), decimalBytes(scaled(d, 6))} }))
			return p
		}, text: decimalText(6)},
		// pyarrow's and Spark's DECIMAL(38,18): above int64 from 9.2.
		trialCase{name: "decimal_38_18_above_int64", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "dec38.parquet")
			put(t, p, each(days, func(d trialDay) pqDec38 {
				var b [16]byte
				n := new(big.Int).Mul(big.NewInt(scaled(d, 6)), new(big.Int).Exp(big.NewInt(10), big.NewInt(12), nil))
				n.FillBytes(b[:])
				return pqDec38{d.sym, int32(d.date), b}
			}))
			return p
		}, text: func(days []trialDay) string {
			head, body, _ := strings.Cut(decimalText(6)(days), "\n")
			return head + "\n" + strings.ReplaceAll(body, "\n", "000000000000\n")
		}},
		trialCase{name: "crsp_permno_ret_negative_prc", firm: "10001", market: "10002",
			write: func(t *testing.T, dir string, days []trialDay) string {
				p := filepath.Join(dir, "dsf.parquet")
				put(t, p, each(days, func(d trialDay) pqCRSP {
					prc := crspPrc(d)
					return pqCRSP{d.permno, int32(d.date), &prc, d.ret, 1_247_857}
				}))
				return p
			}, text: func(days []trialDay) string {
				var b strings.Builder
				b.WriteString("PERMNO,DATE,PRC,RET,SHROUT\n")
				for _, d := range days {
					prc := crspPrc(d)
					fmt.Fprintf(&b, "%d,%s,%s,%s,1247857\n", d.permno, ymd(d.date), num(&prc), num(d.ret))
				}
				return b.String()
			}},
		trialCase{name: "crsp_int32_permno_prc_only", firm: "10001", market: "10002",
			write: func(t *testing.T, dir string, days []trialDay) string {
				p := filepath.Join(dir, "prc.parquet")
				put(t, p, each(days, func(d trialDay) pqCRSPPrc { prc := crspPrc(d); return pqCRSPPrc{int32(d.permno), int32(d.date), &prc} }))
				return p
			}, text: func(days []trialDay) string {
				var b strings.Builder
				b.WriteString("PERMNO,date,PRC\n")
				for _, d := range days {
					prc := crspPrc(d)
					fmt.Fprintf(&b, "%d,%s,%s\n", d.permno, iso(d.date), num(&prc))
				}
				return b.String()
			}},
		trialCase{name: "upper_case_names", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "upper.parquet")
			put(t, p, each(days, func(d trialDay) pqUpper { return pqUpper{d.sym, int32(d.date), d.adj} }))
			return p
		}, text: func(days []trialDay) string {
			return "TICKER,Date,Adj_Close\n" + strings.Join(lines(days, func(d trialDay) string { return d.sym + "," + iso(d.date) + "," + num(d.adj) }), "")
		}},
		trialCase{name: "extra_columns", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "wide.parquet")
			put(t, p, each(days, func(d trialDay) pqWide {
				return pqWide{d.sym, int32(d.date), d.open, d.close, d.adj, d.volume, 1_247_856_860, "x, \"y\""}
			}))
			return p
		}, text: func(days []trialDay) string {
			return "symbol,date,open,close,adj_close,volume,shares,note\n" + strings.Join(lines(days, func(d trialDay) string {
				return fmt.Sprintf("%s,%s,%s,%s,%s,%d,1247856860,\"x, \"\"y\"\"\"", d.sym, iso(d.date), num(&d.open), num(&d.close), num(d.adj), vol(d))
			}), "")
		}},
		trialCase{name: "spark_part_files", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "panel.parquet") // Spark names the directory
			half := len(days) / 3
			for i, part := range [][]trialDay{days[:half], days[half : 2*half], days[2*half:]} {
				name := fmt.Sprintf("part-%05d-7d1f2f8e-3b0a-4c7e-9d55-0c6a1f0b9e2a-c000.snappy.parquet", i)
				put(t, filepath.Join(out, name), each(part, base), parquet.Compression(&parquet.Snappy))
				write(t, filepath.Join(out, "."+name+".crc"), "crc\x00\x01garbage")
			}
			write(t, filepath.Join(out, "_SUCCESS"), "")
			write(t, filepath.Join(out, "._SUCCESS.crc"), "crc")
			return out
		}},
		trialCase{name: "hive_symbol", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "hive")
			for _, s := range []string{"TMUS", "GSPC"} {
				put(t, filepath.Join(out, "symbol="+s, "part-0.parquet"), each(ofSymbol(days, s), noSymbol))
			}
			return out
		}},
		trialCase{name: "hive_symbol_year", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "hive")
			for _, s := range []string{"TMUS", "GSPC"} {
				byYear := map[int][]trialDay{}
				for _, d := range ofSymbol(days, s) {
					byYear[d.date.Time().Year()] = append(byYear[d.date.Time().Year()], d)
				}
				for y, ds := range byYear {
					put(t, filepath.Join(out, "symbol="+s, fmt.Sprintf("year=%d", y), "data_0.parquet"), each(ds, noSymbol))
				}
			}
			return out
		}},
		trialCase{name: "hive_year_with_symbol_column", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "hive")
			byYear := map[int][]trialDay{}
			for _, d := range days {
				byYear[d.date.Time().Year()] = append(byYear[d.date.Time().Year()], d)
			}
			for y, ds := range byYear {
				put(t, filepath.Join(out, fmt.Sprintf("year=%d", y), "part-0.parquet"), each(ds, base))
			}
			return out
		}, text: func(days []trialDay) string { return longText(byYearOrder(days)) }},
		trialCase{name: "dir_with_zero_row_file", write: func(t *testing.T, dir string, days []trialDay) string {
			out := filepath.Join(dir, "ds")
			put(t, filepath.Join(out, "a.parquet"), each(days, base))
			put(t, filepath.Join(out, "b.parquet"), []pqBase{})
			return out
		}},
		trialCase{name: "zero_row_file", refuse: "zero.parquet: no rows: the Parquet data has the columns", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "zero.parquet")
			put(t, p, []pqBase{})
			return p
		}},
		trialCase{name: "empty_file", refuse: "empty.parquet: empty file, not Parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "empty.parquet")
			write(t, p, "")
			return p
		}},
		trialCase{name: "truncated_file", refuse: "cut.parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "full.parquet")
			put(t, p, each(days, base))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			p = filepath.Join(dir, "cut.parquet")
			write(t, p, string(b[:len(b)*2/3]))
			return p
		}},
		trialCase{name: "corrupt_footer", refuse: "bad.parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "bad.parquet")
			put(t, p, each(days, base))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(b) - 200; i < len(b)-8; i++ {
				b[i] ^= 0x5a
			}
			write(t, p, string(b))
			return p
		}},
		trialCase{name: "corrupt_pages", refuse: "pages.parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "pages.parquet")
			put(t, p, each(days, base), parquet.Compression(&parquet.Snappy))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for i := 40; i < len(b)/2; i += 7 {
				b[i] ^= 0xff
			}
			write(t, p, string(b))
			return p
		}},
		trialCase{name: "binary_named_parquet", refuse: "junk.parquet: not a Parquet file", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "junk.parquet")
			write(t, p, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
			return p
		}},
		trialCase{name: "feather_named_parquet", refuse: `arrow.parquet: not a Parquet file (it begins with "ARRO"`, write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "arrow.parquet")
			write(t, p, "ARROW1\x00\x00\xff\xff\xff\xff\x10\x01\x00\x00")
			return p
		}},
		trialCase{name: "gzip_csv_named_parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "gz.parquet")
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write([]byte(longText(days)))
			zw.Close()
			write(t, p, b.String())
			return p
		}},
		trialCase{name: "csv_named_parquet", write: func(t *testing.T, dir string, days []trialDay) string {
			p := filepath.Join(dir, "text.parquet")
			write(t, p, longText(days))
			return p
		}},
	)
	dir := t.TempDir()
	market := filepath.Join(dir, "GSPC.csv")
	write(t, market, "Date,Adj Close\n"+strings.Join(lines(ofSymbol(days, "GSPC"), func(d trialDay) string { return iso(d.date) + "," + num(d.adj) }), ""))
	// The market as a Parquet file of one series (date, adj_close), read
	// against the CSV market file.
	marketPQ := filepath.Join(dir, "GSPC.parquet")
	put(t, marketPQ, each(ofSymbol(days, "GSPC"), func(d trialDay) pqMarket { return pqMarket{int32(d.date), d.adj} }))
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cd := filepath.Join(dir, strconv.Itoa(i))
			firm, inPanel := c.firm, c.market
			if firm == "" {
				firm, inPanel = "TMUS", "GSPC"
			}
			ev := filepath.Join(cd, "events.csv")
			write(t, ev, fmt.Sprintf(trialEvents, firm))
			text := longText(days)
			if c.text != nil {
				text = c.text(days)
			}
			ref := filepath.Join(cd, "ref", "panel.csv")
			write(t, ref, text)
			pq := c.write(t, cd, days)
			// The market in the panel reads every row; a market file
			// anchors the calendar, so row groups outside the windows
			// are skipped by their statistics.
			for _, m := range []string{inPanel, market, marketPQ} {
				got, err := trialStudy(t, ev, pq, m)
				if c.refuse != "" {
					if err == nil {
						t.Fatalf("market %s: %s read, want an error with %q", m, pq, c.refuse)
					}
					if msg := err.Error(); !strings.Contains(msg, c.refuse) || !strings.Contains(msg, ": ") {
						t.Fatalf("market %s: error %q, want one naming %q", m, msg, c.refuse)
					}
					t.Logf("refused: %v", err)
					continue
				}
				refMarket := m
				if m == marketPQ {
					refMarket = market
				}
				want, werr := trialStudy(t, ev, ref, refMarket)
				if werr != nil && err == nil && c.skipped != nil && m != inPanel {
					alt := filepath.Join(cd, "ref", "skipped.csv")
					write(t, alt, c.skipped(days))
					want, werr = trialStudy(t, ev, alt, refMarket)
				}
				if werr != nil {
					if err == nil {
						t.Fatalf("market %s: CSV refused (%v), Parquet read", m, werr)
					}
					t.Logf("both refused: csv %v; parquet %v", werr, err)
					continue
				}
				if err != nil {
					t.Fatalf("market %s: CSV read, Parquet refused: %v", m, err)
				}
				if n := bytes.Count(want["ar.csv"], []byte("\n")); n < 40 {
					t.Fatalf("market %s: only %d ar.csv lines:\n%s", m, n, want["ar.csv"])
				}
				if head, _, _ := strings.Cut(text, "\n"); strings.Contains(head, "volume") && bytes.Count(want["volume.csv"], []byte("\n")) < 2 {
					t.Fatalf("market %s: no volume.csv rows:\n%s", m, want["volume.csv"])
				}
				for _, name := range []string{"ar.csv", "car.csv", "events.csv", "volume.csv"} {
					if !bytes.Equal(got[name], want[name]) {
						t.Errorf("market %s: %s differs:\n%s", m, name, firstDiff(got[name], want[name]))
					}
				}
			}
		})
	}
}

// nullDay is the day whose date the null_date case leaves empty.
var nullDay = dates.DayOf(2020, 3, 2)

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lines(days []trialDay, f func(trialDay) string) []string {
	out := make([]string, len(days))
	for i, d := range days {
		out[i] = f(d) + "\n"
	}
	return out
}

func ymd(d dates.Day) string { return d.Time().Format("20060102") }

func ymdText(days []trialDay) string {
	return "symbol,date,adj_close\n" + strings.Join(lines(days, func(d trialDay) string { return d.sym + "," + ymd(d.date) + "," + num(d.adj) }), "")
}

// scaled is the price as a decimal's unscaled integer.
func scaled(d trialDay, scale int) int64 { return int64(math.Round(*d.adj * math.Pow10(scale))) }

func decimalText(scale int) func([]trialDay) string {
	return func(days []trialDay) string {
		return "symbol,date,adj_close\n" + strings.Join(lines(days, func(d trialDay) string {
			v := scaled(d, scale)
			s := strconv.FormatInt(v, 10)
			for len(s) <= scale {
				s = "0" + s
			}
			return d.sym + "," + iso(d.date) + "," + s[:len(s)-scale] + "." + s[len(s)-scale:]
		}), "")
	}
}

// crspPrc is CRSP's PRC: the close, negative (a bid/ask average) on
// every fifth day.
func crspPrc(d trialDay) float64 {
	if int(d.date)%5 == 0 {
		return -d.close
	}
	return d.close
}

// shuffled is days in a fixed scrambled order.
func shuffled(days []trialDay) []trialDay {
	out := make([]trialDay, len(days))
	for i := range days {
		out[i] = days[(i*7919)%len(days)]
	}
	return out
}

// withNulls empties every 13th price (not an event's day 0 alone: the
// CSV gives the same exclusions).
func withNulls(days []trialDay) []trialDay {
	out := append([]trialDay(nil), days...)
	for i := range out {
		if i%13 == 5 {
			out[i].adj = nil
		}
	}
	return out
}

func ofSymbol(days []trialDay, s string) []trialDay {
	var out []trialDay
	for _, d := range days {
		if d.sym == s {
			out = append(out, d)
		}
	}
	return out
}

func noSymbol(d trialDay) pqNoSymbol { return pqNoSymbol{int32(d.date), d.adj, d.volume} }

// byYearOrder is days ordered by year, then as given.
func byYearOrder(days []trialDay) []trialDay {
	var out []trialDay
	for y := 2020; y <= 2030; y++ {
		for _, d := range days {
			if d.date.Time().Year() == y {
				out = append(out, d)
			}
		}
	}
	return out
}

// firstDiff shows the first differing line of two tables.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// withNaN sets every 17th price to NaN.
func withNaN(days []trialDay) []trialDay {
	out := append([]trialDay(nil), days...)
	for i := range out {
		if i%17 == 3 {
			out[i].adj = new(math.NaN())
		}
	}
	return out
}

// in2021 is the days of 2021.
func in2021(days []trialDay) []trialDay {
	var out []trialDay
	for _, d := range days {
		if d.date.Time().Year() == 2021 {
			out = append(out, d)
		}
	}
	return out
}

// wideDay is a day of the wide panel: TMUS and GSPC side by side.
type wideDay struct {
	date       dates.Day
	tmus, gspc *float64
}

// wide pivots days by date (ascending), nil where a symbol lacks the day.
func wide(days []trialDay) []wideDay {
	at := map[dates.Day]*wideDay{}
	var out []dates.Day
	for _, d := range days {
		w := at[d.date]
		if w == nil {
			w = &wideDay{date: d.date}
			at[d.date] = w
			out = append(out, d.date)
		}
		if d.sym == "TMUS" {
			w.tmus = d.adj
		} else {
			w.gspc = d.adj
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	ws := make([]wideDay, len(out))
	for i, d := range out {
		ws[i] = *at[d]
	}
	return ws
}

func wideText(dateName string, days []trialDay) string {
	var b strings.Builder
	b.WriteString(dateName + ",TMUS,GSPC\n")
	for _, w := range wide(days) {
		fmt.Fprintf(&b, "%s,%s,%s\n", iso(w.date), num(w.tmus), num(w.gspc))
	}
	return b.String()
}
