package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestEvtColumns: evtColumns' columns hold, bit for bit, the values of
// the rows it was given, and share an array only with equal bits: the
// intercept's ones, or bench.
func TestEvtColumns(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name       string
		p, n       int
		ones       bool // column 0 all ones
		benchCol   int  // column equal to bench, -1 none
		perturbCol int  // column equal to bench but for one -0 (never shared), -1 none
	}{
		{"market", 2, 21, true, 1, -1},
		{"mean", 1, 21, true, -1, -1},
		{"ff3", 4, 5, true, -1, -1},
		{"spans", 2, 3, false, -1, -1},
		{"log returns", 2, 21, true, -1, 1},
		{"long window", 2, 600, true, 1, -1},
		{"empty", 2, 0, true, -1, -1},
	} {
		bench := make([]float64, tc.n)
		for j := range bench {
			bench[j] = 0.01 * rng.NormFloat64()
		}
		if tc.n > 3 {
			bench[2] = nan
			bench[3] = 0
		}
		rows := make([]float64, tc.p*tc.n)
		for j := 0; j < tc.n; j++ {
			for c := 0; c < tc.p; c++ {
				v := 0.01 * rng.NormFloat64()
				switch {
				case c == 0 && tc.ones:
					v = 1
				case c == tc.benchCol || c == tc.perturbCol:
					v = bench[j]
				}
				rows[j*tc.p+c] = v
			}
		}
		if tc.perturbCol >= 0 {
			rows[3*tc.p+tc.perturbCol] = math.Copysign(0, -1)
		}
		cols := evtColumns(rows, tc.p, tc.n, bench)
		if len(cols) != tc.p {
			t.Fatalf("%s: %d columns, want %d", tc.name, len(cols), tc.p)
		}
		for c, col := range cols {
			if len(col) != tc.n || cap(col) != tc.n {
				t.Errorf("%s: column %d len %d cap %d, want %d", tc.name, c, len(col), cap(col), tc.n)
				continue
			}
			for j, v := range col {
				if math.Float64bits(v) != math.Float64bits(rows[j*tc.p+c]) {
					t.Errorf("%s: column %d row %d = %v, want %v", tc.name, c, j, v, rows[j*tc.p+c])
				}
			}
			if tc.n == 0 {
				continue
			}
			isBench := &col[0] == &bench[0]
			isOnes := &col[0] == &onesCol()[0]
			if isBench != (c == tc.benchCol) {
				t.Errorf("%s: column %d shares bench: %v", tc.name, c, isBench)
			}
			if isOnes != (c == 0 && tc.ones && tc.n <= len(onesCol())) {
				t.Errorf("%s: column %d shares the ones: %v", tc.name, c, isOnes)
			}
		}
	}
	for _, v := range onesCol() {
		if v != 1 {
			t.Fatal("the shared ones were written to")
		}
	}
}

