// Package events reads event files (disclosures of security breaches) and
// anchors each disclosure to a trading day (docs/methodology.md 2.1).
package events

import "github.com/breachlab/eventstudy/dates"

// Session is the trading session a disclosure fell in, when its clock time
// is unknown.
type Session string

const (
	SessionUnknown  Session = ""
	SessionPre      Session = "pre"
	SessionIntraday Session = "intraday"
	SessionAfter    Session = "after"
)

// Event is one disclosure of one firm: one row of the events file.
type Event struct {
	// EstStart, EstEnd and Window (HasWindow) are the per-event windows
	// of the est_start, est_end and window columns (windows.go); unset
	// bounds keep the study's.
	EstStart, EstEnd Bound
	Window           [2]int
	HasWindow        bool

	ID   string
	Firm string // ticker as in the price data
	Date dates.Day
	Time string // "HH:MM" exchange (New York) time, or ""
	// Stamp is the timestamp as written when it carried a zone and was
	// converted to the exchange clock ("2021-08-16T21:27:00Z"); Date and
	// Time are then the New York date and time, and Zone is the New York
	// abbreviation in force (EDT or EST). Both are "" otherwise.
	Stamp    string
	Zone     string
	Session  Session
	Incident string // groups the stages of one breach
	Stage    string
	Label    string
	Group    string // "" means the default group "all"
	Market   string // per-event benchmark ticker, "" = study market
	Source   string
	Peers    []string // rival tickers (column "peers", separated by ';' or space)
	// Characteristics are the extra numeric columns, in File.Characteristics
	// order; NaN where the cell is empty.
	Characteristics []float64
	// Attributes are the cells of every extra column verbatim (trimmed),
	// in File.Attributes order: company names, URLs, notes and the
	// numeric characteristics too, carried along for the outputs.
	Attributes []string
	Line       int // 1-based line of the row in its file

	// Shares (shares outstanding, SHROUT already ×1000) and MarketCap are
	// the dollar columns' cells (docs/methodology.md 6.16): NaN where the
	// cell is empty or not a number, 0 when the file has no such column.
	Shares, MarketCap float64
}

// File is a parsed events file.
type File struct {
	Path            string
	Events          []Event
	Characteristics []string // names of the extra numeric columns used as regression covariates
	Attributes      []string // names of every extra column (text and numeric), in file order
	Delimiter       rune     // 0 for an .xlsx workbook

	// DollarColumns are the dollar columns present (ColShares, ColSHROUT,
	// ColMarketCap, normalized), in file order.
	DollarColumns []string
	// Detection says how the file was read where the tool had to map or
	// convert something: header synonyms accepted, timestamps converted to
	// the exchange clock, pandas midnight dates, text columns carried as
	// attributes. Shown with the other detection lines and kept in the
	// manifest (Detail).
	Detection []string
	// Dates names the layouts of the date column as written (prices'
	// DescribeDate on each cell's date part: "YYYY-MM-DD", "M/D/YYYY",
	// ...), in order of first use, for the detection line.
	Dates []string
	// Notes are remarks that are not errors (an ignored empty unnamed
	// column), as "file:line:column: what".
	Notes []string
}

// Rule is an anchoring rule (--anchor).
type Rule string

const (
	RuleNext     Rule = "next"
	RulePrevious Rule = "previous"
	RuleExact    Rule = "exact"
	RuleSkip     Rule = "skip"
)

// Anchor is the result of anchoring one event to the trading calendar.
type Anchor struct {
	Day0    int    // calendar position of day 0; -1 when excluded
	Rule    Rule   // rule applied
	Shift   int    // calendar days between the disclosure date and day 0 (negative for previous)
	After   bool   // disclosure counted as after the close
	Reason  string // reason code when excluded ("" when anchored)
	Log     string // "tmobile-2021-scope: 2021-08-17 (Tue) after close → day 0 2021-08-18 (Wed) [next]"
	Warning string // e.g. time and session disagree, shift > 3 days
}
