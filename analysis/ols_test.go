package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// fitOLSMatQR is fitOLS as first written, through gonum's mat.QR
// (Factorize, Cond, SolveVecTo): the reference for the LAPACK calls
// fitOLS makes on its reused buffers.
func fitOLSMatQR(e *EventEstimate, d *design, rows []int) (*mat.SymDense, bool) {
	M, p := len(rows), d.k+1
	X := mat.NewDense(M, p, nil)
	y := mat.NewVecDense(M, nil)
	for r, i := range rows {
		d.rowTo(X.RawRowView(r), i)
		y.SetVec(r, d.y(i))
	}
	var qr mat.QR
	qr.Factorize(X)
	if c := qr.Cond(); !(c <= maxCond) {
		return nil, false
	}
	var theta mat.VecDense
	if err := qr.SolveVecTo(&theta, false, y); err != nil {
		return nil, false
	}
	xtxInv, err := xtxInverse(&qr, p)
	if err != nil {
		return nil, false
	}
	f := e.Fit
	f.Theta = make([]float64, p)
	for j := range f.Theta {
		f.Theta[j] = theta.AtVec(j)
	}
	var sse, ybar float64
	th := theta.RawVector()
	for r, i := range rows {
		res := y.AtVec(r) - blas64.Dot(blas64.Vector{N: p, Inc: 1, Data: X.RawRowView(r)}, th)
		e.Residual[i] = res
		sse += res * res
		ybar += y.AtVec(r)
	}
	ybar /= float64(M)
	f.DF = M - p
	f.Sigma2 = sse / float64(f.DF)
	if d.k > 0 {
		var sst float64
		for r := 0; r < M; r++ {
			dy := y.AtVec(r) - ybar
			sst += dy * dy
		}
		f.R2 = 1 - sse/sst
	}
	f.XtXInv = make([][]float64, p)
	for a := range f.XtXInv {
		f.XtXInv[a] = make([]float64, p)
		for b := range f.XtXInv[a] {
			f.XtXInv[a][b] = xtxInv.At(a, b)
		}
	}
	return xtxInv, true
}

