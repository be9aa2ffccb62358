package study

import (
	"github.com/breachlab/eventstudy/dates"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/analysis/regression"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/figures"
	"github.com/breachlab/eventstudy/prices"
	"github.com/breachlab/eventstudy/results"
)

// A Setting is one setting of a study, defined once: its study-file key
// (the key of manifest.json's "config" too, and with "_" read as "-" the
// flag name), its help text, the comment `eventstudy init` writes above
// it, and how its value is read, shown and recorded. The command line, the
// study file, the manifest and the init template all read Settings, so a
// new option is one entry here and its use.
//
// A setting only parses; whether the values fit together is Validate's
// job, run once per study.
type Setting struct {
	Key     string
	Help    string   // the flag's help text
	Comment string   // the init template's comment
	Short   string   // a second flag name ("o" for out)
	Output  bool     // only commands that write results have the flag
	Flag    FlagKind // how the flag is registered (its type in --help)
	// List is the separator of a list written as one string ("," or " ";
	// a study file may also write a YAML list), "" for a scalar. Repeat:
	// the flag may be given again, each use adding to the list.
	List   string
	Repeat bool
	Quote  bool // the init template quotes the value

	text    func(*Study) string                            // the value as flag text
	sample  func(*Study) string                            // the init template's value (default: text)
	get     func(*Study) any                               // the manifest's value; nil: not recorded
	set     func(s *Study, t, base string) error           // scalar: parse t into s
	setList func(s *Study, ts []string, base string) error // list: parse the items into s
}

// FlagKind is how a setting's flag is registered.
type FlagKind int

const (
	FlagString FlagKind = iota // flag.StringVar
	FlagInt                    // flag.IntVar
	FlagBool                   // flag.BoolVar
	FlagValue                  // a flag.Value (windows and repeatable lists)
)

// FlagName is the setting's flag name: the key with "_" read as "-".
func (st *Setting) FlagName() string { return strings.ReplaceAll(st.Key, "_", "-") }

// Text is the setting's value in s as flag text (the flag's default).
func (st *Setting) Text(s *Study) string { return st.text(s) }

// Sample is the setting's value in s as the init template writes it.
func (st *Setting) Sample(s *Study) string {
	if st.sample != nil {
		return st.sample(s)
	}
	if st.Quote {
		return strconv.Quote(st.text(s))
	}
	return st.text(s)
}

// Set parses the text of the setting's flag into s. A list is split at
// its separator; relative paths stay as given.
func (st *Setting) Set(s *Study, t string) error {
	if st.setList != nil {
		return st.setList(s, splitList(t, st.List), "")
	}
	return st.set(s, t, "")
}

// SetList parses a list setting's items into s (a repeated flag).
func (st *Setting) SetList(s *Study, items []string) error {
	return st.setList(s, items, "")
}