// TestEstimateSlab: every model's estimate has its own arrays, with no
// room to append into another's (capacity = length), apart from the EvtX
// columns that are Bench or the shared ones; and Var(CAR) equals its
// definition σ²(L + s'(X'X)⁻¹s) with s summed over the regressor rows in
// a plain loop, bit for bit.
func TestEstimateSlab(t *testing.T) {
	const n = 300
	rng := rand.New(rand.NewPCG(11, 12))
	rm, r, bench := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range rm {
		rm[i] = 0.01 * rng.NormFloat64()
		r[i] = 0.0002 + 1.1*rm[i] + 0.015*rng.NormFloat64()
		bench[i] = 0.01 * rng.NormFloat64()
	}
	r[17], rm[275] = nan, math.Inf(1) // a missing estimation day, an infinite event day (5)
	f, rf := synthFactors(n, 13)
	thin, thinCfg := thinSeries()
	type event struct {
		name string
		in   *EventInput
		cfg  Config
	}
	base := DefaultConfig()
	base.Estimation, base.EventWindow = Window{-260, -11}, Window{-10, 10}
	cases := []event{{"thin trading", thin, thinCfg}}
	for _, m := range []Model{ModelMarket, ModelMean, ModelMarketAdjusted, ModelFF3, ModelMarketSW, ModelGARCH} {
		cfg := base
		cfg.Model = m
		in := inputAt("E", "F", "", 0, 270, cfg, rm, r)
		in.Cal = in.Cal[:len(in.Cal)-1] // one calendar position short: EvtCal is a copy
		if m == ModelFF3 {
			in.X, in.RF = [][]float64{f[0][10:281], f[1][10:281], f[2][10:281]}, rf[10:281]
		}
		cases = append(cases, event{string(m), in, cfg})
		withBench := *in
		withBench.Bench = bench[:len(in.R)]
		cases = append(cases, event{string(m) + " with a benchmark", &withBench, cfg})
	}
	for _, c := range cases {
		e, reason := Estimate(c.in, c.cfg)
		if reason != "" {
			t.Fatalf("%s: %s", c.name, reason)
		}
		type array struct {
			name string
			s    []float64
		}
		arrays := []array{{"Residual", e.Residual}, {"Ret", e.Ret}, {"NormalRet", e.NormalRet}, {"AR", e.AR},
			{"SAR", e.SAR}, {"H", e.H}, {"Bench", e.Bench}, {"Span", e.Span}, {"CondVar", e.CondVar}, {"Theta", e.Fit.Theta}}
		for i, row := range e.Fit.XtXInv {
			arrays = append(arrays, array{"XtXInv row " + string(rune('0'+i)), row})
		}
		for i, col := range e.EvtX {
			if len(col) > 0 && (&col[0] == &onesCol()[0] || &col[0] == &e.Bench[0]) {
				continue
			}
			arrays = append(arrays, array{"EvtX column " + string(rune('0'+i)), col})
		}
		if c.name == "market" && (&e.EvtX[0][0] != &onesCol()[0] || &e.EvtX[1][0] != &e.Bench[0]) {
			t.Errorf("market: EvtX keeps its own intercept or market column")
		}
		for i, a := range arrays {
			if cap(a.s) != len(a.s) {
				t.Errorf("%s: %s has len %d cap %d", c.name, a.name, len(a.s), cap(a.s))
			}
			for _, b := range arrays[:i] {
				if overlap(a.s, b.s) {
					t.Errorf("%s: %s and %s share memory", c.name, a.name, b.name)
				}
			}
		}
		for _, w := range []Window{{-10, 10}, {-1, 1}, {0, 0}, {5, 10}, {0, 2}, {1, 2}} {
			for _, simple := range []bool{false, true} {
				got := e.CARVariance(w, simple)
				if !e.EvtWindow.Contains(w) {
					if !math.IsNaN(got) {
						t.Errorf("%s: Var(CAR%v) = %v outside the event window", c.name, w, got)
					}
					continue
				}
				want := carVarianceByRows(e, w, simple)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s: Var(CAR%v, simple %v) = %v, want %v", c.name, w, simple, got, want)
				}
			}
		}
	}
}

// carVarianceByRows is CARVariance's definition (docs/methodology.md
// 4.2) with s summed row by row, x_τ = (EvtX[0][τ], .., EvtX[p-1][τ]).
func carVarianceByRows(e *EventEstimate, w Window, simple bool) float64 {
	a, b := w.T1-e.EvtWindow.T1, w.T2-e.EvtWindow.T1
	if e.CondVar != nil {
		v := 0.0
		for j := a; j <= b; j++ {
			v += e.CondVar[j]
		}
		return v
	}
	L := float64(w.Len())
	if e.Span != nil {
		L = 0
		for j := a; j <= b; j++ {
			L += e.Span[j]
		}
	}
	if simple || e.EvtX == nil || e.Fit.XtXInv == nil {
		return L * e.Fit.Sigma2
	}
	p := len(e.Fit.XtXInv)
	s := make([]float64, p)
	for j := a; j <= b; j++ {
		for c := 0; c < p; c++ {
			s[c] += e.EvtX[c][j]
		}
	}
	var q float64
	for r := 0; r < p; r++ {
		for c := 0; c < p; c++ {
			q += s[r] * e.Fit.XtXInv[r][c] * s[c]
		}
	}
	return e.Fit.Sigma2 * (L + q)
}

// overlap reports whether a and b (up to their capacities) share memory.
func overlap(a, b []float64) bool {
	if cap(a) == 0 || cap(b) == 0 {
		return false
	}
	a0, b0 := uintptr(unsafe.Pointer(unsafe.SliceData(a))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return a0 < b0+uintptr(cap(b))*8 && b0 < a0+uintptr(cap(a))*8
}
