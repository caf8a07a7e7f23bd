#!/usr/bin/env bash
# The main job on the embedded default data: tokenize GUE prom_300_notata, train the quickstart grid with
# 2 ranks, print the report. Expects .ci/setup.sh to have built build/.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/mpi_env.sh
BUILD_DIR=${BUILD_DIR:-build}
"$BUILD_DIR/lnctrain" prepare --config configs/datasets/gue_prom_300_notata.toml
mpirun -np 2 "$BUILD_DIR/lnctrain" --grid configs/quickstart.toml
"$BUILD_DIR/lnctrain" report --store work/quickstart.sqlite --out work/quickstart_report
