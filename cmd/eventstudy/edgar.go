package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/edgar"
	"github.com/breachlab/eventstudy/fetch"
)

// cmdEvents builds events files from public sources; its one source so far
// is SEC EDGAR (docs/edgar.md).
func cmdEvents(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stdout, "usage: eventstudy events <source> [flags]")
		fmt.Fprintln(stdout, "\nexample:\n  "+edgarExample)
		fmt.Fprintln(stdout, "\nsources:\n  edgar   every Form 8-K cybersecurity incident (Item 1.05; optionally 8.01) from SEC EDGAR, with its acceptance time")
		fmt.Fprintln(stdout, "\nrun 'eventstudy events edgar --help' for the flags")
		if len(args) == 0 {
			return exitBadInput, usageError{"missing source; use: eventstudy events edgar"}
		}
		return exitOK, nil
	}
	if args[0] != "edgar" {
		return exitBadInput, usageError{fmt.Sprintf("unknown events source %q; use edgar", args[0])}
	}
	return cmdEventsEdgar(args[1:], stdout, stderr)
}

// secStart is the first day of Item 1.05 disclosures (the SEC's rule took
// effect for most issuers on 18 December 2023).
const secStart = "2023-12-18"

const edgarExample = `eventstudy events edgar --tickers TMUS,EFX --from 2023-12-18 --to 2024-12-31 --user-agent "Jane Doe jane@example.org" -o events.csv`

// edgarFlags are the command line of events edgar.
type edgarFlags struct {
	tickers, ciks, from, to, items, keywords, agent, cache, bulk, out string
	all, offline, refresh, quiet                                      bool
}

func cmdEventsEdgar(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("events edgar", "events edgar (--tickers LIST | --ciks LIST | --all) [flags] -o events.csv",
		edgarExample+
			"\n  eventstudy run --events events.csv --prices prices/ --market GSPC -o results", stderr)
	var f edgarFlags
	fs.StringVar(&f.tickers, "tickers", "", "comma list of tickers (mapped to CIKs by the SEC's company_tickers.json)")
	fs.StringVar(&f.ciks, "ciks", "", "comma list of CIKs")
	fs.BoolVar(&f.all, "all", false, "every filer: all in the tickers file, or with --offline all in the bulk archive")
	fs.StringVar(&f.from, "from", secStart, "first filing date, YYYY-MM-DD")
	fs.StringVar(&f.to, "to", "", "last filing date, YYYY-MM-DD (default today)")
	fs.StringVar(&f.items, "items", edgar.ItemIncident, "8-K items: 1.05 (material cybersecurity incident), 8.01 (other events, kept only when the text holds a keyword), or 1.05,8.01")
	fs.StringVar(&f.keywords, "keywords", strings.Join(edgar.DefaultKeywords, ","), "Item 8.01 filings are kept when their text holds one of these (comma list, any case)")
	fs.StringVar(&f.agent, "user-agent", os.Getenv("EVENTSTUDY_SEC_USER_AGENT"), `your name and e-mail, sent to the SEC as required by its fair-access rules, e.g. "Jane Doe jane@example.org" (env EVENTSTUDY_SEC_USER_AGENT)`)
	fs.StringVar(&f.cache, "cache", "", "cache directory (default <user cache dir>/eventstudy/edgar); a rerun reads it and touches no network")
	fs.BoolVar(&f.offline, "offline", false, "no network: submissions from the bulk archive (--bulk), headers and documents from the cache")
	fs.StringVar(&f.bulk, "bulk", "", "the SEC's nightly bulk submissions.zip for --offline (default <cache>/submissions.zip)")
	fs.BoolVar(&f.refresh, "refresh", false, "download the submissions and tickers files again instead of reading the cache")
	fs.StringVar(&f.out, "o", "", "the events file to write (and <file>.manifest.json beside it)")
	fs.StringVar(&f.out, "out", "", "same as -o")
	fs.BoolVar(&f.quiet, "quiet", false, "no notes on standard error")
	if err := parseNoArgs(fs, args); err != nil {
		return exitBadInput, err
	}
	cfg, client, err := f.config()
	if err != nil {
		return exitBadInput, err
	}
	if cfg.Bulk != nil {
		defer cfg.Bulk.Close()
	}
	if !f.quiet {
		cfg.Note = func(s string) { fmt.Fprintln(stderr, "note: "+s) }
	}
	if p := newProgress(stderr, f.quiet); p != nil {
		cfg.Progress = func(done, total int) { p("filers", done, total) }
	}
	res, err := edgar.Build(cfg)
	if err != nil {
		return exitBadInput, err
	}
	return writeEdgar(f, cfg, client, res, args, stdout)
}

