#!/usr/bin/env python3
"""Compare eventstudy_ref.py's outputs with eventstudy's on the same panel.

Usage:  check_ref.py REF_OUT ES_OUT [--tol 1e-12]

Prints the event statuses that differ, the largest absolute difference of every shared numeric
column of events.csv, ar.csv and car.csv, and of tests.csv's estimate, statistic and p-values per
test; exits 1 when a per-event number differs by more than --tol (p-values: --ptol) or an event's status
differs. tests.csv is reported only (its statistics are sums over 10^4-10^5 events; they agree to
about 1e-13 relative).
"""

import argparse
import os
import sys

import numpy as np
import pandas as pd


def maxdiff(a, b):
    a, b = a.to_numpy(np.float64), b.to_numpy(np.float64)
    both = np.isnan(a) & np.isnan(b)
    if (np.isnan(a) != np.isnan(b)).any():
        return np.inf, int((np.isnan(a) != np.isnan(b)).sum())
    d = np.abs(a - b)[~both]
    return (d.max() if len(d) else 0.0), 0


def compare(name, ref, es, keys, cols, tol, ptol):
    m = ref.merge(es, on=keys, how="outer", suffixes=("_ref", "_es"), indicator=True)
    only = m["_merge"] != "both"
    bad = False
    if only.any():
        print(f"{name}: {int(only.sum())} rows in only one of the outputs")
        bad = True
    m = m[~only]
    for c in cols:
        d, nan = maxdiff(m[c + "_ref"], m[c + "_es"])
        flag = "" if d <= (ptol if c.startswith("p") else tol) else "  <-- differs"
        if nan:
            flag = f"  <-- {nan} empty in one output only"
        print(f"{name:10s} {c:12s} rows {len(m):9d}  max |diff| {d:.3g}{flag}")
        bad |= bool(flag)
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ref")
    ap.add_argument("es")
    ap.add_argument("--tol", type=float, default=1e-12)
    ap.add_argument("--ptol", type=float, default=1e-8,
                    help="for p-values: scipy's and gonum's Student t CDF differ by up to 3e-9 near p = 1")
    a = ap.parse_args()
    rd = lambda d, f: pd.read_csv(os.path.join(d, f), keep_default_na=True)
    bad = False

    er, ee = rd(a.ref, "events.csv"), rd(a.es, "events.csv")
    m = er.merge(ee, on="event_id", suffixes=("_ref", "_es"))
    st = (m["status_ref"] != m["status_es"]) | (m["reason_ref"].fillna("") != m["reason_es"].fillna(""))
    st |= m["day0_ref"].fillna("") != m["day0_es"].fillna("")
    print(f"events     {len(m)} events, {int((m.status_es == 'ok').sum())} ok; "
          f"status, reason or day 0 differ for {int(st.sum())}")
    bad |= bool(st.any())
    ok = m[m.status_es == "ok"]
    for c in ("n_est", "alpha", "beta", "sigma", "r2"):
        d, nan = maxdiff(ok[c + "_ref"], ok[c + "_es"])
        print(f"{'events':10s} {c:12s} rows {len(ok):9d}  max |diff| {d:.3g}"
              + ("  <-- differs" if d > a.tol or nan else ""))
        bad |= d > a.tol or bool(nan)

    bad |= compare("ar.csv", rd(a.ref, "ar.csv"), rd(a.es, "ar.csv"), ["event_id", "rel_day"],
                   ["ret", "normal_ret", "ar", "sar", "car"], a.tol, a.ptol)
    cols = ["car", "se", "t", "df", "p", "p_lower", "p_upper", "bhar", "n_days"]
    bad |= compare("car.csv", rd(a.ref, "car.csv"), rd(a.es, "car.csv"), ["event_id", "window"],
                   cols, a.tol, a.ptol)

    tr, te = rd(a.ref, "tests.csv"), rd(a.es, "tests.csv")
    m = tr.merge(te, on=["group", "window", "test"], suffixes=("_ref", "_es"))
    print(f"tests.csv  {len(m)} rows compared ({', '.join(m.test.unique())}); "
          f"eventstudy rows not in the reference: {', '.join(sorted(set(te.test) - set(tr.test)))}")
    for test, g in m.groupby("test", sort=False):
        parts = []
        for c in ("n", "estimate", "statistic", "df", "p"):
            d, nan = maxdiff(g[c + "_ref"], g[c + "_es"])
            s = np.abs(g[c + "_es"].to_numpy(np.float64))
            s = max(1e-300, s[np.isfinite(s)].max()) if np.isfinite(s).any() else 1
            parts.append(f"{c} {d:.2g}" + (f" (rel {d / s:.2g})" if c in ("estimate", "statistic") else ""))
        print(f"  {test:15s} " + ", ".join(parts))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
