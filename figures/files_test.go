package figures

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.sha256")

// demoDir is the demo's results as the repository keeps them (the
// command's golden files): the fixture of every test here.
const demoDir = "../testdata/golden/demo"

var (
	demoOnce sync.Once
	demoSet  *results.Set
	demoErr  error
)

func demo(t *testing.T) *results.Set {
	t.Helper()
	demoOnce.Do(func() { demoSet, demoErr = results.Read(demoDir) })
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoSet
}

// rendered are the demo's figures in every format, drawn once.
var (
	renderOnce sync.Once
	rendered   map[string][]byte
	renderErr  error
)

func demoFiles(t *testing.T) map[string][]byte {
	t.Helper()
	set := demo(t)
	renderOnce.Do(func() {
		dir := t.TempDir()
		if _, renderErr = Write(dir, set, Options{Formats: Formats}); renderErr != nil {
			return
		}
		rendered = map[string][]byte{}
		entries, err := os.ReadDir(filepath.Join(dir, Dir))
		if err != nil {
			renderErr = err
			return
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, Dir, e.Name()))
			if err != nil {
				renderErr = err
				return
			}
			rendered[e.Name()] = b
		}
	})
	if renderErr != nil {
		t.Fatal(renderErr)
	}
	return rendered
}

func byExt(files map[string][]byte, ext string) []string {
	var out []string
	for n := range files {
		if strings.HasSuffix(n, "."+ext) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// The golden file holds the SHA-256 and size of every figure of the demo
// (the bytes themselves are ~20 MB, mostly embedded fonts): same results,
// same bytes. After an intended change: go test ./figures -run TestGolden -update
func TestGoldenFigureBytes(t *testing.T) {
	files := demoFiles(t)
	var b strings.Builder
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(&b, "%x  %8d  %s\n", sha256.Sum256(files[n]), len(files[n]), n)
	}
	path := filepath.Join("testdata", "golden.sha256")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got := b.String(); got != string(want) {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		for i := range max(len(wl), len(gl)) {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Errorf("line %d:\n want %s\n  got %s", i+1, w, g)
			}
		}
	}
	// and the drawing is deterministic within a run too (no map order)
	again, _, formats, err := build(demo(t), Options{Formats: []string{"pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range again[:3] {
		b, err := encode(f.plot, DoubleColumn, f.h, formats[0])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, files[f.name+".pdf"]) {
			t.Errorf("%s.pdf: a second drawing differs", f.name)
		}
	}
}

var pageRe = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// Every PDF: a PDF header, one page, the fonts embedded (a FontFile2
// stream per TrueType font), fixed dates, an end-of-file marker.
func TestPDFFiles(t *testing.T) {
	files := demoFiles(t)
	pdfs := byExt(files, "pdf")
	if len(pdfs) < 40 {
		t.Fatalf("%d PDFs, want the demo's 50 or so", len(pdfs))
	}
	for _, n := range pdfs {
		b := files[n]
		switch {
		case !bytes.HasPrefix(b, []byte("%PDF-")):
			t.Errorf("%s: no %%PDF- header", n)
		case len(pageRe.FindAll(b, -1)) != 1:
			t.Errorf("%s: %d pages, want 1", n, len(pageRe.FindAll(b, -1)))
		case !bytes.Contains(b, []byte("/FontFile2")):
			t.Errorf("%s: fonts not embedded", n)
		case !bytes.Contains(b, []byte("/CreationDate (D:20000101000000)")):
			t.Errorf("%s: creation date not the fixed one", n)
		case !bytes.Contains(b, []byte("trailer")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")):
			t.Errorf("%s: no trailer or %%%%EOF", n)
		default:
			if why := checkXref(b); why != "" {
				t.Errorf("%s: %s", n, why)
			}
		}
	}
}

var (
	startxrefRe = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefEntryRe = regexp.MustCompile(`^(\d{10}) (\d{5}) ([nf])`)
)

// checkXref follows the trailer's startxref to the cross-reference table
// and checks that every in-use entry points at its "k 0 obj": a reader
// finds every object where the file says it is.
func checkXref(b []byte) string {
	m := startxrefRe.FindSubmatch(b)
	if m == nil {
		return "no startxref"
	}
	off, _ := strconv.Atoi(string(m[1]))
	if off >= len(b) || !bytes.HasPrefix(b[off:], []byte("xref")) {
		return fmt.Sprintf("startxref %d does not point at xref", off)
	}
	lines := strings.Split(string(b[off:]), "\n")
	if len(lines) < 3 {
		return "short xref"
	}
	var first, count int
	if _, err := fmt.Sscanf(lines[1], "%d %d", &first, &count); err != nil || count < 2 {
		return "bad xref subsection " + lines[1]
	}
	for k := 0; k < count; k++ {
		e := xrefEntryRe.FindStringSubmatch(lines[2+k])
		if e == nil {
			return "bad xref entry " + lines[2+k]
		}
		if e[3] != "n" {
			continue
		}
		at, _ := strconv.Atoi(e[1])
		if want := fmt.Sprintf("%d 0 obj", first+k); at >= len(b) || !bytes.HasPrefix(b[at:], []byte(want)) {
			return fmt.Sprintf("xref entry %d points at offset %d, not %q", first+k, at, want)
		}
	}
	return ""
}

// Every SVG is well-formed XML with at least one non-empty path.
func TestSVGFiles(t *testing.T) {
	files := demoFiles(t)
	svgs := byExt(files, "svg")
	if len(svgs) != len(byExt(files, "pdf")) {
		t.Fatalf("%d SVGs but %d PDFs", len(svgs), len(byExt(files, "pdf")))
	}
	for _, n := range svgs {
		d := xml.NewDecoder(bytes.NewReader(files[n]))
		paths, root := 0, ""
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: not XML: %v", n, err)
				break
			}
			if se, ok := tok.(xml.StartElement); ok {
				if root == "" {
					root = se.Name.Local
				}
				for _, a := range se.Attr {
					if se.Name.Local == "path" && a.Name.Local == "d" && strings.TrimSpace(a.Value) != "" {
						paths++
					}
				}
			}
		}
		if root != "svg" || paths == 0 {
			t.Errorf("%s: root <%s>, %d non-empty paths", n, root, paths)
		}
	}
}

