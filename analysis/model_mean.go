package analysis

// ModelMean is the constant-mean-return model (--model mean;
// docs/methodology.md 3.2), the regression on a constant alone:
//
//	μ̂_i = (1/M) Σ R_it,   AR_iτ = R_iτ - μ̂_i,   h = 1/M,   df M-1
//
// (Brown & Warner 1985; Campbell, Lo & MacKinlay 1997 §4.3.1).
const ModelMean Model = "mean"

var meanModel = ModelSpec{
	Name:      ModelMean,
	Estimated: true,
	Section:   "3.2",
}
