#!/usr/bin/env bash
# eventstudy against the numpy/pandas reference (bench/reference/eventstudy_ref.py) on one
# panel, in one sitting: the two alternate RUNS times, and the medians of wall time, CPU time
# (user + sys) and peak RSS are compared. See bench/README.md, "numpy/pandas reference".
#
# Environment (all optional):
#   BENCH_DIR    panel directory (prices.csv, market.csv, events.csv); when it holds none, or
#                one made with other flags, eventstudy-gen writes one there (default: a temp dir)
#   SECURITIES DAYS EVENTS SEED   generator flags (default 2000 5000 10000 1, the 10M panel)
#   EVENTSTUDY   the eventstudy binary to time (default: build ./cmd/eventstudy)
#   PYTHON       a python with numpy, pandas and scipy (default: python3 when it imports
#                them, else /usr/bin/python3, Debian's python3-numpy/-pandas/-scipy)
#   RUNS         runs of each program (default 3)
#   OPENBLAS_NUM_THREADS  threads of numpy's BLAS (default 1: the reference is single-threaded
#                but for KP's matrix products, where OpenBLAS's spinning threads cost 60 % more
#                CPU for little wall time on 2 cores)
#   NICE         niceness of both programs (default 0; 10 on a shared machine)
#   CHECK        1 (default) compares the last outputs with bench/reference/check_ref.py
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-3}
nice=${NICE:-0}
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
flags="-securities ${SECURITIES:-2000} -days ${DAYS:-5000} -events ${EVENTS:-10000} -seed ${SEED:-1} -abnormal 0"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=${BENCH_DIR:-$tmp/data}

if [[ ! -x /usr/bin/time ]]; then
	echo "compare: /usr/bin/time is missing (peak RSS); install it: apt-get install -y time" >&2
	exit 2
fi
py=${PYTHON:-}
if [[ -z $py ]]; then
	py=/usr/bin/python3
	if python3 -c 'import numpy, pandas, scipy' 2>/dev/null; then py=python3; fi
fi
if ! "$py" -c 'import numpy, pandas, scipy' 2>/dev/null; then
	echo "compare: $py lacks numpy, pandas or scipy: apt-get install -y python3-numpy python3-pandas python3-scipy" >&2
	exit 2
fi

if [[ -n ${EVENTSTUDY:-} ]]; then
	es=$(command -v "$EVENTSTUDY")
else
	(cd "$root" && go build -o "$tmp/eventstudy" ./cmd/eventstudy)
	es=$tmp/eventstudy
fi
stamp=$data/.eventstudy-gen-flags
if [[ -f $stamp && $(<"$stamp") == "$flags" && -f $data/prices.csv && -f $data/market.csv && -f $data/events.csv ]]; then
	echo "panel $data (generated with: $flags)"
elif [[ -z ${SECURITIES:-}${DAYS:-}${EVENTS:-}${SEED:-} && -f $data/prices.csv && -f $data/market.csv && -f $data/events.csv ]]; then
	echo "panel $data (generated with: $(cat "$stamp" 2>/dev/null || echo unknown flags))"
else
	echo "generating $data: eventstudy-gen $flags"
	(cd "$root" && go build -o "$tmp/eventstudy-gen" ./cmd/eventstudy-gen)
	mkdir -p "$data"
	# shellcheck disable=SC2086 # flags are words on purpose
	"$tmp/eventstudy-gen" $flags -out "$data"
	echo "$flags" >"$stamp"
fi
echo "prices.csv $(stat -L -c %s "$data/prices.csv") bytes, $(($(wc -l <"$data/prices.csv") - 1)) rows;" \
	"$(($(wc -l <"$data/events.csv") - 1)) events"
echo "eventstudy: $es"
echo "OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS"
echo "reference:  $py bench/reference/eventstudy_ref.py ($("$py" -c 'import sys, numpy, pandas, scipy; print("python", sys.version.split()[0], "numpy", numpy.__version__, "pandas", pandas.__version__, "scipy", scipy.__version__)'))"
# Warm the page cache so both measure CPU, not the disk.
cat "$data/prices.csv" "$data/market.csv" "$data/events.csv" >/dev/null

# one NAME OUT CMD... runs CMD under /usr/bin/time and appends "NAME wall cpu rss_kib faults"
# to $tmp/times; eventstudy's exit code 1 (some events excluded) counts as a result.
one() {
	local name=$1 out=$2
	shift 2
	rm -rf "$out"
	local rc=0
	nice -n "$nice" /usr/bin/time -f "%e %U %S %M %R" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || rc=$?
	if ((rc > 1)); then
		echo "compare: $name failed (exit $rc):" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	read -r wall user sys rss faults < <(tail -1 "$tmp/t")
	printf '%-10s %8.2f %8.2f %8.2f %8.2f %9.0f %10d\n' "$name" "$wall" "$user" "$sys" \
		"$(echo "$user $sys" | awk '{print $1 + $2}')" "$((rss / 1024))" "$faults"
	echo "$name $wall $(echo "$user $sys" | awk '{print $1 + $2}') $rss $faults" >>"$tmp/times"
}

printf '%-10s %8s %8s %8s %8s %9s %10s\n' program wall_s user_s sys_s cpu_s rss_MiB minflt
for ((i = 1; i <= runs; i++)); do
	one eventstudy "$tmp/es" "$es" run --events "$data/events.csv" --prices "$data/prices.csv" \
		--market "$data/market.csv" --model market -o "$tmp/es" --quiet
	one reference "$tmp/ref" "$py" "$root/bench/reference/eventstudy_ref.py" --events "$data/events.csv" \
		--prices "$data/prices.csv" --market "$data/market.csv" -o "$tmp/ref"
done

# Medians per program (the middle run; the lower middle for an even count) and their ratios.
awk '
function med(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return a[int((n + 1) / 2)]
}
{ n[$1]++; w[$1, n[$1]] = $2; c[$1, n[$1]] = $3; r[$1, n[$1]] = $4; f[$1, n[$1]] = $5 }
END {
	for (k = 1; k <= 2; k++) {
		p = k == 1 ? "eventstudy" : "reference"
		for (i = 1; i <= n[p]; i++) { ww[i] = w[p, i]; cc[i] = c[p, i]; rr[i] = r[p, i]; ff[i] = f[p, i] }
		W[p] = med(ww, n[p]); C[p] = med(cc, n[p]); R[p] = med(rr, n[p]); F[p] = med(ff, n[p])
		printf "median %-10s wall %7.2f s  cpu %7.2f s  peak RSS %6.0f MiB  minor faults %d  (%d runs)\n", p, W[p], C[p], R[p] / 1024, F[p], n[p]
	}
	printf "reference / eventstudy: wall %.1fx  cpu %.1fx  peak RSS %.1fx\n", W["reference"] / W["eventstudy"], C["reference"] / C["eventstudy"], R["reference"] / R["eventstudy"]
}' "$tmp/times"

if [[ ${CHECK:-1} == 1 ]]; then
	echo "== check_ref.py: reference outputs against eventstudy's"
	"$py" "$root/bench/reference/check_ref.py" "$tmp/ref" "$tmp/es"
fi
