package events

import (
	"slices"
	"sort"
	"strings"
)

// Column names of the events file (docs/design.md "Inputs"). Header names are
// matched case-insensitively after trimming, with spaces and hyphens read
// as underscores ("Event ID" is event_id).
const (
	ColEventID  = "event_id"
	ColFirm     = "firm"
	ColDate     = "date"
	ColTime     = "time"
	ColSession  = "session"
	ColIncident = "incident"
	ColStage    = "stage"
	ColLabel    = "label"
	ColGroup    = "group"
	ColMarket   = "market"
	ColSource   = "source"
	ColPeers    = "peers"
)

// RequiredColumns must be in every events file.
var RequiredColumns = []string{ColEventID, ColFirm, ColDate}

// KnownColumns are the columns with a meaning. Any other column is an
// attribute carried along with its event; a numeric one is also a
// characteristic (a covariate of the cross-sectional regression) unless
// the regression names its covariates (Options.Covariates).
var KnownColumns = []string{
	ColEventID, ColFirm, ColDate, ColTime, ColSession, ColIncident, ColStage,
	ColLabel, ColGroup, ColMarket, ColSource, ColPeers,
	ColEstStart, ColEstEnd, ColWindow,
}

// accepted are header names other tools and datasets use for our columns
// that are read as that column when they are unambiguous: the file lacks
// the column itself and exactly one of its headers maps to it (two, such
// as ticker and symbol, are an error naming both). Each mapping is
// reported in File.Detection. CRSP keys (permno, permco, cusip) and
// Refinitiv's RIC and Instrument are firm keys because the price loaders
// accept them as series names.
var accepted = map[string]string{
	"id": ColEventID, "eventid": ColEventID, "event_no": ColEventID, "event_number": ColEventID, "evt_id": ColEventID,
	"ticker": ColFirm, "symbol": ColFirm, "permno": ColFirm, "permco": ColFirm, "cusip": ColFirm,
	"tic": ColFirm, "ric": ColFirm, "instrument": ColFirm, "firm_id": ColFirm, "firmid": ColFirm,
	"event_date": ColDate, "eventdate": ColDate, "announcement_date": ColDate, "announce_date": ColDate,
	"disclosure_date": ColDate, "evtdate": ColDate, "date_announced": ColDate, "date_disclosed": ColDate,
	"datetime": ColDate, "timestamp": ColDate, "event_datetime": ColDate, "event_timestamp": ColDate,
	"announcement_datetime": ColDate, "disclosure_datetime": ColDate,
	"event_time": ColTime, "announcement_time": ColTime, "disclosure_time": ColTime, "time_of_day": ColTime,
	"benchmark": ColMarket, "market_ticker": ColMarket,
	"rivals": ColPeers, "competitors": ColPeers, "peer_tickers": ColPeers,
	"incident_id": ColIncident, "breach_id": ColIncident,
	"url": ColSource, "source_url": ColSource, "link": ColSource,
}

// synonyms are further header names that only give a "did you mean" hint
// in errors: they are too loose to accept (a "company" column is as often
// the company's name as its ticker, an "event" column a description).
var synonyms = map[string]string{
	"event":   ColEventID,
	"company": ColFirm, "stock": ColFirm,
	"day":  ColDate,
	"hour": ColTime, "clock": ColTime,
	"description": ColLabel, "title": ColLabel, "name": ColLabel, "note": ColLabel,
	"reference": ColSource, "sources": ColSource,
	"index":  ColMarket,
	"peer":   ColPeers,
	"breach": ColIncident,
}

// attributeNames are common names of descriptive columns that must not be
// mistaken for a misspelled known column ("state" is one edit from stage).
var attributeNames = map[string]bool{
	"state": true, "name": true, "title": true, "type": true, "notes": true, "note": true,
	"company": true, "sector": true, "industry": true, "country": true, "description": true,
	"comment": true, "comments": true, "category": true, "city": true,
}

// misspelling returns the known column among absent that a text column's
// name most likely misspells ("sesion", "grup", "timezone"), or "". It is
// stricter than closestKnown, which only phrases a hint: here a match
// refuses a column that would otherwise be carried as an attribute, so
// short names allow one edit only ("title" is not "time").
func misspelling(name string, absent []string) string {
	n := normalizeHeader(name)
	if attributeNames[n] {
		return ""
	}
	bare := strings.ReplaceAll(n, "_", "")
	best, bestD := "", 1<<30
	for _, k := range absent {
		kb := strings.ReplaceAll(k, "_", "")
		d := EditDistance(bare, kb)
		limit := 1
		if len(kb) > 5 {
			limit = 2
		}
		if d <= limit || (len(kb) >= 4 && strings.Contains(bare, kb)) {
			if d < bestD {
				best, bestD = k, d
			}
		}
	}
	return best
}

// normalizeHeader is the form header names are compared in.
func normalizeHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
}

func isKnown(name string) bool {
	for _, k := range KnownColumns {
		if k == name {
			return true
		}
	}
	return false
}

// closestKnown suggests the known column a header name was probably meant
// to be: a listed synonym, or the known name within a small edit distance
// (separators ignored, so "Firm ID" and "evnt_id" both find their column).
// It returns "" when nothing is close.
func closestKnown(name string, among []string) string {
	n := normalizeHeader(name)
	if s, ok := synonyms[n]; ok && slices.Contains(among, s) {
		return s
	}
	if s, ok := accepted[n]; ok && slices.Contains(among, s) {
		return s
	}
	bare := strings.ReplaceAll(n, "_", "")
	best, bestD := "", 1<<30
	for _, k := range among {
		kb := strings.ReplaceAll(k, "_", "")
		d := EditDistance(bare, kb)
		// Allow about a third of the name to differ, at least two edits,
		// and always a name that contains the known one ("firmid").
		limit := max(2, len(kb)/3)
		if d <= limit || (len(kb) >= 4 && strings.Contains(bare, kb)) {
			if d < bestD {
				best, bestD = k, d
			}
		}
	}
	return best
}

// EditDistance is the optimal-string-alignment distance of a and b: the
// Levenshtein distance with a swap of two neighbours counting one edit
// ("modle" is one edit from "model"). Bytes, not runes: names are ASCII in
// practice, and a non-ASCII name only gets a worse suggestion. Used for
// "did you mean" hints on events columns and study-file keys.
func EditDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// knownList formats the known column names for an error hint.
func knownList() string {
	names := append([]string(nil), KnownColumns...)
	sort.Strings(names[3:]) // required first, the optional ones sorted
	return strings.Join(names, ", ")
}
