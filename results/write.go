package results

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/breachlab/eventstudy/internal/parallel"
)

// Formats are the output formats ParseFormats accepts, in writing order.
// "csv" is always written.
var Formats = []string{"csv", "json", "md", "tex", "xlsx", "parquet"}

var formatAlias = map[string]string{
	"markdown": "md", "latex": "tex", "excel": "xlsx", "xls": "xlsx",
}

// ParseFormats reads a comma list of output formats ("csv,json,md,tex,xlsx",
// case-insensitive; "markdown", "latex" and "excel" are accepted too).
// The result is deduplicated, in Formats order, and always has "csv".
func ParseFormats(s string) ([]string, error) {
	want := map[string]bool{"csv": true}
	var bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if a, ok := formatAlias[f]; ok {
			f = a
		}
		if !isFormat(f) {
			bad = append(bad, f)
			continue
		}
		want[f] = true
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("unknown output format %s; use a comma list of %s",
			strings.Join(quoteAll(bad), ", "), strings.Join(Formats, ", "))
	}
	var out []string
	for _, f := range Formats {
		if want[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

func isFormat(f string) bool {
	for _, g := range Formats {
		if f == g {
			return true
		}
	}
	return false
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

// namedFile is one file of the output directory: its bytes, or, for the
// large tables, a function that streams them into the file.
type namedFile struct {
	name  string
	data  []byte
	write func(*bufio.Writer) error
}

// Write writes the set into dir atomically.
//
// The small files are rendered in memory first and every input is checked
// (such an error touches no file); the large tables (ar.csv, car.csv,
// prices.csv) are streamed into their temp files, so a write error there
// only removes the temp dir. The protocol is:
//
//  1. create the parent if missing, then a fresh temp dir next to dir (same parent, so renames stay on
//     one file system): ".<dir>.tmp-XXXX";
//  2. write every file into it, fsync each file, then fsync the temp dir;
//  3. if dir does not exist: rename temp -> dir, fsync the parent;
//  4. if dir exists (it must be empty or hold a manifest.json: Write never
//     replaces a directory that is not a results directory): on Linux the
//     two are swapped in one step (renameat2 RENAME_EXCHANGE), so dir is
//     complete at every instant; elsewhere, or where the file system cannot
//     exchange, dir is first renamed aside to ".<dir>.old-XXXX" and then
//     temp -> dir (if that fails the old dir is renamed back). The parent
//     is fsync'd, and only then the old directory is removed.
//
// A crash therefore leaves dir either old and complete or new and complete;
// in the two-rename fallback a crash between the renames leaves no dir,
// but the complete old one as ".<dir>.old-XXXX" (and the new one as
// ".<dir>.tmp-XXXX") next to it. Writers hold a lock on the parent (flock,
// released by the kernel when a process dies), so the next Write into the
// same parent removes the temp dirs of killed runs, and their aside dirs
// once dir exists again. On any error the temp dir is removed and
// dir is untouched. Inputs are never opened for writing.
//
// Files: events.csv, ar.csv, car.csv, tests.csv, aar.csv, prices.csv,
// regression.csv (only if it has rows), warnings.csv, the tables of
// set.Extra, manifest.json; per formats "json" results.json and "xlsx"
// results.xlsx (every table), "md" tables.md, "tex" tables.tex.
// extra adds files (e.g. report.html) by base name; they may not replace
// one of the tables.
func Write(dir string, set *Set, formats []string, extra map[string][]byte) error {
	return WriteStreams(dir, set, formats, extra, nil)
}

// Stream writes one extra file's bytes to w; an error removes the temp dir
// as any write error does.
type Stream func(w io.Writer) error

// WriteStreams is Write with extra files produced while the directory is
// written (the report, rendered straight into its temp file instead of a
// buffer). The files are written concurrently, one per core, so a Stream
// and the table writers must only read set.
func WriteStreams(dir string, set *Set, formats []string, extra map[string][]byte, streams map[string]Stream) error {
	return WriteStreamsProgress(dir, set, formats, extra, streams, nil)
}

// WriteStreamsProgress is WriteStreams telling progress, if not nil, each
// time a file is written: the files done and their number, done rising by
// one to total, one call at a time.
func WriteStreamsProgress(dir string, set *Set, formats []string, extra map[string][]byte, streams map[string]Stream, progress func(done, total int)) error {
	files, err := render(set, formats, extra)
	if err != nil {
		return err
	}
	if files, err = addStreams(files, streams); err != nil {
		return err
	}
	return writeDirAtomic(dir, files, progress)
}

// addStreams appends streams to files in name order, under the rules of
// extra files.
func addStreams(files []namedFile, streams map[string]Stream) ([]namedFile, error) {
	return addExtras(files, streams, func(name string, stream Stream) namedFile {
		return namedFile{name: name, write: func(w *bufio.Writer) error { return stream(w) }}
	})
}

// addExtras appends file(name, extra[name]) to files for every name of
// extra, in name order, after checking the name (extraName).
func addExtras[V any](files []namedFile, extra map[string]V, file func(name string, v V) namedFile) ([]namedFile, error) {
	taken := map[string]bool{}
	for _, f := range files {
		taken[f.name] = true
	}
	for _, n := range slices.Sorted(maps.Keys(extra)) {
		if err := extraName(n, taken); err != nil {
			return nil, err
		}
		taken[n] = true
		files = append(files, file(n, extra[n]))
	}
	return files, nil
}

// extraName checks the name of an extra output file.
func extraName(n string, taken map[string]bool) error {
	if n == "" || n != filepath.Base(n) || n == "." || n == ".." || strings.ContainsAny(n, `/\`) {
		return fmt.Errorf("extra output file %q: want a plain file name", n)
	}
	if taken[n] {
		return fmt.Errorf("extra output file %q would replace a results table or another extra file", n)
	}
	return nil
}

// render produces every file of the directory, in a fixed order.
func render(set *Set, formats []string, extra map[string][]byte) ([]namedFile, error) {
	if set == nil {
		return nil, errors.New("results: nothing to write (nil set)")
	}
	want := map[string]bool{}
	for _, f := range formats {
		if !isFormat(f) {
			return nil, fmt.Errorf("unknown output format %q; use one of %s", f, strings.Join(Formats, ", "))
		}
		want[f] = true
	}
	tables, err := set.Tables()
	if err != nil {
		return nil, err
	}
	tables = selectTables(tables, set.Outputs) // outputs.go
	var files []namedFile
	for _, t := range tables {
		files = append(files, tableFile(t, set.Gzip))
	}
	m := manifestFor(set)
	mb, err := marshalIndent(m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestFile, err)
	}
	files = append(files, namedFile{name: ManifestFile, data: mb})

	if want["json"] {
		b, err := resultsJSON(m, tables)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", JSONFile, err)
		}
		files = append(files, namedFile{name: JSONFile, data: b})
	}
	if want["md"] {
		files = append(files, namedFile{name: MarkdownFile, data: markdownTables(set)})
	}
	if want["tex"] {
		files = append(files, namedFile{name: TeXFile, data: texTables(set)})
	}
	if want["parquet"] { // parquet.go: the big tables
		for _, t := range tables {
			if f, ok := parquetFile(t); ok {
				files = append(files, f)
			}
		}
	}
	if want["xlsx"] {
		b, err := xlsxBytes(tables)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", XLSXFile, err)
		}
		files = append(files, namedFile{name: XLSXFile, data: b})
	}

	return addExtras(files, extra, func(name string, data []byte) namedFile {
		return namedFile{name: name, data: data}
	})
}

// manifestFor is the manifest as written: nil lists become [] (stable
// JSON) and EventMeta records what events.csv does not carry.
func manifestFor(set *Set) Manifest {
	m := set.Manifest
	if m.Inputs == nil {
		m.Inputs = []InputFile{}
	}
	if m.Anchoring == nil {
		m.Anchoring = []string{}
	}
	m.Anchoring = boundAnchoring(m.Anchoring) // outputs.go
	m.WarningCodes = SummarizeWarnings(m.Warnings)
	if m.Exclusions == nil {
		m.Exclusions = []Exclusion{}
	}
	m.EventMeta = nil
	if len(set.Events) > 0 {
		m.EventMeta = make([]EventMeta, 0, len(set.Events)) // grown by append, 30 MB of garbage at 100,000 events
	}
	for _, e := range set.Events {
		m.EventMeta = append(m.EventMeta, EventMeta{EventID: e.EventID, Group: e.Group, Source: e.Source, Attributes: e.Attributes})
	}
	return m
}

// resultsJSON is results.json: the manifest, then every table under its
// file's base name ("car", "stages"), with the same numbers as the CSVs
// (missing as null). The object is assembled key by key, so the tables
// of Set.Extra, whose row types this package does not know, are keys too;
// the bytes are what encoding/json writes for a struct of these fields
// with a two-space indent.
func resultsJSON(m Manifest, tables []Table) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n")
	add := func(key string, v any) error {
		fmt.Fprintf(&b, "  %q: ", key)
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("  ", "  ")
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		b.Truncate(b.Len() - 1) // Encode's newline
		return nil
	}
	if err := add("manifest", m); err != nil {
		return nil, err
	}
	for _, t := range tables {
		b.WriteString(",\n")
		if err := add(jsonKey(t), t.jsonRows()); err != nil {
			return nil, err
		}
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// marshalIndent is JSON with two-space indent, no HTML escaping (the files
// are data, not HTML) and a trailing newline.
func marshalIndent(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Test hooks: how an output file is opened, and how two directories are
// exchanged. Tests replace them to inject failures (a failing or full
// device) and to exercise the two-rename fallback.
var (
	openOutput = func(path string) (*os.File, error) {
		return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	}
	exchangeDirs = renameExchange
	renameDir    = os.Rename
)

// writeDirAtomic writes files into a fresh temporary sibling of dir and
// moves it into place, so that dir holds either the old or the complete
// new results, never a mix (a killed run leaves only a temp dir behind).
func writeDirAtomic(dir string, files []namedFile, progress func(done, total int)) (err error) {
	dir, exists, err := outputDir(dir)
	if err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	// Missing parents are created (like mkdir -p), so -o results/tmobile works.
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("cannot create the output directory %s: %w; check that its parent is a writable directory", dir, err)
	}
	unlock, locked := lockDir(parent)
	defer unlock()
	removeStale(parent, base, exists, locked)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return fmt.Errorf("cannot create the output directory %s: %w; check that its parent is a writable directory", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeFiles(tmp, dir, files, progress); err != nil {
		return err
	}
	// MkdirTemp makes the directory private (0700); results are ordinary files.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := syncDir(tmp); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	if !exists {
		if err := renameDir(tmp, dir); err != nil {
			return fmt.Errorf("cannot move the results into %s: %w", dir, err)
		}
		return syncDir(parent)
	}
	return replaceDir(tmp, dir, parent, base)
}

// outputDir resolves the output directory: through a symlink to the
// directory it points to (keeping the link), and whether it exists.
func outputDir(dir string) (string, bool, error) {
	dir = filepath.Clean(dir)
	if fi, lerr := os.Lstat(dir); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if target, serr := filepath.EvalSymlinks(dir); serr == nil {
			dir = target
		}
	}
	switch fi, serr := os.Stat(dir); {
	case serr == nil && !fi.IsDir():
		return dir, false, fmt.Errorf("output %s exists and is not a directory; choose another output directory", dir)
	case serr == nil:
		if err := replaceable(dir); err != nil {
			return dir, false, err
		}
		return dir, true, nil
	case !errors.Is(serr, fs.ErrNotExist):
		return dir, false, fmt.Errorf("cannot use %s as the output directory: %w; choose a path whose parents are directories", dir, unwrapPath(serr))
	}
	return dir, false, nil
}

// writeFiles writes files into tmp, one file per core: formatting the big
// tables (and rendering a streamed report) is CPU work. The streamed files
// (the big tables and the report) start first, the last-named first, so
// that the longest job (the report) is not left for the end while the
// other core idles. Each file is fsync'd on a goroutine of its own while
// the core goes on to the next file: a worker waiting for the disk left a
// core idle. The first error in file order is reported, named under dir.
func writeFiles(tmp, dir string, files []namedFile, progress func(done, total int)) error {
	order := make([]int, 0, len(files))
	for i := len(files) - 1; i >= 0; i-- {
		if files[i].write != nil {
			order = append(order, i)
		}
	}
	for i, f := range files {
		if f.write == nil {
			order = append(order, i)
		}
	}
	errs := make([]error, len(files))
	var mu sync.Mutex
	done := 0
	finished := func(i int, err error) {
		errs[i] = err
		if progress != nil {
			mu.Lock()
			done++
			progress(done, len(files))
			mu.Unlock()
		}
	}
	var syncs sync.WaitGroup
	parallel.For(len(order), func(k int) {
		i := order[k]
		out, err := writeFile(filepath.Join(tmp, files[i].name), files[i])
		if err != nil {
			finished(i, err)
			return
		}
		syncs.Go(func() { finished(i, syncClose(out)) })
	})
	syncs.Wait()
	for i, werr := range errs {
		if werr != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, files[i].name), werr)
		}
	}
	return nil
}

// replaceDir puts the complete results in tmp in the place of the existing
// dir: one atomic exchange where the system has it, else two renames
// (dir aside, tmp in), moving the old results back if the second fails.
func replaceDir(tmp, dir, parent, base string) error {
	// Fast path: swap, then tmp holds the old results.
	if xerr := exchangeDirs(tmp, dir); xerr == nil {
		if err := syncDir(parent); err != nil {
			return err
		}
		return os.RemoveAll(tmp)
	}
	aside, err := os.MkdirTemp(parent, "."+base+".old-")
	if err != nil {
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	// Only its unique name was wanted; rename will not replace a directory.
	if err := os.Remove(aside); err != nil {
		return err
	}
	if err := renameDir(dir, aside); err != nil {
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	if err := renameDir(tmp, dir); err != nil {
		if rerr := renameDir(aside, dir); rerr != nil {
			return fmt.Errorf("cannot replace %s: %w; the previous results are in %s (%v)", dir, err, aside, rerr)
		}
		return fmt.Errorf("cannot replace %s: %w", dir, err)
	}
	if err := syncDir(parent); err != nil {
		return err
	}
	return os.RemoveAll(aside)
}

// staleAge is how old a temp dir must be before Write removes it where no
// lock tells whether its writer is alive.
const staleAge = time.Hour

// removeStale removes the ".<base>.tmp-*" dirs left in parent by killed
// runs, and their ".<base>.old-*" dirs when dir exists (without dir, an
// aside dir may hold the only complete results, so it is kept). Without
// the lock only dirs older than staleAge go: a live writer's are recent.
func removeStale(parent, base string, dirExists, locked bool) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		stale := strings.HasPrefix(n, "."+base+".tmp-") ||
			(dirExists && strings.HasPrefix(n, "."+base+".old-"))
		if !stale || !e.IsDir() {
			continue
		}
		if !locked {
			if fi, err := e.Info(); err != nil || time.Since(fi.ModTime()) < staleAge {
				continue
			}
		}
		os.RemoveAll(filepath.Join(parent, n))
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// replaceable refuses to replace a directory that is neither empty nor a
// results directory, so a mistyped --out never deletes unrelated files.
func replaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("output %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, ManifestFile)); err == nil {
		return nil
	}
	return fmt.Errorf("output %s exists and is not an eventstudy results directory (no %s); choose a new or empty directory",
		dir, ManifestFile)
}

// streamBuffer is the write buffer of a streamed table.
const streamBuffer = 1 << 20

// writeFile creates path and writes f into it (its bytes, or streamed
// through a buffer); the file is left open for syncClose, or closed on an
// error.
func writeFile(path string, f namedFile) (*os.File, error) {
	out, err := openOutput(path)
	if err != nil {
		return nil, err
	}
	if f.write != nil {
		w := bufio.NewWriterSize(out, streamBuffer)
		err = f.write(w)
		if err == nil {
			err = w.Flush()
		}
	} else {
		_, err = out.Write(f.data)
	}
	if err != nil {
		out.Close()
		return nil, err
	}
	return out, nil
}

// syncClose fsyncs a written file, so that it is complete on the disk
// before the directory holding it is renamed into place, and closes it.
func syncClose(out *os.File) error {
	err := out.Sync()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes the directory's entries (new names, renames) durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
