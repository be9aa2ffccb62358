package edgar

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/fetch"
)

// Default base URLs; EVENTSTUDY_SEC_DATA_URL and EVENTSTUDY_SEC_WWW_URL
// override them (tests, mirrors).
const (
	DefaultDataURL = "https://data.sec.gov"
	DefaultWWWURL  = "https://www.sec.gov"
)

// Items that can be selected.
const (
	ItemIncident = "1.05" // Material Cybersecurity Incidents (since 18 December 2023)
	ItemOther    = "8.01" // Other Events: with the keyword filter
)

// Config selects the filings.
type Config struct {
	Tickers  []string
	CIKs     []int
	All      bool      // every filer (the tickers file online, every file of the bulk archive offline)
	From, To dates.Day // filing dates, inclusive
	Items    []string  // ItemIncident and/or ItemOther
	Keywords []string  // for ItemOther
	DataURL  string
	WWWURL   string
	Client   *fetch.Client
	Bulk     *Bulk // offline: the submissions come from here
	Refresh  bool  // fetch the submissions and tickers again (archives never change)
	// Note receives per-filer remarks (nil: dropped).
	Note func(string)
	// Progress is called after each filer (nil: none).
	Progress func(done, total int)
}

// Result is the event list and what was left out.
type Result struct {
	Rows    []Row
	Notes   []string
	Filers  int
	Skipped int // Item 8.01 filings without a keyword
	// Empty counts the filers with no matching filing; those named by the
	// user also get a note, those of --all only this count.
	Empty int
}

// builder carries a run's state.
type builder struct {
	cfg     Config
	res     *Result
	tickers *Tickers
}

// Build selects the filings and makes the rows.
func Build(cfg Config) (*Result, error) {
	if cfg.DataURL == "" {
		cfg.DataURL = DefaultDataURL
	}
	if cfg.WWWURL == "" {
		cfg.WWWURL = DefaultWWWURL
	}
	cfg.DataURL = strings.TrimRight(cfg.DataURL, "/")
	cfg.WWWURL = strings.TrimRight(cfg.WWWURL, "/")
	if len(cfg.Items) == 0 {
		cfg.Items = []string{ItemIncident}
	}
	b := &builder{cfg: cfg, res: &Result{}}
	ciks, err := b.selection()
	if err != nil {
		return nil, err
	}
	for i, sel := range ciks {
		if err := b.filer(sel); err != nil {
			return nil, err
		}
		if cfg.Progress != nil {
			cfg.Progress(i+1, len(ciks))
		}
	}
	finish(b.res)
	return b.res, nil
}

// selected is a filer to read, with the ticker the user asked for.
type selected struct {
	cik      int
	ticker   string
	explicit bool // named by the user: problems are errors, not notes
}

