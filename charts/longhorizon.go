package charts

import (
	"fmt"
	"strconv"
)

// calendarFewFirms matches the study's calendar_time_few_firms threshold:
// below it the report says the portfolio holds few firms.
const calendarFewFirms = 10

// longHorizonSection shows calendar.csv and bhar_group.csv
// (docs/methodology.md 14); without --calendar-time the set has neither
// and the section is left out.
func (b *builder) longHorizonSection() (section, error) {
	s := section{Heading: "Long horizon"}
	if len(b.set.Calendar) == 0 && len(b.set.BHARGroup) == 0 {
		return s, nil
	}
	s.Intro = "Calendar-time portfolios of the firms within their post-event horizon, with Jensen's alpha per period (calendar.csv), and the mean buy-and-hold abnormal return over the same horizon with the skewness-adjusted t of Lyon, Barber & Tsai (bhar_group.csv)."
	if len(b.set.Calendar) > 0 {
		period := "day"
		if f, _ := b.set.Manifest.Config["calendar_freq"].(string); f == "monthly" {
			period = "month"
		}
		t := htmlTable{ID: "calendar", Caption: "Calendar-time portfolios (calendar.csv): alpha per " + period + ", OLS t",
			Head: []string{"group", "horizon", "weights", "model", "alpha", "t", "p", "periods", "firms per period", "R²"}}
		for _, r := range b.set.Calendar {
			t.Rows = append(t.Rows, tableRow{Cells: []tableCell{txt(r.Group), code(r.Horizon), code(r.Weighting), code(r.Model),
				numc(fmtPct3(float64(r.Alpha))), numc(fmtG(float64(r.T))), numc(fmtP(float64(r.P))), numc(strconv.Itoa(r.NPeriods)),
				numc(fmt.Sprintf("%.2f", float64(r.MeanNFirms))), numc(fmtG(float64(r.R2)))}})
			if float64(r.MeanNFirms) < calendarFewFirms {
				s.Notes = append(s.Notes, fmt.Sprintf("Group %s, %s portfolio: %.2f firms per period on average; an alpha that rests on so few firms says little about breaches in general.", r.Group, r.Weighting, float64(r.MeanNFirms)))
			}
		}
		s.Tables = append(s.Tables, t)
	}
	if len(b.set.BHARGroup) > 0 {
		t := htmlTable{ID: "bhar-group", Caption: "Mean long-horizon BHAR (bhar_group.csv): conventional and skewness-adjusted t, bootstrap p",
			Head: []string{"group", "horizon", "benchmark", "n", "mean", "median", "t", "p", "t_sa", "p_sa", "p_boot"}}
		for _, r := range b.set.BHARGroup {
			t.Rows = append(t.Rows, tableRow{Cells: []tableCell{txt(r.Group), code(r.Horizon), code(r.Benchmark), numc(strconv.Itoa(r.N)),
				numc(fmtPct(float64(r.Mean))), numc(fmtPct(float64(r.Median))), numc(fmtG(float64(r.T))), numc(fmtP(float64(r.P))),
				numc(fmtG(float64(r.TSA))), numc(fmtP(float64(r.PSA))), numc(fmtP(float64(r.PBoot)))}})
		}
		s.Tables = append(s.Tables, t)
	}
	return s, nil
}

// fmtPct3 is a percentage with three decimals: a daily alpha is a few
// hundredths of a percent.
func fmtPct3(f float64) string {
	if s := fmtPct(f); s == "" {
		return s
	}
	return fmt.Sprintf("%.3f%%", 100*f)
}
