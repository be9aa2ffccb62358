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

fuzztime=${FUZZTIME:-5s}
echo "== fuzz ($fuzztime each)"
grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do
  pkg=./$(dirname "${f#./}")
  for fn in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "-- $pkg $fn"
    go test -run='^$' -fuzz="^${fn}\$" -fuzztime="$fuzztime" "$pkg" > /tmp/fuzz-$fn.log 2>&1 || { cat /tmp/fuzz-$fn.log; exit 1; }
    tail -1 /tmp/fuzz-$fn.log
  done
done
echo "all tests passed"
