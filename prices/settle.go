package prices

import (
	"fmt"
	"io"
	"math"
)

// settled is what the finishing stage of loadFile decided about a file's
// values: prices or returns, the returns' unit, and how each was settled
// (for the detection line).
type settled struct {
	isReturn bool
	unit     ReturnsUnit
	kindHow  string // "from the column name", "as told", "guessed from the data: ..."
	unitHow  string // "from the column name", "as told (--returns-unit)", "by size: ..."
}

// settleValues decides prices vs returns and the returns' unit of the
// parsed values, rewrites CRSP's coded values (numeric missing-return
// codes, negative PRC) and refuses what cannot be read without a guess:
// a percent-like returns column without a unit (--returns-unit, or the
// file's own flag: opt.UnitFlag), and a simple return below -100 %.
// ok=false when it reported a problem to c.
func settleValues(path string, L layout, opt LoadOptions, names []string, bs []*builder, c *collector, headerLine, headerCol int,
	codes map[string]int, notes *[]string, lines func(below float64) []valueHit) (st settled, ok bool) {
	at := valueHeader{c: c, line: headerLine, col: headerCol, name: "the value columns"}
	if L.kind != "wide" {
		at.name = fmt.Sprintf("column %q", names[L.valCol])
	}
	if st, ok = settleKind(L, opt, bs, at); !ok {
		return st, false
	}
	if L.absPrice && !st.isReturn {
		if n := absMidpoints(bs); n > 0 {
			*notes = append(*notes, fmt.Sprintf("%s: %d negative PRC values (CRSP's bid/ask midpoint on days without a trade) taken as |PRC|", path, n))
		}
	}
	if !st.isReturn {
		return st, true
	}
	if L.crsp {
		crspCodesMissing(bs, codes)
	}
	if len(codes) > 0 {
		*notes = append(*notes, crspCodesNote(path, names[L.valCol], codes))
	}
	ok = settleUnit(&st, L, opt, bs, at)
	if !possibleReturns(st.unit, opt.unitFlag(), bs, at, lines) {
		ok = false
	}
	return st, ok
}

// valueHeader is where settleValues reports a problem of the values as
// a whole: the value column's header cell, and its name in words.
type valueHeader struct {
	c         *collector
	line, col int
	name      string
}

func (at valueHeader) add(what, hint string) { at.c.add(at.line, at.col, what, hint) }

// settleKind decides prices vs returns: from the column name, as told
// (--kind), or guessed from the data (looksLikeReturns); mostly negative
// values that are not returns by size are refused without a unit.
func settleKind(L layout, opt LoadOptions, bs []*builder, at valueHeader) (st settled, ok bool) {
	st.isReturn, st.kindHow = L.isReturn, "from the column name"
	switch {
	case L.kindKnown && opt.Kind != KindAuto:
		st.kindHow = "as told"
	case !L.kindKnown:
		st.isReturn = looksLikeReturns(bs)
		st.kindHow = "guessed from the data: " + map[bool]string{true: "negative values, all below 1 in size", false: "no negative values"}[st.isReturn]
		if neg := negativeShare(bs); !st.isReturn && neg >= 0.2 {
			// Prices are never negative: these are returns, in a
			// unit the data cannot prove.
			if opt.ReturnsUnit == UnitAuto {
				f := opt.unitFlag()
				at.add(fmt.Sprintf("%s: %.0f %% of the values are negative, so they are returns, not prices, and some are 1 or more in size (median |r| = %.3g): percent or decimal cannot be told", at.name, 100*neg, medianAbs(bs)),
					fmt.Sprintf("say the unit: %s percent (-2.9 means -2.9 %%), decimal (-0.029 means -2.9 %%) or log", f))
				return st, false
			}
			st.isReturn, st.kindHow = true, fmt.Sprintf("as told by %s (%.0f %% negative values: not prices)", opt.unitFrom(), 100*neg)
		}
	}
	return st, true
}

// absMidpoints takes a negative CRSP PRC as |PRC|: CRSP marks the
// bid/ask midpoint of a day without a trade by its sign. It returns how
// many it changed.
func absMidpoints(bs []*builder) int {
	n := 0
	for _, b := range bs {
		if b == nil {
			continue
		}
		for i, v := range b.vals {
			if v < 0 {
				b.vals[i] = -v
				n++
			}
		}
	}
	return n
}

