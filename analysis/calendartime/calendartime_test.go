package calendartime

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/breachlab/eventstudy/analysis"
)

// handOLS fits y on an intercept and x by the normal equations, solved and
// inverted by Gauss–Jordan elimination in plain loops: an independent
// route to OLS's numbers.
func handOLS(y []float64, x [][]float64) (alpha, se, t, r2 float64, df int) {
	n, p := len(y), len(x)+1
	row := func(i int) []float64 {
		r := []float64{1}
		for _, c := range x {
			r = append(r, c[i])
		}
		return r
	}
	// [X'X | X'y | I]
	a := make([][]float64, p)
	for j := range a {
		a[j] = make([]float64, p+1+p)
		a[j][p+1+j] = 1
	}
	for i := range n {
		r := row(i)
		for j := range p {
			for k := range p {
				a[j][k] += r[j] * r[k]
			}
			a[j][p] += r[j] * y[i]
		}
	}
	for c := range p {
		piv := c
		for j := c + 1; j < p; j++ {
			if math.Abs(a[j][c]) > math.Abs(a[piv][c]) {
				piv = j
			}
		}
		a[c], a[piv] = a[piv], a[c]
		d := a[c][c]
		for k := range a[c] {
			a[c][k] /= d
		}
		for j := range p {
			if j != c {
				f := a[j][c]
				for k := range a[j] {
					a[j][k] -= f * a[c][k]
				}
			}
		}
	}
	beta := make([]float64, p)
	for j := range p {
		beta[j] = a[j][p]
	}
	var rss, mean, tss float64
	for i := range n {
		mean += y[i] / float64(n)
	}
	for i := range n {
		r := row(i)
		fit := 0.0
		for j := range p {
			fit += beta[j] * r[j]
		}
		rss += (y[i] - fit) * (y[i] - fit)
		tss += (y[i] - mean) * (y[i] - mean)
	}
	df = n - p
	se = math.Sqrt(rss / float64(df) * a[0][p+1])
	return beta[0], se, beta[0] / se, 1 - rss/tss, df
}

func close(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.15g, want %.15g (tol %g)", name, got, want, tol)
	}
}

func TestOLSMatchesNormalEquations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 3, 5} {
		n := 250
		x := make([][]float64, k)
		for j := range x {
			x[j] = make([]float64, n)
			for i := range x[j] {
				x[j][i] = 0.01 * rng.NormFloat64()
			}
		}
		y := make([]float64, n)
		for i := range y {
			y[i] = -0.0007 + 0.02*rng.NormFloat64()
			for j := range x {
				y[i] += float64(j+1) * 0.3 * x[j][i]
			}
		}
		t.Run(string(rune('0'+k))+"factors", func(t *testing.T) {
			f := OLS(y, x)
			a, se, tt, r2, df := handOLS(y, x)
			close(t, "alpha", f.Alpha, a, 1e-10)
			close(t, "se", f.SE, se, 1e-10)
			close(t, "t", f.T, tt, 1e-10)
			close(t, "r2", f.R2, r2, 1e-10)
			if f.DF != df {
				t.Errorf("df = %d, want %d", f.DF, df)
			}
			p, _, _ := analysis.PValues(tt, analysis.DistT, float64(df))
			close(t, "p", f.P, p, 1e-10)
		})
	}
}

func TestOLSTooFewOrCollinear(t *testing.T) {
	for name, c := range map[string]struct {
		y []float64
		x [][]float64
	}{
		"n=p":       {[]float64{1, 2}, [][]float64{{1, 3}}},
		"collinear": {[]float64{1, 2, 4, 3}, [][]float64{{1, 2, 3, 4}, {2, 4, 6, 8}}},
	} {
		t.Run(name, func(t *testing.T) {
			if f := OLS(c.y, c.x); !math.IsNaN(f.Alpha) || !math.IsNaN(f.T) {
				t.Errorf("got alpha %v t %v, want NaN", f.Alpha, f.T)
			}
		})
	}
}

