package study

import (
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/breachlab/eventstudy/inputerr"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/internal/parallel"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// LoadPeers reads a peers file: a header with the columns firm and peer
// (any order, other columns ignored; ',' ';' or tab separated), then one
// firm,peer pair per row. It returns each firm's peers in file order
// without duplicates. All problems of the file are reported at once as
// inputerr.InputErrors ("file:line:column: what; what to do").
func LoadPeers(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v; pass an existing firm,peer CSV to --peers", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return ParsePeers(path, data)
}

// ParsePeers parses the content of a peers file (see LoadPeers).
func ParsePeers(path string, data []byte) (map[string][]string, error) {
	var errs inputerr.InputErrors
	add := func(line, col int, what, hint string) {
		errs.Add(path, line, col, what, hint)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	delim := sniffDelimiter(first)
	r := csv.NewReader(strings.NewReader(string(data)))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		add(1, 0, "empty peers file", "write a header firm,peer and one pair per row")
		return nil, errs.Err()
	}
	if err != nil {
		add(1, 0, err.Error(), "fix the CSV syntax")
		return nil, errs.Err()
	}
	fc, pc := peerColumns(header)
	if fc < 0 || pc < 0 {
		add(1, 1, fmt.Sprintf("header %q lacks the columns firm and peer", strings.Join(header, string(delim))), "start the file with the header firm,peer")
		return nil, errs.Err()
	}
	out := map[string][]string{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				add(pe.Line, pe.Column, pe.Err.Error(), "fix the CSV syntax")
				continue
			}
			add(0, 0, err.Error(), "fix the CSV syntax")
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		cell := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		firm, peer := cell(fc), cell(pc)
		switch {
		case firm == "":
			_, col := r.FieldPos(min(fc, len(rec)-1))
			add(line, col, "empty firm", "give the ticker of the disclosing firm")
		case peer == "":
			_, col := r.FieldPos(min(pc, len(rec)-1))
			add(line, col, "empty peer", "give the ticker of a rival, or delete the row")
		case peer == firm:
			_, col := r.FieldPos(pc)
			add(line, col, fmt.Sprintf("%s is listed as its own peer", firm), "list rivals only")
		default:
			if !slices.Contains(out[firm], peer) {
				out[firm] = append(out[firm], peer)
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// sniffDelimiter is the separator of a peers file's header line: ';' or
// tab when it holds more of them than commas.
func sniffDelimiter(header string) rune {
	delim := ','
	for _, d := range []rune{';', '\t'} {
		if strings.Count(header, string(d)) > strings.Count(header, string(delim)) {
			delim = d
		}
	}
	return delim
}

// peerColumns are the positions of the firm and peer columns of a peers
// file's header (-1 when missing), under any of their accepted names.
func peerColumns(header []string) (firm, peer int) {
	firm, peer = -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
		case "firm", "ticker", "symbol":
			firm = i
		case "peer", "peers", "rival", "competitor":
			peer = i
		}
	}
	return firm, peer
}

// applyPeers gives every event without a peers cell the peers its firm
// has in the --peers file (the events file's own column wins).
func applyPeers(s *Study, evf *events.File) error {
	if s.PeersFile == "" {
		return nil
	}
	m, err := LoadPeers(s.PeersFile)
	if err != nil {
		return err
	}
	for i := range evf.Events {
		if e := &evf.Events[i]; len(e.Peers) == 0 {
			e.Peers = m[e.Firm]
		}
	}
	return nil
}

// addPeerSymbols adds every anchored event's peers to the symbols to
// align.
func addPeerSymbols(needed map[string]bool, states []*eventState) {
	for _, st := range states {
		if st.status != StatusOK {
			continue
		}
		for _, p := range st.ev.Peers {
			if p != st.ev.Firm {
				needed[p] = true
			}
		}
	}
}

// peerPortfolio is the equally weighted portfolio of peers' simple returns
// (compare.EqualWeighted) on the calendar positions lo..hi (an event's data
// range), in the study's return kind, and the peers found in the price
// data.
func peerPortfolio(peers []string, firm string, series map[string]*returnSeries, lo, hi int, log bool) (*returnSeries, []string, []string) {
	var cols [][]float64
	var found, missing []string
	var parts []*returnSeries
	for _, p := range peers {
		if p == firm {
			continue
		}
		ser := series[p]
		if ser == nil {
			missing = append(missing, p)
			continue
		}
		found = append(found, p)
		cols = append(cols, ser.slice(lo, hi, true))
		parts = append(parts, ser)
	}
	if len(cols) == 0 {
		return nil, found, missing
	}
	simple := compare.EqualWeighted(cols)
	g := segment{a: prices.Aligned{Lo: lo, R: simple}, r: simple}
	if log {
		g.r = make([]float64, len(simple))
		for i, v := range simple {
			g.r[i] = math.Log1p(v)
		}
	}
	return &returnSeries{segs: []segment{g}, parts: parts}, found, missing
}

// peerEstimates are the events' peer portfolios, estimated in the
// estimate step with the events: one pseudo-event "<event_id>:peers" per
// event with status ok and peers found in the price data.
type peerEstimates struct {
	states  []*eventState       // the pseudo-events, in file order
	peersOf map[string][]string // event id → its peers (those found, once a portfolio is made)
	notes   map[string]string   // event id → missing peers, an excluded portfolio
}

// estimatePeers estimates, for every event with status ok and peers, the
// pseudo-event "<event_id>:peers": the peer portfolio with the event's day
// 0, model, market and windows. A portfolio missing or excluded gets a
// note.
func estimatePeers(s *Study, in *inputs, states []*eventState, facCols [][]float64, rf []float64) peerEstimates {
	cfg := s.Analysis
	pe := peerEstimates{peersOf: map[string][]string{}, notes: map[string]string{}}
	series := make(map[string]*returnSeries, len(in.series)+len(states))
	for k, v := range in.series {
		series[k] = v
	}
	var orders []int
	for i, st := range states {
		if st.status != StatusOK || len(st.ev.Peers) == 0 {
			continue
		}
		ev := st.ev
		lo, hi := eventRange(st.anchor.Day0, st.config(cfg), in.cal.Len())
		port, found, missing := peerPortfolio(ev.Peers, ev.Firm, in.series, lo, hi, cfg.LogReturns)
		pe.peersOf[ev.ID] = ev.Peers
		if len(missing) > 0 {
			pe.notes[ev.ID] = "not in the price data: " + strings.Join(missing, ";")
		}
		if port == nil {
			continue
		}
		key := ev.ID + compare.PeerSuffix
		series[key] = port
		pev := *ev
		pev.ID, pev.Firm, pev.Peers, pev.Characteristics = key, key, nil, nil
		pe.peersOf[ev.ID] = found
		pe.states = append(pe.states, &eventState{ev: &pev, anchor: st.anchor, status: StatusOK, windows: st.windows})
		orders = append(orders, i)
	}
	parallel.For(len(pe.states), func(i int) {
		estimateEvent(s, pe.states[i], orders[i], in, series, facCols, rf)
	})
	for _, pst := range pe.states {
		if pst.status != StatusOK {
			id := strings.TrimSuffix(pst.ev.ID, compare.PeerSuffix)
			pe.notes[id] = strings.TrimPrefix(pe.notes[id]+"; ", "; ") + "peer portfolio excluded: " + pst.reason + " (" + pst.detail + ")"
		}
	}
	return pe
}

// carRows are the car.csv rows of the estimated peer portfolios (one per
// window; not part of car.csv, the peers table compares them).
func (pe peerEstimates) carRows(cfg analysis.Config) []results.CARRow {
	var rows []results.CARRow
	for _, pst := range pe.states {
		if pst.status != StatusOK {
			continue
		}
		at := len(rows)
		rows = append(rows, make([]results.CARRow, len(cfg.CARWindows))...)
		carRows(rows[at:], pst.est, cfg.CARWindows, cfg)
	}
	return rows
}
