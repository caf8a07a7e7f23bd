#!/usr/bin/env bash
# The whole test suite: unit tests, then the multi-process integration tests (mpirun), then the checks against
# Python reference implementations. Expects .ci/setup.sh to have built build/.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/mpi_env.sh
BUILD_DIR=${BUILD_DIR:-build}
ctest --test-dir "$BUILD_DIR" --output-on-failure
