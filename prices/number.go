package prices

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unsafe"
)

// Numbers as vendor exports and spreadsheets write them (issue 17):
// "$1,234.56", "1.234,56", "1 234,56", "1.2M". parseDecimal reads plain
// decimals on the hot path; the forms here are read only after it fails
// (or, in a file settled as decimal comma, instead of it, because there
// "1.234" is 1234).

// Decimal is the decimal separator convention of a file's numbers. The
// zero value means "settle it from the file" (DetectDecimal).
type Decimal string

const (
	DecimalAuto  Decimal = ""
	DecimalPoint Decimal = "point" // 1,234.56 (English)
	DecimalComma Decimal = "comma" // 1.234,56 (most of Europe)

	// decimalUnproven is a file whose sampled rows proved neither mark:
	// plain decimals read as before (1.234 is 1.234), vendor forms that
	// need the point or none too, but a cell that proves the comma
	// ("139,56", "1.234.567") is refused, as it shows the cells read
	// before it may have been misread.
	decimalUnproven Decimal = "unproven"
)

// ParseDecimalConvention reads a --decimal value.
func ParseDecimalConvention(s string) (Decimal, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return DecimalAuto, nil
	case "point", ".", "dot":
		return DecimalPoint, nil
	case "comma", ",":
		return DecimalComma, nil
	}
	return "", fmt.Errorf("unknown decimal separator %q; use point (1,234.56) or comma (1.234,56)", s)
}

// number suffixes of web tables (Investing.com, Yahoo's web pages write
// volumes as 1.2M, 345.6K, 5B): thousand, million, billion.
var suffixExp = map[byte]int{'K': 3, 'k': 3, 'M': 6, 'B': 9}

// vendorNumber reads a cell in a vendor's format under convention dec and
// returns its value, or why it is not a number. It accepts, around the
// digits: a sign ('-', '+' or U+2212) before or after a currency symbol
// ($, €, £, ¥) written first, or a currency symbol written last (after an
// optional blank); thousands separators (',' or '.' per dec, blanks: space,
// no-break space U+00A0, narrow no-break space U+202F) in groups of three;
// and a K, M or B suffix. Under DecimalAuto a cell decides for itself when
// it can: both marks (the last one is the decimal), several of one mark
// (thousands), or one mark not followed by exactly three digits (the
// decimal); "1,234" alone is ambiguous and refused. The digits are handed
// to strconv.ParseFloat with the suffix as an exponent, so the value is
// the correctly rounded one: "$1,234.56" is ParseFloat("1234.56") bit for
// bit.
func vendorNumber(b []byte, dec Decimal) (float64, string) {
	if len(b) == 0 {
		return math.NaN(), "not a number"
	}
	// s aliases b for the call only (ParseFloat gets a copy, out)
	s, neg, exp := numberAffixes(trimBlanks(unsafe.String(&b[0], len(b))))
	decMark, ok := decimalMark(s, dec)
	if !ok {
		return math.NaN(), "ambiguous"
	}
	var buf [64]byte
	out := buf[:0]
	if neg {
		out = append(out, '-')
	}
	out, why := appendNumber(out, s, decMark, len(buf))
	if why != "" {
		return math.NaN(), why
	}
	if exp > 0 {
		out = append(out, 'e', byte('0'+exp))
	}
	v, err := strconv.ParseFloat(string(out), 64)
	if err != nil || math.IsInf(v, 0) {
		return math.NaN(), "not a number"
	}
	return v, ""
}

// numberAffixes cuts what surrounds a vendor number's digits: a sign
// before or after a leading currency symbol, a trailing currency symbol,
// and a K, M or B suffix (returned as a power of ten).
func numberAffixes(s string) (rest string, neg bool, exp int) {
	s, neg = cutSign(s, false)
	cur := false
	for _, c := range []string{"$", "€", "£", "¥"} {
		if strings.HasPrefix(s, c) {
			s, cur = trimBlanks(s[len(c):]), true
			break
		}
		if strings.HasSuffix(s, c) {
			s, cur = trimBlanks(s[:len(s)-len(c)]), true
			break
		}
	}
	if cur && !neg {
		s, neg = cutSign(s, neg) // "$-5": the sign after the symbol
	}
	if n := len(s); n > 1 {
		if e, ok := suffixExp[s[n-1]]; ok && s[n-2] >= '0' && s[n-2] <= '9' {
			exp, s = e, s[:n-1]
		}
	}
	return s, neg, exp
}

