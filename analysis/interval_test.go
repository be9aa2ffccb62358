package analysis

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestCritical: the critical values are the published two-sided table
// values (Student's t with 10 df and the normal, e.g. any statistics
// text's t table, to the 9 decimals of R's qt/qnorm), and the CDF at the
// value is (1+level)/2.
func TestCritical(t *testing.T) {
	for _, tc := range []struct {
		name  string
		level float64
		dist  string
		df    float64
		want  float64
	}{
		{"t10 90%", 0.90, DistT, 10, 1.812461123},
		{"t10 95%", 0.95, DistT, 10, 2.228138852},
		{"t10 99%", 0.99, DistT, 10, 3.169272673},
		{"t3 90%", 0.90, DistT, 3, 2.353363435},
		{"normal 90%", 0.90, DistNormal, 0, 1.644853627},
		{"normal 95%", 0.95, DistNormal, 0, 1.959963985},
		{"t infinite df", 0.95, DistT, math.Inf(1), 1.959963985},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Critical(tc.level, tc.dist, tc.df)
			if math.Abs(c-tc.want) > 1e-8 {
				t.Errorf("Critical = %.10g, want %.10g", c, tc.want)
			}
			var cdf float64
			if tc.dist == DistNormal || math.IsInf(tc.df, 1) {
				cdf = distuv.UnitNormal.CDF(c)
			} else {
				cdf = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: tc.df}.CDF(c)
			}
			if math.Abs(cdf-(1+tc.level)/2) > 1e-12 {
				t.Errorf("CDF(%v) = %v, want %v", c, cdf, (1+tc.level)/2)
			}
		})
	}
	for _, tc := range []struct {
		name  string
		level float64
		dist  string
		df    float64
	}{
		{"level 0", 0, DistT, 10}, {"level 1", 1, DistT, 10}, {"level NaN", math.NaN(), DistNormal, 0},
		{"df 0", 0.95, DistT, 0}, {"df NaN", 0.95, DistT, math.NaN()}, {"exact", 0.95, DistExact, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if c := Critical(tc.level, tc.dist, tc.df); !math.IsNaN(c) {
				t.Errorf("Critical = %v, want NaN", c)
			}
		})
	}
}

// TestIntervalInvertsTheTest: the interval at level excludes 0 exactly
// when the two-sided p of estimate/se is below 1-level; at its edge
// (estimate/se = the critical value) p is 1-level.
func TestIntervalInvertsTheTest(t *testing.T) {
	for _, level := range []float64{0.90, 0.95, 0.99} {
		for _, df := range []float64{4, 30, 250} {
			c := Critical(level, DistT, df)
			se := 0.013
			lo, hi := Interval(c*se, se, level, DistT, df)
			if math.Abs(lo) > 1e-15 || math.Abs(hi-2*c*se) > 1e-15 {
				t.Errorf("level %v df %v: edge interval [%v, %v], want [0, %v]", level, df, lo, hi, 2*c*se)
			}
			if p, _, _ := PValues(c, DistT, df); math.Abs(p-(1-level)) > 1e-10 {
				t.Errorf("level %v df %v: p at the edge %v, want %v", level, df, p, 1-level)
			}
		}
	}
	if lo, hi := Interval(math.NaN(), 1, 0.95, DistNormal, 0); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("NaN estimate: [%v, %v]", lo, hi)
	}
	if lo, hi := Interval(1, math.Inf(1), 0.95, DistNormal, 0); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("infinite se: [%v, %v]", lo, hi)
	}
}

// TestMeanInterval: x = 1, 2, 3, 6: mean 3, s = √(14/3), t(0.975, 3) =
// 3.18244630528371 (R qt), half-width t·s/2, by hand.
func TestMeanInterval(t *testing.T) {
	mean, lo, hi, ok := MeanInterval([]float64{1, 2, 3, 6}, 0.95)
	half := 3.18244630528371 * math.Sqrt(14.0/3) / 2
	if !ok || math.Abs(mean-3) > 1e-15 || math.Abs(lo-(3-half)) > 1e-9 || math.Abs(hi-(3+half)) > 1e-9 {
		t.Errorf("MeanInterval = %v [%v, %v] %v, want 3 [%v, %v]", mean, lo, hi, ok, 3-half, 3+half)
	}
	for _, bad := range [][]float64{nil, {1}, {1, math.NaN()}, {1, math.Inf(1)}} {
		if _, _, _, ok := MeanInterval(bad, 0.95); ok {
			t.Errorf("MeanInterval(%v) ok", bad)
		}
	}
}
