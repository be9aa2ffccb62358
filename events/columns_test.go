package events

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

// TestHeaderSynonyms: names other tools use are read as our columns when
// unambiguous, and each mapping is reported; two candidates are an error
// naming both.
func TestHeaderSynonyms(t *testing.T) {
	tests := []struct {
		name, header, row string
		wantFirm, wantID  string
		wantDate          string
		wantDetection     []string
		wantErr           string
	}{
		{"ticker", "event_id,ticker,date", "a,TMUS,2021-08-16", "TMUS", "a", "2021-08-16",
			[]string{`column "ticker" read as firm`}, ""},
		{"id symbol event_date", "id,Symbol,Event Date", "a,TMUS,2021-08-16", "TMUS", "a", "2021-08-16",
			[]string{`column "id" read as event_id`, `column "Symbol" read as firm`, `column "Event Date" read as date`}, ""},
		{"permno announcement_date", "event_id,PERMNO,announcement_date", "a,10104,2021-08-16", "10104", "a", "2021-08-16",
			[]string{`column "PERMNO" read as firm`, `column "announcement_date" read as date`}, ""},
		{"disclosure_date timestamp", "event_id,firm,disclosure_date", "a,TMUS,2021-08-16T21:27:00Z", "TMUS", "a", "2021-08-16",
			[]string{`column "disclosure_date" read as date`, "converted to New York time"}, ""},
		{"canonical wins, synonym kept as attribute", "event_id,firm,date,ticker", "a,T-Mobile US,2021-08-16,TMUS", "T-Mobile US", "a", "2021-08-16",
			[]string{"carried as attributes, not regression covariates: ticker"}, ""},
		{"ambiguous", "event_id,ticker,symbol,date", "a,TMUS,TMUS,2021-08-16", "", "", "", nil,
			`ev.csv:1:17: columns 2 "ticker" and 3 "symbol" could both be firm; rename the one that holds the firm to firm`},
		{"ambiguous date", "event_id,firm,event_date,announcement_date", "a,TMUS,2021-08-16,2021-08-15", "", "", "", nil,
			`columns 3 "event_date" and 4 "announcement_date" could both be date`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("ev.csv", []byte(tc.header+"\n"+tc.row+"\n"), dates.DateAuto)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e := f.Events[0]
			if e.ID != tc.wantID || e.Firm != tc.wantFirm || e.Date.String() != tc.wantDate {
				t.Errorf("event %+v", e)
			}
			det := strings.Join(f.Detection, "; ")
			for _, w := range tc.wantDetection {
				if !strings.Contains(det, w) {
					t.Errorf("detection %q lacks %q", det, w)
				}
			}
			if !strings.HasPrefix(f.Detail(), "1 events, delimiter ',', dates YYYY-MM-DD; ") {
				t.Errorf("detail %q", f.Detail())
			}
		})
	}
}

// TestAttributes: extra text columns are carried verbatim; numeric ones
// stay characteristics unless covariates are named; a named text column
// is an error at its first non-numeric cell.
func TestAttributes(t *testing.T) {
	const data = "event_id,firm,date,company,url,records,notes\n" +
		"a,TMUS,2021-08-16,T-Mobile US,https://example.com/a,100000000,\"confirmed, intraday\"\n" +
		"b,EFX,2017-09-07,Equifax,,147900000,\n" +
		"c,VZ,2021-08-16,Verizon,https://example.com/c,,peer\n"
	tests := []struct {
		name       string
		covariates []string
		wantChars  []string
		wantVals   [][]float64
		wantErr    string
	}{
		{"default: numeric columns", nil, []string{"records"}, [][]float64{{1e8}, {1.479e8}, {math.NaN()}}, ""},
		{"named numeric", []string{"Records"}, []string{"records"}, [][]float64{{1e8}, {1.479e8}, {math.NaN()}}, ""},
		{"none", []string{}, nil, [][]float64{nil, nil, nil}, ""},
		{"named text column", []string{"records", "company"}, nil, nil,
			`ev.csv:2:19: column "company" is named as a regression covariate but "T-Mobile US" is not a number`},
		{"named missing column", []string{"recrods"}, nil, nil,
			`ev.csv:1: covariate "recrods" is not a column of the events file; name extra columns of the header (the file has company, records, notes)`},
		{"named known column", []string{"firm"}, nil, nil, `covariate "firm" is the firm column`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseWith("ev.csv", []byte(data), Options{Covariates: tc.covariates})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(f.Characteristics, tc.wantChars) {
				t.Errorf("characteristics %q, want %q", f.Characteristics, tc.wantChars)
			}
			// url is a synonym of source: read as the source column.
			if want := []string{"company", "records", "notes"}; !slices.Equal(f.Attributes, want) {
				t.Errorf("attributes %q, want %q", f.Attributes, want)
			}
			wantAttr := [][]string{
				{"T-Mobile US", "100000000", "confirmed, intraday"},
				{"Equifax", "147900000", ""},
				{"Verizon", "", "peer"},
			}
			for i, e := range f.Events {
				if e.Source != []string{"https://example.com/a", "", "https://example.com/c"}[i] {
					t.Errorf("%s source %q", e.ID, e.Source)
				}
				if !slices.Equal(e.Attributes, wantAttr[i]) {
					t.Errorf("%s attributes %q, want %q", e.ID, e.Attributes, wantAttr[i])
				}
				if len(e.Characteristics) != len(tc.wantVals[i]) {
					t.Fatalf("%s characteristics %v", e.ID, e.Characteristics)
				}
				for j, w := range tc.wantVals[i] {
					if g := e.Characteristics[j]; !(g == w || math.IsNaN(g) && math.IsNaN(w)) {
						t.Errorf("%s characteristic %d = %v, want %v", e.ID, j, g, w)
					}
				}
			}
			if !strings.Contains(f.Detail(), `column "url" read as source; carried as attributes, not regression covariates: company, `) {
				t.Errorf("detail %q", f.Detail())
			}
		})
	}
}

