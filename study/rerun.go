package study

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/breachlab/eventstudy/results"
)

// Warning codes of a rerun's inputs (docs/errors.md "Warnings").
const (
	WarnInputChanged  = "input_changed"  // an input differs from the one the rerun manifest recorded
	WarnInputUnhashed = "input_unhashed" // an input was read but could not be hashed
)

// Rerun is what a manifest.json recorded about the run that wrote it, for
// a study read back from it (LoadFile, ParseManifest).
type Rerun struct {
	Manifest string // the manifest's path
	// Base is the absolute directory the manifest's relative paths were
	// resolved from; "" when it records none (a manifest of an older
	// version: they are relative to the working directory).
	Base   string
	Inputs []results.InputFile // the inputs and SHA-256 the manifest recorded
}

// manifestRecord is what a rerun reads from manifest.json besides config.
type manifestRecord struct {
	PathsBase *results.PathsBase  `json:"paths_base"`
	Inputs    []results.InputFile `json:"inputs"`
}

// pathSettings are the settings that name files, as pointers into s; the
// market only when it is a file, not a ticker.
func pathSettings(s *Study) []*string {
	ps := []*string{&s.Events, &s.Prices, &s.PeersFile}
	if looksLikePath(s.Market) {
		ps = append(ps, &s.Market)
	}
	for i := range s.Factors {
		ps = append(ps, &s.Factors[i])
	}
	return ps
}

// StdinPath names standard input as an input (`--events -`).
const StdinPath = "-"

// isRelative reports whether p is a relative file path (not empty, not
// standard input, not in the bundled demo).
func isRelative(p string) bool {
	return p != "" && p != StdinPath && !filepath.IsAbs(p) && !strings.HasPrefix(p, DemoPrefix)
}

// useManifest makes s, read from the manifest at name, find its inputs
// from any working directory: relative paths are joined to the base the
// manifest records (manifestBase), and DisplayName maps them back, so the
// rerun records the same config and input paths as the original run.
func useManifest(s *Study, name string, b []byte) {
	var rec manifestRecord
	_ = json.Unmarshal(b, &rec) // config was read; a damaged rest only loses the checks
	s.Rerun = &Rerun{Manifest: name, Inputs: rec.Inputs}
	if rec.PathsBase == nil {
		return
	}
	var rel []*string
	for _, p := range pathSettings(s) {
		if isRelative(*p) {
			rel = append(rel, p)
		}
	}
	base := manifestBase(name, *rec.PathsBase, rel)
	s.Rerun.Base = base
	recorded := map[string]string{} // resolved path -> as the manifest has it
	for _, p := range rel {
		abs := filepath.Join(base, *p)
		recorded[abs] = *p
		*p = abs
	}
	s.DisplayName = recordedName(recorded, base)
}

// manifestBase is the directory to resolve a manifest's relative paths
// from: the recorded Dir when they exist there (the same machine), else
// the one FromResults names beside the manifest (the results and inputs
// moved together), else Dir (the error then names the full path).
func manifestBase(manifest string, pb results.PathsBase, rel []*string) string {
	cands := []string{pb.Dir}
	if pb.FromResults != "" {
		if d, err := filepath.Abs(filepath.Join(filepath.Dir(manifest), filepath.FromSlash(pb.FromResults))); err == nil {
			cands = append(cands, d)
		}
	}
	for _, c := range cands {
		all := c != ""
		for _, p := range rel {
			if _, err := os.Stat(filepath.Join(c, *p)); err != nil {
				all = false
				break
			}
		}
		if all {
			return c
		}
	}
	return pb.Dir
}

