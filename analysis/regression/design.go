package regression

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// InterceptTerm names the intercept's column and regression.csv row.
const InterceptTerm = "intercept"

// Column is one attribute of the events: Num for a numeric column (NaN
// where missing), else Text ("" where missing).
type Column struct {
	Name string
	Num  []float64
	Text []string
}

// Design is the regressor matrix of a formula on a set of observations.
type Design struct {
	Terms []string    // one name per column of X: InterceptTerm, "log(records)", "type=hack", "type=hack:log(records)"
	X     [][]float64 // one row per kept observation
	Rows  []int       // the index of each kept observation
	// Dropped counts the observations left out, by reason ("records
	// missing", "log(records) undefined (records <= 0)"), in order of
	// first occurrence.
	Dropped []Drop
	// Bases are the base level of each categorical column, "type=hack";
	// Empty names terms that gave no column (a text column with one level).
	Bases, Empty []string
}

// Drop is a count of observations left out for one reason.
type Drop struct {
	Reason string
	N      int
}

// Fold is the form in which column names are compared: case, spaces and
// '-' do not matter ("Breach Type" is breach_type), as in the events file.
func Fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s)
}

// Build makes the design of f over n observations whose attributes are
// cols. base maps a folded column name to the level its dummies are
// measured against; without it the base is the first level in sort order
// (numbers numerically), as R's treatment contrasts. Each term is the
// product of its factors' codings: a number (transformed), or one 0/1
// dummy per level but the base; without an intercept the first
// categorical main effect keeps every level. An observation with a
// missing or undefined value in any factor is left out and counted.
func Build(f *Formula, cols []Column, n int, base map[string]string) (*Design, error) {
	byName := map[string]*Column{}
	for i := range cols {
		byName[Fold(cols[i].Name)] = &cols[i]
	}
	vals, err := evalFactors(f, byName, n)
	if err != nil {
		return nil, err
	}
	d := &Design{}
	keep := d.keepRows(f, vals, n)
	levels, err := d.levelsOf(vals, keep, base)
	if err != nil {
		return nil, err
	}
	var names []string
	var columns [][]float64 // by observation index
	if f.Intercept {
		names = append(names, InterceptTerm)
		columns = append(columns, constant(n, 1))
	}
	full := !f.Intercept // first categorical main effect: every level
	for _, t := range f.Terms {
		tn, tc := []string{""}, [][]float64{constant(n, 1)}
		for _, fa := range t {
			v := vals[fa.String()]
			fn, fc := v.coding(levels[Fold(fa.Col)], full && len(t) == 1)
			if v.text != nil && len(t) == 1 {
				full = false
			}
			tn, tc = cross(tn, tc, fn, fc)
		}
		if len(tn) == 0 {
			d.Empty = append(d.Empty, t.String())
		}
		names = append(names, tn...)
		columns = append(columns, tc...)
	}
	d.Terms = names
	for _, i := range keep {
		row := make([]float64, len(columns))
		for j, c := range columns {
			row[j] = c[i]
		}
		d.X = append(d.X, row)
	}
	d.Rows = keep
	return d, nil
}

// factorValues is one factor evaluated on every observation: num for a
// number, text for a category; bad is why an observation has no value.
type factorValues struct {
	f    Factor
	num  []float64
	text []string
	bad  []string
}

// evalFactors evaluates every distinct factor of f.
func evalFactors(f *Formula, byName map[string]*Column, n int) (map[string]*factorValues, error) {
	vals := map[string]*factorValues{}
	for _, t := range f.Terms {
		for _, fa := range t {
			if vals[fa.String()] != nil {
				continue
			}
			c := byName[Fold(fa.Col)]
			if c == nil {
				return nil, &SyntaxError{fa.Pos, fmt.Sprintf("unknown column %q; columns are %s", fa.Col, columnList(byName))}
			}
			v, err := evalFactor(fa, c, n)
			if err != nil {
				return nil, err
			}
			vals[fa.String()] = v
		}
	}
	return vals, nil
}

func columnList(byName map[string]*Column) string {
	var names []string
	for _, c := range byName {
		names = append(names, c.Name)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "none (the events file has no extra column)"
	}
	return strings.Join(names, ", ")
}

