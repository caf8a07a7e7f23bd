#!/usr/bin/env bash
# Issue 16's CPU measurements, side by side in one run, for the idle machine (numbers are never asserted):
#   goal 1  lnctrain bench vs tests/reference/pytorch_throughput.py's eager backend, s/step, for BERT small full
#           fine-tuning, ESM small full fine-tuning, ESM small LoRA and DNABERT-2 small full fine-tuning, at 1 and
#           2 threads (one rank). Eager twice: torch.optim.AdamW's default implementation (the issue's reference)
#           and fused=True. Goal: lnctrain median <= 0.9 x eager (default) median, every case and thread count.
#   goal 3  `lnctrain prepare` + `lnctrain train` of an lr_tfidf grid on GUE prom_core_notata (42,452 train rows)
#           vs tests/reference/sklearn_baseline.py (read + vectorize + fit + predict), each timed end to end as a
#           process (wall clock, start-up included). Goal: lnctrain >= 3x faster at the same test MCC within 0.5.
# Every repetition runs every measurement once, the tools alternating (the order flips every repetition), and the
# summary gives medians over the repetitions.
#
#   tests/reference/measure_step_and_baseline.sh [OUT_DIR]     (default OUT_DIR: perf-results/issue16)
#   environment: LNCTRAIN (./build/lnctrain)  REPS (3)  STEPS (15 timed)  WARMUP (3)  PRESET (small)
#                LENGTH (128)  BATCH (8)  THREAD_COUNTS ("1 2")  GUE_CORE (the prom_core_notata directory with
#                train/dev/test.csv.gz; default: ../shared/data/gue_prom/prom_core_notata, else
#                data/assets/gue/prom_core_notata)  SKIP_STEP / SKIP_BASELINE (1: leave that goal out)
# Smoke run (checks the script, numbers meaningless): REPS=1 STEPS=1 WARMUP=1 PRESET=tiny LENGTH=32 \
#   tests/reference/measure_step_and_baseline.sh /tmp/issue16
#
# Writes OUT_DIR/step.csv (lnctrain bench's CSV columns + rep, case, threads, order), OUT_DIR/baseline.csv
# (rep,tool,seconds,test_mcc_x100,load_1min), OUT_DIR/baseline_phases.csv (where lnctrain's baseline seconds go:
# start-up, each process, prepare's timer, the run log's read/vectorize/fit/predict) and OUT_DIR/summary.md (the
# medians and ratios), printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${1:-perf-results/issue16}
LNCTRAIN=${LNCTRAIN:-./build/lnctrain}
REPS=${REPS:-3}
STEPS=${STEPS:-15}
WARMUP=${WARMUP:-3}
PRESET=${PRESET:-small}
LENGTH=${LENGTH:-128}
BATCH=${BATCH:-8}
THREAD_COUNTS=${THREAD_COUNTS:-1 2}
if [ -z "${GUE_CORE:-}" ]; then
  for d in ../shared/data/gue_prom/prom_core_notata data/assets/gue/prom_core_notata; do
    [ -f "$d/train.csv.gz" ] && GUE_CORE=$(cd "$d" && pwd) && break
  done
fi
[ -x "$LNCTRAIN" ] || { echo "no lnctrain binary at $LNCTRAIN (build first or set LNCTRAIN)" >&2; exit 1; }
LNCTRAIN=$(cd "$(dirname "$LNCTRAIN")" && pwd)/$(basename "$LNCTRAIN")
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
STEP_CSV=$OUT/step.csv
BASE_CSV=$OUT/baseline.csv
PHASE_CSV=$OUT/baseline_phases.csv
ONE=$OUT/.one.csv
rm -f "$STEP_CSV" "$BASE_CSV" "$PHASE_CSV"
load() { cut -d' ' -f1 /proc/loadavg; }
echo "start: $(uptime)" >&2
start=$(date +%s)

