package prices

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/breachlab/eventstudy/inputerr"
)

// A Parquet panel (one file, or a directory of files at any depth, as
// Spark, DuckDB, Polars and pyarrow write them, with hive partitions
// "symbol=TMUS/part-0.parquet", "year=2021/...") is read into the
// loader's canonical comma text and parsed by the same stages as a CSV
// file, so a panel gives the same series, notes and results whether it
// comes as CSV or as Parquet. Only the columns the loader uses are
// decoded (the date, symbol and value columns, the other price columns
// of a daily bar and the volume; the rest stay empty cells of the
// header), and a row group whose statistics show no date or symbol the
// study keeps (LoadOptions.Keep, Symbols) is not read at all.
//
// Lines of the canonical text are rows of the files: a problem is
// reported as file.parquet:ROW, the row counted from 1 in the file.

// parquetMagic starts and ends every Parquet file.
var parquetMagic = []byte("PAR1")

// pqFile is one Parquet file of a panel and the hive partition values
// of its directories (key=value path segments below the panel's root).
type pqFile struct {
	path  string
	parts []pqPart
}

type pqPart struct{ key, val string }

// parquetFiles lists the Parquet files of path: the file itself when it
// begins with PAR1; a directory's *.parquet files (and files without an
// extension that begin with PAR1) at any depth, sorted, when it holds
// any. ok is false for anything else (read as text).
func parquetFiles(path string) (files []pqFile, skipped int, ok bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, false
	}
	if !fi.IsDir() {
		if !isParquetFile(path) {
			return nil, 0, false
		}
		return []pqFile{{path: path}}, 0, true
	}
	_ = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if p != path && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			// Spark's _SUCCESS, _temporary, .crc files and hidden
			// files are not data.
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// Hive, Trino and Athena name their files without an extension
		// (000000_0): such a file is Parquet when it begins with PAR1.
		ext := filepath.Ext(name)
		if !strings.EqualFold(ext, ".parquet") && (ext != "" || !isParquetFile(p)) {
			skipped++
			return nil
		}
		rel, _ := filepath.Rel(path, filepath.Dir(p))
		files = append(files, pqFile{path: p, parts: hiveParts(rel)})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, skipped, len(files) > 0
}

// isParquetFile reports whether the file at path begins with PAR1.
func isParquetFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [4]byte
	n, _ := io.ReadFull(f, head[:])
	return n == 4 && bytes.Equal(head[:], parquetMagic)
}

// notParquet refuses a file named .parquet that does not begin with PAR1
// and is empty or binary (a failed download, Feather, ORC, Avro): read as
// a CSV it was refused with advice about CSV headers. A text file so
// named (or gzip, a workbook, UTF-16) is read as the text loader reads
// it.
func notParquet(path string) *inputerr.InputError {
	if !strings.EqualFold(filepath.Ext(path), ".parquet") {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	what := ""
	switch {
	case n == 0:
		what = "empty file, not Parquet"
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}), bytes.HasPrefix(head, []byte("PK\x03\x04")), utf16Order(head) != "":
		return nil // gzip, a workbook, UTF-16: the text loader reads them
	case bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(head) && (n < 512 || !utf8.Valid(head[:n-utf8.UTFMax])):
		// (the 512th byte may cut a character)
		what = fmt.Sprintf("not a Parquet file (it begins with %q, not PAR1) nor text", head[:min(n, 4)])
	default:
		return nil
	}
	return &inputerr.InputError{File: path, What: what, Hint: "write it again with Spark, DuckDB, Polars or pyarrow, or give the CSV file"}
}

// hiveParts reads the key=value segments of a relative directory path,
// the values unescaped as Hive escapes them ("%2F"); Hive's
// __HIVE_DEFAULT_PARTITION__ is a null, kept as an empty value.
func hiveParts(rel string) []pqPart {
	var out []pqPart
	for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
		k, v, ok := strings.Cut(seg, "=")
		if !ok || k == "" {
			continue
		}
		if u, err := url.PathUnescape(v); err == nil {
			v = u
		}
		if v == "__HIVE_DEFAULT_PARTITION__" {
			v = ""
		}
		out = append(out, pqPart{key: k, val: v})
	}
	return out
}