// recordedName is a rerun's DisplayName: a path resolved from the manifest
// (or a file under such a directory) gets its recorded name back; another
// relative path that exists (a flag given at the rerun, relative to a
// working directory other than base) is made absolute, since the manifest
// says its relative paths are relative to base.
func recordedName(recorded map[string]string, base string) func(string) string {
	abs := make([]string, 0, len(recorded))
	for a := range recorded {
		abs = append(abs, a)
	}
	// Longest first: a file under "data/prices" before one under "data".
	slices.SortFunc(abs, func(a, b string) int { return len(b) - len(a) })
	wd, _ := os.Getwd()
	return func(p string) string {
		for _, a := range abs {
			if p == a {
				return recorded[a]
			}
			if rest, ok := strings.CutPrefix(p, a+string(filepath.Separator)); ok {
				return filepath.Join(recorded[a], rest)
			}
		}
		if isRelative(p) && wd != base {
			if _, err := os.Stat(p); err == nil {
				if a, err := filepath.Abs(p); err == nil {
					return a
				}
			}
		}
		return p
	}
}

// displayText is text (a loader's note) with every input path in it
// replaced by its DisplayName, as the manifest names the inputs: a rerun's
// notes then match the original run's, and the demo's name no temp dir.
func displayText(s *Study, text string) string {
	if s.DisplayName == nil {
		return text
	}
	ps := pathSettings(s)
	// Longest first: "data/prices" before "data".
	slices.SortFunc(ps, func(a, b *string) int { return len(*b) - len(*a) })
	for _, p := range ps {
		if d := display(s, *p); *p != "" && d != *p {
			text = strings.ReplaceAll(text, *p, d)
		}
	}
	return text
}

// ManifestPathsBase is the manifest's paths_base for a run of s writing
// into s.Out: the directory its relative paths are relative to (a
// rerun's base, else the working directory) and that directory relative
// to the results. nil when no recorded path is relative.
func ManifestPathsBase(s *Study) *results.PathsBase {
	relative := false
	for _, p := range pathSettings(s) {
		relative = relative || isRelative(display(s, *p))
	}
	if !relative {
		return nil
	}
	dir := ""
	if s.Rerun != nil {
		dir = s.Rerun.Base
	}
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil
		}
		dir = wd
	}
	pb := &results.PathsBase{Dir: dir}
	if out, err := filepath.Abs(s.Out); err == nil {
		if r, err := filepath.Rel(out, dir); err == nil {
			pb.FromResults = filepath.ToSlash(r)
		}
	}
	return pb
}

// inputWarnings are the warnings about the inputs: one per file that could
// not be hashed and, in a rerun, one per file whose SHA-256 differs from
// the manifest's, that the manifest lists and the rerun did not read, or
// the reverse.
func inputWarnings(s *Study, files []results.InputFile) []results.Warning {
	var ws []results.Warning
	for _, f := range files {
		if f.HashError != "" {
			ws = append(ws, results.Warning{Code: WarnInputUnhashed, Message: fmt.Sprintf("%s %s: no SHA-256 recorded (%s); a rerun cannot check this input", f.Role, f.Path, f.HashError)})
		}
	}
	if s.Rerun == nil {
		return ws
	}
	key := func(f results.InputFile) string { return f.Role + " " + f.Path }
	was := map[string]results.InputFile{}
	for _, f := range s.Rerun.Inputs {
		was[key(f)] = f
	}
	changed := func(format string, a ...any) {
		ws = append(ws, results.Warning{Code: WarnInputChanged, Message: fmt.Sprintf(format, a...)})
	}
	for _, f := range files {
		old, ok := was[key(f)]
		delete(was, key(f))
		switch {
		case !ok:
			changed("%s: not an input of the run %s records; results may differ", key(f), s.Rerun.Manifest)
		case old.SHA256 != f.SHA256 && f.SHA256 != "":
			changed("%s: SHA-256 %s in %s, %s now: the file changed since that run; results may differ", key(f), hashPrefix(old.SHA256), s.Rerun.Manifest, hashPrefix(f.SHA256))
		}
	}
	for _, old := range s.Rerun.Inputs {
		if _, gone := was[key(old)]; gone {
			changed("%s: an input of the run %s records, not read now; results may differ", key(old), s.Rerun.Manifest)
		}
	}
	return ws
}

// hashPrefix is the first 12 hex digits of a SHA-256, enough to tell two
// apart in a message.
func hashPrefix(h string) string {
	if h == "" {
		return "(none)"
	}
	return h[:min(12, len(h))]
}
