#!/usr/bin/env bash
# Installs what a fresh Debian bookworm machine (as root) lacks, then configures and builds lnctrain.
# Idempotent: packages already present are skipped by apt/pip; the build reuses build/ and ccache.
set -euo pipefail
cd "$(dirname "$0")/.."

TORCH_VERSION=2.11.0   # the PyTorch the lent GPU machines have (CUDA 13 wheel, with NCCL)
APT_PACKAGES=(build-essential cmake ninja-build pkg-config ccache git
  libopenmpi-dev openmpi-bin libhdf5-dev hdf5-tools libhts-dev samtools tabix libtomlplusplus-dev
  libgtest-dev libgmock-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libcli11-dev libfmt-dev
  libcairo2-dev libssl-dev zlib1g-dev libgloo-dev python3 python3-pip)

missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c "import torch, sys; sys.exit(0 if torch.__version__.split('+')[0] == '$TORCH_VERSION' else 1)" 2>/dev/null; then
  "$PYTHON" -m pip install --quiet --break-system-packages "torch==$TORCH_VERSION" 2>/dev/null ||
    "$PYTHON" -m pip install --quiet "torch==$TORCH_VERSION"
fi
# JASPAR 2024 CORE vertebrates for `lnctrain motifs` and the report's motif section: pyjaspar's wheel ships it as
# pyjaspar/data/JASPAR2024.sqlite (results/motifs/motif_database.h).
if ! "$PYTHON" -c "import pyjaspar" 2>/dev/null; then
  "$PYTHON" -m pip install --quiet --break-system-packages "pyjaspar==4.0.0" 2>/dev/null ||
    "$PYTHON" -m pip install --quiet "pyjaspar==4.0.0"
fi
TORCH_PREFIX=$("$PYTHON" -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths relative to the folder above the checkout: side-by-side checkouts (worktrees) share cached objects.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)}
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -Wno-dev >"$BUILD_DIR.cmake.log" 2>&1 || { cat "$BUILD_DIR.cmake.log"; exit 1; }
cmake --build "$BUILD_DIR" -j"$(nproc)"
