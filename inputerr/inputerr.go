// Package inputerr is the error type of every input file: one problem
// at a file position with what to do about it, and the list a loader
// collects in one pass over its inputs.
package inputerr

import (
	"fmt"
	"strings"
)

// InputError is one problem with an input file, reported as
// "file:line[:column]: what is wrong; what to do". Line and Column are
// 1-based; zero means unknown (the error is about the whole file).
type InputError struct {
	File   string
	Line   int
	Column int
	What   string
	Hint   string
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.What)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// MaxReported caps how many problems of one file are listed; the rest are
// counted.
const MaxReported = 20

// InputErrors collects every problem found in one pass over the inputs.
type InputErrors []*InputError

func (es InputErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == MaxReported {
			fmt.Fprintf(&b, "\n... and %d more problems", len(es)-MaxReported)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Add appends a problem.
func (es *InputErrors) Add(file string, line, col int, what, hint string) {
	*es = append(*es, &InputError{File: file, Line: line, Column: col, What: what, Hint: hint})
}

// Err returns nil when no problem was collected, so callers can
// `return es.Err()` without the typed-nil-interface trap.
func (es InputErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}
