package study

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/compare"
	"github.com/breachlab/eventstudy/analysis/regression"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/results"
)

// Regression is the cross-sectional regression's settings
// (docs/methodology.md 7).
type Regression struct {
	// Formula is --regression, "car ~ log(records) + type"; "" regresses
	// on every numeric extra column (or those --covariates names).
	Formula string
	Base    []string // --regression-base: column=level
	SE      string   // --se: regression.SETypes ("" = hc1)
	Cluster string   // --cluster: ClusterNone ("" too), ClusterFirm or ClusterDate
	Weights string   // --weights: "", WeightsInvVar or a numeric column
}

// Values of Regression.Cluster and Regression.Weights.
const (
	ClusterNone   = "none"
	ClusterFirm   = "firm"
	ClusterDate   = "date" // events anchored to the same day 0
	WeightsInvVar = "inv-var"
)

// Warning codes of the regression besides "regression" (not computed).
const (
	WarnRegressionDropped  = "regression_dropped"  // events left out for a missing attribute or weight
	WarnRegressionSingular = "regression_singular" // terms left out as collinear or constant
)

// checkFormula parses a --regression value: a syntax error names its
// column in the spec.
func checkFormula(t string) error {
	if strings.TrimSpace(t) == "" {
		return nil
	}
	if _, err := regression.Parse(t); err != nil {
		return bad("", "%v", err)
	}
	return nil
}

// validate checks the settings that must fit together.
func (r Regression) validate(covariates []string) error {
	var errs []error
	if r.Formula != "" && covariates != nil {
		errs = append(errs, errors.New("--regression names the regression's columns; drop --covariates"))
	}
	if r.clustered() && r.SE != "" && r.SE != regression.SEHC1 {
		errs = append(errs, fmt.Errorf("--se %s and --cluster %s: clustered standard errors are CR1; drop one", r.SE, r.Cluster))
	}
	if len(r.Base) > 0 && r.Formula == "" {
		errs = append(errs, errors.New("--regression-base needs --regression with a text column (car on numeric columns has no base level)"))
	}
	return errors.Join(errs...)
}

func (r Regression) clustered() bool { return r.Cluster == ClusterFirm || r.Cluster == ClusterDate }

// regSpec is the regression resolved against the events file.
type regSpec struct {
	r       Regression
	formula *regression.Formula
	base    map[string]string // folded column -> level
	evf     *events.File
}

// resolve makes the regression of the study on evf: nil when there is
// none (no formula and no numeric extra column). The formula's columns,
// functions and base levels are checked on every event of the file.
func (r Regression) resolve(evf *events.File) (*regSpec, error) {
	spec := &regSpec{r: r, evf: evf, base: map[string]string{}}
	if r.Formula == "" {
		if len(evf.Characteristics) == 0 {
			return nil, nil
		}
		spec.formula = &regression.Formula{Intercept: true}
		for _, c := range evf.Characteristics {
			spec.formula.Terms = append(spec.formula.Terms, regression.Term{{Col: c}})
		}
	} else {
		f, err := regression.Parse(r.Formula)
		if err != nil {
			return nil, fmt.Errorf("--regression: %v", err)
		}
		spec.formula = f
	}
	used := spec.formula.Columns()
	for _, b := range r.Base {
		c, l, _ := strings.Cut(b, "=")
		if !slices.ContainsFunc(used, func(f regression.Factor) bool { return regression.Fold(f.Col) == regression.Fold(c) }) {
			return nil, fmt.Errorf("--regression-base %s: %s is not a column of --regression %q", b, strings.TrimSpace(c), r.Formula)
		}
		spec.base[regression.Fold(c)] = strings.TrimSpace(l)
	}
	all := make([]*events.Event, len(evf.Events))
	for i := range evf.Events {
		all[i] = &evf.Events[i]
	}
	if _, err := regression.Build(spec.formula, spec.columns(all), len(all), spec.base); err != nil {
		var se *regression.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("--regression: %v", err)
		}
		return nil, fmt.Errorf("--regression-base: %v", err)
	}
	if w := r.Weights; w != "" && w != WeightsInvVar && spec.numeric(w) == nil {
		// Name only the numeric columns: a text column is no weight.
		var nums []string
		for _, c := range spec.columns(all) {
			if c.Num != nil {
				nums = append(nums, c.Name)
			}
		}
		have := "it has none"
		if len(nums) > 0 {
			have = strings.Join(nums, ", ")
		}
		return nil, fmt.Errorf("--weights %q: want inv-var or a numeric column of the events file (%s)", w, have)
	}
	return spec, nil
}

