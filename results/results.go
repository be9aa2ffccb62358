// Package results defines the output contract of a study (docs/design.md
// "Outputs"): one row type per table, with the stable column names as csv
// tags, and the whole result set that writers, the report and other tools
// read.
package results

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Num is a number cell: written with full precision (shortest repr that
// round-trips), empty for NaN (missing), null in JSON.
type Num float64

// NA is the missing value.
var NA = Num(math.NaN())

// IsNA reports whether n is missing.
func (n Num) IsNA() bool { return math.IsNaN(float64(n)) }

func (n Num) String() string {
	f := float64(n)
	if math.IsNaN(f) {
		return ""
	}
	if math.IsInf(f, 1) {
		return "Inf"
	}
	if math.IsInf(f, -1) {
		return "-Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// UnmarshalCSV reads an empty cell as missing.
func (n *Num) UnmarshalCSV(s string) error {
	s = strings.TrimSpace(s)
	if s == "" || s == "NA" {
		*n = NA
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	*n = Num(f)
	return err
}

// MarshalJSON writes NaN as null.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(f, 'g', -1, 64)), nil
}

// UnmarshalJSON reads null as missing.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = NA
		return nil
	}
	var f float64
	err := json.Unmarshal(b, &f)
	*n = Num(f)
	return err
}

// Int is an integer cell that may be missing (df of a normal statistic).
type Int struct {
	V     int
	Valid bool
}

// SomeInt returns a present Int.
func SomeInt(v int) Int { return Int{V: v, Valid: true} }

func (i Int) String() string {
	if !i.Valid {
		return ""
	}
	return strconv.Itoa(i.V)
}

// UnmarshalCSV reads an empty cell as missing.
func (i *Int) UnmarshalCSV(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		*i = Int{}
		return nil
	}
	v, err := strconv.Atoi(s)
	*i = Int{V: v, Valid: err == nil}
	return err
}

// MarshalJSON writes a missing Int as null.
func (i Int) MarshalJSON() ([]byte, error) {
	if !i.Valid {
		return []byte("null"), nil
	}
	return []byte(strconv.Itoa(i.V)), nil
}

// UnmarshalJSON reads null as missing.
func (i *Int) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*i = Int{}
		return nil
	}
	err := json.Unmarshal(b, &i.V)
	i.Valid = err == nil
	return err
}

// GarchColumns are the columns events.csv gains for every model, filled
// under --model garch or egarch (docs/methodology.md 3.7): ω, a, b, γ (egarch), ν (t innovations)
// and the maximized log-likelihood.
var GarchColumns = []string{"garch_omega", "garch_alpha", "garch_beta", "garch_gamma", "garch_nu", "loglik"}

// EventRow is one row of events.csv. Factor models add one beta_<factor>
// column each (Betas, in FactorNames order), written after r2.
type EventRow struct {
	EventID    string `csv:"event_id" json:"event_id"`
	Firm       string `csv:"firm" json:"firm"`
	Incident   string `csv:"incident" json:"incident"`
	Stage      string `csv:"stage" json:"stage"`
	Label      string `csv:"label" json:"label"`
	DateGiven  string `csv:"date_given" json:"date_given"`
	Day0       string `csv:"day0" json:"day0"`
	AnchorRule string `csv:"anchor_rule" json:"anchor_rule"`
	Status     string `csv:"status" json:"status"`
	Reason     string `csv:"reason" json:"reason"`
	Model      string `csv:"model" json:"model"`
	EstStart   string `csv:"est_start" json:"est_start"`
	EstEnd     string `csv:"est_end" json:"est_end"`
	NEst       Int    `csv:"n_est" json:"n_est"`
	Alpha      Num    `csv:"alpha" json:"alpha"`
	Beta       Num    `csv:"beta" json:"beta"`
	Sigma      Num    `csv:"sigma" json:"sigma"`
	R2         Num    `csv:"r2" json:"r2"`
	Betas      []Num  `csv:"-" json:"betas,omitempty"`
	// Garch are the GarchColumns, written after the betas: empty cells
	// for the models without a garch fit, where the fit fell back to OLS
	// or the event was excluded; nil only in results written before the
	// columns existed.
	Garch []Num `csv:"-" json:"garch,omitempty"`
	// Not in the CSV contract; carried for the report and comparisons.
	Group  string `csv:"-" json:"group"`
	Source string `csv:"-" json:"source"`
	// Attributes are the events file's extra columns (company names,
	// URLs, notes) carried along: name -> the event's cell.
	Attributes map[string]string `csv:"-" json:"attributes,omitempty"`
}

