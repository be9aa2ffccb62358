package regression

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/breachlab/eventstudy/analysis"
	"gonum.org/v1/gonum/mat"
)

// maxCond bounds the condition number of the column-equilibrated design
// (analysis' estimation uses the same bound).
const maxCond = 1e7

// Options are the choices of a fit beyond the data.
type Options struct {
	// SE is the covariance without clusters: SEOLS, SEHC0, SEHC1 ("" too),
	// SEHC2 or SEHC3 (hc.go).
	SE string
	// Cluster, when not nil, is each observation's cluster (a firm, a
	// date); the covariance is then CR1 (cluster.go) and SE is ignored.
	Cluster []string
	// Weights, when not nil, makes the fit weighted least squares
	// (wls.go); each weight must be finite and > 0.
	Weights []float64
}

// Coefficient is one term of a fit, one regression.csv row once the
// study adds the group and window.
type Coefficient struct {
	Term      string
	N         int // observations used
	Coef, SE  float64
	SEType    string // SEOLS ... SEHC3, or SECR1 when clustered
	T         float64
	DF        int // N - p, or G - 1 when clustered
	P         float64
	R2, AdjR2 float64 // NaN when y is constant
	NClusters int     // G when clustered, else 0
}

// Result is a fit: one Coefficient per column of the design. Aliased
// names the columns left out because they are constant or a linear
// combination of columns before them: their rows are NaN and the rest is
// the fit without them. Note, when set, says why some SEs are NaN.
type Result struct {
	Coefs   []Coefficient
	Aliased []string
	Note    string
}

// Fit regresses y on the columns of X, named by terms (an intercept is a
// column of ones named InterceptTerm, as Build makes it): γ = (X'X)⁻¹X'y
// by QR, residuals u, R² = 1 − SSE/SST with SST about the mean (about 0
// without an intercept, as R's lm) and adjusted R² = 1 − (1−R²)(N−c)/(N−p),
// c = 1 with an intercept, else 0. t = γ_j/SE_j against t_df. Rows with a
// missing value are left out. Errors: unknown SE type, shapes that do not
// match, bad weights, N <= p.
func Fit(y []float64, X [][]float64, terms []string, opt Options) (*Result, error) {
	seType, err := checkOptions(y, X, terms, opt)
	if err != nil {
		return nil, err
	}
	rows := completeRows(y, X, opt.Weights)
	N, p := len(rows), len(terms)
	if N <= p {
		return nil, fmt.Errorf("%d complete observations for %d coefficients; need more events or fewer terms", N, p)
	}
	Z, c, sw := designOf(y, X, rows, opt.Weights)
	cols := independentColumns(Z)
	res := &Result{}
	for j, t := range terms {
		if !slices.Contains(cols, j) {
			res.Aliased = append(res.Aliased, t)
		}
	}
	if len(cols) < p {
		Z = selectColumns(Z, cols)
	}
	k := len(cols)
	if N <= k {
		return nil, fmt.Errorf("%d complete observations for %d coefficients; need more events or fewer terms", N, k)
	}
	gamma, inv, err := solve(Z, c)
	if err != nil {
		return nil, err
	}
	intercept := slices.Contains(terms, InterceptTerm)
	u, sse, sst := residuals(Z, c, gamma, sw, intercept)
	var cov *mat.Dense
	df, G := N-k, 0
	if opt.Cluster != nil {
		seType = SECR1
		ids := make([]string, N)
		for r, i := range rows {
			ids[r] = opt.Cluster[i]
		}
		cov, G = clusterCov(Z, u, inv, ids)
		df = G - 1
		if G < 2 {
			res.Note = "every event is in one cluster; clustered SEs need at least 2"
			nanCov(cov, k)
		}
	} else {
		cov, res.Note = hcCov(Z, u, inv, sse, N-k, seType)
	}
	r2 := 1 - sse/sst
	centred := 0.0
	if intercept {
		centred = 1
	}
	adj := 1 - (1-r2)*(float64(N)-centred)/float64(N-k)
	if sst == 0 {
		r2, adj = math.NaN(), math.NaN()
	}
	res.Coefs = make([]Coefficient, p)
	for j, t := range terms {
		co := Coefficient{Term: t, N: N, Coef: math.NaN(), SE: math.NaN(), SEType: seType, T: math.NaN(),
			DF: df, P: math.NaN(), R2: r2, AdjR2: adj, NClusters: G}
		if q := slices.Index(cols, j); q >= 0 {
			co.Coef = gamma.AtVec(q)
			co.SE = math.Sqrt(cov.At(q, q))
			co.T = co.Coef / co.SE
			co.P, _, _ = analysis.PValues(co.T, analysis.DistT, float64(df))
		}
		res.Coefs[j] = co
	}
	return res, nil
}

