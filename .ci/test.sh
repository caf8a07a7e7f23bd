#!/usr/bin/env bash
# The whole test suite: unit tests, then the multi-process integration tests (mpirun), then the checks against
# Python reference implementations, then the unit tests under ASan + UBSan. Expects .ci/setup.sh to have built
# build/.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/mpi_env.sh
BUILD_DIR=${BUILD_DIR:-build}
PYTHON=${PYTHON:-python3}
# TensorBoard's own event reader checks the event files lnctrain writes (tests/unit/tensorboard_events_test.cpp).
if ! "$PYTHON" -c "import tensorboard" 2>/dev/null; then
  "$PYTHON" -m pip install --quiet --break-system-packages "tensorboard==2.21.0" 2>/dev/null ||
    "$PYTHON" -m pip install --quiet "tensorboard==2.21.0"
fi
ctest --test-dir "$BUILD_DIR" --output-on-failure

# Random BERT and ESM configurations built with Python's transformers (PyPI) against lnctrain's logits and
# token ids (tests/reference/random_hf_models.py); transformers is installed here, not by setup.sh, since only
# this check needs it.
if ! "$PYTHON" -c "import transformers, safetensors, numpy" 2>/dev/null; then
  "$PYTHON" -m pip install --quiet --break-system-packages "transformers==5.23.0" safetensors numpy 2>/dev/null ||
    "$PYTHON" -m pip install --quiet "transformers==5.23.0" safetensors numpy
fi
"$PYTHON" tests/reference/random_hf_models.py --lnctrain "$BUILD_DIR/lnctrain" --trials 6 --seed 1

# The GPU script's every step on small CPU shapes (issue 16; on a GPU machine: tests/gpu/run.sh without the flag).
bash tests/gpu/run.sh --cpu-smoke --out "$BUILD_DIR/gpu-smoke"

# The fast unit tests again, under ASan + UBSan (build-asan/, -DLNC_SANITIZE=ON; issue 9). Its own full build:
# 19 min 26 s cold on a 2-core machine (README, "Sanitizers"), which is why only the unit label runs there.
bash .ci/sanitize.sh