// TestFitOLSMatchesMatQR: fitOLS gives mat.QR's numbers bit for bit (θ,
// σ², R², (X'X)⁻¹, residuals, and the same refusals) for every regression
// model, with missing days, fat tails, a near-collinear factor and a
// constant one, with one pooled workspace serving models of different
// sizes in turn.
func TestFitOLSMatchesMatQR(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	bits := func(v float64) uint64 { return math.Float64bits(v) }
	fits, refusals := 0, 0
	for trial := range 300 {
		model := []Model{ModelMean, ModelMarket, ModelFF3, ModelCarhart, ModelFF5}[trial%5]
		k := len(model.Factors())
		n := 30 + rng.IntN(250)
		in := &EventInput{R: make([]float64, n), RF: make([]float64, n)}
		in.X = make([][]float64, max(k, 1))
		for j := range in.X {
			in.X[j] = make([]float64, n)
		}
		shape := trial / 5 % 4 // 0 plain, 1 fat tails and gaps, 2 near-collinear, 3 constant factor
		for i := range n {
			for j := range in.X {
				in.X[j][i] = 0.01 * rng.NormFloat64()
				if shape == 1 && rng.IntN(20) == 0 {
					in.X[j][i] *= 30
				}
			}
			if k >= 2 && shape == 2 {
				in.X[1][i] = in.X[0][i] + 1e-9*rng.NormFloat64()
			}
			if k >= 2 && shape == 3 {
				in.X[1][i] = 0.003
			}
			in.R[i] = 0.0003 + 0.9*in.X[0][i] + 0.015*rng.NormFloat64()
			in.RF[i] = 0.0001
			if shape == 1 && rng.IntN(15) == 0 {
				in.R[i] = math.NaN()
			}
		}
		spec, _ := model.Spec()
		d := design{in: in, spec: spec, k: k}
		var rows []int
		for i := range n {
			if d.valid(i) {
				rows = append(rows, i)
			}
		}
		if len(rows) <= k+3 {
			continue
		}
		newEst := func() *EventEstimate {
			e := &EventEstimate{Fit: &Fit{Model: model, R2: nan, Sigma2: nan}, Residual: make([]float64, n)}
			for i := range e.Residual {
				e.Residual[i] = nan
			}
			return e
		}
		got, want := newEst(), newEst()
		gInv, gok := fitOLS(got, &d, rows)
		wInv, wok := fitOLSMatQR(want, &d, rows)
		if gok != wok {
			t.Fatalf("trial %d %s shape %d: ok %v, mat.QR %v", trial, model, shape, gok, wok)
		}
		if !gok {
			refusals++
			continue
		}
		fits++
		g, w := got.Fit, want.Fit
		same := bits(g.Sigma2) == bits(w.Sigma2) && bits(g.R2) == bits(w.R2) && g.DF == w.DF &&
			slices.EqualFunc(g.Theta, w.Theta, func(a, b float64) bool { return bits(a) == bits(b) }) &&
			slices.EqualFunc(got.Residual, want.Residual, func(a, b float64) bool { return bits(a) == bits(b) })
		for a := range g.XtXInv {
			for b := range g.XtXInv[a] {
				same = same && bits(g.XtXInv[a][b]) == bits(w.XtXInv[a][b]) && bits(gInv.At(a, b)) == bits(wInv.At(a, b))
			}
		}
		if !same {
			t.Fatalf("trial %d %s shape %d: θ %v σ² %v, mat.QR θ %v σ² %v", trial, model, shape, g.Theta, g.Sigma2, w.Theta, w.Sigma2)
		}
	}
	if fits < 150 || refusals < 20 {
		t.Errorf("%d fits and %d refusals: the trials should exercise both", fits, refusals)
	}
}

// xtxFromRMat is xtxFromR as first written, through mat's InverseTri and
// SymOuterK.
func xtxFromRMat(r []float64, p int) (*mat.SymDense, error) {
	var rInv mat.TriDense
	if err := rInv.InverseTri(mat.NewTriDense(p, mat.Upper, r)); err != nil {
		return nil, err
	}
	inv := mat.NewSymDense(p, nil)
	inv.SymOuterK(1, &rInv)
	return inv, nil
}

// TestXtxFromRMatchesMat: xtxFromR equals InverseTri then SymOuterK bit
// for bit, and fails exactly when they do (a zero on R's diagonal), on
// well and badly conditioned R of every model's size.
func TestXtxFromRMatchesMat(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	fails := 0
	for p := 1; p <= 8; p++ {
		for trial := 0; trial < 1000; trial++ {
			r := make([]float64, p*p)
			for a := 0; a < p; a++ {
				for b := a; b < p; b++ {
					r[a*p+b] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(13)-6))
				}
				switch rng.IntN(60) {
				case 0:
					r[a*p+a] = 0
				case 1:
					r[a*p+a] = math.Copysign(1e-300, rng.NormFloat64())
				}
			}
			want, werr := xtxFromRMat(slices.Clone(r), p)
			got, gerr := xtxFromR(slices.Clone(r), p)
			if (gerr != nil) != (werr != nil) {
				t.Fatalf("p=%d R %v: error %v, mat %v", p, r, gerr, werr)
			}
			if werr != nil {
				fails++
				continue
			}
			for a := 0; a < p; a++ {
				for b := 0; b < p; b++ {
					g, w := got.At(a, b), want.At(a, b)
					if math.Float64bits(g) != math.Float64bits(w) && !(math.IsNaN(g) && math.IsNaN(w)) {
						t.Fatalf("p=%d R %v: (X'X)⁻¹[%d][%d] = %v, mat %v", p, r, a, b, g, w)
					}
				}
			}
		}
	}
	if fails == 0 {
		t.Error("no singular R drawn")
	}
}
