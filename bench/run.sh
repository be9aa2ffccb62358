#!/usr/bin/env bash
# Research-scale benchmark: a 2000-security x 5000-day price panel (~10M rows)
# with 10,000 events, end to end through `eventstudy run`, compared with the
# floor of reading the file at all (`wc -l`). See bench/README.md.
#
# Environment (all optional):
#   BENCH_DIR      data directory; reused when it holds data made with the same flags
#   BENCH_OUT      results directory of eventstudy (default: a temp dir, removed at exit)
#   SCALE          10m (default: 2000 x 5000, 10,000 events) or 100m (the CRSP-sized
#                  case of issue 24: 10,000 securities x 10,000 days, 100,000 events,
#                  a 2.8 GB prices.csv; the generator takes about 25 s)
#   SECURITIES DAYS EVENTS SEED ABNORMAL   generator flags (default: SCALE's)
#   SEASON         cluster the events as earnings dates do: every day 0 in the first
#                  SEASON trading days of a quarter (eventstudy-gen -season; default 0,
#                  uniform). The KP r̄'s overlapping pairs grow with the events per
#                  season squared: SEASON=20 EVENTS=144000 is the clustered case of
#                  bench/README.md.
#   RUNS           timed eventstudy runs, best reported (default 3)
#   MARKET         value of --market (default: the path of market.csv)
#   TESTS          value of --tests (default: all)
#   EVENTSTUDY     an eventstudy binary to time instead of building ./cmd/eventstudy
#   FORMAT         csv (default) or parquet: the panel eventstudy reads (prices.parquet,
#                  written by eventstudy-gen -format parquet beside prices.csv; wc -l
#                  still times prices.csv, the floor of reading the same rows as text)
#   PROFILE        write a CPU profile of the first run there (EVENTSTUDY_CPUPROFILE);
#                  read it with `go tool pprof -top -cum PROFILE`
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ${SCALE:-10m} in
10m) def_sec=2000 def_days=5000 def_events=10000 ;;
100m) def_sec=10000 def_days=10000 def_events=100000 ;;
*)
	echo "bench: SCALE must be 10m or 100m, not ${SCALE}" >&2
	exit 2
	;;
esac
securities=${SECURITIES:-$def_sec}
days=${DAYS:-$def_days}
events=${EVENTS:-$def_events}
seed=${SEED:-1}
abnormal=${ABNORMAL:-0}
runs=${RUNS:-3}
tests=${TESTS:-all}
format=${FORMAT:-csv}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=$tmp/bin
data=${BENCH_DIR:-$tmp/data}
out=${BENCH_OUT:-$tmp/out}
market=${MARKET:-$data/market.csv}

if [[ ! -x /usr/bin/time ]]; then
	echo "bench: /usr/bin/time is missing (peak RSS); install it: apt-get install -y time" >&2
	exit 2
fi