// crspCodesMissing turns CRSP's numeric missing-return codes into
// missing values, counted by code letter in codes.
func crspCodesMissing(bs []*builder, codes map[string]int) {
	for _, b := range bs {
		if b == nil {
			continue
		}
		for i, v := range b.vals {
			if l, isCode := crspNumeric[v]; isCode {
				b.vals[i] = math.NaN()
				codes[l]++
			}
		}
	}
}

// settleUnit decides the returns' unit: as told, log by the column's
// name, else decimal when the median |r| is below percentScale. A
// percent-like name or size is refused: the unit must be told, by the
// file's own flag (opt.UnitFlag), which the messages name.
func settleUnit(st *settled, L layout, opt LoadOptions, bs []*builder, at valueHeader) bool {
	med := medianAbs(bs)
	flag, from := opt.unitFlag(), opt.unitFrom()
	// The detection line states the rule, not the file's median, so the
	// files of a directory share one line.
	st.unit, st.unitHow = UnitDecimal, fmt.Sprintf("by size: median |r| below %g", percentScale)
	unitHint := fmt.Sprintf("say the unit: %s percent (-2.9 means -2.9 %%) or %s decimal (-0.029 means -2.9 %%)", flag, flag)
	switch {
	case opt.ReturnsUnit == UnitPercent && contradictsPercent(bs):
		at.add(fmt.Sprintf("%s: told %s percent, but the largest |r| is %.3g: as percent no day moved half a percent; these are decimal returns", at.name, from, maxAbsValue(bs)),
			percentContradictedHint(flag, from))
		return false
	case opt.ReturnsUnit != UnitAuto:
		st.unit, st.unitHow = opt.ReturnsUnit, "as told ("+from+")"
		if from != flag {
			st.unitHow = fmt.Sprintf("as told (%s, without %s)", from, flag)
		}
	case L.logName:
		st.unit, st.unitHow = UnitLog, "from the column name"
	case L.pctName:
		at.add(fmt.Sprintf("%s is named like percent returns (median |r| = %.3g; a decimal daily return's is about 0.01, a percent one's about 1)", at.name, med), unitHint)
		return false
	case med > percentScale:
		at.add(fmt.Sprintf("returns in %s look like percent: median |r| = %.3g, where a decimal daily return's is about 0.01", at.name, med), unitHint)
		return false
	}
	return true
}

// percentContradictedHint is the way out of a file told percent (by flag
// from; its own flag is flag) that holds decimals. --returns-unit is every
// file's unit but a --market file's given --market-returns-unit, so a
// percent market file beside decimal firm returns takes the latter.
func percentContradictedHint(flag, from string) string {
	switch {
	case from != flag:
		return fmt.Sprintf("without %s this file takes %s's unit: pass %s decimal", flag, from, flag)
	case flag == "--returns-unit":
		return "--returns-unit is the unit of the firm files (and of a --market file without --market-returns-unit): drop it if they hold decimals; a percent market file takes --market-returns-unit percent (or convert the percent file to decimals, or give that series as prices)"
	}
	return fmt.Sprintf("%s is this file's unit only: drop it if the file holds decimals", flag)
}

// possibleReturns refuses simple returns below -100 % in unit (below
// unitFloor), listing the first few cells (lines) and a count; flag is the
// flag that sets the file's unit, for the hint.
func possibleReturns(unit ReturnsUnit, flag string, bs []*builder, at valueHeader, lines func(below float64) []valueHit) bool {
	floor := unitFloor(unit)
	below := 0
	for _, b := range bs {
		if b == nil {
			continue
		}
		for _, v := range b.vals {
			if v < floor {
				below++
			}
		}
	}
	if below == 0 {
		return true
	}
	hint := fmt.Sprintf("if the column holds percent, pass %s percent; log returns: %s log", flag, flag)
	what := "below -1 (-100 %%), impossible for a decimal simple return"
	if unit == UnitPercent {
		hint, what = fmt.Sprintf("check the value; log returns: %s log (in decimals)", flag), "below -100 (%%), impossible for a simple return in percent"
	}
	hits := lines(floor)
	for _, h := range hits {
		at.c.add(h.line, h.col, fmt.Sprintf("return %s in column %q is "+what, quoteField([]byte(h.text)), h.name), hint)
	}
	if len(hits) < below {
		at.c.add(0, 0, fmt.Sprintf("%s has %d returns "+what+" (%d listed above)", at.name, below, len(hits)), hint)
	}
	return false
}

