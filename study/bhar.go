package study

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/breachlab/eventstudy/analysis/calendartime"
	"github.com/breachlab/eventstudy/inputerr"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// Long-horizon BHARs (docs/methodology.md 14.2, 14.3): with
// --calendar-time, every estimated event's buy-and-hold abnormal return
// over the same horizon against the market (bhar.csv), and against the
// --bhar-reference series when given; per group and benchmark the mean of
// the primary events with the skewness-adjusted t (bhar_group.csv).

// Benchmarks of bhar.csv.
const (
	BHARMarket    = "market"
	BHARReference = "reference"
)

// bharBootstrap is the number of bootstrap resamples of the
// skewness-adjusted t (Lyon, Barber & Tsai 1999 use 1000), and bharSeed
// their fixed seed: a rerun gives the same p.
const (
	bharBootstrap = 1000
	bharSeed      = 1999
)

// loadReference reads --bhar-reference: one series of prices or returns
// in any layout the price loader reads, with the market file's column and
// returns unit (a benchmark index or portfolio comes from where the market
// does, not from the firms' source).
func (in *inputs) loadReference(s *Study) error {
	if s.BHARReference == "" {
		return nil
	}
	col := s.PriceColumn
	if s.MarketPriceColumn != "" {
		col = s.MarketPriceColumn
	}
	unit, from := s.marketUnit()
	flag := "--market-returns-unit" // needs --market FILE (Validate)
	if s.Market == "" || !looksLikePath(s.Market) {
		flag = "--returns-unit"
	}
	panel, err := prices.Load(s.BHARReference, prices.LoadOptions{DateFormat: s.DateFormat, Decimal: s.Decimal, PriceColumn: col,
		ReturnsUnit: unit, UnitFlag: flag, UnitFrom: from})
	if err != nil {
		return referenceHints(err)
	}
	if len(panel.Series) != 1 {
		return fmt.Errorf("%s: the BHAR reference file holds %d series; give one series (a date and a price or return column)", s.BHARReference, len(panel.Series))
	}
	for _, ser := range panel.Series {
		in.reference = ser
	}
	in.files = append(in.files, hashFiles(s, "bhar_reference", panel.Files, panel.Detail)...)
	in.detected = append(in.detected, "bhar reference: "+displayText(s, panel.Detail))
	return nil
}

// referenceHints points the loader's hints at the flag that named the
// file: "check the --prices path" would send the user to the wrong flag.
func referenceHints(err error) error {
	var ies inputerr.InputErrors
	if errors.As(err, &ies) {
		for _, e := range ies {
			e.Hint = strings.ReplaceAll(e.Hint, "--prices", "--bhar-reference")
		}
	}
	return err
}

// validateBHAR checks that a reference series has a horizon to run over.
func (s *Study) validateBHAR() error {
	if s.BHARReference != "" && s.CalendarTime == nil {
		return fmt.Errorf("--bhar-reference %s needs --calendar-time (the horizon of the BHARs), e.g. --calendar-time 1,250", s.BHARReference)
	}
	return nil
}

// bharTables makes bhar.csv and bhar_group.csv.
func (p *pipeline) bharTables() {
	type bench struct {
		name string
		r    []float64
	}
	benches := []bench{{BHARMarket, p.long.market}}
	if p.long.reference != nil {
		benches = append(benches, bench{BHARReference, p.long.reference})
	}
	h, horizon := p.long.h, p.s.CalendarTime.String()
	for _, g := range p.groupNames {
		for _, b := range benches {
			byID := map[string]float64{}
			for _, st := range p.members[g] {
				r, ok := p.long.firm[st.ev.ID]
				if !ok {
					continue
				}
				v, nd := calendartime.BHAR(r, positions(b.r, st.anchor.Day0+h.From, h.Len()))
				byID[st.ev.ID] = v
				p.set.BHAR = append(p.set.BHAR, results.BHARRow{EventID: st.ev.ID, Group: g, Horizon: horizon, Benchmark: b.name, BHAR: results.Num(v), NDays: nd})
				if b.name == BHARMarket {
					p.warnTruncated(st, h)
				}
			}
			var x []float64
			for _, e := range p.out.Groups[g] {
				if v, ok := byID[e.ID]; ok {
					x = append(x, v)
				}
			}
			if len(x) == 0 {
				continue
			}
			t := calendartime.SkewnessAdjusted(x, bharBootstrap, bharSeed)
			p.set.BHARGroup = append(p.set.BHARGroup, bharGroupRow(g, horizon, b.name, t))
			if t.N < 3 {
				p.warn("", "bhar_few_events", fmt.Sprintf("group %s, benchmark %s: %d events with a BHAR; the mean's tests need at least 3", g, b.name, t.N))
			}
		}
	}
}

// warnTruncated notes an event whose horizon runs past the data's end.
func (p *pipeline) warnTruncated(st *eventState, h calendartime.Horizon) {
	n := p.in.cal.Len()
	if end := st.anchor.Day0 + h.To; end >= n {
		avail := max(n-(st.anchor.Day0+h.From), 0)
		p.warn(st.ev.ID, "bhar_truncated", fmt.Sprintf("horizon %s ends %d trading days after the last date of the market series; BHAR and calendar-time portfolio use the %d days available", p.s.CalendarTime, end-n+1, avail))
	}
}

// positions is s on positions from..from+n-1, NaN outside s.
func positions(s []float64, from, n int) []float64 {
	out := make([]float64, n)
	for k := range out {
		out[k] = math.NaN()
		if t := from + k; t >= 0 && t < len(s) {
			out[k] = s[t]
		}
	}
	return out
}

func bharGroupRow(g, horizon, bench string, t calendartime.SkewT) results.BHARGroupRow {
	row := results.BHARGroupRow{Group: g, Horizon: horizon, Benchmark: bench, N: t.N,
		Mean: results.Num(t.Mean), Median: results.Num(t.Median), SD: results.Num(t.SD), Skewness: results.Num(t.Skewness),
		T: results.Num(t.T), P: results.Num(t.P), TSA: results.Num(t.TSA), PSA: results.Num(t.PSA), PBoot: results.Num(t.PBoot)}
	if t.DF > 0 {
		row.DF = results.SomeInt(t.DF)
	}
	return row
}
