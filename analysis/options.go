package analysis

import (
	"fmt"
	"strings"
)

// The options of Config with fixed values are typed strings: the value is
// the word a study file, a flag and the manifest use, so String is the
// identity and a Parse function accepts any letter case. The zero value
// "" means the default (DefaultConfig), so a Config literal that leaves an
// option out still runs; study files and flags never produce "".

// CARVar selects the CAR variance of docs/methodology.md 4.2 (--car-var).
type CARVar string

const (
	CARVarExact  CARVar = "exact"  // prediction-error corrected, default
	CARVarSimple CARVar = "simple" // L·σ²
)

// MultiDay selects the multi-day form of Patell, BMP and KP (docs/methodology.md 5).
type MultiDay string

const (
	MultiDaySCAR   MultiDay = "scar"    // standardized CAR, default
	MultiDaySumSAR MultiDay = "sum-sar" // CSAR/√L
)

// KPRbar selects how Kolari–Pynnönen's r̄ is measured (docs/methodology.md 6.6).
type KPRbar string

const (
	KPRbarCalendar  KPRbar = "calendar"   // shared calendar dates, overlap weight c_ij, default
	KPRbarEventTime KPRbar = "event-time" // shared relative days, c_ij = 1
)

// Benchmark is the BHAR benchmark of docs/methodology.md 4.4 (--bhar-benchmark).
type Benchmark string

// Benchmarks of BHAR.
const (
	BenchmarkMarket Benchmark = "market" // the market return (market-adjusted BHAR), default
	BenchmarkModel  Benchmark = "model"  // the model's normal return
)

// BootWeights are the wild bootstrap's weights (--bootstrap-weights,
// docs/methodology.md 6.18).
type BootWeights string

const (
	BootRademacher BootWeights = "rademacher" // ±1 with probability ½ each (Liu 1988), default
	BootMammen     BootWeights = "mammen"     // Mammen's (1993) two-point weights
)

// MTFamily is the family over which p_holm and p_bh adjust (--mt-family,
// docs/methodology.md 6.17).
type MTFamily string

const (
	MTGroup       MTFamily = "group"        // every test × window of a group, default
	MTGroupWindow MTFamily = "group-window" // every test of a group's window
	MTAll         MTFamily = "all"          // every row of tests.csv
)

// ResamplingTests are the test ids that need --bootstrap B > 0.
var ResamplingTests = []string{"wild_boot", "skew_t_boot", "perm"}

// The values each option accepts, in the order help texts list them.
var (
	Models     = modelNames() // the registry, models.go
	CARVars    = []CARVar{CARVarExact, CARVarSimple}
	MultiDays  = []MultiDay{MultiDaySCAR, MultiDaySumSAR}
	KPRbars    = []KPRbar{KPRbarCalendar, KPRbarEventTime}
	Benchmarks = []Benchmark{BenchmarkMarket, BenchmarkModel}

	BootWeightsList = []BootWeights{BootRademacher, BootMammen}
	MTFamilies      = []MTFamily{MTGroup, MTGroupWindow, MTAll}
)

func (m Model) String() string       { return string(m) }
func (v CARVar) String() string      { return string(v) }
func (v MultiDay) String() string    { return string(v) }
func (v KPRbar) String() string      { return string(v) }
func (v Benchmark) String() string   { return string(v) }
func (v BootWeights) String() string { return string(v) }
func (v MTFamily) String() string    { return string(v) }

// ParseModel reads a --model value.
func ParseModel(s string) (Model, error) { return ParseChoice(s, Models) }

// ParseCARVar reads a --car-var value.
func ParseCARVar(s string) (CARVar, error) { return ParseChoice(s, CARVars) }

// ParseMultiDay reads a --multi-day value.
func ParseMultiDay(s string) (MultiDay, error) { return ParseChoice(s, MultiDays) }

// ParseKPRbar reads a --kp-rbar value.
func ParseKPRbar(s string) (KPRbar, error) { return ParseChoice(s, KPRbars) }

// ParseBenchmark reads a --bhar-benchmark value.
func ParseBenchmark(s string) (Benchmark, error) { return ParseChoice(s, Benchmarks) }

// ParseChoice returns the choice equal to s ignoring case, or an error
// naming the choices.
func ParseChoice[T ~string](s string, choices []T) (T, error) {
	for _, c := range choices {
		if strings.EqualFold(s, string(c)) {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown value %q; use %s", s, OrList(choices))
}

// OrList writes choices as "a, b or c".
func OrList[T ~string](choices []T) string {
	s := make([]string, len(choices))
	for i, c := range choices {
		s[i] = string(c)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// valid reports whether v is one of choices or "" (the default).
func valid[T ~string](v T, choices []T) bool {
	if v == "" {
		return true
	}
	for _, c := range choices {
		if v == c {
			return true
		}
	}
	return false
}
