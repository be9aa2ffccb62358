package regression

import (
	"fmt"
	"slices"
	"strings"
)

// Response is the one left-hand side a formula may have: the event's CAR
// over each window of the study.
const Response = "car"

// Functions a factor may apply to its column: log, log1p and sqrt of a
// numeric column, and factor() to read a numeric column as categories.
var Functions = []string{"log", "log1p", "sqrt", "factor"}

// Factor is one column of the events file, possibly transformed:
// "records", "log(records)", "factor(year)".
type Factor struct {
	Func string // "" or one of Functions
	Col  string // the column as written
	Pos  int    // 1-based position of the column name in the spec
}

func (f Factor) String() string {
	if f.Func == "" {
		return f.Col
	}
	return f.Func + "(" + f.Col + ")"
}

// Term is a product of factors: a main effect (one factor) or an
// interaction "type:log(records)".
type Term []Factor

func (t Term) String() string {
	s := make([]string, len(t))
	for i, f := range t {
		s[i] = f.String()
	}
	return strings.Join(s, ":")
}

// key identifies a term whatever the order of its factors (a:b is b:a).
func (t Term) key() string {
	s := make([]string, len(t))
	for i, f := range t {
		s[i] = strings.ToLower(f.String())
	}
	slices.Sort(s)
	return strings.Join(s, ":")
}

// Formula is a parsed spec "car ~ log(records) + type + type:log(records)".
type Formula struct {
	Terms     []Term // in the order written, a*b expanded to a + b + a:b
	Intercept bool   // false after "-1" or "+0"
}

// SyntaxError is a problem with the spec at a 1-based column.
type SyntaxError struct {
	Pos  int
	What string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("col %d: %s", e.Pos, e.What) }

// Parse reads a formula in the notation of R's lm and Wilkinson & Rogers
// (1973), the subset a CAR regression needs:
//
//	formula := "car" "~" term { ("+" | "-") term }
//	term    := prod { "*" prod }         a*b = a + b + a:b
//	prod    := factor { ":" factor }     an interaction
//	factor  := name | func "(" name ")" | "1" | "0" | "(" ... ")" is not supported
//
// "-1" or "+0" drops the intercept, "+1" keeps it, "- term" removes a
// term written before. Names are letters, digits, '_' and '.', or any
// text between backquotes (`breach type`).
func Parse(spec string) (*Formula, error) {
	p := &parser{src: spec}
	p.toks, p.err = lex(spec)
	if p.err != nil {
		return nil, p.err
	}
	return p.formula()
}

type token struct {
	kind byte // 'n' name, '1' or '0', or the operator itself; 0 at the end
	s    string
	pos  int
}

func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.IndexByte("~+-*:()", c) >= 0:
			toks = append(toks, token{kind: c, s: string(c), pos: i + 1})
			i++
		case c == '`':
			j := strings.IndexByte(s[i+1:], '`')
			if j < 0 {
				return nil, &SyntaxError{i + 1, "unclosed backquote; close the name with `"}
			}
			if strings.TrimSpace(s[i+1:i+1+j]) == "" {
				return nil, &SyntaxError{i + 1, "empty name between backquotes"}
			}
			toks = append(toks, token{kind: 'n', s: s[i+1 : i+1+j], pos: i + 2})
			i += j + 2
		case isNameByte(c):
			j := i
			for j < len(s) && isNameByte(s[j]) {
				j++
			}
			w := s[i:j]
			kind := byte('n')
			if w == "0" || w == "1" {
				kind = w[0]
			}
			toks = append(toks, token{kind: kind, s: w, pos: i + 1})
			i = j
		default:
			return nil, &SyntaxError{i + 1, fmt.Sprintf("unexpected %q; a formula is written car ~ a + log(b) + c:d", rune(c))}
		}
	}
	return append(toks, token{pos: len(s) + 1}), nil
}

