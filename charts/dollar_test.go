package charts

import (
	"bytes"
	"strings"
	"testing"

	"github.com/breachlab/eventstudy/results"
)

// TestDollarTable: the comparison shows a dollar table only when car.csv
// has dollar fields, with the amounts of the compared window.
func TestDollarTable(t *testing.T) {
	render := func(set *results.Set) string {
		var buf bytes.Buffer
		if err := Render(&buf, set, Options{}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	set := fixtureSet(t)
	if strings.Contains(render(set), "Dollar value of") {
		t.Error("dollar table without market caps")
	}
	n := 0
	for i := range set.CAR {
		r := &set.CAR[i]
		if r.Window == "-1,1" && !r.CAR.IsNA() && n == 0 {
			r.MCap, r.DollarCAR, r.DollarSE = 1.8e11, r.CAR*1.8e11, r.SE*1.8e11
			n++
		}
	}
	page := render(set)
	if !strings.Contains(page, "Dollar value of CAR(-1,1)") || !strings.Contains(page, "180.00 bn") {
		t.Error("no dollar table with the market cap 180.00 bn")
	}
	for _, tc := range []struct {
		f    float64
		want string
	}{{-3.7394e9, "-3.74 bn"}, {2.5e6, "2.50 m"}, {-1500, "-1.5 k"}, {12, "12"}} {
		if got := fmtMoney(tc.f); got != tc.want {
			t.Errorf("fmtMoney(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}
