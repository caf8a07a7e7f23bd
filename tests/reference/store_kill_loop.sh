#!/usr/bin/env bash
# Runs the store kill test N times (default 20), each with a fresh random kill moment; outside CI.
#   tests/reference/store_kill_loop.sh [N] [BUILD_DIR]
set -uo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20}
BUILD=${2:-build}
pass=0
for i in $(seq 1 "$N"); do
  out=$("$BUILD/lnctrain_tests" --gtest_filter='ResultsStoreKill.*' 2>&1)
  if [[ $? -eq 0 ]]; then
    pass=$((pass + 1))
    echo "iteration $i: ok: $(grep -o 'store kill: .*' <<<"$out")"
  else
    echo "iteration $i: FAILED"
    echo "$out" | tail -30
  fi
done
echo "store kill loop: $pass/$N passed"
[[ $pass -eq $N ]]
