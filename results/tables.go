package results

import (
	"fmt"
	"math"
	"strconv"
)

// Printed precision of the publication tables (tables.md/.tex and the
// comparison tables). They are formatted from the same values as the CSVs;
// only the rounding differs.
const (
	PctDecimals  = 4 // CAR, AAR, CAAR in percent
	StatDecimals = 2 // t, Z
	PDecimals    = 3 // p-values
)

// Stars is the significance marker of a two-sided p-value: "***" for
// p < 0.01, "**" for p < 0.05, "*" for p < 0.10, "" otherwise or missing.
func Stars(p Num) string {
	switch f := float64(p); {
	case math.IsNaN(f):
		return ""
	case f < 0.01:
		return "***"
	case f < 0.05:
		return "**"
	case f < 0.10:
		return "*"
	}
	return ""
}

// Fixed formats v*scale with prec decimals for a publication table; ""
// when missing.
func Fixed(v Num, scale float64, prec int) string {
	if v.IsNA() {
		return ""
	}
	return strconv.FormatFloat(float64(v)*scale, 'f', prec, 64)
}

// StarsNote explains the significance stars under a publication table.
const StarsNote = "*** p < 0.01, ** p < 0.05, * p < 0.10 (two-sided)."

// pubTables are the publication tables: CAR per event and window, group
// tests, the AAR/CAAR summary, CAV per event and window when the data has
// volume, Beaver's U when volatility.csv has rows, the cross-sectional
// regression, and the calendar-time
// alphas and mean BHARs of --calendar-time.
func pubTables(set *Set) []PubTable {
	firm := map[string]EventRow{}
	for _, e := range set.Events {
		firm[e.EventID] = e
	}
	car := PubTable{
		Title:   "Cumulative abnormal returns by event",
		Label:   "tab:car",
		Note:    "CAR in percent; t: single-event t with the prediction-error-corrected variance. " + StarsNote,
		Columns: []string{"Event", "Firm", "Stage", "Window", "CAR (%)", "t", "p"},
		Numeric: []bool{false, false, false, false, true, true, true},
	}
	for _, r := range set.CAR {
		e := firm[r.EventID]
		c := StarCell(Fixed(r.CAR, 100, PctDecimals), r.P)
		car.Rows = append(car.Rows, []PubCell{TextCell(r.EventID), TextCell(e.Firm), TextCell(e.Stage),
			TextCell(r.Window), c, NumCell(Fixed(r.T, 1, StatDecimals)), NumCell(Fixed(r.P, 1, PDecimals))})
	}

	tests := PubTable{
		Title: "Tests of mean abnormal returns by group and window",
		Label: "tab:tests",
		Note: "Statistic: the test's t or Z; dist: its reference distribution; Holm p, BH p: p adjusted over the family " +
			"of --mt-family (docs/methodology.md 6.17); stars by the unadjusted p. " + StarsNote,
		Columns: []string{"Group", "Window", "Test", "N", "Statistic", "Dist", "p", "Holm p", "BH p"},
		Numeric: []bool{false, false, false, true, true, false, true, true, true},
	}
	for _, r := range set.Tests {
		st := StarCell(Fixed(r.Statistic, 1, StatDecimals), r.P)
		dist := r.Dist
		if r.DF.Valid {
			dist = fmt.Sprintf("%s(%d)", r.Dist, r.DF.V)
		}
		tests.Rows = append(tests.Rows, []PubCell{TextCell(r.Group), TextCell(r.Window), TextCell(r.Test),
			NumCell(strconv.Itoa(r.N)), st, TextCell(dist), NumCell(Fixed(r.P, 1, PDecimals)),
			NumCell(Fixed(r.PHolm, 1, PDecimals)), NumCell(Fixed(r.PBH, 1, PDecimals))})
	}

	var out []PubTable
	add := func(name string, present bool, t func() PubTable) {
		if present && outputWanted(set.Outputs, name) {
			out = append(out, t())
		}
	}
	add("car", true, func() PubTable { return car })
	add("tests", true, func() PubTable { return tests })
	add("aar", true, func() PubTable { return aarPubTable(set.AAR) })
	add("volume", len(set.Volume) > 0, func() PubTable {
		t := volumePubTable(set.Volume, firm)
		if m, _ := set.Manifest.Config["volume_model"].(string); m == "market" {
			// The note's "less its estimation-window mean" is the mean model's.
			t.Note = "CAV: sum of ln(1+volume) less the market model's prediction from the market's log volume " +
				"(fitted over the estimation window); t: CAV/(s√L); Days: window days with volume. " + StarsNote
		}
		return t
	})
	add("car", hasDollars(set.CAR), func() PubTable { return dollarPubTable(set.CAR, firm) })
	add("volatility", len(set.Volatility) > 0, func() PubTable { return volatilityPubTable(set.Volatility) })
	add("regression", len(set.Regression) > 0, func() PubTable { return regressionPubTable(set.Regression) })
	add("calendar", len(set.Calendar) > 0, func() PubTable { return calendarPubTable(set.Calendar) })
	add("bhar_group", len(set.BHARGroup) > 0, func() PubTable { return bharGroupPubTable(set.BHARGroup) })
	return out
}

