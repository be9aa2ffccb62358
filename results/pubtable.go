package results

import (
	"bytes"
	"fmt"
	"strings"
)

// PubTable is a publication table: tables.md/.tex here, comparison.md/.tex
// and grid.md/.tex in package compare, all rendered by Markdown and TeX.
type PubTable struct {
	Title, Label, Note string
	Columns            []string
	Numeric            []bool // right-aligned columns
	Rows               [][]PubCell
}

// PubCell is one entry of a publication table: user text, or a formatted
// number with its significance stars.
type PubCell struct {
	Text  string
	Num   bool
	Stars string
}

// TextCell is a cell of user text; NumCell one of a formatted number.
func TextCell(s string) PubCell { return PubCell{Text: s} }
func NumCell(s string) PubCell  { return PubCell{Text: s, Num: true} }

// StarCell is a numeric cell with the significance stars of p; an empty
// cell (a missing number) gets none.
func StarCell(s string, p Num) PubCell {
	c := NumCell(s)
	if s != "" {
		c.Stars = Stars(p)
	}
	return c
}

// MarkdownEscape keeps user text inside its cell: "|" would end it and a
// line break would end the row; "*", "_" and "\" would turn into markup.
var MarkdownEscape = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`",
	"\r\n", " ", "\n", " ", "\r", " ",
)

// Markdown renders GitHub-flavoured pipe tables under a level-1 heading;
// a number's stars are escaped so they print as stars.
func Markdown(heading string, tables []PubTable) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n", heading)
	for _, t := range tables {
		fmt.Fprintf(&b, "\n## %s\n\n|", t.Title)
		for _, c := range t.Columns {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n|")
		for _, n := range t.Numeric {
			if n {
				b.WriteString("---:|")
			} else {
				b.WriteString("---|")
			}
		}
		b.WriteString("\n")
		for _, row := range t.Rows {
			b.WriteString("|")
			for _, c := range row {
				b.WriteString(" " + MarkdownEscape.Replace(c.Text) + strings.Repeat(`\*`, len(c.Stars)) + " |")
			}
			b.WriteString("\n")
		}
		if t.Note != "" {
			fmt.Fprintf(&b, "\n%s\n", MarkdownEscape.Replace(t.Note))
		}
	}
	return b.Bytes()
}

// texEscape escapes the LaTeX special characters of user text in one pass
// (so the backslash of an inserted command is not escaped again).
var texEscape = strings.NewReplacer(
	`\`, `\textbackslash{}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`,
	"_", `\_`, "{", `\{`, "}", `\}`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`,
	"→", `$\rightarrow$`, "²", `$^2$`, "\r\n", " ", "\n", " ", "\r", " ",
)

// TeX renders booktabs tables after a comment naming what they are:
// numbers in math mode (a true minus sign) with their stars as
// superscripts, the note's p thresholds in math mode too.
func TeX(what string, tables []PubTable) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%% %s written by eventstudy. Requires \\usepackage{booktabs}.\n", what)
	for _, t := range tables {
		spec := make([]byte, len(t.Numeric))
		for i, n := range t.Numeric {
			spec[i] = 'l'
			if n {
				spec[i] = 'r'
			}
		}
		fmt.Fprintf(&b, "\n\\begin{table}[htbp]\n\\centering\n\\caption{%s}\n\\label{%s}\n", texEscape.Replace(t.Title), t.Label)
		fmt.Fprintf(&b, "\\begin{tabular}{%s}\n\\toprule\n", spec)
		head := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			head[i] = texEscape.Replace(c)
		}
		b.WriteString(strings.Join(head, " & ") + " \\\\\n\\midrule\n")
		for _, row := range t.Rows {
			cells := make([]string, len(row))
			for i, c := range row {
				switch {
				case !c.Num:
					cells[i] = texEscape.Replace(c.Text)
				case c.Text == "":
				case c.Stars != "":
					cells[i] = "$" + c.Text + "^{" + c.Stars + "}$"
				default:
					cells[i] = "$" + c.Text + "$"
				}
			}
			b.WriteString(strings.Join(cells, " & ") + " \\\\\n")
		}
		b.WriteString("\\bottomrule\n")
		if t.Note != "" {
			fmt.Fprintf(&b, "\\multicolumn{%d}{l}{\\footnotesize %s} \\\\\n", len(t.Columns), texNote(t.Note))
		}
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
