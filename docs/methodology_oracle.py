#!/usr/bin/env python3
"""Reference numbers for docs/methodology.md section 8 (the worked examples) (own implementation, numpy/scipy).
Example 1 (sections 8.1-8.3) comes first and is unchanged; its supplement and
example 2 (section 8.4: unequal estimation lengths, a missing AR, a staggered
event and a second stage of one firm) follow.
Run: python3 methodology_oracle.py  (needs numpy, scipy)"""
import itertools
import numpy as np
from scipy import stats

Rm_est = np.array([0.010,-0.005,0.002,0.007,-0.012,0.004,0.000,0.015,-0.008,0.003,-0.002,0.006])
Rm_evt = np.array([0.004,-0.010,0.001])
firms = {
 "A": (np.array([0.026,-0.018,0.012,-0.006,-0.017,0.017,-0.010,0.033,-0.005,0.012,-0.008,0.002]),
       np.array([-0.035,-0.020,0.004])),
 "B": (np.array([0.012,-0.013,0.008,0.008,-0.006,0.003,0.002,0.014,-0.016,0.007,0.006,0.001]),
       np.array([-0.012,-0.018,0.003])),
 "C": (np.array([0.019,-0.001,-0.002,0.005,-0.015,0.012,-0.008,0.023,-0.007,-0.001,-0.003,0.010]),
       np.array([-0.008,-0.002,-0.006])),
 "D": (np.array([0.009,-0.011,0.011,-0.001,-0.003,0.000,0.005,0.012,-0.013,0.006,0.001,-0.001]),
       np.array([0.006,-0.015,0.002])),
}
L1, L2 = len(Rm_est), len(Rm_evt)
k = 1  # regressors besides intercept
df = L1 - k - 1
X = np.column_stack([np.ones(L1), Rm_est]); XtXi = np.linalg.inv(X.T @ X)
Xe = np.column_stack([np.ones(L2), Rm_evt])
mbar = Rm_est.mean(); Sxx = ((Rm_est - mbar)**2).sum()

def fit(ri_est, ri_evt):
    b = XtXi @ X.T @ ri_est
    e = ri_est - X @ b
    s2 = (e**2).sum() / df
    ar = ri_evt - Xe @ b
    V = s2 * (np.eye(L2) + Xe @ XtXi @ Xe.T)       # event-window prediction-error covariance
    var_ar = np.diag(V)
    var_car_c = V.sum()                               # 1' V 1
    return dict(alpha=b[0], beta=b[1], e=e, s2=s2, ar=ar, V=V, var_ar=var_ar,
                sar=ar/np.sqrt(var_ar), car=ar.sum(), var_car_c=var_car_c, var_car_s=L2*s2)

R = {n: fit(*v) for n, v in firms.items()}
names = list(R); N = len(names)
P = lambda x: print(x)
f = "{:.10g}".format

P("=== Single firm A (market model) ===")
a = R["A"]
P(f"alpha={f(a['alpha'])} beta={f(a['beta'])} SSR={f((a['e']**2).sum())} s2={f(a['s2'])} s={f(np.sqrt(a['s2']))} df={df}")
P(f"mean Rm_est={f(mbar)} Sxx={f(Sxx)} mean Ri_est={f(firms['A'][0].mean())}")
P("AR=" + str([f(x) for x in a['ar']]))
h = np.diag(Xe @ XtXi @ Xe.T)
P("h_t=" + str([f(x) for x in h]) + "  var(AR_t) corrected=" + str([f(x) for x in a['var_ar']]))
P("t(AR) simple=" + str([f(x) for x in a['ar']/np.sqrt(a['s2'])]) + " corrected=" + str([f(x) for x in a['sar']]))
P("p two-sided t(AR) corrected=" + str([f(x) for x in 2*stats.t.sf(abs(a['sar']), df)]))
P(f"CAR(0,2)={f(a['car'])}  var simple={f(a['var_car_s'])} sd={f(np.sqrt(a['var_car_s']))}  var corrected={f(a['var_car_c'])} sd={f(np.sqrt(a['var_car_c']))}")
cf = a['s2']*(L2 + L2**2/L1 + ((Rm_evt-mbar).sum())**2/Sxx)
P(f"closed-form corrected var={f(cf)}  diag-only (wrong) var={f(a['var_ar'].sum())}")
ts, tc = a['car']/np.sqrt(a['var_car_s']), a['car']/np.sqrt(a['var_car_c'])
P(f"t(CAR) simple={f(ts)} p2={f(2*stats.t.sf(abs(ts),df))} p1lower={f(stats.t.cdf(ts,df))}")
P(f"t(CAR) corrected={f(tc)} p2={f(2*stats.t.sf(abs(tc),df))} p1lower={f(stats.t.cdf(tc,df))}")
Q = (L1-k-1)/(L1-k-3)
P(f"Patell single-firm Z_CAR = sum(SAR)/sqrt(L2*Q) = {f(a['sar'].sum()/np.sqrt(L2*Q))}  (Q=(M-2)/(M-4)={f(Q)})")
bh = np.prod(1+firms['A'][1]) - np.prod(1+Rm_evt)
P(f"BHAR(0,2) vs market = {f(bh)}  (firm BHR={f(np.prod(1+firms['A'][1])-1)}, mkt BHR={f(np.prod(1+Rm_evt)-1)})")

