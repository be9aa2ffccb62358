package prices

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/breachlab/eventstudy/dates"
)

// dateSampleLines is how many rows after the header are inspected to settle
// the order of slash dates.
const dateSampleLines = 2000

// rowSample is what the first rows after the header show: their date
// cells, the decimal convention of their value cells, the length of the
// first symbol's run (a long file's series size hint) and of a line.
type rowSample struct {
	dates     [][]byte
	firstDate []byte
	firstLine int
	dd        decimalDetector
	rowsHint  int
	lineLen   int

	firstSym []byte // a long file's first symbol, until its run ends
	symDone  bool
}

// sample settles the date format and the decimal convention from the
// first rows after the header.
func (fl *fileLoad) sample() bool {
	s := fl.sampleRows()
	fl.rowsHint, fl.lineLen = s.rowsHint, s.lineLen
	fl.dateFmt = fl.opt.DateFormat
	if len(s.dates) > 0 {
		df, err := dates.DetectDateFormat(s.dates)
		var amb *dates.AmbiguousDateError
		switch {
		case df == dates.DateExcel:
			// serials, whatever order --date-format names
			fl.dateFmt = df
		case fl.dateFmt != dates.DateAuto:
			if od, proof := dates.OverrideOrder(s.dates, fl.dateFmt); od != "" {
				fl.fr.notes = append(fl.fr.notes, fmt.Sprintf("%s: dates prove %s (%q), not --date-format %s: read as %s (the flag settles ambiguous dates only)",
					fl.path, dates.DescribeDate(proof, od), proof, fl.dateFmt, dates.DescribeDate(proof, od)))
				fl.dateFmt = od
			}
		case errors.As(err, &amb):
			fl.c.add(s.firstLine, 0, fmt.Sprintf("dates like %s could be %s", quoteField([]byte(amb.Sample)), amb.Orders),
				"pass --date-format mdy or --date-format dmy")
			return false
		case err != nil:
			fl.c.add(s.firstLine, 0, err.Error(), "pass --date-format mdy or --date-format dmy")
			return false
		default:
			fl.dateFmt = df
		}
	}
	var err error
	if fl.numStyle, err = s.dd.result(fl.opt.Decimal); err != nil {
		line, col := s.dd.errAt()
		fl.c.add(line, col, err.Error(), DecimalHint)
		return false
	}
	if fl.numStyle.dec == DecimalAuto {
		fl.numStyle.dec = decimalUnproven
	}
	fl.firstDate = dates.DescribedSample(s.dates, s.firstDate, fl.dateFmt)
	return true
}

// sampleRows reads up to dateSampleLines rows from the first 256 KiB
// after the header.
func (fl *fileLoad) sampleRows() *rowSample {
	s := &rowSample{}
	peek := make([]byte, min(fl.size-fl.start, 256<<10))
	n, _ := fl.src.ReadAt(peek, fl.start)
	peek = peek[:n]
	s.lineLen = len(peek) / max(1, bytes.Count(peek, []byte{'\n'}))
	ps := &splitter{delim: fl.sp.delim}
	lines := bytes.Split(peek, []byte{'\n'})
	// the peek's last line is cut short unless it reaches the end:
	// its cells ("4442" of an Excel serial 44424, "1,23" of
	// "1,234.56") are no evidence of a date layout or decimal mark
	partial := int64(len(peek)) < fl.size-fl.start
	for i, l := range lines {
		if len(s.dates) >= dateSampleLines || (partial && i > 0 && i == len(lines)-1) {
			break
		}
		l = trimEOL(l)
		if blank(l, fl.sp.delim) {
			continue
		}
		if _, err := ps.split(l); err != nil || len(ps.fields) <= fl.L.dateCol {
			continue
		}
		s.add(ps, fl.headerLine+1+i, fl.L)
	}
	return s
}

// add takes one sampled row, split in ps, on line.
func (s *rowSample) add(ps *splitter, line int, L layout) {
	if s.firstDate == nil {
		s.firstDate = append([]byte(nil), ps.fields[L.dateCol]...)
		s.firstLine = line
	}
	s.dates = append(s.dates, append([]byte(nil), ps.fields[L.dateCol]...))
	if !s.dd.proven() { // also when told: a proof of the other mark overrides --decimal (decimalDetector.result)
		for j, f := range ps.fields {
			if j != L.dateCol && j != L.symCol {
				s.dd.add(f, line, ps.cols[j])
			}
		}
	}
	if L.kind == "long" && !s.symDone && L.symCol < len(ps.fields) {
		switch sym := ps.fields[L.symCol]; {
		case s.firstSym == nil:
			s.firstSym = append([]byte{}, sym...)
			s.rowsHint = 1
		case bytes.Equal(sym, s.firstSym):
			s.rowsHint++
		default:
			s.symDone = true
		}
	}
}
