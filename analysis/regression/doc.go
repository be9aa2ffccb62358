// Package regression is the cross-sectional regression of CARs on event
// attributes (docs/methodology.md 7): a formula-like spec (formula.go), its
// design matrix with dummies for text columns and interactions (design.go),
// least squares (ols.go) weighted or not (wls.go), and the covariance of
// the coefficients: homoskedastic or HC0–HC3 (hc.go) or clustered by firm
// or date (cluster.go). It works on plain values; the study wires it to the
// events file and the CARs (study/regression.go).
package regression
