// Package compare compares incidents and their stages: the stage timeline
// of each incident with the first stage that moved the price, the peer
// (rival) portfolio beside each event, differences between groups, the
// confounding and calendar-clustering diagnostics, and the robustness grid
// table. It works on the output rows of a study (package results) and on
// plain slices, so every statistic can be checked by hand; the study
// pipeline (package study) builds its inputs. Column meanings are
// documented in docs/compare.md.
package compare
