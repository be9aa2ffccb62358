package main

import (
	"bufio"
	"cmp"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// Spec describes one synthetic study. The same Spec always yields the same
// bytes: every random draw comes from a PCG stream keyed by (Seed, stream),
// one stream per security, so a security's prices do not depend on how many
// securities are written or on which goroutine generates them.
type Spec struct {
	Securities int     // number of securities in the panel
	Days       int     // number of trading days in the calendar
	Events     int     // number of events (disclosures)
	Seed       uint64  // seed of every PCG stream
	Abnormal   float64 // abnormal return added on day 0 of every event
	Slice      int     // write only the first Slice securities and their events; 0 = all
	MissingPct float64 // share of security-days left out of prices.csv (gaps)
	// Format of the panel: "csv" (or "") writes prices.csv, "parquet"
	// prices.parquet with the same rows (parquet.go).
	Format string
	// Season clusters the events as earnings announcements do: every day 0
	// falls in the first Season trading days of a quarter (quarterDays
	// apart). 0 spreads them uniformly over the calendar.
	Season int
}

// quarterDays is a quarter in trading days (252 a year).
const quarterDays = 63

// Model parameters of the data-generating process. The market model
// R_it = alpha_i + beta_i R_mt + sigma_i e_it with e_it ~ t(4)/sqrt(2) (unit
// variance, fat tails) is the null hypothesis of Brown & Warner (1985)
// simulations, so the generated panel is one where the tests' size is known.
const (
	startYear, startMonth, startDay = 2000, 1, 3 // first trading day (a Monday)

	marketMean  = 0.0003 // daily market drift (about 7.5% a year)
	marketSigma = 0.01   // daily market volatility
	tDF         = 4      // degrees of freedom of every innovation
	idioSigma   = 0.02   // typical idiosyncratic daily volatility
	betaLo      = 0.5    // beta ~ U(betaLo, betaHi)
	betaHi      = 1.5
	alphaHalf   = 0.0001 // alpha ~ U(-alphaHalf, alphaHalf): economically zero
	minReturn   = -0.9   // floor on a simple return, so that a price stays > 0 whatever -abnormal is
	// maxInnovation caps |e_it| in standard deviations (a unit-variance
	// t(4) exceeds it with probability ≈ 2e-5): an idiosyncratic move is
	// then at most 10 × 2.5% = 25%, below the 30% that prices.Quality
	// needs to suspect a split, unless the market also moves several
	// percent in the same direction on the same day.
	maxInnovation = 10

	// Events need the default estimation window (-260,-11) plus margin before
	// day 0 and the default event window (-10,10) plus margin after.
	minBefore = 280
	minAfter  = 15
)

// PCG stream keys. Security i uses stream streamSecurity+i.
const (
	streamMarket   = 1
	streamEvents   = 2
	streamSecurity = 1 << 32
)

// holidays are the fixed-date market holidays left out of the weekday
// calendar (month, day). Real exchange calendars also move holidays to
// Fridays and Mondays; fixed dates are enough to put gaps in the calendar.
var holidays = [][2]int{{1, 1}, {7, 4}, {12, 25}}

// Calendar returns n trading days: weekdays from 2000-01-03 without the
// fixed holidays.
func Calendar(n int) []dates.Day {
	days := make([]dates.Day, 0, n)
	for d := dates.DayOf(startYear, startMonth, startDay); len(days) < n; d++ {
		if wd := d.Weekday(); wd == 0 || wd == 6 {
			continue
		}
		_, m, md := d.Time().Date()
		if slices.Contains(holidays, [2]int{int(m), md}) {
			continue
		}
		days = append(days, d)
	}
	return days
}

// Event is one generated disclosure.
type Event struct {
	ID       string
	Firm     int    // security index
	Day0     int    // calendar position of the true day 0
	Date     int    // calendar position of the disclosure date written to the file
	Session  string // "pre", "intraday" or "after" (after the close: day 0 is the next day)
	Records  int64  // breached records, the characteristic column
	Abnormal float64
}

// Validate rejects specs that cannot be generated.
func (s Spec) Validate() error {
	switch {
	case s.Securities < 1:
		return fmt.Errorf("-securities %d: need at least 1", s.Securities)
	case s.Days < minBefore+minAfter+1:
		return fmt.Errorf("-days %d: need at least %d so that an event has %d days before and %d after", s.Days, minBefore+minAfter+1, minBefore, minAfter)
	case s.Events < 0:
		return fmt.Errorf("-events %d: must not be negative", s.Events)
	case s.Events > s.Securities*(s.Days-minBefore-minAfter):
		return fmt.Errorf("-events %d: more than the %d distinct security-days available", s.Events, s.Securities*(s.Days-minBefore-minAfter))
	case s.Slice < 0:
		return fmt.Errorf("-slice %d: must not be negative", s.Slice)
	case !(s.MissingPct >= 0 && s.MissingPct < 100):
		return fmt.Errorf("-missing %g: must be a percentage in [0,100)", s.MissingPct)
	case s.Format != "" && s.Format != "csv" && s.Format != "parquet":
		return fmt.Errorf("-format %q: must be csv or parquet", s.Format)
	case !(s.Abnormal > minReturn && s.Abnormal <= 1):
		return fmt.Errorf("-abnormal %g: must be a daily return in (%g,1]", s.Abnormal, minReturn)
	case s.Season < 0 || s.Season > quarterDays:
		return fmt.Errorf("-season %d: must be between 0 (no seasons) and %d (a quarter's trading days)", s.Season, quarterDays)
	case s.Season > 0 && s.Events > s.Securities*s.seasonDays():
		return fmt.Errorf("-events %d: more than the %d distinct security-days in seasons of %d days", s.Events, s.Securities*s.seasonDays(), s.Season)
	}
	return nil
}

// seasonDays is the number of trading days that can be a day 0 with
// seasons: Season days in each whole quarter of the span events may use.
func (s Spec) seasonDays() int { return (s.Days - minBefore - minAfter) / quarterDays * s.Season }

// day0 draws an event's day 0: uniform over the span events may use, or
// uniform over its seasons' days.
func (s Spec) day0(rng *rand.Rand, span int) int {
	if s.Season == 0 {
		return minBefore + rng.IntN(span)
	}
	k := rng.IntN(s.seasonDays())
	return minBefore + k/s.Season*quarterDays + k%s.Season
}

// written is the number of securities written.
func (s Spec) written() int {
	if s.Slice > 0 && s.Slice < s.Securities {
		return s.Slice
	}
	return s.Securities
}

// Symbol is the ticker of security i: S0001, S0002, ...
func Symbol(i, n int) string {
	w := max(4, len(strconv.Itoa(n)))
	return fmt.Sprintf("S%0*d", w, i+1)
}

// GenerateEvents draws the events of the full panel, sorted by firm and day 0,
// with IDs in that order. A slice keeps the events of its firms with the same
// IDs, so results on a slice can be compared row by row with the full run.
func GenerateEvents(s Spec) []Event {
	rng := rand.New(rand.NewPCG(s.Seed, streamEvents))
	span := s.Days - minBefore - minAfter
	seen := make(map[[2]int]bool, s.Events)
	evs := make([]Event, 0, s.Events)
	for len(evs) < s.Events {
		e := Event{Firm: rng.IntN(s.Securities), Day0: s.day0(rng, span)}
		// Records ~ lognormal, median about 160,000 (exp 12).
		e.Records = int64(math.Round(math.Exp(12 + 2*rng.NormFloat64())))
		switch u := rng.Float64(); {
		case u < 0.2:
			e.Session, e.Date = "pre", e.Day0
		case u < 0.7:
			e.Session, e.Date = "intraday", e.Day0
		default:
			e.Session, e.Date = "after", e.Day0-1
		}
		// One event per firm and day: an injected abnormal return is then
		// exactly -abnormal on every day 0.
		k := [2]int{e.Firm, e.Day0}
		if seen[k] {
			continue
		}
		seen[k] = true
		e.Abnormal = s.Abnormal
		evs = append(evs, e)
	}
	slices.SortFunc(evs, func(a, b Event) int {
		return cmp.Or(cmp.Compare(a.Firm, b.Firm), cmp.Compare(a.Day0, b.Day0))
	})
	w := len(strconv.Itoa(s.Events))
	for i := range evs {
		evs[i].ID = fmt.Sprintf("E%0*d", w, i+1)
	}
	return evs
}

// tDraw returns unit-variance Student-t(4) innovations from src, truncated
// at ±maxInnovation standard deviations by redrawing. Without the cap about
// one security-day in 100,000 moves by 30-50%, which the split detector of
// package prices rightly flags as a suspected unadjusted split; the
// synthetic null should contain no data errors, only gaps.
func tDraw(src rand.Source) func() float64 {
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: tDF, Src: src}
	scale := math.Sqrt((tDF - 2) / float64(tDF)) // Var t(nu) = nu/(nu-2)
	return func() float64 {
		for {
			if e := scale * t.Rand(); math.Abs(e) <= maxInnovation {
				return e
			}
		}
	}
}

