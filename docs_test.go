package eventstudy

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The specification and the design live in docs/ (issue 18). Code and docs
// cite them as
//
//	docs/methodology.md 6.7     METHODOLOGY.md 6.7     METHODOLOGY 6.6
//	METHODOLOGY.md section 12   METHODOLOGY.md 2, 12   METHODOLOGY.md 8.2/8.3
//	[methodology.md](methodology.md) 4.5
//	METHODOLOGY.md 6.0 "Minimum sizes"   (a phrase of that section)
//	docs/design.md "Outputs"    DESIGN.md "CLI"    DESIGN "Errors and bad input"
//	[design.md](design.md) "Inputs"
//
// The bare METHODOLOGY.md and DESIGN.md forms name the files that used to
// live outside the repository; they resolve to docs/methodology.md and
// docs/design.md. TestDocReferences fails on any reference whose section is
// missing there.
const (
	methodologyDoc = "docs/methodology.md"
	designDoc      = "docs/design.md"
)

var (
	// methodologyRef matches a reference to the specification followed by
	// one or more section numbers; Go comments may break the line ("//").
	methodologyRef = regexp.MustCompile(
		`(?:\[(?:docs/)?methodology\.md\]\([^)\s]*methodology\.md(?:#[^)\s]*)?\)|(?:docs/)?methodology\.md|METHODOLOGY(?:\.md)?)` +
			`(?:[ \t]|\n[ \t]*(?://)?[ \t]*)*(?:sections?[ \t]+|§[ \t]*)?` +
			`(\d+(?:\.\d+)?\b(?:[ \t]*(?:,|/|and|&)(?:[ \t]|\n[ \t]*(?://)?[ \t]*)*(?:§[ \t]*)?\d+(?:\.\d+)?\b)*)` +
			`(?:[ \t]*"([^"\n]+)")?`)
	sectionNumber = regexp.MustCompile(`\d+(?:\.\d+)?`)
	// designRef matches a reference to a design section by its name.
	designRef = regexp.MustCompile(
		`(?:\[(?:docs/)?design\.md\]\([^)\s]*design\.md(?:#[^)\s]*)?\)|(?:docs/)?design\.md|DESIGN(?:\.md)?)` +
			`(?:[ \t]|\n[ \t]*(?://)?[ \t]*)*"([^"\n]+)"`)
	// numberedHeading is a heading of the specification: "## 6. Tests",
	// "### 6.7 Corrado (1989) ...".
	numberedHeading = regexp.MustCompile(`^(#{1,6})[ \t]+(\d+(?:\.\d+)*)\.?[ \t]+(.*)$`)
	heading         = regexp.MustCompile(`^(#{1,6})[ \t]+(.+?)[ \t]*#*$`)
)

// docRef is one cited section.
type docRef struct {
	doc     string // methodologyDoc or designDoc
	section string // "6.7" or "Outputs"
	phrase  string // a quoted phrase after a section number, or ""
	where   string // file:line
}

// scanRefs returns the references in the text of file name.
func scanRefs(name string, text []byte) []docRef {
	line := func(off int) string {
		return fmt.Sprintf("%s:%d", name, 1+bytes.Count(text[:off], []byte("\n")))
	}
	var refs []docRef
	for _, m := range methodologyRef.FindAllSubmatchIndex(text, -1) {
		list := string(text[m[2]:m[3]])
		phrase := ""
		if m[4] >= 0 {
			phrase = string(text[m[4]:m[5]])
		}
		nums := sectionNumber.FindAllString(list, -1)
		for i, n := range nums {
			r := docRef{doc: methodologyDoc, section: n, where: line(m[0])}
			if i == len(nums)-1 {
				r.phrase = phrase // the phrase belongs to the last number
			}
			refs = append(refs, r)
		}
	}
	for _, m := range designRef.FindAllSubmatchIndex(text, -1) {
		refs = append(refs, docRef{doc: designDoc, section: string(text[m[2]:m[3]]), where: line(m[0])})
	}
	return refs
}

// section is one heading of a document with the text up to the next
// heading of the same or a higher level.
type section struct {
	level       int
	number      string // "6.7", "" for an unnumbered heading
	title, body string
}

// parseSections splits a markdown document at its headings (outside code
// fences).
func parseSections(text string) []section {
	var secs []section
	var open []int // indices of sections whose body is still growing
	fence := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fence = !fence
		}
		if !fence {
			if h := heading.FindStringSubmatch(l); h != nil {
				s := section{level: len(h[1]), title: h[2]}
				if n := numberedHeading.FindStringSubmatch(l); n != nil {
					s.number, s.title = n[2], n[3]
				}
				kept := open[:0]
				for _, i := range open {
					if secs[i].level < s.level {
						kept = append(kept, i)
					}
				}
				open = append(kept, len(secs))
				secs = append(secs, s)
				continue
			}
		}
		for _, i := range open {
			secs[i].body += l + "\n"
		}
	}
	return secs
}

// resolve reports why r does not resolve in secs, or "".
func resolve(r docRef, secs []section) string {
	if r.doc == methodologyDoc {
		for _, s := range secs {
			if s.number != r.section {
				continue
			}
			if r.phrase != "" && !strings.Contains(strings.ToLower(s.title+"\n"+s.body), strings.ToLower(r.phrase)) {
				return fmt.Sprintf("section %s of %s has no %q", r.section, r.doc, r.phrase)
			}
			return ""
		}
		return fmt.Sprintf("%s has no section %s", r.doc, r.section)
	}
	want := strings.ToLower(strings.TrimSpace(r.section))
	for _, s := range secs {
		t := strings.ToLower(s.title)
		if t == want || strings.HasPrefix(t, want+" ") || strings.HasPrefix(t, want+"(") {
			return ""
		}
	}
	return fmt.Sprintf("%s has no section %q", r.doc, r.section)
}

