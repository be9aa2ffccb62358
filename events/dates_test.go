package events

import (
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

// TestEventDateLayouts: an events file accepts the date layouts price
// files do (dates/layout.go): T-Mobile's confirmation, 2021-08-16,
// and a second event on 2021-01-04, written as spreadsheets and other
// tools write them.
func TestEventDateLayouts(t *testing.T) {
	cases := []struct {
		name      string
		tmus, jan string // the two date cells
		format    dates.DateFormat
		err       string // "" = both dates read
	}{
		{"unpadded M/D proved", "8/16/2021", "1/4/2021", "", ""},
		{"unpadded D/M proved", "16/8/2021", "4/1/2021", "", ""},
		{"unpadded mdy told", "8/16/2021", "1/4/2021", dates.DateUS, ""},
		{"unpadded ambiguous", "8/2/2021", "1/4/2021", "", `date column: dates like "8/2/2021" could be M/D/YYYY or D/M/YYYY; pass --date-format mdy or dmy`},
		{"dashed M-D proved", "08-16-2021", "01-04-2021", "", ""},
		{"year first unpadded", "2021/8/16", "2021/1/4", dates.DateEU, ""},
		{"month names", `"Aug 16, 2021"`, `"January 4, 2021"`, "", ""},
		{"month names under dmy", "16 Aug 2021", "4-Jan-2021", dates.DateEU, ""},
		{"Stata", "16aug2021", "04jan2021", dates.DateUS, ""},
		{"pandas midnight", "2021-08-16 00:00:00", "2021-01-04 00:00:00", "", ""},
		{"Excel serials", "44424", "44200", "", ""},
		{"Excel serials under mdy", "44424", "44200.0", dates.DateUS, ""},
		{"two-digit year", "8/16/21", "1/4/2021", dates.DateUS, `two-digit year`},
		{"Feb 30", `"Feb 30, 2021"`, "2021-01-04", "", `date "Feb 30, 2021": no such calendar date`},
		// --date-format is for ambiguous inputs and applies to every file: a
		// column whose own dates prove the other order (a part above 12)
		// is read in that order, as the flag could only make it fail.
		{"D/M proved under mdy", "16/08/2021", "04/01/2021", dates.DateUS, ""},
		{"M/D proved under dmy", "08/16/2021", "01/04/2021", dates.DateEU, ""},
		{"contradicting orders under mdy", "08/16/2021", "13/01/2021", dates.DateUS, `no such calendar date`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := "event_id,firm,date\ntmus,TMUS," + c.tmus + "\njan,TMUS," + c.jan + "\n"
			f, err := Parse("ev.csv", []byte(data), c.format)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Events[0].Date.String(); got != "2021-08-16" {
				t.Errorf("tmus date %s, want 2021-08-16", got)
			}
			if got := f.Events[1].Date.String(); got != "2021-01-04" {
				t.Errorf("jan date %s, want 2021-01-04", got)
			}
		})
	}
}
