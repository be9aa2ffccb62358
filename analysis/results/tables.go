package results

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
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

// cell is one entry of a publication table: user text, or a formatted
// number with its significance stars.
type cell struct {
	text  string
	num   bool
	stars string
}

func textCell(s string) cell { return cell{text: s} }
func numCell(s string) cell  { return cell{text: s, num: true} }

type pubTable struct {
	title   string
	label   string
	note    string
	columns []string
	numeric []bool
	rows    [][]cell
}

// StarsNote explains the significance stars under a publication table.
const StarsNote = "*** p < 0.01, ** p < 0.05, * p < 0.10 (two-sided)."

// pubTables are the three publication tables: CAR per event and window,
// group tests, and the AAR/CAAR summary.
func pubTables(set *Set) []pubTable {
	firm := map[string]EventRow{}
	for _, e := range set.Events {
		firm[e.EventID] = e
	}
	car := pubTable{
		title:   "Cumulative abnormal returns by event",
		label:   "tab:car",
		note:    "CAR in percent; t: single-event t with the prediction-error-corrected variance. " + StarsNote,
		columns: []string{"Event", "Firm", "Stage", "Window", "CAR (%)", "t", "p"},
		numeric: []bool{false, false, false, false, true, true, true},
	}
	for _, r := range set.CAR {
		e := firm[r.EventID]
		c := numCell(Fixed(r.CAR, 100, PctDecimals))
		if c.text != "" {
			c.stars = Stars(r.P)
		}
		car.rows = append(car.rows, []cell{textCell(r.EventID), textCell(e.Firm), textCell(e.Stage),
			textCell(r.Window), c, numCell(Fixed(r.T, 1, StatDecimals)), numCell(Fixed(r.P, 1, PDecimals))})
	}

	tests := pubTable{
		title:   "Tests of mean abnormal returns by group and window",
		label:   "tab:tests",
		note:    "Statistic: the test's t or Z; dist: its reference distribution. " + StarsNote,
		columns: []string{"Group", "Window", "Test", "N", "Statistic", "Dist", "p"},
		numeric: []bool{false, false, false, true, true, false, true},
	}
	for _, r := range set.Tests {
		st := numCell(Fixed(r.Statistic, 1, StatDecimals))
		if st.text != "" {
			st.stars = Stars(r.P)
		}
		dist := r.Dist
		if r.DF.Valid {
			dist = fmt.Sprintf("%s(%d)", r.Dist, r.DF.V)
		}
		tests.rows = append(tests.rows, []cell{textCell(r.Group), textCell(r.Window), textCell(r.Test),
			numCell(strconv.Itoa(r.N)), st, textCell(dist), numCell(Fixed(r.P, 1, PDecimals))})
	}

	aar := pubTable{
		title:   "Average and cumulative average abnormal returns",
		label:   "tab:aar",
		note:    "AAR and CAAR in percent; N: events with a valid abnormal return that day.",
		columns: []string{"Group", "Day", "N", "AAR (%)", "CAAR (%)"},
		numeric: []bool{false, true, true, true, true},
	}
	for _, r := range set.AAR {
		aar.rows = append(aar.rows, []cell{textCell(r.Group), numCell(strconv.Itoa(r.RelDay)),
			numCell(strconv.Itoa(r.N)), numCell(Fixed(r.AAR, 100, PctDecimals)), numCell(Fixed(r.CAAR, 100, PctDecimals))})
	}
	return []pubTable{car, tests, aar}
}

// MarkdownEscape keeps user text inside its cell: "|" would end it and a
// line break would end the row; "*", "_" and "\" would turn into markup.
var MarkdownEscape = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`",
	"\r\n", " ", "\n", " ", "\r", " ",
)

// markdownTables renders tables.md (GitHub-flavoured pipe tables).
func markdownTables(set *Set) []byte {
	var b bytes.Buffer
	b.WriteString("# Event study tables\n")
	for _, t := range pubTables(set) {
		fmt.Fprintf(&b, "\n## %s\n\n", t.title)
		b.WriteString("|")
		for _, c := range t.columns {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n|")
		for _, n := range t.numeric {
			if n {
				b.WriteString("---:|")
			} else {
				b.WriteString("---|")
			}
		}
		b.WriteString("\n")
		for _, row := range t.rows {
			b.WriteString("|")
			for _, c := range row {
				s := c.text
				if !c.num {
					s = MarkdownEscape.Replace(s)
				}
				s += strings.Repeat(`\*`, len(c.stars))
				b.WriteString(" " + s + " |")
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "\n%s\n", MarkdownEscape.Replace(t.note))
	}
	return b.Bytes()
}

// texEscape escapes the LaTeX special characters of user text in one pass
// (so the backslash of an inserted command is not escaped again).
var texEscape = strings.NewReplacer(
	`\`, `\textbackslash{}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`,
	"_", `\_`, "{", `\{`, "}", `\}`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`,
	"\r\n", " ", "\n", " ", "\r", " ",
)

// texTables renders tables.tex: booktabs tables, numbers in math mode (a
// true minus sign) with stars as superscripts.
func texTables(set *Set) []byte {
	var b bytes.Buffer
	b.WriteString("% Event study tables written by eventstudy. Requires \\usepackage{booktabs}.\n")
	for _, t := range pubTables(set) {
		spec := make([]byte, len(t.numeric))
		for i, n := range t.numeric {
			spec[i] = 'l'
			if n {
				spec[i] = 'r'
			}
		}
		fmt.Fprintf(&b, "\n\\begin{table}[htbp]\n\\centering\n\\caption{%s}\n\\label{%s}\n", texEscape.Replace(t.title), t.label)
		fmt.Fprintf(&b, "\\begin{tabular}{%s}\n\\toprule\n", spec)
		head := make([]string, len(t.columns))
		for i, c := range t.columns {
			head[i] = texEscape.Replace(c)
		}
		b.WriteString(strings.Join(head, " & ") + " \\\\\n\\midrule\n")
		for _, row := range t.rows {
			cells := make([]string, len(row))
			for i, c := range row {
				switch {
				case !c.num:
					cells[i] = texEscape.Replace(c.text)
				case c.text == "":
				case c.stars != "":
					cells[i] = "$" + c.text + "^{" + c.stars + "}$"
				default:
					cells[i] = "$" + c.text + "$"
				}
			}
			b.WriteString(strings.Join(cells, " & ") + " \\\\\n")
		}
		b.WriteString("\\bottomrule\n")
		fmt.Fprintf(&b, "\\multicolumn{%d}{l}{\\footnotesize %s} \\\\\n", len(t.columns), texNote(t.note))
		b.WriteString("\\end{tabular}\n\\end{table}\n")
	}
	return b.Bytes()
}

// texNote escapes a note and sets its p thresholds in math mode.
func texNote(s string) string {
	s = texEscape.Replace(s)
	for _, th := range []string{"0.01", "0.05", "0.10"} {
		s = strings.ReplaceAll(s, "p < "+th, "$p<"+th+"$")
	}
	return s
}
