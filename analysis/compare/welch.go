package compare

import (
	"math"

	"github.com/breachlab/eventstudy/analysis"
)

// WelchT is Welch's (1947) t test of equal means of two samples with
// unequal variances:
//
//	t = (ā - b̄) / sqrt(s_a²/n_a + s_b²/n_b),
//	df = (s_a²/n_a + s_b²/n_b)² / [ (s_a²/n_a)²/(n_a-1) + (s_b²/n_b)²/(n_b-1) ]
//
// (Welch–Satterthwaite), p from Student's t with that (fractional) df.
// s² has divisor n-1. NaN values are dropped; each sample needs 2 values
// and the pooled standard error must be positive, else the statistic and
// p-values are NaN (the estimate is kept when both samples are non-empty).
func WelchT(a, b []float64) Diff {
	a, b = finiteValues(a), finiteValues(b)
	d := naDiff(len(a), len(b))
	d.Dist = analysis.DistT
	if len(a) == 0 || len(b) == 0 {
		return d
	}
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	d.Estimate = ma - mb
	if len(a) < 2 || len(b) < 2 {
		return d
	}
	qa, qb := va/float64(len(a)), vb/float64(len(b))
	se2 := qa + qb
	if !(se2 > 0) {
		return d
	}
	d.Statistic = d.Estimate / math.Sqrt(se2)
	d.DF = se2 * se2 / (qa*qa/float64(len(a)-1) + qb*qb/float64(len(b)-1))
	d.P, d.PLower, d.PUpper = analysis.PValues(d.Statistic, analysis.DistT, d.DF)
	return d
}
