package study

import (
	"errors"
	"math"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestSettingsTable: one entry per key, keys in snake case, every entry
// documented for --help and for the init template, flag names unique,
// FileKeys in the table's order, only out left out of the manifest.
func TestSettingsTable(t *testing.T) {
	snake := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	flags := map[string]bool{}
	for i, st := range Settings {
		t.Run(st.Key, func(t *testing.T) {
			if !snake.MatchString(st.Key) {
				t.Errorf("key %q is not snake_case", st.Key)
			}
			if st.Help == "" || st.Comment == "" {
				t.Error("missing help or init comment")
			}
			if (st.set == nil) == (st.setList == nil) {
				t.Error("want exactly one of set and setList")
			}
			if (st.setList != nil) != (st.List != "") || (st.Repeat && st.setList == nil) {
				t.Errorf("List %q, Repeat %v do not match the setter", st.List, st.Repeat)
			}
			if (st.get == nil) != (st.Key == "out") {
				t.Errorf("recorded in the manifest: %v", st.get != nil)
			}
			for _, f := range []string{st.FlagName(), st.Short} {
				if f != "" && flags[f] {
					t.Errorf("flag %q twice", f)
				}
				flags[f] = true
			}
			if FileKeys[i] != st.Key || settingByKey[st.Key] != st {
				t.Errorf("FileKeys[%d] = %q", i, FileKeys[i])
			}
		})
	}
}

// TestSettingTextRoundTrip: a setting's flag text read back gives the same
// value, for the defaults and for a study where every setting differs from
// them, so the flag defaults shown by --help reproduce the study file.
func TestSettingTextRoundTrip(t *testing.T) {
	other, err := ParseFile("study.yaml", []byte(`
events: ev.csv
prices: px
market: m.csv
factors: [ff.CSV, mom.CSV]
model: ff3
returns: log
estimation: "-200,-21"
window: "-5,5"
car: ["-1,1", "0,2"]
min_est: 60
anchor: previous
max_shift: 4
tests: [patell, bmp]
date_format: mdy
decimal: comma
price_column: Close
covariates: [records, none]
market_price_column: Adj Close
returns_unit: percent
market_returns_unit: decimal
car_var: simple
bhar_benchmark: model
multi_day: sum-sar
kp_rbar: event-time
kp_min_shared: 10
primary_stage: filing
peers: peers.csv
mask_confounding: yes
format: [json, xlsx]
level: 0.9
`), "")
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]Study{"default": Default(), "other": other} {
		for _, st := range Settings {
			if st.get == nil {
				continue
			}
			t.Run(name+"/"+st.Key, func(t *testing.T) {
				back := Default()
				if err := st.Set(&back, st.Text(&s)); err != nil {
					t.Fatalf("Set(%q): %v", st.Text(&s), err)
				}
				if got, want := st.get(&back), st.get(&s); !reflect.DeepEqual(got, want) {
					t.Errorf("text %q reads back as %#v, want %#v", st.Text(&s), got, want)
				}
			})
		}
	}
	if d := Default(); reflect.DeepEqual(d.Resolved(), other.Resolved()) {
		t.Error("the other study equals the defaults")
	}
}

