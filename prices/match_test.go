package prices

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSymbolMatch(t *testing.T) {
	tests := []struct {
		want  string
		have  []string
		names []string
		level string
	}{
		{"TMUS", []string{"GSPC", "TMUS", "tmus"}, []string{"TMUS"}, MatchExact},
		{"tmus", []string{"GSPC", "TMUS"}, []string{"TMUS"}, MatchCase},
		{"Tmus", []string{"TMUS", "tmus"}, []string{"TMUS", "tmus"}, MatchCase},
		{"BRK.B", []string{"BRK-A", "BRK-B"}, []string{"BRK-B"}, MatchKey},
		{"BRK/B", []string{"BRK.B"}, []string{"BRK.B"}, MatchKey},
		{"brk b", []string{"BRK-B"}, []string{"BRK-B"}, MatchKey},
		{"BRK_B", []string{"BRK-B", "BRK.B"}, []string{"BRK-B", "BRK.B"}, MatchKey},
		{"^GSPC", []string{"GSPC"}, []string{"GSPC"}, MatchKey},
		{"GSPC", []string{"^GSPC"}, []string{"^GSPC"}, MatchKey},
		{"NASDAQ:TMUS", []string{"TMUS"}, []string{"TMUS"}, MatchKey},
		{"NYSE:T", []string{"T", "TMUS"}, []string{"T"}, MatchKey},
		{"T", []string{"t.us", "T.N"}, []string{"t.us", "T.N"}, MatchKey},
		{"TMUS", []string{"TMUS.O"}, []string{"TMUS.O"}, MatchKey},
		{"TMUS US Equity", []string{"TMUS"}, []string{"TMUS"}, MatchKey},
		{"SHOP", []string{"SHOP.TO"}, nil, MatchNone},
		{"BRK.B", []string{"BRK"}, nil, MatchNone},
		{"TMSU", []string{"TMUS"}, nil, MatchNone},
	}
	for _, tc := range tests {
		t.Run(tc.want+" in "+strings.Join(tc.have, ","), func(t *testing.T) {
			names, level := SymbolMatch(tc.want, tc.have)
			if !slices.Equal(names, tc.names) || level != tc.level {
				t.Errorf("got %v %q, want %v %q", names, level, tc.names, tc.level)
			}
		})
	}
}

// TestLoadMatchesSymbols: a directory or a long/wide file reads the
// series whose name matches a wanted symbol by SymbolMatch's rules, and
// Panel.Names lists every symbol, read or not.
func TestLoadMatchesSymbols(t *testing.T) {
	tmus, err := os.ReadFile("testdata/TMUS.csv")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdir := filepath.Join(dir, "p")
	os.Mkdir(pdir, 0o755)
	for _, f := range []string{"tmus.csv", "BRK-B.csv", "gspc.csv", "VZ.csv"} {
		writeTemp(t, pdir, f, string(tmus))
	}
	long := writeTemp(t, dir, "long.csv", "symbol,date,adj_close\ntmus,2021-08-13,143.737381\nVZ,2021-08-13,52.1\nbrk-b,2021-08-13,280.1\n")
	wide := writeTemp(t, dir, "wide.csv", "Date,tmus,VZ,BRK/B\n2021-08-13,143.737381,52.1,280.1\n")
	want := map[string]bool{"TMUS": true, "BRK.B": true, "^GSPC": true}
	tests := []struct {
		path        string
		read, names []string
	}{
		{pdir, []string{"BRK-B", "gspc", "tmus"}, []string{"BRK-B", "VZ", "gspc", "tmus"}},
		{long, []string{"brk-b", "tmus"}, []string{"VZ", "brk-b", "tmus"}},
		{wide, []string{"BRK/B", "tmus"}, []string{"BRK/B", "VZ", "tmus"}},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			p, err := Load(tc.path, LoadOptions{Symbols: want})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(p.Symbols(), tc.read) || !slices.Equal(p.Names, tc.names) {
				t.Errorf("read %v names %v, want %v %v", p.Symbols(), p.Names, tc.read, tc.names)
			}
		})
	}
	// Two files of one symbol in a directory: an error naming both.
	writeTemp(t, pdir, "tmus.txt", string(tmus))
	_, err = Load(pdir, LoadOptions{Symbols: want})
	if err == nil || !strings.Contains(err.Error(), "tmus.txt: symbol tmus is also read from tmus.csv; keep one file per symbol") {
		t.Errorf("err %v", err)
	}
}

// FuzzSymbolKey: SymbolKey never panics, is idempotent, ignores ASCII
// case, and a name always matches itself exactly.
func FuzzSymbolKey(f *testing.F) {
	for _, s := range []string{"TMUS", "brk.b", "BRK-B", "NASDAQ:TMUS", "^GSPC", "tmus.us", "T.N", "TMUS US Equity", "^A:B", "X.US.US", "", ":", "^", "a b-c/d_e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := SymbolKey(s)
		if SymbolKey(k) != k {
			t.Errorf("SymbolKey(%q) = %q, but SymbolKey(%q) = %q", s, k, k, SymbolKey(k))
		}
		if isASCII(s) && SymbolKey(strings.ToLower(s)) != k {
			t.Errorf("case: %q -> %q, lower -> %q", s, k, SymbolKey(strings.ToLower(s)))
		}
		if names, level := SymbolMatch(s, []string{"X", s}); level != MatchExact || len(names) != 1 || names[0] != s {
			t.Errorf("%q does not match itself: %v %q", s, names, level)
		}
		if utf8.ValidString(s) && !utf8.ValidString(k) {
			t.Errorf("key %q of valid %q is not UTF-8", k, s)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
