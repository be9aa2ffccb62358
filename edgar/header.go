package edgar

import (
	"bytes"
	"fmt"
	"time"
)

// newYork is EDGAR's clock: the SGML header's ACCEPTANCE-DATETIME is US
// Eastern wall-clock time (daylight saving by date). time/tzdata is
// embedded by package events, which this package imports.
var newYork = func() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded (events)
	}
	return loc
}()

// ErrNoAcceptance is a header without a readable ACCEPTANCE-DATETIME.
type ErrNoAcceptance struct{ Why string }

func (e *ErrNoAcceptance) Error() string { return e.Why }

// ParseHeader reads the acceptance time from a filing's SGML header
// (<accession>.hdr.sgml): the line
//
//	<ACCEPTANCE-DATETIME>20240315163005
//
// is YYYYMMDDhhmmss on the New York clock (EDGAR Public Dissemination
// Service specification, "Submission Header Format"). The result carries
// the New York location, so its offset is EDT or EST as on that date.
func ParseHeader(b []byte) (time.Time, error) {
	const tag = "<ACCEPTANCE-DATETIME>"
	i := bytes.Index(b, []byte(tag))
	if i < 0 {
		return time.Time{}, &ErrNoAcceptance{"no <ACCEPTANCE-DATETIME> in the SGML header"}
	}
	v := bytes.TrimLeft(b[i+len(tag):], " \t")
	if j := bytes.IndexAny(v, "\r\n<"); j >= 0 {
		v = v[:j]
	}
	v = bytes.TrimSpace(v)
	if len(v) != 14 {
		return time.Time{}, &ErrNoAcceptance{fmt.Sprintf("ACCEPTANCE-DATETIME %q is not YYYYMMDDhhmmss", clip(v))}
	}
	var n [6]int
	widths := [6]int{4, 2, 2, 2, 2, 2}
	at := 0
	for k, w := range widths {
		for _, c := range v[at : at+w] {
			if c < '0' || c > '9' {
				return time.Time{}, &ErrNoAcceptance{fmt.Sprintf("ACCEPTANCE-DATETIME %q is not YYYYMMDDhhmmss", clip(v))}
			}
			n[k] = n[k]*10 + int(c-'0')
		}
		at += w
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, newYork)
	// time.Date normalizes 20240230 to March 1: refuse instead. (A time in
	// the skipped hour of a spring-forward night also fails here; EDGAR
	// is closed then.)
	if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] || t.Hour() != n[3] || t.Minute() != n[4] || t.Second() != n[5] {
		return time.Time{}, &ErrNoAcceptance{fmt.Sprintf("ACCEPTANCE-DATETIME %q is not a valid New York time", clip(v))}
	}
	return t, nil
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}
