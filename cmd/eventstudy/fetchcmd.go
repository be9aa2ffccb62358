package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/breachlab/eventstudy/fetch"
	"github.com/breachlab/eventstudy/french"
)

// cmdFetch downloads public inputs into files a study reads; its one kind
// so far is Kenneth French's daily factors.
func cmdFetch(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stdout, "usage: eventstudy fetch <kind> [flags]")
		fmt.Fprintln(stdout, "\nexample:\n  eventstudy fetch factors -o factors")
		fmt.Fprintln(stdout, "\nkinds:\n  factors   Kenneth French's daily factor files (3-factor, 5-factor, momentum), cached and checked")
		fmt.Fprintln(stdout, "\nrun 'eventstudy fetch factors --help' for the flags")
		if len(args) == 0 {
			return exitBadInput, usageError{"missing what to fetch; use: eventstudy fetch factors"}
		}
		return exitOK, nil
	}
	if args[0] != "factors" {
		return exitBadInput, usageError{fmt.Sprintf("unknown kind %q; use factors", args[0])}
	}
	return cmdFetchFactors(args[1:], stdout, stderr)
}

// factorsManifest is <dir>/factors.manifest.json.
type factorsManifest struct {
	Tool    string        `json:"tool"`
	Version string        `json:"version"`
	Created string        `json:"created"`
	Base    string        `json:"base_url"`
	Cache   string        `json:"cache"`
	Files   []french.File `json:"files"`
}

func cmdFetchFactors(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlagSet("fetch factors", "fetch factors [--sets ff3,ff5,mom] [-o DIR]",
		"eventstudy fetch factors -o factors\n  eventstudy run ... --model ff3 --factors factors/F-F_Research_Data_Factors_daily.CSV", stderr)
	var sets, out, cache, agent string
	var offline, refresh bool
	fs.StringVar(&sets, "sets", "ff3,ff5,mom", "comma list: ff3 (3 factors), ff5 (5 factors 2x3), mom (momentum)")
	fs.StringVar(&out, "o", "factors", "directory for the unzipped CSV files and factors.manifest.json")
	fs.StringVar(&cache, "cache", "", "cache directory for the zip files (default <user cache dir>/eventstudy/french)")
	fs.BoolVar(&offline, "offline", false, "read the cache only")
	fs.BoolVar(&refresh, "refresh", false, "download again (the library updates the files monthly)")
	fs.StringVar(&agent, "user-agent", "", "User-Agent sent (default eventstudy and its version)")
	if err := parseNoArgs(fs, args); err != nil {
		return exitBadInput, err
	}
	var chosen []french.Set
	for _, n := range splitList(sets) {
		s, ok := french.Lookup(n)
		if !ok {
			return exitBadInput, usageError{fmt.Sprintf("--sets: unknown set %q; use ff3, ff5 or mom", n)}
		}
		chosen = append(chosen, s)
	}
	if len(chosen) == 0 {
		return exitBadInput, usageError{"--sets is empty; use ff3, ff5 or mom"}
	}
	if cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return exitBadInput, usageError{"no user cache directory (" + err.Error() + "); give --cache DIR"}
		}
		cache = filepath.Join(dir, "eventstudy", "french")
	}
	if agent == "" {
		agent = strings.ReplaceAll(versionString(), " ", "/") + " (+https://github.com/breachlab/eventstudy)"
	}
	c := fetch.New(agent, cache)
	c.Offline = offline
	c.OfflineHint = "or rerun with --offline once the files are in the cache"
	base := os.Getenv("EVENTSTUDY_FRENCH_URL")
	if strings.TrimSpace(base) == "" {
		base = french.DefaultURL
	}
	m := factorsManifest{Tool: "eventstudy", Version: versionString(), Created: nowUTC(), Base: base, Cache: cache}
	for _, s := range chosen {
		f, err := french.Fetch(c, base, s, out, refresh)
		if errors.Is(err, fetch.ErrNotCached) {
			return exitBadInput, fmt.Errorf("%w; run eventstudy fetch factors without --offline once to download it, or pass the --cache DIR that holds it", err)
		}
		if err != nil {
			return exitBadInput, err
		}
		m.Files = append(m.Files, *f)
		fmt.Fprintf(stdout, "%s: %s (%d days %s..%s; %s) sha256 %s\n", s.Name, f.CSV, f.Days, f.First, f.Last, strings.Join(f.Factors, " "), f.CSVSHA256)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	path := filepath.Join(out, "factors.manifest.json")
	if err := fetch.WriteFile(path, append(b, '\n')); err != nil {
		return exitBadInput, fmt.Errorf("cannot write %s: %v", path, err)
	}
	fmt.Fprintf(stdout, "manifest: %s\n", path)
	return exitOK, nil
}
