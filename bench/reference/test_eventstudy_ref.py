"""Oracle tests of the reference's vectorised helpers against plain loops.

Run:  /usr/bin/python3 -m unittest discover -s bench/reference
(The numbers of the whole script are checked against eventstudy's by check_ref.py.)
"""

import unittest

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from eventstudy_ref import EVT, KP_MIN_SHARED, anchor, midranks, pair_correlations, primary_set


class MidranksTest(unittest.TestCase):
    def test_against_rankdata(self):
        rng = np.random.default_rng(1)
        for trial in range(500):
            n, k = rng.integers(1, 8), rng.integers(1, 12)
            x = rng.integers(0, 5, (n, k)).astype(float)  # many ties
            if trial % 2:
                x += rng.random((n, k))  # none
            x[rng.random((n, k)) < 0.2] = np.nan
            got = midranks(x)
            for i in range(n):
                v = ~np.isnan(x[i])
                np.testing.assert_array_equal(np.isnan(got[i]), ~v)
                np.testing.assert_array_equal(got[i][v], rankdata(x[i][v]))


class PrimarySetTest(unittest.TestCase):
    def test_against_components(self):
        rng = np.random.default_rng(2)
        span = EVT[1] - EVT[0]
        for _ in range(300):
            n = rng.integers(1, 30)
            firm = rng.integers(0, 3, n)
            day0 = rng.integers(0, 80, n)
            # Plain definition: link events of a firm whose windows share a day, take connected
            # components, keep the earliest day 0 (first listed on a tie).
            comp = list(range(n))

            def root(i):
                while comp[i] != i:
                    i = comp[i]
                return i

            for i in range(n):
                for j in range(n):
                    if firm[i] == firm[j] and abs(day0[i] - day0[j]) <= span:
                        comp[root(i)] = root(j)
            want = np.zeros(n, bool)
            for r in {root(i) for i in range(n)}:
                members = [i for i in range(n) if root(i) == r]
                want[min(members, key=lambda i: (day0[i], i))] = True
            np.testing.assert_array_equal(primary_set(firm, day0), want)


class PairCorrelationsTest(unittest.TestCase):
    def test_against_pearson(self):
        rng = np.random.default_rng(4)
        K = 40  # estimation days; some pairs share fewer than KP_MIN_SHARED dates
        for _ in range(20):
            n = rng.integers(2, 25)
            day0 = rng.integers(0, 30, n)
            res = rng.standard_normal((n, K)) + rng.standard_normal(K)  # correlated
            res[rng.random((n, K)) < 0.1] = np.nan
            res[0] = 1.0  # no variation: rho 0
            pi, pj, dist, rho = pair_correlations(day0, res)
            got = {(min(i, j), max(i, j)): (dd, r) for i, j, dd, r in zip(pi, pj, dist, rho)}
            want = {}
            for i in range(n):
                for j in range(i + 1, n):
                    dd = abs(int(day0[j]) - int(day0[i]))
                    if dd > EVT[1] - EVT[0]:
                        continue
                    # calendar date of estimation day k is day0 + k
                    x = np.full(200, np.nan)
                    y = np.full(200, np.nan)
                    x[day0[i]:day0[i] + K] = res[i]
                    y[day0[j]:day0[j] + K] = res[j]
                    ok = ~np.isnan(x) & ~np.isnan(y)
                    r = 0.0
                    if ok.sum() >= KP_MIN_SHARED and x[ok].std() > 0 and y[ok].std() > 0:
                        r = np.corrcoef(x[ok], y[ok])[0, 1]
                    want[(i, j)] = (dd, r)
            self.assertEqual(set(got), set(want))
            for k, (dd, r) in want.items():
                self.assertEqual(got[k][0], dd)
                self.assertAlmostEqual(got[k][1], r, places=12)


class AnchorTest(unittest.TestCase):
    def test_against_rule(self):
        cal = np.array(pd.bdate_range("2020-01-01", "2020-03-31").to_numpy("datetime64[D]"))
        cal = np.delete(cal, [10, 11, 30])  # holidays
        rng = np.random.default_rng(3)
        days = np.datetime64("2019-12-25") + rng.integers(0, 110, 400)
        sessions = rng.choice(["pre", "intraday", "after", "", "After "], 400)
        ev = pd.DataFrame({"date": days.astype(str), "session": sessions})
        k, inside, shift = anchor(ev, cal)
        for i, (d, s) in enumerate(zip(days, sessions)):
            j = next((j for j, c in enumerate(cal) if c >= d), None)
            if j is not None and cal[j] == d and s.strip().lower() == "after":
                j += 1
            if d < cal[0] or j is None or j >= len(cal):
                self.assertFalse(inside[i], d)
                continue
            self.assertTrue(inside[i], d)
            self.assertEqual(k[i], j, (d, s))
            self.assertEqual(shift[i], (cal[j] - d).astype(int))


if __name__ == "__main__":
    unittest.main()
