package analysis

import (
	"math"
	"testing"
)

// estimate83 estimates events A-D of docs/methodology.md 8.3 (same calendar).
func estimate83(t *testing.T) []*EventEstimate {
	t.Helper()
	cfg := exampleConfig()
	var out []*EventEstimate
	for i, f := range []string{"A", "B", "C", "D"} {
		e, reason := Estimate(inputAt(f, f, "", i, 12, cfg, ex81Rm, ex81R[f]), cfg)
		if reason != "" {
			t.Fatalf("%s: reason %q", f, reason)
		}
		out = append(out, e)
	}
	return out
}

// TestExample83Events checks the per-event table of 8.3.
func TestExample83Events(t *testing.T) {
	want := []struct {
		alpha, beta, sigma2 float64
		ar, sar             [3]float64
		car, v, scar        float64
	}{
		{0.0002110995851, 1.773340249, 0.0001042649896, [3]float64{-0.04230446058, -0.002477697095, 0.002015560166},
			[3]float64{-3.965010797, -0.2132176749, 0.1895862718}, -0.04276659751, 0.0004072175165, -2.119295295},
		{0.000479253112, 1.012448133, 3.129004149e-05, [3]float64{-0.01652904564, -0.008354771784, 0.001508298755},
			[3]float64{-2.827952914, -1.312428841, 0.2589790747}, -0.02337551867, 0.000122206438, -2.114531763},
		{0.0004242738589, 1.345435685, 2.63313278e-05, [3]float64{-0.0138060166, 0.01103008299, -0.007769709544},
			[3]float64{-2.574894716, 1.888802912, -1.454282492}, -0.01054564315, 0.0001028396776, -1.03990273},
		{4.408713693e-05, 0.7235477178, 3.538003112e-05, [3]float64{0.003061721992, -0.007808609959, 0.001232365145},
			[3]float64{0.4926223516, -1.153556494, 0.1989943167}, -0.003514522822, 0.0001381803083, -0.2989807928},
	}
	w := Window{0, 2}
	for i, e := range estimate83(t) {
		c := want[i]
		checkRel(t, e.ID+" alpha", e.Fit.Theta[0], c.alpha, tolI)
		checkRel(t, e.ID+" beta", e.Fit.Theta[1], c.beta, tolI)
		checkRel(t, e.ID+" sigma2", e.Fit.Sigma2, c.sigma2, tolI)
		for j := 0; j < 3; j++ {
			checkRel(t, e.ID+" AR", e.AR[j], c.ar[j], tolI)
			checkRel(t, e.ID+" SAR", e.SAR[j], c.sar[j], tolI)
		}
		car, _ := e.CAR(w)
		checkRel(t, e.ID+" CAR", car, c.car, tolI)
		checkRel(t, e.ID+" Var(CAR)", e.CARVariance(w, false), c.v, tolI)
		checkRel(t, e.ID+" SCAR", e.SCAR(w, false), c.scar, tolI)
		checkRel(t, e.ID+" Q", e.Fit.Q(), 1.25, tolI)
	}
}

// TestAverageAbnormalReturns: AAR/CAAR of 8.3 (no missing day) and of the
// default primary set of 8.4 (E4 missing on day 1), by hand from the
// per-event ARs printed in section 8.
func TestAverageAbnormalReturns(t *testing.T) {
	ev := estimate83(t)
	rows := AverageAbnormalReturns(ev)
	aar1 := (-0.002477697095 - 0.008354771784 + 0.01103008299 - 0.007808609959) / 4
	aar2 := (0.002015560166 + 0.001508298755 - 0.007769709544 + 0.001232365145) / 4
	wantAAR := []float64{-0.01739445021, aar1, aar2}
	wantCAAR := []float64{-0.01739445021, -0.01739445021 + aar1, -0.02005057054}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for j, r := range rows {
		if r.RelDay != j || r.N != 4 {
			t.Errorf("row %d: %+v", j, r)
		}
		checkRel(t, "aar", float64(r.AAR), wantAAR[j], tolI)
		checkRel(t, "caar", float64(r.CAAR), wantCAAR[j], tolI)
	}

	p84 := estimate84(t)[:4] // E1..E4
	rows = AverageAbnormalReturns(p84)
	aar0 := (-0.04230446058 - 0.01622369511 + 0.01097104806 + 0.003061721992) / 4
	checkRel(t, "8.4 aar0", float64(rows[0].AAR), aar0, tolI)
	checkRel(t, "8.4 window 0,0 CAAR", float64(rows[0].AAR), -0.01112384641, tolI)
	checkRel(t, "8.4 window 1,1 CAAR", float64(rows[1].AAR), -0.0046824961, tolI)
	if rows[0].N != 4 || rows[1].N != 3 || rows[2].N != 4 {
		t.Errorf("n = %d %d %d, want 4 3 4", rows[0].N, rows[1].N, rows[2].N)
	}
	aar2 = (0.002015560166 + 0.002391466446 - 0.003222350898 + 0.001232365145) / 4
	checkRel(t, "8.4 caar2", float64(rows[2].CAAR), aar0-0.0046824961+aar2, tolI)
}

