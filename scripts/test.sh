#!/usr/bin/env bash
# The project's test command (README): vet, every unit/integration/browser
# test, then each fuzz target briefly (FUZZTIME, default 5s) on its
# committed seed corpus plus fresh inputs.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...
echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted"
  exit 1
fi

echo "== go test"
go test -count=1 ./...

echo "== bench/reference (python unittest)"
if ! /usr/bin/python3 -c 'import numpy, pandas, scipy' >/dev/null 2>&1; then
  echo "the numpy/pandas reference's tests need python3 with numpy, pandas and scipy:"
  echo "apt-get install python3-numpy python3-pandas python3-scipy (.ci/run does)"
  exit 1
fi
/usr/bin/python3 -m unittest discover -s bench/reference -p 'test_*.py'

fuzztime=${FUZZTIME:-8s}
echo "== fuzz ($fuzztime each)"
log=$(mktemp)
# fuzz runs one target; a failure with a failing input fails the script.
# Go's engine sometimes reports "context deadline exceeded" when -fuzztime
# ends while its workers are still starting (a loaded machine), without any
# failing input; that is retried (up to three times) with a longer time.
fuzz() {
  local pkg=$1 fn=$2 t=$3
  go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$t" "$pkg" > "$log" 2>&1
}
grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do
  pkg=./$(dirname "${f#./}")
  for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "-- $pkg $fn"
    t=$fuzztime
    for attempt in 1 2 3 4; do
      fuzz "$pkg" "$fn" "$t" && break
      if [ "$attempt" -lt 4 ] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input' "$log"; then
        echo "   engine deadline without a failing input; retrying with 30s"
        t=30s
        continue
      fi
      cat "$log"
      exit 1
    done
    tail -1 "$log"
  done
done
rm -f "$log"
echo "all tests passed"
