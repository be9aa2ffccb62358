package study

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"math"
	"sort"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/prices"
)

// chartPad is how many trading days the price chart (prices.csv) shows
// before and after the event window. It only decides which rows
// prices.csv has, never which events are analysed.
const chartPad = 20

// staleLookAround is how many trading days past an event window the
// stale-price check follows a run of unchanged prices (a run that starts
// inside the window and lasts beyond it is still one stale run). It is a
// data-quality setting, kept apart from chartPad so that widening the
// price chart cannot change which events are excluded; the value is the
// one chartPad had when the two were one constant.
const staleLookAround = 20

// returnSeries is one security on the trading calendar over the positions
// the study uses (its segments: the union of its events' data ranges, all
// positions for the market). Outside them every value is missing, which no
// event can tell apart from the full series: a large panel is held once,
// and only where events look.
type returnSeries struct {
	segs []segment // ascending, disjoint
	// OffCalendar counts the series' dates that are not trading days
	// (ignored; reported as a warning).
	OffCalendar int
	// parts are the members of a peer portfolio, whose price checks stand
	// for the portfolio's (it has no prices of its own).
	parts []*returnSeries
	// src describes the series read (for the split checks); nil for a
	// portfolio.
	src *seriesSource
}

// segment is an aligned stretch of calendar positions a.Lo..a.Lo+len(r)-1:
// a holds the simple returns (a.R), the prices and their flags, r the
// study's returns (a.R itself for simple returns).
type segment struct {
	a prices.Aligned
	r []float64
}

func (s *returnSeries) seg(pos int) *segment {
	k := sort.Search(len(s.segs), func(k int) bool { return s.segs[k].a.Lo+len(s.segs[k].r) > pos })
	if k < len(s.segs) && s.segs[k].a.Lo <= pos {
		return &s.segs[k]
	}
	return nil
}

// ret is the study's return on calendar position pos (NaN outside).
func (s *returnSeries) ret(pos int) float64 {
	if g := s.seg(pos); g != nil {
		return g.r[pos-g.a.Lo]
	}
	return math.NaN()
}

// slice returns the study's returns (or, with simple, the simple returns)
// on positions first..last: part of a segment when one holds them all (an
// event's positions always lie in one), else a copy, NaN outside.
func (s *returnSeries) slice(first, last int, simple bool) []float64 {
	if g := s.seg(first); g != nil && last < g.a.Lo+len(g.r) {
		if simple {
			return g.a.R[first-g.a.Lo : last-g.a.Lo+1]
		}
		return g.r[first-g.a.Lo : last-g.a.Lo+1]
	}
	out := make([]float64, last-first+1)
	for k := range out {
		out[k] = math.NaN()
		if g := s.seg(first + k); g != nil {
			out[k] = g.r[first+k-g.a.Lo]
			if simple {
				out[k] = g.a.R[first+k-g.a.Lo]
			}
		}
	}
	return out
}

// quality is the first data-quality problem (prices.Aligned.Quality, in its
// order: price <= 0, invalid price, split-like jump, stale run) among the
// prices an event with estimation start first and event-window end last
// uses: the price on first-1 through last, stale runs counted over the
// event's data range (to last+staleLookAround) and flagged when they reach into
// first..last. "" when there is none. A split-like jump excludes only when
// split says so (splitVerdict); the others are returned as warnings.
func (s *returnSeries) quality(cal *dates.Calendar, first, last int, split splitJudge) (reason, detail string, warnings []string) {
	for _, p := range s.parts {
		reason, detail, w := p.quality(cal, first, last, split)
		warnings = append(warnings, w...)
		if reason != "" {
			return reason, detail, warnings
		}
	}
	g := s.seg(first)
	if g == nil || len(s.parts) > 0 {
		return "", "", warnings
	}
	lo := max(first-1, g.a.Lo)
	hi := min(last+staleLookAround, g.a.Lo+len(g.r)-1)
	view := g.a
	view.Lo, view.R = lo, g.a.R[lo-g.a.Lo:hi-g.a.Lo+1]
	if g.a.P != nil {
		view.P = g.a.P[lo-g.a.Lo : hi-g.a.Lo+1]
	}
	view.Invalid, view.NonPositive = within(g.a.Invalid, first, last), within(g.a.NonPositive, first, last)
	reason, detail, w := qualityReason(view.Quality(cal), first, last, func(f prices.Flag) (bool, string) {
		if split == nil {
			return splitVerdict(f, s.src, math.NaN(), "")
		}
		return split(s, f)
	})
	return reason, detail, append(warnings, w...)
}

// within returns the ascending positions of ps in first..last.
func within(ps []int, first, last int) []int {
	i := sort.SearchInts(ps, first)
	j := sort.SearchInts(ps, last+1)
	return ps[i:j]
}

