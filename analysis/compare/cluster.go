package compare

import (
	"sort"

	"github.com/breachlab/eventstudy/analysis"
)

// Span is one anchored event on the trading calendar: Day0 is the calendar
// position of its day 0.
type Span struct {
	EventID string
	Firm    string
	Day0    int
}

// Where an other event lies relative to an event (confounding.csv).
const (
	InEstimation = "estimation_window"
	InEvent      = "event_window"
)

// ConfoundRow is one row of confounding.csv: an other event of the same
// firm whose event window reaches into this event's estimation window
// (its returns inflate σ and bias α, β; docs/methodology.md 4.5), or whose
// day 0 lies inside this event's event window (the two reactions mix in
// the CAR).
type ConfoundRow struct {
	EventID string `csv:"event_id" json:"event_id"`
	OtherID string `csv:"other_id" json:"other_id"`
	Firm    string `csv:"firm" json:"firm"`
	Where   string `csv:"where" json:"where"`
	Lag     int    `csv:"lag" json:"lag"`   // other's day 0 minus this day 0, in trading days
	Days    int    `csv:"days" json:"days"` // overlapping trading days
	Masked  bool   `csv:"masked" json:"masked"`
}

// overlap is the number of integers in [a1,a2] ∩ [b1,b2].
func overlap(a1, a2, b1, b2 int) int {
	lo, hi := max(a1, b1), min(a2, b2)
	if hi < lo {
		return 0
	}
	return hi - lo + 1
}

// Confounding lists, for every event, the other events of the same firm
// whose event window (Day0+evt.T1 .. Day0+evt.T2) shares days with its
// estimation window (Day0+est.T1 .. Day0+est.T2), and those whose day 0
// lies in its event window. Masked is set on estimation-window rows when
// mask is true (the caller then removes those days, MaskPositions).
// Rows follow the order of spans, then of the others.
func Confounding(spans []Span, est, evt analysis.Window, mask bool) []ConfoundRow {
	byFirm := map[string][]int{}
	for i, s := range spans {
		byFirm[s.Firm] = append(byFirm[s.Firm], i)
	}
	var out []ConfoundRow
	for i, e := range spans {
		for _, j := range byFirm[e.Firm] {
			if j == i {
				continue
			}
			o := spans[j]
			lag := o.Day0 - e.Day0
			if d := overlap(e.Day0+est.T1, e.Day0+est.T2, o.Day0+evt.T1, o.Day0+evt.T2); d > 0 {
				out = append(out, ConfoundRow{EventID: e.EventID, OtherID: o.EventID, Firm: e.Firm,
					Where: InEstimation, Lag: lag, Days: d, Masked: mask})
			}
			if evt.T1 <= lag && lag <= evt.T2 {
				out = append(out, ConfoundRow{EventID: e.EventID, OtherID: o.EventID, Firm: e.Firm,
					Where: InEvent, Lag: lag, Days: overlap(e.Day0+evt.T1, e.Day0+evt.T2, o.Day0+evt.T1, o.Day0+evt.T2)})
			}
		}
	}
	return out
}

// MaskPositions are the calendar positions inside the estimation window
// of spans[i] that belong to the event window of another event of the same
// firm (--mask-confounding sets the event's returns there to missing).
// Sorted, without duplicates.
func MaskPositions(spans []Span, i int, est, evt analysis.Window) []int {
	e := spans[i]
	a, b := e.Day0+est.T1, e.Day0+est.T2
	set := map[int]bool{}
	for j, o := range spans {
		if j == i || o.Firm != e.Firm {
			continue
		}
		for p := max(a, o.Day0+evt.T1); p <= min(b, o.Day0+evt.T2); p++ {
			set[p] = true
		}
	}
	out := make([]int, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Ints(out)
	return out
}

// KPShareThreshold is the share of overlapping event pairs above which the
// Kolari–Pynnönen adjusted tests (kp_bmp, kp_patell) or GRANK should be
// preferred to their unadjusted versions: with more than one pair in ten
// sharing CAR-window days, cross-correlation of the abnormal returns
// inflates the unadjusted statistics (KP 2010 report material
// over-rejection already at modest clustering and r̄ ≈ 0.02–0.05).
const KPShareThreshold = 0.10

// ClusterRow is one row of clustering.csv: calendar clustering of the
// primary events of one group for one CAR window.
type ClusterRow struct {
	Group          string  `csv:"group" json:"group"`
	Window         string  `csv:"window" json:"window"`
	N              int     `csv:"n" json:"n"`
	Pairs          int     `csv:"pairs" json:"pairs"`
	OverlapPairs   int     `csv:"overlap_pairs" json:"overlap_pairs"`
	OverlapShare   float64 `csv:"overlap_share" json:"overlap_share"`
	DistinctDay0   int     `csv:"distinct_day0" json:"distinct_day0"`
	LargestCluster int     `csv:"largest_cluster" json:"largest_cluster"`
	PreferKP       bool    `csv:"prefer_kp" json:"prefer_kp"`
}

// Clustering measures how the CAR windows w of events with day 0 at the
// calendar positions day0 overlap in calendar time. Two windows of length
// L share a day iff their day 0s are less than L trading days apart, so
// OverlapPairs = #{i<j : |d_i - d_j| < L} out of N(N-1)/2 pairs;
// DistinctDay0 counts different day 0s; LargestCluster is the size of the
// largest set of events chained by overlapping windows (connected
// components of the overlap relation). PreferKP is OverlapShare >
// KPShareThreshold. O(N log N).
func Clustering(day0 []int, w analysis.Window) ClusterRow {
	d := append([]int(nil), day0...)
	sort.Ints(d)
	n := len(d)
	L := w.Len()
	r := ClusterRow{Window: w.String(), N: n, Pairs: n * (n - 1) / 2}
	lo := 0
	size := 0
	for i := range d {
		for d[i]-d[lo] >= L {
			lo++
		}
		r.OverlapPairs += i - lo
		if i == 0 || d[i] != d[i-1] {
			r.DistinctDay0++
		}
		if i > 0 && d[i]-d[i-1] < L {
			size++
		} else {
			size = 1
		}
		r.LargestCluster = max(r.LargestCluster, size)
	}
	if r.Pairs > 0 {
		r.OverlapShare = float64(r.OverlapPairs) / float64(r.Pairs)
	}
	r.PreferKP = r.OverlapShare > KPShareThreshold
	return r
}