P("\n=== Per-firm summary ===")
for n in names:
    r = R[n]
    P(f"{n}: alpha={f(r['alpha'])} beta={f(r['beta'])} s2={f(r['s2'])} AR={[f(x) for x in r['ar']]} SAR={[f(x) for x in r['sar']]} CAR={f(r['car'])} varCARc={f(r['var_car_c'])} SCAR={f(r['car']/np.sqrt(r['var_car_c']))}")

AR = np.array([R[n]['ar'] for n in names])        # N x L2
SAR = np.array([R[n]['sar'] for n in names])
CAR = AR.sum(1); SCAR = CAR/np.sqrt([R[n]['var_car_c'] for n in names])
E = np.array([R[n]['e'] for n in names])          # N x L1 estimation residuals
P("\n=== Multi-firm (N=4, same calendar dates) ===")
AAR = AR.mean(0); CAAR = CAR.mean()
P("AAR=" + str([f(x) for x in AAR]) + f" CAAR(0,2)={f(CAAR)}")
# cross-sectional t
t_cs = AAR/(AR.std(0, ddof=1)/np.sqrt(N)); t_cs_car = CAAR/(CAR.std(ddof=1)/np.sqrt(N))
P("CS t(AAR)=" + str([f(x) for x in t_cs]) + f" CS t(CAAR)={f(t_cs_car)} p2={f(2*stats.t.sf(abs(t_cs_car),N-1))} df={N-1}")
# Brown-Warner crude dependence adjustment
AARest = E.mean(0); S_bw = AARest.std(ddof=1)
t_bw = AAR/S_bw; t_bw_car = CAAR/(np.sqrt(L2)*S_bw)
P(f"BW S(AAR_est)={f(S_bw)} t(AAR)={[f(x) for x in t_bw]} t(CAAR)={f(t_bw_car)} p2(t,df={L1-1})={f(2*stats.t.sf(abs(t_bw_car),L1-1))}")
# Patell
Qi = np.full(N, Q)
z_p = SAR.sum(0)/np.sqrt(Qi.sum())
z_p_car = (SAR.sum(1)/np.sqrt(L2*Qi)).sum()/np.sqrt(N)
P(f"Patell Z(AAR)={[f(x) for x in z_p]} Z(CAAR)={f(z_p_car)} p2={f(2*stats.norm.sf(abs(z_p_car)))}")
z_p_car_scar = (SCAR/np.sqrt(Qi)).sum()/np.sqrt(N)
P(f"Patell Z(CAAR) SCAR-based (full cov, default)={f(z_p_car_scar)} p2={f(2*stats.norm.sf(abs(z_p_car_scar)))}")
# BMP
t_bmp = SAR.mean(0)/(SAR.std(0,ddof=1)/np.sqrt(N))
t_bmp_car = SCAR.mean()/(SCAR.std(ddof=1)/np.sqrt(N))
CSAR = SAR.sum(1); t_bmp_car_sum = CSAR.mean()/(CSAR.std(ddof=1)/np.sqrt(N))
P(f"BMP t(AAR)={[f(x) for x in t_bmp]} t(CAAR, SCAR full cov)={f(t_bmp_car)} p2={f(2*stats.t.sf(abs(t_bmp_car),N-1))} | variant sum-of-SAR={f(t_bmp_car_sum)}")
# Kolari-Pynnonen
C = np.corrcoef(E); rbar = (C.sum()-N)/(N*(N-1))
adj = np.sqrt((1-rbar)/(1+(N-1)*rbar))
P(f"KP rbar={f(rbar)} factor={f(adj)} adjBMP t(AAR)={[f(x) for x in t_bmp*adj]} adjBMP t(CAAR)={f(t_bmp_car*adj)} adjPatell Z(CAAR, sum-SAR variant)={f(z_p_car*np.sqrt(1/(1+(N-1)*rbar)))} adjPatell Z(CAAR, SCAR default)={f(z_p_car_scar*np.sqrt(1/(1+(N-1)*rbar)))}")
# Corrado rank (combined estimation + event window, T = L1+L2)
T = L1 + L2
full = np.concatenate([E, AR], axis=1)
K = np.array([stats.rankdata(row) for row in full])
D = K - (T+1)/2
Dbar = D.mean(0)
S_K = np.sqrt((Dbar**2).mean())
t_rank = Dbar[L1:]/S_K
t_rank_car = Dbar[L1:].sum()/(np.sqrt(L2)*S_K)
P(f"Corrado: event-day ranks K_i0={list(K[:,L1])} S_K={f(S_K)} T(day0..2)={[f(x) for x in t_rank]} T(CAR 0..2, Cowan agg.)={f(t_rank_car)} p2={f(2*stats.norm.sf(abs(t_rank_car)))}")
# GRANK (Kolari-Pynnonen 2011)
sig = np.sqrt([R[n]['s2'] for n in names])
SARest = E/sig[:,None]
SCARstar = SCAR/SCAR.std(ddof=1)
G = np.concatenate([SARest, SCARstar[:,None]], axis=1)   # N x (L1+1)
Tg = L1 + 1
U = np.array([stats.rankdata(row) for row in G])/(Tg+1) - 0.5
Ubar = U.mean(0)
S_U = np.sqrt((Ubar**2).mean())   # no missing: n_t/n = 1
Z = Ubar[-1]/S_U
t_gr = Z*np.sqrt((Tg-2)/(Tg-1-Z**2))
P(f"GRANK: SCAR={[f(x) for x in SCAR]} S_SCAR={f(SCAR.std(ddof=1))} SCAR*={[f(x) for x in SCARstar]} U_i0={[f(x) for x in U[:,-1]]} Ubar0={f(Ubar[-1])} S_U={f(S_U)} Z={f(Z)} t_grank={f(t_gr)} df={Tg-2} p2={f(2*stats.t.sf(abs(t_gr),Tg-2))}")
# Sign tests
for lab, x in [("day0", AR[:,0]), ("CAR", CAR)]:
    npos = (x>0).sum()
    z = (npos - 0.5*N)/np.sqrt(0.25*N)
    pb = stats.binomtest(int(npos), N, 0.5).pvalue
    P(f"Sign {lab}: N+={npos} Z={f(z)} exact binomial p2={f(pb)}")
