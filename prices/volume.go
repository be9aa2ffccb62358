package prices

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
)

// Volume is one security's daily trading volume (shares traded) as read
// from a file: Dates ascending, Vol NaN where the cell is empty or a
// missing-value word. Zero volume is a valid observation (ln(1+0) = 0).
type Volume struct {
	Dates []dates.Day
	Vol   []float64
}

// On returns the volume on day d and whether the file has a valid volume
// for that day.
func (v *Volume) On(d dates.Day) (float64, bool) {
	if v == nil {
		return math.NaN(), false
	}
	i, found := slices.BinarySearch(v.Dates, d)
	if !found || math.IsNaN(v.Vol[i]) {
		return math.NaN(), false
	}
	return v.Vol[i], true
}

// volumeNames are the header names of a volume column (normName form).
var volumeNames = []string{"volume", "vol", "shrvol", "dlyvol", "cshtrd"}

// IsVolumeColumn reports whether a header name names trading volume, which
// is never a price (--price-column Volume is refused).
func IsVolumeColumn(name string) bool { return findName([]string{normName(name)}, volumeNames) == 0 }

// LoadVolume reads the trading volume of path in a pass of its own: a
// separate volume file (--volume FILE) or a directory the price loader
// does not read (the simulation's panel). A study's price data has its
// volume read in the price loader's pass instead (LoadOptions.Volume);
// the tests compare the two. It reads
//
//   - a directory: every price file whose header has a Volume column
//     (Yahoo's Date,Open,High,Low,Close,Adj Close,Volume), symbol = file name;
//   - a file with a date, a symbol and a volume column: a long file;
//   - a file with a date and a volume column: one series, symbol = file name;
//   - with wide = true (--volume FILE), a wide file: a date column and
//     one column of volumes per ticker.
//
// A file without a volume column gives no series (not an error). A
// negative volume is an error at its line; a file whose dates or volumes
// cannot be read gives no volume and a note (the notes); an empty cell or
// a missing-value word is a missing day. symbols, when
// not nil, limits the series kept.
func LoadVolume(path string, f dates.DateFormat, symbols map[string]bool, wide bool) (map[string]*Volume, []string, error) {
	out := map[string]*Volume{}
	var notes []string
	var errs inputerr.InputErrors
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, inputerr.InputErrors{{File: path, What: "cannot read: " + errText(err), Hint: "check the path and permissions"}}
	}
	if files, _, ok := parquetFiles(path); ok { // parquet_volume.go
		return loadParquetVolume(path, files, f, symbols)
	}
	if !st.IsDir() {
		readVolumeFile(path, fileSymbol(filepath.Base(path)), f, symbols, wide, out, &errs, &notes)
		return out, notes, errs.Err()
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, nil, inputerr.InputErrors{{File: path, What: "cannot read: " + errText(err)}}
	}
	for _, e := range ents {
		sym, ok := priceFile(e.Name())
		if !ok || e.IsDir() || strings.HasSuffix(strings.ToLower(e.Name()), ".xlsx") {
			continue
		}
		if symbols != nil && !symbols[sym] {
			continue
		}
		readVolumeFile(filepath.Join(path, e.Name()), sym, f, symbols, false, out, &errs, &notes)
	}
	return out, notes, errs.Err()
}

// readVolumeFile adds the volume series of one file to out. Only a
// negative volume is an error: a file whose dates or volumes cannot be
// read with certainty (the price loader reads vendor layouts this reader
// does not) gives no volume and a note, and the study goes on.
func readVolumeFile(path, single string, f dates.DateFormat, symbols map[string]bool, wide bool, out map[string]*Volume, errs *inputerr.InputErrors, notes *[]string) {
	if !wide && !headerHasVolume(path) {
		return
	}
	data, _, err := DecodeFile(path)
	if err != nil {
		*notes = append(*notes, fmt.Sprintf("%s: volume not read: %v", path, err))
		return
	}
	readVolumeData(path, data, single, f, symbols, wide, out, errs, notes)
}

