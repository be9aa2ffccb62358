package charts

import (
	"html/template"
	"strings"
)

// The page's big tables (a row per event or stage: 10,000 rows at research
// scale) were most of the time html/template spent, reflecting over every
// cell. Their rows are written here instead, into template.HTML, with the
// escaping html/template applies to text in element content and in quoted
// attribute values (TestRowsMatchTemplate checks that the bytes are the
// same on hostile text). The page template still escapes everything else.

// htmlReplacement is html/template's htmlReplacementTable: what it writes
// for these characters in element content and quoted attribute values.
var htmlReplacement = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escapeText appends s to b as html/template escapes a string there.
func escapeText(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) < len(htmlReplacement) && htmlReplacement[c] != "" {
			b.WriteString(s[last:i])
			b.WriteString(htmlReplacement[c])
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

// td appends one cell <td[ class="class"]>text</td>.
func td(b *strings.Builder, class, text string) {
	if class == "" {
		b.WriteString("<td>")
	} else {
		b.WriteString(`<td class="`)
		escapeText(b, class)
		b.WriteString(`">`)
	}
	escapeText(b, text)
	b.WriteString("</td>")
}

// rowsHTML writes the body rows of a section table.
func rowsHTML(rows []tableRow) template.HTML {
	var b strings.Builder
	b.Grow(rowsSize(rows))
	for _, r := range rows {
		if r.Class == "" {
			b.WriteString("<tr>")
		} else {
			b.WriteString(`<tr class="`)
			escapeText(&b, r.Class)
			b.WriteString(`">`)
		}
		for _, c := range r.Cells {
			switch {
			case c.Num && c.Own == 1:
				b.WriteString(`<td class="num own">`)
			case c.Num && c.Own == 2:
				b.WriteString(`<td class="num own b">`)
			case c.Num:
				b.WriteString(`<td class="num">`)
			case c.NoWrap:
				b.WriteString(`<td class="nw">`)
			default:
				b.WriteString("<td>")
			}
			escapeText(&b, c.Text)
			if c.Badge != "" {
				b.WriteString(` <span class="badge">`)
				escapeText(&b, c.Badge)
				b.WriteString("</span>")
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}

// rowsSize is about the length of rowsHTML(rows), a little more unless
// many characters need escaping: the tables of a 10,000-event report run
// to megabytes, and a builder growing by doubling copied them over and
// over (a third of the report's CPU).
func rowsSize(rows []tableRow) int {
	n := 0
	for _, r := range rows {
		n += len(`<tr class=""></tr>`+"\n") + len(r.Class)
		for _, c := range r.Cells {
			n += len(`<td class="num own b"></td>`) + len(c.Text)
			if c.Badge != "" {
				n += len(` <span class="badge"></span>`) + len(c.Badge)
			}
		}
	}
	return n + n/32
}

// eventRowsHTML writes the rows of the Events table.
func eventRowsHTML(evs []eventLine) template.HTML {
	var b strings.Builder
	n := 0
	for i := range evs {
		e := &evs[i]
		n += len(`<tr></tr>`+"\n") + 11*len(`<td class="label"></td>`) + len(e.EventID) + len(e.Firm) + len(e.Incident) + len(e.Stage) +
			len(e.DateGiven) + len(e.Day0) + len(e.Status) + len(e.Reason) + len(e.CAR) + len(e.P) + len(e.Label)
	}
	b.Grow(n + n/32)
	for i := range evs {
		e := &evs[i]
		b.WriteString("<tr>")
		for _, s := range [...]string{e.EventID, e.Firm, e.Incident, e.Stage, e.DateGiven, e.Day0, e.Status, e.Reason} {
			td(&b, "", s)
		}
		td(&b, "num", e.CAR)
		td(&b, "num", e.P)
		td(&b, "label", e.Label)
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}

// Body is the table's rows for the page template.
func (t htmlTable) Body() template.HTML { return rowsHTML(t.Rows) }

// EventRows is the Events table's rows for the page template.
func (p *page) EventRows() template.HTML { return eventRowsHTML(p.Events) }

// ExclusionRows and WarningRows are the rows of the exclusion and warning
// tables for the page template.
func (p *page) ExclusionRows() template.HTML {
	var b strings.Builder
	for _, x := range p.Exclusions {
		threeCells(&b, x.EventID, x.Reason, x.Detail)
	}
	return template.HTML(b.String())
}

func (p *page) WarningRows() template.HTML {
	var b strings.Builder
	for _, w := range p.Warnings {
		threeCells(&b, w.EventID, w.Code, w.Message)
	}
	return template.HTML(b.String())
}

func threeCells(b *strings.Builder, a, c, d string) {
	b.WriteString("<tr>")
	td(b, "", a)
	td(b, "", c)
	td(b, "", d)
	b.WriteString("</tr>\n")
}
