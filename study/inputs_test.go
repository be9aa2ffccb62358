package study

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPriceHashes: the manifest's SHA-256 of each price file, which the
// loader computes from its own reads, is the SHA-256 of the file's bytes:
// a directory of files, a long file (read in chunks) and the same file
// gzipped (read into memory).
func TestPriceHashes(t *testing.T) {
	dir := t.TempDir()
	var long strings.Builder
	long.WriteString("symbol,date,adj_close\n")
	ents, err := os.ReadDir(demoPrices)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		sym := strings.TrimSuffix(e.Name(), ".csv")
		for _, l := range yahooLines(t, sym)[1:] {
			c := strings.Split(l, ",")
			fmt.Fprintf(&long, "%s,%s,%s\n", sym, c[0], c[5])
		}
	}
	longPath := filepath.Join(dir, "long.csv")
	writeLines(t, longPath, strings.Split(strings.TrimSuffix(long.String(), "\n"), "\n"))
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	data, err := os.ReadFile(longPath)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	gzPath := filepath.Join(dir, "long.csv.gz")
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		prices string
		files  int
	}{{demoPrices, len(ents)}, {longPath, 1}, {gzPath, 1}} {
		t.Run(filepath.Base(tc.prices), func(t *testing.T) {
			s := demoStudy()
			s.Prices = tc.prices
			out := runStudy(t, s)
			n := 0
			for _, f := range out.Set.Manifest.Inputs {
				if f.Role != "prices" {
					continue
				}
				n++
				path := f.Path
				if !filepath.IsAbs(path) && tc.prices == demoPrices {
					path = filepath.Join(demoPrices, filepath.Base(path))
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if want := fmt.Sprintf("%x", sha256.Sum256(b)); f.SHA256 != want || f.HashError != "" {
					t.Errorf("%s: SHA-256 %q (%s), want %s", f.Path, f.SHA256, f.HashError, want)
				}
			}
			if n != tc.files {
				t.Errorf("%d price files recorded, want %d", n, tc.files)
			}
		})
	}
}