// MarketReturns draws the market's simple returns; element 0 is unused (the
// first day has a price but no return).
func MarketReturns(s Spec) []float64 {
	src := rand.NewPCG(s.Seed, streamMarket)
	draw := tDraw(src)
	r := make([]float64, s.Days)
	for t := 1; t < s.Days; t++ {
		r[t] = max(minReturn, marketMean+marketSigma*draw())
	}
	return r
}

// dateBytes formats every calendar day once (ISO 2006-01-02).
func dateBytes(cal []dates.Day) [][]byte {
	out := make([][]byte, len(cal))
	for i, d := range cal {
		out[i] = []byte(d.String())
	}
	return out
}

// WriteMarket writes the market index in Yahoo layout
// (Date,Open,High,Low,Close,Adj Close,Volume). Open is the previous close,
// High and Low bracket Open and Close, Adj Close equals Close.
func WriteMarket(w io.Writer, s Spec, cal []dates.Day, rm []float64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("Date,Open,High,Low,Close,Adj Close,Volume\n")
	rng := rand.New(rand.NewPCG(s.Seed, streamMarket+1<<16))
	dates := dateBytes(cal)
	var buf []byte
	p := 1000.0
	for t := range cal {
		open := p
		if t > 0 {
			p *= 1 + rm[t]
		}
		hi := max(open, p) * (1 + 0.004*rng.Float64())
		lo := min(open, p) * (1 - 0.004*rng.Float64())
		vol := 1_000_000_000 + rng.Int64N(1_000_000_000)
		buf = append(buf[:0], dates[t]...)
		for _, v := range []float64{open, hi, lo, p, p} {
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, v, 'f', 6, 64)
		}
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, vol, 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}

