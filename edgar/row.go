package edgar

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/breachlab/eventstudy/fetch"
)

// Row is one filing as a row of eventstudy's events file
// (docs/inputs.md, docs/edgar.md). The columns after source are carried
// as text attributes; none is numeric, so none becomes a regression
// covariate.
type Row struct {
	EventID  string `csv:"event_id"`
	Firm     string `csv:"firm"`
	Date     string `csv:"date"`    // New York date of acceptance
	Time     string `csv:"time"`    // HH:MM New York, "" when unknown
	Session  string `csv:"session"` // pre, intraday, after; "" when unknown
	Incident string `csv:"incident"`
	Stage    string `csv:"stage"` // filing (8-K) or update (8-K/A)
	Label    string `csv:"label"`
	Source   string `csv:"source"` // the filing's index page on www.sec.gov
	Company  string `csv:"company"`
	CIK      string `csv:"cik"` // CIK##########
	Form     string `csv:"form"`
	Item     string `csv:"item"` // "Item 1.05" or "Item 8.01"
	// Accession is the filing's accession number.
	Accession string `csv:"accession"`
	// Accepted is the acceptance time with its New York offset
	// (2024-03-15T16:30:05-04:00), or the JSON value as written when its
	// convention is undecided.
	Accepted string `csv:"accepted"`
	TimeFrom string `csv:"time_from"` // header, json-utc, json-newyork, json-session-only, json-undecided
	// Link is how an 8-K/A found its original (accession, nearest, none);
	// "original" for an 8-K.
	Link string `csv:"link"`
}

// Columns is the header of the events file written.
var Columns = []string{"event_id", "firm", "date", "time", "session", "incident", "stage", "label", "source",
	"company", "cik", "form", "item", "accession", "accepted", "time_from", "link"}

func (r Row) cells() []string {
	return []string{r.EventID, r.Firm, r.Date, r.Time, r.Session, r.Incident, r.Stage, r.Label, r.Source,
		r.Company, r.CIK, r.Form, r.Item, r.Accession, r.Accepted, r.TimeFrom, r.Link}
}

// canonicalWWW is the host of the source column: a citation names the
// SEC's own page even when a mirror served the files.
const canonicalWWW = "https://www.sec.gov"

// row makes p's row.
func (b *builder) row(s *Submissions, firm string, p pick, eligible func(Filing) bool, dateOf map[string]string) (Row, error) {
	f := p.f
	acc, err := b.acceptance(s.CIK, f)
	if err != nil {
		return Row{}, err
	}
	r := Row{
		Firm: firm, Date: acc.Date.String(), Session: string(acc.Session),
		Source:  fmt.Sprintf("%s/Archives/edgar/data/%d/%s/%s-index.htm", canonicalWWW, s.CIK, strings.ReplaceAll(f.Accession, "-", ""), f.Accession),
		Company: s.Name, CIK: fmt.Sprintf("CIK%010d", s.CIK), Form: f.Form, Item: "Item " + p.item,
		Accession: f.Accession, Accepted: f.Accepted, TimeFrom: string(acc.From), Link: "original", Stage: "filing",
	}
	if !acc.Time.IsZero() {
		r.Time = acc.Time.Format("15:04")
		r.Accepted = acc.Time.Format(time.RFC3339)
	}
	what := "Item 1.05 material cybersecurity incident"
	if p.item == ItemOther {
		what = fmt.Sprintf("Item 8.01 other events, keyword %q", p.keyword)
	}
	lower := strings.ToLower(firm)
	r.Incident = lower + "-" + r.Date
	r.Label = fmt.Sprintf("%s %s: %s", f.Form, what, s.Name)
	kind := "8k"
	if f.Form == "8-K/A" {
		kind = "8ka"
		r.Stage = "update"
		orig, how := findOriginal(f, p.item, p.refs, s.Filings, eligible)
		r.Link = how
		if how != LinkNone {
			d := originalDate(orig, dateOf)
			r.Incident = lower + "-" + d
			r.Label += fmt.Sprintf(" (amends the 8-K of %s, %s)", d, orig.Accession)
		} else {
			r.Label += " (original 8-K not found)"
		}
	}
	r.EventID = lower + "-" + r.Date + "-" + kind
	return r, nil
}

// originalDate is the acceptance date of an amendment's original: from
// the original's row when it has one, else from its JSON acceptance time
// where that decides the date (FromJSON), else its filing date. No
// request is made for an original outside the selection.
func originalDate(orig Filing, dateOf map[string]string) string {
	if d, ok := dateOf[orig.Accession]; ok {
		return d
	}
	if a, ok := FromJSON(orig.Accepted, orig.FilingDate); ok {
		return a.Date.String()
	}
	return orig.FilingDate
}

// acceptance is when f became public: from its SGML header, else (header
// missing or unreadable) from the submissions JSON (FromJSON).
func (b *builder) acceptance(cik int, f Filing) (Acceptance, error) {
	u := b.archive(cik, f.Accession, f.Accession+".hdr.sgml")
	data, err := b.cfg.Client.Get(u, false)
	var why string
	switch {
	case err == nil:
		t, perr := ParseHeader(data)
		if perr == nil {
			return exact(t, FromHeader), nil
		}
		why = perr.Error()
	case fetch.NotFound(err):
		why = "the SGML header is missing (HTTP 404)"
	case errors.Is(err, fetch.ErrNotCached):
		why = "the SGML header is not in the cache"
	default:
		return Acceptance{}, err
	}
	a, ok := FromJSON(f.Accepted, f.FilingDate)
	if !ok {
		return Acceptance{}, fmt.Errorf("%s: %s, and the submissions JSON has no usable acceptanceDateTime (%q) or filingDate (%q); delete the cached files and rerun", f.Accession, why, f.Accepted, f.FilingDate)
	}
	b.note(fmt.Sprintf("%s %s: %s; time from the submissions JSON (%s)", f.Form, f.Accession, why, a.From))
	return a, nil
}
