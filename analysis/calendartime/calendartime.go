package calendartime

import "math"

// Factors are the regressors of the calendar-time regression on the
// calendar positions: Cols[j][t] the factor Names[j] on position t, RF the
// risk-free rate (nil: zero, the market model without a risk-free rate).
// Excess[j] marks a factor that is an excess return over RF (Mkt-RF),
// which a month compounds as Π(1+f+rf) - Π(1+rf).
type Factors struct {
	Names  []string
	Cols   [][]float64
	RF     []float64
	Excess []bool
}

func (f *Factors) rf(t int) float64 {
	if f.RF == nil {
		return 0
	}
	return f.RF[t]
}

// Result is one calendar-time portfolio's regression.
type Result struct {
	Fit
	NPeriods   int     // periods with a portfolio return and every factor
	MeanNFirms float64 // firms per period, averaged over the periods
	// Dropped counts portfolio days left out for a missing factor or
	// risk-free rate (the study warns of them).
	Dropped int
}

// Run builds the portfolio of firms over the horizon on calendar positions
// 0..n-1 with the weighting and regresses its excess return on the
// factors, per day (month nil) or per month (month[t] the month of
// position t, non-decreasing). A month's return compounds its days:
// R = Π(1+r_d) - 1 over the days the portfolio has a return, and each
// factor over the same days, so the two sides cover one holding period.
func Run(firms []Firm, h Horizon, n int, weighting string, fac Factors, month []int) Result {
	r, _ := Daily(firms, h, n, weighting)
	periodOf, nper, dropped := periods(r, fac, month)
	k := len(fac.Cols)
	y := make([]float64, nper)
	x := make([][]float64, k)
	for j := range x {
		x[j] = make([]float64, nper)
	}
	// Products of (1+·) per period: portfolio, risk-free, factors.
	gp, grf := ones(nper), ones(nper)
	gf := make([][]float64, k)
	for j := range gf {
		gf[j] = ones(nper)
	}
	for t, p := range periodOf {
		if p < 0 {
			continue
		}
		rf := fac.rf(t)
		gp[p] *= 1 + r[t]
		grf[p] *= 1 + rf
		for j, c := range fac.Cols {
			v := c[t]
			if fac.Excess[j] {
				v += rf
			}
			gf[j][p] *= 1 + v
		}
	}
	for p := range nper {
		y[p] = gp[p] - grf[p]
		for j := range k {
			x[j][p] = gf[j][p] - 1
			if fac.Excess[j] {
				x[j][p] = gf[j][p] - grf[p]
			}
		}
	}
	res := Result{Fit: OLS(y, x), NPeriods: nper, Dropped: dropped, MeanNFirms: math.NaN()}
	if nper > 0 {
		res.MeanNFirms = float64(firmsPerPeriod(firms, h, periodOf, nper)) / float64(nper)
	}
	return res
}

// periods numbers the periods: periodOf[t] is position t's period, -1
// when t has no portfolio return or misses a factor (dropped counts the
// latter). A daily period is one position; a monthly one the positions of
// a month.
func periods(r []float64, fac Factors, month []int) (periodOf []int, n, dropped int) {
	periodOf = make([]int, len(r))
	last := math.MinInt
	for t := range r {
		periodOf[t] = -1
		if math.IsNaN(r[t]) {
			continue
		}
		if !factorsAt(fac, t) {
			dropped++
			continue
		}
		switch {
		case month == nil:
			n++
		case month[t] != last:
			last = month[t]
			n++
		}
		periodOf[t] = n - 1
	}
	return periodOf, n, dropped
}

func factorsAt(fac Factors, t int) bool {
	if v := fac.rf(t); math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	for _, c := range fac.Cols {
		if math.IsNaN(c[t]) || math.IsInf(c[t], 0) {
			return false
		}
	}
	return true
}

// firmsPerPeriod is the sum over periods of the number of distinct firms
// with a return in the period.
func firmsPerPeriod(firms []Firm, h Horizon, periodOf []int, nper int) int {
	total := 0
	for _, f := range firms {
		lastP := -1
		for k, x := range f.R {
			t := f.Day0 + h.From + k
			if t < 0 || t >= len(periodOf) || math.IsNaN(x) || periodOf[t] < 0 {
				continue
			}
			if p := periodOf[t]; p != lastP {
				total++
				lastP = p
			}
		}
	}
	return total
}

func ones(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 1
	}
	return s
}
