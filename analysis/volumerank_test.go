package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestVolumeRankTestByHand checks av_rank against the definition computed
// with plain double loops over every (window day, estimation day) pair,
// no sorting: three events with ties and a missing estimation day, a
// fourth without day 1 (left out of windows holding it).
func TestVolumeRankTestByHand(t *testing.T) {
	est := Window{T1: -8, T2: -3}
	evt := Window{T1: -1, T2: 1}
	ves := []*VolumeEstimate{
		{EstWindow: est, EvtWindow: evt, Residual: []float64{-0.3, 0.1, 0.2, -0.1, 0.4, 0.0}, AV: []float64{0.1, 0.9, 0.5}},
		{EstWindow: est, EvtWindow: evt, Residual: []float64{0.2, -0.5, nan, 0.3, -0.2, 0.1}, AV: []float64{-0.4, 0.3, 0.25}},
		{EstWindow: est, EvtWindow: evt, Residual: []float64{0.05, -0.05, 0.15, -0.15, 0.25, -0.25}, AV: []float64{0.0, -0.2, 0.6}},
		{EstWindow: est, EvtWindow: evt, Residual: []float64{0.1, 0.2, 0.3, -0.1, -0.2, -0.3}, AV: []float64{0.2, 0.4, nan}},
		nil,
	}
	for _, tc := range []struct {
		name  string
		w     Window
		wantN int
	}{
		{"(0,0)", Window{T1: 0, T2: 0}, 4},
		{"(0,1)", Window{T1: 0, T2: 1}, 3},
		{"(-1,1)", Window{T1: -1, T2: 1}, 3},
		{"(-1,0)", Window{T1: -1, T2: 0}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var zs []float64
			var sumP float64
			for _, ve := range ves {
				if ve == nil {
					continue
				}
				var u, m float64
				ok := true
				for tau := tc.w.T1; tau <= tc.w.T2; tau++ {
					if math.IsNaN(ve.AV[tau-evt.T1]) {
						ok = false
					}
				}
				if !ok {
					continue
				}
				for _, e := range ve.Residual {
					if math.IsNaN(e) {
						continue
					}
					m++
					for tau := tc.w.T1; tau <= tc.w.T2; tau++ {
						switch x := ve.AV[tau-evt.T1]; {
						case x > e:
							u++
						case x == e:
							u += 0.5
						}
					}
				}
				l := float64(tc.w.T2 - tc.w.T1 + 1)
				zs = append(zs, (u-l*m/2)/math.Sqrt(l*m*(m+l+1)/12))
				sumP += u / (l * m)
			}
			var mean, ss float64
			for _, z := range zs {
				mean += z
			}
			mean /= float64(len(zs))
			for _, z := range zs {
				ss += (z - mean) * (z - mean)
			}
			want := mean / math.Sqrt(ss/float64(len(zs)-1)/float64(len(zs)))
			n, estimate, stat := VolumeRankTest(ves, tc.w)
			if n != tc.wantN || n != len(zs) {
				t.Fatalf("n = %d, want %d", n, tc.wantN)
			}
			if math.Abs(estimate-sumP/float64(n)) > 1e-15 || math.Abs(stat-want) > 1e-12 {
				t.Errorf("estimate, t = %v, %v; want %v, %v", estimate, stat, sumP/float64(n), want)
			}
		})
	}
}

// TestVolumeRankTestUndefined: fewer than two events, no spread, or a
// window outside the event window give NaN, never a number.
func TestVolumeRankTestUndefined(t *testing.T) {
	ve := func(av float64) *VolumeEstimate {
		return &VolumeEstimate{EstWindow: Window{T1: -5, T2: -2}, EvtWindow: Window{T1: 0, T2: 1},
			Residual: []float64{-1, 0, 1, 2}, AV: []float64{av, 0}}
	}
	for _, tc := range []struct {
		name  string
		ves   []*VolumeEstimate
		w     Window
		wantN int
	}{
		{"one event", []*VolumeEstimate{ve(3)}, Window{T1: 0, T2: 0}, 1},
		{"equal z", []*VolumeEstimate{ve(3), ve(3)}, Window{T1: 0, T2: 0}, 2},
		{"outside", []*VolumeEstimate{ve(3), ve(1)}, Window{T1: 0, T2: 2}, 0},
		{"none", nil, Window{T1: 0, T2: 0}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, _, stat := VolumeRankTest(tc.ves, tc.w)
			if n != tc.wantN || !math.IsNaN(stat) {
				t.Errorf("n, stat = %d, %v; want %d, NaN", n, stat, tc.wantN)
			}
		})
	}
}

// TestVolumeDayRanksByHand checks each day's count against a plain
// double loop over the residuals: values on a coarse grid (many ties,
// including AVs equal to each other and to residuals), missing AVs and
// residuals, window lengths 1 to 30.
func TestVolumeDayRanksByHand(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 2))
	grid := func() float64 {
		if rng.IntN(10) == 0 {
			return nan
		}
		return float64(rng.IntN(9)-4) / 4
	}
	for _, tc := range []struct {
		name string
		l, m int
	}{{"one day", 1, 20}, {"event window", 21, 250}, {"more days than residuals", 30, 5}, {"no residuals", 3, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			for range 50 {
				ve := &VolumeEstimate{AV: make([]float64, tc.l), Residual: make([]float64, tc.m)}
				for i := range ve.AV {
					ve.AV[i] = grid()
				}
				for i := range ve.Residual {
					ve.Residual[i] = grid()
				}
				days, m := VolumeDayRanks(ve)
				wantM := 0
				for _, e := range ve.Residual {
					if !math.IsNaN(e) {
						wantM++
					}
				}
				if m != wantM {
					t.Fatalf("m = %d, want %d", m, wantM)
				}
				for j, x := range ve.AV {
					var want float64
					for _, e := range ve.Residual {
						switch {
						case math.IsNaN(e) || math.IsNaN(x):
						case e < x:
							want++
						case e == x:
							want += 0.5
						}
					}
					if days[j] != want {
						t.Fatalf("AV %v (day %d) against %v: %v, want %v", x, j, ve.Residual, days[j], want)
					}
				}
			}
		})
	}
	if d, m := VolumeDayRanks(nil); d != nil || m != 0 {
		t.Errorf("nil estimate: %v, %d", d, m)
	}
}

func BenchmarkVolumeDayRanks(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	ve := &VolumeEstimate{AV: make([]float64, 21), Residual: make([]float64, 250)}
	for i := range ve.AV {
		ve.AV[i] = rng.NormFloat64()
	}
	for i := range ve.Residual {
		ve.Residual[i] = rng.NormFloat64()
	}
	for b.Loop() {
		VolumeDayRanks(ve)
	}
}
