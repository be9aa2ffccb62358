package edgar

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/inputerr"
)

// Tickers maps tickers to CIKs and back, from the SEC's
// company_tickers.json ({"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."},...}).
type Tickers struct {
	byTicker map[string]int
	byCIK    map[int]string // the first ticker listed for the CIK (the file lists the main class first)
	names    map[int]string
	ciks     []int // every CIK once, in file order
}

type tickerEntry struct {
	CIK    int    `json:"cik_str"`
	Ticker string `json:"ticker"`
	Title  string `json:"title"`
}

// ParseTickers reads company_tickers.json.
func ParseTickers(name string, b []byte) (*Tickers, error) {
	var raw map[string]tickerEntry
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, jsonError(name, b, err)
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	// The keys are row numbers "0", "1", ...: file order.
	sort.Slice(keys, func(i, j int) bool {
		a, ea := strconv.Atoi(keys[i])
		b, eb := strconv.Atoi(keys[j])
		if ea != nil || eb != nil {
			return keys[i] < keys[j]
		}
		return a < b
	})
	t := &Tickers{byTicker: map[string]int{}, byCIK: map[int]string{}, names: map[int]string{}}
	for _, k := range keys {
		e := raw[k]
		if e.CIK <= 0 || e.Ticker == "" {
			return nil, &inputerr.InputError{File: name, What: "entry " + strconv.Quote(k) + " has no cik_str or ticker",
				Hint: "the file is damaged; delete it from the cache and rerun"}
		}
		t.byTicker[NormalizeTicker(e.Ticker)] = e.CIK
		if _, ok := t.byCIK[e.CIK]; !ok {
			t.byCIK[e.CIK] = e.Ticker
			t.names[e.CIK] = e.Title
			t.ciks = append(t.ciks, e.CIK)
		}
	}
	return t, nil
}

// NormalizeTicker is the form tickers are compared in: upper case, with
// the class separator as the SEC writes it (BRK.B and BRK/B are BRK-B).
func NormalizeTicker(s string) string {
	return strings.NewReplacer(".", "-", "/", "-").Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// CIK is the CIK of ticker.
func (t *Tickers) CIK(ticker string) (int, bool) {
	c, ok := t.byTicker[NormalizeTicker(ticker)]
	return c, ok
}

// Ticker is the first ticker of cik, for the price files.
func (t *Tickers) Ticker(cik int) (string, bool) {
	s, ok := t.byCIK[cik]
	return s, ok
}

// CIKs lists every CIK of the file once, in file order.
func (t *Tickers) CIKs() []int { return t.ciks }

// tickersFromSubmissions builds the map from the submissions files' own
// "tickers" arrays (offline without a cached tickers file).
func tickersFromSubmissions(subs []*Submissions) *Tickers {
	t := &Tickers{byTicker: map[string]int{}, byCIK: map[int]string{}, names: map[int]string{}}
	for _, s := range subs {
		for i, tk := range s.Tickers {
			t.byTicker[NormalizeTicker(tk)] = s.CIK
			if i == 0 {
				t.byCIK[s.CIK] = tk
				t.names[s.CIK] = s.Name
				t.ciks = append(t.ciks, s.CIK)
			}
		}
	}
	return t
}