// outputWanted: --outputs (nil: all) names the table, so tables.md and
// tables.tex hold what the CSVs, results.json and results.xlsx hold.
func outputWanted(outputs []string, name string) bool {
	if outputs == nil {
		return true
	}
	for _, n := range outputs {
		if n == name {
			return true
		}
	}
	return false
}

// hasDollars: some CAR has a dollar value (--shares or a shares or
// market_cap column), as the report's summary decides.
func hasDollars(rows []CARRow) bool {
	for _, r := range rows {
		if !r.DollarCAR.IsNA() && r.MCap > 0 {
			return true
		}
	}
	return false
}

// dollarPubTable is car.csv's mcap, dollar_car and dollar_se (issue 19's
// dollar value lost) for the events that have them, in millions.
func dollarPubTable(rows []CARRow, firm map[string]EventRow) PubTable {
	t := PubTable{
		Title: "Dollar value of the CARs",
		Label: "tab:dollar",
		Note: "Market cap on day -1 (shares outstanding × close) and CAR × market cap with its standard error, " +
			"in millions of the price's currency; events without shares or market cap are left out. " + StarsNote,
		Columns: []string{"Event", "Firm", "Window", "Market cap (m)", "Dollar CAR (m)", "SE (m)"},
		Numeric: []bool{false, false, false, true, true, true},
	}
	for _, r := range rows {
		if r.DollarCAR.IsNA() || !(r.MCap > 0) {
			continue
		}
		d := StarCell(Fixed(r.DollarCAR, 1e-6, 1), r.P)
		t.Rows = append(t.Rows, []PubCell{TextCell(r.EventID), TextCell(firm[r.EventID].Firm), TextCell(r.Window),
			NumCell(Fixed(r.MCap, 1e-6, 1)), d, NumCell(Fixed(r.DollarSE, 1e-6, 1))})
	}
	return t
}

// regressionPubTable is regression.csv, the cross-sectional regression of
// the CARs (docs/methodology.md 7), a row per group, window and term; the
// SE column names its kind (ols, hc0–hc3, cr1) and the clusters.
func regressionPubTable(rows []RegressionRow) PubTable {
	t := PubTable{
		Title: "Cross-sectional regression of CARs",
		Label: "tab:regression",
		Note: "Coefficients and standard errors in percentage points of CAR per unit of the term (below 0.01 in 3 significant digits); " +
			"a dummy term type=<level> is against the base level. SE: ols, hc0–hc3 (White), or cr1 clustered by firm or date with G clusters. " + StarsNote,
		Columns: []string{"Group", "Window", "Term", "Coef", "SE", "SE type", "t", "p", "N", "R²"},
		Numeric: []bool{false, false, false, true, true, false, true, true, true, true},
	}
	for _, r := range rows {
		c := StarCell(coefText(r.Coef), r.P)
		se := r.SEType
		if r.Cluster != "" && r.NClusters.Valid {
			se = fmt.Sprintf("%s, %s, G=%d", r.SEType, r.Cluster, r.NClusters.V)
		}
		t.Rows = append(t.Rows, []PubCell{TextCell(r.Group), TextCell(r.Window), TextCell(r.Term), c,
			NumCell(coefText(r.SE)), TextCell(se), NumCell(Fixed(r.T, 1, StatDecimals)),
			NumCell(Fixed(r.P, 1, PDecimals)), NumCell(strconv.Itoa(r.N)), NumCell(Fixed(r.R2, 1, 3))})
	}
	return t
}