// valueHit is a cell found by valueLines.
type valueHit struct {
	line, col  int
	text, name string
}

// valueLines reads the data rows src[start:end] (after line before) again
// and returns the cells of cols holding a number below floor, at most
// limit. It runs only for a file being refused.
func (p *rowParser) valueLines(src io.ReaderAt, start, end int64, before int, cols []int, floor float64, limit int) []valueHit {
	ls := newLineScanner(src, start, end, nil)
	sp := splitter{delim: p.sp.delim}
	var hits []valueHit
	for len(hits) < limit {
		line, ok := ls.next()
		if !ok {
			break
		}
		if len(line) == 0 || blank(line, sp.delim) {
			continue
		}
		if _, err := sp.split(line); err != nil || len(sp.fields) != p.nf {
			continue
		}
		if p.L.kind == "long" && p.filter != nil && !p.filter.has(string(sp.fields[p.L.symCol])) {
			continue
		}
		for _, k := range cols {
			if v, st := parseValueIn(sp.fields[k], p.dec); st == valueOK && v < floor && len(hits) < limit {
				hits = append(hits, valueHit{line: before + ls.line, col: sp.cols[k], text: string(sp.fields[k]), name: p.names[k]})
			}
		}
	}
	return hits
}

// detailLine is the detection line of a file (Panel.Detail): layout,
// how the file is read (how: its delimiter and date format), the column
// used and its unit, and how each was settled.
func detailLine(L layout, st settled, names []string, how string, single bool) string {
	var v string
	if st.isReturn {
		v = fmt.Sprintf("returns, %s; %s, %s", st.kindHow, unitWords(st.unit), st.unitHow)
	} else {
		adj := L.adjWords
		if adj == "" {
			adj = "adjustment not stated"
		}
		v = fmt.Sprintf("prices, %s, %s", st.kindHow, adj)
		if L.over != "" {
			v += fmt.Sprintf(", chosen over unadjusted %q", L.over)
		}
		if L.absPrice {
			v += ", negative PRC (bid/ask midpoint) taken as |PRC|"
		}
	}
	for _, n := range L.ignored {
		v += fmt.Sprintf("; %q ignored", n)
	}
	src := ""
	if L.source != "" {
		src = " (" + L.source + ")"
	}
	switch L.kind {
	case "long":
		return fmt.Sprintf("long file%s, %s, symbol column %q, value column %q (%s)", src, how, names[L.symCol], names[L.valCol], v)
	case "wide":
		return fmt.Sprintf("wide file, %s, %d ticker columns (%s)", how, len(names)-1, v)
	}
	d := fmt.Sprintf("%s, column %q (%s)", how, names[L.valCol], v)
	if src != "" {
		d = L.source + ", " + d
	}
	if !single {
		d = "yahoo-file, " + d
	}
	return d
}

// contradictsPercent reports whether returns told to be percent are
// decimals by size: 20 or more values and none of 0.5 or more in size. As
// percent that is a series in which no day moved half a percent, which no
// stock or index does over a study's windows; as decimals it is any
// ordinary series (|r| >= 50 % in a day is rare). --returns-unit was once
// every file's unit, so a percent market file beside a CRSP RET file
// divided RET by 100 without a word (TestReturnsUnitContradicted); such a
// market file now takes --market-returns-unit, and the check still stops
// a unit told for the wrong file.
func contradictsPercent(bs []*builder) bool {
	n, big := 0, false
	for _, b := range bs {
		if b == nil {
			continue
		}
		for _, v := range b.vals {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			n++
			big = big || math.Abs(v) >= 0.5
		}
	}
	return n >= 20 && !big
}

// maxAbsValue is the largest finite |value| of bs.
func maxAbsValue(bs []*builder) float64 {
	m := 0.0
	for _, b := range bs {
		if b == nil {
			continue
		}
		for _, v := range b.vals {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				m = max(m, math.Abs(v))
			}
		}
	}
	return m
}