func isNameByte(c byte) bool {
	return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

type parser struct {
	src  string
	toks []token
	i    int
	err  error
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

func (p *parser) fail(t token, format string, a ...any) error {
	return &SyntaxError{t.pos, fmt.Sprintf(format, a...)}
}

func (p *parser) formula() (*Formula, error) {
	lhs := p.next()
	if lhs.kind != 'n' || !strings.EqualFold(lhs.s, Response) {
		return nil, p.fail(lhs, "the formula starts with %s ~ (the CAR of each window), e.g. car ~ log(records) + type", Response)
	}
	if t := p.next(); t.kind != '~' {
		return nil, p.fail(t, "want ~ after %s", Response)
	}
	f := &Formula{Intercept: true}
	seen := map[string]bool{}
	sign := byte('+')
	for first := true; ; first = false {
		t := p.peek()
		if !first || t.kind == '-' || t.kind == '+' {
			if t.kind != '+' && t.kind != '-' {
				return nil, p.fail(t, "want + or - between terms, got %s", describe(t))
			}
			sign = p.next().kind
		}
		if t := p.peek(); t.kind == '0' || t.kind == '1' {
			p.next()
			// "+1" / "-0" keep the intercept, "-1" / "+0" drop it.
			f.Intercept = (t.kind == '1') == (sign == '+')
		} else {
			terms, err := p.term()
			if err != nil {
				return nil, err
			}
			for _, tm := range terms {
				k := tm.key()
				switch {
				case sign == '+' && !seen[k]:
					seen[k] = true
					f.Terms = append(f.Terms, tm)
				case sign == '-':
					delete(seen, k)
					f.Terms = slices.DeleteFunc(f.Terms, func(x Term) bool { return x.key() == k })
				}
			}
		}
		if p.peek().kind == 0 {
			break
		}
	}
	if len(f.Terms) == 0 && !f.Intercept {
		return nil, &SyntaxError{len(p.src) + 1, "no term left to fit; keep the intercept or name a column"}
	}
	return f, nil
}

// term reads prod { "*" prod } and expands it: A*B = A + B + A:B.
func (p *parser) term() ([]Term, error) {
	prod, err := p.prod()
	if err != nil {
		return nil, err
	}
	out := []Term{prod}
	for p.peek().kind == '*' {
		p.next()
		b, err := p.prod()
		if err != nil {
			return nil, err
		}
		n := len(out)
		out = append(out, b)
		for _, a := range out[:n] {
			out = append(out, joinTerms(a, b))
		}
	}
	return out, nil
}

// joinTerms is the interaction a:b, each factor once.
func joinTerms(a, b Term) Term {
	t := slices.Clone(a)
	for _, f := range b {
		if !slices.ContainsFunc(t, func(g Factor) bool { return strings.EqualFold(g.String(), f.String()) }) {
			t = append(t, f)
		}
	}
	return t
}

func (p *parser) prod() (Term, error) {
	var t Term
	for {
		f, err := p.factor()
		if err != nil {
			return nil, err
		}
		t = joinTerms(t, Term{f})
		if p.peek().kind != ':' {
			return t, nil
		}
		p.next()
	}
}

func (p *parser) factor() (Factor, error) {
	t := p.next()
	if t.kind == '1' || t.kind == '0' {
		return Factor{}, p.fail(t, "%s may only stand alone (-1 drops the intercept)", t.s)
	}
	if t.kind != 'n' {
		return Factor{}, p.fail(t, "want a column name, got %s", describe(t))
	}
	if p.peek().kind != '(' {
		return Factor{Col: t.s, Pos: t.pos}, nil
	}
	fn := strings.ToLower(t.s)
	if !slices.Contains(Functions, fn) {
		return Factor{}, p.fail(t, "unknown function %q; use %s", t.s, strings.Join(Functions, ", "))
	}
	p.next()
	c := p.next()
	if c.kind != 'n' {
		return Factor{}, p.fail(c, "want a column name inside %s(), got %s", fn, describe(c))
	}
	if r := p.next(); r.kind != ')' {
		return Factor{}, p.fail(r, "want ) after %s(%s, got %s", fn, c.s, describe(r))
	}
	return Factor{Func: fn, Col: c.s, Pos: c.pos}, nil
}

func describe(t token) string {
	if t.kind == 0 {
		return "the end"
	}
	return fmt.Sprintf("%q", t.s)
}

// String writes the formula back in canonical form.
func (f *Formula) String() string {
	var b strings.Builder
	b.WriteString(Response + " ~ ")
	for i, t := range f.Terms {
		if i > 0 {
			b.WriteString(" + ")
		}
		for k, fa := range t {
			if k > 0 {
				b.WriteString(":")
			}
			col := fa.Col
			if strings.ContainsFunc(col, func(r rune) bool { return r < 0x80 && !isNameByte(byte(r)) }) || col == "0" || col == "1" {
				col = "`" + col + "`"
			}
			if fa.Func != "" {
				col = fa.Func + "(" + col + ")"
			}
			b.WriteString(col)
		}
	}
	if !f.Intercept {
		if len(f.Terms) > 0 {
			b.WriteString(" ")
		}
		b.WriteString("- 1")
	}
	return b.String()
}

// Columns names each column the formula uses once, with the position of
// its first use.
func (f *Formula) Columns() []Factor {
	var out []Factor
	for _, t := range f.Terms {
		for _, fa := range t {
			if !slices.ContainsFunc(out, func(g Factor) bool { return strings.EqualFold(g.Col, fa.Col) }) {
				out = append(out, Factor{Col: fa.Col, Pos: fa.Pos})
			}
		}
	}
	return out
}
