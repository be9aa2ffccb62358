package regression

import (
	"gonum.org/v1/gonum/mat"
)

// clusterCov is the cluster-robust covariance of γ (docs/methodology.md
// 7.3; Petersen 2009, Cameron, Gelbach & Miller 2011, Stata's
// vce(cluster)), CR1:
//
//	c · (Z'Z)⁻¹ (Σ_g s_g s_g') (Z'Z)⁻¹,  s_g = Σ_{i∈g} z_i u_i,
//	c = G/(G−1) · (N−1)/(N−p)
//
// with G the number of clusters (ids' distinct values); the t statistics
// then have G−1 degrees of freedom. Events of one firm (or one day) may
// share a shock, so their scores are summed before squaring.
func clusterCov(Z *mat.Dense, u []float64, inv *mat.SymDense, ids []string) (*mat.Dense, int) {
	N, p := Z.Dims()
	index := map[string]int{}
	var scores [][]float64
	for r := 0; r < N; r++ {
		g, ok := index[ids[r]]
		if !ok {
			g = len(scores)
			index[ids[r]] = g
			scores = append(scores, make([]float64, p))
		}
		for j := 0; j < p; j++ {
			scores[g][j] += Z.At(r, j) * u[r]
		}
	}
	G := len(scores)
	meat := mat.NewSymDense(p, nil)
	for _, s := range scores {
		meat.SymRankOne(meat, 1, mat.NewVecDense(p, s))
	}
	var cov mat.Dense
	cov.Product(inv, meat, inv)
	c := float64(G) / float64(G-1) * float64(N-1) / float64(N-p)
	cov.Scale(c, &cov)
	return &cov, G
}
