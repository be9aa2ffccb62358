package charts

import (
	"bytes"
	"strings"
	"testing"
)

func TestStudyTitle(t *testing.T) {
	for _, c := range []struct {
		name, study, events, want string
	}{
		{"study name", "Breaches 2015-2024", "/home/alice/study/events.csv", "Breaches 2015-2024"},
		{"absolute path", "", "/home/alice/study/events.csv", "Event study: events.csv"},
		{"windows path", "", `C:\Users\bob\Documents\breaches.xlsx`, "Event study: breaches.xlsx"},
		{"relative path", "", "data/events.csv", "Event study: events.csv"},
		{"bare name", "", "events.csv", "Event study: events.csv"},
		{"trailing slash", "", "/home/alice/events/", "Event study: events"},
		{"blank name", "  ", "/tmp/x/e.csv", "Event study: e.csv"},
		{"nothing", "", "", DefaultTitle},
		{"marker", "", "/home/a/__f__ev.csv", "Event study: ev.csv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := StudyTitle(c.study, c.events); got != c.want {
				t.Errorf("StudyTitle(%q, %q) = %q, want %q", c.study, c.events, got, c.want)
			}
		})
	}
}

// TestTitleHasNoDirectory renders a results set whose manifest records an
// absolute events path, as `eventstudy report DIR` does: the page's
// <title> and heading carry the base name only.
func TestTitleHasNoDirectory(t *testing.T) {
	set := fixtureSet(t)
	set.Manifest.Config["events"] = "/home/alice/private/breaches/events.csv"
	var buf bytes.Buffer
	if err := Render(&buf, set, Options{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"<title>Event study: events.csv</title>", "<h1>Event study: events.csv</h1>"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	head := page[:strings.Index(page, "</h1>")]
	if strings.Contains(head, "/home/alice") {
		t.Error("the title or heading carries the events file's directory")
	}
}
