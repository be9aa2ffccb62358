package events

import (
	"sort"
	"strings"
)

// Column names of the events file (DESIGN.md "Inputs"). Header names are
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

// KnownColumns are the columns with a meaning; any other column is a
// numeric characteristic.
var KnownColumns = []string{
	ColEventID, ColFirm, ColDate, ColTime, ColSession, ColIncident, ColStage,
	ColLabel, ColGroup, ColMarket, ColSource, ColPeers,
}

// synonyms are header names other tools use for our columns. They are only
// suggested in error messages, never accepted silently: the header check is
// strict so that a column is never read as something it is not.
var synonyms = map[string]string{
	"id": ColEventID, "event": ColEventID, "eventid": ColEventID, "event_no": ColEventID,
	"ticker": ColFirm, "symbol": ColFirm, "permno": ColFirm, "company": ColFirm,
	"stock": ColFirm, "firm_id": ColFirm, "firmid": ColFirm, "tic": ColFirm,
	"event_date": ColDate, "eventdate": ColDate, "announcement_date": ColDate,
	"disclosure_date": ColDate, "day": ColDate, "evtdate": ColDate,
	"hour": ColTime, "clock": ColTime, "timestamp": ColTime,
	"description": ColLabel, "title": ColLabel, "name": ColLabel, "note": ColLabel,
	"url": ColSource, "link": ColSource, "reference": ColSource, "sources": ColSource,
	"benchmark": ColMarket, "index": ColMarket,
	"rivals": ColPeers, "competitors": ColPeers, "peer": ColPeers,
	"breach": ColIncident, "incident_id": ColIncident,
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
	if s, ok := synonyms[n]; ok && contains(among, s) {
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

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
