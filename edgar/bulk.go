package edgar

import (
	"archive/zip"
	"fmt"
	"io"
	"regexp"
	"sort"
)

// Bulk is the SEC's nightly bulk archive of the submissions API
// (Archives/edgar/daily-index/bulkdata/submissions.zip): one
// CIK##########.json per filer and the further pages
// CIK##########-submissions-NNN.json, as the API serves them.
type Bulk struct {
	Path  string
	r     *zip.ReadCloser
	files map[string]*zip.File
}

var bulkFilerRE = regexp.MustCompile(`^CIK\d{10}\.json$`)

// OpenBulk opens the archive.
func OpenBulk(path string) (*Bulk, error) {
	r, err := zip.OpenReader(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot open the bulk submissions archive: %v; download submissions.zip from https://www.sec.gov/Archives/edgar/daily-index/bulkdata/submissions.zip and pass it with --bulk", path, err)
	}
	b := &Bulk{Path: path, r: r, files: map[string]*zip.File{}}
	for _, f := range r.File {
		b.files[f.Name] = f
	}
	return b, nil
}

// Close closes the archive.
func (b *Bulk) Close() error { return b.r.Close() }

// Read returns the entry name, ok=false when absent.
func (b *Bulk) Read(name string) ([]byte, bool, error) {
	f, ok := b.files[name]
	if !ok {
		return nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, fmt.Errorf("%s: %s: %v", b.Path, name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, true, fmt.Errorf("%s: %s: %v; the archive is damaged, download it again", b.Path, name, err)
	}
	return data, true, nil
}

// Filers lists the filers' main files, sorted.
func (b *Bulk) Filers() []string {
	var out []string
	for n := range b.files {
		if bulkFilerRE.MatchString(n) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