// securityRows appends the rows `symbol,date,close` of security i to buf
// and returns it with the number of rows. ar maps calendar positions to
// injected abnormal returns.
func securityRows(buf []byte, s Spec, i int, dates [][]byte, rm []float64, ar map[int]float64) ([]byte, int) {
	src := rand.NewPCG(s.Seed, streamSecurity+uint64(i))
	rng := rand.New(src)
	beta := betaLo + (betaHi-betaLo)*rng.Float64()
	alpha := alphaHalf * (2*rng.Float64() - 1)
	sigma := idioSigma * (0.75 + 0.5*rng.Float64()) // 1.5% to 2.5%
	p := 10 + 90*rng.Float64()
	draw := tDraw(src)
	missing := s.MissingPct / 100
	sym := []byte(Symbol(i, s.Securities))
	rows := 0
	for t := range dates {
		if t > 0 {
			r := alpha + beta*rm[t] + sigma*draw() + ar[t]
			p *= 1 + max(minReturn, r)
		}
		// Always draw, so that the price path does not depend on the gap rate.
		if rng.Float64() < missing {
			continue
		}
		buf = append(buf, sym...)
		buf = append(buf, ',')
		buf = append(buf, dates[t]...)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, p, 'f', 6, 64)
		buf = append(buf, '\n')
		rows++
	}
	return buf, rows
}

// WritePrices writes the long price panel `symbol,date,close`, sorted by
// symbol then date, generating securities in parallel and writing them in
// order. It returns the number of data rows.
func WritePrices(w io.Writer, s Spec, cal []dates.Day, rm []float64, evs []Event) (int64, error) {
	ar := make(map[int]map[int]float64)
	for _, e := range evs {
		if e.Abnormal == 0 {
			continue
		}
		if ar[e.Firm] == nil {
			ar[e.Firm] = map[int]float64{}
		}
		ar[e.Firm][e.Day0] += e.Abnormal
	}
	dates := dateBytes(cal)
	n := s.written()
	workers := runtime.GOMAXPROCS(0)
	// Buffers are recycled: one security's rows are ~30 bytes a day.
	pool := sync.Pool{New: func() any { b := make([]byte, 0, 32*len(cal)); return &b }}

	type chunk struct {
		buf  *[]byte
		rows int
	}
	type job struct {
		i   int
		out chan chunk
	}
	jobs := make(chan job)
	order := make(chan chan chunk, 4*workers) // bounds the buffers in flight
	go func() {
		defer close(jobs)
		defer close(order)
		for i := range n {
			out := make(chan chunk, 1)
			order <- out
			jobs <- job{i, out}
		}
	}()
	for range workers {
		go func() {
			for j := range jobs {
				b := pool.Get().(*[]byte)
				var rows int
				*b, rows = securityRows((*b)[:0], s, j.i, dates, rm, ar[j.i])
				j.out <- chunk{b, rows}
			}
		}()
	}

	// A Parquet writer takes a security's rows whole (one Write each);
	// text goes through a buffer.
	var bw io.Writer = w
	flush := func() error { return nil }
	if _, ok := w.(*parquetWriter); !ok {
		b := bufio.NewWriterSize(w, 1<<20)
		b.WriteString("symbol,date,close\n")
		bw, flush = b, b.Flush
	}
	var rows int64
	var err error
	for out := range order { // drained to the end even after an error, so no goroutine leaks
		c := <-out
		if err == nil {
			rows += int64(c.rows)
			_, err = bw.Write(*c.buf)
		}
		pool.Put(c.buf)
	}
	if err != nil {
		return rows, err
	}
	return rows, flush()
}

// WriteEvents writes `event_id,firm,date,session,records` for the events on
// the written securities.
func WriteEvents(w io.Writer, s Spec, cal []dates.Day, evs []Event) (int, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString("event_id,firm,date,session,records\n")
	n, rows := s.written(), 0
	var buf []byte
	for _, e := range evs {
		if e.Firm >= n {
			continue
		}
		buf = append(buf[:0], e.ID...)
		buf = append(buf, ',')
		buf = append(buf, Symbol(e.Firm, s.Securities)...)
		buf = append(buf, ',')
		buf = append(buf, cal[e.Date].String()...)
		buf = append(buf, ',')
		buf = append(buf, e.Session...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, e.Records, 10)
		buf = append(buf, '\n')
		bw.Write(buf)
		rows++
	}
	return rows, bw.Flush()
}