phat = (E>0).mean(1).mean()
for lab, x in [("day0", AR[:,0]), ("CAR", CAR)]:
    w = (x>0).sum()
    z = (w - N*phat)/np.sqrt(N*phat*(1-phat))
    P(f"Generalized sign {lab}: phat={f(phat)} w={w} Z={f(z)}")
# Wilcoxon signed rank
for lab, x in [("day0", AR[:,0]), ("CAR", CAR)]:
    nz = x[x!=0]; n = len(nz)
    r = stats.rankdata(np.abs(nz)); Wp = r[nz>0].sum()
    mu = n*(n+1)/4; sd = np.sqrt(n*(n+1)*(2*n+1)/24)
    # exact two-sided p by enumeration
    allW = [sum(rr for rr, s in zip(r, signs) if s) for signs in itertools.product([0,1], repeat=n)]  # actual midranks
    allW = np.array(allW); pex = min(1.0, 2*min((allW<=Wp).mean(), (allW>=Wp).mean()))
    P(f"Wilcoxon {lab}: W+={f(Wp)} E={f(mu)} sd={f(sd)} Z={f((Wp-mu)/sd)} exact p2={f(pex)}")
# Cross-sectional regression of CAR(0,2) on a characteristic (made-up log size)
z = np.array([10.5, 9.8, 11.2, 10.1])
Z = np.column_stack([np.ones(N), z]); p_ = Z.shape[1]
ZtZi = np.linalg.inv(Z.T @ Z); g = ZtZi @ Z.T @ CAR; u = CAR - Z @ g
hlev = np.einsum('ij,jk,ik->i', Z, ZtZi, Z)
meat = lambda w: (Z * w[:,None]).T @ Z
HC0 = ZtZi @ meat(u**2) @ ZtZi; HC1 = HC0 * N/(N-p_); HC3 = ZtZi @ meat(u**2/(1-hlev)**2) @ ZtZi
OLSV = ZtZi * (u@u)/(N-p_)
P("\n=== Cross-sectional regression CAR(0,2) ~ 1 + z, z=[10.5, 9.8, 11.2, 10.1] ===")
P(f"gamma={[f(x) for x in g]} resid={[f(x) for x in u]} leverage={[f(x) for x in hlev]}")
for lab, V in [("OLS", OLSV), ("HC0", HC0), ("HC1", HC1), ("HC3", HC3)]:
    se = np.sqrt(np.diag(V)); t = g/se
    P(f"{lab}: se={[f(x) for x in se]} t={[f(x) for x in t]} p2(slope, t_{N-p_})={f(2*stats.t.sf(abs(t[1]), N-p_))}")
