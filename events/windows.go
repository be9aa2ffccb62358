package events

import (
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/dates"
)

// Columns of per-event windows (docs/inputs.md "Per-event windows"): they
// override the study's --estimation and --window for their event.
const (
	ColEstStart = "est_start" // first estimation day: a relative day (-250) or a date
	ColEstEnd   = "est_end"   // last estimation day: a relative day (-11) or a date
	ColWindow   = "window"    // event window as two relative days: "-5,5"
)

// Bound is a per-event window bound as written: a relative trading day
// or a date (which the study turns into a trading day of its calendar).
type Bound struct {
	Set    bool
	IsDate bool
	Rel    int
	Date   dates.Day
}

func (b Bound) String() string {
	switch {
	case !b.Set:
		return ""
	case b.IsDate:
		return b.Date.String()
	}
	return strconv.Itoa(b.Rel)
}

// readBound reads an est_start or est_end cell: a whole number is a
// relative trading day, anything else must be a date in the file's date
// format. An empty cell leaves the study's bound.
func readBound(s string, f dates.DateFormat) (Bound, string) {
	if s == "" {
		return Bound{}, ""
	}
	if n, err := strconv.Atoi(s); err == nil && len(strings.TrimLeft(s, "+-")) < 6 {
		return Bound{Set: true, Rel: n}, ""
	}
	d, err := dates.ParseDate([]byte(s), f)
	if err != nil {
		return Bound{}, "not a relative trading day or a date"
	}
	return Bound{Set: true, IsDate: true, Date: d}, ""
}

// readWindow reads a window cell "t1,t2" (also "t1:t2", "t1;t2" or
// "t1 t2", in parentheses or brackets).
func readWindow(s string) (w [2]int, ok bool) {
	t := strings.Trim(strings.TrimSpace(s), "()[]")
	i := strings.IndexAny(t, ",:; ")
	if i < 0 {
		return w, false
	}
	a, err1 := strconv.Atoi(strings.TrimSpace(t[:i]))
	b, err2 := strconv.Atoi(strings.TrimSpace(t[i+1:]))
	if err1 != nil || err2 != nil || a > b {
		return w, false
	}
	return [2]int{a, b}, true
}