// ARRow is one row of ar.csv (long: event × relative day).
type ARRow struct {
	EventID   string `csv:"event_id" json:"event_id"`
	RelDay    int    `csv:"rel_day" json:"rel_day"`
	Date      string `csv:"date" json:"date"`
	Ret       Num    `csv:"ret" json:"ret"`
	NormalRet Num    `csv:"normal_ret" json:"normal_ret"`
	AR        Num    `csv:"ar" json:"ar"`
	SAR       Num    `csv:"sar" json:"sar"`
	CAR       Num    `csv:"car" json:"car"`
	AV        Num    `csv:"av" json:"av"`     // abnormal log volume (docs/methodology.md 13); empty without volume
	SAR2      Num    `csv:"sar2" json:"sar2"` // squared SAR (methodology 6.15)
}

// CARRow is one row of car.csv (event × window), the single-event tests.
type CARRow struct {
	EventID  string `csv:"event_id" json:"event_id"`
	Window   string `csv:"window" json:"window"`
	T1       int    `csv:"t1" json:"t1"`
	T2       int    `csv:"t2" json:"t2"`
	CAR      Num    `csv:"car" json:"car"`
	SE       Num    `csv:"se" json:"se"`
	T        Num    `csv:"t" json:"t"`
	DF       Int    `csv:"df" json:"df"`
	P        Num    `csv:"p" json:"p"`
	PLower   Num    `csv:"p_lower" json:"p_lower"`
	PUpper   Num    `csv:"p_upper" json:"p_upper"`
	BHAR     Num    `csv:"bhar" json:"bhar"`
	NDays    int    `csv:"n_days" json:"n_days"`
	SQP      Num    `csv:"sq_p" json:"sq_p"`
	SQPLower Num    `csv:"sq_p_lower" json:"sq_p_lower"`
	SQPUpper Num    `csv:"sq_p_upper" json:"sq_p_upper"`
	// The dollar value (docs/methodology.md 6.16): market capitalization on
	// day -1, dollar_car = car x mcap and dollar_se = se x mcap; empty
	// when the event has no shares outstanding or market cap.
	MCap      Num `csv:"mcap" json:"mcap"`
	DollarCAR Num `csv:"dollar_car" json:"dollar_car"`
	DollarSE  Num `csv:"dollar_se" json:"dollar_se"`
}

// TestRow is one row of tests.csv (group × window × test).
type TestRow struct {
	Group     string `csv:"group" json:"group"`
	Window    string `csv:"window" json:"window"`
	Test      string `csv:"test" json:"test"`
	N         int    `csv:"n" json:"n"`
	Estimate  Num    `csv:"estimate" json:"estimate"`
	Statistic Num    `csv:"statistic" json:"statistic"`
	Dist      string `csv:"dist" json:"dist"`
	DF        Int    `csv:"df" json:"df"`
	P         Num    `csv:"p" json:"p"`
	PLower    Num    `csv:"p_lower" json:"p_lower"`
	PUpper    Num    `csv:"p_upper" json:"p_upper"`
	// PHolm and PBH are p adjusted over the row's family (--mt-family,
	// docs/methodology.md 6.17); B is the number of resamples behind a
	// resampling test's p (an exact enumeration's count), empty otherwise.
	PHolm Num `csv:"p_holm" json:"p_holm"`
	PBH   Num `csv:"p_bh" json:"p_bh"`
	B     Int `csv:"b" json:"b"`
}

