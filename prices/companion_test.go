package prices

import (
	"github.com/breachlab/eventstudy/dates"
	"math"
	"testing"
)

// TestCompanion: the second price column of a file is found for either
// column read, and is absent from one-column, wide and return files.
func TestCompanion(t *testing.T) {
	dir := t.TempDir()
	yahoo := writeTemp(t, dir, "TMUS.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n"+
		"2021-08-13,145.000000,145.449997,143.600006,144.940002,143.737381,2375400\n"+
		"2021-08-16,144.199997,144.449997,139.110001,140.729996,139.562302,15566000\n")
	tidy := writeTemp(t, dir, "tidy.csv", "symbol,date,close,adjusted\nTMUS,2021-08-13,144.94,143.737381\nTMUS,2021-08-16,140.73,139.562302\n")
	closeOnly := writeTemp(t, dir, "C.csv", "Date,Close\n2021-08-13,144.94\n2021-08-16,140.73\n")
	wide := writeTemp(t, dir, "wide.csv", "Date,TMUS,VZ\n2021-08-13,143.737381,52.1\n2021-08-16,139.562302,52.3\n")
	tests := []struct {
		name, path, column, want string
		sym                      string
		last                     float64
	}{
		{"yahoo, Adj Close read", yahoo, "", "Close", "TMUS", 140.729996},
		{"yahoo, Close read", yahoo, "Close", "Adj Close", "TMUS", 139.562302},
		{"tidyquant long, close read", tidy, "close", "adjusted", "TMUS", 139.562302},
		{"close only", closeOnly, "", "", "C", 0},
		{"wide", wide, "", "", "TMUS", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(tc.path, LoadOptions{PriceColumn: tc.column})
			if err != nil {
				t.Fatal(err)
			}
			s := p.Series[tc.sym]
			c := Companions(s.File, s.Column, []string{tc.sym}, dates.DateAuto)[tc.sym]
			if tc.want == "" {
				if c != nil {
					t.Fatalf("companion %+v", c)
				}
				return
			}
			if c == nil || c.Column != tc.want || len(c.Values) != 2 || c.Values[1] != tc.last {
				t.Fatalf("companion %+v, want column %s ending %v", c, tc.want, tc.last)
			}
		})
	}
	// One read for several symbols of a long file.
	two := writeTemp(t, dir, "two.csv", "ticker,date,close,adjusted\nTMUS,2021-08-13,144.94,143.737381\nTMUS,2021-08-16,140.73,139.562302\nVZ,2021-08-13,55.1,52.1\nVZ,2021-08-16,55.3,52.3\n")
	cs := Companions(two, "close", []string{"TMUS", "VZ"}, dates.DateAuto)
	if len(cs) != 2 || cs["VZ"] == nil || cs["VZ"].Column != "adjusted" || cs["VZ"].Values[1] != 52.3 || cs["TMUS"].Values[0] != 143.737381 {
		t.Errorf("companions of a long file: %+v", cs)
	}
	if !AdjustedColumn("Adj Close**") || !AdjustedColumn("adjusted") || !AdjustedColumn("adj_close") || AdjustedColumn("Close") || AdjustedColumn("PRC") {
		t.Error("AdjustedColumn")
	}
}

// TestQualityReturns: a return whose 1+R is near a split factor is
// flagged with its ratio and factor (Okta, 2022-09-01: -33.7 %).
func TestQualityReturns(t *testing.T) {
	cal, _ := dates.NewCalendar([]dates.Day{day(t, "2022-08-31"), day(t, "2022-09-01"), day(t, "2022-09-02")})
	r := 60.599998/91.400002 - 1
	s := &Series{Symbol: "OKTA", Dates: cal.Days, Values: []float64{0.01, r, 0.066}, IsReturn: true}
	fl := s.Align(cal, Simple).Quality(cal)
	if len(fl) != 1 || fl[0].Code != "split_like_jump" || fl[0].Pos != 1 || fl[0].Factor != 1.5 || math.Abs(fl[0].Ratio-0.663) > 5e-4 {
		t.Fatalf("flags %+v", fl)
	}
}
