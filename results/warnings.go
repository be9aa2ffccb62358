package results

import (
	"bytes"
	"encoding/json"
)

// WarningsFile is the table of every warning (Warning rows).
const WarningsFile = "warnings.csv"

// MaxWarningIDs is how many event ids a manifest warning entry lists; the
// rest are in warnings.csv.
const MaxWarningIDs = 5

// WarningCode is manifest.json's summary of the warnings of one code. A
// study of 10,000 events has about 20,000 warnings (an estimation window
// holding another event of the firm is common): listing each made the
// manifest 3.5 MB, so the manifest counts them and warnings.csv lists them.
type WarningCode struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
	// EventIDs are the first MaxWarningIDs distinct events warned about
	// (none for a study-level warning such as prices_note).
	EventIDs []string `json:"event_ids,omitempty"`
	// FirstMessage is the first warning's text; the others may differ
	// (they name their event, group or window).
	FirstMessage string `json:"first_message"`
}

// SummarizeWarnings groups ws by code, in the order each code first
// appears.
func SummarizeWarnings(ws []Warning) []WarningCode {
	out := []WarningCode{}
	at := map[string]int{}
	ids := map[string]map[string]bool{}
	for _, w := range ws {
		i, ok := at[w.Code]
		if !ok {
			i = len(out)
			at[w.Code] = i
			ids[w.Code] = map[string]bool{}
			out = append(out, WarningCode{Code: w.Code, FirstMessage: w.Message})
		}
		c := &out[i]
		c.Count++
		if w.EventID != "" && len(c.EventIDs) < MaxWarningIDs && !ids[w.Code][w.EventID] {
			ids[w.Code][w.EventID] = true
			c.EventIDs = append(c.EventIDs, w.EventID)
		}
	}
	return out
}

// decodeWarnings reads the manifest's "warnings": the summary this
// version writes, or the full list of a manifest written before
// warnings.csv existed (then returned as full too).
func decodeWarnings(raw json.RawMessage) (codes []WarningCode, full []Warning, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil, nil
	}
	if err = strictJSON(raw, &codes); err == nil {
		return codes, nil, nil
	}
	if strictJSON(raw, &full) == nil {
		return SummarizeWarnings(full), full, nil
	}
	return nil, nil, err
}

func strictJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	return d.Decode(v)
}
