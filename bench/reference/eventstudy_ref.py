#!/usr/bin/env python3
"""Vectorised numpy/pandas reference for `eventstudy run --model market`.

Does the job of

    eventstudy run --events E --prices P --market M --model market

on the generator's files (cmd/eventstudy-gen: a long `symbol,date,close` panel, a Yahoo market
file, an events file with `session`) with eventstudy's defaults, the way a competent numpy user
would: pandas reads the CSVs, the panel becomes a dense securities x trading-days matrix, and every
event's estimation and event window are gathered with one fancy index, so the market model, the
ARs, the CARs and the tests are array expressions over all events at once.

Written:  OUT/ar.csv, OUT/car.csv, OUT/tests.csv, OUT/events.csv (see bench/README.md,
"numpy/pandas reference", for what is computed and what is left out).

Usage:    eventstudy_ref.py --events E --prices P --market M -o OUT [--timings]
"""

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats

# eventstudy's defaults (docs/methodology.md 2.2).
EST = (-260, -11)
EVT = (-10, 10)
CARS = [(0, 0), (0, 1), (-1, 1), (-2, 2), (0, 5), (-5, 5), (0, 10), (-10, 10)]
MIN_EST = 120
MAX_SHIFT = 7  # calendar days from the disclosure date to day 0
SPLIT_TOL, SPLIT_MOVE, STALE_RUN = 0.03, 0.30, 10
EXCLUDING_SPLITS = np.array([3.0, 4.0, 5.0, 10.0])  # unadjusted close: factors >= 3 exclude
KP_MIN_SHARED = 30

NEST = EST[1] - EST[0] + 1
NEVT = EVT[1] - EVT[0] + 1


class Timer:
    """Phase wall and CPU times (--timings); CPU is the steadier one on a shared machine."""

    def __init__(self, on):
        self.on, self.t, self.c = on, time.perf_counter(), time.process_time()

    def __call__(self, phase):
        if self.on:
            now, cpu = time.perf_counter(), time.process_time()
            print(f"{phase:20s} wall {now - self.t:7.2f} s  cpu {cpu - self.c:7.2f} s", file=sys.stderr)
            self.t, self.c = now, cpu


def read_market(path):
    """Trading calendar (the market's dates with a valid close) and market returns."""
    m = pd.read_csv(path)
    col = "Adj Close" if "Adj Close" in m.columns else "Close"
    p = pd.to_numeric(m[col], errors="coerce").to_numpy(np.float64)
    d = pd.to_datetime(m["Date"]).to_numpy("datetime64[D]")
    keep = np.isfinite(p) & (p > 0)
    d, p = d[keep], p[keep]
    order = np.argsort(d, kind="stable")
    d, p = d[order], p[order]
    rm = np.full(len(p), np.nan)
    rm[1:] = p[1:] / p[:-1] - 1
    return d, rm


def read_panel(path, cal):
    """Dense price matrix P[security, calendar position] (NaN where missing or invalid), the
    symbols, and the (security, position) of invalid prices."""
    df = pd.read_csv(path, dtype={0: "category", 1: "category"}, header=0,
                     names=["symbol", "date", "close"], usecols=[0, 1, 2])
    # Dates are parsed once per distinct value, then mapped to calendar positions;
    # dates off the market calendar are ignored (methodology 1.2).
    dcat = pd.to_datetime(df["date"].cat.categories).to_numpy("datetime64[D]")
    pos = np.searchsorted(cal, dcat)
    pos[(pos >= len(cal)) | (cal[np.minimum(pos, len(cal) - 1)] != dcat)] = -1
    T = len(cal)
    syms = df["symbol"].cat.categories
    # One flat index per row, built in place: 100M rows make each int64 temporary 800 MB.
    flat = df["symbol"].cat.codes.to_numpy().astype(np.int64)
    flat *= T
    col = pos.astype(np.int32)[df["date"].cat.codes.to_numpy()]
    flat += col
    close = pd.to_numeric(df["close"], errors="coerce").to_numpy(np.float64)
    del df
    if (col < 0).any():
        on = col >= 0
        flat, close = flat[on], close[on]
    del col
    bad = ~(close > 0) | ~np.isfinite(close)
    invalid = np.divmod(flat[bad], T)
    close[bad] = np.nan
    P = np.full(len(syms) * T, np.nan)
    P[flat] = close
    P = P.reshape(len(syms), T)
    return P, syms, invalid


