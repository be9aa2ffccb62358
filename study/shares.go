package study

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
)

// SharesUnits are the --shares-unit values: the factor a shares file's
// values are multiplied by ("" = from the column name: SHROUT is in
// thousands, shares in shares).
var SharesUnits = map[string]float64{"": 0, "shares": 1, "thousands": 1e3, "millions": 1e6}

// sharesObs is one shares-outstanding figure of a shares file.
type sharesObs struct {
	date   dates.Day
	shares float64 // in shares; NaN for an empty or non-positive cell
}

// sharesTable is a --shares file: per symbol its figures in date order.
type sharesTable map[string][]sharesObs

// LoadShares reads a long shares file (docs/inputs.md "Shares
// outstanding"): a header naming a symbol column (symbol, ticker, firm,
// permno), a date column and a shares column (shares, or SHROUT: CRSP's,
// in thousands), one figure per row. unit ("", shares, thousands, millions)
// overrides the column's unit. Returns the table and its detection line.
func LoadShares(path, unit string, df dates.DateFormat) (sharesTable, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	return ParseShares(path, data, unit, df)
}

// ParseShares parses the content of a shares file (see LoadShares).
func ParseShares(path string, data []byte, unit string, df dates.DateFormat) (sharesTable, string, error) {
	var errs inputerr.InputErrors
	first, _, _ := strings.Cut(string(data), "\n")
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff")))
	r.Comma = sniffDelimiter(first)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		errs.Add(path, 1, 0, "no header", "start the file with the header symbol,date,shares")
		return nil, "", errs.Err()
	}
	syms, dc, vc, scale, source := sharesColumns(header)
	if len(syms) == 0 || dc < 0 || vc < 0 {
		errs.Add(path, 1, 1, fmt.Sprintf("header %q lacks the columns symbol, date and shares (or SHROUT, ShrOut, cshoc, csho)", strings.Join(header, ",")),
			"start the file with the header symbol,date,shares")
		return nil, "", errs.Err()
	}
	if f, ok := SharesUnits[unit]; ok && f > 0 {
		scale, source = f, "--shares-unit "+unit
	}
	out := sharesTable{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			errs.Add(path, line, 0, err.Error(), "fix the CSV syntax")
			break
		}
		if len(rec) <= max(slices.Max(syms), dc, vc) {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			errs.Add(path, line, 0, fmt.Sprintf("%d fields but the header has %d", len(rec), len(header)), "add the missing values")
			continue
		}
		d, err := dates.ParseDate([]byte(strings.TrimSpace(rec[dc])), df)
		if err != nil {
			errs.Add(path, line, dc+1, err.Error(), "write dates as YYYY-MM-DD")
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[vc]), 64)
		if err != nil || !(v > 0) || math.IsInf(v, 0) {
			v = math.NaN() // no usable figure: the event gets a no_shares warning
		}
		// Every symbol column keys the row (PERMNO and TICKER): events keyed
		// by either find it; a reused ticker keeps each firm's rows, and the
		// latest on or before day -1 is the firm that had it then.
		for _, sc := range syms {
			if sym := strings.ToUpper(strings.TrimSpace(rec[sc])); sym != "" {
				out[sym] = append(out[sym], sharesObs{date: d, shares: v * scale})
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, "", err
	}
	for _, obs := range out {
		sort.SliceStable(obs, func(i, j int) bool { return obs[i].date < obs[j].date })
	}
	name := func(i int) string { return strings.TrimSpace(header[i]) }
	also := ""
	if len(syms) > 1 {
		q := make([]string, len(syms)-1)
		for i, sc := range syms[1:] {
			q[i] = strconv.Quote(name(sc))
		}
		also = " (also " + strings.Join(q, ", ") + ")"
	}
	return out, fmt.Sprintf("%s: symbol %q%s, date %q, shares %q ×%g (%s)", path, name(syms[0]), also, name(dc), name(vc), scale, source), nil
}

// sharesSymbols are the symbol columns of a shares file, every one of
// which keys its rows; the first found names the file in the detection
// line: CRSP's PERMNO first (its price file is keyed by it, as tickers
// are reused), then the names the price loader knows.
var sharesSymbols = []string{"permno", "symbol", "ticker", "tic", "firm", "permco", "gvkey"}

// sharesDates are the date columns: CRSP legacy date, CIZ DlyCalDt and
// MthCalDt, Compustat datadate.
var sharesDates = []string{"date", "dlycaldt", "mthcaldt", "caldt", "datadate"}

// sharesValues are the shares columns with their unit and its source.
var sharesValues = []struct {
	name   string
	scale  float64
	source string
}{
	{"shares", 1, "in shares"},
	{"shares_outstanding", 1, "in shares"},
	{"shrout", 1000, "CRSP: in thousands"},  // legacy SHROUT and CIZ ShrOut
	{"cshoc", 1, "Compustat: in shares"},    // Security Daily
	{"csho", 1e6, "Compustat: in millions"}, // Fundamentals Annual
	{"cshoq", 1e6, "Compustat: in millions"},
}

// sharesColumns finds the symbol, date and shares columns of a header, the
// shares column's unit (SHROUT: thousands) and where the unit comes from.
func sharesColumns(header []string) (syms []int, date, val int, scale float64, source string) {
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = strings.ToLower(strings.TrimSpace(h))
	}
	find := func(names []string) int {
		for _, n := range names {
			if i := slices.Index(norm, n); i >= 0 {
				return i
			}
		}
		return -1
	}
	for _, n := range sharesSymbols {
		if i := slices.Index(norm, n); i >= 0 {
			syms = append(syms, i)
		}
	}
	date, val, scale = find(sharesDates), -1, 1
	for _, v := range sharesValues {
		if i := slices.Index(norm, v.name); i >= 0 {
			return syms, date, i, v.scale, v.source
		}
	}
	return syms, date, val, scale, ""
}

// at is sym's latest figure on or before d (NaN if none); symbols match
// ignoring case.
func (t sharesTable) at(sym string, d dates.Day) float64 {
	obs := t[strings.ToUpper(sym)]
	k := sort.Search(len(obs), func(i int) bool { return obs[i].date > d })
	if k == 0 {
		return math.NaN()
	}
	return obs[k-1].shares
}
