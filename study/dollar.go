package study

import (
	"fmt"
	"math"
	"sort"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
)

// The dollar value (docs/methodology.md 6.16): each estimated event's market
// capitalization on day -1, M = close(-1) × shares outstanding, or the
// events file's market_cap as given. The close is the unadjusted one when
// the study reads an adjusted column and the file has a Close beside it
// (prices.Companions): Adj Close on day -1 is scaled down by every later
// dividend, which would understate M. A returns column (CRSP RET, DlyRet)
// takes the close beside it (PRC, DlyPrc; |PRC|, prices.Closes), and a
// Compustat price (prccd / ajexdi × trfd) takes prccd itself. Events without a usable figure get
// a no_shares or no_mcap_price warning and empty dollar fields.

// loadShares reads --shares into in.shares, recording the file.
func (in *inputs) loadShares(s *Study) error {
	if s.SharesFile == "" {
		return nil
	}
	t, detail, err := LoadShares(s.SharesFile, s.SharesUnit, s.DateFormat)
	if err != nil {
		return err
	}
	in.shares = t
	in.files = append(in.files, hashFiles(s, "shares", []string{s.SharesFile}, detail)...)
	in.detected = append(in.detected, "shares: "+displayText(s, detail))
	return nil
}

// hasDollar reports whether the study has shares or market caps at all.
func (p *pipeline) hasDollar() bool {
	return len(p.evf.DollarColumns) > 0 || p.in.shares != nil
}

// marketCaps sets est.MCap of every estimated event (the series must
// still be aligned); nothing happens without shares or market caps.
func (p *pipeline) marketCaps() {
	if !p.hasDollar() {
		return
	}
	closes := p.unadjustedCloses()
	for _, st := range p.states {
		if st.status != StatusOK || st.est == nil {
			continue
		}
		m, code, msg := p.marketCap(st, closes)
		if code != "" {
			p.warn(st.ev.ID, code, msg)
		}
		if m > 0 { // mcap_adjusted_price warns and keeps the figure
			st.est.MCap = m
		}
	}
}

// marketCap is st's market cap on day -1, or a warning code and message.
func (p *pipeline) marketCap(st *eventState, closes map[string]*prices.Series) (float64, string, string) {
	ev := st.ev
	if mc := ev.MarketCap; mc > 0 && !math.IsInf(mc, 0) {
		return mc, "", ""
	}
	pos := st.anchor.Day0 - 1
	if pos < 0 || pos >= p.in.cal.Len() {
		return 0, "no_mcap_price", "no trading day before day 0: no market cap, dollar fields empty"
	}
	day := p.in.cal.Days[pos]
	shares := ev.Shares
	if !(shares > 0) && p.in.shares != nil {
		shares = p.in.shares.at(ev.Firm, day)
	}
	if !(shares > 0) || math.IsInf(shares, 0) {
		return 0, "no_shares", fmt.Sprintf("no positive shares outstanding or market cap on or before %s: dollar fields empty", day)
	}
	price := closeOn(closes[ev.Firm], day)
	fromAdjusted := false
	if math.IsNaN(price) {
		price = p.priceAt(ev.Firm, pos)
		rs := p.in.series[ev.Firm]
		fromAdjusted = rs != nil && rs.src != nil && rs.src.adjusted && !rs.src.isReturn
	}
	if !(price > 0) || math.IsInf(price, 0) {
		if rs := p.in.series[ev.Firm]; rs != nil && rs.src != nil && rs.src.isReturn && closes[ev.Firm] == nil {
			return 0, "no_mcap_price", fmt.Sprintf("no price on day -1 (%s): the price data hold returns (column %q) and no close beside them; add a market_cap column (day -1) or a close column (PRC) to get dollar fields",
				day, rs.src.column)
		}
		return 0, "no_mcap_price", fmt.Sprintf("no price on day -1 (%s): no market cap, dollar fields empty", day)
	}
	if fromAdjusted {
		col := p.in.series[ev.Firm].src.column
		return price * shares, "mcap_adjusted_price", fmt.Sprintf("market cap from the adjusted price (column %q) on day -1, %.6g: later dividends scale an adjusted price down, so mcap, dollar_car and dollar_se are low by the dividends paid since; give a market_cap column or prices with an unadjusted Close beside the adjusted one",
			col, price)
	}
	return price * shares, "", ""
}

// priceAt is the price the study read for sym on calendar position pos
// (NaN when there is none, or the series holds returns).
func (p *pipeline) priceAt(sym string, pos int) float64 {
	rs := p.in.series[sym]
	if rs == nil {
		return math.NaN()
	}
	g := rs.seg(pos)
	if g == nil || g.a.P == nil || pos-g.a.Lo >= len(g.a.P) {
		return math.NaN()
	}
	return g.a.P[pos-g.a.Lo]
}

// unadjustedCloses reads, for the firms of events needing a price, the
// unadjusted close beside an adjusted price column or a returns column
// (CRSP RET beside PRC), one read per file.
func (p *pipeline) unadjustedCloses() map[string]*prices.Series {
	type fileCol struct {
		file, column string
		isReturn     bool
	}
	bySrc := map[fileCol][]string{}
	seen := map[string]bool{}
	for _, st := range p.states {
		sym := st.ev.Firm
		if st.status != StatusOK || seen[sym] || needsNoPrice(st.ev) {
			continue
		}
		seen[sym] = true
		rs := p.in.series[sym]
		if rs == nil || rs.src == nil || !rs.src.isReturn && !prices.AdjustedColumn(rs.src.column) && !prices.CompustatColumn(rs.src.column) {
			continue
		}
		k := fileCol{rs.src.file, rs.src.column, rs.src.isReturn}
		bySrc[k] = append(bySrc[k], rs.src.symbol)
	}
	out := map[string]*prices.Series{}
	for k, syms := range bySrc {
		read := prices.Companions
		switch {
		case k.isReturn:
			read = prices.Closes // a returns column (CRSP RET): the close beside it
		case prices.CompustatColumn(k.column):
			read = prices.CompustatCloses // prccd itself, not prccd / ajexdi × trfd
		}
		for sym, c := range read(k.file, k.column, syms, p.in.dateFormat) {
			if !c.Adjusted && !prices.AdjustedColumn(c.Column) {
				out[sym] = c
			}
		}
	}
	// Companions keys by the panel's symbol; the events name the firm.
	for name, sym := range p.in.alias {
		if c, ok := out[sym]; ok && name != sym {
			out[name] = c
		}
	}
	return out
}

// needsNoPrice reports whether ev's market cap is given outright.
func needsNoPrice(ev *events.Event) bool { return ev.MarketCap > 0 }

// closeOn is s's value on d, NaN when s is nil or has none.
func closeOn(s *prices.Series, d dates.Day) float64 {
	if s == nil {
		return math.NaN()
	}
	k := sort.Search(len(s.Dates), func(i int) bool { return s.Dates[i] >= d })
	if k < len(s.Dates) && s.Dates[k] == d {
		return s.Values[k]
	}
	return math.NaN()
}