def anchor(ev, cal):
    """Day 0 by the `next` rule (methodology 2.1): the first trading day on or after the date,
    the next one when the disclosure came after the close of a trading day."""
    d = pd.to_datetime(ev["date"]).to_numpy("datetime64[D]")
    k = np.searchsorted(cal, d)
    inside = (d >= cal[0]) & (k < len(cal))
    kk = np.minimum(k, len(cal) - 1)
    trading = inside & (cal[kk] == d)
    after = np.zeros(len(ev), bool)
    if "session" in ev:
        after = ev["session"].fillna("").str.strip().str.lower().eq("after").to_numpy()
    if "time" in ev:
        t = ev["time"].fillna("").astype(str).str.strip()
        has = t.ne("").to_numpy()
        after = np.where(has, t.str.zfill(5).ge("16:00").to_numpy(), after)
    k = k + (trading & after)
    inside &= k < len(cal)
    kk = np.minimum(k, len(cal) - 1)
    shift = (cal[kk] - d).astype(np.int64)
    return k, inside, shift


def tdist(stat, df):
    return 2 * stats.t.sf(np.abs(stat), df), stats.t.cdf(stat, df), stats.t.sf(stat, df)


def ndist(stat):
    return 2 * stats.norm.sf(np.abs(stat)), stats.norm.cdf(stat), stats.norm.sf(stat)


def midranks(x):
    """Average ranks along axis 1, NaN left unranked (NaN); vectorised over the rows. Ties are
    rare in float data, so ordinal ranks are made for all rows and only rows with a tie get
    their tie groups averaged."""
    n, k = x.shape
    nan = np.isnan(x)
    order = np.argsort(np.where(nan, np.inf, x), axis=1)
    r = np.empty((n, k))
    np.put_along_axis(r, order, np.arange(1.0, k + 1), axis=1)
    s = np.take_along_axis(x, order, axis=1)
    tied = np.nonzero((s[:, 1:] == s[:, :-1]).any(1))[0]
    if len(tied):
        s, o = s[tied], order[tied]
        idx = np.broadcast_to(np.arange(k), s.shape)
        start = np.ones(s.shape, bool)
        start[:, 1:] = s[:, 1:] != s[:, :-1]
        first = np.maximum.accumulate(np.where(start, idx, 0), axis=1)
        end = np.ones(s.shape, bool)
        end[:, :-1] = start[:, 1:]
        last = np.minimum.accumulate(np.where(end, idx, k - 1)[:, ::-1], axis=1)[:, ::-1]
        rt = np.empty(s.shape)
        np.put_along_axis(rt, o, (first + last) / 2 + 1, axis=1)
        r[tied] = rt
    r[nan] = np.nan
    return r


def primary_set(firm, day0):
    """One primary event per firm component of overlapping event windows (methodology 4.5):
    the earliest day 0, ties to the first listed."""
    o = np.lexsort((np.arange(len(firm)), day0, firm))
    f, d = firm[o], day0[o]
    new = np.ones(len(o), bool)
    new[1:] = (f[1:] != f[:-1]) | (d[1:] - d[:-1] > EVT[1] - EVT[0])
    prim = np.zeros(len(o), bool)
    prim[o[new]] = True
    return prim


