// Command eventstudy-gen writes a deterministic synthetic event study: a
// long price panel, a market index and an events file, for benchmarks and
// for tests at research scale (docs/design.md; issue "Research scale: stream a
// 10-million-row price panel with 10,000 events in seconds").
//
//	eventstudy-gen -securities 2000 -days 5000 -events 10000 -seed 1 -out DIR
//
// writes
//
//	DIR/prices.csv   symbol,date,close — ISO dates, 6 decimals, sorted by symbol then date
//	                 (-format parquet: DIR/prices.parquet, the same rows, date as DATE)
//	DIR/market.csv   Yahoo layout Date,Open,High,Low,Close,Adj Close,Volume (symbol "market")
//	DIR/events.csv   event_id,firm,date,session,records
//
// Returns follow the market model R_it = alpha_i + beta_i R_mt + e_it with
// Student-t(4) innovations (daily volatility about 2%, beta ~ U(0.5,1.5),
// alpha ~ 0) on a calendar of weekdays from 2000-01-03 without Jan 1, Jul 4
// and Dec 25. About 0.1% of security-days are missing. Event days leave at
// least 280 trading days before and 15 after. A disclosure in the "after"
// session is dated the trading day before its day 0. The same flags give
// byte-identical files.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code (0 success,
// 1 write failure, 2 usage).
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eventstudy-gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s Spec
	fs.IntVar(&s.Securities, "securities", 2000, "number of securities")
	fs.IntVar(&s.Days, "days", 5000, "number of trading days from 2000-01-03")
	fs.IntVar(&s.Events, "events", 10000, "number of events")
	fs.Uint64Var(&s.Seed, "seed", 1, "random seed (same seed and flags, same bytes)")
	fs.Float64Var(&s.Abnormal, "abnormal", 0, "abnormal return injected on day 0 of every event (e.g. 0.01)")
	fs.IntVar(&s.Slice, "slice", 0, "write only the first N securities and the events on them (0 = all); the rows are identical to the full panel's")
	fs.Float64Var(&s.MissingPct, "missing", 0.1, "percent of security-days left out of prices.csv")
	fs.IntVar(&s.Season, "season", 0, "cluster the events in earnings seasons: every day 0 in the first N trading days of a quarter (0 = uniform over the calendar)")
	fs.StringVar(&s.Format, "format", "csv", "format of the panel: csv (prices.csv) or parquet (prices.parquet: symbol, date as DATE, close; the same rows)")
	out := fs.String("out", "", "output directory (created if missing; files in it are replaced)")
	quiet := fs.Bool("quiet", false, "print nothing on success")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: eventstudy-gen [flags] -out DIR\n\nWrites DIR/prices.csv, DIR/market.csv and DIR/events.csv.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "eventstudy-gen: unexpected argument %q; all options are flags\n", fs.Arg(0))
		return 2
	}
	if *out == "" {
		fmt.Fprintln(stderr, "eventstudy-gen: -out DIR is required")
		return 2
	}
	if err := s.Validate(); err != nil {
		fmt.Fprintf(stderr, "eventstudy-gen: %v\n", err)
		return 2
	}
	start := time.Now()
	st, err := Generate(*out, s)
	if err != nil {
		fmt.Fprintf(stderr, "eventstudy-gen: %v\n", err)
		return 1
	}
	if !*quiet {
		fmt.Fprintf(stdout, "%s: %d rows, %d bytes\n", filepath.Join(*out, pricesName(s)), st.PriceRows, st.PriceBytes)
		fmt.Fprintf(stdout, "%s: %d rows\n", filepath.Join(*out, "market.csv"), s.Days)
		fmt.Fprintf(stdout, "%s: %d events\n", filepath.Join(*out, "events.csv"), st.EventRows)
		fmt.Fprintf(stdout, "generated in %.2fs\n", time.Since(start).Seconds())
	}
	return 0
}

// Stats summarises what Generate wrote.
type Stats struct {
	PriceRows  int64
	PriceBytes int64
	EventRows  int
}

// Generate writes the three files of s into dir. Each file is written to a
// temporary name and renamed, so a reader never sees half a file.
func Generate(dir string, s Spec) (Stats, error) {
	var st Stats
	if err := s.Validate(); err != nil {
		return st, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	cal := Calendar(s.Days)
	rm := MarketReturns(s)
	evs := GenerateEvents(s)
	err := writeFile(filepath.Join(dir, "market.csv"), func(w io.Writer) error {
		return WriteMarket(w, s, cal, rm)
	})
	if err == nil {
		err = writeFile(filepath.Join(dir, "events.csv"), func(w io.Writer) (err error) {
			st.EventRows, err = WriteEvents(w, s, cal, evs)
			return err
		})
	}
	if err == nil {
		err = writeFile(filepath.Join(dir, pricesName(s)), func(w io.Writer) (err error) {
			if s.Format != "parquet" {
				st.PriceRows, err = WritePrices(w, s, cal, rm, evs)
				return err
			}
			pw := newParquetWriter(w)
			if st.PriceRows, err = WritePrices(pw, s, cal, rm, evs); err != nil {
				return err
			}
			return pw.Close()
		})
	}
	if err != nil {
		return st, err
	}
	fi, err := os.Stat(filepath.Join(dir, pricesName(s)))
	if err != nil {
		return st, err
	}
	st.PriceBytes = fi.Size()
	return st, nil
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // no-op after the rename
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// pricesName is the panel's file name for s.Format.
func pricesName(s Spec) string {
	if s.Format == "parquet" {
		return "prices.parquet"
	}
	return "prices.csv"
}