// VolatilityRow is one row of volatility.csv (event × window): Beaver's
// (1968) U, its F(n_days, df) test and the variance ratio
// (docs/methodology.md 6.15).
type VolatilityRow struct {
	EventID       string `csv:"event_id" json:"event_id"`
	Window        string `csv:"window" json:"window"`
	T1            int    `csv:"t1" json:"t1"`
	T2            int    `csv:"t2" json:"t2"`
	U             Num    `csv:"u" json:"u"`
	Stat          Num    `csv:"stat" json:"stat"`
	DF            Int    `csv:"df" json:"df"`
	P             Num    `csv:"p" json:"p"`
	VarianceRatio Num    `csv:"variance_ratio" json:"variance_ratio"`
	NDays         int    `csv:"n_days" json:"n_days"`
}

// AARRow is one row of aar.csv (group × relative day).
type AARRow struct {
	Group  string `csv:"group" json:"group"`
	RelDay int    `csv:"rel_day" json:"rel_day"`
	N      int    `csv:"n" json:"n"`
	AAR    Num    `csv:"aar" json:"aar"`
	CAAR   Num    `csv:"caar" json:"caar"`
	// The day's tests (docs/methodology.md 4.6): each the window test of
	// tests.csv over (rel_day, rel_day), statistic and two-sided p, empty
	// where the test is undefined (fewer than 2 events, no dispersion).
	TCS     Num `csv:"t_cs" json:"t_cs"`
	PCS     Num `csv:"p_cs" json:"p_cs"`
	ZPatell Num `csv:"z_patell" json:"z_patell"`
	PPatell Num `csv:"p_patell" json:"p_patell"`
	TBMP    Num `csv:"t_bmp" json:"t_bmp"`
	PBMP    Num `csv:"p_bmp" json:"p_bmp"`
	ZRank   Num `csv:"z_rank" json:"z_rank"`
	PRank   Num `csv:"p_rank" json:"p_rank"`
}

// RegressionRow is one row of regression.csv: one coefficient of the
// cross-sectional regression of CARs on event characteristics
// (docs/methodology.md 7), per group × window.
type RegressionRow struct {
	Group  string `csv:"group" json:"group"`
	Window string `csv:"window" json:"window"`
	Term   string `csv:"term" json:"term"`
	N      int    `csv:"n" json:"n"`
	Coef   Num    `csv:"coef" json:"coef"`
	SE     Num    `csv:"se" json:"se"`
	SEType string `csv:"se_type" json:"se_type"`
	T      Num    `csv:"t" json:"t"`
	DF     Int    `csv:"df" json:"df"`
	P      Num    `csv:"p" json:"p"`
	R2     Num    `csv:"r2" json:"r2"`
	AdjR2  Num    `csv:"adj_r2" json:"adj_r2"`
	// Cluster is what the SEs are clustered by (firm, date; "" for none)
	// and NClusters their number G (blank without clusters).
	Cluster   string `csv:"cluster" json:"cluster"`
	NClusters Int    `csv:"n_clusters" json:"n_clusters"`
}

// PriceRow is one row of prices.csv, the series behind the report's price
// chart: the firm and its market rebased to 100 on the day before the
// event window, per event (not part of docs/design.md's table contract; an
// addition for `eventstudy report DIR`).
type PriceRow struct {
	EventID string `csv:"event_id" json:"event_id"`
	RelDay  int    `csv:"rel_day" json:"rel_day"`
	Date    string `csv:"date" json:"date"`
	Firm    Num    `csv:"firm" json:"firm"`
	Market  Num    `csv:"market" json:"market"`
	Volume  Num    `csv:"volume" json:"volume"` // the firm's shares traded that day; empty without volume
}

// Exclusion is an event left out of the analysis, with its reason code.
type Exclusion struct {
	EventID string `json:"event_id"`
	Reason  string `json:"reason"`
	Detail  string `json:"detail"`
}

// Warning is a non-fatal note attached to the study or an event: one row
// of warnings.csv.
type Warning struct {
	EventID string `csv:"event_id" json:"event_id,omitempty"`
	Code    string `csv:"code" json:"code"`
	Message string `csv:"message" json:"message"`
}