# now sets NOW to the wall clock in microseconds (bash 5 EPOCHREALTIME; no
# subshell, so the timer adds no fork to what it measures).
now() {
	local t=${EPOCHREALTIME/[.,]/}
	NOW=$((10#$t))
}

# secs US prints microseconds as seconds with 3 decimals (integer arithmetic only).
secs() {
	local ms=$(($1 / 1000))
	printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

# ratio A B prints A/B with 2 decimals.
ratio() {
	local r=$(($1 * 100 / $2))
	printf '%d.%02d' $((r / 100)) $((r % 100))
}

echo "== build"
(cd "$root" && go build -o "$bin/eventstudy-gen" ./cmd/eventstudy-gen)
if [[ -n ${EVENTSTUDY:-} ]]; then
	ln -s "$(command -v "$EVENTSTUDY")" "$bin/eventstudy"
elif ! (cd "$root" && go build -o "$bin/eventstudy" ./cmd/eventstudy); then
	echo "bench: cmd/eventstudy does not build; generating data and timing wc -l only" >&2
	rm -f "$bin/eventstudy"
fi

echo "== data ($data)"
flags="-securities $securities -days $days -events $events -seed $seed -abnormal $abnormal"
if ((${SEASON:-0} > 0)); then flags+=" -season $SEASON"; fi
stamp=$data/.eventstudy-gen-flags
if [[ -f $stamp && $(<"$stamp") == "$flags" && -f $data/prices.csv && -f $data/market.csv && -f $data/events.csv ]]; then
	echo "reusing data generated with: $flags"
else
	mkdir -p "$data"
	now
	t0=$NOW
	# shellcheck disable=SC2086 # flags are words on purpose
	"$bin/eventstudy-gen" $flags -out "$data"
	now
	echo "generator wall time: $(secs $((NOW - t0))) s"
	echo "$flags" >"$stamp"
fi
prices=$data/prices.csv
if [[ $format == parquet ]]; then
	pstamp=$data/.eventstudy-gen-flags-parquet
	if [[ -f $pstamp && $(<"$pstamp") == "$flags" && -f $data/prices.parquet ]]; then
		echo "reusing prices.parquet generated with: $flags"
	else
		now
		t0=$NOW
		# Written beside, then only prices.parquet moved in: the CSV files
		# other runs read are never rewritten (the generator needs about
		# 40 MB whatever the panel's size: one row group at a time).
		# shellcheck disable=SC2086 # flags are words on purpose
		"$bin/eventstudy-gen" $flags -format parquet -quiet -out "$tmp/parquet"
		mv "$tmp/parquet/prices.parquet" "$data/prices.parquet"
		now
		echo "generator (parquet) wall time: $(secs $((NOW - t0))) s"
		echo "$flags" >"$pstamp"
	fi
	prices=$data/prices.parquet
elif [[ $format != csv ]]; then
	echo "bench: FORMAT=$format: must be csv or parquet" >&2
	exit 2
fi

# Warm the page cache so both timings below measure CPU, not the disk.
cat "$prices" "$data/prices.csv" "$data/market.csv" "$data/events.csv" >/dev/null

bytes=$(stat -L -c %s "$prices")
lines=$(wc -l <"$data/prices.csv")
rows=$((lines - 1))
nevents=$(($(wc -l <"$data/events.csv") - 1))
echo "input: $(basename "$prices") $bytes bytes, $rows rows; events.csv $nevents events"

best_wc=
for _ in 1 2 3; do
	now
	t0=$NOW
	wc -l "$data/prices.csv" >/dev/null
	now
	dt=$((NOW - t0))
	if [[ -z $best_wc || $dt -lt $best_wc ]]; then best_wc=$dt; fi
done
echo "wc -l prices.csv (best of 3): $(secs "$best_wc") s"

if [[ ! -x $bin/eventstudy ]]; then
	exit 1
fi

cmd=("$bin/eventstudy" run --events "$data/events.csv" --prices "$prices" --market "$market"
	--model market --tests "$tests" -o "$out" --quiet)
echo "== eventstudy (best of $runs): ${cmd[*]}"
best=
rss=0
for ((i = 1; i <= runs; i++)); do
	rm -rf "$out"
	code=0
	now
	t0=$NOW
	prof=
	if ((i == 1)); then prof=${PROFILE:-}; fi
	EVENTSTUDY_TIMINGS=1 EVENTSTUDY_CPUPROFILE=$prof /usr/bin/time -v -o "$tmp/time.txt" "${cmd[@]}" >"$tmp/stdout.txt" 2>"$tmp/stderr.txt" || code=$?
	now
	dt=$((NOW - t0))
	# Exit 1 means the study ran with some events excluded (still a result).
	if ((code > 1)); then
		echo "bench: eventstudy exited $code" >&2
		cat "$tmp/stderr.txt" >&2
		exit 1
	fi
	user= sys=
	while IFS= read -r line; do
		if [[ $line =~ Maximum\ resident\ set\ size\ \(kbytes\):\ ([0-9]+) ]]; then
			((BASH_REMATCH[1] > rss)) && rss=${BASH_REMATCH[1]}
		elif [[ $line =~ User\ time\ \(seconds\):\ ([0-9.]+) ]]; then
			user=${BASH_REMATCH[1]}
		elif [[ $line =~ System\ time\ \(seconds\):\ ([0-9.]+) ]]; then
			sys=${BASH_REMATCH[1]}
		fi
	done <"$tmp/time.txt"
	echo "run $i: $(secs "$dt") s wall, $user s user, $sys s sys (exit $code)"
	if [[ -z $best || $dt -lt $best ]]; then
		best=$dt best_cpu="$user s user, $sys s sys"
		grep '^timing ' "$tmp/stderr.txt" >"$tmp/phases.txt" || true
	fi
done

echo "== result"
echo "input bytes:          $bytes"
echo "input rows:           $rows"
echo "events:               $nevents"
echo "wc -l (best of 3):    $(secs "$best_wc") s"
echo "eventstudy (best):    $(secs "$best") s ($best_cpu)"
echo "ratio eventstudy/wc:  $(ratio "$best" "$best_wc")"
echo "peak RSS:             $((rss / 1024)) MiB ($rss KiB)"
echo "events per second:    $((nevents * 1000000 / best))"
echo "rows per second:      $((rows * 1000000 / best))"

# The phases of the best run, each against wc -l: "prices" (reading,
# checking and hashing the price file, which every run must do) is the
# floor of the end-to-end time.
if [[ -s $tmp/phases.txt ]]; then
	echo "== phases of the best run (EVENTSTUDY_TIMINGS; x wc -l)"
	while read -r _ rest; do
		if [[ $rest =~ ^(.*[^ ])\ +([0-9]+)\.([0-9]{3})\ s(.*)$ ]]; then
			us=$(((10#${BASH_REMATCH[2]} * 1000 + 10#${BASH_REMATCH[3]}) * 1000))
			printf '%-22s %s s %6sx%s\n' "${BASH_REMATCH[1]}" "$(secs "$us")" "$(ratio "$us" "$best_wc")" "${BASH_REMATCH[4]}"
		fi
	done <"$tmp/phases.txt"
fi
