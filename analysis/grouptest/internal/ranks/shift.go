package ranks

// GRANK ranks one extra value x (an event's SCAR*) among each event's
// sorted estimation values. Without ties (AddOne's direct path) position
// k's doubled rank is 2k+2 plus [k ≥ lo] + [k ≥ hi], lo = #{v < x} and
// hi = #{v ≤ x}: the 2k+2 and the day counts do not depend on x, so they
// are tallied once for every event (AddOneBase) and a window adds only
// the two steps (AddOneShift). A step is added on its shorter side: the
// days from lo on, or +1 on every day less the days before lo, where the
// "every day" of an event whose values span all of its days is one
// number per denominator (the tally's all), spread over the columns when
// the sums are read. Integer sums: the same tally as AddOne's, bit for
// bit (TestAddOneShift).

// AddOneBase adds (sign 1) or takes away (-1) the part of est's AddOne
// ranks that does not depend on x: 2k+2 and a count on each day. est must
// be without ties.
func (a *Tally) AddOneBase(est Sorted, sign int) {
	s := a.slot(2 * (est.Len() + 2))
	if est.day32 != nil {
		addBase(s, a.cnt, est.day32, sign)
	} else {
		addBase(s, a.cnt, est.day, sign)
	}
}

func addBase[D dayIndex](sum []int64, cnt []int32, day []D, sign int) {
	for k, j := range day {
		sum[j] += int64(sign * (2*k + 2))
		cnt[j] += int32(sign)
	}
}

// AddOneShift adds to a tally holding est's AddOneBase the rest of
// AddOne(est, x, col): the steps of the days' ranks at x and x's rank in
// column col. It reports false, adding nothing, where AddOne would not
// take its direct path (est ties, x NaN).
func (a *Tally) AddOneShift(est Sorted, x float64, col int) bool {
	if est.ties || x != x {
		return false
	}
	kx := float32(x)
	m := est.Len()
	// less(k) is v[k] < x exactly, and v ascends: lo is the first k
	// where it fails. The keys are probed a cache line apart, then one by
	// one: the probes do not wait on each other's loads as a bisection's
	// do (each of its eight a cache miss: slower than the plain walk).
	lo := 0
	for lo+16 <= m && est.less(lo+15, x, kx) {
		lo += 16
	}
	for lo < m && est.less(lo, x, kx) {
		lo++
	}
	hi := lo
	if hi < m && est.equal(hi, x, kx) {
		hi++
	}
	k := a.slotIndex(2 * (m + 2))
	s := a.sums[k]
	// hi is lo or lo+1 (no ties): the two steps are one of 2 and, for
	// hi = lo+1, the 1 of position lo
	switch {
	case lo+hi < m && len(est.res) == m:
		// every day is a value: +2 on all of them, less the prefixes
		a.addAll(k, 2)
		addSteps(s, est, 0, lo, -2)
		if hi > lo {
			s[est.dayOf(lo)]--
		}
	default:
		addSteps(s, est, hi, m, 2)
		if hi > lo {
			s[est.dayOf(lo)]++
		}
	}
	s[col] += int64(lo + hi + 2)
	a.cnt[col]++
	return true
}

// addSteps adds v to the days of positions [from, to) of est.
func addSteps(s []int64, est Sorted, from, to int, v int64) {
	if est.day32 != nil {
		for _, j := range est.day32[from:to] {
			s[j] += v
		}
		return
	}
	for _, j := range est.day[from:to] {
		s[j] += v
	}
}

// Ties reports whether two of the values tie (AddOneShift then declines).
func (s Sorted) Ties() bool { return s.ties }