// cutSign cuts a leading '-', '+' or U+2212 minus from s, flipping neg
// for a minus.
func cutSign(s string, neg bool) (string, bool) {
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "+"):
		return s[1:], neg != (s[0] == '-')
	case strings.HasPrefix(s, "\u2212"):
		return s[len("\u2212"):], !neg
	}
	return s, neg
}

// decimalMark is the decimal mark of s under convention dec. Under
// DecimalAuto the cell decides: both marks (the last one is the decimal),
// several of one mark (thousands), one mark not followed by exactly three
// digits (the decimal); ok=false for the ambiguous "1,234".
func decimalMark(s string, dec Decimal) (mark byte, ok bool) {
	switch dec {
	case DecimalPoint:
		return '.', true
	case DecimalComma:
		return ',', true
	}
	nPoint, nComma, lastMark := strings.Count(s, "."), strings.Count(s, ","), strings.LastIndexAny(s, ".,")
	switch {
	case nPoint > 0 && nComma > 0:
		return s[lastMark], true
	case nPoint > 1:
		return ',', true
	case nComma > 1:
		return '.', true
	case nPoint+nComma == 1 && len(s)-lastMark-1 == 3 && s[lastMark] == ',' && strings.IndexAny(s[:lastMark], "0123456789") >= 0:
		return 0, false
	case nComma == 1:
		return ',', true
	}
	return '.', true
}

// appendNumber appends the digits of s to out as ParseFloat reads them
// (grouping marks dropped, the decimal mark as '.'), at most limit
// bytes; why says what is wrong with s otherwise.
func appendNumber(out []byte, s string, decMark byte, limit int) ([]byte, string) {
	group := byte('.')
	if decMark == '.' {
		group = ','
	}
	out, i, nd, why := appendGrouped(out, s, group, limit)
	if why != "" {
		return out, why
	}
	if i < len(s) && s[i] == decMark {
		out = append(out, '.')
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			out = append(out, s[i])
			i++
			nd++
			if len(out) >= limit {
				return out, "too long"
			}
		}
	}
	if i != len(s) || nd == 0 {
		return out, "not a number"
	}
	return out, ""
}

// appendGrouped appends the integer part of s to out: groups of three
// after the first (1-3 digits) once a grouping mark or blank appears. It
// returns where the part ends in s and how many digits it had.
func appendGrouped(out []byte, s string, group byte, limit int) (_ []byte, end, nd int, why string) {
	i, run, grouped := 0, 0, false
	for i < len(s) {
		if c := s[i]; c >= '0' && c <= '9' {
			out = append(out, c)
			run++
			nd++
			i++
			if len(out) >= limit {
				return out, i, nd, "too long"
			}
			continue
		}
		w := groupMark(s[i:], group)
		if w == 0 {
			break
		}
		// the run before a grouping mark is the first group (1-3
		// digits) or a later one (3)
		if run == 0 || run > 3 || (grouped && run != 3) {
			return out, i, nd, "misplaced thousands separator"
		}
		grouped, run = true, 0
		i += w
	}
	if grouped && run != 3 {
		return out, i, nd, "misplaced thousands separator"
	}
	return out, i, nd, ""
}

// groupMark is the byte width of the thousands separator that starts s:
// group, a space, U+00A0 (2 bytes) or U+202F (3 bytes); 0 for none.
func groupMark(s string, group byte) int {
	switch {
	case s[0] == group, s[0] == ' ':
		return 1
	case strings.HasPrefix(s, "\u00a0"):
		return len("\u00a0")
	case strings.HasPrefix(s, "\u202f"):
		return len("\u202f")
	}
	return 0
}

// trimBlanks trims spaces and the no-break spaces of web exports.
func trimBlanks(s string) string {
	for {
		t := strings.TrimSpace(s)
		t = strings.TrimPrefix(t, "\u00a0")
		t = strings.TrimSuffix(t, "\u00a0")
		t = strings.TrimPrefix(t, "\u202f")
		t = strings.TrimSuffix(t, "\u202f")
		if t == s {
			return s
		}
		s = t
	}
}