// readVolumeData is readVolumeFile on the file's text (data).
func readVolumeData(path string, data []byte, single string, f dates.DateFormat, symbols map[string]bool, wide bool, out map[string]*Volume, errs *inputerr.InputErrors, notes *[]string) {
	var err error
	vr := newVolumeReader(data)
	names := vr.next()
	if names == nil {
		return
	}
	norm := make([]string, len(names))
	for i, n := range names {
		norm[i] = normName(string(n))
	}
	dateCol, volCol := findName(norm, dateNames), findName(norm, volumeNames)
	var cols []int // value columns; symbols in syms
	var syms []string
	symCol := -1
	switch {
	case dateCol < 0:
		*notes = append(*notes, fmt.Sprintf("%s: volume not read: no date column", path))
		return
	case volCol >= 0:
		if symCol = findName(norm, symbolNames); symCol < 0 {
			cols, syms = []int{volCol}, []string{single}
		}
	case wide:
		for i, n := range names {
			if i != dateCol {
				cols, syms = append(cols, i), append(syms, string(n))
			}
		}
	default:
		return
	}
	if f == dates.DateAuto {
		if f, err = dates.DetectDateFormat(vr.dateSamples(dateCol, len(names), 500)); err != nil {
			*notes = append(*notes, fmt.Sprintf("%s: volume not read: %v", path, err))
			return
		}
	}
	got := map[string]*Volume{}
	var bad []string
	var last *Volume // the series of lastSym (a long file's current run)
	lastSym := ""
	for cells := vr.next(); cells != nil && len(bad) == 0; cells = vr.next() {
		if len(cells) != len(names) {
			if len(cells) > 1 || len(bytes.TrimSpace(cells[0])) > 0 {
				bad = append(bad, fmt.Sprintf("line %d: %d fields, the header has %d", vr.line, len(cells), len(names)))
			}
			continue
		}
		d, err := dates.ParseDate(cells[dateCol], f)
		if err != nil {
			bad = append(bad, fmt.Sprintf("line %d: %v", vr.line, err))
			break
		}
		if symCol >= 0 {
			if last == nil || string(cells[symCol]) != lastSym { // rows of one symbol run together
				lastSym = string(cells[symCol])
				last = seriesFor(lastSym, symbols, got)
			}
			addVolume(path, vr.line, volCol, last, d, cells[volCol], errs, &bad)
			continue
		}
		for k, c := range cols {
			addVolume(path, vr.line, c, seriesFor(syms[k], symbols, got), d, cells[c], errs, &bad)
		}
	}
	if len(bad) > 0 {
		*notes = append(*notes, fmt.Sprintf("%s: volume not read: %s", path, bad[0]))
		return
	}
	for sym, v := range got {
		sortVolume(v)
		out[sym] = v
	}
}

// volumeReader splits a file into records: a line without a double
// quote is split at the delimiter in place; a quoted one goes through
// encoding/csv (a quoted field never spans lines in price files).
type volumeReader struct {
	data  []byte
	pos   int
	line  int
	delim byte
	cells [][]byte
}

func newVolumeReader(data []byte) *volumeReader {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		nl = len(data)
	}
	return &volumeReader{data: data, delim: detectDelimiter(trimEOL(data[:nl]))}
}