// checkOptions checks the shapes and choices and returns the SE type.
func checkOptions(y []float64, X [][]float64, terms []string, opt Options) (string, error) {
	seType := opt.SE
	if seType == "" {
		seType = SEHC1
	}
	if !slices.Contains(SETypes, seType) {
		return "", fmt.Errorf("standard errors %q: want %s", seType, strings.Join(SETypes, ", "))
	}
	if len(X) != len(y) {
		return "", fmt.Errorf("%d values but %d rows of regressors", len(y), len(X))
	}
	if opt.Cluster != nil && len(opt.Cluster) != len(y) {
		return "", fmt.Errorf("%d values but %d cluster ids", len(y), len(opt.Cluster))
	}
	if opt.Weights != nil && len(opt.Weights) != len(y) {
		return "", fmt.Errorf("%d values but %d weights", len(y), len(opt.Weights))
	}
	for i := range X {
		if len(X[i]) != len(terms) {
			return "", fmt.Errorf("row %d has %d regressors, want %d (%v)", i+1, len(X[i]), len(terms), terms)
		}
	}
	if len(terms) == 0 {
		return "", fmt.Errorf("no term to fit")
	}
	return seType, nil
}

// completeRows returns the indices of the rows with y, every regressor
// and the weight (if any) finite, and the weight > 0.
func completeRows(y []float64, X [][]float64, w []float64) []int {
	var rows []int
	for i := range y {
		ok := finite(y[i])
		for _, v := range X[i] {
			ok = ok && finite(v)
		}
		if w != nil {
			ok = ok && finite(w[i]) && w[i] > 0
		}
		if ok {
			rows = append(rows, i)
		}
	}
	return rows
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// solve returns γ = (Z'Z)⁻¹Z'c by QR and (Z'Z)⁻¹.
func solve(Z *mat.Dense, c *mat.VecDense) (*mat.VecDense, *mat.SymDense, error) {
	_, p := Z.Dims()
	var qr mat.QR
	qr.Factorize(Z)
	var gamma mat.VecDense
	if err := qr.SolveVecTo(&gamma, false, c); err != nil {
		return nil, nil, err
	}
	inv, err := xtxInverse(&qr, p)
	if err != nil {
		return nil, nil, err
	}
	return &gamma, inv, nil
}

// xtxInverse returns (Z'Z)⁻¹ = R⁻¹R⁻ᵀ from a QR factorization of Z,
// without forming Z'Z (which squares the condition number).
func xtxInverse(qr *mat.QR, p int) (*mat.SymDense, error) {
	var rFull mat.Dense
	qr.RTo(&rFull)
	r := mat.NewTriDense(p, mat.Upper, nil)
	for a := 0; a < p; a++ {
		for b := a; b < p; b++ {
			r.SetTri(a, b, rFull.At(a, b))
		}
	}
	var rInv mat.TriDense
	if err := rInv.InverseTri(r); err != nil {
		return nil, err
	}
	inv := mat.NewSymDense(p, nil)
	inv.SymOuterK(1, &rInv)
	return inv, nil
}

// residuals returns u = c − Zγ, SSE = Σu² and SST = Σ(c − c̄)² (weighted:
// in terms of the transformed data, c̄ the weighted mean; about 0 when
// the fit has no intercept).
func residuals(Z *mat.Dense, c, gamma *mat.VecDense, sw []float64, intercept bool) (u []float64, sse, sst float64) {
	N := c.Len()
	u = make([]float64, N)
	var mean, wsum float64
	for r := 0; r < N; r++ {
		u[r] = c.AtVec(r) - mat.Dot(Z.RowView(r), gamma)
		sse += u[r] * u[r]
		if sw == nil {
			mean += c.AtVec(r)
		} else {
			mean += sw[r] * c.AtVec(r) // √w·(√w·y) = w·y
			wsum += sw[r] * sw[r]
		}
	}
	if sw == nil {
		mean /= float64(N)
	} else {
		mean /= wsum
	}
	if !intercept {
		mean = 0
	}
	for r := 0; r < N; r++ {
		d := c.AtVec(r) - mean
		if sw != nil {
			d = c.AtVec(r) - sw[r]*mean // √w·(y − ȳ_w)
		}
		sst += d * d
	}
	return u, sse, sst
}

// independentColumns returns the columns of Z kept from left to right
// while the column-equilibrated design stays well conditioned: all of
// them when Z has full rank. Equilibrating first means a characteristic
// in raw units (records ~1e8) beside the intercept is not taken for
// collinearity, and rescaling a column changes no t statistic.
func independentColumns(Z *mat.Dense) []int {
	_, p := Z.Dims()
	all := make([]int, p)
	for j := range all {
		all[j] = j
	}
	if cond := equilibratedCond(Z); cond <= maxCond {
		return all
	}
	var keep []int
	for j := range p {
		try := append(slices.Clone(keep), j)
		if equilibratedCond(selectColumns(Z, try)) <= maxCond {
			keep = try
		}
	}
	return keep
}

func selectColumns(Z *mat.Dense, cols []int) *mat.Dense {
	n, _ := Z.Dims()
	S := mat.NewDense(n, len(cols), nil)
	for i := 0; i < n; i++ {
		for k, j := range cols {
			S.Set(i, k, Z.At(i, j))
		}
	}
	return S
}

// equilibratedCond is the condition number of Z after scaling each column
// to unit Euclidean length (a constant-zero or collinear column still
// gives a huge or infinite value).
func equilibratedCond(Z *mat.Dense) float64 {
	n, p := Z.Dims()
	S := mat.DenseCopyOf(Z)
	for j := 0; j < p; j++ {
		norm := mat.Norm(S.ColView(j), 2)
		if norm == 0 {
			return math.Inf(1)
		}
		for i := 0; i < n; i++ {
			S.Set(i, j, S.At(i, j)/norm)
		}
	}
	var qr mat.QR
	qr.Factorize(S)
	return qr.Cond()
}