// decimalEvidence classifies one sampled value cell: which convention it
// proves ('.' or ','), or 'a' for the ambiguous "1,234" form, or 0.
func decimalEvidence(b []byte) byte {
	if _, ok := parseDecimal(b); ok {
		// a plain decimal: "139.56" proves the point; "1.234" proves
		// nothing (it is 1234 with thousands dots)
		if i := strings.IndexByte(string(b), '.'); i >= 0 && len(b)-i-1 != 3 {
			return '.'
		}
		return 0
	}
	s := string(b)
	nPoint, nComma := strings.Count(s, "."), strings.Count(s, ",")
	if nPoint+nComma == 0 {
		return 0
	}
	if _, why := vendorNumber(b, DecimalAuto); why != "" {
		if why == "ambiguous" {
			return 'a'
		}
		return 0
	}
	last := strings.LastIndexAny(s, ".,")
	switch {
	case nPoint > 0 && nComma > 0:
		return s[last]
	case nPoint > 1:
		return ','
	case nComma > 1:
		return '.'
	}
	// one mark; vendorNumber refused the ambiguous "1,234" form above,
	// so the mark is the decimal one unless three digits follow a point
	if s[last] == '.' {
		if tail := strings.TrimRight(s[last+1:], "KMBk"); len(tail) == 3 {
			return 0
		}
	}
	return s[last]
}

// vendorMarks are the bytes that make a number a vendor form.
const vendorMarks = ",$€£¥KMBk \u00a0\u202f"

// numberStyle is a file's settled decimal convention and how it was
// settled, for the file's detection line.
type numberStyle struct {
	dec      Decimal
	proof    string // a sampled cell that proves it; "" when told or unproven
	told     bool
	overrode Decimal // the --decimal the file's numbers disproved ("" = none)
}

// describe is the detection line's words for the numbers ("" for plain
// decimal points, which need none): "decimal comma (from "139,56")",
// "decimal point (from "$1,234.56")", "decimal comma (as told)".
func (n numberStyle) describe() string {
	switch {
	case n.overrode != "":
		return fmt.Sprintf("decimal %s (from %q, not --decimal %s: the flag settles ambiguous files only)", n.dec, n.proof, n.overrode)
	case n.dec == DecimalComma && n.told:
		return "decimal comma (as told)"
	case n.dec == DecimalComma:
		return fmt.Sprintf("decimal comma (from %q)", n.proof)
	case n.dec == DecimalPoint && n.told:
		return "decimal point (as told)"
	case n.dec == DecimalPoint && n.proof != "" && strings.ContainsAny(n.proof, vendorMarks):
		// a vendor form: show it (plain 139.56 needs no words)
		return fmt.Sprintf("decimal point (from %q)", n.proof)
	}
	return ""
}

// DetectDecimal settles the decimal convention of a file from its sampled
// value cells (missing values and words are ignored). "1.234,56", or a
// comma followed by other than exactly three digits ("139,56"), or
// several points ("1.234.567") prove the comma; "1,234.56", several commas
// or a point followed by other than three digits prove the point. Proof of
// both is an error naming a cell of each. Without proof the convention is
// DecimalAuto, an error if some cell has the ambiguous "1,234" form
// (thousands comma or decimal comma?), which --decimal settles. told, if
// not DecimalAuto, wins.
func DetectDecimal(samples [][]byte, told Decimal) (numberStyle, error) {
	var dd decimalDetector
	for _, s := range samples {
		dd.add(s, 0, 0)
	}
	return dd.result(told)
}

// decimalDetector gathers DetectDecimal's evidence cell by cell, keeping
// the first cell of each kind (copied: callers reuse their buffers) and
// where it is, for the error's line and column.
type decimalDetector struct {
	point, comma, ambig []byte
	at                  [3][2]int // line, column of point, comma, ambig
}

