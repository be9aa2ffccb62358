package charts

import (
	_ "embed" // the page template
	"html/template"
)

//go:embed page.html.tmpl
var pageHTML string

// pageTemplate is parsed once; html/template escapes every user string by
// context. The only unescaped insertions are template.JS values built by
// this package: the embedded echarts bundle and the json.Marshal'ed chart
// options.
var pageTemplate = template.Must(template.New("report").Parse(pageHTML))
