// Package grouptest is the group test battery of an event study: every test
// id of docs/methodology.md 6.0, computed for one group and one CAR window
// over the window's event set V (the group's primary events with a valid AR
// on every day of the window, docs/methodology.md 6.0).
//
// Registry lists the tests in the order rows are written; each test's
// formula, citation and code are in the file named after its paper:
//
//	csect.go            cs_t            cross-sectional t (Brown & Warner 1985), 6.2
//	crudedependence.go  bw_cda          crude dependence adjustment (Brown & Warner 1980, 1985), 6.3
//	patell.go           patell          Patell (1976), 6.4
//	bmp.go              bmp             Boehmer, Musumeci & Poulsen (1991), 6.5
//	kolaripynnonen.go   kp_patell, kp_bmp  Kolari & Pynnönen (2010) r̄ adjustment, 6.6
//	corrado.go          corrado         Corrado (1989), 6.7
//	corradozivney.go    corrado_zivney  Corrado & Zivney (1992), 6.7
//	grank.go            grank_t, grank_z  Kolari & Pynnönen (2011), 6.8
//	sign.go             sign            sign test, 6.9
//	gensign.go          gen_sign        Cowan (1992), 6.10
//	wilcoxon.go         wilcoxon        Wilcoxon (1945), 6.11
//	skewt.go            skew_t          Lyon, Barber & Tsai (1999), 6.13
//	savickas.go         savickas        Savickas (2003), GARCH-standardized BMP, 6.21
//
// run.go prepares what the tests share once per group (run in parallel
// over the windows); pvalue.go fills a row's statistic and p-values. The
// rank tests' and r̄'s speed machinery (integer rank tallies, radix sort,
// merged pooled ranks, pair correlations) is kept apart from the formulas;
// the readable reference implementations of the statistics (CorradoRank,
// GRank, RBar, GeneralizedSign, Midranks) are test oracles in
// oracle_test.go, which the fast code must match.
//
// Everything is keyed by position in the event slice (that is, by event),
// never by firm (docs/methodology.md 9.1).
package grouptest
