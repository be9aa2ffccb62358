package charts

import (
	"strings"
)

// DefaultTitle heads a report whose study has neither a name nor an
// events file.
const DefaultTitle = "Event study report"

// StudyTitle is a report's title: the study's name when it has one, else
// "Event study: " and the events file's base name. A report is shared
// with co-authors, so the title never carries a directory (a home
// directory ended up in reports): both / and \ separate directories here,
// since a results directory written on Windows is read elsewhere.
func StudyTitle(name, events string) string {
	if n := strings.TrimSpace(clean(name)); n != "" {
		return n
	}
	if b := baseName(events); b != "" {
		return "Event study: " + b
	}
	return DefaultTitle
}

// baseName is the last element of a / or \ separated path, "" for none.
func baseName(p string) string {
	p = strings.TrimRight(strings.TrimSpace(clean(p)), `/\`)
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	return p
}

// titleFromConfig is the title of a results directory whose caller gave
// none: the manifest config's "name", else its events file's base name.
func titleFromConfig(cfg map[string]any) string {
	name, _ := cfg["name"].(string)
	events, _ := cfg["events"].(string)
	return StudyTitle(name, events)
}
