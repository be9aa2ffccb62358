package events

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/dates"
)

// TestDollarColumns: shares, SHROUT (×1000) and market_cap are read into
// the event, are not regression characteristics, stay attributes, and a
// bad or empty cell is missing (NaN), not an error; SHROUT's detection
// line says it is in thousands. Named by --covariates, one is a covariate
// too.
func TestDollarColumns(t *testing.T) {
	data := "event_id,firm,date,records,shares,SHROUT,market_cap\n" +
		"a,TMUS,2021-08-16,100,1000,1247857,1.8e11\n" +
		"b,VZ,2021-08-16,5,,n/a,abc\n"
	f, err := Parse("ev.csv", []byte(data), dates.DateAuto)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Characteristics, []string{"records"}) {
		t.Errorf("characteristics %v, want [records]", f.Characteristics)
	}
	if !slices.Equal(f.DollarColumns, []string{ColShares, ColSHROUT, ColMarketCap}) {
		t.Errorf("dollar columns %v", f.DollarColumns)
	}
	if len(f.Attributes) != 4 {
		t.Errorf("attributes %v", f.Attributes)
	}
	a, b := f.Events[0], f.Events[1]
	// shares and SHROUT both given: the later column wins (file order).
	if a.Shares != 1247857000 || a.MarketCap != 1.8e11 {
		t.Errorf("a: shares %v market cap %v", a.Shares, a.MarketCap)
	}
	if !math.IsNaN(b.Shares) || !math.IsNaN(b.MarketCap) {
		t.Errorf("b: shares %v market cap %v, want NaN", b.Shares, b.MarketCap)
	}
	if d := strings.Join(f.Detection, "\n"); !strings.Contains(d, "SHROUT is in thousands") {
		t.Errorf("detection %q", d)
	}
	g, err := ParseWith("ev.csv", []byte(data), Options{Covariates: []string{"shares"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.Characteristics, []string{"shares"}) {
		t.Errorf("named covariate: characteristics %v", g.Characteristics)
	}
}
