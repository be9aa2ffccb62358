package edgar

import (
	"html"
	"regexp"
	"strings"
)

// DefaultKeywords select Item 8.01 filings about a cyber incident: the
// SEC's May 2024 guidance points issuers to Item 8.01 for incidents not
// (yet) judged material, but Item 8.01 ("other events") carries anything,
// so the filing's text must name the incident. The match is on the
// primary document's text, lower case, whitespace collapsed.
var DefaultKeywords = []string{
	"cybersecurity incident",
	"cyber incident",
	"cyberattack",
	"cyber-attack",
	"cyber attack",
	"ransomware",
	"unauthorized access",
	"unauthorized third party",
	"threat actor",
	"data breach",
	"security breach",
	"security incident",
}

var (
	tagRE       = regexp.MustCompile(`(?s)<[^>]*>`)
	styleRE     = regexp.MustCompile(`(?is)<(script|style)[^>]*>.*?</(script|style)>`)
	spaceRE     = regexp.MustCompile(`\s+`)
	accessionRE = regexp.MustCompile(`\b\d{10}-\d{2}-\d{6}\b`)
)

// plainText is a document's text for keyword matching: tags, scripts and
// styles removed, entities decoded, lower case, one space between words.
// A plain-text document passes through unchanged but for case and space.
func plainText(doc []byte) string {
	s := styleRE.ReplaceAllString(string(doc), " ")
	s = tagRE.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	// Typographic hyphens and apostrophes as ASCII, so "cyber‑attack" matches.
	s = strings.NewReplacer("\u2010", "-", "\u2011", "-", "\u2013", "-", "\u2019", "'").Replace(s)
	return strings.TrimSpace(spaceRE.ReplaceAllString(strings.ToLower(s), " "))
}

// matchKeyword returns the first keyword (in the list's order) the text
// holds, or "".
func matchKeyword(text string, keywords []string) string {
	for _, k := range keywords {
		k = strings.TrimSpace(spaceRE.ReplaceAllString(strings.ToLower(k), " "))
		if k != "" && strings.Contains(text, k) {
			return k
		}
	}
	return ""
}

// accessionRefs are the accession numbers a document cites, in order.
func accessionRefs(text string) []string {
	return accessionRE.FindAllString(text, -1)
}
