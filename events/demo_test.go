package events

import (
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

// TestDemoEventsParse guards the bundled demo study: its events file (owned
// by the demo, ../testdata/demo) must parse and anchor without exclusions.
func TestDemoEventsParse(t *testing.T) {
	f, err := Load("../testdata/demo/events.csv", dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	cal := gspcCalendar(t)
	for i := range f.Events {
		if a := AnchorEvent(&f.Events[i], cal, RuleNext, DefaultMaxShift); a.Day0 < 0 {
			t.Errorf("%s excluded: %s", f.Events[i].ID, a.Log)
		}
	}
}