R2 = 1 - (u@u)/((CAR-CAR.mean())@(CAR-CAR.mean()))
P(f"R2={f(R2)} adjR2={f(1-(1-R2)*(N-1)/(N-p_))}")


# =====================================================================================
# Generic engine for the supplement and example 2: calendar-indexed returns with NaN for
# missing values, market model per event, windows relative to each event's own day 0.
# Every window's tests use one event set: the events with a valid AR on every day of the
# window (for window (tau,tau) that is "valid on day tau").
# =====================================================================================
EST, EVW = (-12, -1), (0, 2)
KP_MIN_SHARED = 10      # the examples' estimation windows are 12 days; the CLI default is 30


def fit_event(ret, mkt, day0):
    est = [day0 + t for t in range(EST[0], EST[1] + 1)]
    ok = [c for c in est if np.isfinite(ret[c]) and np.isfinite(mkt[c])]
    Xo = np.column_stack([np.ones(len(ok)), mkt[ok]]); y = ret[ok]
    XtXi_ = np.linalg.inv(Xo.T @ Xo); b = XtXi_ @ Xo.T @ y
    e = y - Xo @ b; M = len(ok); dfi = M - 2; s2 = (e @ e) / dfi
    ev = {}
    for tau in range(EVW[0], EVW[1] + 1):
        c = day0 + tau
        if np.isfinite(ret[c]) and np.isfinite(mkt[c]):
            x = np.array([1.0, mkt[c]]); ar = ret[c] - x @ b; hh = x @ XtXi_ @ x
            ev[tau] = dict(cal=c, ar=ar, h=hh, sar=ar / np.sqrt(s2 * (1 + hh)), x=x)
    return dict(day0=day0, b=b, M=M, df=dfi, s2=s2, XtXi=XtXi_, ret=ret, mkt=mkt,
                res={c - day0: r for c, r in zip(ok, e)},     # relative day -> residual
                res_cal={c: r for c, r in zip(ok, e)}, ev=ev, Q=dfi / (dfi - 2))


def car_of(E, t1, t2):
    days = list(range(t1, t2 + 1))
    if any(d not in E['ev'] for d in days):
        return None
    Xs = np.array([E['ev'][d]['x'] for d in days]); g = Xs.sum(0)
    car = sum(E['ev'][d]['ar'] for d in days)
    var = E['s2'] * (len(days) + g @ E['XtXi'] @ g)
    c = [E['ev'][d]['cal'] for d in days]
    bhar = np.prod(1 + E['ret'][c]) - np.prod(1 + E['mkt'][c])
    return dict(car=car, var=var, se=np.sqrt(var), scar=car / np.sqrt(var), bhar=bhar, cal=set(c))


def pvals_t(s, dfv):
    return dict(p=2 * stats.t.sf(abs(s), dfv), p_lower=stats.t.cdf(s, dfv), p_upper=stats.t.sf(s, dfv))


def pvals_n(s):
    return dict(p=2 * stats.norm.sf(abs(s)), p_lower=stats.norm.cdf(s), p_upper=stats.norm.sf(s))


def fmtp(d):
    return " ".join(f"{k}={f(v)}" for k, v in d.items())


def sq_test(E, t1, t2):
    """Gelbach-Helland-Klick style sample-quantile test, rank form: p_lower=(1+#{S_j<=x})/(n_L+1)."""
    L = t2 - t1 + 1; cr = car_of(E, t1, t2)
    if cr is None:
        return None
    rel = sorted(E['res'])
    sums = [sum(E['res'][s + j] for j in range(L)) for s in rel
            if all((s + j) in E['res'] for j in range(L)) and s + L - 1 <= EST[1]]
    sums = np.array(sums); x = cr['car']; nL = len(sums)
    pl = (1 + (sums <= x).sum()) / (nL + 1); pu = (1 + (sums >= x).sum()) / (nL + 1)
    return dict(n_L=nL, sq_p_lower=pl, sq_p_upper=pu, sq_p=min(1.0, 2 * min(pl, pu)))