// TestFlagError: a value outside a fixed set reads `--flag "v"; use ...`,
// any other problem `--flag: what; hint`.
func TestFlagError(t *testing.T) {
	for _, tc := range []struct {
		flag, text string
		err        error
		want       string
	}{
		{"car-var", "diag", badChoice("use exact or simple", "unknown value %q", "diag"), `--car-var "diag"; use exact or simple`},
		{"estimation", "5", bad("write two relative trading days", "window %q: bad", "5"), `--estimation: window "5": bad; write two relative trading days`},
		{"format", "pdf", bad("", "unknown output format %q", "pdf"), `--format: unknown output format "pdf"`},
		{"events", "x", errors.New("plain"), `--events: plain`},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			if got := FlagError(tc.flag, tc.text, tc.err); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSettingSetErrors: the flag side of the table refuses what the study
// file refuses, with the same hint.
func TestSettingSetErrors(t *testing.T) {
	for _, tc := range []struct{ key, text, want string }{
		{"model", "capm", `--model "capm"; use market, market-sw, market-dimson, mean, market-adjusted, factors, ff3, carhart, ff5, garch or egarch`},
		{"returns", "cont", `--returns "cont"; use simple or log`},
		{"anchor", "foo", `--anchor "foo"; use next, previous, exact or skip`},
		{"decimal", "pointy", `--decimal "pointy"; use point (1,234.56) or comma (1.234,56), or leave it empty to detect`},
		{"returns_unit", "pct", `--returns-unit "pct"; use percent, decimal or log (or leave it empty to take the unit from the column name)`},
		{"market_returns_unit", "%", `--market-returns-unit "%"; use percent, decimal or log (or leave it empty for --returns-unit's)`},
		{"gaps", "fill", `--gaps "fill"; use drop`},
		{"min_est", "many", `--min-est: want a whole number, got "many"; write a whole number, e.g. 120`},
		{"car", "", `--car: no CAR window; give at least one window, e.g. car: ["-1,1", "0,1"]`},
		{"tests", "patell,patel", `--tests: unknown test "patel"; use all or a list of `},
		{"mask_confounding", "maybe", `--mask-confounding: want true or false, got "maybe"; write true or false`},
		{"level", "95%", `--level: want a number, got "95%"; write a number between 0 and 1, e.g. 0.95`},
	} {
		t.Run(tc.key, func(t *testing.T) {
			st := settingByKey[tc.key]
			s := Default()
			err := st.Set(&s, tc.text)
			if err == nil {
				t.Fatal("no error")
			}
			if got := FlagError(st.FlagName(), tc.text, err); !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestStudyValidate: Validate reports the analysis settings' problems and
// those that involve the inputs, all of them at once.
func TestStudyValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Study)
		want []string // substrings; none = valid
	}{
		{"defaults", func(*Study) {}, nil},
		{"min-est 0", func(s *Study) { s.Analysis.MinEst = 0 }, nil},
		{"ff3 without factors", func(s *Study) { s.Analysis.Model = "ff3" }, []string{"model ff3 needs --factors"}},
		{"factors without factors", func(s *Study) { s.Analysis.Model = "factors" }, []string{"model factors needs --factors FILE"}},
		{"gaps", func(s *Study) { s.Gaps = "fill" }, []string{"--gaps fill is not implemented"}},
		{"trade-to-trade", func(s *Study) { s.Gaps = GapsTradeToTrade }, nil},
		{"trade-to-trade with market-sw", func(s *Study) { s.Gaps, s.Analysis.Model = GapsTradeToTrade, "market-sw" },
			[]string{"--gaps trade-to-trade works with the models market, mean, market-adjusted and the factor models, not market-sw"}},
		{"dimson lags -1", func(s *Study) { s.Analysis.DimsonLags = -1 }, []string{"--dimson-lags -1"}},
		{"market price column with a ticker", func(s *Study) { s.Market, s.MarketPriceColumn = "GSPC", "Close" }, []string{`--market-price-column "Close" needs --market FILE`}},
		{"returns unit", func(s *Study) { s.ReturnsUnit = "pct" }, []string{`--returns-unit "pct"`}},
		{"market returns unit", func(s *Study) { s.Market, s.MarketReturnsUnit = "m.csv", "pct" }, []string{`--market-returns-unit "pct"; use percent, decimal or log`}},
		{"market returns unit with a market file", func(s *Study) { s.Market, s.MarketReturnsUnit = "m.csv", "percent" }, nil},
		{"market returns unit with a ticker", func(s *Study) { s.Market, s.MarketReturnsUnit = "GSPC", "percent" },
			[]string{`--market-returns-unit percent needs --market FILE; the market "GSPC" is a series of --prices, whose unit is --returns-unit's`}},
		{"level 0.9", func(s *Study) { s.Analysis.Level = 0.9 }, nil},
		{"level 0", func(s *Study) { s.Analysis.Level = 0 }, []string{"--level 0: want a confidence level between 0 and 1"}},
		{"level 1", func(s *Study) { s.Analysis.Level = 1 }, []string{"--level 1: want"}},
		{"level 95", func(s *Study) { s.Analysis.Level = 95 }, []string{"--level 95: want"}},
		{"level -0.5", func(s *Study) { s.Analysis.Level = -0.5 }, []string{"--level -0.5: want"}},
		{"level NaN", func(s *Study) { s.Analysis.Level = math.NaN() }, []string{"--level NaN: want"}},
		{"events file as prices", func(s *Study) { s.Events, s.Prices = tmusPrices, tmusPrices },
			[]string{"--events and --prices name the same file, " + tmusPrices}},
		{"events file as market", func(s *Study) { s.Events, s.Prices, s.Market = tmusPrices, "../testdata/demo/prices", "./"+tmusPrices },
			[]string{"--events and --market name the same file"}},
		{"events beside prices", func(s *Study) { s.Events, s.Prices = "../testdata/demo/events.csv", tmusPrices }, nil},
		{"several at once", func(s *Study) { s.Analysis.MinEst, s.Analysis.CARVar, s.Gaps = -1, "diag", "fill" },
			[]string{"--min-est -1", `--car-var "diag"`, "--gaps fill"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Default()
			tc.edit(&s)
			err := s.Validate()
			if len(tc.want) == 0 {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if n := len(strings.Split(err.Error(), "\n")); n != len(tc.want) {
				t.Errorf("%d problems reported, want %d: %v", n, len(tc.want), err)
			}
		})
	}
}

// tmusPrices is T-Mobile's daily price file of the demo.
const tmusPrices = "../testdata/demo/prices/TMUS.csv"