// Every PNG decodes at 300 dpi of the width and is not blank: it has
// both light and dark pixels and a spread of grey levels.
func TestPNGFiles(t *testing.T) {
	files := demoFiles(t)
	pngs := byExt(files, "png")
	if len(pngs) == 0 {
		t.Fatal("no PNG")
	}
	for _, n := range pngs {
		img, err := png.Decode(bytes.NewReader(files[n]))
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if w := img.Bounds().Dx(); w != int(DoubleColumn.Points()/72*PNGDPI+0.5) {
			t.Errorf("%s: %d pixels wide, want 7.2 in at %d dpi", n, w, PNGDPI)
		}
		if v := lumaVariance(img); v < 50 {
			t.Errorf("%s: luma variance %.1f: blank?", n, v)
		}
	}
}

// lumaVariance is the variance of the pixels' luma (0-255), by a plain
// two-pass loop.
func lumaVariance(img image.Image) float64 {
	b := img.Bounds()
	var ys []float64
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			ys = append(ys, (0.299*float64(r)+0.587*float64(g)+0.114*float64(bl))/257)
		}
	}
	var m float64
	for _, v := range ys {
		m += v
	}
	m /= float64(len(ys))
	var s float64
	for _, v := range ys {
		s += (v - m) * (v - m)
	}
	return s / float64(len(ys))
}

// checkXref notices a shifted object: one byte more before the first
// object moves every offset.
func TestCheckXrefCatchesShift(t *testing.T) {
	files := demoFiles(t)
	b := files["group-breach-caar.pdf"]
	if why := checkXref(b); why != "" {
		t.Fatal(why)
	}
	i := bytes.Index(b, []byte("1 0 obj"))
	bad := append(append(slices.Clone(b[:i]), ' '), b[i:]...)
	if checkXref(bad) == "" {
		t.Error("a shifted object passed")
	}
}
