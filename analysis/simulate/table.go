package simulate

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Markdown writes the table as Markdown: one row per test, one column per
// window × abnormal level, the rejection rate in percent with one decimal.
// A rate over fewer trials than samples (a test undefined in some samples)
// carries the trial count in brackets. A header line states what was
// simulated.
func (t *Table) Markdown(w io.Writer) error {
	c := t.Config
	var b strings.Builder
	fmt.Fprintf(&b, "Rejection rates (%%) at the %s level, two-sided; %d samples of %d events, seed %d.\n",
		pct(c.Alpha), c.Samples, c.Events, c.Seed)
	fmt.Fprintf(&b, "Panel: %s.\n", t.Source)
	level := pct
	if len(c.VolumeLevels) > 0 {
		level = func(m float64) string { return "×" + strconv.FormatFloat(m, 'f', -1, 64) }
		fmt.Fprintf(&b, "Mean-adjusted log-volume model, estimation %s; day 0's volume multiplied by the column's factor.\n", c.Analysis.Estimation)
	} else {
		fmt.Fprintf(&b, "Model %s, estimation %s, min %d returns; abnormal return added to day 0.\n",
			c.Analysis.Model, c.Analysis.Estimation, c.Analysis.MinEst)
	}
	if c.VarScale != 0 && c.VarScale != 1 {
		fmt.Fprintf(&b, "Residual variance ×%g over days %s.\n", c.VarScale, c.VarDays)
	}
	if len(c.Abnormal) > 0 {
		se := math.Sqrt(c.Alpha * (1 - c.Alpha) / float64(c.Samples))
		fmt.Fprintf(&b, "Monte Carlo standard error of a %s rate over %d samples: %.2f pp.\n\n", pct(c.Alpha), c.Samples, 100*se)
	}
	b.WriteString("| test |")
	for _, win := range c.Windows {
		for _, a := range c.Abnormal {
			fmt.Fprintf(&b, " (%s) %s |", win, level(a))
		}
	}
	b.WriteString("\n|---|")
	for range len(c.Windows) * len(c.Abnormal) {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, id := range t.Tests {
		name := id
		if id == RowCART || id == RowSQ {
			name += " (per event)"
		}
		fmt.Fprintf(&b, "| %s |", name)
		for _, win := range c.Windows {
			for _, a := range c.Abnormal {
				cell, _ := t.Cell(id, win, a)
				fmt.Fprintf(&b, " %s |", rateText(cell, c.Samples, id))
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rateText(c Cell, samples int, id string) string {
	if c.Trials == 0 {
		return "–"
	}
	s := strconv.FormatFloat(100*c.Rate(), 'f', 1, 64)
	perEvent := id == RowCART || id == RowSQ
	if !perEvent && c.Trials < samples {
		s += fmt.Sprintf(" [%d]", c.Trials)
	}
	return s
}

// pct formats a decimal as a percentage without trailing zeros: 0.005 →
// "0.5%".
func pct(a float64) string {
	return strconv.FormatFloat(100*a, 'f', -1, 64) + "%"
}

// CSVHeader is the header of WriteCSV.
var CSVHeader = []string{"test", "window", "abnormal", "rejections", "trials", "undefined", "rate", "se"}

// WriteCSV writes one row per cell: test, window ("t1,t2"), abnormal
// (decimal), rejections, trials, undefined, rate (decimal) and its Monte
// Carlo standard error se.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	f := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for _, c := range t.Cells {
		rec := []string{c.Test, c.Window.String(), f(c.Abnormal), strconv.Itoa(c.Rejections),
			strconv.Itoa(c.Trials), strconv.Itoa(c.Undefined), f(c.Rate()), f(c.SE())}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ParseLevels reads a comma-separated list of abnormal returns, as decimals
// ("0,0.005,0.01") or percentages ("0,0.5%,1%"). Levels must be finite and
// above -100 %; duplicates are an error.
func ParseLevels(s string) ([]float64, error) {
	var out []float64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			return nil, fmt.Errorf("abnormal levels %q: empty entry; want a comma list like 0,0.005,0.01", s)
		}
		scale := 1.0
		if p, ok := strings.CutSuffix(f, "%"); ok {
			f, scale = strings.TrimSpace(p), 0.01
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("abnormal level %q: want a decimal return like 0.005 or a percentage like 0.5%%", f)
		}
		v *= scale
		if v <= -1 {
			return nil, fmt.Errorf("abnormal level %q: a return must be above -100%%", f)
		}
		for _, u := range out {
			if u == v {
				return nil, fmt.Errorf("abnormal level %q given twice", f)
			}
		}
		out = append(out, v)
	}
	return out, nil
}
