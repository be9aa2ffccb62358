package compare

import (
	"errors"
	"github.com/breachlab/eventstudy/inputerr"
	"os"
	"path/filepath"

	"github.com/breachlab/eventstudy/results"
)

// Read reads the comparison tables of a results directory back (for
// `eventstudy report DIR`). A directory written before the comparison
// tables existed has none of them: Read returns nil and no error, and the
// report simply has no comparison section. A table that is missing while
// others are present reads as empty (peers.csv is written only when some
// event has peers).
//
// Every file is checked strictly by results.DecodeCSV, the reader of every
// table. All problems of all files are returned in one error,
// "file:line:column: what; what to do" (inputerr.InputErrors).
func Read(dir string) (*Tables, error) {
	var errs inputerr.InputErrors
	found := false
	read := func(name string) (string, []byte) {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			if !errors.Is(err, os.ErrNotExist) {
				errs.Add(p, 0, 0, err.Error(), "check the file's permissions")
			}
			return p, nil
		}
		found = true
		return p, b
	}
	t := &Tables{StageWindow: DefaultStageWindow}
	if p, b := read(StagesFile); b != nil {
		t.Stages = decodeRows[StageRow](p, b, &errs)
	}
	if p, b := read(PeersFile); b != nil {
		t.Peers = decodeRows[PeerRow](p, b, &errs)
	}
	if p, b := read(GroupDiffFile); b != nil {
		t.GroupDiff = decodeRows[GroupDiffRow](p, b, &errs)
	}
	if p, b := read(ConfoundingFile); b != nil {
		t.Confounding = decodeRows[ConfoundRow](p, b, &errs)
	}
	if p, b := read(ClusteringFile); b != nil {
		t.Clustering = decodeRows[ClusterRow](p, b, &errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if !found {
		return nil, nil
	}
	return t, nil
}

// decodeRows reads one comparison table with results.DecodeCSV (the one
// CSV reader), adding its problems to errs.
func decodeRows[T any](file string, b []byte, errs *inputerr.InputErrors) []T {
	rows, e := results.DecodeCSV[T](file, b)
	*errs = append(*errs, e...)
	return rows
}