def rbar_kp(evs, S, t1, t2, min_shared=KP_MIN_SHARED, mode="calendar"):
    L = t2 - t1 + 1; tot = 0.0; npair = 0; parts = []
    for i, j in itertools.combinations(S, 2):
        Ei, Ej = evs[i], evs[j]
        if mode == "calendar":
            sh = sorted(set(Ei['res_cal']) & set(Ej['res_cal']))
            a = np.array([Ei['res_cal'][c] for c in sh]); b_ = np.array([Ej['res_cal'][c] for c in sh])
            wi = set(Ei['day0'] + d for d in range(t1, t2 + 1)); wj = set(Ej['day0'] + d for d in range(t1, t2 + 1))
            cij = len(wi & wj) / L
        else:  # event time: align by relative day, no window weighting
            sh = sorted(set(Ei['res']) & set(Ej['res']))
            a = np.array([Ei['res'][d] for d in sh]); b_ = np.array([Ej['res'][d] for d in sh]); cij = 1.0
        rho = np.corrcoef(a, b_)[0, 1] if len(sh) >= min_shared else 0.0
        parts.append((i, j, len(sh), rho, cij)); tot += rho * cij; npair += 1
    return tot / npair, parts


def u_ranks(values):
    """values: dict key->value for one event; returns dict key->U=K/(T_i+1)-1/2."""
    ks = list(values); K = stats.rankdata([values[k] for k in ks]); Ti = len(ks)
    return {k: K[n] / (Ti + 1) - 0.5 for n, k in enumerate(ks)}


def rank_stat(Us, t1, t2):
    """Us: list of dicts rel_day->U (one per event). Corrado U form with Cowan aggregation."""
    days = sorted(set().union(*[set(u) for u in Us]))
    D = {}
    for t in days:
        vals = [u[t] for u in Us if t in u]
        D[t] = sum(vals) / np.sqrt(len(vals))
    SU = np.sqrt(np.mean([D[t] ** 2 for t in days])); L = t2 - t1 + 1
    stat = sum(D[t] for t in range(t1, t2 + 1)) / (np.sqrt(L) * SU)
    est = np.mean([np.mean([u[t] for u in Us if t in u]) for t in range(t1, t2 + 1)])
    return dict(T=len(days), S_U=SU, stat=stat, estimate=est)


def corrado(evs, S, t1, t2):
    Us = []
    for i in S:
        E = evs[i]; vals = dict(E['res']); vals.update({d: v['ar'] for d, v in E['ev'].items()})
        Us.append(u_ranks(vals))
    return rank_stat(Us, t1, t2)


def corrado_zivney(evs, S, t1, t2):
    sd = {}
    for d in range(EVW[0], EVW[1] + 1):
        v = [evs[i]['ev'][d]['sar'] for i in S if d in evs[i]['ev']]
        if len(v) >= 2:
            sd[d] = np.std(v, ddof=1)
    Us = []
    for i in S:
        E = evs[i]; sig_ = np.sqrt(E['s2'])
        vals = {d: r / sig_ for d, r in E['res'].items()}
        vals.update({d: v['sar'] / sd[d] for d, v in E['ev'].items() if d in sd})
        Us.append(u_ranks(vals))
    r = rank_stat(Us, t1, t2); r['s_tau'] = sd
    return r


def grank(evs, S, t1, t2):
    scar = np.array([car_of(evs[i], t1, t2)['scar'] for i in S]); N_ = len(S)
    S_scar = np.std(scar, ddof=1); star = scar / S_scar; Us = []
    for n, i in enumerate(S):
        E = evs[i]; sig_ = np.sqrt(E['s2'])
        vals = {d: r / sig_ for d, r in E['res'].items()}; vals['CAR'] = star[n]
        Us.append(u_ranks(vals))
    pts = sorted(set().union(*[set(u) for u in Us]), key=lambda x: (isinstance(x, str), x))
    Ubar = {}; Nt = {}
    for t in pts:
        v = [u[t] for u in Us if t in u]; Ubar[t] = np.mean(v); Nt[t] = len(v)
    Tg_ = len(pts); SUb = np.sqrt(sum(Nt[t] / N_ * Ubar[t] ** 2 for t in pts) / Tg_)
    Zg = Ubar['CAR'] / SUb; tg = Zg * np.sqrt((Tg_ - 2) / (Tg_ - 1 - Zg ** 2))
    return dict(S_SCAR=S_scar, U0=[u['CAR'] for u in Us], Ubar0=Ubar['CAR'], S_Ubar=SUb, T=Tg_,
                Nt_lt_N=[t for t in pts if Nt[t] < N_], grank_z=Zg, grank_t=tg, df=Tg_ - 2)