// TestMisspelledColumnRefused: a text column one edit from an absent
// known column is refused rather than carried (its sessions would be
// lost); known attribute names and columns whose role is present are not.
func TestMisspelledColumnRefused(t *testing.T) {
	tests := []struct {
		header, row, wantErr string
	}{
		{"event_id,firm,date,sesion", "a,X,2021-08-16,after", `unknown column "sesion" (did you mean session?)`},
		{"event_id,firm,date,grup", "a,X,2021-08-16,breach", `unknown column "grup" (did you mean group?)`},
		{"event_id,firm,date,timezone", "a,X,2021-08-16,PST", `unknown column "timezone" (did you mean time?)`},
		{"event_id,firm,date,state", "a,X,2021-08-16,WA", ""},
		{"event_id,firm,date,title", "a,X,2021-08-16,Breach", ""},
		{"event_id,firm,date,session,sesion", "a,X,2021-08-16,after,x", ""},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			_, err := Parse("ev.csv", []byte(tc.header+"\n"+tc.row+"\n"), dates.DateAuto)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// TestSpaceBeforeQuote: a hand-written file with a space after each
// delimiter, also before a quoted field, reads as R's
// read.csv(strip.white = TRUE) and pandas' skipinitialspace do.
func TestSpaceBeforeQuote(t *testing.T) {
	tests := []struct {
		name, data string
		wantLabel  string
	}{
		{"comma", "event_id, firm, date, label\ne2, BBB, 2020-12-03, \"breach, records exposed\"\n", "breach, records exposed"},
		{"semicolon", "event_id; firm; date; label\ne2; BBB; 2020-12-03; \"breach; records exposed\"\n", "breach; records exposed"},
		{"tab keeps empty fields", "event_id\tfirm\tdate\ttime\tlabel\ne2\tBBB\t2020-12-03\t\tbreach\n", "breach"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("ev.csv", []byte(tc.data), dates.DateAuto)
			if err != nil {
				t.Fatal(err)
			}
			e := f.Events[0]
			if e.ID != "e2" || e.Firm != "BBB" || e.Date.String() != "2020-12-03" || e.Label != tc.wantLabel {
				t.Errorf("event %+v", e)
			}
		})
	}
	// Positions stay exact: a bad date after the space is reported at
	// its first character.
	_, err := Parse("ev.csv", []byte("event_id, firm, date\ne2, BBB, 2020-13-03\n"), dates.DateAuto)
	if err == nil || !strings.Contains(err.Error(), `ev.csv:2:10: date "2020-13-03"`) {
		t.Errorf("error %v", err)
	}
}

// TestMixedColumn: a column of mostly words holding a number is a text
// attribute; a column of mostly numbers holding a word is a covariate
// whose bad cell is an error (a typo must not drop it silently).
func TestMixedColumn(t *testing.T) {
	f, err := Parse("ev.csv", []byte("event_id,firm,date,notes\na,X,2021-08-16,see 8-K\nb,X,2021-08-17,3\nc,X,2021-08-18,unclear\n"), dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Characteristics) != 0 || !slices.Equal(f.Attributes, []string{"notes"}) || f.Events[1].Attributes[0] != "3" {
		t.Errorf("characteristics %q attributes %q %q", f.Characteristics, f.Attributes, f.Events[1].Attributes)
	}
	_, err = Parse("ev.csv", []byte("event_id,firm,date,records\na,X,2021-08-16,100\nb,X,2021-08-17,many\nc,X,2021-08-18,300\n"), dates.DateAuto)
	if err == nil || !strings.Contains(err.Error(), `ev.csv:3:16: column "records": "many" is not a number; most cells of this column are numbers`) {
		t.Errorf("error %v", err)
	}
}
