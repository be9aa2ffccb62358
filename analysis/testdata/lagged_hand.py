from fractions import Fraction as F
import math
rm=[0.010,-0.005,0.002,0.007,-0.012,0.004,0.000,0.015,-0.008,0.003,-0.002,0.006,0.004,-0.010,0.001,-0.004]
A=[0.026,-0.018,0.012,-0.006,-0.017,0.017,-0.010,0.033,-0.005,0.012,-0.008,0.002,-0.035,-0.020,0.004,-0.012]
rm=[F(str(v)) for v in rm]; A=[F(str(v)) for v in A]
def slope(y,x):
    n=len(x); sx=sum(x); sy=sum(y); sxy=sum(a*b for a,b in zip(x,y)); sxx=sum(a*a for a in x)
    return (n*sxy-sx*sy)/(n*sxx-sx*sx)
def solve(M,b):
    n=len(b); M=[row[:]+[b[i]] for i,row in enumerate(M)]
    for c in range(n):
        p=next(r for r in range(c,n) if M[r][c]!=0); M[c],M[p]=M[p],M[c]
        for r in range(n):
            if r!=c:
                f=M[r][c]/M[c][c]; M[r]=[a-f*bb for a,bb in zip(M[r],M[c])]
    return [M[i][n]/M[i][i] for i in range(n)]
def finish(name,beta,ts):
    y=[A[t] for t in ts]; x=[rm[t] for t in ts]; M=len(ts)
    ybar=sum(y)/M; xbar=sum(x)/M
    alpha=ybar-beta*xbar
    res=[a-alpha-beta*b for a,b in zip(y,x)]
    sse=sum(r*r for r in res); sst=sum((a-ybar)**2 for a in y)
    s2=sse/(M-2); sxx=sum((b-xbar)**2 for b in x)
    print(name,"M",M,"beta",float(beta),"alpha",float(alpha),"sigma2",float(s2),"r2",float(1-sse/sst))
    for j in range(3):
        t=12+j; ar=A[t]-alpha-beta*rm[t]; h=F(1,M)+(rm[t]-xbar)**2/sxx
        print("  tau",j,"AR",float(ar),"h",float(h),"SAR",float(ar)/math.sqrt(float(s2)*(1+float(h))))
ts=list(range(1,12))
y=[A[t] for t in ts]
lag=[rm[t-1] for t in ts]; same=[rm[t] for t in ts]; lead=[rm[t+1] for t in ts]
# rho: Pearson corr of same with lag
n=len(ts); 
def corr(x,y):
    xb=sum(x)/n; yb=sum(y)/n
    sxy=sum((a-xb)*(b-yb) for a,b in zip(x,y)); sxx=sum((a-xb)**2 for a in x); syy=sum((b-yb)**2 for b in y)
    return float(sxy)/math.sqrt(float(sxx*syy))
rho=corr(same,lag)
bsw=(float(slope(y,lag)+slope(y,same)+slope(y,lead)))/(1+2*rho)
print("b-1",float(slope(y,lag)),"b0",float(slope(y,same)),"b+1",float(slope(y,lead)),"rho",rho)
finish("SW",F(bsw),ts)
def dimson(L,Ld):
    ts=[t for t in range(0,12) if t-L>=0]
    cols=[[F(1)]*len(ts)]+[[rm[t+k] for t in ts] for k in range(-L,Ld+1)]
    y=[A[t] for t in ts]
    XtX=[[sum(a*b for a,b in zip(ci,cj)) for cj in cols] for ci in cols]
    Xty=[sum(a*b for a,b in zip(ci,y)) for ci in cols]
    b=solve(XtX,Xty)
    print("dimson",L,Ld,"slopes",[float(v) for v in b[1:]])
    finish("Dimson%d%d"%(L,Ld),sum(b[1:]),ts)
dimson(1,1); dimson(2,0); dimson(0,0)
