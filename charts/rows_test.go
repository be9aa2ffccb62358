package charts

import (
	"html/template"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// hostile are cell texts that html/template must escape or pass through
// with care: markup, quotes, '+', NUL, invalid UTF-8, multi-byte text and
// the page's own script delimiters.
var hostile = []string{
	"", "plain", `<img src=x onerror="alert(1)">`, "</script><script>alert(1)</script>",
	"a+b & 'c' \"d\"", "nul\x00byte", "bad \xff\xfe utf-8", "Zürich — 東京", "__f__(x)__f__",
	"-2.61", "&amp; already", "\u2028line\u2029sep",
}

// TestRowsMatchTemplate: the rows written by rowsHTML and the page's row
// methods are byte for byte what html/template makes of the same rows with
// the template they replace.
func TestRowsMatchTemplate(t *testing.T) {
	sectionRows := template.Must(template.New("rows").Parse(`{{range .Rows}}<tr{{if .Class}} class="{{.Class}}"{{end}}>{{range .Cells}}<td{{if .Num}} class="num"{{else if .NoWrap}} class="nw"{{end}}>{{.Text}}{{if .Badge}} <span class="badge">{{.Badge}}</span>{{end}}</td>{{end}}</tr>
{{end}}`))
	eventRows := template.Must(template.New("events").Parse(`{{range .Events}}<tr><td>{{.EventID}}</td><td>{{.Firm}}</td><td>{{.Incident}}</td><td>{{.Stage}}</td><td>{{.DateGiven}}</td><td>{{.Day0}}</td><td>{{.Status}}</td><td>{{.Reason}}</td><td class="num">{{.CAR}}</td><td class="num">{{.P}}</td><td class="label">{{.Label}}</td></tr>
{{end}}`))
	exclusionRows := template.Must(template.New("x").Parse(`{{range .Exclusions}}<tr><td>{{.EventID}}</td><td>{{.Reason}}</td><td>{{.Detail}}</td></tr>
{{end}}`))
	warningRows := template.Must(template.New("w").Parse(`{{range .Warnings}}<tr><td>{{.EventID}}</td><td>{{.Code}}</td><td>{{.Message}}</td></tr>
{{end}}`))

	var tbl htmlTable
	p := &page{}
	for i, s := range hostile {
		u := hostile[(i+3)%len(hostile)]
		tbl.Rows = append(tbl.Rows, tableRow{Class: []string{"", "first", "sig"}[i%3], Cells: []tableCell{
			{Text: s}, {Text: u, Num: true}, {Text: s, NoWrap: true, Badge: u}, {Text: u, Badge: s},
		}})
		p.Events = append(p.Events, eventLine{EventRow: results.EventRow{
			EventID: s, Firm: u, Incident: s, Stage: u, DateGiven: s, Day0: u, Status: s, Reason: u, Label: s,
		}, CAR: u, P: s})
		p.Exclusions = append(p.Exclusions, results.Exclusion{EventID: s, Reason: u, Detail: s + u})
		p.Warnings = append(p.Warnings, results.Warning{EventID: u, Code: s, Message: u + s})
	}
	for _, tc := range []struct {
		name string
		tmpl *template.Template
		data any
		got  template.HTML
	}{
		{"section table", sectionRows, tbl, tbl.Body()},
		{"events", eventRows, p, p.EventRows()},
		{"exclusions", exclusionRows, p, p.ExclusionRows()},
		{"warnings", warningRows, p, p.WarningRows()},
	} {
		var want strings.Builder
		if err := tc.tmpl.Execute(&want, tc.data); err != nil {
			t.Fatal(err)
		}
		if string(tc.got) != want.String() {
			t.Errorf("%s rows differ from html/template's:\n got %q\nwant %q", tc.name, tc.got, want.String())
		}
		if strings.Contains(string(tc.got), "<img") || strings.Contains(string(tc.got), "</script>") {
			t.Errorf("%s rows let markup through: %q", tc.name, tc.got)
		}
	}
}
