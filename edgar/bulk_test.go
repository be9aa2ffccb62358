package edgar

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bulkZip writes the fixtures' submissions files into a zip shaped like
// the SEC's nightly submissions.zip (flat CIK##########*.json entries).
func bulkZip(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "submissions.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	names, _ := filepath.Glob("testdata/sec/submissions/*.json")
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(filepath.Base(n))
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func TestOfflineBulk(t *testing.T) {
	srv := newServer(t)
	cache := t.TempDir()
	cfg, _ := config(t, srv, cache)
	cfg.Tickers = []string{"ACME", "BETA"}
	online, err := Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	bulk, err := OpenBulk(bulkZip(t))
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Close()

	t.Run("headers cached", func(t *testing.T) {
		off, _ := config(t, nil, cache)
		off.DataURL, off.WWWURL = cfg.DataURL, cfg.WWWURL
		off.Client.Offline, off.Bulk, off.Tickers = true, bulk, cfg.Tickers
		res, err := Build(off)
		if err != nil {
			t.Fatal(err)
		}
		if string(CSV(res.Rows)) != string(CSV(online.Rows)) {
			t.Fatalf("offline rows differ:\n%s\nvs\n%s", CSV(res.Rows), CSV(online.Rows))
		}
	})
	t.Run("empty cache", func(t *testing.T) {
		// Nothing cached: tickers from the archive's own "tickers"
		// arrays, times from the JSON where the filing date decides them.
		off, _ := config(t, nil, t.TempDir())
		off.Client.Offline, off.Bulk, off.Tickers = true, bulk, []string{"BETA"}
		res, err := Build(off)
		if err != nil {
			t.Fatal(err)
		}
		// BETA writes the New York clock with a Z. 16:35Z filed the same
		// day: both readings fit, sessions differ (after vs intraday):
		// undecided. 09:10Z 8-K/A: UTC 04:10 EST pre, NY 09:10 pre: same
		// date and session. 18:05Z filed the next day: New York clock.
		want := []want{
			{"beta-2024-01-10-8k", "2024-01-10", "", "", "beta-2024-01-10", "filing", "json-undecided", "original"},
			{"beta-2024-02-20-8ka", "2024-02-20", "", "pre", "beta-2024-01-10", "update", "json-session-only", "nearest"},
			{"beta-2024-09-05-8k", "2024-09-05", "18:05", "after", "beta-2024-09-05", "filing", "json-newyork", "original"},
		}
		checkRows(t, res.Rows, want)
		if !strings.Contains(strings.Join(res.Notes, "\n"), "the tickers file is not in the cache") {
			t.Errorf("notes %v", res.Notes)
		}
	})
	t.Run("all", func(t *testing.T) {
		off, _ := config(t, nil, cache)
		off.DataURL, off.WWWURL = cfg.DataURL, cfg.WWWURL
		off.Client.Offline, off.Bulk, off.All = true, bulk, true
		res, err := Build(off)
		if err != nil {
			t.Fatal(err)
		}
		checkRows(t, res.Rows, wantDefault)
	})
}

func TestOpenBulkMissing(t *testing.T) {
	_, err := OpenBulk(filepath.Join(t.TempDir(), "submissions.zip"))
	if err == nil || !strings.Contains(err.Error(), "pass it with --bulk") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err %v", err)
	}
}
