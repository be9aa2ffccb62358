// Package ranks is the speed machinery of the rank tests of
// analysis/grouptest (corrado, corrado_zivney, GRANK; docs/methodology.md
// 6.7, 6.8) and of wilcoxon's midranks: each event's estimation values
// sorted once by a radix sort (Order), a window's few extra values placed
// among them by one merge (pooled ranks as doubled midranks, integers),
// integer column tallies per rank denominator (Tally) that windows share
// and adjust, and corrado_zivney's base tally that other event sets are
// derived from (CZBase). The statistics' formulas are in analysis/grouptest;
// this package only ranks and counts, exactly, and its results are pinned
// to a full sort of every pool by its oracle and fuzz tests.
package ranks
