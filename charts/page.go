package charts

import (
	_ "embed" // the page template
	"html/template"
)

//go:embed page.html.tmpl
var pageHTML string

// pageTemplate is parsed once; html/template escapes every user string by
// context. The only unescaped insertions are built by this package: the
// template.JS of the embedded echarts bundle and the json.Marshal'ed chart
// options, and the template.HTML rows of the big tables (rows.go), whose
// text goes through html/template's own escaping table.
var pageTemplate = template.Must(template.New("report").Parse(pageHTML))
