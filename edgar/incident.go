package edgar

import "strings"

// Link says how an amendment was joined to its original filing.
const (
	LinkAccession = "accession" // the amendment cites the original's accession number
	LinkNearest   = "nearest"   // the company's nearest earlier 8-K with the same item
	LinkNone      = "none"      // no original found: the amendment is its own incident
)

// findOriginal returns the original 8-K of amendment a (an 8-K/A) among
// the filer's filings fs: the 8-K whose accession number the amendment's
// text cites, else the latest 8-K with the same item filed on or before
// the amendment (for Item 8.01 only among the originals that passed the
// keyword filter, eligible). An 8-K/A's own text rarely cites the
// accession, so the second rule is the usual one; both are documented in
// docs/edgar.md.
func findOriginal(a Filing, item string, refs []string, fs []Filing, eligible func(Filing) bool) (Filing, string) {
	for _, r := range refs {
		if r == a.Accession {
			continue
		}
		for _, f := range fs {
			if f.Accession == r && f.Form == "8-K" {
				return f, LinkAccession
			}
		}
	}
	var best Filing
	found := false
	for _, f := range fs {
		if f.Form != "8-K" || !HasItem(f.Items, item) || f.FilingDate > a.FilingDate || !eligible(f) {
			continue
		}
		if !found || later(f, best) {
			best, found = f, true
		}
	}
	if !found {
		return Filing{}, LinkNone
	}
	return best, LinkNearest
}

// later orders filings by filing date, then acceptance stamp, then
// accession.
func later(a, b Filing) bool {
	if a.FilingDate != b.FilingDate {
		return a.FilingDate > b.FilingDate
	}
	if a.Accepted != b.Accepted {
		return a.Accepted > b.Accepted
	}
	return strings.Compare(a.Accession, b.Accession) > 0
}