// add looks at one cell, at line:col of its file.
func (dd *decimalDetector) add(s []byte, line, col int) {
	switch decimalEvidence(s) {
	case '.':
		// a vendor form ("$1,234.56") shows the file's style better
		// than a plain 139.56
		if dd.point == nil || (!strings.ContainsAny(string(dd.point), vendorMarks) && strings.ContainsAny(string(s), vendorMarks)) {
			dd.point, dd.at[0] = append([]byte{}, s...), [2]int{line, col}
		}
	case ',':
		if dd.comma == nil {
			dd.comma, dd.at[1] = append([]byte{}, s...), [2]int{line, col}
		}
	case 'a':
		if dd.ambig == nil {
			dd.ambig, dd.at[2] = append([]byte{}, s...), [2]int{line, col}
		}
	}
}

// errAt is the line and column result's error is about: the later of
// two contradicting cells, or the first ambiguous one.
func (dd *decimalDetector) errAt() (line, col int) {
	if dd.point != nil && dd.comma != nil {
		a, b := dd.at[0], dd.at[1]
		if a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]) {
			return a[0], a[1]
		}
		return b[0], b[1]
	}
	return dd.at[2][0], dd.at[2][1]
}

// proven reports whether a convention is proven (more cells can only add
// a contradiction, which the cells' own parse reports).
func (dd *decimalDetector) proven() bool { return dd.point != nil || dd.comma != nil }

func (dd *decimalDetector) result(told Decimal) (numberStyle, error) {
	if told != DecimalAuto {
		// --decimal settles ambiguous files; one whose numbers prove the
		// other mark (and none this one) could only fail under it, row by
		// row, so it is read with its own (docs/choices.md).
		switch {
		case told == DecimalComma && dd.point != nil && dd.comma == nil:
			return numberStyle{dec: DecimalPoint, proof: string(dd.point), overrode: told}, nil
		case told == DecimalPoint && dd.comma != nil && dd.point == nil:
			return numberStyle{dec: DecimalComma, proof: string(dd.comma), overrode: told}, nil
		}
		return numberStyle{dec: told, told: true}, nil
	}
	switch {
	case dd.point != nil && dd.comma != nil:
		return numberStyle{}, fmt.Errorf("numbers %q (decimal point) and %q (decimal comma) contradict each other", dd.point, dd.comma)
	case dd.comma != nil:
		return numberStyle{dec: DecimalComma, proof: string(dd.comma)}, nil
	case dd.point != nil:
		return numberStyle{dec: DecimalPoint, proof: string(dd.point)}, nil
	case dd.ambig != nil:
		return numberStyle{}, &AmbiguousDecimalError{Sample: string(dd.ambig)}
	}
	return numberStyle{}, nil
}

// AmbiguousDecimalError is DetectDecimal's error for a file whose numbers
// read both ways ("1,234": 1234 or 1.234).
type AmbiguousDecimalError struct{ Sample string }

func (e *AmbiguousDecimalError) Error() string {
	return fmt.Sprintf("numbers like %q could have a thousands comma or a decimal comma", e.Sample)
}

// DecimalHint is what to do about an ambiguous decimal convention.
const DecimalHint = "pass --decimal point (1,234 is 1234) or --decimal comma (1,234 is 1.234)"

// numberHint is what to do about a cell parseValueIn refused.
func numberHint(b []byte, dec Decimal) string {
	if len(b) > 5 && strings.EqualFold(string(b[:5]), "#n/a ") {
		if strings.HasPrefix(strings.ToLower(string(b)), "#n/a requesting") {
			return "Bloomberg had not filled the sheet when it was saved; let the BDH formulas finish, then save again"
		}
		return "Bloomberg could not give this field for this security (a wrong ticker or field); fix the BDH formula, or leave the cell empty for a missing value"
	}
	if dec == decimalUnproven && decimalEvidence(b) == ',' {
		return "the file's first rows did not show its decimal mark and read 1.234 as a decimal; pass --decimal comma (or --decimal point)"
	}
	if dec == decimalUnproven {
		dec = DecimalAuto
	}
	if _, why := vendorNumber(b, dec); why == "ambiguous" {
		return DecimalHint
	}
	switch dec {
	case DecimalComma:
		return "this file writes decimal commas: write a number such as 139,56 or 1.234,56, or leave the cell empty for a missing value"
	case DecimalPoint:
		if strings.ContainsAny(string(b), ",.") {
			return "this file writes decimal points: write a number such as 139.56 or 1,234.56, or leave the cell empty for a missing value"
		}
	}
	return "write a decimal number such as 139.56, or leave the cell empty for a missing value"
}