// splitList splits t at sep, trimming and dropping empty items.
func splitList(t, sep string) []string {
	var out []string
	for _, f := range strings.Split(t, sep) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// Settings are every setting, in the order `eventstudy init` writes them.
var Settings = []*Setting{
	path("events", "events CSV (event_id, firm, date, optional time, session, incident, stage, label, group, market, source, peers, numeric characteristics)",
		"events file: event_id, firm, date (+ time, session, incident, stage, label, group, market, source, peers, numeric columns)",
		"events.csv", func(s *Study) *string { return &s.Events }),
	path("prices", "price data: a directory of per-ticker Yahoo files, a long file (symbol,date,value) or a wide file (date + one column per ticker)",
		"price data: a directory of per-ticker Yahoo files, a long file (symbol,date,value) or a wide file",
		"prices", func(s *Study) *string { return &s.Prices }),
	{
		Key: "market", Help: "market index: a ticker in the price data, or a price file",
		Comment: "market index: a ticker in the price data, or a price file",
		text:    func(s *Study) string { return s.Market },
		sample:  func(*Study) string { return "GSPC" },
		get:     func(s *Study) any { return display(s, s.Market) },
		set: func(s *Study, t, base string) error {
			if looksLikePath(t) {
				t = resolvePath(base, t)
			}
			s.Market = t
			return nil
		},
	},
	{
		Key: "factors", Help: "Kenneth French daily factor file(s), or CSVs of date and any factor columns, comma-separated or repeated (" + analysis.FactorModelList(", ") + ")",
		Comment: "factor files for " + analysis.FactorModelList("/") + ": Kenneth French daily files, e.g. [F-F_Research_Data_Factors_daily.CSV], or CSVs of date and any factor columns (see factors_unit, rf_column)",
		Flag:    FlagValue, List: ",", Repeat: true,
		text:   func(s *Study) string { return strings.Join(s.Factors, ",") },
		sample: func(*Study) string { return "[]" },
		get: func(s *Study) any {
			fac := make([]string, len(s.Factors))
			for i, f := range s.Factors {
				fac[i] = display(s, f)
			}
			return fac
		},
		setList: func(s *Study, ts []string, base string) error {
			s.Factors = nil
			for _, f := range ts {
				s.Factors = append(s.Factors, resolvePath(base, f))
			}
			return nil
		},
	},
	choice("model", "normal-return model: "+analysis.ModelList(),
		"normal-return model: "+analysis.ModelList(),
		analysis.Models, func(s *Study) *analysis.Model { return &s.Analysis.Model }),
	{
		Key: "returns", Help: "return type: simple or log", Comment: "simple or log",
		text: func(s *Study) string { return returnsName(s.Analysis.LogReturns) },
		get:  func(s *Study) any { return returnsName(s.Analysis.LogReturns) },
		set: func(s *Study, t, _ string) error {
			r, err := parseChoice(t, []string{"simple", "log"})
			s.Analysis.LogReturns = r == "log"
			return err
		},
	},
	window("estimation", "estimation window in trading days relative to day 0",
		"estimation window, trading days relative to day 0", func(s *Study) *analysis.Window { return &s.Analysis.Estimation }),
	window("window", "event window in trading days relative to day 0",
		"event window (must contain day 0 and every CAR window)", func(s *Study) *analysis.Window { return &s.Analysis.EventWindow }),
	{
		Key: "car", Help: "CAR window t1,t2 (repeatable; default 0,0 0,1 -1,1 -2,2 0,5 -5,5 0,10 -10,10)",
		Comment: "CAR windows; quote each one: [-1,1] unquoted is two numbers",
		Flag:    FlagValue, List: " ", Repeat: true,
		text:   func(s *Study) string { return strings.Join(carWindows(s), " ") },
		sample: carSample,
		get:    func(s *Study) any { return carWindows(s) },
		setList: func(s *Study, ts []string, _ string) error {
			if len(ts) == 0 {
				return bad("give at least one window, e.g. car: [\"-1,1\", \"0,1\"]", "no CAR window")
			}
			s.Analysis.CARWindows = nil
			for _, t := range ts {
				w, err := analysis.ParseWindow(t)
				if err != nil {
					return bad("quote each window in a list: car: [\"-1,1\", \"0,1\"] (unquoted, [-1,1] is two numbers)", "%v", err)
				}
				s.Analysis.CARWindows = append(s.Analysis.CARWindows, w)
			}
			return nil
		},
	},
	integer("min_est", "minimum valid estimation returns per event",
		"minimum valid estimation returns per event", func(s *Study) *int { return &s.Analysis.MinEst }),
	{
		Key: "anchor", Help: "day-0 rule: next, previous, exact, skip",
		Comment: "day 0: next (first session on/after the disclosure), previous, exact or skip",
		text:    func(s *Study) string { return string(s.Anchor) },
		get:     func(s *Study) any { return string(s.Anchor) },
		set: func(s *Study, t, _ string) error {
			r, err := events.ParseRule(t)
			if err != nil {
				return badChoice("use next, previous, exact or skip", "unknown anchor rule %q", t)
			}
			s.Anchor = r
			return nil
		},
	},
	integer("max_shift", "largest shift in calendar days from the disclosure date to day 0",
		"largest shift in calendar days from the disclosure date to day 0", func(s *Study) *int { return &s.MaxShift }),
	{
		Key: "tests", Help: "comma list of test ids, or all: " + strings.Join(grouptest.All, ","),
		Comment: "all, or a list of " + strings.Join(grouptest.All, ", "),
		List:    ",",
		text:    testsText,
		get: func(s *Study) any {
			if s.Analysis.Tests == nil {
				return defaultTests(s.Analysis)
			}
			return s.Analysis.Tests
		},
		setList: setTests,
	},
	{
		Key: "date_format", Help: "date format of the inputs when ambiguous: iso, ymd, mdy, dmy (also for unpadded M/D/YYYY), excel (serial numbers)",
		Comment: "empty to detect; iso, ymd, mdy or dmy when slash dates are ambiguous", Quote: true,
		text: func(s *Study) string { return string(s.DateFormat) },
		get:  func(s *Study) any { return string(s.DateFormat) },
		set: func(s *Study, t, _ string) error {
			f, err := dates.ParseDateFormat(t)
			if err != nil {
				return badChoice("use iso, ymd, mdy, dmy or excel (or leave it empty to detect)", "unknown date format %q", t)
			}
			s.DateFormat = f
			return nil
		},
	},
	{
		Key: "decimal", Help: "decimal separator of the price files when ambiguous (1,234): point or comma",
		Comment: "empty to detect; point (1,234.56) or comma (1.234,56) when numbers like 1,234 are ambiguous", Quote: true,
		text: func(s *Study) string { return string(s.Decimal) },
		get:  func(s *Study) any { return string(s.Decimal) },
		set: func(s *Study, t, _ string) error {
			d, err := prices.ParseDecimalConvention(t)
			if err != nil {
				return badChoice("use point (1,234.56) or comma (1.234,56), or leave it empty to detect", "unknown decimal separator %q", t)
			}
			s.Decimal = d
			return nil
		},
	},
	text("price_column", "price column to use (default: Adj Close if present, else Close)",
		"empty for Adj Close if present, else Close; or a column name", func(s *Study) *string { return &s.PriceColumn }),
	{
		Key: "covariates", Help: "events columns used as cross-sectional regression covariates, comma-separated, or none (default: every numeric extra column)",
		Comment: "events columns for the cross-sectional regression, or none; empty for every numeric extra column",
		Flag:    FlagValue, List: ",", Repeat: true,
		text:   func(s *Study) string { return strings.Join(s.Covariates, ",") },
		sample: func(*Study) string { return "[]" },
		get:    func(s *Study) any { return s.Covariates },
		setList: func(s *Study, ts []string, _ string) error {
			if len(ts) == 0 {
				ts = nil // [] is the default, as on the command line
			}
			s.Covariates = ts
			return nil
		},
	},
	text("market_price_column", "price column of a --market FILE, in place of --price-column",
		"price column of a market file, in place of price_column; empty for the same", func(s *Study) *string { return &s.MarketPriceColumn }),
	{
		Key: "returns_unit", Help: "unit of returns columns: percent, decimal or log (default: from the column name; percent-like columns need it); a --market FILE's too unless --market-returns-unit",
		Comment: "unit of returns columns: percent, decimal or log; empty to take it from the column name", Quote: true,
		text: func(s *Study) string { return string(s.ReturnsUnit) },
		get:  func(s *Study) any { return string(s.ReturnsUnit) },
		set: func(s *Study, t, _ string) error {
			u, err := prices.ParseReturnsUnit(t)
			if err != nil {
				return badChoice("use percent, decimal or log (or leave it empty to take the unit from the column name)", "unknown returns unit %q", t)
			}
			s.ReturnsUnit = u
			return nil
		},
	},
	{
		Key: "market_returns_unit", Help: "unit of a --market FILE's returns, and of --bhar-reference's: percent, decimal or log (default: --returns-unit's), e.g. an index's percent change beside decimal firm returns",
		Comment: "unit of a market file's returns, in place of returns_unit; empty for the same", Quote: true,
		text: func(s *Study) string { return string(s.MarketReturnsUnit) },
		// The value as given ("" = returns_unit's), as market_price_column:
		// a rerun that overrides returns_unit then moves the market too.
		get: func(s *Study) any { return string(s.MarketReturnsUnit) },
		set: func(s *Study, t, _ string) error {
			u, err := prices.ParseReturnsUnit(t)
			if err != nil {
				return badChoice("use percent, decimal or log (or leave it empty for --returns-unit's)", "unknown returns unit %q", t)
			}
			s.MarketReturnsUnit = u
			return nil
		},
	},
	choice("gaps", "missing-price policy: drop or trade-to-trade (a return spanning days without a trade, weighted by 1/n)",
		"missing prices: drop (returns across a gap are not used) or trade-to-trade (Maynes & Rumsey 1993)",
		GapPolicies, func(s *Study) *Gaps { return &s.Gaps }),
	choice("car_var", "CAR variance: exact (prediction-error corrected) or simple (L·σ²)",
		"CAR variance: exact (prediction-error corrected) or simple (L·σ²)",
		analysis.CARVars, func(s *Study) *analysis.CARVar { return &s.Analysis.CARVar }),
	choice("bhar_benchmark", "BHAR benchmark: market or model", "BHAR benchmark: market or model",
		analysis.Benchmarks, func(s *Study) *analysis.Benchmark { return &s.Analysis.BHARBenchmark }),
	choice("multi_day", "multi-day Patell/BMP form: scar or sum-sar", "multi-day Patell/BMP form: scar or sum-sar",
		analysis.MultiDays, func(s *Study) *analysis.MultiDay { return &s.Analysis.MultiDay }),
	choice("kp_rbar", "Kolari–Pynnönen r̄: calendar or event-time", "Kolari–Pynnönen r̄: calendar or event-time",
		analysis.KPRbars, func(s *Study) *analysis.KPRbar { return &s.Analysis.KPRbar }),
	integer("kp_min_shared", "shared estimation dates needed for a KP correlation",
		"shared estimation dates needed for a KP correlation", func(s *Study) *int { return &s.Analysis.KPMinShared }),
	text("primary_stage", "stage that represents an incident in group tests (default: earliest day 0)",
		"stage that represents an incident in group tests; empty = earliest day 0", func(s *Study) *string { return &s.Analysis.PrimaryStage }),
	withQuote(path("peers", "firm,peer CSV: rivals of each firm for the peer portfolio (events without a peers cell)",
		"firm,peer CSV giving rivals for events without a peers cell; empty for none",
		"", func(s *Study) *string { return &s.PeersFile })),
	boolean("mask_confounding", "treat other event windows of the same firm as missing in an event's estimation window",
		"true: other event windows of the same firm are missing in an event's estimation window", func(s *Study) *bool { return &s.MaskConfounding }, false),
	withQuote(path("shares", "symbol,date,shares CSV: shares outstanding per firm, the latest on or before day -1 (dollar CARs; CRSP SHROUT/ShrOut in thousands, Compustat cshoc in shares, csho in millions)",
		"symbol,date,shares CSV of shares outstanding for dollar CARs (SHROUT in thousands); empty for none",
		"", func(s *Study) *string { return &s.SharesFile })),
	{
		Key: "shares_unit", Help: "unit of the --shares values: shares, thousands or millions (default: from the column name, SHROUT = thousands)",
		Comment: "unit of the shares file's values: shares, thousands or millions; empty to take it from the column name", Quote: true,
		text: func(s *Study) string { return s.SharesUnit },
		get:  func(s *Study) any { return s.SharesUnit },
		set: func(s *Study, t, _ string) error {
			u := strings.ToLower(strings.TrimSpace(t))
			if _, ok := SharesUnits[u]; !ok {
				return badChoice("use shares, thousands or millions (or leave it empty to take the unit from the column name)", "unknown shares unit %q", t)
			}
			s.SharesUnit = u
			return nil
		},
	},
	boolean("volatility", "abnormal volatility: sar2, volatility.csv and the avol_* tests (false: off)",
		"false: no abnormal-volatility outputs (ar.csv sar2, volatility.csv, avol_u, avol_rank)", func(s *Study) *bool { return &s.NoVolatility }, true),
	{
		Key: "out", Help: "output directory (written atomically)", Short: "o", Output: true,
		Comment: "output directory, relative to this file; replaced atomically on each run",
		text: func(s *Study) string {
			if s.Out == "" {
				return DefaultOut
			}
			return s.Out
		},
		sample: func(*Study) string { return "results" },
		set:    func(s *Study, t, base string) error { s.Out = resolvePath(base, t); return nil },
		// not in the manifest: a rerun writes where it is told
	},
	{
		Key: "format", Help: "output formats, comma list of csv, json, md, tex, xlsx, parquet (ar, car, prices, volume as .parquet too)", Output: true,
		Comment: "output formats: csv (always), json, md, tex, xlsx, parquet",
		List:    ",",
		text: func(s *Study) string {
			if len(s.Formats) == 0 {
				return "csv"
			}
			return strings.Join(s.Formats, ",")
		},
		sample: func(s *Study) string { return "[" + strings.Join(s.Formats, ", ") + "]" },
		get:    func(s *Study) any { return s.Formats },
		setList: func(s *Study, ts []string, _ string) error {
			f, err := results.ParseFormats(strings.Join(ts, ","))
			if err != nil {
				return bad("", "%v", err) // ParseFormats says what to use
			}
			s.Formats = f
			return nil
		},
	},
	{
		Key: "volume", Help: "trading volume for abnormal volume (volume.csv, ar.csv av): auto (the price data's Volume column), off, or a wide volume FILE (date + one column per ticker)",
		Comment: "abnormal volume: auto (Volume column of the price data), off, or a wide volume file",
		text:    func(s *Study) string { return s.Volume },
		get: func(s *Study) any {
			if s.Volume == VolumeAuto || s.Volume == VolumeOff || s.Volume == "" {
				return s.Volume
			}
			return display(s, s.Volume)
		},
		set: func(s *Study, t, base string) error {
			if t = strings.TrimSpace(t); t != VolumeAuto && t != VolumeOff && t != "" {
				t = resolvePath(base, t)
			}
			s.Volume = t
			return nil
		},
	},
	choice("volume_model", "normal-volume model: mean (mean-adjusted log volume) or market (market model on the market's log volume)",
		"normal-volume model: mean or market",
		[]string{analysis.VolumeMean, analysis.VolumeMarket}, func(s *Study) *string { return &s.VolumeModel }),
	{
		Key: "level", Help: "confidence level of every interval and band (report, figures), between 0 and 1",
		Comment: "confidence level of intervals and bands, e.g. 0.95 or 0.90",
		text:    func(s *Study) string { return strconv.FormatFloat(s.Analysis.Level, 'g', -1, 64) },
		get:     func(s *Study) any { return s.Analysis.Level },
		set: func(s *Study, t, _ string) error {
			v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
			if err != nil {
				return bad("write a number between 0 and 1, e.g. 0.95", "want a number, got %q", t)
			}
			s.Analysis.Level = v
			return nil
		},
	},
	{
		Key: "regression", Help: "cross-sectional regression of CARs, e.g. \"car ~ log(records) + type + type:log(records)\" (terms: columns, log(), log1p(), sqrt(), factor(), a:b, a*b, -1); default: car on every numeric extra column",
		Comment: "cross-sectional regression, e.g. \"car ~ log(records) + type\"; empty for car on every numeric extra column", Quote: true,
		text: func(s *Study) string { return s.Regression.Formula },
		get:  func(s *Study) any { return s.Regression.Formula },
		set: func(s *Study, t, _ string) error {
			if err := checkFormula(t); err != nil {
				return err
			}
			s.Regression.Formula = strings.TrimSpace(t)
			return nil
		},
	},
	{
		Key: "regression_base", Help: "base level of a text column's dummies in the regression, column=level, comma-separated or repeated (default: the first level in sort order)",
		Comment: "base levels of text columns in the regression, e.g. [type=hack]; empty for the first level in sort order",
		Flag:    FlagValue, List: ",", Repeat: true,
		text:   func(s *Study) string { return strings.Join(s.Regression.Base, ",") },
		sample: func(*Study) string { return "[]" },
		get:    func(s *Study) any { return s.Regression.Base },
		setList: func(s *Study, ts []string, _ string) error {
			for _, b := range ts {
				if c, l, ok := strings.Cut(b, "="); !ok || strings.TrimSpace(c) == "" || strings.TrimSpace(l) == "" {
					return bad("write column=level, e.g. type=hack", "base level %q is not column=level", b)
				}
			}
			s.Regression.Base = ts
			if len(ts) == 0 {
				s.Regression.Base = nil
			}
			return nil
		},
	},
	choice("se", "standard errors of the regression: "+analysis.OrList(regression.SETypes)+" (hc1 is Stata's robust; not with --cluster)",
		"regression standard errors: ols, hc0, hc1, hc2 or hc3",
		regression.SETypes, func(s *Study) *string { return &s.Regression.SE }),
	choice("cluster", "cluster the regression's standard errors: none, firm or date (day 0); CR1 with df = clusters - 1",
		"cluster the regression's standard errors: none, firm or date",
		[]string{ClusterNone, ClusterFirm, ClusterDate}, func(s *Study) *string { return &s.Regression.Cluster }),
	text("weights", "weighted least squares for the regression: inv-var (1/sigma^2 of each event's estimation residuals) or a numeric column; default: none",
		"regression weights: inv-var (1/sigma^2 of the estimation residuals) or a numeric column; empty for none",
		func(s *Study) *string { return &s.Regression.Weights }),
	integer("bootstrap", "resamples of the resampling tests wild_boot, skew_t_boot and perm (0: off, the tests are not run)",
		"resamples of wild_boot, skew_t_boot and perm, e.g. 999; 0 = off", func(s *Study) *int { return &s.Analysis.Bootstrap }),
	{
		Key: "seed", Help: "seed of the resampling tests' random streams (same seed, same results)",
		Comment: "seed of the resampling tests (same seed, same results)", Flag: FlagInt,
		text: func(s *Study) string { return strconv.FormatUint(s.Analysis.Seed, 10) },
		get:  func(s *Study) any { return s.Analysis.Seed },
		set: func(s *Study, t, _ string) error {
			n, err := strconv.ParseUint(strings.TrimSpace(t), 10, 64)
			if err != nil {
				return bad("write a whole number 0 or above, e.g. 1", "want a seed (a whole number 0 or above), got %q", t)
			}
			s.Analysis.Seed = n
			return nil
		},
	},
	choice("bootstrap_weights", "wild bootstrap weights of wild_boot: rademacher or mammen",
		"wild_boot weights: rademacher or mammen",
		analysis.BootWeightsList, func(s *Study) *analysis.BootWeights { return &s.Analysis.BootWeights }),
	choice("mt_family", "family of tests.csv's p_holm and p_bh: group (every test × window of a group), group-window or all",
		"family of p_holm and p_bh: group (tests × windows of a group), group-window or all",
		analysis.MTFamilies, func(s *Study) *analysis.MTFamily { return &s.Analysis.MTFamily }),
	{
		Key: "figures", Help: "static figures into OUT/figures (docs/figures.md): comma list of svg, pdf, png, or none", Output: true,
		Comment: "static figures in OUT/figures: [svg, pdf, png], or [] for none",
		List:    ",",
		text:    func(s *Study) string { return strings.Join(s.Figures, ",") },
		sample:  func(s *Study) string { return "[" + strings.Join(s.Figures, ", ") + "]" },
		get: func(s *Study) any {
			if s.Figures == nil {
				return []string{}
			}
			return s.Figures
		},
		setList: func(s *Study, ts []string, _ string) error {
			if len(ts) == 0 || (len(ts) == 1 && strings.EqualFold(ts[0], "none")) {
				s.Figures = nil
				return nil
			}
			f, err := figures.ParseFormats(strings.Join(ts, ","))
			if err != nil {
				return bad("", "%v", err) // ParseFormats says what to use
			}
			s.Figures = f
			return nil
		},
	},
	integer("dimson_lags", "lagged market returns of --model market-dimson (Dimson 1979)",
		"lagged market returns of the market-dimson model", func(s *Study) *int { return &s.Analysis.DimsonLags }),
	integer("dimson_leads", "leading market returns of --model market-dimson",
		"leading market returns of the market-dimson model", func(s *Study) *int { return &s.Analysis.DimsonLeads }),
	text("rf_column", "risk-free column of the --factors file (default: RF or R_F; none for no risk-free rate)",
		"risk-free column of the factor file; empty for RF or R_F, none for no risk-free rate", func(s *Study) *string { return &s.RFColumn }),
	{
		Key: "factors_unit", Help: "unit of a --factors CSV (not a French file): percent or decimal; needed unless a value of 1 or more proves percent",
		Comment: "unit of a factor CSV: percent or decimal; empty when a value of 1 or more proves percent", Quote: true,
		text: func(s *Study) string { return s.FactorsUnit },
		get:  func(s *Study) any { return s.FactorsUnit },
		set: func(s *Study, t, _ string) error {
			u := strings.ToLower(strings.TrimSpace(t))
			if u != "" && u != prices.FactorsPercent && u != prices.FactorsDecimal {
				return badChoice("use percent or decimal (or leave it empty when the data prove percent)", "unknown factors unit %q", t)
			}
			s.FactorsUnit = u
			return nil
		},
	},
	{
		Key: "calendar_time", Help: "calendar-time portfolios (calendar.csv) of the firms within this post-event horizon in trading days, e.g. 1,250 (default: none)",
		Comment: "post-event horizon of calendar-time portfolios (calendar.csv), e.g. \"1,250\"; empty for none", Quote: true,
		text: calendarTimeText,
		get:  func(s *Study) any { return calendarTimeText(s) },
		set: func(s *Study, t, _ string) error {
			if strings.TrimSpace(t) == "" {
				s.CalendarTime = nil
				return nil
			}
			w, err := analysis.ParseWindow(t)
			if err != nil {
				return bad("write two relative trading days after the event, e.g. \"1,250\"", "%v", err)
			}
			s.CalendarTime = &w
			return nil
		},
	},
	choice("calendar_freq", "period of the calendar-time portfolios: daily or monthly (days compounded)",
		"period of the calendar-time portfolios: daily or monthly", CalendarFreqs, func(s *Study) *string { return &s.CalendarFreq }),
	withQuote(path("bhar_reference", "a price or return series (one series, any price layout) the long-horizon BHARs of --calendar-time are also measured against (bhar.csv)",
		"price or return series for long-horizon BHARs besides the market (bhar.csv); empty for none",
		"", func(s *Study) *string { return &s.BHARReference })),
	choice("garch_dist", "innovation distribution of --model garch and egarch: normal or t (Student-t scaled to variance 1, ν estimated)",
		"garch/egarch innovations: normal or t",
		analysis.GarchDists, func(s *Study) *analysis.GarchDist { return &s.Analysis.GarchDist }),
	{
		Key: "outputs", Help: "tables to write, comma list of " + strings.Join(results.OutputTables, ", ") + " (default: all; manifest.json always)", Output: true,
		Comment: "tables to write: all, or a list of " + strings.Join(results.OutputTables, ", ") + " (manifest.json always)",
		List:    ",",
		text: func(s *Study) string {
			if len(s.Outputs) == 0 {
				return "all"
			}
			return strings.Join(s.Outputs, ",")
		},
		sample: func(*Study) string { return "[all]" },
		get: func(s *Study) any {
			if len(s.Outputs) == 0 {
				return []string{"all"}
			}
			return s.Outputs
		},
		setList: func(s *Study, ts []string, _ string) error {
			o, err := results.ParseOutputs(ts)
			if err != nil {
				return bad("", "%v", err) // ParseOutputs says what to use
			}
			s.Outputs = o
			return nil
		},
	},
	asOutput(boolean("report", "write report.html (false: none; with --outputs, the rows only the report reads are then not made)",
		"false: no report.html; the tables --outputs leaves out are then not computed", func(s *Study) *bool { return &s.NoReport }, true)),
	asOutput(boolean("gzip", "write the big tables (ar, car, prices, volume) as .csv.gz",
		"true: write ar.csv, car.csv, prices.csv and volume.csv gzip-compressed (.csv.gz)", func(s *Study) *bool { return &s.Gzip }, false)),
}

func calendarTimeText(s *Study) string {
	if s.CalendarTime == nil {
		return ""
	}
	return s.CalendarTime.String()
}

// DefaultOut is the output directory of a run given no --out.
const DefaultOut = "eventstudy-results"

// FileKeys are the keys of a study file, in the order `eventstudy init`
// writes them (Settings). The keys of manifest.json's "config" object
// (Resolved) are the same but out, so a manifest is a study file too.
var FileKeys = settingKeys()

var settingByKey = map[string]*Setting{}

func init() {
	for _, st := range Settings {
		settingByKey[st.Key] = st
	}
}

func settingKeys() []string {
	k := make([]string, len(Settings))
	for i, st := range Settings {
		k[i] = st.Key
	}
	return k
}

// Resolved is the fully resolved configuration written to the manifest,
// keyed like the study file.
func (s *Study) Resolved() map[string]any {
	m := make(map[string]any, len(Settings))
	for _, st := range Settings {
		if st.get != nil {
			m[st.Key] = st.get(s)
		}
	}
	return m
}

func display(s *Study, path string) string {
	if s.DisplayName != nil {
		return s.DisplayName(path)
	}
	return path
}

func returnsName(log bool) string {
	if log {
		return "log"
	}
	return "simple"
}

func carWindows(s *Study) []string {
	cars := make([]string, len(s.Analysis.CARWindows))
	for i, w := range s.Analysis.CARWindows {
		cars[i] = w.String()
	}
	return cars
}

func carSample(s *Study) string {
	cars := carWindows(s)
	for i, c := range cars {
		cars[i] = strconv.Quote(c)
	}
	return "[" + strings.Join(cars, ", ") + "]"
}

func testsText(s *Study) string {
	if s.Analysis.Tests == nil {
		return "all"
	}
	return strings.Join(s.Analysis.Tests, ",")
}

func setTests(s *Study, ids []string, _ string) error {
	if len(ids) == 0 || (len(ids) == 1 && ids[0] == "all") {
		s.Analysis.Tests = nil
		return nil
	}
	var unknown []string
	s.Analysis.Tests = nil
	for _, id := range ids {
		if !grouptest.Valid(id) {
			unknown = append(unknown, strconv.Quote(id))
			continue
		}
		s.Analysis.Tests = append(s.Analysis.Tests, id)
	}
	if len(unknown) > 0 {
		return bad("use all or a list of "+strings.Join(grouptest.All, ", "), "unknown test %s", strings.Join(unknown, ", "))
	}
	return nil
}

// path is a path setting: relative to the study file, as given on the
// command line; sample is the init template's value.
func path(key, help, comment, sample string, field func(*Study) *string) *Setting {
	st := text(key, help, comment, field)
	st.set = func(s *Study, t, base string) error { *field(s) = resolvePath(base, t); return nil }
	st.get = func(s *Study) any { return display(s, *field(s)) }
	if sample != "" {
		st.sample = func(*Study) string { return sample }
	}
	return st
}

// text is a free-text setting (a column or stage name), quoted in the
// init template.
func text(key, help, comment string, field func(*Study) *string) *Setting {
	return &Setting{Key: key, Help: help, Comment: comment, Quote: true,
		text: func(s *Study) string { return *field(s) },
		get:  func(s *Study) any { return *field(s) },
		set:  func(s *Study, t, _ string) error { *field(s) = t; return nil },
	}
}

func withQuote(st *Setting) *Setting { st.Quote = true; return st }

// asOutput marks a setting only the commands that write results take.
func asOutput(st *Setting) *Setting { st.Output = true; return st }

// boolean is a true/false setting. With negated, the field holds its
// negation (NoVolatility for volatility), so that the zero Study has it
// on; an empty value is the zero Study's either way.
func boolean(key, help, comment string, field func(*Study) *bool, negated bool) *Setting {
	return &Setting{Key: key, Help: help, Comment: comment, Flag: FlagBool,
		text: func(s *Study) string { return strconv.FormatBool(*field(s) != negated) },
		get:  func(s *Study) any { return *field(s) != negated },
		set: func(s *Study, t, _ string) error {
			switch strings.ToLower(t) {
			case "true", "yes", "on":
				*field(s) = !negated
			case "false", "no", "off":
				*field(s) = negated
			case "":
				*field(s) = false
			default:
				return bad("write true or false", "want true or false, got %q", t)
			}
			return nil
		},
	}
}

func integer(key, help, comment string, field func(*Study) *int) *Setting {
	return &Setting{Key: key, Help: help, Comment: comment, Flag: FlagInt,
		text: func(s *Study) string { return strconv.Itoa(*field(s)) },
		get:  func(s *Study) any { return *field(s) },
		set: func(s *Study, t, _ string) error {
			n, err := strconv.Atoi(t)
			if err != nil {
				return bad("write a whole number, e.g. 120", "want a whole number, got %q", t)
			}
			*field(s) = n
			return nil
		},
	}
}

func window(key, help, comment string, field func(*Study) *analysis.Window) *Setting {
	return &Setting{Key: key, Help: help, Comment: comment, Flag: FlagValue, Quote: true,
		text: func(s *Study) string { return field(s).String() },
		get:  func(s *Study) any { return field(s).String() },
		set: func(s *Study, t, _ string) error {
			w, err := analysis.ParseWindow(t)
			if err != nil {
				return bad("write two relative trading days, e.g. \"-1,1\"", "%v", err)
			}
			*field(s) = w
			return nil
		},
	}
}

// choice is a setting with fixed values (an enum).
func choice[T ~string](key, help, comment string, choices []T, field func(*Study) *T) *Setting {
	return &Setting{Key: key, Help: help, Comment: comment,
		text: func(s *Study) string { return string(*field(s)) },
		get:  func(s *Study) any { return string(*field(s)) },
		set: func(s *Study, t, _ string) error {
			c, err := parseChoice(t, choices)
			*field(s) = c
			return err
		},
	}
}

// parseChoice is analysis.ParseChoice with the study file's error.
func parseChoice[T ~string](t string, choices []T) (T, error) {
	c, err := analysis.ParseChoice(t, choices)
	if err != nil {
		return c, badChoice("use "+analysis.OrList(choices), "unknown value %q", t)
	}
	return c, nil
}