// next returns the next record's trimmed cells (reused), nil at the end.
func (r *volumeReader) next() [][]byte {
	if r.pos >= len(r.data) {
		return nil
	}
	end := bytes.IndexByte(r.data[r.pos:], '\n')
	if end < 0 {
		end = len(r.data) - r.pos
	}
	line := trimEOL(r.data[r.pos : r.pos+end])
	r.pos += end + 1
	r.line++
	r.cells = r.cells[:0]
	if bytes.IndexByte(line, '"') >= 0 {
		cr := csv.NewReader(bytes.NewReader(line))
		cr.Comma, cr.LazyQuotes = rune(r.delim), true
		rec, _ := cr.Read()
		for _, c := range rec {
			r.cells = append(r.cells, bytes.TrimSpace([]byte(c)))
		}
		if len(r.cells) == 0 {
			r.cells = append(r.cells, nil)
		}
		return r.cells
	}
	for {
		i := bytes.IndexByte(line, r.delim)
		if i < 0 {
			r.cells = append(r.cells, bytes.TrimSpace(line))
			return r.cells
		}
		r.cells = append(r.cells, bytes.TrimSpace(line[:i]))
		line = line[i+1:]
	}
}

// dateSamples are up to n date cells of the rows after the current one,
// without moving the reader.
func (r *volumeReader) dateSamples(col, nf, n int) [][]byte {
	save := *r
	save.cells = nil
	var out [][]byte
	for cells := r.next(); cells != nil && len(out) < n; cells = r.next() {
		if len(cells) == nf {
			out = append(out, bytes.Clone(cells[col]))
		}
	}
	*r = save
	return out
}

// seriesFor is sym's series in out, made on first use; a series that
// only collects (sym not wanted) when symbols leaves it out.
func seriesFor(sym string, symbols map[string]bool, out map[string]*Volume) *Volume {
	if symbols != nil && !symbols[sym] {
		return &Volume{} // parsed and checked, not kept
	}
	v := out[sym]
	if v == nil {
		v = &Volume{}
		out[sym] = v
	}
	return v
}

// addVolume adds one cell to s; a negative volume is an error, a cell
// that is not a number makes the file unreadable (bad).
func addVolume(path string, line, col int, s *Volume, d dates.Day, cell []byte, errs *inputerr.InputErrors, bad *[]string) {
	v, status := parseValue(cell)
	switch {
	case status == valueBad:
		*bad = append(*bad, fmt.Sprintf("line %d: volume %q is not a number", line, cell))
		return
	case status == valueOK && v < 0:
		errs.Add(path, line, col+1, fmt.Sprintf("volume %s is negative", cell), "trading volume is a count of shares (>= 0); leave the cell empty when unknown")
		return
	case status != valueOK:
		v = math.NaN()
	}
	s.Dates = append(s.Dates, d)
	s.Vol = append(s.Vol, v)
}

// sortVolume sorts a series by date (files in descending order exist).
func sortVolume(v *Volume) {
	if sort.SliceIsSorted(v.Dates, func(i, j int) bool { return v.Dates[i] < v.Dates[j] }) {
		return
	}
	idx := make([]int, len(v.Dates))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v.Dates[idx[a]] < v.Dates[idx[b]] })
	ds, vs := make([]dates.Day, len(idx)), make([]float64, len(idx))
	for k, i := range idx {
		ds[k], vs[k] = v.Dates[i], v.Vol[i]
	}
	v.Dates, v.Vol = ds, vs
}

// splitVolumeLine splits a line at delim, dropping blanks and double
// quotes around each cell (volume files have no quoted delimiters).
func splitVolumeLine(line []byte, delim byte) []string {
	parts := strings.Split(string(trimEOL(line)), string(delim))
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"`)
	}
	return parts
}

// headerHasVolume says whether a plain text file's first line names a
// volume column, without reading the rest (a large long file of prices
// alone costs one line); compressed files are decoded to tell.
func headerHasVolume(path string) bool {
	low := strings.ToLower(path)
	if strings.HasSuffix(low, ".gz") || strings.HasSuffix(low, ".zip") {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return true // DecodeFile reports it
	}
	defer f.Close()
	line, _ := bufio.NewReaderSize(f, 1<<16).ReadSlice('\n')
	line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	for _, n := range splitVolumeLine(line, detectDelimiter(trimEOL(line))) {
		if IsVolumeColumn(n) {
			return true
		}
	}
	return bytes.IndexByte(line, 0) >= 0 // UTF-16: decode to tell
}
