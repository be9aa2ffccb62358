// Package analysis holds the normal-return models, abnormal returns,
// cumulative and buy-and-hold abnormal returns, single-event inference and
// the group aggregation rules of docs/methodology.md.
package analysis

import (
	"fmt"
	"strconv"
	"strings"
)

// Window is an inclusive range of relative trading days (t1,t2).
type Window struct{ T1, T2 int }

// Len is the number of days in the window.
func (w Window) Len() int { return w.T2 - w.T1 + 1 }

// String formats the window as in the output contract: "-1,1".
func (w Window) String() string {
	// strconv, not Sprintf: car.csv names a window on every row
	var b [42]byte
	out := append(strconv.AppendInt(b[:0], int64(w.T1), 10), ',')
	return string(strconv.AppendInt(out, int64(w.T2), 10))
}

// Contains reports whether v lies within w.
func (w Window) Contains(v Window) bool { return w.T1 <= v.T1 && v.T2 <= w.T2 }

// ParseWindow reads "t1,t2" (also "t1:t2" or "(t1,t2)").
func ParseWindow(s string) (Window, error) {
	t := strings.Trim(strings.TrimSpace(s), "()[]")
	sep := strings.IndexAny(t, ",:")
	if sep < 0 {
		return Window{}, fmt.Errorf("window %q: want two relative days like -1,1", s)
	}
	a, err1 := strconv.Atoi(strings.TrimSpace(t[:sep]))
	b, err2 := strconv.Atoi(strings.TrimSpace(t[sep+1:]))
	if err1 != nil || err2 != nil {
		return Window{}, fmt.Errorf("window %q: want two whole relative days like -1,1", s)
	}
	if a > b {
		return Window{}, fmt.Errorf("window %q: first day is after the last", s)
	}
	return Window{a, b}, nil
}
