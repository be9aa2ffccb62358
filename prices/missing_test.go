package prices

import (
	"math"
	"slices"
	"testing"
)

// TestMissingDayOrInvalid: an empty, null or NaN value is a missing day
// (NaN, not in Series.Invalid) unless the row holds other prices (then
// the column used is broken: Invalid); an infinite value is always
// invalid; a price <= 0 stays NonPositive. The rows are T-Mobile's of
// 2021-08-13/16/17 (Yahoo, testdata/TMUS.csv).
func TestMissingDayOrInvalid(t *testing.T) {
	const head = "Date,Open,High,Low,Close,Adj Close,Volume\n"
	const r13 = "2021-08-13,145.000000,145.449997,143.600006,144.940002,143.737381,2375400\n"
	const r17 = "2021-08-17,140.899994,142.330002,139.649994,140.449997,139.283875,7005900\n"
	tests := []struct {
		name, file, content string
		invalid, nonPos     []int // indices into Values (rows 13, 16, 17)
	}{
		{"yahoo null row", "TMUS.csv", head + r13 + "2021-08-16,null,null,null,null,null,null\n" + r17, nil, nil},
		{"empty row", "TMUS.csv", head + r13 + "2021-08-16,,,,,,\n" + r17, nil, nil},
		{"NaN prices, volume 0", "TMUS.csv", head + r13 + "2021-08-16,NaN,NaN,NaN,NaN,NaN,0\n" + r17, nil, nil},
		{"empty Adj Close beside Close", "TMUS.csv", head + r13 + "2021-08-16,144.199997,144.449997,139.110001,140.729996,,15566000\n" + r17, []int{1}, nil},
		{"NA Adj Close beside Open", "TMUS.csv", head + r13 + "2021-08-16,144.199997,,,,NA,15566000\n" + r17, []int{1}, nil},
		{"infinite", "TMUS.csv", head + r13 + "2021-08-16,Inf,Inf,Inf,Inf,Inf,0\n" + r17, []int{1}, nil},
		{"overflow", "TMUS.csv", head + r13 + "2021-08-16,1,1,1,1,1e999,0\n" + r17, []int{1}, nil},
		{"zero", "TMUS.csv", head + r13 + "2021-08-16,1,1,1,1,0,0\n" + r17, nil, []int{1}},
		{"long file, empty value", "long.csv", "symbol,date,adj_close\nTMUS,2021-08-13,143.737381\nTMUS,2021-08-16,\nTMUS,2021-08-17,139.283875\n", nil, nil},
		{"long file, empty adj_close beside close", "long.csv", "ticker,date,close,adj_close\nTMUS,2021-08-13,144.94,143.737381\nTMUS,2021-08-16,140.73,\nTMUS,2021-08-17,140.45,139.283875\n", []int{1}, nil},
		{"wide file, blank cell", "wide.csv", "Date,TMUS,VZ\n2021-08-13,143.737381,52.1\n2021-08-16,,52.3\n2021-08-17,139.283875,52.0\n", nil, nil},
		{"wide file, Inf cell", "wide.csv", "Date,TMUS,VZ\n2021-08-13,143.737381,52.1\n2021-08-16,Inf,52.3\n2021-08-17,139.283875,52.0\n", []int{1}, nil},
		{"returns, null and Inf", "ret.csv", "symbol,date,ret\nTMUS,2021-08-13,0.01\nTMUS,2021-08-16,null\nTMUS,2021-08-17,-inf\n", []int{2}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Load(writeTemp(t, t.TempDir(), tc.file, tc.content), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := p.Series["TMUS"]
			if s == nil || len(s.Values) != 3 {
				t.Fatalf("series %+v", s)
			}
			if !math.IsNaN(s.Values[1]) || math.IsNaN(s.Values[0]) {
				t.Errorf("values %v", s.Values)
			}
			if !slices.Equal(s.Invalid, tc.invalid) || !slices.Equal(s.NonPositive, tc.nonPos) {
				t.Errorf("invalid %v non-positive %v, want %v %v", s.Invalid, s.NonPositive, tc.invalid, tc.nonPos)
			}
			if len(p.Notes) == 0 {
				t.Error("no note on the missing cell")
			}
		})
	}
}
