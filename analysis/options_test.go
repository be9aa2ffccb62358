package analysis

import (
	"strings"
	"testing"
)

// TestParseOptions: every option parses its own words in any case, String
// gives the word back, and an unknown word names the choices.
func TestParseOptions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		got  func(string) (string, error)
		want string
		err  string
	}{
		{"market-adjusted", str(ParseModel), "market-adjusted", ""},
		{"FF3", str(ParseModel), "ff3", ""},
		{"capm", str(ParseModel), "", `unknown value "capm"; use market, market-sw, market-dimson, mean, market-adjusted, factors, ff3, carhart, ff5, garch or egarch`},
		{"Simple", str(ParseCARVar), "simple", ""},
		{"", str(ParseCARVar), "", `unknown value ""; use exact or simple`},
		{"sum-sar", str(ParseMultiDay), "sum-sar", ""},
		{"sumsar", str(ParseMultiDay), "", `unknown value "sumsar"; use scar or sum-sar`},
		{"event-time", str(ParseKPRbar), "event-time", ""},
		{"model", str(ParseBenchmark), "model", ""},
		{"peer", str(ParseBenchmark), "", `unknown value "peer"; use market or model`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := tc.got(tc.in)
			if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
				t.Errorf("got %q, %v; want %q, %q", got, err, tc.want, tc.err)
			}
		})
	}
}

// str adapts a ParseX function to one signature through String.
func str[T interface {
	~string
	String() string
}](parse func(string) (T, error)) func(string) (string, error) {
	return func(s string) (string, error) {
		v, err := parse(s)
		return v.String(), err
	}
}

// TestValidateOptions: the one validation of the analysis settings. A
// zero option is its default; MinEst only has to be a count.
func TestValidateOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
		err  string // "" = valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"zero options are the defaults", func(c *Config) { c.CARVar, c.MultiDay, c.KPRbar, c.BHARBenchmark = "", "", "", "" }, ""},
		{"min-est 0", func(c *Config) { c.MinEst = 0 }, ""},
		{"min-est 2", func(c *Config) { c.MinEst = 2 }, ""},
		{"min-est -1", func(c *Config) { c.MinEst = -1 }, "--min-est -1: want a non-negative number"},
		{"car-var", func(c *Config) { c.CARVar = "diag" }, `--car-var "diag"; use exact or simple`},
		{"multi-day", func(c *Config) { c.MultiDay = "csar" }, `--multi-day "csar"; use scar or sum-sar`},
		{"kp-rbar", func(c *Config) { c.KPRbar = "dates" }, `--kp-rbar "dates"; use calendar or event-time`},
		{"bhar-benchmark", func(c *Config) { c.BHARBenchmark = "peer" }, `--bhar-benchmark "peer"; use market or model`},
		{"model", func(c *Config) { c.Model = "capm" }, `unknown model "capm"`},
		{"event window without day 0", func(c *Config) { c.EventWindow = Window{1, 5}; c.CARWindows = nil }, "must contain day 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want %q", err, tc.err)
			}
		})
	}
}
