package prices

import (
	"fmt"
	"math"
	"slices"
)

// ReturnsUnit is the unit of a returns column (LoadOptions.ReturnsUnit,
// --returns-unit). Values are stored as decimal simple returns: percent
// is divided by 100 and a log return r becomes exp(r)-1, the simple
// return with the same price ratio (exp(r) = P_t/P_{t-1}).
type ReturnsUnit string

const (
	UnitAuto    ReturnsUnit = ""        // from the column name, else decimal; a percent-like name or scale is an error
	UnitDecimal ReturnsUnit = "decimal" // -0.029 means -2.9 %
	UnitPercent ReturnsUnit = "percent" // -2.9 means -2.9 %
	UnitLog     ReturnsUnit = "log"     // ln(P_t/P_{t-1})
)

// ParseReturnsUnit reads a --returns-unit value ("" = detect).
func ParseReturnsUnit(s string) (ReturnsUnit, error) {
	switch u := ReturnsUnit(s); u {
	case UnitAuto, UnitDecimal, UnitPercent, UnitLog:
		return u, nil
	}
	return "", fmt.Errorf("--returns-unit %q; use percent, decimal or log", s)
}

// unitFlag is the flag that sets the file's unit (LoadOptions.UnitFlag).
func (o *LoadOptions) unitFlag() string {
	if o.UnitFlag == "" {
		return "--returns-unit"
	}
	return o.UnitFlag
}

// unitFrom is the flag the file's ReturnsUnit came from (LoadOptions.UnitFrom).
func (o *LoadOptions) unitFrom() string {
	if o.UnitFrom == "" {
		return o.unitFlag()
	}
	return o.UnitFrom
}

// percentScale is the median |r| above which a returns column is taken
// for percent: a decimal daily return's median |r| is about 0.01 (TMUS
// 2000-2024: 0.011; GSPC: 0.005), a percent one's about 1 (0.5 for GSPC).
// Decimal daily returns whose typical size is 10 % do not occur.
const percentScale = 0.1

// medianAbs is the median |v| of the non-NaN values of the builders, from
// at most medianSample values evenly spread (the finishing stage must not
// cost a copy of a 10-million-row file).
func medianAbs(bs []*builder) float64 {
	const medianSample = 1 << 16
	n := 0
	for _, b := range bs {
		if b != nil {
			n += len(b.vals)
		}
	}
	step := max(1, n/medianSample)
	a := make([]float64, 0, min(n, medianSample+len(bs)))
	for _, b := range bs {
		if b == nil {
			continue
		}
		for i := 0; i < len(b.vals); i += step {
			// Missing days are NaN and invalid cells +Inf (missing.go).
			if v := b.vals[i]; !math.IsNaN(v) && !math.IsInf(v, 0) {
				a = append(a, math.Abs(v))
			}
		}
	}
	if len(a) == 0 {
		return math.NaN()
	}
	slices.Sort(a)
	if len(a)%2 == 1 {
		return a[len(a)/2]
	}
	return (a[len(a)/2-1] + a[len(a)/2]) / 2
}

// negativeShare is the share of negative values among the non-NaN ones.
func negativeShare(bs []*builder) float64 {
	n, neg := 0, 0
	for _, b := range bs {
		if b == nil {
			continue
		}
		for _, v := range b.vals {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue // missing or invalid (missing.go)
			}
			n++
			if v < 0 {
				neg++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(neg) / float64(n)
}

// unitFloor is the smallest value a simple return can have in the unit:
// -100 %. A log return has no floor.
func unitFloor(u ReturnsUnit) float64 {
	switch u {
	case UnitPercent:
		return -100
	case UnitLog:
		return math.Inf(-1)
	}
	return -1
}

// toDecimal converts values in place to decimal simple returns.
func toDecimal(v []float64, u ReturnsUnit) {
	switch u {
	case UnitPercent:
		for i := range v {
			v[i] /= 100
		}
	case UnitLog:
		for i := range v {
			v[i] = math.Expm1(v[i])
		}
	}
}

// unitWords describes a unit and what was done for the detection line.
func unitWords(u ReturnsUnit) string {
	switch u {
	case UnitPercent:
		return "percent, divided by 100"
	case UnitLog:
		return "log, converted to simple returns exp(r)-1"
	}
	return "decimal"
}