// dataRanges returns, per symbol the anchored events use (firm, the
// event's market, peers), the merged calendar positions of their data
// ranges: from the day before the estimation window (the first return
// needs its price) or the price chart's start, to chartPad days (the
// chart) or staleLookAround days (the stale-price check) after the event
// window, whichever is further; n is the calendar length.
func dataRanges(states []*eventState, cfg analysis.Config, n int) map[string][][2]int {
	raw := map[string][][2]int{}
	add := func(sym string, lo, hi int) {
		if lo <= hi {
			raw[sym] = append(raw[sym], [2]int{lo, hi})
		}
	}
	for _, st := range states {
		if st.anchor.Reason != "" || st.anchor.Day0 < 0 {
			continue
		}
		lo, hi := eventRange(st.anchor.Day0, st.config(cfg), n)
		add(st.ev.Firm, lo, hi)
		if st.ev.Market != "" {
			add(st.ev.Market, lo, hi)
		}
		for _, p := range st.ev.Peers {
			add(p, lo, hi)
		}
	}
	return mergeRanges(raw)
}

// mergeRanges sorts each symbol's ranges and joins those that overlap or
// touch.
func mergeRanges(raw map[string][][2]int) map[string][][2]int {
	for sym, rs := range raw {
		sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
		merged := rs[:1]
		for _, r := range rs[1:] {
			if m := &merged[len(merged)-1]; r[0] <= m[1]+1 {
				m[1] = max(m[1], r[1])
			} else {
				merged = append(merged, r)
			}
		}
		raw[sym] = merged
	}
	return raw
}

// eventRange is the data range of an event with day 0 on position day0.
func eventRange(day0 int, cfg analysis.Config, n int) (lo, hi int) {
	before := min(cfg.Estimation.T1-1, cfg.EventWindow.T1-chartPad)
	after := cfg.EventWindow.T2 + max(chartPad, staleLookAround)
	return max(day0+before, 0), min(day0+after, n-1)
}

// alignAll places every needed name's series (symbol gives the panel's
// symbol for a name, symbols.go) on the calendar over its data ranges (all
// positions for names without ranges: the market), in parallel, and
// releases the loaded series (the panel keeps its Detail and Files).
func alignAll(panel *prices.Panel, symbol func(string) string, cal *dates.Calendar, syms map[string]bool, ranges map[string][][2]int, log bool) map[string]*returnSeries {
	names := make([]string, 0, len(syms))
	for s := range syms {
		if panel.Series[symbol(s)] != nil {
			names = append(names, s)
		}
	}
	sort.Strings(names)
	out := make([]*returnSeries, len(names))
	parallel.For(len(names), func(i int) {
		ser := panel.Series[symbol(names[i])]
		rs, ok := ranges[names[i]]
		if !ok {
			rs = [][2]int{{0, cal.Len() - 1}}
		}
		out[i] = alignRanges(ser, cal, rs, log)
	})
	m := make(map[string]*returnSeries, len(names))
	for i, n := range names {
		m[n] = out[i]
	}
	for _, n := range names {
		panel.Series[symbol(n)] = nil // free the raw series; returns are all we need now
	}
	return m
}

func alignRanges(ser *prices.Series, cal *dates.Calendar, ranges [][2]int, log bool) *returnSeries {
	out := &returnSeries{segs: make([]segment, len(ranges)), src: sourceOf(ser)}
	var logs []prices.Aligned
	if log {
		logs = ser.AlignRanges(cal, prices.Log, ranges)
	}
	for k, a := range ser.AlignRanges(cal, prices.Simple, ranges) {
		if k == 0 {
			out.OffCalendar = a.OffCalendar
		}
		out.segs[k] = segment{a: a, r: a.R}
		if log {
			out.segs[k].r = logs[k].R
		}
	}
	return out
}

func sortedKeys(m map[string]*returnSeries) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// keepRanges turns data ranges into the loader's date ranges
// (prices.LoadOptions.Keep).
func keepRanges(ranges map[string][][2]int, cal *dates.Calendar) map[string][]prices.DayRange {
	keep := make(map[string][]prices.DayRange, len(ranges))
	for sym, rs := range ranges {
		dr := make([]prices.DayRange, len(rs))
		for i, r := range rs {
			// From the trading day before: the segment's first return needs
			// its price, so a filtered read aligns to the same values.
			dr[i] = prices.DayRange{First: cal.Days[max(r[0]-1, 0)], Last: cal.Days[r[1]]}
		}
		keep[sym] = dr
	}
	return keep
}

// qualityReason excludes an event whose windows [first,last] contain a
// data-quality flag of its firm (docs/design.md "Errors and bad input"). A
// split-like jump excludes only when split says so; otherwise it becomes a
// warning (its text in warnings), and the next flag is looked at.
func qualityReason(fl []prices.Flag, first, last int, split func(prices.Flag) (bool, string)) (reason, detail string, warnings []string) {
	for _, f := range fl {
		if f.Last < first || f.Pos > last {
			continue
		}
		switch f.Code {
		case "split_like_jump":
			exclude, why := split(f)
			if exclude {
				return ReasonSuspectedSplit, fmt.Sprintf("%s: %s; %s", f.Date, f.Detail, why), warnings
			}
			warnings = append(warnings, fmt.Sprintf("%s: %s; %s", f.Date, f.Detail, why))
		case "stale_prices":
			return ReasonStalePrices, fmt.Sprintf("%s: %s", f.Date, f.Detail), warnings
		case "non_positive_price", "invalid_price":
			return ReasonInvalidPrices, fmt.Sprintf("%s: %s", f.Date, f.Detail), warnings
		}
	}
	return "", "", warnings
}