def pair_correlations(day0, resid):
    """Pearson correlation of the estimation residuals, on the calendar dates both events have,
    of every pair whose day 0s are closer than the longest CAR window (the pairs KP's r-bar
    weighs, methodology 6.6); 0 below KP_MIN_SHARED shared dates or without variation.

    Events sorted by day 0; for each day 0 three matrix products give the shared-date sums
    (count, sums, sums of squares and of products) of its events against all events up to the
    longest window later, whose residual rows are shifted onto the first group's calendar dates.
    Returns (i, j, distance in trading days, rho) with i before j in day 0."""
    far = max(b - a for a, b in CARS)  # pairs up to this many trading days apart
    o = np.argsort(day0, kind="stable")
    d = day0[o]
    m = np.isfinite(resid[o])
    a = np.where(m, resid[o], 0)
    a2, mf = a * a, m.astype(float)
    K = a.shape[1]
    starts = np.flatnonzero(np.r_[True, d[1:] != d[:-1]])
    ends = np.r_[starts[1:], len(d)]
    his = np.searchsorted(d, d[starts] + far, side="right")
    out = []
    cols = np.arange(K)
    for s, e, h in zip(starts, ends, his):
        # Partner j's residual k falls on the group's column off_j + k; its rows are gathered
        # shifted, zero before its first date.
        src = cols - (d[s:h] - d[s])[:, None]
        before = src < 0
        np.maximum(src, 0, out=src)
        shifted = []
        for x in (mf, a, a2):
            y = np.take_along_axis(x[s:h], src, axis=1)
            y[before] = 0
            shifted.append(y)
        mb, ab, a2b = shifted
        g1 = np.concatenate([a[s:e], a2[s:e], mf[s:e]]) @ mb.T
        g2 = np.concatenate([a[s:e], mf[s:e]]) @ ab.T
        ni = e - s
        sa, saa, n = g1[:ni], g1[ni:2 * ni], g1[2 * ni:]
        sab, sb = g2[:ni], g2[ni:]
        sbb = mf[s:e] @ a2b.T
        with np.errstate(invalid="ignore", divide="ignore"):
            caa, cbb = saa - sa * sa / n, sbb - sb * sb / n
            r = np.clip((sab - sa * sb / n) / np.sqrt(caa * cbb), -1, 1)
        r[(n < max(KP_MIN_SHARED, 2)) | ~(caa > 0) | ~(cbb > 0)] = 0
        ii, jj = np.nonzero(np.arange(s, h)[None, :] > np.arange(s, e)[:, None])
        out.append((o[s + ii].astype(np.int32), o[s + jj].astype(np.int32),
                    (d[s + jj] - d[s + ii]).astype(np.int8), r[ii, jj]))
    if not out:
        return (np.zeros(0, int),) * 3 + (np.zeros(0),)
    return tuple(np.concatenate(x) for x in zip(*out))


