package events

import (
	"fmt"
	"sort"
	"strings"
)

// dateStamp is the clock part of a date cell that held a timestamp
// (2021-08-16T21:27:00Z); the cell itself keeps the date part.
type dateStamp struct {
	orig  string // the cell as written
	cell  cell   // position of the cell
	clock clock
	err   error // the clock part is malformed or its zone is refused
}

// splitStamps cuts the clock part off every date cell holding a timestamp,
// before the date format is resolved over the column, so that the date
// parser and the slash-order detection see dates only. The result has one
// entry per row, nil where the cell is a plain date.
func (p *parser) splitStamps(cols []column, rows [][]cell) []*dateStamp {
	out := make([]*dateStamp, len(rows))
	di := indexOf(cols, ColDate)
	if di < 0 {
		return out
	}
	for i, row := range rows {
		if di >= len(row) {
			continue
		}
		c := &row[di]
		date, clk, ok := splitTimestamp(c.s)
		if !ok {
			continue
		}
		st := &dateStamp{orig: c.s, cell: *c}
		st.clock, st.err = parseClockZone(clk)
		c.s = date
		out[i] = st
	}
	return out
}

// stampTally counts how the timestamps of a file were read, for
// File.Detection.
type stampTally struct {
	converted, midnight, local int
	zones                      map[string]bool
}

func (t *stampTally) notes() []string {
	var n []string
	if t.converted > 0 {
		zs := make([]string, 0, len(t.zones))
		for z := range t.zones {
			zs = append(zs, z)
		}
		sort.Strings(zs)
		n = append(n, fmt.Sprintf("%d zoned time(s) (%s) converted to New York time (%s, daylight saving by date) before anchoring",
			t.converted, strings.Join(zs, ", "), ExchangeZone))
	}
	if t.midnight > 0 {
		n = append(n, fmt.Sprintf("%d date(s) written as 00:00:00 timestamps with no zone (as pandas writes dates) read as dates without a clock time", t.midnight))
	}
	if t.local > 0 {
		n = append(n, fmt.Sprintf("%d timestamp(s) without a zone read as New York (exchange) time", t.local))
	}
	return n
}

// applyClock sets the event's time from the clock of its date cell (st) or
// of its time column (tc, tclk), converting a zoned time to the exchange
// clock: Date and Time become the New York date and time, which the
// anchoring rules then use (a 21:27Z time on 2021-08-16 is 17:27 EDT,
// after the close; 01:00Z on the 17th is 21:00 EDT on the 16th). A
// midnight without a zone in the date cell is pandas' way of writing a
// date, not a disclosure at midnight. e.Date must be parsed. ok is false
// after an error.
func (p *parser) applyClock(e *Event, dc *cell, st *dateStamp, tc *cell, tclk clock, tally *stampTally) bool {
	var clk clock
	have, fromDate := false, false
	given, at := "", cell{}
	if st != nil {
		switch {
		case st.err != nil:
			p.add(st.cell.line, st.cell.col, fmt.Sprintf("date %q: %v", st.orig, st.err), zoneHint(st.err))
			return false
		case st.clock.midnightNoZone():
			tally.midnight++
		default:
			clk, have, fromDate = st.clock, true, true
			given, at = st.orig, st.cell
		}
	}
	if tc != nil {
		if have {
			p.add(tc.line, tc.col, fmt.Sprintf("the date %q holds a clock time and the time column holds %q", st.orig, tc.s),
				"keep the time in one of the two columns")
			return false
		}
		clk, have = tclk, true
		given, at = tc.s, *tc
		if dc != nil {
			given = dc.s + " " + tc.s
			if st != nil {
				given = st.orig + " " + tc.s
			}
		}
	}
	if !have {
		return true
	}
	if clk.kind == zoneNone {
		e.Time = clk.hhmm()
		if fromDate {
			tally.local++
		}
		return true
	}
	d, hhmm, zone, err := exchangeTime(e.Date, clk)
	if err != nil {
		p.add(at.line, at.col, fmt.Sprintf("time %q: %v", given, err),
			"write ET for New York clock time (daylight saving applied by date), or give the UTC offset, e.g. -05:00")
		return false
	}
	e.Date, e.Time, e.Stamp, e.Zone = d, hhmm, given, zone
	tally.converted++
	if tally.zones == nil {
		tally.zones = map[string]bool{}
	}
	tally.zones[clk.zone] = true
	return true
}
