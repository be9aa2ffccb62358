package edgar

import (
	"bytes"
	"encoding/csv"
	"encoding/json"

	"github.com/breachlab/eventstudy/fetch"
)

// CSV is the events file of rows: eventstudy's events format
// (docs/inputs.md), one row per filing.
func CSV(rows []Row) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(Columns)
	for _, r := range rows {
		w.Write(r.cells())
	}
	w.Flush()
	return buf.Bytes()
}

// Manifest is the sidecar <out>.manifest.json: what was selected, from
// where, and the hash of every file read, so the list can be rebuilt
// offline from the cache and checked.
type Manifest struct {
	Tool      string         `json:"tool"`
	Version   string         `json:"version"`
	Created   string         `json:"created"`
	Command   []string       `json:"command"`
	Selection Selection      `json:"selection"`
	Cache     string         `json:"cache"`
	Offline   bool           `json:"offline"`
	Bulk      *fetch.Source  `json:"bulk,omitempty"`
	Output    Output         `json:"output"`
	Sources   []fetch.Source `json:"sources"`
	Notes     []string       `json:"notes"`
}

// Selection records the selection settings.
type Selection struct {
	Tickers  []string `json:"tickers,omitempty"`
	CIKs     []int    `json:"ciks,omitempty"`
	All      bool     `json:"all,omitempty"`
	From     string   `json:"from"`
	To       string   `json:"to"`
	Forms    []string `json:"forms"`
	Items    []string `json:"items"`
	Keywords []string `json:"keywords,omitempty"`
	DataURL  string   `json:"data_url"`
	WWWURL   string   `json:"www_url"`
}

// Output is the events file written.
type Output struct {
	File    string `json:"file"`
	SHA256  string `json:"sha256"`
	Rows    int    `json:"rows"`
	Filers  int    `json:"filers"`
	Skipped int    `json:"skipped_8_01"`
	Empty   int    `json:"filers_without_filing"`
}

// WriteFile writes data to path atomically (fetch.WriteFile).
func WriteFile(path string, data []byte) error { return fetch.WriteFile(path, data) }

// JSON is the manifest, indented.
func (m *Manifest) JSON() []byte {
	if m.Sources == nil {
		m.Sources = []fetch.Source{}
	}
	if m.Notes == nil {
		m.Notes = []string{}
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}