// columns are the events file's extra columns over evs: the numeric
// characteristics as numbers, every other column as text, or as numbers
// when each of its non-empty cells is one (a column --covariates left
// out is still a number).
func (s *regSpec) columns(evs []*events.Event) []regression.Column {
	var cols []regression.Column
	for a, name := range s.evf.Attributes {
		c := regression.Column{Name: name, Text: make([]string, len(evs))}
		for i, e := range evs {
			if a < len(e.Attributes) {
				c.Text[i] = e.Attributes[a]
			}
		}
		c.Num = numbers(c.Text)
		if k := slices.Index(s.evf.Characteristics, name); k >= 0 {
			c.Num = make([]float64, len(evs))
			for i, e := range evs {
				c.Num[i] = math.NaN()
				if k < len(e.Characteristics) {
					c.Num[i] = e.Characteristics[k]
				}
			}
		}
		if c.Num != nil {
			c.Text = nil
		}
		cols = append(cols, c)
	}
	return cols
}

// numbers reads cells as numbers (NaN where empty), or nil when a
// non-empty cell is not a number.
func numbers(cells []string) []float64 {
	out := make([]float64, len(cells))
	for i, t := range cells {
		t = strings.TrimSpace(t)
		if t == "" || strings.EqualFold(t, "NA") || strings.EqualFold(t, "NaN") {
			out[i] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil
		}
		out[i] = v
	}
	return out
}

// numeric is the named column's values over every event, nil when it is
// not a numeric extra column.
func (s *regSpec) numeric(name string) []float64 {
	all := make([]*events.Event, len(s.evf.Events))
	for i := range s.evf.Events {
		all[i] = &s.evf.Events[i]
	}
	return s.numericOf(name, all)
}

func (s *regSpec) numericOf(name string, evs []*events.Event) []float64 {
	for _, c := range s.columns(evs) {
		if regression.Fold(c.Name) == regression.Fold(name) {
			return c.Num
		}
	}
	return nil
}

// group runs the regression of the group's CARs over every window
// (docs/methodology.md 7) on the primary events: one design for the
// group, then per window the events whose CAR is complete. Events left out
// for a missing attribute or weight are counted in one warning; aliased
// terms keep a blank row and are named in a warning.
func (s *regSpec) group(g string, windows []analysis.Window, primary []*analysis.EventEstimate, byID map[string]*events.Event, warn func(id, code, msg string)) []results.RegressionRow {
	// Peer portfolios have no attributes of their own (their
	// characteristics are cleared in peers.go): a group of them only has
	// no regression, as before.
	evs := make([]*events.Event, len(primary))
	peers := 0
	for i, e := range primary {
		if evs[i] = byID[e.ID]; evs[i] == nil || strings.HasSuffix(e.ID, compare.PeerSuffix) {
			evs[i] = &events.Event{ID: e.ID}
			peers++
		}
	}
	if peers == len(evs) {
		return nil
	}
	d, err := regression.Build(s.formula, s.columns(evs), len(evs), s.base)
	if err != nil {
		warn("", "regression", fmt.Sprintf("group %s: %v", g, err))
		return nil
	}
	w, cl := s.weightsOf(primary, evs, d), s.clustersOf(primary, d)
	s.warnDropped(g, d, w, len(evs), warn)
	if len(d.Empty) > 0 {
		warn("", WarnRegressionSingular, fmt.Sprintf("group %s: %s has a single level among the group's events, so no dummy; left out", g, strings.Join(d.Empty, ", ")))
	}
	var rows []results.RegressionRow
	for _, win := range windows {
		rows = append(rows, s.window(g, win, primary, d, w, cl, warn)...)
	}
	return rows
}

