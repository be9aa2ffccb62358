// Package edgar builds event lists from SEC EDGAR: every Form 8-K (and
// 8-K/A) reporting a material cybersecurity incident under Item 1.05, or
// optionally one under Item 8.01 whose text names a cyber incident, with
// the minute EDGAR accepted it (docs/edgar.md). It reads the submissions
// API (data.sec.gov/submissions/CIK##########.json), the company tickers
// file and each filing's SGML header, through package fetch (fair-access
// limits and a cache), or the nightly bulk submissions.zip offline, and
// writes eventstudy's own events format.
package edgar

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/inputerr"
)

// Filing is one filing of the submissions API's parallel arrays.
type Filing struct {
	Accession  string // 0001193125-24-012345
	FilingDate string // YYYY-MM-DD, EDGAR's filing date (the next business day after 17:30 ET)
	Accepted   string // acceptanceDateTime as written: 2024-03-15T16:30:05.000Z
	Form       string // 8-K, 8-K/A, 10-Q, ...
	Items      string // 8-K items, comma-separated: "1.05,9.01"
	PrimaryDoc string // primaryDocument: the main document's file name
}

// Submissions is one filer's submissions file.
type Submissions struct {
	CIK     int
	Name    string
	Tickers []string
	Filings []Filing // filings.recent
	Pages   []Page   // filings.files: older filings in further files
}

// Page is an entry of filings.files.
type Page struct {
	Name       string `json:"name"` // CIK##########-submissions-001.json
	FilingFrom string `json:"filingFrom"`
	FilingTo   string `json:"filingTo"`
}

// columns are the parallel arrays of filings.recent and of a page file;
// only those the event list needs are read.
type columns struct {
	AccessionNumber    []string `json:"accessionNumber"`
	FilingDate         []string `json:"filingDate"`
	AcceptanceDateTime []string `json:"acceptanceDateTime"`
	Form               []string `json:"form"`
	Items              []string `json:"items"`
	PrimaryDocument    []string `json:"primaryDocument"`
}

// flexInt reads the CIK, a string ("320193") in the API and a number in
// some mirrors.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "" || s == "null" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("cik %s is not a number", b)
	}
	*f = flexInt(n)
	return nil
}

type submissionsJSON struct {
	CIK     flexInt  `json:"cik"`
	Name    string   `json:"name"`
	Tickers []string `json:"tickers"`
	Filings struct {
		Recent *columns `json:"recent"`
		Files  []Page   `json:"files"`
	} `json:"filings"`
}

// ParseSubmissions reads a CIK##########.json file; name (its URL or
// path) is used in errors.
func ParseSubmissions(name string, b []byte) (*Submissions, error) {
	var raw submissionsJSON
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, jsonError(name, b, err)
	}
	if raw.Filings.Recent == nil {
		return nil, &inputerr.InputError{File: name, What: "no filings.recent in the submissions file",
			Hint: "this is not an EDGAR submissions file; delete it from the cache and rerun"}
	}
	fs, err := raw.Filings.Recent.filings(name, "filings.recent")
	if err != nil {
		return nil, err
	}
	return &Submissions{CIK: int(raw.CIK), Name: raw.Name, Tickers: raw.Tickers, Filings: fs, Pages: raw.Filings.Files}, nil
}

// ParsePage reads a further submissions file (CIK##########-submissions-001.json):
// the parallel arrays at the top level.
func ParsePage(name string, b []byte) ([]Filing, error) {
	var c columns
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, jsonError(name, b, err)
	}
	return c.filings(name, "the page")
}

// filings zips the parallel arrays; arrays of different lengths are a
// damaged file, not something to guess about.
func (c *columns) filings(name, where string) ([]Filing, error) {
	n := len(c.AccessionNumber)
	for _, a := range []struct {
		key string
		n   int
	}{{"filingDate", len(c.FilingDate)}, {"acceptanceDateTime", len(c.AcceptanceDateTime)},
		{"form", len(c.Form)}, {"items", len(c.Items)}, {"primaryDocument", len(c.PrimaryDocument)}} {
		if a.n != n {
			return nil, &inputerr.InputError{File: name,
				What: fmt.Sprintf("%s arrays differ in length (accessionNumber %d, %s %d)", where, n, a.key, a.n),
				Hint: "the file is damaged or truncated; delete it from the cache and rerun"}
		}
	}
	out := make([]Filing, n)
	for i := range out {
		out[i] = Filing{Accession: c.AccessionNumber[i], FilingDate: c.FilingDate[i], Accepted: c.AcceptanceDateTime[i],
			Form: c.Form[i], Items: c.Items[i], PrimaryDoc: c.PrimaryDocument[i]}
	}
	return out, nil
}

// jsonError places a JSON error at its line and column.
func jsonError(name string, b []byte, err error) error {
	e := &inputerr.InputError{File: name, What: "malformed JSON: " + err.Error(),
		Hint: "the download is damaged or is not EDGAR JSON (an error page?); delete it from the cache and rerun"}
	e.Line, e.Column, _ = inputerr.JSONPosition(b, err)
	return e
}

// HasItem reports whether the comma-separated items list holds item.
func HasItem(items, item string) bool {
	for _, it := range strings.Split(items, ",") {
		if strings.TrimSpace(it) == item {
			return true
		}
	}
	return false
}
