package grouptest

import "math"

// meanSD returns the mean and the sample standard deviation (divisor n-1).
func meanSD(x []float64) (m, s float64) {
	n := float64(len(x))
	for _, v := range x {
		m += v
	}
	m /= n
	var ss float64
	for _, v := range x {
		d := v - m
		ss += d * d
	}
	return m, math.Sqrt(ss / (n - 1))
}

// CrossSectionalT is the cross-sectional t test of METHODOLOGY.md 6.2
// (Brown & Warner 1985 "CSect T"; estudy2 t_test):
//
//	t_CS = CAAR / (s/√N),  s² = Σ(CAR_i - CAAR)²/(N-1)   ~ t_{N-1}
//
// over the N CARs of the window's event set (ARs for a one-day window).
// caar is the mean; t is NaN for N < 2 or s = 0.
func CrossSectionalT(car []float64) (caar, t float64) {
	n := len(car)
	if n == 0 {
		return nan, nan
	}
	if n < 2 {
		return car[0], nan
	}
	m, s := meanSD(car)
	return m, ratio(m, s/math.Sqrt(float64(n)))
}

// ratio is a/b, NaN when b is zero or not finite.
func ratio(a, b float64) float64 {
	if b == 0 || math.IsNaN(b) || math.IsInf(b, 0) {
		return nan
	}
	return a / b
}

// BrownWarnerCDA is the crude dependence adjustment (time-series t) of
// Brown & Warner (1980, 1985), METHODOLOGY.md 6.3. With resid[i][t] the
// estimation residual of event i on relative estimation day t (events
// aligned in event time, NaN where missing), the portfolio residual of day t
// is the mean over the N_t ≥ 1 events with a residual, and over the L₁* such
// days
//
//	Ŝ_AAR = sqrt(Σ_t (AR̄_t - Ā)²/(L₁*-1)),  t_TS = CAAR/(√L Ŝ_AAR)   ~ t_{L₁*-1}.
//
// L is the window length. df = L₁* - 1.
func BrownWarnerCDA(caar float64, L int, resid [][]float64) (sAAR, t float64, df int) {
	cols := 0
	for _, r := range resid {
		cols = max(cols, len(r))
	}
	// Event by event into per-day sums (each day still adds its events in
	// order, so the same bits as a day-by-day pass, without striding over
	// N arrays per day).
	sum := make([]float64, cols)
	cnt := make([]int, cols)
	for _, r := range resid {
		for c, v := range r {
			if !math.IsNaN(v) {
				sum[c] += v
				cnt[c]++
			}
		}
	}
	port := make([]float64, 0, cols)
	for c, k := range cnt {
		if k > 0 {
			port = append(port, sum[c]/float64(k))
		}
	}
	if len(port) < 2 {
		return nan, nan, 0
	}
	_, sAAR = meanSD(port)
	return sAAR, ratio(caar, math.Sqrt(float64(L))*sAAR), len(port) - 1
}

// PatellZ is the Patell (1976) standardized-residual test in the one
// aggregation of METHODOLOGY.md 6.4, for every window length:
//
//	Z_P = Σ_i SCAR_i / sqrt(Σ_i Q_i)   ~ N(0,1),  Q_i = df_i/(df_i-2),
//
// both sums over the window's event set only. For a one-day window SCAR_i is
// the SAR of that day. (With --multi-day sum-sar the caller passes
// CSAR_i/√L in place of SCAR_i.)
func PatellZ(scar, q []float64) float64 {
	if len(scar) == 0 || len(q) != len(scar) {
		return nan
	}
	var s, sq float64
	for i := range scar {
		s += scar[i]
		sq += q[i]
	}
	return ratio(s, math.Sqrt(sq))
}

// BMP is the standardized cross-sectional test of Boehmer, Musumeci &
// Poulsen (1991), METHODOLOGY.md 6.5:
//
//	t_BMP = mean(SCAR) / (s_SCAR/√N),  s_SCAR the sample sd (divisor N-1)   ~ t_{N-1}.
//
// NaN for N < 2 or zero dispersion.
func BMP(scar []float64) float64 {
	if len(scar) < 2 {
		return nan
	}
	m, s := meanSD(scar)
	return ratio(m, s/math.Sqrt(float64(len(scar))))
}

// KPFactor returns the Kolari & Pynnönen (2010) cross-correlation
// adjustment factors for N events with average residual correlation r̄
// (METHODOLOGY.md 6.6):
//
//	t_KP = t_BMP sqrt((1-r̄)/(1+(N-1)r̄)),   Z_P,adj = Z_P sqrt(1/(1+(N-1)r̄)).
//
// Both are NaN when 1+(N-1)r̄ ≤ 0 (the adjustment is undefined).
func KPFactor(rbar float64, n int) (bmpFactor, patellFactor float64) {
	d := 1 + float64(n-1)*rbar
	if !(d > 0) || rbar > 1 {
		return nan, nan
	}
	return math.Sqrt((1 - rbar) / d), math.Sqrt(1 / d)
}