// InputFile records one input and its SHA-256.
type InputFile struct {
	Role   string `json:"role"` // events, prices, market, factors, study
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Detail string `json:"detail,omitempty"` // what was detected: layout, delimiter, price column
	// HashError says why SHA256 is empty: the file was read but could not
	// be hashed (the run goes on, with an input_unhashed warning).
	HashError string `json:"hash_error,omitempty"`
}

// PathsBase says where the relative paths of a manifest (config and
// inputs) are relative to, so that `eventstudy run manifest.json` finds
// the inputs from any working directory: Dir on the machine that ran it,
// FromResults when the results and the inputs were moved or copied
// together.
type PathsBase struct {
	Dir         string `json:"dir"`          // absolute: the directory the run resolved them from
	FromResults string `json:"from_results"` // Dir relative to the results directory, "/"-separated
}

// Manifest is manifest.json.
type Manifest struct {
	Tool    string         `json:"tool"`
	Version string         `json:"version"`
	Created string         `json:"created"` // the only field allowed to differ between identical runs
	Config  map[string]any `json:"config"`  // fully resolved configuration (study file keys)
	// PathsBase is absent when every recorded path is absolute (or in
	// the bundled demo).
	PathsBase   *PathsBase  `json:"paths_base,omitempty"`
	Inputs      []InputFile `json:"inputs"`
	FactorNames []string    `json:"factor_names,omitempty"`
	// GarchColumns are events.csv's columns after the betas
	// (GarchColumns; empty cells for models without a garch fit). Results
	// written before they existed have none.
	GarchColumns []string `json:"garch_columns,omitempty"`
	Anchoring    []string `json:"anchoring"` // one log line per event
	// Warnings are every warning, one per event and code; Write puts them
	// in warnings.csv and Read takes them back from it. manifest.json
	// holds their summary instead (WarningCodes).
	Warnings []Warning `json:"-"`
	// WarningCodes is filled by Write from Warnings: one entry per code.
	WarningCodes []WarningCode `json:"warnings"`
	Exclusions   []Exclusion   `json:"exclusions"`
	// EventMeta is filled by Write from Set.Events: the event fields that
	// are not events.csv columns, so Read can restore them.
	EventMeta []EventMeta `json:"event_meta,omitempty"`
	// EventWindows are the events whose est_start, est_end or window
	// cells overrode the study's windows (docs/inputs.md).
	EventWindows []EventWindows `json:"event_windows,omitempty"`
	// Notes are lines about the whole study that are neither warnings
	// nor inputs (the demo: why it has no dollar figures).
	Notes []string `json:"notes,omitempty"`
}

// EventWindows records one event's own windows: the cells as written and
// the relative windows they gave.
type EventWindows struct {
	EventID    string `json:"event_id"`
	EstStart   string `json:"est_start,omitempty"`
	EstEnd     string `json:"est_end,omitempty"`
	Estimation string `json:"estimation"`
	Window     string `json:"window"`
}

// DefaultLevel is the confidence level of results that do not record one
// (written before --level existed); analysis.DefaultLevel.
const DefaultLevel = 0.95

// Level is the confidence level of the run's intervals and bands: the
// config's "level" (--level), DefaultLevel when it is absent or not a
// number strictly between 0 and 1. The report and the figures read it.
func (m *Manifest) Level() float64 {
	if l, ok := m.Config["level"].(float64); ok && l > 0 && l < 1 {
		return l
	}
	return DefaultLevel
}

