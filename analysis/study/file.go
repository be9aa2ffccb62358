package study

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/analysis/grouptest"
	"github.com/breachlab/eventstudy/analysis/results"
	"github.com/breachlab/eventstudy/events"
	"github.com/breachlab/eventstudy/prices"
)

// FileKeys are the keys of a study file, in the order `eventstudy init`
// writes them. Each is the name of a flag with "-" read as "_"; the keys
// of manifest.json's "config" object (Resolved) are the same, so a
// manifest is a study file too.
var FileKeys = []string{
	"events", "prices", "market", "factors",
	"model", "returns", "estimation", "window", "car", "min_est",
	"anchor", "max_shift", "tests", "date_format", "decimal", "price_column", "covariates", "gaps",
	"market_price_column", "returns_unit",
	"car_var", "bhar_benchmark", "multi_day", "kp_rbar", "kp_min_shared",
	"primary_stage", "peers", "mask_confounding", "out", "format",
}

// DemoPrefix marks a path inside the bundled demo ("demo:testdata/demo/
// events.csv"), as the demo's manifest records its inputs. Such paths are
// kept as they are; the command line extracts the demo to resolve them.
const DemoPrefix = "demo:"

// LoadFile reads a study file and returns Default() with the file's
// settings applied.
//
// A YAML file (study.yaml) is resolved against its own directory: a
// relative events, prices, market (when it is a path), factors or out is
// taken relative to the file, so the study runs the same from any working
// directory. A manifest.json written by `eventstudy run` (recognized by
// the .json extension or a leading "{") is read through its "config"
// object; its paths are as the original run gave them, relative to the
// directory that run started in, and are not rebased.
//
// Every problem of the file is reported in one pass as
// "file:line[:col]: what is wrong; what to do" (prices.InputErrors); an
// unknown key names the nearest known one.
func LoadFile(path string) (Study, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Study{}, fmt.Errorf("%s: %v; pass the path of a study.yaml or a manifest.json", path, pathError(err))
	}
	if isManifest(path, b) {
		return ParseManifest(path, b)
	}
	return ParseFile(path, b, filepath.Dir(path))
}

func pathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func isManifest(path string, b []byte) bool {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return true
	}
	t := bytes.TrimLeft(b, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

// ParseFile parses study-file text; name is used in error messages and
// relative paths are joined to base ("" keeps them as they are).
func ParseFile(name string, b []byte, base string) (Study, error) {
	root, err := parseYAML(name, b)
	if err != nil {
		return Study{}, err
	}
	s := Default()
	if root == nil {
		return s, nil // an empty file keeps every default
	}
	if root.Kind != yaml.MappingNode {
		return Study{}, &prices.InputError{File: name, Line: root.Line, Column: root.Column,
			What: "a study file is a mapping of keys to values", Hint: "write one \"key: value\" per line, e.g. \"model: market\""}
	}
	var errs prices.InputErrors
	applyMapping(&s, name, root, base, &errs)
	return s, errs.Err()
}

// ParseManifest reads the "config" object of a manifest.json (paths kept
// as given).
func ParseManifest(name string, b []byte) (Study, error) {
	root, err := parseYAML(name, b) // JSON is YAML: one parser, one line numbering
	if err != nil {
		return Study{}, err
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return Study{}, &prices.InputError{File: name, Line: 1, What: "not a manifest (a JSON object)", Hint: "pass the manifest.json of an eventstudy results directory, or a study.yaml"}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "config" {
			continue
		}
		cfg := root.Content[i+1]
		if cfg.Kind != yaml.MappingNode {
			return Study{}, &prices.InputError{File: name, Line: cfg.Line, Column: cfg.Column, What: "\"config\" is not an object", Hint: "the manifest is damaged; rerun from the study file"}
		}
		s := Default()
		var errs prices.InputErrors
		applyMapping(&s, name, cfg, "", &errs)
		return s, errs.Err()
	}
	return Study{}, &prices.InputError{File: name, Line: root.Line, What: "no \"config\" object", Hint: "only a manifest.json written by eventstudy run can be rerun"}
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parseYAML returns the document's top node, nil for an empty document.
func parseYAML(name string, b []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		ie := &prices.InputError{File: name, What: err.Error(), Hint: "check the YAML syntax: indentation with spaces, \"key: value\", quotes around text with ':' or '#'"}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			ie.Line, _ = strconv.Atoi(m[1])
			ie.What = m[2]
		}
		return nil, ie
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// setter applies one key's value to s.
type setter func(s *Study, v value) error

// value is one key's value node with the file's base directory.
type value struct {
	n    *yaml.Node
	base string
}

// fileErr is a problem with a value; hint says what to do.
type fileErr struct{ what, hint string }

func (e *fileErr) Error() string { return e.what }

func bad(hint, format string, a ...any) error { return &fileErr{fmt.Sprintf(format, a...), hint} }

var setters = map[string]setter{
	"events":  func(s *Study, v value) error { return v.path(&s.Events) },
	"prices":  func(s *Study, v value) error { return v.path(&s.Prices) },
	"out":     func(s *Study, v value) error { return v.path(&s.Out) },
	"factors": setFactors,
	"market": func(s *Study, v value) error {
		m, err := v.str()
		if err != nil {
			return err
		}
		if looksLikePath(m) {
			m = resolvePath(v.base, m)
		}
		s.Market = m
		return nil
	},
	"model": func(s *Study, v value) error {
		m, err := v.oneOf("market", "mean", "market-adjusted", "ff3", "carhart", "ff5")
		s.Analysis.Model = analysis.Model(m)
		return err
	},
	"returns": func(s *Study, v value) error {
		r, err := v.oneOf("simple", "log")
		s.Analysis.LogReturns = r == "log"
		return err
	},
	"estimation": func(s *Study, v value) error { return v.window(&s.Analysis.Estimation) },
	"window":     func(s *Study, v value) error { return v.window(&s.Analysis.EventWindow) },
	"car":        setCAR,
	"min_est":    func(s *Study, v value) error { return v.integer(&s.Analysis.MinEst) },
	"max_shift":  func(s *Study, v value) error { return v.integer(&s.MaxShift) },
	"anchor": func(s *Study, v value) error {
		t, err := v.str()
		if err != nil {
			return err
		}
		r, err := events.ParseRule(t)
		if err != nil {
			return bad("use next, previous, exact or skip", "unknown anchor rule %q", t)
		}
		s.Anchor = r
		return nil
	},
	"tests": setTests,
	"date_format": func(s *Study, v value) error {
		t, err := v.str()
		if err != nil {
			return err
		}
		f, err := prices.ParseDateFormat(t)
		if err != nil {
			return bad("use iso, ymd, mdy, dmy or excel (or leave it empty to detect)", "unknown date format %q", t)
		}
		s.DateFormat = f
		return nil
	},
	"decimal": func(s *Study, v value) error {
		t, err := v.str()
		if err != nil {
			return err
		}
		d, err := prices.ParseDecimalConvention(t)
		if err != nil {
			return bad("use point or comma (or leave it empty to detect)", "unknown decimal separator %q", t)
		}
		s.Decimal = d
		return nil
	},
	"price_column": func(s *Study, v value) error { return v.text(&s.PriceColumn) },
	"covariates": func(s *Study, v value) error {
		c, _, err := v.list(",")
		if len(c) == 0 {
			c = nil // [] is the default, as on the command line
		}
		s.Covariates = c
		return err
	},
	"market_price_column": func(s *Study, v value) error {
		return v.text(&s.MarketPriceColumn)
	},
	"returns_unit": func(s *Study, v value) error {
		t, err := v.str()
		if err != nil {
			return err
		}
		u, err := prices.ParseReturnsUnit(t)
		if err != nil {
			return bad("use percent, decimal or log (or leave it empty to take the unit from the column name)", "unknown returns unit %q", t)
		}
		s.ReturnsUnit = u
		return nil
	},
	"gaps": func(s *Study, v value) error {
		g, err := v.oneOf("drop")
		s.Gaps = g
		return err
	},
	"car_var": func(s *Study, v value) error {
		c, err := v.oneOf("exact", "simple")
		s.Analysis.CARVar = c
		return err
	},
	"bhar_benchmark": func(s *Study, v value) error {
		c, err := v.oneOf("market", "model")
		s.Analysis.BHARBenchmark = c
		return err
	},
	"multi_day": func(s *Study, v value) error {
		c, err := v.oneOf("scar", "sum-sar")
		s.Analysis.MultiDay = c
		return err
	},
	"kp_rbar": func(s *Study, v value) error {
		c, err := v.oneOf("calendar", "event-time")
		s.Analysis.KPRbar = c
		return err
	},
	"kp_min_shared": func(s *Study, v value) error { return v.integer(&s.Analysis.KPMinShared) },
	"primary_stage": func(s *Study, v value) error { return v.text(&s.Analysis.PrimaryStage) },
	"format":        setFormat,
	"peers":         func(s *Study, v value) error { return v.path(&s.PeersFile) },
	"mask_confounding": func(s *Study, v value) error {
		t, err := v.str()
		if err != nil {
			return err
		}
		switch strings.ToLower(t) {
		case "true", "yes", "on":
			s.MaskConfounding = true
		case "false", "no", "off", "":
			s.MaskConfounding = false
		default:
			return bad("write true or false", "want true or false, got %q", t)
		}
		return nil
	},
}

// applyMapping applies every key of m to s, collecting every problem.
func applyMapping(s *Study, name string, m *yaml.Node, base string, errs *prices.InputErrors) {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		set, ok := setters[key]
		if !ok || k.Kind != yaml.ScalarNode {
			hint := "the keys are " + strings.Join(FileKeys, ", ")
			if near := nearestKey(key); near != "" {
				hint = fmt.Sprintf("did you mean %q?", near)
			}
			errs.Add(name, k.Line, 0, fmt.Sprintf("unknown key %q", key), hint)
			continue
		}
		if first, dup := seen[key]; dup {
			errs.Add(name, k.Line, 0, fmt.Sprintf("duplicate key %q (first on line %d)", key, first), "keep one")
			continue
		}
		seen[key] = k.Line
		if err := set(s, value{v, base}); err != nil {
			what, hint := err.Error(), ""
			if fe, ok := err.(*fileErr); ok {
				hint = fe.hint
			}
			errs.Add(name, v.Line, v.Column, key+": "+what, hint)
		}
	}
}

// nearestKey is the known key closest to k (hyphens read as underscores,
// at most a third of its letters wrong), or "".
func nearestKey(k string) string {
	norm := strings.ToLower(strings.ReplaceAll(strings.TrimLeft(k, "-"), "-", "_"))
	best, bestD := "", len(norm)/3+1
	if bestD < 2 {
		bestD = 2
	}
	for _, c := range FileKeys {
		if d := events.EditDistance(norm, c); d < bestD || (d == 0 && best == "") {
			best, bestD = c, d
		}
	}
	return best
}

func resolvePath(base, p string) string {
	if p == "" || base == "" || filepath.IsAbs(p) || strings.HasPrefix(p, DemoPrefix) {
		return p
	}
	return filepath.Join(base, p)
}

// str is a scalar's text; null is "".
func (v value) str() (string, error) {
	if v.n.Kind != yaml.ScalarNode {
		return "", bad("write a single value", "want a single value, not a %s", kindName(v.n))
	}
	if v.n.Tag == "!!null" {
		return "", nil
	}
	return strings.TrimSpace(v.n.Value), nil
}

func (v value) text(dst *string) error {
	t, err := v.str()
	if err == nil {
		*dst = t
	}
	return err
}

func (v value) path(dst *string) error {
	t, err := v.str()
	if err == nil {
		*dst = resolvePath(v.base, t)
	}
	return err
}

func (v value) integer(dst *int) error {
	t, err := v.str()
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return bad("write a whole number, e.g. 120", "want a whole number, got %q", t)
	}
	*dst = n
	return nil
}