# step CASE THREADS ORDER COMMAND...: one measurement; its CSV rows go to $STEP_CSV with rep, case, threads.
step() {
  local case=$1 threads=$2 order=$3
  shift 3
  rm -f "$ONE"
  echo "[rep $rep] $case threads $threads (load $(load)): $*" >&2
  "$@" --csv "$ONE" >/dev/null 2>"$OUT/.stderr" || { cat "$OUT/.stderr" >&2; exit 1; }
  # By column name: a binary or script without the count columns leaves them empty.
  python3 - "$ONE" "$STEP_CSV" "$rep" "$case" "$threads" "$order" "$(load)" <<'EOF'
import csv, os, sys
one, out, extra = sys.argv[1], sys.argv[2], dict(zip(["rep", "case", "threads", "order", "load_1min"], sys.argv[3:]))
cols = ("tool,kind,backend,family,preset,lora,trainable_params,length,min_length,batch_per_rank,ranks,threads_per_rank,"
        "device,precision,padding_path,allreduce,steps,s_per_step,samples_per_s,tokens_per_s,comm_wait_share,final_loss,"
        "model_tflops_per_s,mfu,aten_ops_per_step,host_syncs_per_step,rep,case,threads,order,load_1min").split(",")
new = not os.path.exists(out) or os.path.getsize(out) == 0
with open(out, "a", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
    if new:
        w.writeheader()
    for r in csv.DictReader(open(one)):
        if r["kind"] == "training":
            w.writerow({**r, **extra})
EOF
}

# case arguments: family, extra flags
declare -A CASES=([bert-full]="bert" [esm-full]="esm" [esm-lora]="esm --lora" [dnabert2-full]="dnabert2")
CASE_ORDER=(bert-full esm-full esm-lora dnabert2-full)

if [ "${SKIP_BASELINE:-0}" != 1 ]; then
  [ -n "${GUE_CORE:-}" ] || { echo "GUE prom_core_notata not found: set GUE_CORE" >&2; exit 1; }
  BASE=$OUT/baseline
  mkdir -p "$BASE"
  cat >"$BASE/dataset.toml" <<EOF
# GUE prom_core_notata (70 bp), 3-mer tokens: the input of the lr_tfidf grid below.
[dataset]
name = "prom_core_notata"
output_dir = "$BASE/datasets/prom_core_notata"
source = "csv"
[csv]
train = "$GUE_CORE/train.csv.gz"
dev = "$GUE_CORE/dev.csv.gz"
test = "$GUE_CORE/test.csv.gz"
[[tokenizers]]
kind = "kmer"
k = 3
vocab = "$(pwd)/data/assets/dnabert_vocab/3/vocab.txt"
EOF
  cat >"$BASE/grid.toml" <<EOF
# The study's baseline (TF-IDF over 3-mer word 1-3-grams + logistic regression, C = 1) on prom_core_notata.
[job]
name = "baseline_core"
store = "$BASE/store.sqlite"
output_dir = "$BASE/runs"
[data]
task = "prom_core_notata"
length = 70
tokenizer = "kmer"
k = 3
tokens = "$BASE/datasets/{task}/{task}.kmer{k}.h5"
[model]
family = "lr_tfidf"
EOF
fi

seconds_since() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.3f", a - b }'; }

baseline_lnctrain() {
  rm -rf "$BASE/datasets" "$BASE/store.sqlite" "$BASE/runs"
  local t0 t1 mcc
  t0=$(date +%s.%N)
  "$LNCTRAIN" prepare --config "$BASE/dataset.toml" >"$BASE/prepare.log" 2>&1
  local prep
  prep=$(seconds_since "$t0")
  t1=$(date +%s.%N)
  "$LNCTRAIN" train --grid "$BASE/grid.toml" >"$BASE/train.log" 2>&1
  local s tr
  s=$(seconds_since "$t0")
  tr=$(seconds_since "$t1")
  mcc=$(grep -o 'test mcc [0-9.]*' "$BASE/train.log" | head -1 | awk '{printf "%.4f", 100 * $3}')
  echo "$rep,lnctrain prepare+train,$s,$mcc,$(load)" >>"$BASE_CSV"
  # Where lnctrain's seconds go: a bare process (start-up: --help), each process, prepare's own timer, and the
  # baseline's phases from its run log ("seconds: read R vectorize V fit F predict P").
  t1=$(date +%s.%N)
  "$LNCTRAIN" --help >/dev/null 2>&1 || true
  local up
  up=$(seconds_since "$t1")
  [ -s "$PHASE_CSV" ] || echo "rep,startup_s,prepare_process_s,prepare_inside_s,train_process_s,read_s,vectorize_s,fit_s,predict_s" >"$PHASE_CSV"
  echo "$rep,$up,$prep,$(grep -o 'prepare: done in [0-9.e-]*' "$BASE/prepare.log" | awk '{print $4}'),$tr,$(grep -o 'seconds: read [0-9.]* vectorize [0-9.]* fit [0-9.]* predict [0-9.]*' "$BASE/train.log" | head -1 | awk '{print $3 "," $5 "," $7 "," $9}')" >>"$PHASE_CSV"
}

baseline_sklearn() {
  local solver=$1 t0 s mcc
  t0=$(date +%s.%N)
  python3 tests/reference/sklearn_baseline.py --train "$GUE_CORE/train.csv.gz" --test "$GUE_CORE/test.csv.gz" \
    --solvers "$solver" >"$BASE/sklearn_$solver.log" 2>&1
  s=$(seconds_since "$t0")
  mcc=$(grep -o 'test MCC x100 [0-9.]*' "$BASE/sklearn_$solver.log" | awk '{print $4}')
  echo "$rep,sklearn $solver,$s,$mcc,$(load)" >>"$BASE_CSV"
}

for rep in $(seq 1 "$REPS"); do
  if [ "${SKIP_STEP:-0}" != 1 ]; then
    for threads in $THREAD_COUNTS; do
      for case in "${CASE_ORDER[@]}"; do
        read -r family flags <<<"${CASES[$case]}"
        common=(--preset "$PRESET" --length "$LENGTH" --batch "$BATCH" --threads "$threads" --steps "$STEPS"
                --warmup "$WARMUP")
        ours=("$LNCTRAIN" bench --model-family "$family" "${common[@]}" --loader-rows 0 $flags)
        eager=(python3 tests/reference/pytorch_throughput.py --family "$family" "${common[@]}" --backends eager $flags)
        if [ $((rep % 2)) = 1 ]; then
          step "$case" "$threads" 1 "${ours[@]}"
          step "$case" "$threads" 2 "${eager[@]}"
          step "$case" "$threads" 3 "${eager[@]}" --optimizer fused
        else
          step "$case" "$threads" 1 "${eager[@]}" --optimizer fused
          step "$case" "$threads" 2 "${eager[@]}"
          step "$case" "$threads" 3 "${ours[@]}"
        fi
      done
    done
  fi
  if [ "${SKIP_BASELINE:-0}" != 1 ]; then
    [ -s "$BASE_CSV" ] || echo "rep,tool,seconds,test_mcc_x100,load_1min" >"$BASE_CSV"
    if [ $((rep % 2)) = 1 ]; then
      baseline_lnctrain; baseline_sklearn default; baseline_sklearn liblinear100
    else
      baseline_sklearn liblinear100; baseline_sklearn default; baseline_lnctrain
    fi
  fi
done
rm -f "$ONE" "$OUT/.stderr"
echo "end: $(uptime); $(( $(date +%s) - start )) s" >&2

python3 - "$STEP_CSV" "$BASE_CSV" "$PHASE_CSV" >"$OUT/summary.md" <<'EOF'
import csv, os, statistics, sys
step_csv, base_csv, phase_csv = sys.argv[1], sys.argv[2], sys.argv[3]
if os.path.exists(step_csv):
    rows = list(csv.DictReader(open(step_csv)))
    groups = {}
    for r in rows:
        groups.setdefault((r["case"], r["threads"], r["backend"]), []).append(r)
    print("## Goal 1: s/step, median over repetitions (lnctrain bench vs PyTorch eager)\n")
    print("| case | threads | backend | reps | median s/step | min | max | aten ops/step | host syncs/step |"
          " lnctrain / this |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (case, threads, backend), rs in sorted(groups.items()):
        s = [float(r["s_per_step"]) for r in rs]
        ours = groups.get((case, threads, "lnctrain"))
        ratio = statistics.median(float(r["s_per_step"]) for r in ours) / statistics.median(s) if ours else float("nan")
        print(f"| {case} | {threads} | {backend} | {len(s)} | {statistics.median(s):.4f} | {min(s):.4f} | {max(s):.4f} |"
              f" {rs[0].get('aten_ops_per_step', '')} | {rs[0].get('host_syncs_per_step', '')} |"
              f" {'' if backend == 'lnctrain' else f'{ratio:.3f}'} |")
    met = []
    for (case, threads, backend), rs in groups.items():
        if backend in ("eager", "eager+lora"):
            ours = groups.get((case, threads, "lnctrain"))
            if ours:
                ratio = statistics.median(float(r["s_per_step"]) for r in ours) / statistics.median(
                    float(r["s_per_step"]) for r in rs)
                met.append((case, threads, ratio))
    print("\nGoal 1 (lnctrain <= 0.9 x eager with torch.optim.AdamW's default): " + "; ".join(
        f"{c} x{t}: {r:.3f} {'met' if r <= 0.9 else 'MISSED'}" for c, t, r in sorted(met)) + "\n")
if os.path.exists(base_csv):
    rows = list(csv.DictReader(open(base_csv)))
    tools = {}
    for r in rows:
        tools.setdefault(r["tool"], []).append(r)
    print("## Goal 3: lr_tfidf on GUE prom_core_notata, end to end (process wall clock), median over repetitions\n")
    print("| tool | reps | median s | min | max | test MCC x100 | sklearn / lnctrain |")
    print("|---|---|---|---|---|---|---|")
    ours = statistics.median(float(r["seconds"]) for r in tools.get("lnctrain prepare+train", [{"seconds": "nan"}]))
    for tool, rs in sorted(tools.items()):
        s = [float(r["seconds"]) for r in rs]
        speedup = "" if tool.startswith("lnctrain") else f"{statistics.median(s) / ours:.2f}"
        print(f"| {tool} | {len(s)} | {statistics.median(s):.2f} | {min(s):.2f} | {max(s):.2f} | {rs[0]['test_mcc_x100']} |"
              f" {speedup} |")
if os.path.exists(phase_csv):
    rows = list(csv.DictReader(open(phase_csv)))
    def med(key):
        vals = [float(r[key]) for r in rows if r.get(key)]
        return statistics.median(vals) if vals else float("nan")
    up, prep, prep_in, train = med("startup_s"), med("prepare_process_s"), med("prepare_inside_s"), med("train_process_s")
    phases = {k: med(k + "_s") for k in ("read", "vectorize", "fit", "predict")}
    print("\n## Goal 3: where lnctrain's seconds go (medians; start-up = a bare `lnctrain --help` process)\n")
    print("| part | s |")
    print("|---|---|")
    print(f"| process start-up (each of the 2 processes) | {up:.3f} |")
    print(f"| prepare process | {prep:.3f} |")
    print(f"| prepare's own timer (tokenize + write HDF5) | {prep_in:.3f} |")
    print(f"| train process | {train:.3f} |")
    for k, v in phases.items():
        print(f"| train: {k} | {v:.3f} |")
    print(f"| train: the rest (start-up, grid, store, MPI) | {train - sum(phases.values()):.3f} |")
EOF
cat "$OUT/summary.md"
