// Package grouptest is the group test battery of an event study: every test id
// of METHODOLOGY.md 6.0 (cs_t, bw_cda, patell, bmp, kp_patell, kp_bmp,
// corrado, corrado_zivney, grank_t, grank_z, sign, gen_sign, wilcoxon,
// skew_t), computed for one group and one CAR window over the window's event
// set V (the group's primary events with a valid AR on every day of the
// window, METHODOLOGY.md 6.0).
//
// Each statistic is a small exported function over plain slices, with its
// formula and source in the doc comment; Run assembles them into rows of
// tests.csv. Everything is keyed by position in the event slice (that is, by
// event), never by firm (METHODOLOGY.md 9.1).
package grouptest
