package study

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
)

// The names a study asks for (event firms, event markets, peers, the
// market) are matched to the price data's symbols by prices.SymbolMatch:
// exactly, else ignoring case, else by ticker form (BRK.B = BRK-B, ^GSPC =
// GSPC, NASDAQ:TMUS = TMUS, tmus.us = TMUS). Every match that is not exact
// is said (the detection line and a symbol_match warning); two symbols
// matching one name stop the run; a name matching none is reported with
// the nearest names the data holds.

// symbolRoles names what each wanted name is, for the messages.
func symbolRoles(s *Study, evf *events.File, marketIsFile bool) map[string]string {
	roles := map[string]string{}
	set := func(name, role string) {
		if _, ok := roles[name]; !ok {
			roles[name] = role
		}
	}
	if !marketIsFile {
		set(s.Market, "market")
	}
	for _, e := range evf.Events {
		set(e.Firm, "event firm")
		if e.Market != "" {
			set(e.Market, "event market")
		}
	}
	for _, e := range evf.Events {
		for _, p := range e.Peers {
			set(p, "peer")
		}
	}
	return roles
}

// matchSymbols maps every wanted name that the panel holds under some
// spelling to its symbol (alias), with a note for each match that is not
// exact. Two symbols for one name is an error.
func matchSymbols(panel *prices.Panel, roles map[string]string, where string) (alias map[string]string, notes []string, err error) {
	have := panel.Symbols()
	alias = make(map[string]string, len(roles))
	names := make([]string, 0, len(roles))
	for n := range roles {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []string
	for _, n := range names {
		got, level := prices.SymbolMatch(n, have)
		switch {
		case level == prices.MatchNone:
			continue
		case len(got) > 1:
			errs = append(errs, fmt.Sprintf("%s: %s %s matches %s; rename or remove all but one, or write the name as in the data",
				where, roles[n], n, strings.Join(describeAll(panel, got), " and ")))
			continue
		}
		alias[n] = got[0]
		if level != prices.MatchExact {
			notes = append(notes, fmt.Sprintf("%s %s matched %s", roles[n], n, describe(panel, got[0])))
		}
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return alias, notes, nil
}

// describe names where a symbol was read: its file in a directory, else
// the symbol in its file.
func describe(panel *prices.Panel, sym string) string {
	s := panel.Series[sym]
	if s == nil {
		return sym
	}
	if panel.Layout == "yahoo-dir" || panel.Layout == "yahoo-file" {
		return "file " + filepath.Base(s.File)
	}
	return fmt.Sprintf("symbol %s in %s", sym, filepath.Base(s.File))
}

func describeAll(panel *prices.Panel, syms []string) []string {
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = describe(panel, s)
	}
	return out
}

// nearestNames lists up to three names of names closest to want (edit
// distance between their upper-case forms), for a name not found.
func nearestNames(want string, names []string) string {
	if len(names) == 0 {
		return "the data holds no series"
	}
	type cand struct {
		name string
		d    int
	}
	k := prices.SymbolKey(want)
	cs := make([]cand, len(names))
	for i, n := range names {
		cs[i] = cand{n, min(events.EditDistance(strings.ToUpper(want), strings.ToUpper(n)), events.EditDistance(k, prices.SymbolKey(n)))}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for _, c := range cs[:min(3, len(cs))] {
		out = append(out, c.name)
	}
	more := ""
	if len(names) > 3 {
		more = fmt.Sprintf(" (of %d)", len(names))
	}
	return "nearest names in the data: " + strings.Join(out, ", ") + more
}

// matchLine is the detection line's summary of the notes.
func matchLine(notes []string) string {
	const show = 5
	if len(notes) <= show {
		return "symbols: " + strings.Join(notes, "; ")
	}
	return fmt.Sprintf("symbols: %s; and %d more (manifest warnings symbol_match)", strings.Join(notes[:show], "; "), len(notes)-show)
}
