package inputerr

import (
	"fmt"
	"strings"
	"testing"
)

func TestInputErrorFormat(t *testing.T) {
	cases := []struct {
		name string
		e    InputError
		want string
	}{
		{"whole file", InputError{File: "prices.csv", What: "empty file"}, "prices.csv: empty file"},
		{"line", InputError{File: "e.csv", Line: 3, What: "bad date", Hint: "use YYYY-MM-DD"}, "e.csv:3: bad date; use YYYY-MM-DD"},
		{"line and column", InputError{File: "e.csv", Line: 3, Column: 7, What: "bad date"}, "e.csv:3:7: bad date"},
		{"column without line", InputError{File: "e.csv", Column: 7, What: "x", Hint: "y"}, "e.csv: x; y"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.e.Error(); got != c.want {
				t.Errorf("Error() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestInputErrorsCap(t *testing.T) {
	cases := []struct {
		name      string
		n         int
		wantLines int
		wantTail  string
	}{
		{"one", 1, 1, "f:1: p0"},
		{"at the cap", MaxReported, MaxReported, fmt.Sprintf("f:%d: p%d", MaxReported, MaxReported-1)},
		{"above the cap", MaxReported + 5, MaxReported + 1, "... and 5 more problems"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var es InputErrors
			for i := range c.n {
				es.Add("f", i+1, 0, fmt.Sprintf("p%d", i), "")
			}
			lines := strings.Split(es.Error(), "\n")
			if len(lines) != c.wantLines || lines[len(lines)-1] != c.wantTail {
				t.Errorf("%d lines ending %q, want %d ending %q", len(lines), lines[len(lines)-1], c.wantLines, c.wantTail)
			}
		})
	}
}

// Err is a nil interface when nothing was collected (the typed-nil trap).
func TestInputErrorsErr(t *testing.T) {
	var es InputErrors
	if err := es.Err(); err != nil {
		t.Fatalf("empty Err() = %v, want nil", err)
	}
	es.Add("f", 2, 1, "what", "hint")
	err := es.Err()
	if err == nil || err.Error() != "f:2:1: what; hint" {
		t.Fatalf("Err() = %v, want f:2:1: what; hint", err)
	}
}
