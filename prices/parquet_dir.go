package prices

import (
	"fmt"
	"path/filepath"
	"sort"

	"github.com/breachlab/eventstudy/inputerr"
)

// A directory of one Parquet file per ticker (TMUS.parquet, GSPC.parquet:
// yfinance's or pandas' frames saved one by one, with a date column and
// prices but no symbol column) is read as a Yahoo directory of CSVs is:
// each file one series, named after the file. A directory whose files
// have a symbol column, or hive partitions, is one long panel (parquet.go).

// perTickerDir reports whether path is such a directory: more than one
// Parquet file, all directly in it (no partitions), the first without a
// symbol column.
func perTickerDir(path string, files []pqFile, opt LoadOptions) bool {
	if len(files) < 2 {
		return false
	}
	for _, f := range files {
		if len(f.parts) > 0 || filepath.Dir(f.path) != filepath.Clean(path) {
			return false
		}
	}
	pl, err := planParquet(files[0].path, files[:1], opt)
	if err != nil {
		return false // the panel's own reading reports it
	}
	defer pl.close()
	return pl.L.kind != "long"
}

// loadParquetDir reads a per-ticker directory: every file of a symbol in
// the study (opt.Symbols) as its own series; the detection line groups the
// files read alike, as a Yahoo directory's does.
func loadParquetDir(dir string, files []pqFile, skipped int, opt LoadOptions) (*Panel, error) {
	filt := newSymbolFilter(opt.Symbols)
	p := &Panel{Series: map[string]*Series{}, Layout: "yahoo-dir"}
	details := map[string][]string{}
	fileOf := map[string]string{}
	var errs inputerr.InputErrors
	for _, f := range files {
		name := filepath.Base(f.path)
		sym := fileSymbol(name)
		p.Names = append(p.Names, sym)
		if !filt.has(sym) {
			continue
		}
		if prev, dup := fileOf[sym]; dup {
			errs.Add(f.path, 0, 0, fmt.Sprintf("symbol %s is also read from %s", sym, filepath.Base(prev)), "keep one file per symbol")
			continue
		}
		fileOf[sym] = f.path
		fp, err := loadParquet(f.path, []pqFile{f}, 0, opt)
		if err != nil {
			if es, ok := err.(inputerr.InputErrors); ok {
				errs = append(errs, es...)
			} else {
				errs.Add(f.path, 0, 0, err.Error(), "check the file")
			}
			continue
		}
		p.Files = append(p.Files, f.path)
		p.Notes = append(p.Notes, fp.Notes...)
		p.VolumeNotes = append(p.VolumeNotes, fp.VolumeNotes...)
		details[fp.Detail] = append(details[fp.Detail], name)
		for _, s := range fp.Series {
			p.Series[s.Symbol] = s
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if skipped > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%s: skipped %d files that are not Parquet", dir, skipped))
	}
	sort.Strings(p.Names)
	p.Detail = dirDetail("parquet-dir (one file per ticker)", len(p.Files), details) // load.go
	return p, nil
}