func (v value) window(dst *analysis.Window) error {
	t, err := v.str()
	if err != nil {
		return err
	}
	w, err := analysis.ParseWindow(t)
	if err != nil {
		return bad("write two relative trading days, e.g. \"-1,1\"", "%v", err)
	}
	*dst = w
	return nil
}

func (v value) oneOf(choices ...string) (string, error) {
	t, err := v.str()
	if err != nil {
		return "", err
	}
	for _, c := range choices {
		if strings.EqualFold(t, c) {
			return c, nil
		}
	}
	return "", bad("use "+orList(choices), "unknown value %q", t)
}

// list is a sequence of scalars, or one scalar split at sep.
func (v value) list(sep string) ([]string, []*yaml.Node, error) {
	switch v.n.Kind {
	case yaml.ScalarNode:
		if v.n.Tag == "!!null" {
			return nil, nil, nil
		}
		var out []string
		var nodes []*yaml.Node
		for _, f := range strings.Split(v.n.Value, sep) {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
				nodes = append(nodes, v.n)
			}
		}
		return out, nodes, nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(v.n.Content))
		for _, c := range v.n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, nil, bad("write a list of values", "list item on line %d is a %s", c.Line, kindName(c))
			}
			out = append(out, strings.TrimSpace(c.Value))
		}
		return out, v.n.Content, nil
	}
	return nil, nil, bad("write a list of values", "want a list, not a %s", kindName(v.n))
}

