package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/breachlab/eventstudy"
	"github.com/breachlab/eventstudy/study"
)

// initPrices are the demo price files `eventstudy init` copies: the firm
// of the example events, its two competitors and the market.
var initPrices = []string{"TMUS", "GSPC", "VZ", "T"}

// initEvents are the demo events the events template starts from.
var initEvents = []string{"tmobile-2021-confirmation", "peer-vz-tmobile-2021"}

func cmdInit(args []string, stdout, stderr io.Writer) (int, error) {
	fset := newFlagSet("init", "init DIR",
		"eventstudy init my-study && cd my-study && eventstudy run study.yaml", stderr)
	pos, err := parse(fset, args)
	if err != nil {
		return exitBadInput, err
	}
	if len(pos) != 1 {
		return exitBadInput, usageError{"want one directory to create the study in"}
	}
	dir := pos[0]
	files, err := initFiles()
	if err != nil {
		return exitBadInput, err
	}
	// Check everything before writing anything: init never overwrites.
	var exist []string
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.name))); err == nil {
			exist = append(exist, f.name)
		}
	}
	if len(exist) > 0 {
		return exitBadInput, fmt.Errorf("%s: %s already exist(s); init never overwrites: choose a new directory or remove them", dir, strings.Join(exist, ", "))
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return exitBadInput, err
		}
		if err := writeNew(p, f.data); err != nil {
			return exitBadInput, err
		}
	}
	fmt.Fprintf(stdout, "created %s: study.yaml, events.csv, prices/ (%s), README.md\nnext: cd %s && eventstudy run study.yaml\n",
		dir, strings.Join(initPrices, ", "), dir)
	return exitOK, nil
}

// writeNew creates p; it fails if p appeared since the check.
func writeNew(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// initFiles are the scaffold's files, by slash path inside DIR.
func initFiles() ([]namedData, error) {
	ev, err := eventsTemplate()
	if err != nil {
		return nil, err
	}
	files := []namedData{
		{"study.yaml", []byte(studyTemplate())},
		{"events.csv", ev},
		{"README.md", []byte(initReadme)},
	}
	for _, t := range initPrices {
		b, err := eventstudy.Demo.ReadFile(path.Join(eventstudy.DemoRoot, "prices", t+".csv"))
		if err != nil {
			return nil, fmt.Errorf("bundled demo lacks %s prices: %v", t, err)
		}
		files = append(files, namedData{"prices/" + t + ".csv", b})
	}
	return files, nil
}

type namedData struct {
	name string
	data []byte
}

// templateColumns are every column the events file understands
// (events.KnownColumns) plus one numeric characteristic, records.
var templateColumns = []string{"event_id", "firm", "date", "time", "session", "incident", "stage",
	"label", "group", "market", "source", "peers", "est_start", "est_end", "window", "records"}

// eventsTemplate is events.csv for init: the demo's T-Mobile 2021
// confirmation and its Verizon peer check, with the template's extra
// columns filled where the facts are known (time stays empty: the
// confirmation's clock time was not found, its session is).
func eventsTemplate() ([]byte, error) {
	b, err := eventstudy.Demo.ReadFile(path.Join(eventstudy.DemoRoot, "events.csv"))
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) < 2 {
		return nil, fmt.Errorf("bundled demo events: %v", err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	extra := map[string]map[string]string{
		// records: the size claimed when the breach surfaced (100m+,
		// incidents.csv claim stage); peers: the competitors to compare.
		"tmobile-2021-confirmation": {"market": "GSPC", "peers": "VZ;T", "records": "100000000"},
		"peer-vz-tmobile-2021":      {"market": "GSPC"},
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(templateColumns)
	for _, id := range initEvents {
		var src []string
		for _, r := range recs[1:] {
			if r[col["event_id"]] == id {
				src = r
			}
		}
		if src == nil {
			return nil, fmt.Errorf("bundled demo events lack %s", id)
		}
		row := make([]string, len(templateColumns))
		for i, c := range templateColumns {
			if v, ok := extra[id][c]; ok {
				row[i] = v
			} else if j, ok := col[c]; ok && j < len(src) {
				row[i] = src[j]
			}
		}
		w.Write(row)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// studyTemplate is the commented study.yaml: every setting
// (study.Settings) with its default (study.Default) and what it means.
func studyTemplate() string {
	d := study.Default()
	var b strings.Builder
	b.WriteString("# eventstudy study file: `eventstudy run study.yaml` runs it, `eventstudy validate study.yaml`\n")
	b.WriteString("# checks it. Relative paths are relative to this file. Flags given on the command line\n")
	b.WriteString("# override these settings. Values shown are the defaults (docs/methodology.md).\n\n")
	for _, st := range study.Settings {
		fmt.Fprintf(&b, "# %s\n%s: %s\n", st.Comment, st.Key, st.Sample(&d))
	}
	return b.String()
}

const initReadme = `# A new event study

Made by ` + "`eventstudy init`" + `. It runs as it is:

    eventstudy validate study.yaml   # read and anchor every event; writes nothing
    eventstudy run study.yaml        # results/ : events.csv, ar.csv, car.csv, tests.csv, aar.csv, manifest.json, report.html

Next steps:

1. Put your events in ` + "`events.csv`" + `: one row per disclosure. ` + "`event_id`, `firm`, `date`" + ` are
   required; ` + "`time`" + ` (HH:MM exchange time) or ` + "`session`" + ` (pre, intraday, after) decide
   day 0 (after the close → next session); ` + "`incident`/`stage`" + ` group the stages of one
   breach; ` + "`group`" + ` sets who is tested together; ` + "`market`" + ` overrides the benchmark per
   event; ` + "`peers`" + ` lists competitors (` + "`VZ;T`" + `); any other column (here ` + "`records`" + `)
   is a numeric characteristic for the cross-sectional regression. The two rows are
   T-Mobile's 2021 breach confirmation and Verizon on the same day (a peer check).
2. Put daily prices in ` + "`prices/`" + ` (Yahoo layout: Date, ..., Close, Adj Close; the file
   name is the ticker), including the market index named in ` + "`study.yaml`" + `.
3. Adjust ` + "`study.yaml`" + ` (every key is listed with its default and meaning).
4. ` + "`eventstudy run results/manifest.json`" + ` reruns a finished study exactly.

The prices here are real daily prices from the bundled demo (see the
eventstudy repository, testdata/demo/PROVENANCE.md).
`