// evalFactor applies fa's function to its column.
func evalFactor(fa Factor, c *Column, n int) (*factorValues, error) {
	v := &factorValues{f: fa, bad: make([]string, n)}
	if c.Num == nil {
		if fa.Func != "" && fa.Func != "factor" {
			return nil, &SyntaxError{fa.Pos, fmt.Sprintf("%s is a text column; %s() needs numbers", fa.Col, fa.Func)}
		}
		v.text = make([]string, n)
		for i := range n {
			v.text[i] = strings.TrimSpace(c.Text[i])
			if v.text[i] == "" {
				v.bad[i] = fa.Col + " missing"
			}
		}
		return v, nil
	}
	if fa.Func == "factor" {
		v.text = make([]string, n)
	} else {
		v.num = make([]float64, n)
	}
	for i := range n {
		x := c.Num[i]
		if math.IsNaN(x) || math.IsInf(x, 0) {
			v.bad[i] = fa.Col + " missing"
			continue
		}
		switch fa.Func {
		case "factor":
			v.text[i] = strconv.FormatFloat(x, 'g', -1, 64)
			continue
		case "log":
			x = math.Log(x)
		case "log1p":
			x = math.Log1p(x)
		case "sqrt":
			x = math.Sqrt(x)
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			v.bad[i] = fmt.Sprintf("%s undefined (%s %s)", fa, fa.Col, domain[fa.Func])
		}
		v.num[i] = x
	}
	return v, nil
}

// domain says which values a function cannot take.
var domain = map[string]string{"log": "<= 0", "log1p": "<= -1", "sqrt": "< 0"}

// keepRows returns the observations with every factor defined and counts
// the others under the first factor that fails, in formula order.
func (d *Design) keepRows(f *Formula, vals map[string]*factorValues, n int) []int {
	var keep []int
	counts := map[string]int{}
	for i := range n {
		why := ""
		for _, t := range f.Terms {
			for _, fa := range t {
				if why == "" {
					why = vals[fa.String()].bad[i]
				}
			}
		}
		if why == "" {
			keep = append(keep, i)
			continue
		}
		if counts[why] == 0 {
			d.Dropped = append(d.Dropped, Drop{Reason: why})
		}
		counts[why]++
	}
	for k := range d.Dropped {
		d.Dropped[k].N = counts[d.Dropped[k].Reason]
	}
	return keep
}

// levelsOf returns the levels of each categorical column among the kept
// observations, the base first, and records the bases.
func (d *Design) levelsOf(vals map[string]*factorValues, keep []int, base map[string]string) (map[string][]string, error) {
	levels := map[string][]string{}
	var cols []string
	for _, v := range vals {
		col := Fold(v.f.Col)
		if v.text == nil || levels[col] != nil {
			continue
		}
		var ls []string
		for _, i := range keep {
			if !slices.Contains(ls, v.text[i]) {
				ls = append(ls, v.text[i])
			}
		}
		slices.SortFunc(ls, compareLevels)
		if b, ok := base[col]; ok {
			k := slices.Index(ls, b)
			if k < 0 {
				return nil, fmt.Errorf("base level %q of %s is not among its levels (%s)", b, v.f.Col, strings.Join(ls, ", "))
			}
			ls = append([]string{b}, slices.Delete(ls, k, k+1)...)
		}
		if ls == nil {
			ls = []string{} // no kept observation: a category without levels
		}
		levels[col] = ls
		if len(ls) > 0 {
			cols = append(cols, v.f.Col+"="+ls[0])
		}
	}
	slices.Sort(cols)
	d.Bases = cols
	return levels, nil
}

// compareLevels sorts numbers numerically, then text.
func compareLevels(a, b string) int {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(x, y)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

// coding is the factor's columns: itself for a number, one dummy per
// level (but the first, the base, unless full) for a category.
func (v *factorValues) coding(levels []string, full bool) ([]string, [][]float64) {
	if v.text == nil {
		return []string{v.f.String()}, [][]float64{v.num}
	}
	if !full && len(levels) > 0 {
		levels = levels[1:]
	}
	names := make([]string, len(levels))
	cols := make([][]float64, len(levels))
	for k, l := range levels {
		names[k] = v.f.Col + "=" + l
		cols[k] = make([]float64, len(v.text))
		for i, s := range v.text {
			if s == l {
				cols[k][i] = 1
			}
		}
	}
	return names, cols
}

// cross is every product of a column of a and one of b, named "a:b".
func cross(an []string, ac [][]float64, bn []string, bc [][]float64) ([]string, [][]float64) {
	var names []string
	var cols [][]float64
	for i := range an {
		for j := range bn {
			name := bn[j]
			if an[i] != "" {
				name = an[i] + ":" + bn[j]
			}
			c := make([]float64, len(ac[i]))
			for k := range c {
				c[k] = ac[i][k] * bc[j][k]
			}
			names, cols = append(names, name), append(cols, c)
		}
	}
	return names, cols
}

func constant(n int, v float64) []float64 {
	c := make([]float64, n)
	for i := range c {
		c[i] = v
	}
	return c
}