// panel draws firms with events spread over a calendar of n days, some
// returns missing, and three factors with a risk-free rate (one day
// missing a factor).
func panel(seed uint64, nFirms, n int, h Horizon) ([]Firm, Factors) {
	rng := rand.New(rand.NewPCG(seed, 7))
	fac := Factors{Names: []string{"Mkt-RF", "SMB", "HML"}, Excess: []bool{true, false, false}, RF: make([]float64, n)}
	for range 3 {
		c := make([]float64, n)
		for t := range c {
			c[t] = 0.008 * rng.NormFloat64()
		}
		fac.Cols = append(fac.Cols, c)
	}
	for t := range fac.RF {
		fac.RF[t] = 0.0001 + 0.00001*rng.Float64()
	}
	fac.Cols[1][n/2] = math.NaN()
	firms := make([]Firm, nFirms)
	for i := range firms {
		f := Firm{Day0: rng.IntN(n) - h.From, MCap: 1e9 * (1 + 10*rng.Float64()), R: make([]float64, h.Len())}
		for k := range f.R {
			t := f.Day0 + h.From + k
			f.R[k] = math.NaN()
			if t < n && rng.Float64() > 0.05 {
				f.R[k] = fac.rf(t) + 0.9*fac.Cols[0][t] + 0.3*fac.Cols[1][min(t+1, n-1)] + 0.02*rng.NormFloat64()
			}
		}
		firms[i] = f
	}
	return firms, fac
}

// handPortfolio is the portfolio return on t by a plain loop over the
// firms, value weights recomputed from day -1's cap for every t.
func handPortfolio(firms []Firm, h Horizon, t int, vw bool) (float64, int) {
	var s, ws float64
	n := 0
	for _, f := range firms {
		k := t - f.Day0 - h.From
		if k < 0 || k >= len(f.R) || math.IsNaN(f.R[k]) {
			continue
		}
		w := 1.0
		if vw {
			w = f.MCap
			for j := 0; j < k; j++ {
				if !math.IsNaN(f.R[j]) {
					w *= 1 + f.R[j]
				}
			}
		}
		s += w * f.R[k]
		ws += w
		n++
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return s / ws, n
}

func TestRunMatchesHand(t *testing.T) {
	const n = 900
	h := Horizon{1, 250}
	firms, fac := panel(3, 12, n, h)
	month := make([]int, n)
	for t := range month {
		month[t] = t / 21 // months of 21 trading days
		if t >= 400 {
			month[t] = 20 + (t-400)/22 // then of 22
		}
	}
	for _, tc := range []struct {
		name    string
		weights string
		monthly bool
	}{{"daily-ew", EW, false}, {"daily-vw", VW, false}, {"monthly-ew", EW, true}, {"monthly-vw", VW, true}} {
		t.Run(tc.name, func(t *testing.T) {
			var m []int
			if tc.monthly {
				m = month
			}
			got := Run(firms, h, n, tc.weights, fac, m)
			// By hand: per day the portfolio, then per period the products.
			type acc struct {
				gp, grf, g0, g1, g2 float64
				firms               map[int]bool
			}
			var pers []*acc
			last := -1
			dropped := 0
			for d := range n {
				rp, _ := handPortfolio(firms, h, d, tc.weights == VW)
				if math.IsNaN(rp) {
					continue
				}
				if math.IsNaN(fac.Cols[1][d]) {
					dropped++
					continue
				}
				key := d
				if tc.monthly {
					key = month[d]
				}
				if key != last {
					pers = append(pers, &acc{1, 1, 1, 1, 1, map[int]bool{}})
					last = key
				}
				a := pers[len(pers)-1]
				rf := fac.RF[d]
				a.gp *= 1 + rp
				a.grf *= 1 + rf
				a.g0 *= 1 + fac.Cols[0][d] + rf
				a.g1 *= 1 + fac.Cols[1][d]
				a.g2 *= 1 + fac.Cols[2][d]
				for i, f := range firms {
					if k := d - f.Day0 - h.From; k >= 0 && k < len(f.R) && !math.IsNaN(f.R[k]) {
						a.firms[i] = true
					}
				}
			}
			y := make([]float64, len(pers))
			x := [][]float64{make([]float64, len(pers)), make([]float64, len(pers)), make([]float64, len(pers))}
			nf := 0
			for p, a := range pers {
				y[p] = a.gp - a.grf
				x[0][p], x[1][p], x[2][p] = a.g0-a.grf, a.g1-1, a.g2-1
				nf += len(a.firms)
			}
			alpha, se, tt, r2, df := handOLS(y, x)
			close(t, "alpha", got.Alpha, alpha, 1e-10)
			close(t, "se", got.SE, se, 1e-10)
			close(t, "t", got.T, tt, 1e-10)
			close(t, "r2", got.R2, r2, 1e-10)
			close(t, "mean_n_firms", got.MeanNFirms, float64(nf)/float64(len(pers)), 1e-12)
			if got.DF != df || got.NPeriods != len(pers) || got.Dropped != dropped {
				t.Errorf("df %d periods %d dropped %d, want %d %d %d", got.DF, got.NPeriods, got.Dropped, df, len(pers), dropped)
			}
			if dropped != 1 {
				t.Errorf("the day without SMB should be dropped once, got %d", dropped)
			}
		})
	}
}
