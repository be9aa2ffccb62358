package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/breachlab/eventstudy/inputerr"
	"os"
	"path/filepath"
	"strings"
)

const regenerateHint = "the file must be as eventstudy wrote it; rerun the study to regenerate it"

// Read reads a results directory written by Write back into a Set (for
// `eventstudy report DIR`): manifest.json first (it names the factor
// columns of events.csv), then every CSV of the study's own tables
// (DecodeCSV: a missing, renamed or unexpected column is an error
// "file:1[:col]: ..."; every bad cell is reported as file:line:column, all
// problems in one pass). regression.csv and warnings.csv are optional; the
// others are required. The comparison tables are read by compare.Read;
// Set.Extra stays empty.
func Read(dir string) (*Set, error) {
	set := &Set{}
	var errs inputerr.InputErrors

	mpath := filepath.Join(dir, ManifestFile)
	if b, err := os.ReadFile(mpath); err != nil {
		errs.Add(mpath, 0, 0, err.Error(), "is this a directory written by eventstudy run?")
	} else if err := decodeManifest(b, &set.Manifest); err != nil {
		errs.Add(mpath, jsonLine(b, err), 0, "bad JSON: "+err.Error(), regenerateHint)
	}

	read := func(name string, optional bool) []byte {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) { // written under --gzip?
			if gb, gerr := readGzip(p + ".gz"); !errors.Is(gerr, os.ErrNotExist) {
				b, err = gb, gerr
			}
		}
		if err != nil {
			if !(optional && errors.Is(err, os.ErrNotExist)) {
				errs.Add(p, 0, 0, err.Error(), missingHint(set.Manifest.Config, name))
			}
			return nil
		}
		return b
	}
	path := func(name string) string { return filepath.Join(dir, name) }

	if b := read(EventsFile, false); b != nil {
		var e inputerr.InputErrors
		set.Events, e = decodeEvents(path(EventsFile), b, set.Manifest.FactorNames, set.Manifest.GarchColumns)
		errs = append(errs, e...)
	}
	decode(read(ARFile, false), path(ARFile), &set.AR, &errs)
	decode(read(CARFile, false), path(CARFile), &set.CAR, &errs)
	decode(read(TestsFile, false), path(TestsFile), &set.Tests, &errs)
	decode(read(AARFile, false), path(AARFile), &set.AAR, &errs)
	decode(read(PricesFile, false), path(PricesFile), &set.Prices, &errs)
	decode(read(RegressionFile, true), path(RegressionFile), &set.Regression, &errs)
	decode(read(VolumeFile, true), path(VolumeFile), &set.Volume, &errs)
	decode(read(VolatilityFile, true), path(VolatilityFile), &set.Volatility, &errs)
	decode(read(CalendarFile, true), path(CalendarFile), &set.Calendar, &errs)
	decode(read(BHARFile, true), path(BHARFile), &set.BHAR, &errs)
	decode(read(BHARGroupFile, true), path(BHARGroupFile), &set.BHARGroup, &errs)
	// Optional: a directory written before it has the warnings in the
	// manifest (decodeManifest).
	decode(read(WarningsFile, true), path(WarningsFile), &set.Manifest.Warnings, &errs)

	// Group, source and attributes are not CSV columns; the manifest
	// carries them.
	meta := map[string]EventMeta{}
	for _, m := range set.Manifest.EventMeta {
		meta[m.EventID] = m
	}
	for i := range set.Events {
		if m, ok := meta[set.Events[i].EventID]; ok {
			set.Events[i].Group, set.Events[i].Source, set.Events[i].Attributes = m.Group, m.Source, m.Attributes
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return set, nil
}

// missingHint is what to do about a results table that is not there: a
// run with --outputs leaves out the tables it does not name, and the
// report and figures need events, ar, car, tests, aar and prices, so the
// way out is a rerun that writes them, not a guess about the directory.
func missingHint(config map[string]any, file string) string {
	list, ok := config["outputs"].([]any)
	if !ok || len(list) == 0 {
		return "is this a directory written by eventstudy run?"
	}
	var names []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			names = append(names, s)
		}
	}
	table := strings.TrimSuffix(file, ".csv")
	return fmt.Sprintf("the study was run with --outputs %s, which leaves out %s; rerun it with --outputs all (or add %s) to render the report and figures",
		strings.Join(names, ","), table, table)
}

func decode[T any](b []byte, file string, out *[]T, errs *inputerr.InputErrors) {
	if b == nil {
		return
	}
	rows, e := DecodeCSV[T](file, b)
	*out = rows
	*errs = append(*errs, e...)
}

func decodeManifest(b []byte, m *Manifest) error {
	// "warnings" is read apart: a manifest older than warnings.csv lists
	// every warning there.
	var file struct {
		Manifest
		Warnings json.RawMessage `json:"warnings"`
	}
	if err := strictJSON(b, &file); err != nil {
		return err
	}
	*m = file.Manifest
	var err error
	m.WarningCodes, m.Warnings, err = decodeWarnings(file.Warnings)
	return err
}

// jsonLine is the line of a JSON syntax or type error, 0 if unknown.
func jsonLine(b []byte, err error) int {
	if line, _, ok := inputerr.JSONPosition(b, err); ok {
		return line
	}
	// An unknown key (DisallowUnknownFields) has no offset: find the key.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if i := bytes.Index(b, []byte(name+":")); i >= 0 {
			return 1 + bytes.Count(b[:i], []byte("\n"))
		}
	}
	return 0
}

// decodeEvents reads events.csv with its beta_<factor> and garch columns.
func decodeEvents(file string, b []byte, factors, garch []string) ([]EventRow, inputerr.InputErrors) {
	rows, extras, errs := decodeCSV(file, b, ColumnsOf[EventRow](), append(betaColumns(factors), garch...))
	if len(errs) > 0 {
		return nil, errs
	}
	if len(factors)+len(garch) == 0 {
		return rows, nil
	}
	for i := range rows {
		if len(factors) > 0 {
			rows[i].Betas = make([]Num, len(factors))
		}
		if len(garch) > 0 {
			rows[i].Garch = make([]Num, len(garch))
		}
		for k, s := range extras[i] {
			v := &rows[i].Garch
			if k < len(factors) {
				v = &rows[i].Betas
			} else {
				k -= len(factors)
			}
			_ = (*v)[k].UnmarshalCSV(s) // checked by decodeCSV
		}
	}
	return rows, nil
}
