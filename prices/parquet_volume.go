package prices

import (
	"path/filepath"

	"github.com/breachlab/eventstudy/dates"
	"github.com/breachlab/eventstudy/inputerr"
)

// loadParquetVolume is LoadVolume for a Parquet panel: the volume column
// of its canonical text (parquet.go), read as the volume of a long CSV
// file. A panel without a volume column gives no series. Problems name
// the file and its row, as the price loader's do.
func loadParquetVolume(path string, files []pqFile, f dates.DateFormat, symbols map[string]bool) (map[string]*Volume, []string, error) {
	out := map[string]*Volume{}
	pl, err := planParquet(path, files, LoadOptions{DateFormat: f, Symbols: symbols})
	if err != nil {
		return out, nil, nil // the price loader reported it
	}
	defer pl.close()
	hasVolume := false
	for i, n := range pl.names {
		hasVolume = hasVolume || (pl.read[i] && IsVolumeColumn(n))
	}
	if !hasVolume {
		return out, nil, nil
	}
	src, err := pl.decode()
	if err != nil {
		return out, nil, nil
	}
	data := make([]byte, src.size)
	if _, err := src.ReadAt(data, 0); err != nil && src.size > 0 {
		return out, nil, nil
	}
	var errs inputerr.InputErrors
	var notes []string
	readVolumeData(path, data, fileSymbol(filepath.Base(path)), f, symbols, false, out, &errs, &notes)
	if len(errs) > 0 {
		return nil, nil, pl.rowErrors(errs)
	}
	return out, notes, nil
}
