package study

import (
	"fmt"
	"github.com/breachlab/eventstudy/dates"
	"strings"
	"sync"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// inputs are the loaded price data around the events.
type inputs struct {
	panel      *prices.Panel
	marketName string
	market     *prices.Series
	cal        *dates.Calendar
	factors    *prices.Factors
	files      []results.InputFile
	detected   []string
	series     map[string]*returnSeries // aligned returns of every symbol used
	// anchors are the events' anchors on cal (anchored); nil until then.
	anchors []events.Anchor

	positionsOnce sync.Once
	allPositions  []int

	dateFormat  dates.DateFormat // for a second read of a file (split checks)
	companionOf map[fileCol2]*prices.Series
	shares      sharesTable    // --shares (dollar.go); nil without
	reference   *prices.Series // --bhar-reference (bhar.go); nil without

	// alias maps each wanted name to the panel's symbol for it
	// (symbols.go); matchNotes are the matches that are not exact.
	alias      map[string]string
	matchNotes []string

	// volume is the trading volume of the symbols used (--volume; nil
	// without volume data).
	volume      map[string]*prices.Volume
	volumeNotes []string

	gaps Gaps // --gaps: trade-to-trade rewrites each event's input
}

// symbol is the panel's symbol for a wanted name ("" when none).
func (in *inputs) symbol(name string) string {
	return in.alias[name]
}

// positions returns 0, 1, ..., cal.Len()-1, one array for every event.
func (in *inputs) positions() []int {
	in.positionsOnce.Do(func() {
		in.allPositions = make([]int, in.cal.Len())
		for i := range in.allPositions {
			in.allPositions[i] = i
		}
	})
	return in.allPositions
}

// loadInputs reads the price data the events need (docs/design.md's flow):
// the market and the trading calendar it gives, the panel, the factors;
// it records every input's hash and what was detected in it. A market
// file gives the calendar before the panel is read, so the events are
// anchored then and the panel keeps only the rows they use (the rest is
// checked and counted, not stored), which bounds the memory of a large
// panel; the market file's errors wait until the panel's are reported.
func loadInputs(s *Study, evf *events.File) (*inputs, error) {
	if s.Prices == "" {
		return nil, fmt.Errorf("no price data; pass --prices DIR or FILE")
	}
	if s.Market == "" {
		return nil, fmt.Errorf("no market series; pass --market TICKER (a series in the price data) or --market FILE")
	}
	in := &inputs{dateFormat: s.DateFormat, gaps: s.Gaps}
	opt := priceOptions(s, evf)
	var mf *marketFile
	if looksLikePath(s.Market) {
		mf = readMarketFile(s)
		if mf.cal != nil {
			in.cal = mf.cal
			states := newStates(evf, in.anchored(s, evf))
			eventWindows(states, s.Analysis, in.cal, display(s, s.Events))
			ranges := calendarRanges(s, dataRanges(states, s.Analysis, in.cal.Len()), states, in.cal.Len())
			opt.Keep, opt.KeepCalendar = keepRanges(ranges, in.cal), in.cal.Days
		}
	}
	// The manifest's SHA-256 of a price file is computed from the
	// loader's reads, not by reading a large file a second time.
	opt.SHA256 = true
	panel, err := prices.Load(s.Prices, opt)
	if err != nil {
		return nil, err
	}
	in.panel = panel
	in.detected = append(in.detected, "prices: "+panel.Detail)
	if mf.usable() {
		for name, ser := range mf.panel.Series {
			if _, clash := panel.Series[name]; !clash {
				panel.Series[name] = ser
			}
		}
	}
	if in.alias, in.matchNotes, err = matchSymbols(panel, symbolRoles(s, evf, mf != nil), s.Prices); err != nil {
		return nil, err
	}
	if len(in.matchNotes) > 0 {
		in.detected = append(in.detected, matchLine(in.matchNotes))
	}
	if err := in.setMarket(s, mf); err != nil {
		return nil, err
	}
	if in.volume, in.volumeNotes, err = loadVolume(s, in.panel, mf, in.panelSymbols()); err != nil {
		return nil, err
	}
	in.files = append(in.files, hashFiles(s, "events", []string{s.Events}, evf.Detail())...)
	in.detected = append([]string{"events: " + evf.Detail()}, in.detected...)
	in.files = append(in.files, panelFiles(s, "prices", panel)...)
	if s.Analysis.Model.Excess() {
		if err := in.loadFactors(s); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// priceOptions are the panel's load options: the symbols the events name
// (firms, their markets, peers, and a market ticker) and the reading
// progress of a large file.
func priceOptions(s *Study, evf *events.File) prices.LoadOptions {
	want := map[string]bool{}
	for _, e := range evf.Events {
		want[e.Firm] = true
		if e.Market != "" {
			want[e.Market] = true
		}
		for _, p := range e.Peers {
			want[p] = true
		}
	}
	if !looksLikePath(s.Market) {
		want[s.Market] = true
	}
	opt := prices.LoadOptions{DateFormat: s.DateFormat, Decimal: s.Decimal, PriceColumn: s.PriceColumn, ReturnsUnit: s.ReturnsUnit, Symbols: want,
		Volume: volumeAuto(s)}
	if s.Progress != nil {
		opt.Progress = func(done, total int64) {
			if total < readingProgressMin {
				return
			}
			mb, all := done>>20, total>>20
			if done < total {
				mb = max(min(mb, all-1), 0) // the bar ends once, at the last byte
			}
			s.Progress("reading MB", int(mb), int(all))
		}
	}
	return opt
}

// marketFile is a market read from its own file (--market FILE): its
// panel or error, and the trading calendar when it gives one.
type marketFile struct {
	panel *prices.Panel
	err   error
	cal   *dates.Calendar // nil unless the file holds one series of ≥ 2 valid days
}

// readMarketFile reads --market FILE with its own price column and
// returns unit.
func readMarketFile(s *Study) *marketFile {
	col := s.PriceColumn
	if s.MarketPriceColumn != "" {
		col = s.MarketPriceColumn
	}
	mf := &marketFile{}
	unit, from := s.marketUnit()
	mf.panel, mf.err = prices.Load(s.Market, prices.LoadOptions{DateFormat: s.DateFormat, Decimal: s.Decimal, PriceColumn: col,
		ReturnsUnit: unit, UnitFlag: "--market-returns-unit", UnitFrom: from, Volume: volumeAuto(s)})
	if mf.usable() {
		for _, ser := range mf.panel.Series {
			if cal, err := prices.MarketCalendar(ser); err == nil && cal.Len() >= 2 {
				mf.cal = cal
			}
		}
	}
	return mf
}

// usable reports whether mf is a market file read without error holding
// one series (false for nil: the market is a ticker).
func (mf *marketFile) usable() bool {
	return mf != nil && mf.err == nil && len(mf.panel.Series) == 1
}

// setMarket sets the market series (from its file, or the ticker in the
// panel) and, unless the market file gave it, the trading calendar.
func (in *inputs) setMarket(s *Study, mf *marketFile) error {
	if mf != nil {
		if mf.err != nil {
			return mf.err
		}
		if len(mf.panel.Series) != 1 {
			return fmt.Errorf("%s: market file holds %d series; give one series or name the market ticker with --market", s.Market, len(mf.panel.Series))
		}
		for name, ser := range mf.panel.Series {
			in.marketName, in.market = name, ser
			in.alias[name] = name
		}
		in.detected = append(in.detected, "market: "+mf.panel.Detail)
		in.files = append(in.files, hashFiles(s, "market", mf.panel.Files, mf.panel.Detail)...)
	} else {
		in.marketName = s.Market
		in.market = in.panel.Series[in.symbol(s.Market)]
		if in.market == nil {
			names := in.panel.Names
			return fmt.Errorf("%s: market series %q not found; name a ticker present in the price data (found %s) or pass --market FILE%s", s.Prices, s.Market, nameList(names), nearestIfMany(s.Market, names))
		}
	}
	if in.cal != nil {
		return nil
	}
	cal, err := prices.MarketCalendar(in.market)
	if err != nil {
		return fmt.Errorf("market series %s: %v", in.marketName, err)
	}
	if cal.Len() < 2 {
		return fmt.Errorf("market series %s has %d valid days; the trading calendar needs more", in.marketName, cal.Len())
	}
	in.cal = cal
	return nil
}

// loadFactors reads the Kenneth French files a factor model needs and
// checks that they hold its factors.
func (in *inputs) loadFactors(s *Study) error {
	f, err := prices.LoadFactors(s.Factors, prices.FactorOptions{Unit: s.FactorsUnit, RFColumn: s.RFColumn, DateFormat: s.DateFormat})
	if err != nil {
		return err
	}
	if len(f.Dates) == 0 {
		return fmt.Errorf("%s: the factor files have no date in common; pass files that cover the same days", strings.Join(s.Factors, ", "))
	}
	if s.Analysis.Model == analysis.ModelFactors {
		if len(f.Names) == 0 {
			return fmt.Errorf("%s: no factor column besides the risk-free rate; model factors needs at least one", strings.Join(s.Factors, ", "))
		}
		s.Analysis.FactorColumns = f.Names
	}
	for _, name := range s.Analysis.Regressors() {
		if _, ok := f.Column(name); !ok {
			return fmt.Errorf("%s: factor %s not found (have %s); model %s needs it", strings.Join(s.Factors, ", "), name, strings.Join(f.Names, ", "), s.Analysis.Model)
		}
	}
	in.factors = f
	in.files = append(in.files, hashFiles(s, "factors", f.Files, strings.Join(f.Names, ","))...)
	in.detected = append(in.detected, fmt.Sprintf("factors: %s (%s .. %s)", strings.Join(f.Names, ", "), f.Dates[0], f.Dates[len(f.Dates)-1]))
	return nil
}

// anchored returns every event's anchor on in.cal, anchoring them the
// first time it is called: this is the one place events are anchored,
// before the panel is read when a market file gives the calendar, in the
// pipeline's anchor step otherwise.
func (in *inputs) anchored(s *Study, evf *events.File) []events.Anchor {
	if in.anchors == nil {
		in.anchors = make([]events.Anchor, len(evf.Events))
		for i := range evf.Events {
			in.anchors[i] = events.AnchorEvent(&evf.Events[i], in.cal, s.Anchor, s.MaxShift)
		}
	}
	return in.anchors
}

// newStates pairs every event with its anchor, status ok until a step
// excludes it.
func newStates(evf *events.File, anchors []events.Anchor) []*eventState {
	states := make([]*eventState, len(evf.Events))
	for i := range evf.Events {
		states[i] = &eventState{ev: &evf.Events[i], anchor: anchors[i], status: StatusOK}
	}
	return states
}

// readingProgressMin is the size of price data from which reading it is
// shown on the progress bar (smaller files are read in well under a
// second).
var readingProgressMin int64 = 64 << 20

// nameList lists the names of the series the price data holds, read or
// not (a directory's files are filtered before they are read, so the
// series read would say "none" while GSPC.csv sits there).
func nameList(syms []string) string {
	if len(syms) > 10 {
		return strings.Join(syms[:10], ", ") + fmt.Sprintf(" and %d more", len(syms)-10)
	}
	if len(syms) == 0 {
		return "none"
	}
	return strings.Join(syms, ", ")
}

// nearestIfMany adds the nearest names when nameList cut the list.
func nearestIfMany(want string, names []string) string {
	if len(names) <= 10 {
		return ""
	}
	return "; " + nearestNames(want, names)
}

// panelSymbols are the panel's symbols the study uses (the matched names),
// the series whose volume is read.
func (in *inputs) panelSymbols() map[string]bool {
	m := make(map[string]bool, len(in.alias)+1)
	for _, sym := range in.alias {
		m[sym] = true
	}
	m[in.marketName] = true
	return m
}