// loadParquet reads the Parquet panel at path (its files) like Load.
func loadParquet(path string, files []pqFile, skipped int, opt LoadOptions) (*Panel, error) {
	pl, err := planParquet(path, files, opt)
	if err != nil {
		return nil, err
	}
	defer pl.close()
	if pl.rows() == 0 {
		// The CSV words ("header only") would not fit a file without lines.
		return nil, &inputerr.InputError{File: path, What: fmt.Sprintf("no rows: the Parquet data has the columns %s and 0 rows", strings.Join(pl.names, ", ")),
			Hint: "point --prices at the file or directory that holds the panel's rows"}
	}
	fr, ok := (*fileResult)(nil), false
	if pl.direct() { // parquet_direct.go
		fr, ok = pl.loadDirect(path, opt)
	}
	if !ok {
		if fr, err = pl.loadText(path, opt); err != nil {
			return nil, err
		}
	}
	p := &Panel{Series: map[string]*Series{}, Layout: fr.layout, Detail: fr.detail, Notes: fr.notes, Names: fr.names}
	for _, f := range files {
		p.Files = append(p.Files, f.path)
	}
	if fr.unadjusted != "" {
		p.Notes = append(p.Notes, unadjustedNote(path, fr.unadjusted))
	}
	if n := pl.skippedNote(path, skipped); n != "" {
		p.Notes = append(p.Notes, n)
	}
	for _, s := range fr.series {
		p.Series[s.Symbol] = s
	}
	p.Names = mergeNames(p.Names, pl.partNames)
	p.Names = mergeNames(p.Names, pl.syms.names())
	return p, nil
}

// rows is the number of rows in the plan's files, before any row group
// is skipped.
func (pl *pqPlan) rows() int64 {
	var n int64
	for _, t := range pl.tasks {
		n += t.rows
	}
	return n
}

// loadText reads the panel as its canonical text.
func (pl *pqPlan) loadText(path string, opt LoadOptions) (*fileResult, error) {
	src, err := pl.decode()
	if err != nil {
		return nil, err
	}
	fs := &source{r: src, size: src.size, tidied: true, steps: []string{pl.step()}, table: "Parquet", dateType: pl.dateType()}
	var errs inputerr.InputErrors
	single := ""
	if len(pl.files) == 1 && pl.L.kind == "yahoo-file" { // a wide file names its series
		single = fileSymbol(strings.TrimSuffix(filepath.Base(pl.files[0].path), filepath.Ext(pl.files[0].path)))
	}
	fr := loadSource(path, single, opt, &errs, fs)
	if len(errs) > 0 {
		return nil, pl.rowErrors(errs)
	}
	return fr, nil
}

// mergeNames adds the symbols of partitions not read to a panel's Names.
func mergeNames(names, more []string) []string {
	if len(more) == 0 {
		return names
	}
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	for _, n := range more {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// step is the detection line's first part: what was read.
func (pl *pqPlan) step() string {
	groups, read, rows := 0, 0, int64(0)
	for _, t := range pl.tasks {
		groups++
		if !t.skip {
			read++
			rows += t.rows
		}
	}
	files := "1 file"
	if len(pl.files) != 1 {
		files = fmt.Sprintf("%d files", len(pl.files))
	}
	return fmt.Sprintf("parquet (%s, %d of %d row groups read, %d rows, columns %s)", files, read, groups, rows, strings.Join(pl.readNames(), ", "))
}

// dateType is the date column's Parquet type for the detection line;
// "" for a text or integer column, whose format the text's date
// detection describes.
func (pl *pqPlan) dateType() string {
	k := pl.L.dateCol
	if k < 0 || len(pl.open) == 0 || pl.open[0].leaf[k] < 0 {
		return ""
	}
	switch c := pl.open[0].cell[k]; {
	case c.kind == pqDate:
		return "DATE"
	case c.kind == pqTimestamp && c.utc:
		return "TIMESTAMP (UTC instants: their UTC date)"
	case c.kind == pqTimestamp:
		return "TIMESTAMP (their date)"
	case c.kind == pqInt96:
		return "INT96 timestamps (UTC instants: their UTC date)"
	}
	return ""
}

// skippedNote says what was not read: row groups outside the study's
// dates or symbols, partitions of other symbols, other files.
func (pl *pqPlan) skippedNote(path string, skipped int) string {
	var parts []string
	rows, groups := int64(0), 0
	for _, t := range pl.tasks {
		if t.skip {
			groups++
			rows += t.rows
		}
	}
	if groups > 0 {
		parts = append(parts, fmt.Sprintf("%d row groups (%d rows) not read: their statistics or symbol dictionaries hold no date or symbol the study keeps", groups, rows))
	}
	if pl.partSkipped > 0 {
		parts = append(parts, fmt.Sprintf("%d files of partitions not in the study not read", pl.partSkipped))
	}
	if skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d files that are not .parquet skipped", skipped))
	}
	if len(parts) == 0 {
		return ""
	}
	return path + ": " + strings.Join(parts, "; ")
}

// rowErrors turns the canonical text's lines in errs into files and rows.
func (pl *pqPlan) rowErrors(errs inputerr.InputErrors) error {
	for _, e := range errs {
		e.File, e.Line = pl.rowOf(e.Line)
		e.Column = 0
	}
	return errs
}
