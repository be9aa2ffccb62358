package inputerr

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestJSONPosition(t *testing.T) {
	var v struct{ A int }
	for _, c := range []struct {
		name      string
		in        string
		line, col int
		ok        bool
	}{
		{"syntax on line 2", "{\n  \"A\": 1,,\n}", 2, 10, true}, // the second comma
		{"type on line 3", "{\n\n\"A\": \"x\"}", 3, 8, true},    // the value's last byte
		{"first byte", "x", 1, 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(c.in), &v)
			line, col, ok := JSONPosition([]byte(c.in), err)
			if line != c.line || col != c.col || ok != c.ok {
				t.Errorf("%v: %d:%d %v, want %d:%d %v", err, line, col, ok, c.line, c.col, c.ok)
			}
		})
	}
	if _, _, ok := JSONPosition(nil, errors.New("other")); ok {
		t.Error("an error without an offset has a position")
	}
}