def wilcoxon_exact(x):
    x = np.asarray(x); x = x[x != 0]; n = len(x)
    r = stats.rankdata(np.abs(x)); Wp = r[x > 0].sum()
    r2 = np.rint(2 * r).astype(int); tot = int(r2.sum())
    cnt = np.zeros(tot + 1); cnt[0] = 1.0                 # DP over doubled midranks
    for v in r2:
        cnt[v:] = cnt[v:] + cnt[:-v].copy() if v > 0 else cnt
    prob = cnt / 2.0 ** n; w2 = int(round(2 * Wp))
    pl = prob[:w2 + 1].sum(); pu = prob[w2:].sum()
    ties = np.unique(r, return_counts=True)[1]
    var = n * (n + 1) * (2 * n + 1) / 24 - ((ties ** 3 - ties).sum()) / 48
    z = (Wp - n * (n + 1) / 4) / np.sqrt(var)
    return dict(n=n, W_plus=Wp, Z=z, estimate=Wp / (n * (n + 1) / 2) - 0.5,
                p=min(1.0, 2 * min(pl, pu)), p_lower=pl, p_upper=pu)


def sign_test(x):
    x = np.asarray(x); N_ = len(x); npos = int((x > 0).sum())
    z = (npos - N_ / 2) / np.sqrt(N_ / 4)
    pl = stats.binom.cdf(npos, N_, 0.5); pu = stats.binom.sf(npos - 1, N_, 0.5)
    return dict(n=N_, N_plus=npos, estimate=npos / N_, Z=z, p=min(1.0, 2 * min(pl, pu)), p_lower=pl, p_upper=pu)


def gen_sign(evs, S, x):
    ph = np.mean([np.mean(np.array(list(evs[i]['res'].values())) > 0) for i in S])
    pooled = np.mean(np.concatenate([np.array(list(evs[i]['res'].values())) > 0 for i in S]))
    w = int((np.asarray(x) > 0).sum()); N_ = len(S)
    z = (w - N_ * ph) / np.sqrt(N_ * ph * (1 - ph))
    return dict(phat=ph, phat_pooled_variant=pooled, w=w, estimate=w / N_, Z=z, **pvals_n(z))


def skew_t(b):
    b = np.asarray(b); N_ = len(b); m = b.mean(); sd = b.std(ddof=1)
    Sx = m / sd; gam = ((b - m) ** 3).sum() / (N_ * sd ** 3)
    t = np.sqrt(N_) * (Sx + gam * Sx ** 2 / 3 + gam / (6 * N_))
    return dict(n=N_, estimate=m, S=Sx, gamma=gam, t_sa=t, df=N_ - 1, **pvals_t(t, N_ - 1))


def bw_cda(evs, S, t1, t2, caar):
    days = sorted(set().union(*[set(evs[i]['res']) for i in S]))
    A = [np.mean([evs[i]['res'][d] for i in S if d in evs[i]['res']]) for d in days]
    Sh = np.std(A, ddof=1); L = t2 - t1 + 1; t = caar / (np.sqrt(L) * Sh)
    return dict(S_AAR=Sh, t=t, df=len(days) - 1, **pvals_t(t, len(days) - 1))


