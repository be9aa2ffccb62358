package events

import "testing"

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"model", "model", 0}, {"modle", "model", 1}, {"estimaton", "estimation", 1},
		{"kitten", "sitting", 3}, {"", "car", 3}, {"ca", "abc", 3},
	}
	for _, c := range cases {
		if got := EditDistance(c.a, c.b); got != c.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