// config checks the flags and makes the build's settings.
func (f *edgarFlags) config() (edgar.Config, *fetch.Client, error) {
	var cfg edgar.Config
	if f.out == "" {
		return cfg, nil, usageError{"no output file; give -o events.csv"}
	}
	cfg.Tickers = splitList(f.tickers)
	for _, s := range splitList(f.ciks) {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(s), "CIK"))
		if err != nil || n <= 0 {
			return cfg, nil, usageError{fmt.Sprintf("--ciks: %q is not a CIK (a positive number such as 1283699)", s)}
		}
		cfg.CIKs = append(cfg.CIKs, n)
	}
	cfg.All = f.all
	if len(cfg.Tickers) == 0 && len(cfg.CIKs) == 0 && !cfg.All {
		return cfg, nil, usageError{"no filer selected; give --tickers, --ciks or --all"}
	}
	to := f.to
	if to == "" {
		to = time.Now().UTC().Format(time.DateOnly)
	}
	var err error
	if cfg.From, err = edgarDay("--from", f.from); err != nil {
		return cfg, nil, err
	}
	if cfg.To, err = edgarDay("--to", to); err != nil {
		return cfg, nil, err
	}
	if cfg.From > cfg.To {
		return cfg, nil, usageError{fmt.Sprintf("--from %s is after --to %s", cfg.From, cfg.To)}
	}
	for _, it := range splitList(f.items) {
		it = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(it), "item"))
		if it != edgar.ItemIncident && it != edgar.ItemOther {
			return cfg, nil, usageError{fmt.Sprintf("--items: %q is not 1.05 or 8.01", it)}
		}
		cfg.Items = append(cfg.Items, it)
	}
	cfg.Keywords = splitList(f.keywords)
	if err := f.checkAgent(); err != nil {
		return cfg, nil, err
	}
	if f.cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return cfg, nil, usageError{"no user cache directory (" + err.Error() + "); give --cache DIR"}
		}
		f.cache = filepath.Join(dir, "eventstudy", "edgar")
	}
	client := fetch.New(f.agent, f.cache)
	client.Offline = f.offline
	client.OfflineHint = "or rerun with --offline and the SEC's bulk submissions.zip (--bulk)"
	cfg.Client, cfg.Refresh = client, f.refresh
	cfg.DataURL, cfg.WWWURL = edgar.BaseURLs()
	if f.offline {
		if f.bulk == "" {
			f.bulk = filepath.Join(f.cache, "submissions.zip")
		}
		if cfg.Bulk, err = edgar.OpenBulk(f.bulk); err != nil {
			return cfg, nil, err
		}
	}
	return cfg, client, nil
}

// emailRE is a contact address somewhere in the User-Agent.
var emailRE = regexp.MustCompile(`[^\s@<>()]+@[^\s@<>()]+\.[A-Za-z]{2,}`)

