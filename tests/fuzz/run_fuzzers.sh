#!/usr/bin/env bash
# Builds the libFuzzer targets (build-fuzz/, clang++, no libtorch except pytorch_bin_fuzz) and runs each for
# SECONDS (default 600) from its seed corpus (tests/fuzz/corpus/<target>/, copied to build-fuzz/corpus so the
# committed seeds stay small), FUZZ_PARALLEL targets at a time (default 1). Each target is built just before it
# runs (one ninja at a time, under a lock), so a fix made while earlier targets run is in the later ones. Prints
# executions and coverage per target (also left in build-fuzz/logs/<target>.result); exits non-zero if any target
# found a crash, leak or sanitizer report (the reproducer is left in build-fuzz/artifacts/<target>/).
#   tests/fuzz/run_fuzzers.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${1:-600}
shift || true
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}

# The PyPI torch prefix, if python3 has torch: only pytorch_bin_fuzz links libtorch (the rest build without it).
TORCH_PREFIX=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)
cmake -S . -B "$BUILD" -G Ninja -DLNC_FUZZ=ON -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -Wno-dev >"$BUILD.cmake.log" 2>&1 ||
  { cat "$BUILD.cmake.log"; exit 1; }
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

# detect_leaks stays on: a leak on an error path is a finding. UBSan aborts (built with -fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside third-party libraries that lnctrain cannot release (each entry documented in the file).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan_suppressions.txt:print_suppressions=0}
mkdir -p "$BUILD/logs"

run_one() {
  local t=$1 work="$BUILD/corpus/$1" art="$BUILD/artifacts/$1/" log="$BUILD/logs/$1.log" rc execs rate cov ft result
  if ! flock "$BUILD/.ninja.lock" ninja -C "$BUILD" -j"${FUZZ_JOBS:-2}" "$t" >"$BUILD/logs/$t.build.log" 2>&1; then
    printf '%-28s %8s %12s %10s %8s %8s %s\n' "$t" - - - - - "BUILD FAILED ($BUILD/logs/$t.build.log)" |
      tee "$BUILD/logs/$t.result"
    return 1
  fi
  mkdir -p "$work" "$art"
  cp -n tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null
  # Inputs up to FUZZ_MAX_LEN (8 KiB) bytes, or the largest seed (binary seeds: SQLite, HDF5, zip) so none is cut.
  local max_len
  max_len=$(find "$work" -type f -printf '%s\n' | sort -n | tail -1)
  max_len=$(( ${max_len:-0} > ${FUZZ_MAX_LEN:-8192} ? max_len : ${FUZZ_MAX_LEN:-8192} ))
  # libhdf5 has no frame pointers: the fast unwinder stops at its first frame, so the HDF5 leak suppression
  # (named by the function inside libhdf5) needs the slow unwinder on malloc in the HDF5 target.
  local asan=$ASAN_OPTIONS
  [[ $t == token_store_fuzz ]] && asan+=:fast_unwind_on_malloc=0
  # -rss_limit_mb: HDF5/HTSlib allocate what a header claims; 2 GB is the budget for one input.
  ASAN_OPTIONS=$asan "$BUILD/$t" "$work" -max_total_time="$SECONDS_PER_TARGET" -artifact_prefix="$art" -print_final_stats=1 \
    -rss_limit_mb=2048 -timeout=25 -max_len="$max_len" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  result=ok; ((rc == 0)) || result="FAILED rc=$rc (see $log, $art)"
  printf '%-28s %8s %12s %10s %8s %8s %s\n' "$t" "$SECONDS_PER_TARGET" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}" "$result" | tee "$BUILD/logs/$t.result"
  ((rc == 0))
}

printf '%-28s %8s %12s %10s %8s %8s %s\n' target seconds execs exec/s cov ft result
failed=0 running=0
for t in "${targets[@]}"; do
  if ((running >= ${FUZZ_PARALLEL:-1})); then
    wait -n || failed=1
    running=$((running - 1))
  fi
  run_one "$t" &
  running=$((running + 1))
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