// window fits one CAR window; the rows are nil when too few events have
// a complete CAR (as before the formula) or the fit fails (a warning).
func (s *regSpec) window(g string, win analysis.Window, primary []*analysis.EventEstimate, d *regression.Design, w []float64, cl []string, warn func(id, code, msg string)) []results.RegressionRow {
	y := make([]float64, len(d.Rows))
	n := 0
	for r, i := range d.Rows {
		car, days := primary[i].CAR(win)
		y[r] = math.NaN()
		if days >= win.Len() && !math.IsNaN(car) && (w == nil || w[r] > 0) {
			y[r] = car
			n++
		}
	}
	if n <= len(d.Terms) {
		return nil
	}
	res, err := regression.Fit(y, d.X, d.Terms, regression.Options{SE: s.r.SE, Cluster: cl, Weights: w})
	if err != nil {
		warn("", "regression", fmt.Sprintf("group %s window %s: %v", g, win, err))
		return nil
	}
	if len(res.Aliased) > 0 {
		warn("", WarnRegressionSingular, fmt.Sprintf("group %s window %s: %s constant or a combination of the terms before it among these events; its row is blank and the rest is fitted without it; drop the term or merge levels",
			g, win, strings.Join(res.Aliased, ", ")))
	}
	if res.Note != "" {
		warn("", "regression", fmt.Sprintf("group %s window %s: %s", g, win, res.Note))
	}
	cluster := ""
	if cl != nil {
		cluster = s.r.Cluster
	}
	rows := make([]results.RegressionRow, len(res.Coefs))
	for i, c := range res.Coefs {
		rows[i] = results.RegressionRow{Group: g, Window: win.String(), Term: c.Term, N: c.N,
			Coef: results.Num(c.Coef), SE: results.Num(c.SE), SEType: c.SEType, T: results.Num(c.T),
			DF: results.SomeInt(c.DF), P: results.Num(c.P), R2: results.Num(c.R2), AdjR2: results.Num(c.AdjR2),
			Cluster: cluster}
		if cl != nil {
			rows[i].NClusters = results.SomeInt(c.NClusters)
		}
	}
	return rows
}

// weightsOf are the WLS weights of the design's rows (NaN where there is
// none), nil without --weights: 1/σ² of the event's estimation residuals
// or the weights column.
func (s *regSpec) weightsOf(primary []*analysis.EventEstimate, evs []*events.Event, d *regression.Design) []float64 {
	if s.r.Weights == "" {
		return nil
	}
	var col []float64
	if s.r.Weights != WeightsInvVar {
		col = s.numericOf(s.r.Weights, evs)
	}
	w := make([]float64, len(d.Rows))
	for r, i := range d.Rows {
		w[r] = math.NaN()
		switch {
		case col != nil:
			w[r] = col[i]
		case primary[i].Fit != nil && primary[i].Fit.Sigma2 > 0:
			w[r] = 1 / primary[i].Fit.Sigma2
		}
		if !(w[r] > 0) || math.IsInf(w[r], 0) {
			w[r] = math.NaN()
		}
	}
	return w
}

// clustersOf are the cluster ids of the design's rows, nil without
// --cluster: the firm, or day 0's calendar position.
func (s *regSpec) clustersOf(primary []*analysis.EventEstimate, d *regression.Design) []string {
	if !s.r.clustered() {
		return nil
	}
	ids := make([]string, len(d.Rows))
	for r, i := range d.Rows {
		if s.r.Cluster == ClusterFirm {
			ids[r] = primary[i].Firm
		} else {
			ids[r] = strconv.Itoa(primary[i].Day0)
		}
	}
	return ids
}

// warnDropped counts the group's events the regression leaves out.
func (s *regSpec) warnDropped(g string, d *regression.Design, w []float64, n int, warn func(id, code, msg string)) {
	var why []string
	left := 0
	for _, dr := range d.Dropped {
		why = append(why, fmt.Sprintf("%s (%d)", dr.Reason, dr.N))
		left += dr.N
	}
	bad := 0
	for _, v := range w {
		if math.IsNaN(v) {
			bad++
		}
	}
	if bad > 0 {
		what := "weight " + s.r.Weights + " missing or <= 0"
		if s.r.Weights == WeightsInvVar {
			what = "no estimation variance for inv-var weights"
		}
		why = append(why, fmt.Sprintf("%s (%d)", what, bad))
		left += bad
	}
	if left > 0 {
		warn("", WarnRegressionDropped, fmt.Sprintf("group %s: %d of %d events left out of the regression: %s", g, left, n, strings.Join(why, ", ")))
	}
}