// trackedFiles lists the repository's .go and .md files: git's list when
// this is a git checkout, else every such file under the module root
// (hidden directories skipped).
func trackedFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	if out, err := exec.Command("git", "ls-files", "-z", "--", "*.go", "*.md").Output(); err == nil && len(out) > 0 {
		for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
			if _, err := os.Stat(f); err == nil { // deleted in the work tree: skip
				files = append(files, filepath.FromSlash(f))
			}
		}
		return files
	}
	t.Log("no git file list; walking the directory tree")
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".md")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestDocReferences checks that every section the code and the docs cite
// exists in docs/methodology.md and docs/design.md.
func TestDocReferences(t *testing.T) {
	docs := map[string][]section{}
	for _, d := range []string{methodologyDoc, designDoc} {
		b, err := os.ReadFile(filepath.FromSlash(d))
		if err != nil {
			t.Fatalf("%v (the specification must be in the repository)", err)
		}
		docs[d] = parseSections(string(b))
	}
	files := trackedFiles(t)
	sort.Strings(files)
	counts := map[string]int{}
	for _, f := range files {
		if filepath.ToSlash(f) == "docs_test.go" {
			continue // its examples of citation forms are not citations
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range scanRefs(filepath.ToSlash(f), b) {
			counts[r.doc]++
			if why := resolve(r, docs[r.doc]); why != "" {
				t.Errorf("%s: cites %s %q: %s", r.where, r.doc, r.section, why)
			}
		}
	}
	// The repository cites the specification about a hundred times: a
	// scanner that finds none is broken, not the references.
	if counts[methodologyDoc] < 10 || counts[designDoc] < 3 {
		t.Errorf("found %d references to %s and %d to %s; the scanner misses the citation forms",
			counts[methodologyDoc], methodologyDoc, counts[designDoc], designDoc)
	}
	t.Logf("%d files, %d references to %s, %d to %s", len(files), counts[methodologyDoc], methodologyDoc, counts[designDoc], designDoc)
}

// TestDocReferenceForms pins the citation forms the scanner understands,
// and that a missing section is reported.
func TestDocReferenceForms(t *testing.T) {
	cases := []struct {
		text string
		want []string // doc|section|phrase
	}{
		{"// CAR (METHODOLOGY.md 4.1),", []string{"m|4.1|"}},
		{"see docs/methodology.md 6.7.", []string{"m|6.7|"}},
		{"identity of\nMETHODOLOGY 6.6), then", []string{"m|6.6|"}},
		{"// rows (METHODOLOGY.md\n// 6.13): x", []string{"m|6.13|"}},
		{"(METHODOLOGY.md 2, 12) and", []string{"m|2|", "m|12|"}},
		{"(METHODOLOGY.md 3, 4.1, 5).", []string{"m|3|", "m|4.1|", "m|5|"}},
		{"from METHODOLOGY.md 8.2/8.3 (four", []string{"m|8.2|", "m|8.3|"}},
		{"(METHODOLOGY.md 6.7 and 6.11).", []string{"m|6.7|", "m|6.11|"}},
		{"METHODOLOGY.md section 12 options", []string{"m|12|"}},
		{`(METHODOLOGY.md 6.0 "Minimum sizes").`, []string{"m|6.0|Minimum sizes"}},
		{"[methodology.md](methodology.md) 4.5", []string{"m|4.5|"}},
		{"(METHODOLOGY.md 8.3, 1e-8)", []string{"m|8.3|"}},
		{"`METHODOLOGY.md` (the project's specification)", nil},
		{`(DESIGN.md "Outputs").`, []string{"d|Outputs|"}},
		{`docs/design.md "Errors and bad input"`, []string{"d|Errors and bad input|"}},
		{`(DESIGN "Errors and bad input") look`, []string{"d|Errors and bad input|"}},
		{`[design.md](design.md) "Inputs"`, []string{"d|Inputs|"}},
	}
	short := map[string]string{methodologyDoc: "m", designDoc: "d"}
	for _, c := range cases {
		var got []string
		for _, r := range scanRefs("x", []byte(c.text)) {
			got = append(got, short[r.doc]+"|"+r.section+"|"+r.phrase)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q: got %q, want %q", c.text, got, c.want)
		}
	}

	secs := parseSections("# T\n\n## 6. Tests\n\n### 6.0 Output\n\n**Minimum sizes.** x\n\n```\n## 9.9 in a fence\n```\n### 6.1 Single\n\n## Outputs (the contract)\n")
	for _, c := range []struct {
		r  docRef
		ok bool
	}{
		{docRef{doc: methodologyDoc, section: "6"}, true},
		{docRef{doc: methodologyDoc, section: "6.0", phrase: "minimum sizes"}, true},
		{docRef{doc: methodologyDoc, section: "6", phrase: "Minimum sizes"}, true},
		{docRef{doc: methodologyDoc, section: "6.1", phrase: "Minimum sizes"}, false},
		{docRef{doc: methodologyDoc, section: "6.2"}, false},
		{docRef{doc: methodologyDoc, section: "9.9"}, false},
		{docRef{doc: designDoc, section: "Outputs"}, true},
		{docRef{doc: designDoc, section: "Out"}, false},
		{docRef{doc: designDoc, section: "CLI"}, false},
	} {
		if why := resolve(c.r, secs); (why == "") != c.ok {
			t.Errorf("resolve(%+v) = %q, want ok=%v", c.r, why, c.ok)
		}
	}
}