def group_tests(w, L, car, se, dfi, resid, M, bhar, U, sar_est, est_rank, SAR, prim, pairs):
    """tests.csv rows for one CAR window over V = primary events complete on the window."""
    rows = []
    V = prim & np.isfinite(car)
    N = int(V.sum())

    def row(test, n, est, stat=np.nan, dist="", df=np.nan, p=(np.nan,) * 3):
        rows.append(dict(window=w, test=test, n=n, estimate=est, statistic=stat, dist=dist,
                         df=df, p=p[0], p_lower=p[1], p_upper=p[2]))

    c = car[V]
    caar = c.mean() if N else np.nan
    if N < 2:
        for test in ("cs_t", "bw_cda", "patell", "bmp", "kp_patell", "kp_bmp", "corrado",
                     "corrado_zivney", "grank_t", "grank_z", "sign", "gen_sign", "wilcoxon",
                     "skew_t"):
            row(test, N, caar)
        return rows
    # cs_t (6.2)
    t = caar / (c.std(ddof=1) / np.sqrt(N))
    row("cs_t", N, caar, t, "t", N - 1, tdist(t, N - 1))
    # bw_cda (6.3): time series of the portfolio residual in event time.
    rv = resid[V]
    nt = np.isfinite(rv).sum(0)
    pm = np.nansum(rv, 0)[nt > 0] / nt[nt > 0]
    l1 = len(pm)
    t = caar / (np.sqrt(L) * pm.std(ddof=1))
    row("bw_cda", N, caar, t, "t", l1 - 1, tdist(t, l1 - 1))
    # patell (6.4) and bmp (6.5)
    scar = c / se[V]
    q = dfi[V] / (dfi[V] - 2)
    z = scar.sum() / np.sqrt(q.sum())
    row("patell", N, caar, z, "normal", np.nan, ndist(z))
    t = scar.mean() / (scar.std(ddof=1) / np.sqrt(N))
    row("bmp", N, caar, t, "t", N - 1, tdist(t, N - 1))
    # kp_patell, kp_bmp (6.6): r-bar over the pairs of V, rho weighted by the shared window days.
    pi, pj, dist, rho = pairs
    sel = V[pi] & V[pj] & (dist < L)
    rbar = 2 * (rho[sel] * (L - dist[sel].astype(np.float64)) / L).sum() / (N * (N - 1))
    f = 1 + (N - 1) * rbar
    if f > 0:
        row("kp_patell", N, caar, z * np.sqrt(1 / f), "normal", np.nan, ndist(z * np.sqrt(1 / f)))
        tk = t * np.sqrt((1 - rbar) / f)
        row("kp_bmp", N, caar, tk, "t", N - 1, tdist(tk, N - 1))
    else:
        row("kp_patell", N, caar)
        row("kp_bmp", N, caar)
    # corrado (6.7): ranks pooled over estimation and event window, per event.
    uv = U[V]
    nt = np.isfinite(uv).sum(0)
    D = np.where(nt > 0, np.nansum(uv, 0) / np.sqrt(np.maximum(nt, 1)), np.nan)
    su = np.sqrt(np.nanmean(D ** 2))
    a, b = NEST + w[0] - EVT[0], NEST + w[1] - EVT[0] + 1
    tr = D[a:b].sum() / (np.sqrt(L) * su)
    est = (np.nansum(uv[:, a:b], 0) / nt[a:b]).mean()
    row("corrado", N, est, tr, "normal", np.nan, ndist(tr))
    # corrado_zivney (6.7): event-window SARs divided by their cross-sectional sd over V per
    # day, ranked with the estimation SARs (plain sigma) anew for this V.
    sv = SAR[V]
    ntau = np.isfinite(sv).sum(0)
    st = np.nanstd(sv, 0, ddof=1) if N > 1 else np.full(NEVT, np.nan)
    st[(ntau < 2) | ~(st > 0)] = np.nan
    uz = midranks(np.concatenate([sar_est[V], sv / st], 1))
    uz = uz / (np.isfinite(uz).sum(1, keepdims=True) + 1) - 0.5
    nt = np.isfinite(uz).sum(0)
    D = np.where(nt > 0, np.nansum(uz, 0) / np.sqrt(np.maximum(nt, 1)), np.nan)
    if np.isnan(st[a - NEST:b - NEST]).any():
        row("corrado_zivney", N, np.nan)
    else:
        tr = D[a:b].sum() / (np.sqrt(L) * np.sqrt(np.nanmean(D ** 2)))
        est = (np.nansum(uz[:, a:b], 0) / nt[a:b]).mean()
        row("corrado_zivney", N, est, tr, "normal", np.nan, ndist(tr))
    # grank (6.8): estimation SARs plus the re-standardized SCAR as one extra point.
    sv = sar_est[V]  # estimation-day SARs, NaN where missing
    g = scar / scar.std(ddof=1)  # SCARs not demeaned, their sd as usual
    Ti = M[V] + 1
    below = np.where(np.isnan(sv), 0, (sv < g[:, None]) + 0.5 * (sv == g[:, None]))
    above = np.where(np.isnan(sv), 0, (sv > g[:, None]) + 0.5 * (sv == g[:, None]))
    ue = (est_rank[V] + above) / (Ti[:, None] + 1) - 0.5
    u0 = (below.sum(1) + 1) / (Ti + 1) - 0.5
    nt = np.isfinite(ue).sum(0)
    ubar = np.nansum(ue, 0)[nt > 0] / nt[nt > 0]
    T = len(ubar) + 1
    s = np.sqrt(((nt[nt > 0] / N) * ubar ** 2).sum() / T + u0.mean() ** 2 / T)
    zg = u0.mean() / s
    tg = zg * np.sqrt((T - 2) / (T - 1 - zg ** 2))
    row("grank_t", N, u0.mean(), tg, "t", T - 2, tdist(tg, T - 2))
    row("grank_z", N, u0.mean(), zg, "normal", np.nan, ndist(zg))
    # sign (6.9)
    npos = int((c > 0).sum())
    z = (npos - N / 2) / np.sqrt(N / 4)
    if N <= 50:
        pl, pu = stats.binom.cdf(npos, N, 0.5), stats.binom.sf(npos - 1, N, 0.5)
        row("sign", N, npos / N, z, "exact", np.nan, (min(1, 2 * min(pl, pu)), pl, pu))
    else:
        row("sign", N, npos / N, z, "normal", np.nan, ndist(z))
    # gen_sign (6.10)
    ph = ((rv > 0).sum(1) / M[V]).mean()
    z = (npos - N * ph) / np.sqrt(N * ph * (1 - ph))
    row("gen_sign", N, npos / N, z, "normal", np.nan, ndist(z))
    # wilcoxon (6.11): normal p-values above 50; eventstudy's exact ones below are not done
    # (statistic written, p-values left empty)
    nz = c[c != 0]
    n = len(nz)
    r = stats.rankdata(np.abs(nz))
    wp = r[nz > 0].sum()
    _, cnt = np.unique(np.abs(nz), return_counts=True)
    var = n * (n + 1) * (2 * n + 1) / 24 - (cnt ** 3 - cnt).sum() / 48
    z = (wp - n * (n + 1) / 4) / np.sqrt(var)
    if n > 50:
        row("wilcoxon", n, wp / (n * (n + 1) / 2) - 0.5, z, "normal", np.nan, ndist(z))
    else:
        row("wilcoxon", n, wp / (n * (n + 1) / 2) - 0.5, z)
    # skew_t (6.13) over the events with a BHAR
    bv = bhar[prim & np.isfinite(bhar)]
    nb = len(bv)
    mb, sb = bv.mean(), bv.std(ddof=1)
    S = mb / sb
    gam = ((bv - mb) ** 3).sum() / (nb * sb ** 3)
    t = np.sqrt(nb) * (S + gam / 3 * S ** 2 + gam / (6 * nb))
    row("skew_t", nb, mb, t, "t", nb - 1, tdist(t, nb - 1))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", required=True)
    ap.add_argument("--prices", required=True)
    ap.add_argument("--market", required=True)
    ap.add_argument("-o", "--out", required=True)
    ap.add_argument("--timings", action="store_true", help="phase wall times to stderr")
    args = ap.parse_args()
    tick = Timer(args.timings)

    cal, rm = read_market(args.market)
    P, syms, invalid = read_panel(args.prices, cal)
    tick("prices")
    ns, T = P.shape

    ev = pd.read_csv(args.events, dtype=str, keep_default_na=False)
    ne = len(ev)
    firm = syms.get_indexer(ev["firm"])
    day0, inside, shift = anchor(ev, cal)
    first, last = day0 + EST[0], day0 + EVT[1]
    reason = np.full(ne, "", dtype=object)
    reason[firm < 0] = "no_prices"
    reason[(reason == "") & (~inside | (last >= T))] = "outside_data"
    reason[(reason == "") & (shift > MAX_SHIFT)] = "shift_exceeds_max"
    # An invalid price of the firm on first-1..last excludes the event (methodology 1.4).
    if len(invalid[0]):
        key = np.sort(invalid[0] * T + invalid[1])
        k0 = np.searchsorted(key, firm * T + first - 1)
        k1 = np.searchsorted(key, firm * T + last, side="right")
        reason[(reason == "") & (k1 > k0)] = "invalid_prices"

    # Gather every candidate event's prices, the day before its estimation window to the end of
    # its event window, in one fancy index; returns need two consecutive prices (gaps: drop).
    # An estimation window that starts before the calendar is cut at its start.
    cand = np.nonzero(reason == "")[0]
    cols = day0[cand, None] + np.arange(EST[0] - 1, EVT[1] + 1)
    Pg = P[firm[cand, None], np.maximum(cols, 0)]
    Pg[cols < 0] = np.nan
    cols = np.maximum(cols, 0)
    del P
    Y = Pg[:, 1:] / Pg[:, :-1] - 1
    X = rm[cols[:, 1:]]
    # Split-like jumps whose factor excludes (unadjusted close, study/split.go rule 3) and runs
    # of STALE_RUN equal prices.
    bi, bj = np.nonzero(np.abs(Y) > SPLIT_MOVE)
    q = 1 + Y[bi, bj]
    q = np.maximum(q, 1 / q)
    split = (np.abs(q[:, None] / EXCLUDING_SPLITS - 1) <= SPLIT_TOL).any(1)
    reason[cand[bi[split]]] = "suspected_split"
    same = np.zeros((len(cand), Y.shape[1] + 1), np.int32)
    np.cumsum(Y == 0, axis=1, out=same[:, 1:])
    w = STALE_RUN - 1
    stale = (same[:, w:] - same[:, :-w] == w).any(1)
    reason[cand[stale & (reason[cand] == "")]] = "stale_prices"
    del same
    keep = reason[cand] == ""
    cand, Y, X = cand[keep], Y[keep], X[keep]
    Ye, Yv, Xe, Xv = Y[:, :NEST], Y[:, NEST:], X[:, :NEST], X[:, NEST:]
    ok = np.isfinite(Yv[:, -EVT[0]])
    reason[cand[~ok]] = "gap_in_window"
    mask = np.isfinite(Ye)
    M = mask.sum(1)
    short = ok & ((M < MIN_EST) | (M - 2 <= 2))
    reason[cand[short]] = "short_estimation"
    keep = ok & ~short
    cand, Ye, Yv, Xe, Xv, mask, M = (v[keep] for v in (cand, Ye, Yv, Xe, Xv, mask, M))
    tick("align")

    # Market model by OLS in closed form, per event over its own estimation sample.
    xbar = np.where(mask, Xe, 0).sum(1) / M
    ybar = np.where(mask, Ye, 0).sum(1) / M
    dx = np.where(mask, Xe - xbar[:, None], 0)
    dy = np.where(mask, Ye - ybar[:, None], 0)
    sxx = (dx * dx).sum(1)
    beta = (dx * dy).sum(1) / sxx
    alpha = ybar - beta * xbar
    resid = Ye - (alpha[:, None] + beta[:, None] * Xe)
    ssr = np.nansum(resid ** 2, 1)
    dfi = M - 2
    s2 = ssr / dfi
    sig = np.sqrt(s2)
    r2 = 1 - ssr / (dy * dy).sum(1)
    tick("estimate")

    normal = alpha[:, None] + beta[:, None] * Xv
    AR = Yv - normal
    xd = Xv - xbar[:, None]
    h = 1 / M[:, None] + xd ** 2 / sxx[:, None]
    SAR = AR / (sig[:, None] * np.sqrt(1 + h))
    n = len(cand)
    rel = np.arange(EVT[0], EVT[1] + 1)
    ar = pd.DataFrame({
        "event_id": np.repeat(ev["event_id"].to_numpy()[cand], NEVT),
        "rel_day": np.tile(rel, n),
        "date": cal[day0[cand, None] + rel].ravel(),
        "ret": Yv.ravel(), "normal_ret": normal.ravel(), "ar": AR.ravel(),
        "sar": SAR.ravel(), "car": np.cumsum(AR, 1).ravel()})

    # Single-event CAR t (6.1) for every window; exact CAR variance (4.2).
    cars, car_of, se_of, bhar_of = [], {}, {}, {}
    for w in CARS:
        a, b = w[0] - EVT[0], w[1] - EVT[0] + 1
        L = b - a
        car = AR[:, a:b].sum(1)
        nd = np.isfinite(AR[:, a:b]).sum(1)
        sm = xd[:, a:b].sum(1)
        se = np.sqrt(s2 * (L + L * L / M + sm ** 2 / sxx))
        se[np.isnan(car)] = np.nan
        t = car / se
        p, pl, pu = tdist(t, dfi)
        bhar = np.prod(1 + Yv[:, a:b], 1) - np.prod(1 + Xv[:, a:b], 1)
        car_of[w], se_of[w], bhar_of[w] = car, se, bhar
        cars.append(pd.DataFrame({
            "event_id": ev["event_id"].to_numpy()[cand], "window": f"{w[0]},{w[1]}",
            "t1": w[0], "t2": w[1], "car": car, "se": se, "t": t,
            "df": np.where(np.isnan(car), np.nan, dfi), "p": p, "p_lower": pl, "p_upper": pu,
            "bhar": bhar, "n_days": nd, "_order": np.arange(n)}))
    car = (pd.concat(cars).sort_values(["_order"], kind="stable").drop(columns="_order"))
    tick("single-event tables")

    # Group tests (6.2-6.13) over the primary events.
    prim = primary_set(firm[cand], day0[cand])
    U = midranks(np.concatenate([resid, AR], 1))
    U = U / (np.isfinite(U).sum(1, keepdims=True) + 1) - 0.5
    sar_est = resid / sig[:, None]
    est_rank = midranks(sar_est)  # GRANK adds one point per window to these
    pp = np.flatnonzero(prim)
    pi, pj, dist, rho = pair_correlations(day0[cand][pp], resid[pp])
    pairs = (pp[pi].astype(np.int32), pp[pj].astype(np.int32), dist, rho)
    rows = []
    for w in CARS:
        rows += group_tests(w, w[1] - w[0] + 1, car_of[w], se_of[w], dfi, resid, M,
                            bhar_of[w], U, sar_est, est_rank, SAR, prim, pairs)
    tests = pd.DataFrame(rows)
    tests.insert(0, "group", "all")
    tests["window"] = tests["window"].map(lambda w: f"{w[0]},{w[1]}")
    tick("group tests")

    evo = pd.DataFrame({"event_id": ev["event_id"], "firm": ev["firm"], "date_given": ev["date"],
                        "day0": np.where(inside, cal[np.minimum(day0, T - 1)].astype(str), ""),
                        "status": np.where(reason == "", "ok", "excluded"), "reason": reason})
    est = pd.DataFrame({"n_est": M, "alpha": alpha, "beta": beta, "sigma": sig, "r2": r2},
                       index=cand)
    evo = evo.join(est)
    evo["n_est"] = evo["n_est"].astype("Int64")
    os.makedirs(args.out, exist_ok=True)
    evo.to_csv(os.path.join(args.out, "events.csv"), index=False)
    ar.to_csv(os.path.join(args.out, "ar.csv"), index=False)
    car.to_csv(os.path.join(args.out, "car.csv"), index=False)
    tests.to_csv(os.path.join(args.out, "tests.csv"), index=False)
    tick("write")


if __name__ == "__main__":
    main()
