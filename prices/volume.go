package prices

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
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
	i := sort.Search(len(v.Dates), func(i int) bool { return v.Dates[i] >= d })
	if i == len(v.Dates) || v.Dates[i] != d || math.IsNaN(v.Vol[i]) {
		return math.NaN(), false
	}
	return v.Vol[i], true
}

// volumeNames are the header names of a volume column (normName form).
var volumeNames = []string{"volume", "vol", "shrvol", "cshtrd"}

// IsVolumeColumn reports whether a header name names trading volume, which
// is never a price (--price-column Volume is refused).
func IsVolumeColumn(name string) bool { return findName([]string{normName(name)}, volumeNames) == 0 }

// LoadVolume reads the trading volume of path, a second, separate pass
// over the price data, so the price loader's fast path is untouched when
// there is no volume:
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
	rows, err := volumeRecords(data)
	if err != nil || len(rows) < 2 {
		if err != nil {
			*notes = append(*notes, fmt.Sprintf("%s: volume not read: %v", path, err))
		}
		return
	}
	names := rows[0]
	norm := make([]string, len(names))
	for i, n := range names {
		norm[i] = normName(n)
	}
	dateCol, volCol := findName(norm, dateNames), findName(norm, volumeNames)
	cols := map[int]string{} // value column -> symbol
	symCol := -1
	switch {
	case dateCol < 0:
		*notes = append(*notes, fmt.Sprintf("%s: volume not read: no date column", path))
		return
	case volCol >= 0:
		if symCol = findName(norm, symbolNames); symCol < 0 {
			cols[volCol] = single
		}
	case wide:
		for i, n := range names {
			if i != dateCol {
				cols[i] = n
			}
		}
	default:
		return
	}
	if f == dates.DateAuto {
		var samples [][]byte
		for _, r := range rows[1:min(len(rows), 500)] {
			samples = append(samples, []byte(r[dateCol]))
		}
		if f, err = dates.DetectDateFormat(samples); err != nil {
			*notes = append(*notes, fmt.Sprintf("%s: volume not read: %v", path, err))
			return
		}
	}
	got := map[string]*Volume{}
	var bad []string
	for i, cells := range rows[1:] {
		d, err := dates.ParseDate([]byte(cells[dateCol]), f)
		if err != nil {
			bad = append(bad, fmt.Sprintf("line %d: %v", i+2, err))
			break
		}
		if symCol >= 0 {
			addVolume(path, i+2, volCol, cells[symCol], d, cells[volCol], symbols, got, errs, &bad)
			continue
		}
		for c, sym := range cols {
			addVolume(path, i+2, c, sym, d, cells[c], symbols, got, errs, &bad)
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

// volumeRecords splits a file into records (quotes as in CSV); every
// record must have the header's number of fields.
func volumeRecords(data []byte) ([][]string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		nl = len(data)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = rune(detectDelimiter(trimEOL(data[:nl])))
	r.LazyQuotes, r.TrimLeadingSpace, r.ReuseRecord = true, true, false
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	for i := range rows {
		for j := range rows[i] {
			rows[i][j] = strings.TrimSpace(rows[i][j])
		}
	}
	return rows, nil
}

// addVolume adds one cell; a negative or unreadable volume is an error.
func addVolume(path string, line, col int, sym string, d dates.Day, cell string, symbols map[string]bool, out map[string]*Volume, errs *inputerr.InputErrors, bad *[]string) {
	if symbols != nil && !symbols[sym] {
		return
	}
	v, status := parseValue([]byte(cell))
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
	s := out[sym]
	if s == nil {
		s = &Volume{}
		out[sym] = s
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
