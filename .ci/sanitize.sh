#!/usr/bin/env bash
# ASan + UBSan build of the test suite (build-asan/, -DLNC_SANITIZE=ON) and the fast unit tests under it.
# libtorch, Open MPI and HDF5 are not instrumented; only lnctrain's own code is. Runtime options, and why:
#   detect_leaks=0        libtorch, Open MPI and HDF5 keep process-lifetime allocations that LSan reports as leaks
#                         (the fuzz targets, which link no libtorch, keep leak detection on)
#   protect_shadow_gap=0  the CUDA runtime libtorch loads maps memory where ASan's shadow gap would be
#   alloc_dealloc_mismatch=0  libtorch frees some of its objects across library boundaries with a different
#                         operator than the one ASan saw allocate them (uninstrumented allocations)
#   halt_on_error / print_stacktrace: UBSan reports fail the run instead of scrolling by
# -fno-sanitize=vptr: UBSan's vptr check needs RTTI of torch types compiled without instrumentation.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/mpi_env.sh
BUILD_DIR=${BUILD_DIR:-build-asan}
PYTHON=${PYTHON:-python3}
TORCH_PREFIX=$("$PYTHON" -c 'import torch; print(torch.utils.cmake_prefix_path)')
start=$(date +%s)
# -O1 -g1: ASan's recommended optimisation, line tables for symbolised reports; full -g on ~160 torch TUs costs
# CI minutes and gives these reports nothing more.
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DLNC_SANITIZE=ON -Wno-dev >"$BUILD_DIR.cmake.log" 2>&1 || { cat "$BUILD_DIR.cmake.log"; exit 1; }
cmake --build "$BUILD_DIR" -j"${JOBS:-$(nproc)}" --target lnctrain_tests lnctrain
built=$(date +%s)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:protect_shadow_gap=0:alloc_dealloc_mismatch=0:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$BUILD_DIR" -L unit --output-on-failure
echo "sanitize: build $((built - start)) s, unit tests $(($(date +%s) - built)) s"