def battery(evs, S_all, t1, t2, label):
    S = [i for i in S_all if car_of(evs[i], t1, t2) is not None]
    C = {i: car_of(evs[i], t1, t2) for i in S}; N_ = len(S)
    car = np.array([C[i]['car'] for i in S]); scar = np.array([C[i]['scar'] for i in S])
    Qs = np.array([evs[i]['Q'] for i in S]); caar = car.mean()
    P(f"--- window {t1},{t2} ({label}): event set {S} (n={N_}) ---")
    tcs = caar / (car.std(ddof=1) / np.sqrt(N_))
    P(f"cs_t: estimate(CAAR)={f(caar)} t={f(tcs)} df={N_-1} {fmtp(pvals_t(tcs, N_-1))}")
    P("bw_cda: " + fmtp(bw_cda(evs, S, t1, t2, caar)))
    zp = scar.sum() / np.sqrt(Qs.sum())
    P(f"patell: Q_i={[f(q) for q in Qs]} sum Q={f(Qs.sum())} sum SCAR={f(scar.sum())} Z={f(zp)} {fmtp(pvals_n(zp))}")
    zv = (scar / np.sqrt(Qs)).sum() / np.sqrt(N_)
    P(f"   (old per-event form (1/sqrt N) sum SCAR/sqrt(Q_i), no longer used: {f(zv)})")
    tb = scar.mean() / (scar.std(ddof=1) / np.sqrt(N_))
    P(f"bmp: SCAR={[f(s) for s in scar]} t={f(tb)} df={N_-1} {fmtp(pvals_t(tb, N_-1))}")
    rb, parts = rbar_kp(evs, S, t1, t2)
    for (i, j, nsh, rho, cij) in parts:
        P(f"   pair {i}-{j}: shared est. dates={nsh} rho={f(rho)} c={f(cij)} r={f(rho*cij)}")
    fac = np.sqrt((1 - rb) / (1 + (N_ - 1) * rb)); facp = np.sqrt(1 / (1 + (N_ - 1) * rb))
    P(f"kp: rbar={f(rb)} (min shared {KP_MIN_SHARED}; with the default 30: {f(rbar_kp(evs, S, t1, t2, 30)[0])}; "
      f"event-time variant: {f(rbar_kp(evs, S, t1, t2, mode='event')[0])})")
    P(f"kp_bmp: factor={f(fac)} t={f(tb*fac)} {fmtp(pvals_t(tb*fac, N_-1))}")
    P(f"kp_patell: factor={f(facp)} Z={f(zp*facp)} {fmtp(pvals_n(zp*facp))}")
    c = corrado(evs, S, t1, t2)
    P(f"corrado: T={c['T']} S_U={f(c['S_U'])} estimate={f(c['estimate'])} Z={f(c['stat'])} {fmtp(pvals_n(c['stat']))}")
    cz = corrado_zivney(evs, S, t1, t2)
    P(f"corrado_zivney: s_tau={ {d: f(v) for d, v in cz['s_tau'].items()} } S_U={f(cz['S_U'])} estimate={f(cz['estimate'])} Z={f(cz['stat'])} {fmtp(pvals_n(cz['stat']))}")
    if N_ >= 2:
        g_ = grank(evs, S, t1, t2)
        P(f"grank: S_SCAR={f(g_['S_SCAR'])} U_i0={[f(u) for u in g_['U0']]} Ubar0={f(g_['Ubar0'])} S_Ubar={f(g_['S_Ubar'])} "
          f"T={g_['T']} points with N_t<N={g_['Nt_lt_N']}")
        P(f"   grank_t={f(g_['grank_t'])} df={g_['df']} {fmtp(pvals_t(g_['grank_t'], g_['df']))}")
        P(f"   grank_z={f(g_['grank_z'])} {fmtp(pvals_n(g_['grank_z']))}")
    st = sign_test(car); P("sign: " + fmtp(st))
    P("gen_sign: " + fmtp(gen_sign(evs, S, car)))
    P("wilcoxon: " + fmtp(wilcoxon_exact(car)))
    bh = np.array([C[i]['bhar'] for i in S])
    if N_ >= 3:
        P(f"skew_t (BHAR vs market): BHAR={[f(x) for x in bh]} " + fmtp(skew_t(bh)))


# ----------------------------- Example 1 supplement ---------------------------------
P("\n=== Example 1 supplement (same data as above; generic engine) ===")
mkt1 = np.concatenate([Rm_est, Rm_evt])
ev1 = {n: fit_event(np.concatenate(firms[n]), mkt1, 12) for n in names}
assert all(abs(car_of(ev1[n], 0, 2)['scar'] - R[n]['car'] / np.sqrt(R[n]['var_car_c'])) < 1e-12 for n in names)
Zs = np.array([(E_ - E_.mean()) / E_.std(ddof=1) for E_ in E])      # standardized residuals, N x T
Ssum = Zs.sum(0); rbar_fast = (Ssum @ Ssum / (L1 - 1) - N) / (N * (N - 1))
P(f"rbar by O(N*T) identity: Var_t(sum_i z_it)={f(Ssum @ Ssum / (L1 - 1))} rbar={f(rbar_fast)} (pairwise: {f(rbar)})")
for n in ["A"]:
    for (t1, t2) in [(0, 0), (0, 2)]:
        P(f"sq {n} window {t1},{t2}: " + fmtp(sq_test(ev1[n], t1, t2)))
for (t1, t2) in [(0, 0), (0, 2)]:
    battery(ev1, names, t1, t2, "example 1")

