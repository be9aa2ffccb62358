package calendartime

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

func TestBHAR(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name     string
		r, bench []float64
		want     float64
		n        int
	}{
		// 1.1·1.2 - 1.02·1.03
		{"full", []float64{0.1, 0.2}, []float64{0.02, 0.03}, 1.1*1.2 - 1.02*1.03, 2},
		// day 2: firm missing, earns the benchmark; day 3: no benchmark, left out
		{"gaps", []float64{0.1, nan, -0.05}, []float64{0.02, 0.01, nan}, 1.1*1.01 - 1.02*1.01, 1},
		{"no firm returns", []float64{nan, nan}, []float64{0.01, 0.02}, nan, 0},
		{"firm past the data", []float64{0.05}, []float64{0.01, 0.02}, 1.05*1.02 - 1.01*1.02, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, n := BHAR(tc.r, tc.bench)
			if n != tc.n || !(math.Abs(got-tc.want) < 1e-15 || math.IsNaN(got) && math.IsNaN(tc.want)) {
				t.Errorf("BHAR = %v over %d days, want %v over %d", got, n, tc.want, tc.n)
			}
		})
	}
}

// TestSkewnessAdjusted checks the statistics against raw power sums
// (central moments expanded: m2 = Σx²/n - x̄², m3 = Σx³/n - 3x̄Σx²/n + 2x̄³)
// and against values computed separately in Python for this sample:
// mean 0.0875, s 0.40773766075750223, γ̂ 0.9292172790596875,
// t 0.606976978666884, t_sa 0.7020771659222392.
func TestSkewnessAdjusted(t *testing.T) {
	x := []float64{0.5, -0.1, -0.2, 0.05, -0.15, 0.9, -0.3, 0.0, math.NaN()}
	got := SkewnessAdjusted(x, 1000, 1)
	var s1, s2, s3 float64
	v := x[:8]
	for _, e := range v {
		s1 += e
		s2 += e * e
		s3 += e * e * e
	}
	n := float64(len(v))
	m := s1 / n
	m2 := s2/n - m*m
	m3 := s3/n - 3*m*s2/n + 2*m*m*m
	sd := math.Sqrt(m2 * n / (n - 1))
	g := n * m3 / (n * sd * sd * sd)
	S := m / sd
	tsa := math.Sqrt(n) * (S + g*S*S/3 + g/(6*n))
	for _, c := range []struct {
		name          string
		got, want, py float64
	}{
		{"mean", got.Mean, m, 0.0875}, {"sd", got.SD, sd, 0.40773766075750223},
		{"skewness", got.Skewness, g, 0.9292172790596875}, {"t", got.T, S * math.Sqrt(n), 0.606976978666884},
		{"t_sa", got.TSA, tsa, 0.7020771659222392},
	} {
		close(t, c.name, c.got, c.want, 1e-12)
		close(t, c.name+" (python)", c.got, c.py, 1e-12)
	}
	p, _, _ := analysis.PValues(got.TSA, analysis.DistT, 7)
	close(t, "p_sa", got.PSA, p, 1e-10)
	if got.N != 8 || got.DF != 7 || got.BootNB != 3 || got.Median != -0.05 {
		t.Errorf("n %d df %d nb %d median %v", got.N, got.DF, got.BootNB, got.Median)
	}
	if !(got.PBoot > 0 && got.PBoot <= 1) {
		t.Errorf("bootstrap p %v", got.PBoot)
	}
	if few := SkewnessAdjusted([]float64{1, 2}, 100, 1); !math.IsNaN(few.TSA) || few.N != 2 {
		t.Errorf("n=2: %+v, want NaN statistics", few)
	}
}

// TestSkewnessAdjustedSize draws right-skewed BHARs with mean zero (a
// lognormal less its mean, like long-run buy-and-hold returns) and counts
// rejections at 5 %: the conventional t over-rejects on the negative side,
// the bootstrap skewness-adjusted test should not (docs/validation.md).
func TestSkewnessAdjustedSize(t *testing.T) {
	const reps, n = 1000, 50
	rng := rand.New(rand.NewPCG(1999, 1))
	mu := math.Exp(0.8 * 0.8 / 2)
	var rt, rsa, rboot int
	for s := range reps {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Exp(0.8*rng.NormFloat64()) - mu
		}
		r := SkewnessAdjusted(x, 500, uint64(s))
		if r.P < 0.05 {
			rt++
		}
		if r.PSA < 0.05 {
			rsa++
		}
		if r.PBoot < 0.05 {
			rboot++
		}
	}
	t.Logf("%d samples of %d lognormal(0,0.8)-mean BHARs: rejection at 5%%: t %.1f %%, t_sa %.1f %%, bootstrap t_sa %.1f %%",
		reps, n, 100*float64(rt)/reps, 100*float64(rsa)/reps, 100*float64(rboot)/reps)
	if b := float64(rboot) / reps; b < 0.02 || b > 0.08 {
		t.Errorf("bootstrap size %.3f outside [0.02, 0.08]", b)
	}
}
