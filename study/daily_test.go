package study

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
	"github.com/breachlab/eventstudy/results"
)

// demoStudy is the bundled demo study (T-Mobile 2021 and ten other
// breaches, peers VZ and T), read from the repository.
func demoStudy() Study {
	s := Default()
	s.Events, s.Prices, s.Market = "../testdata/demo/events.csv", demoPrices, "GSPC"
	return s
}

// TestDailyColumnsAreOneDayWindows: on the demo, with a CAR window (τ,τ)
// for every day of the event window, each aar.csv row's daily columns are
// tests.csv's cs_t, patell, bmp and corrado rows of its day's window, for
// every group and day (docs/methodology.md 4.6).
func TestDailyColumnsAreOneDayWindows(t *testing.T) {
	s := demoStudy()
	s.Analysis.CARWindows = nil
	for tau := s.Analysis.EventWindow.T1; tau <= s.Analysis.EventWindow.T2; tau++ {
		s.Analysis.CARWindows = append(s.Analysis.CARWindows, analysis.Window{T1: tau, T2: tau})
	}
	out := runStudy(t, s)
	tests := map[string]results.TestRow{}
	for _, r := range out.Set.Tests {
		tests[r.Group+"|"+r.Window+"|"+r.Test] = r
	}
	checked := 0
	for _, a := range out.Set.AAR {
		w := analysis.Window{T1: a.RelDay, T2: a.RelDay}.String()
		for _, c := range []struct {
			test    string
			stat, p results.Num
		}{{"cs_t", a.TCS, a.PCS}, {"patell", a.ZPatell, a.PPatell}, {"bmp", a.TBMP, a.PBMP}, {"corrado", a.ZRank, a.PRank}} {
			t.Run(fmt.Sprintf("%s/%d/%s", a.Group, a.RelDay, c.test), func(t *testing.T) {
				r, ok := tests[a.Group+"|"+w+"|"+c.test]
				if !ok {
					t.Fatalf("no tests.csv row for window %s", w)
				}
				if !close12(c.stat, r.Statistic) || !close12(c.p, r.P) {
					t.Errorf("daily %v (p %v), window %v (p %v)", c.stat, c.p, r.Statistic, r.P)
				}
				if !r.Statistic.IsNA() {
					checked++
				}
			})
		}
	}
	if checked < 100 {
		t.Errorf("only %d statistics compared; the demo should give over 100", checked)
	}
}

// close12 reports whether a and b agree to 1e-12 (relative above 1), both
// empty counting as equal.
func close12(a, b results.Num) bool {
	if a.IsNA() || b.IsNA() {
		return a.IsNA() && b.IsNA()
	}
	return math.Abs(float64(a)-float64(b)) <= 1e-12*math.Max(1, math.Abs(float64(b)))
}

// TestDailyDay0ByHand recomputes the day-0 t_cs and Patell z of every demo
// group with a plain loop over the output tables: ar.csv's ar and sar of
// the group's primary events on day 0, and events.csv's n_est for the
// Patell variance Q_i = df_i/(df_i-2), df_i = n_est-2 (market model):
//
//	t_cs = mean(AR)/(s/√N),  z = Σ SAR_i / sqrt(Σ Q_i).
func TestDailyDay0ByHand(t *testing.T) {
	out := runStudy(t, demoStudy())
	events := map[string]results.EventRow{}
	for _, e := range out.Set.Events {
		events[e.EventID] = e
	}
	ar := map[string]results.ARRow{}
	for _, r := range out.Set.AR {
		if r.RelDay == 0 {
			ar[r.EventID] = r
		}
	}
	for _, a := range out.Set.AAR {
		if a.RelDay != 0 {
			continue
		}
		t.Run(a.Group, func(t *testing.T) {
			var ids []string
			for _, e := range out.Groups[a.Group] {
				ids = append(ids, e.ID)
			}
			slices.Sort(ids)
			var sum, sumSq, sumSAR, sumQ float64
			n := 0
			for _, id := range ids {
				r, e := ar[id], events[id]
				if r.AR.IsNA() {
					continue
				}
				x := float64(r.AR)
				// sar is AR/(σ̂√(1+h)); h (leverage of the day's market return) is small next to 1.
				if q := float64(r.SAR) * float64(e.Sigma) / x; math.Abs(q-1) > 0.1 {
					t.Fatalf("%s: sar·sigma/ar = %v, want about 1", id, q)
				}
				df := float64(e.NEst.V - 2)
				sum += x
				sumSq += x * x
				sumSAR += float64(r.SAR)
				sumQ += df / (df - 2)
				n++
			}
			if n != a.N || n < 2 {
				t.Fatalf("%d events on day 0, aar.csv n %d", n, a.N)
			}
			mean := sum / float64(n)
			s := math.Sqrt((sumSq - float64(n)*mean*mean) / float64(n-1))
			tcs := mean / (s / math.Sqrt(float64(n)))
			z := sumSAR / math.Sqrt(sumQ)
			if math.Abs(float64(a.TCS)-tcs) > 1e-10*math.Max(1, math.Abs(tcs)) {
				t.Errorf("t_cs %v, by hand %v", a.TCS, tcs)
			}
			if math.Abs(float64(a.ZPatell)-z) > 1e-10*math.Max(1, math.Abs(z)) {
				t.Errorf("z_patell %v, by hand %v", a.ZPatell, z)
			}
			t.Logf("n %d: t_cs %.12g (hand %.12g), z_patell %.12g (hand %.12g)", n, float64(a.TCS), tcs, float64(a.ZPatell), z)
		})
	}
}