// checkAgent enforces the SEC's rule that automated clients declare who
// they are: a name and an e-mail address. Offline nothing is sent.
func (f *edgarFlags) checkAgent() error {
	if f.offline {
		return nil
	}
	a := strings.TrimSpace(f.agent)
	if a == "" || !emailRE.MatchString(a) || len(strings.Fields(a)) < 2 {
		what := "no --user-agent given"
		if a != "" {
			what = fmt.Sprintf("--user-agent %q lacks a name and a contact e-mail address", a)
		}
		return usageError{what + `; the SEC's fair-access rules require one, e.g. --user-agent "Jane Doe jane@example.org" (or set EVENTSTUDY_SEC_USER_AGENT)`}
	}
	f.agent = a
	return nil
}

func edgarDay(flag, s string) (dates.Day, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return 0, usageError{fmt.Sprintf("%s %q is not a date YYYY-MM-DD", flag, s)}
	}
	return dates.DayFromTime(t), nil
}

// writeEdgar writes the events file and its sidecar manifest.
func writeEdgar(f edgarFlags, cfg edgar.Config, client *fetch.Client, res *edgar.Result, args []string, stdout io.Writer) (int, error) {
	data := edgar.CSV(res.Rows)
	if err := edgar.WriteFile(f.out, data); err != nil {
		return exitBadInput, fmt.Errorf("cannot write %s: %v", f.out, err)
	}
	m := &edgar.Manifest{
		Tool: "eventstudy", Version: versionString(), Created: nowUTC(),
		Command: append([]string{"events", "edgar"}, redactAgent(args)...),
		Selection: edgar.Selection{Tickers: cfg.Tickers, CIKs: cfg.CIKs, All: cfg.All, From: cfg.From.String(), To: cfg.To.String(),
			Forms: []string{"8-K", "8-K/A"}, Items: cfg.Items, DataURL: cfg.DataURL, WWWURL: cfg.WWWURL},
		Cache: f.cache, Offline: f.offline, Sources: client.Sources(), Notes: res.Notes,
		Output: edgar.Output{File: f.out, SHA256: fetch.HashBytes(data), Rows: len(res.Rows), Filers: res.Filers, Skipped: res.Skipped, Empty: res.Empty},
	}
	if edgarHasItem(cfg.Items, edgar.ItemOther) {
		m.Selection.Keywords = cfg.Keywords
	}
	if cfg.Bulk != nil {
		sum, err := fetch.HashFile(cfg.Bulk.Path)
		if err != nil {
			return exitBadInput, err
		}
		m.Bulk = &fetch.Source{File: cfg.Bulk.Path, SHA256: sum, URL: "https://www.sec.gov/Archives/edgar/daily-index/bulkdata/submissions.zip", FromCache: true}
	}
	if err := edgar.WriteFile(f.out+".manifest.json", m.JSON()); err != nil {
		return exitBadInput, fmt.Errorf("cannot write %s.manifest.json: %v", f.out, err)
	}
	fmt.Fprintf(stdout, "%s of %s → %s", edgarCount(len(res.Rows), "filing"), edgarCount(res.Filers, "filer"), f.out)
	if res.Empty > 0 {
		fmt.Fprintf(stdout, "; %s without a matching filing", edgarCount(res.Empty, "filer"))
	}
	if res.Skipped > 0 {
		fmt.Fprintf(stdout, "; %s without a keyword left out", edgarCount(res.Skipped, "Item 8.01 filing"))
	}
	fmt.Fprintf(stdout, "\nmanifest: %s.manifest.json\n", f.out)
	return exitOK, nil
}

// edgarCount is "1 filing", "2 filings".
func edgarCount(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func edgarHasItem(items []string, it string) bool {
	for _, x := range items {
		if x == it {
			return true
		}
	}
	return false
}

// redactAgent drops the User-Agent's value from the recorded command line:
// it holds an e-mail address, and the list does not depend on it.
func redactAgent(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		switch {
		case strings.HasPrefix(name, "user-agent="):
			out = append(out, a[:strings.Index(a, "=")+1]+"(redacted)")
		case name == "user-agent" && strings.HasPrefix(a, "-"):
			out = append(out, a, "(redacted)")
			i++
		default:
			out = append(out, a)
		}
	}
	return out
}