// EventMeta is what events.csv does not carry about an event.
type EventMeta struct {
	EventID string `json:"event_id"`
	Group   string `json:"group"`
	Source  string `json:"source,omitempty"`
	// Attributes: the events file's extra columns, as EventRow.Attributes.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// Set is everything a study writes.
type Set struct {
	Events     []EventRow
	AR         []ARRow
	CAR        []CARRow
	Tests      []TestRow
	AAR        []AARRow
	Regression []RegressionRow
	Prices     []PriceRow
	Volume     []VolumeRow     // volume.csv; empty (and not written) without volume data
	Volatility []VolatilityRow // volatility.csv; empty when turned off
	Calendar   []CalendarRow   // calendar.csv; empty without --calendar-time
	BHAR       []BHARRow       // bhar.csv; empty without --calendar-time
	BHARGroup  []BHARGroupRow  // bhar_group.csv; empty without --calendar-time
	Manifest   Manifest
	// Extra are more tables of the study, written after the ones above as
	// CSV files, results.json keys and results.xlsx sheets: the comparison
	// tables (compare.Tables.ResultTables).
	Extra []Table
	// Outputs names the tables written (OutputTables; nil: all), Gzip
	// compresses the big ones (outputs.go); manifest.json is always
	// written.
	Outputs []string
	Gzip    bool
}

// VolumeRow is one row of volume.csv (event × window): the cumulative
// abnormal log volume and its single-event t (docs/methodology.md 13.2).
type VolumeRow struct {
	EventID string `csv:"event_id" json:"event_id"`
	Window  string `csv:"window" json:"window"`
	T1      int    `csv:"t1" json:"t1"`
	T2      int    `csv:"t2" json:"t2"`
	CAV     Num    `csv:"cav" json:"cav"`
	SE      Num    `csv:"se" json:"se"`
	T       Num    `csv:"t" json:"t"`
	DF      Int    `csv:"df" json:"df"`
	P       Num    `csv:"p" json:"p"`
	NDays   int    `csv:"n_days" json:"n_days"`
}

// CalendarRow is one row of calendar.csv (group × weighting): the
// calendar-time portfolio regression over the post-event horizon, Jensen's
// alpha per period with its OLS t (docs/methodology.md 14.1).
type CalendarRow struct {
	Group      string `csv:"group" json:"group"`
	Horizon    string `csv:"horizon" json:"horizon"`
	Weighting  string `csv:"weighting" json:"weighting"`
	Model      string `csv:"model" json:"model"`
	Alpha      Num    `csv:"alpha" json:"alpha"`
	SE         Num    `csv:"se" json:"se"`
	T          Num    `csv:"t" json:"t"`
	DF         Int    `csv:"df" json:"df"`
	P          Num    `csv:"p" json:"p"`
	NPeriods   int    `csv:"n_periods" json:"n_periods"`
	MeanNFirms Num    `csv:"mean_n_firms" json:"mean_n_firms"`
	R2         Num    `csv:"r2" json:"r2"`
}

// BHARRow is one row of bhar.csv (event × benchmark): the buy-and-hold
// abnormal return over the long horizon of --calendar-time
// (docs/methodology.md 14.2).
type BHARRow struct {
	EventID   string `csv:"event_id" json:"event_id"`
	Group     string `csv:"group" json:"group"`
	Horizon   string `csv:"horizon" json:"horizon"`
	Benchmark string `csv:"benchmark" json:"benchmark"`
	BHAR      Num    `csv:"bhar" json:"bhar"`
	NDays     int    `csv:"n_days" json:"n_days"`
}

// BHARGroupRow is one row of bhar_group.csv (group × benchmark): the mean
// long-horizon BHAR of the group's primary events with the conventional
// and the skewness-adjusted t (Lyon, Barber & Tsai 1999), the latter with
// its bootstrap p (docs/methodology.md 14.3).
type BHARGroupRow struct {
	Group     string `csv:"group" json:"group"`
	Horizon   string `csv:"horizon" json:"horizon"`
	Benchmark string `csv:"benchmark" json:"benchmark"`
	N         int    `csv:"n" json:"n"`
	Mean      Num    `csv:"mean" json:"mean"`
	Median    Num    `csv:"median" json:"median"`
	SD        Num    `csv:"sd" json:"sd"`
	Skewness  Num    `csv:"skewness" json:"skewness"`
	T         Num    `csv:"t" json:"t"`
	DF        Int    `csv:"df" json:"df"`
	P         Num    `csv:"p" json:"p"`
	TSA       Num    `csv:"t_sa" json:"t_sa"`
	PSA       Num    `csv:"p_sa" json:"p_sa"`
	PBoot     Num    `csv:"p_boot" json:"p_boot"`
}
