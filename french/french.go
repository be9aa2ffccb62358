// Package french downloads Kenneth French's daily factor files (Fama–French
// three and five factors, momentum) from his data library through package
// fetch (cached, rate-limited, hashed), unzips the CSV and checks that the
// project's own parser (prices.LoadFrench) reads it, so a study's
// --factors input has a recorded source and hash.
package french

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/breachlab/eventstudy/fetch"
	"github.com/breachlab/eventstudy/prices"
)

// DefaultURL is the data library's file folder; EVENTSTUDY_FRENCH_URL
// overrides it.
const DefaultURL = "https://mba.tuck.dartmouth.edu/pages/faculty/ken.french/ftp/"

// Set is one factor file of the library.
type Set struct {
	Name string // ff3, ff5, mom
	Zip  string // the file name on the site
	What string
}

// Sets are the daily files eventstudy's models use (docs/inputs.md).
var Sets = []Set{
	{"ff3", "F-F_Research_Data_Factors_daily_CSV.zip", "Fama/French 3 factors, daily"},
	{"ff5", "F-F_Research_Data_5_Factors_2x3_daily_CSV.zip", "Fama/French 5 factors (2x3), daily"},
	{"mom", "F-F_Momentum_Factor_daily_CSV.zip", "momentum factor, daily"},
}

// Lookup returns the set named name.
func Lookup(name string) (Set, bool) {
	for _, s := range Sets {
		if s.Name == strings.ToLower(strings.TrimSpace(name)) {
			return s, true
		}
	}
	return Set{}, false
}

// File is one factor file fetched and checked.
type File struct {
	Set       string   `json:"set"`
	URL       string   `json:"url"`
	Zip       string   `json:"zip"` // the cached download
	ZipSHA256 string   `json:"zip_sha256"`
	CSV       string   `json:"csv"` // the unzipped file, the --factors input
	CSVSHA256 string   `json:"csv_sha256"`
	Days      int      `json:"days"`
	First     string   `json:"first"`
	Last      string   `json:"last"`
	Factors   []string `json:"factors"`
	FromCache bool     `json:"from_cache"`
}

// Fetch downloads set from base (through c's cache), writes its CSV into
// dir and reads it with prices.LoadFrench.
func Fetch(c *fetch.Client, base string, set Set, dir string, refresh bool) (*File, error) {
	u := strings.TrimRight(base, "/") + "/" + set.Zip
	data, err := c.Get(u, refresh)
	if err != nil {
		return nil, err
	}
	name, csv, err := unzipCSV(u, data)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, name)
	if err := os.WriteFile(out, csv, 0o644); err != nil {
		return nil, err
	}
	f, err := prices.LoadFrench(out)
	if err != nil {
		os.Remove(out)
		return nil, fmt.Errorf("%s does not read as a Kenneth French daily factor file: %v; check EVENTSTUDY_FRENCH_URL, or delete the cached copy and rerun with --refresh", u, err)
	}
	r := &File{Set: set.Name, URL: u, Zip: c.CachePath(u), ZipSHA256: fetch.HashBytes(data), CSV: out,
		CSVSHA256: fetch.HashBytes(csv), Days: len(f.Dates), Factors: append([]string(nil), f.Names...)}
	if f.RF != nil {
		r.Factors = append(r.Factors, "RF")
	}
	if len(f.Dates) > 0 {
		r.First, r.Last = f.Dates[0].String(), f.Dates[len(f.Dates)-1].String()
	}
	for _, s := range c.Sources() {
		if s.URL == u {
			r.FromCache = s.FromCache
		}
	}
	return r, nil
}

// unzipCSV returns the one CSV inside a library zip.
func unzipCSV(u string, data []byte) (string, []byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", nil, fmt.Errorf("%s is not a zip file (%v); the site may have sent an error page: check EVENTSTUDY_FRENCH_URL, or delete the cached copy and rerun with --refresh", u, err)
	}
	var found *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(filepath.Ext(f.Name), ".csv") {
			if found != nil {
				return "", nil, fmt.Errorf("%s holds more than one CSV (%s, %s); expected one daily factor file", u, found.Name, f.Name)
			}
			found = f
		}
	}
	if found == nil {
		return "", nil, fmt.Errorf("%s holds no CSV file; expected one daily factor file", u)
	}
	rc, err := found.Open()
	if err != nil {
		return "", nil, fmt.Errorf("%s: %s: %v", u, found.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 1<<30))
	if err != nil {
		return "", nil, fmt.Errorf("%s: %s: %v; the zip is damaged: rerun with --refresh", u, found.Name, err)
	}
	return filepath.Base(filepath.FromSlash(found.Name)), b, nil
}
