#!/usr/bin/env bash
# Every CPU measurement that docs/performance.md lists, in sequence, with fixed threads; prints one markdown table
# and writes the rows as CSV. Outside the test suite (numbers are never asserted). Meant for an idle machine:
# the load average before each run is recorded beside its row.
#
#   tests/reference/measure_cpu_performance.sh [OUT_DIR]        (default OUT_DIR: perf-results)
#   environment: LNCTRAIN (./build/lnctrain)  THREADS (1: torch threads per rank, every backend)
#                STEPS (10 timed)  WARMUP (2 untimed)  REPS (2 repetitions of the whole sequence)
#                PRESET (small)  LENGTH (128)  BATCH (8 rows per step; 2 ranks get BATCH/2 each)
#                MIN_LENGTH (16: shortest row of the uneven DNABERT-2 batches)  LOADER_ROWS (5000)
# 5 min 0 s on the idle 2-core machine with the defaults (2026-11-21, docs/performance.md); smoke run:
#   STEPS=1 WARMUP=1 REPS=1 PRESET=tiny LENGTH=32 MIN_LENGTH=4 LOADER_ROWS=200 (215 s at load 13-16).
#
# Writes OUT_DIR/cpu_performance.csv: lnctrain bench's CSV columns (launcher/commands/bench_command.cpp) plus
#   rep, label (which measurement of docs/performance.md), load_1min (uptime's 1-minute load before the run)
# and OUT_DIR/cpu_performance.md: the table printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${1:-perf-results}
LNCTRAIN=${LNCTRAIN:-./build/lnctrain}
THREADS=${THREADS:-1}
STEPS=${STEPS:-10}
WARMUP=${WARMUP:-2}
REPS=${REPS:-2}
PRESET=${PRESET:-small}
LENGTH=${LENGTH:-128}
BATCH=${BATCH:-8}
MIN_LENGTH=${MIN_LENGTH:-16}
LOADER_ROWS=${LOADER_ROWS:-5000}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader,tcp \
  OMPI_MCA_rmaps_base_oversubscribe=1

[ -x "$LNCTRAIN" ] || { echo "no lnctrain binary at $LNCTRAIN (build first or set LNCTRAIN)" >&2; exit 1; }
mkdir -p "$OUT"
CSV="$OUT/cpu_performance.csv"
STEP_CSV="$OUT/.one_run.csv"
rm -f "$CSV"

common=(--preset "$PRESET" --length "$LENGTH" --threads "$THREADS" --steps "$STEPS" --warmup "$WARMUP")

# run LABEL COMMAND...: runs one measurement (the command appends to $STEP_CSV) and moves its rows into $CSV with the
# repetition, the label and the load before the run.
run() {
  local label=$1
  shift
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  rm -f "$STEP_CSV"
  echo "[rep $rep] $label (load $load): $*" >&2
  "$@" --csv "$STEP_CSV" >/dev/null
  if [ ! -s "$CSV" ]; then echo "$(head -1 "$STEP_CSV"),rep,label,load_1min" >"$CSV"; fi
  tail -n +2 "$STEP_CSV" | sed "s/\$/,$rep,$label,$load/" >>"$CSV"
}

py() { python3 tests/reference/pytorch_throughput.py "$@" 2>/dev/null; }

echo "start: $(uptime)" >&2
start=$(date +%s)
for rep in $(seq 1 "$REPS"); do
  # lnctrain vs PyTorch eager vs transformers (+PEFT): same architecture, batch, length and threads.
  run bert-vs-pytorch py --family bert "${common[@]}" --batch "$BATCH"
  run bert-vs-pytorch "$LNCTRAIN" bench --model-family bert "${common[@]}" --batch "$BATCH" --loader-rows "$LOADER_ROWS"
  run esm-vs-pytorch py --family esm "${common[@]}" --batch "$BATCH"
  run esm-vs-pytorch "$LNCTRAIN" bench --model-family esm "${common[@]}" --batch "$BATCH" --loader-rows 0
  run esm-lora-vs-peft py --family esm "${common[@]}" --batch "$BATCH" --lora
  run esm-lora-vs-peft "$LNCTRAIN" bench --model-family esm "${common[@]}" --batch "$BATCH" --lora --loader-rows 0
  # bf16 autocast on CPU.
  run bert-bf16 "$LNCTRAIN" bench --model-family bert "${common[@]}" --batch "$BATCH" --precision bf16 --loader-rows 0
  # DNABERT-2: a batch without padding, then very uneven lengths on each way of computing padding.
  run dnabert2-even "$LNCTRAIN" bench --model-family dnabert2 "${common[@]}" --batch "$BATCH" --loader-rows 0
  for path in padded unpadded unpadded-repadded auto; do
    run dnabert2-uneven "$LNCTRAIN" bench --model-family dnabert2 "${common[@]}" --batch "$BATCH" \
      --min-length "$MIN_LENGTH" --padding-path "$path" --loader-rows 0
  done
  # Two ranks (one thread each), same global batch: exposed communication share, overlapped vs synchronous.
  for sync in "" --sync-allreduce; do
    run two-ranks mpirun -np 2 "$LNCTRAIN" bench --model-family bert "${common[@]}" --batch $((BATCH / 2)) \
      --loader-rows 0 $sync
  done
done
rm -f "$STEP_CSV"
echo "end: $(uptime); $(( $(date +%s) - start )) s" >&2

python3 - "$CSV" >"$OUT/cpu_performance.md" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cols = ["label", "rep", "load_1min", "tool", "kind", "backend", "family", "preset", "lora", "trainable_params", "length",
        "min_length", "batch_per_rank", "ranks", "threads_per_rank", "precision", "padding_path", "allreduce", "steps",
        "s_per_step", "samples_per_s", "tokens_per_s", "comm_wait_share", "final_loss", "model_tflops_per_s", "mfu"]
print("| " + " | ".join(cols) + " |")
print("|" + "---|" * len(cols))
for r in rows:
    print("| " + " | ".join(r[c] for c in cols) + " |")
EOF
cat "$OUT/cpu_performance.md"