// coefText is a coefficient or SE in percentage points: 4 decimals, or 3
// significant digits when smaller than 0.01 (a term in raw units, such as
// records lost, has coefficients of 1e-8 that 4 decimals print as 0).
func coefText(v Num) string {
	x := float64(v) * 100
	if v.IsNA() || x == 0 || math.Abs(x) >= 0.01 || math.IsInf(x, 0) {
		return Fixed(v, 100, PctDecimals)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// calendarPubTable is calendar.csv, the calendar-time portfolio alphas of
// --calendar-time (docs/methodology.md 14), as a publication table.
func calendarPubTable(rows []CalendarRow) PubTable {
	t := PubTable{
		Title: "Calendar-time portfolio alphas",
		Label: "tab:calendar",
		Note: "Alpha in percent per period (day or month) of the portfolio of firms within the post-event horizon, " +
			"regressed on the model's factors; ew/vw: equal or value weights; firms: mean firms per period. " + StarsNote,
		Columns: []string{"Group", "Horizon", "Weights", "Model", "Alpha (%)", "t", "p", "Periods", "Firms", "R²"},
		Numeric: []bool{false, false, false, false, true, true, true, true, true, true},
	}
	for _, r := range rows {
		a := StarCell(Fixed(r.Alpha, 100, PctDecimals), r.P)
		t.Rows = append(t.Rows, []PubCell{TextCell(r.Group), TextCell(r.Horizon), TextCell(r.Weighting), TextCell(r.Model), a,
			NumCell(Fixed(r.T, 1, StatDecimals)), NumCell(Fixed(r.P, 1, PDecimals)), NumCell(strconv.Itoa(r.NPeriods)),
			NumCell(Fixed(r.MeanNFirms, 1, 2)), NumCell(Fixed(r.R2, 1, 3))})
	}
	return t
}

// bharGroupPubTable is bhar_group.csv, the mean long-horizon BHAR with the
// conventional and the skewness-adjusted t (Lyon, Barber & Tsai 1999).
func bharGroupPubTable(rows []BHARGroupRow) PubTable {
	t := PubTable{
		Title: "Long-horizon buy-and-hold abnormal returns",
		Label: "tab:bhar",
		Note: "Mean and median BHAR in percent over the horizon; t: conventional t; t_sa: skewness-adjusted t " +
			"(Lyon, Barber & Tsai 1999) with its p and bootstrap p. Stars on the mean by the skewness-adjusted p. " + StarsNote,
		Columns: []string{"Group", "Horizon", "Benchmark", "N", "Mean (%)", "Median (%)", "t", "p", "t_sa", "p_sa", "p boot"},
		Numeric: []bool{false, false, false, true, true, true, true, true, true, true, true},
	}
	for _, r := range rows {
		m := StarCell(Fixed(r.Mean, 100, PctDecimals), r.PSA)
		t.Rows = append(t.Rows, []PubCell{TextCell(r.Group), TextCell(r.Horizon), TextCell(r.Benchmark), NumCell(strconv.Itoa(r.N)), m,
			NumCell(Fixed(r.Median, 100, PctDecimals)), NumCell(Fixed(r.T, 1, StatDecimals)), NumCell(Fixed(r.P, 1, PDecimals)),
			NumCell(Fixed(r.TSA, 1, StatDecimals)), NumCell(Fixed(r.PSA, 1, PDecimals)), NumCell(Fixed(r.PBoot, 1, PDecimals))})
	}
	return t
}

// aarPubTable is aar.csv as the classic daily table of a paper: AAR and
// CAAR with each day's cross-sectional t, Patell Z, BMP t and Corrado rank
// Z and their p (docs/methodology.md 4.6), a statistic starred by its p.
func aarPubTable(rows []AARRow) PubTable {
	t := PubTable{
		Title: "Average and cumulative average abnormal returns",
		Label: "tab:aar",
		Note: "AAR and CAAR in percent; N: events with a valid abnormal return that day. " +
			"Tests of the day's AAR: cross-sectional t (Brown & Warner 1985), Patell (1976) Z, " +
			"BMP t (Boehmer, Musumeci & Poulsen 1991), Corrado (1989) rank Z; p two-sided. " + StarsNote,
		Columns: []string{"Group", "Day", "N", "AAR (%)", "CAAR (%)", "t (CS)", "p", "Z (Patell)", "p", "t (BMP)", "p", "Z (rank)", "p"},
		Numeric: []bool{false, true, true, true, true, true, true, true, true, true, true, true, true},
	}
	for _, r := range rows {
		row := []PubCell{TextCell(r.Group), NumCell(strconv.Itoa(r.RelDay)), NumCell(strconv.Itoa(r.N)),
			NumCell(Fixed(r.AAR, 100, PctDecimals)), NumCell(Fixed(r.CAAR, 100, PctDecimals))}
		for _, c := range [][2]Num{{r.TCS, r.PCS}, {r.ZPatell, r.PPatell}, {r.TBMP, r.PBMP}, {r.ZRank, r.PRank}} {
			st := StarCell(Fixed(c[0], 1, StatDecimals), c[1])
			row = append(row, st, NumCell(Fixed(c[1], 1, PDecimals)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// volumePubTable is volume.csv as a publication table (docs/methodology.md 13).
func volumePubTable(rows []VolumeRow, firm map[string]EventRow) PubTable {
	vol := PubTable{
		Title:   "Cumulative abnormal log volume by event",
		Label:   "tab:volume",
		Note:    "CAV: sum of ln(1+volume) less its estimation-window mean; t: CAV/(s√L); Days: window days with volume. " + StarsNote,
		Columns: []string{"Event", "Firm", "Stage", "Window", "CAV", "t", "p", "Days"},
		Numeric: []bool{false, false, false, false, true, true, true, true},
	}
	for _, r := range rows {
		e := firm[r.EventID]
		c := StarCell(Fixed(r.CAV, 1, StatDecimals), r.P)
		vol.Rows = append(vol.Rows, []PubCell{TextCell(r.EventID), TextCell(e.Firm), TextCell(e.Stage),
			TextCell(r.Window), c, NumCell(Fixed(r.T, 1, StatDecimals)), NumCell(Fixed(r.P, 1, PDecimals)), NumCell(strconv.Itoa(r.NDays))})
	}
	return vol
}

// volatilityPubTable is Beaver's U per event and window (volatility.csv).
func volatilityPubTable(rows []VolatilityRow) PubTable {
	t := PubTable{
		Title:   "Abnormal volatility by event (Beaver's U)",
		Label:   "tab:volatility",
		Note:    "U: mean squared standardized abnormal return, 1 without an event; p: U against F(days, df). " + StarsNote,
		Columns: []string{"Event", "Window", "U", "p", "Variance ratio"},
		Numeric: []bool{false, false, true, true, true},
	}
	for _, r := range rows {
		u := StarCell(Fixed(r.U, 1, StatDecimals), r.P)
		t.Rows = append(t.Rows, []PubCell{TextCell(r.EventID), TextCell(r.Window), u,
			NumCell(Fixed(r.P, 1, PDecimals)), NumCell(Fixed(r.VarianceRatio, 1, StatDecimals))})
	}
	return t
}

// markdownTables renders tables.md (GitHub-flavoured pipe tables).
func markdownTables(set *Set) []byte { return Markdown("Event study tables", pubTables(set)) }

// texTables renders tables.tex.
func texTables(set *Set) []byte { return TeX("Event study tables", pubTables(set)) }