func setFactors(s *Study, v value) error {
	fs, _, err := v.list(",")
	if err != nil {
		return err
	}
	s.Factors = nil
	for _, f := range fs {
		s.Factors = append(s.Factors, resolvePath(v.base, f))
	}
	return nil
}

func setCAR(s *Study, v value) error {
	ws, _, err := v.list(" ")
	if err != nil {
		return err
	}
	if len(ws) == 0 {
		return bad("give at least one window, e.g. car: [\"-1,1\", \"0,1\"]", "no CAR window")
	}
	s.Analysis.CARWindows = nil
	for _, t := range ws {
		w, err := analysis.ParseWindow(t)
		if err != nil {
			return bad("quote each window in a list: car: [\"-1,1\", \"0,1\"] (unquoted, [-1,1] is two numbers)", "%v", err)
		}
		s.Analysis.CARWindows = append(s.Analysis.CARWindows, w)
	}
	return nil
}

func setTests(s *Study, v value) error {
	ids, _, err := v.list(",")
	if err != nil {
		return err
	}
	if len(ids) == 0 || (len(ids) == 1 && ids[0] == "all") {
		s.Analysis.Tests = nil
		return nil
	}
	var unknown []string
	s.Analysis.Tests = nil
	for _, id := range ids {
		if !grouptest.Valid(id) {
			unknown = append(unknown, strconv.Quote(id))
			continue
		}
		s.Analysis.Tests = append(s.Analysis.Tests, id)
	}
	if len(unknown) > 0 {
		return bad("use all or a list of "+strings.Join(grouptest.All, ", "), "unknown test %s", strings.Join(unknown, ", "))
	}
	return nil
}

func setFormat(s *Study, v value) error {
	fs, _, err := v.list(",")
	if err != nil {
		return err
	}
	f, err := results.ParseFormats(strings.Join(fs, ","))
	if err != nil {
		return bad("", "%v", err) // ParseFormats says what to use
	}
	s.Formats = f
	return nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

func orList(c []string) string {
	if len(c) == 1 {
		return c[0]
	}
	return strings.Join(c[:len(c)-1], ", ") + " or " + c[len(c)-1]
}
