package study

import (
	"bytes"
	"fmt"
	"github.com/breachlab/eventstudy/inputerr"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/breachlab/eventstudy/events"
)

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
// object; its relative paths are resolved from the directory its
// "paths_base" records (rerun.go), so it too reruns from anywhere.
//
// Every problem of the file is reported in one pass as
// "file:line[:col]: what is wrong; what to do" (inputerr.InputErrors); an
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
		return Study{}, &inputerr.InputError{File: name, Line: root.Line, Column: root.Column,
			What: "a study file is a mapping of keys to values", Hint: "write one \"key: value\" per line, e.g. \"model: market\""}
	}
	var errs inputerr.InputErrors
	applyMapping(&s, name, root, base, &errs)
	return s, errs.Err()
}

// ParseManifest reads the "config" object of a manifest.json; name is its
// path (relative paths are resolved as LoadFile says).
func ParseManifest(name string, b []byte) (Study, error) {
	root, err := parseYAML(name, b) // JSON is YAML: one parser, one line numbering
	if err != nil {
		return Study{}, err
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return Study{}, &inputerr.InputError{File: name, Line: 1, What: "not a manifest (a JSON object)", Hint: "pass the manifest.json of an eventstudy results directory, or a study.yaml"}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "config" {
			continue
		}
		cfg := root.Content[i+1]
		if cfg.Kind != yaml.MappingNode {
			return Study{}, &inputerr.InputError{File: name, Line: cfg.Line, Column: cfg.Column, What: "\"config\" is not an object", Hint: "the manifest is damaged; rerun from the study file"}
		}
		s := Default()
		var errs inputerr.InputErrors
		applyMapping(&s, name, cfg, "", &errs)
		if len(errs) == 0 {
			useManifest(&s, name, b)
		}
		return s, errs.Err()
	}
	return Study{}, &inputerr.InputError{File: name, Line: root.Line, What: "no \"config\" object", Hint: "only a manifest.json written by eventstudy run can be rerun"}
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parseYAML returns the document's top node, nil for an empty document.
func parseYAML(name string, b []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		ie := &inputerr.InputError{File: name, What: err.Error(), Hint: "check the YAML syntax: indentation with spaces, \"key: value\", quotes around text with ':' or '#'"}
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

// value is one key's value node with the file's base directory.
type value struct {
	n    *yaml.Node
	base string
}

// fileErr is a problem with a value; hint says what to do. choice marks
// a value outside a fixed set: a flag then reports it as `--key "v"; hint`.
type fileErr struct {
	what, hint string
	choice     bool
}

func (e *fileErr) Error() string { return e.what }

func bad(hint, format string, a ...any) error {
	return &fileErr{what: fmt.Sprintf(format, a...), hint: hint}
}

func badChoice(hint, format string, a ...any) error {
	return &fileErr{what: fmt.Sprintf(format, a...), hint: hint, choice: true}
}

// FlagError words err, returned by Setting.Set for the text t of flag
// --name, as a command-line error.
func FlagError(name, t string, err error) string {
	fe, ok := err.(*fileErr)
	switch {
	case !ok:
		return fmt.Sprintf("--%s: %v", name, err)
	case fe.choice:
		return fmt.Sprintf("--%s %q; %s", name, t, fe.hint)
	case fe.hint == "":
		return fmt.Sprintf("--%s: %s", name, fe.what)
	}
	return fmt.Sprintf("--%s: %s; %s", name, fe.what, fe.hint)
}

// set applies v to s through the setting st.
func (v value) set(s *Study, st *Setting) error {
	if st.setList != nil {
		items, _, err := v.list(st.List)
		if err != nil {
			return err
		}
		return st.setList(s, items, v.base)
	}
	t, err := v.str()
	if err != nil {
		return err
	}
	return st.set(s, t, v.base)
}

// applyMapping applies every key of m to s, collecting every problem.
func applyMapping(s *Study, name string, m *yaml.Node, base string, errs *inputerr.InputErrors) {
	seen := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		st, ok := settingByKey[key]
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
		if err := (value{v, base}).set(s, st); err != nil {
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
