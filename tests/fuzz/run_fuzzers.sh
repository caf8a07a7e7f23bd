#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang++, no libtorch) and runs each for SECONDS (default 600),
# one after another, from its seed corpus (tests/fuzz/corpus/<target>/, copied to build-fuzz/corpus so the
# committed seeds stay small). Prints executions and coverage per target; exits non-zero if any target found a
# crash, leak or sanitizer report (the reproducer is left in build-fuzz/artifacts/<target>/).
#   tests/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${1:-600}
shift || true
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}

cmake -S . -B "$BUILD" -G Ninja -DLNC_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -Wno-dev >"$BUILD.cmake.log" 2>&1 || { cat "$BUILD.cmake.log"; exit 1; }
targets=("$@")
ninja -C "$BUILD" -j"${FUZZ_JOBS:-2}" "${targets[@]}" || exit 1

if ((${#targets[@]} == 0)); then
  for f in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

# detect_leaks stays on: a leak on an error path is a finding. UBSan aborts (built with -fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
printf '%-28s %8s %12s %10s %8s %8s %s\n' target seconds execs exec/s cov ft result
for t in "${targets[@]}"; do
  work="$BUILD/corpus/$t"; art="$BUILD/artifacts/$t/"
  mkdir -p "$work" "$art"
  cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null
  # Inputs up to FUZZ_MAX_LEN (8 KiB) bytes, or the largest seed (binary seeds: SQLite, HDF5) so none is cut.
  max_len=$(find "$work" -type f -printf '%s\n' | sort -n | tail -1)
  max_len=$(( ${max_len:-0} > ${FUZZ_MAX_LEN:-8192} ? max_len : ${FUZZ_MAX_LEN:-8192} ))
  log="$BUILD/logs/$t.log"; mkdir -p "$(dirname "$log")"
  # -rss_limit_mb: HDF5/HTSlib allocate what a header claims; 2 GB is the budget for one input.
  "$BUILD/$t" "$work" -max_total_time="$SECONDS_PER_TARGET" -artifact_prefix="$art" -print_final_stats=1 \
    -rss_limit_mb=2048 -timeout=25 -max_len="$max_len" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  result=ok; ((rc == 0)) || { result="FAILED rc=$rc (see $log, $art)"; failed=1; }
  printf '%-28s %8s %12s %10s %8s %8s %s\n' "$t" "$SECONDS_PER_TARGET" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}" "$result"
done
exit $failed