// selection resolves --tickers, --ciks and --all to CIKs.
func (b *builder) selection() ([]selected, error) {
	var out []selected
	if len(b.cfg.Tickers) > 0 || (b.cfg.All && b.cfg.Bulk == nil) {
		t, err := b.loadTickers()
		if err != nil {
			return nil, err
		}
		b.tickers = t
	}
	seen := map[int]bool{}
	add := func(s selected) {
		if !seen[s.cik] {
			seen[s.cik] = true
			out = append(out, s)
		}
	}
	for _, tk := range b.cfg.Tickers {
		cik, ok := b.tickers.CIK(tk)
		if !ok {
			return nil, fmt.Errorf("ticker %s is not in the SEC's company tickers file (%s); check the spelling or give the company's CIK with --ciks", tk, b.tickersURL())
		}
		add(selected{cik: cik, ticker: strings.ToUpper(strings.TrimSpace(tk)), explicit: true})
	}
	for _, c := range b.cfg.CIKs {
		add(selected{cik: c, explicit: true})
	}
	if b.cfg.All {
		if b.cfg.Bulk != nil {
			for _, n := range b.cfg.Bulk.Filers() {
				c, _ := strconv.Atoi(n[3:13])
				add(selected{cik: c})
			}
		} else {
			for _, c := range b.tickers.CIKs() {
				add(selected{cik: c})
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no filer selected; give --tickers, --ciks or --all")
	}
	return out, nil
}

func (b *builder) tickersURL() string { return b.cfg.WWWURL + "/files/company_tickers.json" }

// loadTickers reads the tickers file; offline without a cached copy, the
// bulk archive's own "tickers" arrays.
func (b *builder) loadTickers() (*Tickers, error) {
	u := b.tickersURL()
	data, err := b.cfg.Client.Get(u, b.cfg.Refresh)
	if err == nil {
		return ParseTickers(u, data)
	}
	if !errors.Is(err, fetch.ErrNotCached) || b.cfg.Bulk == nil {
		return nil, err
	}
	b.note("the tickers file is not in the cache: reading the tickers of every filer in " + b.cfg.Bulk.Path)
	var subs []*Submissions
	for _, n := range b.cfg.Bulk.Filers() {
		raw, _, err := b.cfg.Bulk.Read(n)
		if err != nil {
			return nil, err
		}
		if s, err := ParseSubmissions(b.cfg.Bulk.Path+":"+n, raw); err == nil {
			subs = append(subs, s)
		}
	}
	return tickersFromSubmissions(subs), nil
}

func (b *builder) note(s string) {
	b.res.Notes = append(b.res.Notes, s)
	if b.cfg.Note != nil {
		b.cfg.Note(s)
	}
}

// submissions reads a filer's submissions and the pages that reach into
// the date range.
func (b *builder) submissions(cik int) (*Submissions, error) {
	name := fmt.Sprintf("CIK%010d.json", cik)
	data, where, err := b.read(name)
	if err != nil {
		return nil, err
	}
	s, err := ParseSubmissions(where, data)
	if err != nil {
		return nil, err
	}
	if s.CIK == 0 {
		s.CIK = cik
	}
	for _, p := range s.Pages {
		if p.FilingTo != "" && p.FilingTo < b.cfg.From.String() || p.FilingFrom != "" && p.FilingFrom > b.cfg.To.String() {
			continue
		}
		pd, pw, err := b.read(p.Name)
		if err != nil {
			return nil, err
		}
		more, err := ParsePage(pw, pd)
		if err != nil {
			return nil, err
		}
		s.Filings = append(s.Filings, more...)
	}
	return s, nil
}

// errNoFiler is a CIK the API or the archive does not know.
var errNoFiler = errors.New("no such filer")

// read gets a submissions file from the archive offline or the API.
func (b *builder) read(name string) ([]byte, string, error) {
	if b.cfg.Bulk != nil {
		data, ok, err := b.cfg.Bulk.Read(name)
		if err != nil {
			return nil, "", err
		}
		if !ok {
			return nil, "", fmt.Errorf("%s: %s: %w", b.cfg.Bulk.Path, name, errNoFiler)
		}
		return data, b.cfg.Bulk.Path + ":" + name, nil
	}
	u := b.cfg.DataURL + "/submissions/" + name
	data, err := b.cfg.Client.Get(u, b.cfg.Refresh)
	if fetch.NotFound(err) {
		return nil, "", fmt.Errorf("%s: %w", u, errNoFiler)
	}
	return data, u, err
}

// archive is the URL of a file of a filing's folder.
func (b *builder) archive(cik int, acc, file string) string {
	return fmt.Sprintf("%s/Archives/edgar/data/%d/%s/%s", b.cfg.WWWURL, cik, strings.ReplaceAll(acc, "-", ""), file)
}

// finish orders the rows and gives them unique event ids.
func finish(r *Result) {
	sort.SliceStable(r.Rows, func(i, j int) bool {
		a, b := r.Rows[i], r.Rows[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Time != b.Time {
			return a.Time < b.Time
		}
		return a.Accession < b.Accession
	})
	used := map[string]int{}
	for i := range r.Rows {
		id := r.Rows[i].EventID
		used[id]++
		if n := used[id]; n > 1 {
			r.Rows[i].EventID = fmt.Sprintf("%s-%d", id, n)
		}
	}
}

// env returns the environment variable or def.
func env(key, def string) string {
	if v := strings.TrimSpace(os.Getenv(key)); v != "" {
		return v
	}
	return def
}

// BaseURLs are the API and archive hosts after the environment overrides.
func BaseURLs() (data, www string) {
	return env("EVENTSTUDY_SEC_DATA_URL", DefaultDataURL), env("EVENTSTUDY_SEC_WWW_URL", DefaultWWWURL)
}
