package inputerr

import (
	"bytes"
	"encoding/json"
	"errors"
)

// JSONPosition is the line and column (from 1) in b of a JSON syntax or
// type error from encoding/json; ok is false for an error without an
// offset. An offset past the end is the end.
func JSONPosition(b []byte, err error) (line, col int, ok bool) {
	var off int64
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	default:
		return 0, 0, false
	}
	off = min(max(off, 0), int64(len(b)))
	before := b[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = max(int(off)-(bytes.LastIndexByte(before, '\n')+1), 1)
	return line, col, true
}
