package french

import (
	"archive/zip"
	"bytes"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/breachlab/eventstudy/fetch"
	"github.com/breachlab/eventstudy/prices"
)

// Fixtures written from the library's published layout: preamble lines,
// a blank line, the header, YYYYMMDD rows in percent, a blank line and
// the copyright trailer, CRLF line ends, one CSV in each zip.
var fixtures = map[string][2]string{
	"F-F_Research_Data_Factors_daily_CSV.zip": {"F-F_Research_Data_Factors_daily.CSV",
		"This file was created by CMPT_ME_BEME_RETS_DAILY using the 202407 CRSP database.\r\n" +
			"The Tbill return is the simple daily rate that, over the number of trading days\r\n\r\n" +
			",Mkt-RF,SMB,HML,RF\r\n" +
			"20240313,   -0.25,   -0.48,    0.50,   0.022\r\n" +
			"20240314,   -0.37,   -0.84,    0.22,   0.022\r\n" +
			"20240315,   -0.66,    0.28,    0.14,   0.022\r\n\r\n" +
			"Copyright 2024 Kenneth R. French\r\n"},
	"F-F_Research_Data_5_Factors_2x3_daily_CSV.zip": {"F-F_Research_Data_5_Factors_2x3_daily.CSV",
		"This file was created by CMPT_ME_BEME_OP_INV_RETS_DAILY using the 202407 CRSP database.\r\n" +
			"The 1-month TBill rate data until 202405 are from Ibbotson Associates.\r\n\r\n" +
			",Mkt-RF,SMB,HML,RMW,CMA,RF\r\n" +
			"20240314,   -0.37,   -0.93,    0.22,    0.31,   -0.05,   0.022\r\n" +
			"20240315,   -0.66,    0.20,    0.14,    0.35,    0.30,   0.022\r\n\r\n" +
			"Copyright 2024 Kenneth R. French\r\n"},
	"F-F_Momentum_Factor_daily_CSV.zip": {"F-F_Momentum_Factor_daily.CSV",
		"This file was created by CMPT_ME_PRIOR_RETS_DAILY using the 202407 CRSP database.\r\n" +
			"Missing data are indicated by -99.99 or -999.\r\n\r\n" +
			",Mom   \r\n" +
			"20240314,   0.91\r\n" +
			"20240315,  -0.42\r\n\r\n" +
			"Copyright 2024 Kenneth R. French\r\n"},
}

func zipOf(t *testing.T, name, text string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte(text))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func library(t *testing.T, hits *atomic.Int32, override map[string][]byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		name := strings.TrimPrefix(r.URL.Path, "/ftp/")
		if b, ok := override[name]; ok {
			w.Write(b)
			return
		}
		fx, ok := fixtures[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(zipOf(t, fx[0], fx[1]))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchSets(t *testing.T) {
	var hits atomic.Int32
	srv := library(t, &hits, nil)
	cache, out := t.TempDir(), t.TempDir()
	c := fetch.New("eventstudy test", cache)
	cases := []struct {
		set     string
		factors string
		days    int
		col     string
		want    float64 // 2024-03-15, percent / 100
	}{
		{"ff3", "Mkt-RF SMB HML RF", 3, "HML", 0.0014},
		{"ff5", "Mkt-RF SMB HML RMW CMA RF", 2, "CMA", 0.0030},
		{"mom", "Mom", 2, "Mom", -0.0042},
	}
	for _, tc := range cases {
		t.Run(tc.set, func(t *testing.T) {
			s, _ := Lookup(tc.set)
			f, err := Fetch(c, srv.URL+"/ftp/", s, out, false)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(f.Factors, " ") != tc.factors || f.Days != tc.days || f.Last != "2024-03-15" {
				t.Fatalf("%+v", f)
			}
			csv, _ := os.ReadFile(f.CSV)
			if f.CSVSHA256 != fetch.HashBytes(csv) || f.ZipSHA256 == "" || !strings.HasPrefix(f.Zip, cache) {
				t.Fatalf("hashes %+v", f)
			}
			// The written file reads with the study's own loader.
			ff, err := prices.LoadFrench(f.CSV)
			if err != nil {
				t.Fatal(err)
			}
			col, _ := ff.Column(tc.col)
			if got := col[len(col)-1]; math.Abs(got-tc.want) > 1e-15 {
				t.Fatalf("%s on 2024-03-15 = %v, want %v", tc.col, got, tc.want)
			}
		})
	}
	// A second client on the same cache, offline: no request.
	before := hits.Load()
	c2 := fetch.New("eventstudy test", cache)
	c2.Offline = true
	s, _ := Lookup("ff3")
	f, err := Fetch(c2, srv.URL+"/ftp/", s, t.TempDir(), false)
	if err != nil || !f.FromCache || hits.Load() != before {
		t.Fatalf("offline rerun: %+v %v (%d requests)", f, err, hits.Load()-before)
	}
}

func TestFetchRefusesBadFiles(t *testing.T) {
	var hits atomic.Int32
	srv := library(t, &hits, map[string][]byte{
		"F-F_Research_Data_Factors_daily_CSV.zip":       []byte("<html>moved</html>"),
		"F-F_Research_Data_5_Factors_2x3_daily_CSV.zip": zipOf(t, "x.CSV", "no header here\r\n"),
	})
	out := t.TempDir()
	c := fetch.New("eventstudy test", t.TempDir())
	for set, want := range map[string]string{"ff3": "is not a zip file", "ff5": "does not read as a Kenneth French daily factor file"} {
		s, _ := Lookup(set)
		if _, err := Fetch(c, srv.URL+"/ftp", s, out, false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", set, err, want)
		}
	}
	if left, _ := os.ReadDir(out); len(left) != 0 {
		t.Errorf("a file that does not parse was left: %v", left)
	}
	if _, ok := Lookup("ff4"); ok {
		t.Error("ff4 found")
	}
}