# ----------------------------- Example 2 ---------------------------------------------
P("\n=== Example 2 (calendar d1..d16; unequal M, a missing AR, a staggered event, two stages of firm A) ===")
nan = np.nan
mkt2 = np.concatenate([Rm_est, Rm_evt, [-0.004]])
ret2 = {"A": np.concatenate([*firms["A"], [-0.012]]),
        "B": np.concatenate([*firms["B"], [nan]]),
        "C": np.concatenate([*firms["C"], [-0.009]]),
        "D": np.concatenate([*firms["D"], [nan]])}
ret2["B"][4] = nan      # d5: B has no return -> M_B = 11
ret2["D"][13] = nan     # d14: D's day-1 return missing -> D has no CAR(0,2)
P("calendar returns (d1..d16; nan = missing):")
P("  Rm = " + str([f(x) for x in mkt2]))
for n_ in "ABCD":
    P(f"  {n_}  = " + str([f(x) for x in ret2[n_]]))
# events: (event_id, firm, stage, day0 calendar index (0-based: d13 -> 12))
events2 = [("E1", "A", "confirmation", 12), ("E2", "B", "confirmation", 12), ("E3", "C", "confirmation", 13),
           ("E4", "D", "confirmation", 12), ("E5", "A", "scope", 13)]


def primary_set(evlist, primary_stage=None):
    """One event per firm among events whose event windows overlap (connected components)."""
    keep, dropped = [], []
    for firm in sorted(set(e[1] for e in evlist)):
        fe = sorted([e for e in evlist if e[1] == firm], key=lambda e: (e[3], evlist.index(e)))
        comps, cur, cur_end = [], [], None
        for e in fe:
            s_, t_ = e[3] + EVW[0], e[3] + EVW[1]
            if cur and s_ <= cur_end:
                cur.append(e); cur_end = max(cur_end, t_)
            else:
                if cur: comps.append(cur)
                cur, cur_end = [e], t_
        comps.append(cur)
        for comp in comps:
            pick = next((e for e in comp if primary_stage and e[2] == primary_stage), comp[0])
            keep.append(pick[0]); dropped += [e[0] for e in comp if e is not pick]
    return sorted(keep), sorted(dropped)


ev2 = {eid: fit_event(ret2[firm], mkt2, d0) for (eid, firm, st_, d0) in events2}
P("per event (market model, estimation -12,-1, event window 0,2):")
for eid, E_ in ev2.items():
    P(f"{eid}: day0=d{E_['day0']+1} M={E_['M']} df={E_['df']} Q={f(E_['Q'])} alpha={f(E_['b'][0])} beta={f(E_['b'][1])} s2={f(E_['s2'])} "
      f"AR={ {d: f(v['ar']) for d, v in E_['ev'].items()} } SAR={ {d: f(v['sar']) for d, v in E_['ev'].items()} }")
P("car.csv rows, window 0,2 (single-event t with exact variance; sq = rank-form sample-quantile test):")
for eid, E_ in ev2.items():
    cr = car_of(E_, 0, 2); nd = sum(1 for d in range(0, 3) if d in E_['ev'])
    if cr is None:
        P(f"{eid}: car=NA (window incomplete) n_days={nd}"); continue
    t_ = cr['car'] / cr['se']
    P(f"{eid}: car={f(cr['car'])} se={f(cr['se'])} t={f(t_)} df={E_['df']} {fmtp(pvals_t(t_, E_['df']))} bhar={f(cr['bhar'])} n_days={nd}")
    P(f"     sq(0,2): " + fmtp(sq_test(E_, 0, 2)) + " | sq(0,0): " + fmtp(sq_test(E_, 0, 0)))
keep, dropped = primary_set(events2)
P(f"stage rule (default, earliest day 0): kept={keep} single-event only={dropped}")
keep_s, dropped_s = primary_set(events2, "scope")
P(f"stage rule (--primary-stage scope): kept={keep_s} single-event only={dropped_s}")
for (t1, t2) in [(0, 0), (1, 1), (0, 2)]:
    battery(ev2, keep, t1, t2, "example 2, default stage rule")
S_s = [i for i in keep_s if car_of(ev2[i], 0, 2) is not None]
cs_ = np.array([car_of(ev2[i], 0, 2)['car'] for i in S_s])
P(f"--primary-stage scope, window 0,2: set={S_s} CAAR={f(cs_.mean())} cs_t={f(cs_.mean()/(cs_.std(ddof=1)/np.sqrt(len(cs_))))}")
P("\n=== Wilcoxon with ties (exact over actual midranks) ===")
xt = np.array([-0.02, -0.01, 0.01, -0.03, -0.005])
P(f"x={list(xt)} ranks of |x|={list(stats.rankdata(np.abs(xt)))} " + fmtp(wilcoxon_exact(xt)))