// estimate84 estimates E1..E5 of docs/methodology.md 8.4.
func estimate84(t *testing.T) []*EventEstimate {
	t.Helper()
	cfg := exampleConfig()
	rm, r := ex84()
	specs := []struct {
		id, firm, stage string
		day0            int
	}{
		{"E1", "A", "confirmation", 12}, {"E2", "B", "confirmation", 12}, {"E3", "C", "confirmation", 13},
		{"E4", "D", "confirmation", 12}, {"E5", "A", "scope", 13},
	}
	var out []*EventEstimate
	for i, s := range specs {
		e, reason := Estimate(inputAt(s.id, s.firm, s.stage, i, s.day0, cfg, rm, r[s.firm]), cfg)
		if reason != "" {
			t.Fatalf("%s: %q", s.id, reason)
		}
		out = append(out, e)
	}
	return out
}

func ids(es []*EventEstimate) []string {
	var s []string
	for _, e := range es {
		s = append(s, e.ID)
	}
	return s
}

// TestPrimarySet checks the stage rule against 8.4.
func TestPrimarySet(t *testing.T) {
	ev := estimate84(t)
	cases := []struct {
		stage     string
		primary   []string
		secondary map[string]string
		caar02    float64
	}{
		{"", []string{"E1", "E2", "E3", "E4"}, map[string]string{"E5": "E1"}, -0.02013997341},
		{"scope", []string{"E2", "E3", "E4", "E5"}, map[string]string{"E1": "E5"}, -0.005372763621},
		{"confirmation", []string{"E1", "E2", "E3", "E4"}, map[string]string{"E5": "E1"}, -0.02013997341},
	}
	for _, c := range cases {
		p, sec := PrimarySet(ev, c.stage)
		if got := ids(p); !equalStrings(got, c.primary) {
			t.Errorf("stage %q: primary %v, want %v", c.stage, got, c.primary)
		}
		if len(sec) != len(c.secondary) {
			t.Errorf("stage %q: secondary %v, want %v", c.stage, sec, c.secondary)
		}
		for k, v := range c.secondary {
			if sec[k] != v {
				t.Errorf("stage %q: secondaryOf[%s] = %q, want %q", c.stage, k, sec[k], v)
			}
		}
		// CAAR(0,2) over the complete events of the primary set (8.4).
		var sum float64
		n := 0
		for _, e := range p {
			if car, _ := e.CAR(Window{0, 2}); !math.IsNaN(car) {
				sum += car
				n++
			}
		}
		checkRel(t, "CAAR(0,2)", sum/float64(n), c.caar02, tolI)
	}

	// Transitive linking: windows [0,2] and [2,4] and [4,6] of one firm form
	// one component although the first and last do not overlap; another
	// firm and a far-away event of the same firm stay apart.
	mk := func(id, firm string, day0, order int) *EventEstimate {
		return &EventEstimate{ID: id, Firm: firm, Day0: day0, Order: order, EvtWindow: Window{0, 2}}
	}
	chain := []*EventEstimate{mk("c", "F", 104, 0), mk("a", "F", 100, 1), mk("b", "F", 102, 2), mk("x", "G", 100, 3), mk("far", "F", 107, 4), mk("tie", "F", 100, 5), nil}
	p, sec := PrimarySet(chain, "")
	if got := ids(p); !equalStrings(got, []string{"a", "x", "far"}) {
		t.Errorf("chain primary %v", got)
	}
	if sec["c"] != "a" || sec["b"] != "a" || sec["tie"] != "a" || len(sec) != 3 {
		t.Errorf("chain secondary %v", sec)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestEstWindowContainsEvent: in 8.4, E5's estimation window d2..d13
// contains d13, the day 0 of E1 (same firm A); E1's does not reach E5.
func TestEstWindowContainsEvent(t *testing.T) {
	got := EstWindowContainsEvent(estimate84(t))
	if len(got) != 1 || got[0] != (EventPair{"E5", "E1"}) {
		t.Errorf("got %v, want [{E5 E1}]", got)
	}
}
