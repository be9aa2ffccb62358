package prices

import (
	"slices"
	"strings"
	"unicode"
)

// Ticker spellings differ between sources and between a researcher's
// events file and their price files: case (tmus.csv from Stooq, TMUS.csv
// from Yahoo), share-class separators (BRK.B on CRSP and the exchanges,
// BRK-B on Yahoo, BRK/B on Bloomberg, "BRK B" in Excel), index carets
// (Yahoo's ^GSPC, saved as GSPC.csv), exchange prefixes (Google's and
// TradingView's NASDAQ:TMUS, NYSE:T) and US exchange suffixes (Stooq's
// tmus.us, Refinitiv's TMUS.O and T.N, Bloomberg's "TMUS US Equity").
// A name is matched exactly first, then ignoring case, then by SymbolKey,
// and a match that is not exact is reported (the study's symbol_match
// warning). Two candidates at the first level that has any is an error
// naming both: a guess between them could read the wrong firm.

// exchangeSuffixes are the US exchange suffixes SymbolKey drops: Stooq's
// .US, Refinitiv's .O/.OQ (Nasdaq) and .N (NYSE). Foreign suffixes (.TO,
// .L, ...) are kept: SHOP.TO is not SHOP.
var exchangeSuffixes = []string{".US", ".OQ", ".O", ".N"}

// SymbolKey is the form of a ticker that SymbolMatch compares last: upper
// case, without an exchange prefix ("NASDAQ:"), an index caret, a
// Bloomberg yellow key (" Equity", " Index") or a US exchange suffix,
// and with '.' for every share-class separator ('-', '/', '_', blank).
// SymbolKey(SymbolKey(s)) == SymbolKey(s).
func SymbolKey(s string) string {
	k := strings.ToUpper(strings.TrimSpace(s))
	for {
		next := keyStep(k)
		if next == k || next == "" {
			return k
		}
		k = next
	}
}

func keyStep(k string) string {
	k = strings.TrimSpace(k)
	for _, yk := range []string{" EQUITY", " INDEX"} {
		k = strings.TrimSuffix(k, yk)
	}
	if i := strings.LastIndexByte(k, ':'); i > 0 && letters(k[:i]) {
		k = k[i+1:]
	}
	k = strings.TrimLeft(k, "^")
	k = strings.Map(func(r rune) rune {
		switch r {
		case '-', '/', '_', ' ':
			return '.'
		}
		return r
	}, k)
	for _, suf := range exchangeSuffixes {
		if len(k) > len(suf) && strings.HasSuffix(k, suf) {
			k = k[:len(k)-len(suf)]
			break
		}
	}
	// A dropped caret or suffix can bare a blank ('\r' is not a
	// separator): trimmed here, not by the next step, which may give ""
	// and end the loop with the blank kept.
	return strings.TrimSpace(k)
}

func letters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// Match levels of SymbolMatch.
const (
	MatchNone  = ""
	MatchExact = "exact"
	MatchCase  = "case"   // same letters, other case
	MatchKey   = "ticker" // same SymbolKey
)

// SymbolMatch finds want among have: exactly, else ignoring case, else
// by SymbolKey. It returns the names matched at the first level with any
// (one: the match; two or more: ambiguous) and the level, or MatchNone.
func SymbolMatch(want string, have []string) (names []string, level string) {
	for _, h := range have {
		if h == want {
			return []string{h}, MatchExact
		}
	}
	for _, h := range have {
		if strings.EqualFold(h, want) {
			names = append(names, h)
		}
	}
	if len(names) > 0 {
		return names, MatchCase
	}
	k := SymbolKey(want)
	for _, h := range have {
		if SymbolKey(h) == k {
			names = append(names, h)
		}
	}
	if len(names) > 0 {
		return names, MatchKey
	}
	return nil, MatchNone
}

// symbolFilter is LoadOptions.Symbols widened to every name that
// SymbolMatch could match to one of them (same SymbolKey), so a file's
// "tmus" or "BRK-B" is read for a study that asks for TMUS or BRK.B. The
// check runs once per symbol (long files) or column (wide), never per row.
type symbolFilter struct {
	exact map[string]bool
	keys  map[string]bool
}

// newSymbolFilter returns nil (everything passes) for a nil want.
func newSymbolFilter(want map[string]bool) *symbolFilter {
	if want == nil {
		return nil
	}
	f := &symbolFilter{exact: want, keys: make(map[string]bool, len(want))}
	for w := range want {
		f.keys[SymbolKey(w)] = true
	}
	return f
}

func (f *symbolFilter) has(s string) bool {
	return f == nil || f.exact[s] || f.keys[SymbolKey(s)]
}

// fileNames are the symbols a file holds, read or not, sorted
// (fileResult.names).
func fileNames(L layout, header []string, single string, read []*Series, ps []*rowParser) []string {
	seen := map[string]bool{}
	switch L.kind {
	case "wide":
		for i, n := range header {
			if i != L.dateCol {
				seen[n] = true
			}
		}
	case "long":
		for _, s := range read {
			seen[s.Symbol] = true
		}
		for _, p := range ps {
			for _, n := range p.unread {
				seen[n] = true
			}
		}
	default:
		seen[single] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}
