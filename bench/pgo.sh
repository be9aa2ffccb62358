#!/usr/bin/env bash
# Refresh cmd/eventstudy/default.pgo, the CPU profile the Go toolchain uses
# for profile-guided optimization of the eventstudy binary (go build, go
# install and go run pick it up by themselves). The profile is three runs
# of the research-scale benchmark (bench/README.md) merged; refresh it after
# changing a hot path. Data are generated into BENCH_DIR (default a temp
# dir) unless they are there from bench/run.sh with the default flags.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=${BENCH_DIR:-$tmp/data}
flags="-securities 2000 -days 5000 -events 10000 -seed 1 -abnormal 0"

cd "$root"
# Profile a binary built without the current profile, so that the new one
# describes the code as written.
go build -pgo=off -o "$tmp/eventstudy" ./cmd/eventstudy
if [[ ! -f $data/.eventstudy-gen-flags || $(<"$data/.eventstudy-gen-flags") != "$flags" ]]; then
	mkdir -p "$data"
	go run ./cmd/eventstudy-gen $flags -out "$data"
	echo "$flags" >"$data/.eventstudy-gen-flags"
fi
for i in 1 2 3; do
	EVENTSTUDY_CPUPROFILE=$tmp/cpu$i.prof "$tmp/eventstudy" run --events "$data/events.csv" \
		--prices "$data/prices.csv" --market "$data/market.csv" --model market --tests all \
		-o "$tmp/out" --quiet || [[ $? == 1 ]]
done
go tool pprof -proto "$tmp"/cpu1.prof "$tmp"/cpu2.prof "$tmp"/cpu3.prof >cmd/eventstudy/default.pgo
echo "wrote cmd/eventstudy/default.pgo ($(wc -c <cmd/eventstudy/default.pgo) bytes)"
