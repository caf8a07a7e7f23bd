#!/usr/bin/env bash
# The memory plan against measured peak tensor bytes (docs/performance.md, "Memory plan vs measured"): one
# `lnctrain bench --measure-memory` per case, rows appended to OUT_DIR/memory_plan.csv (columns in
# launcher/bench/memory_report.h), then a markdown table of planned / measured peak. Memory is a count, not a
# time: a loaded machine changes nothing but the wall time.
#
#   tests/reference/measure_memory_plan.sh [OUT_DIR]          (default OUT_DIR: memory-results)
#   environment: LNCTRAIN (./build/lnctrain)  DEVICE (cpu; cuda on a GPU: the caching allocator's statistics,
#                the plan's CUDA kernels)  SHAPE (mini: hidden 128, 4 layers, 4 heads, FFN 512, 128 tokens,
#                batch 8)  NT (1: also the issue's NT shape, ESM hidden 512, 8 layers, 8 heads, FFN 2048, vocab
#                4107, 335 tokens, batch 8; 0: skip it)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-memory-results}
LNCTRAIN=${LNCTRAIN:-./build/lnctrain}
DEVICE=${DEVICE:-cpu}
NT=${NT:-1}
mkdir -p "$OUT"
CSV="$OUT/memory_plan.csv"
rm -f "$CSV"
LABELS=()

run() {  # label, then bench arguments
  local label=$1
  shift
  LABELS+=("$label")
  "$LNCTRAIN" bench --measure-memory --device "$DEVICE" --threads 2 --loader-rows 0 --csv "$CSV" "$@" >/dev/null
}

mini=(--preset mini --length 128 --batch 8)
for family in bert dnabert2 esm; do
  run "$family full fp32" --model-family $family "${mini[@]}"
  run "$family LoRA fp32" --model-family $family "${mini[@]}" --lora
  run "$family full bf16" --model-family $family "${mini[@]}" --precision bf16
  run "$family LoRA bf16" --model-family $family "${mini[@]}" --lora --precision bf16
  run "$family full fp32 checkpointing" --model-family $family "${mini[@]}" --activation-checkpointing
  run "$family LoRA bf16 checkpointing" --model-family $family "${mini[@]}" --lora --precision bf16 --activation-checkpointing
  run "$family full fp32 micro-batch 2" --model-family $family "${mini[@]}" --micro-batch 2
done
run "dnabert2 unpadded full fp32" --model-family dnabert2 "${mini[@]}" --padding-path unpadded --min-length 120
run "dnabert2 unpadded LoRA fp32" --model-family dnabert2 "${mini[@]}" --padding-path unpadded --min-length 120 --lora
for lora in "" --lora; do
  for precision in fp32 bf16; do
    mode=full
    [ -n "$lora" ] && mode=LoRA
    run "esm v2 (dropout 0) $mode $precision" --model-family esm --esm-v2 --dropout 0 "${mini[@]}" $lora \
      --precision $precision
  done
done
run "esm v2 (dropout 0) LoRA bf16 checkpointing" --model-family esm --esm-v2 --dropout 0 "${mini[@]}" --lora \
  --precision bf16 --activation-checkpointing
# Rows of 256 tokens over a context of 128 (--max-positions: 128 for bert, 129 for esm, whose context is positions
# less pad id 0 + 1), through the training step's windowed path: chunked every 100 tokens (3 windows per row, mean
# pooling, all in one forward) or truncated to one window.
chunk=(--preset mini --length 256 --batch 8 --long-sequences chunk --chunk-stride 100)
run "bert chunk full fp32" --model-family bert "${chunk[@]}" --max-positions 128
run "bert chunk LoRA fp32" --model-family bert "${chunk[@]}" --max-positions 128 --lora
run "bert chunk full fp32 micro-batch 2" --model-family bert "${chunk[@]}" --max-positions 128 --micro-batch 2
run "bert truncate full fp32" --model-family bert --preset mini --length 256 --batch 8 --max-positions 128 \
  --long-sequences truncate
run "esm chunk full fp32" --model-family esm "${chunk[@]}" --max-positions 129
run "esm chunk LoRA fp32" --model-family esm "${chunk[@]}" --max-positions 129 --lora
run "esm chunk LoRA fp32 micro-batch 2" --model-family esm "${chunk[@]}" --max-positions 129 --lora --micro-batch 2
if [ "$NT" = 1 ]; then
  nt=(--model-family esm --hidden-size 512 --num-layers 8 --num-heads 8 --intermediate-size 2048 --vocab-size 4107
      --length 335 --batch 8)
  run "issue NT shape full fp32" "${nt[@]}"
  run "issue NT shape LoRA fp32" "${nt[@]}" --lora
fi

# The table: one line per case, in order (the CSV has the same order; its first line is the header).
{
  echo "| case | measured peak | planned peak | planned / measured | measured activations | planned activations |"
  echo "|---|---|---|---|---|---|"
  i=0
  tail -n +2 "$CSV" | while IFS=, read -r family lora precision ckpt length batch micro padding source mp pp mg pg mo po ma pa mpeak ppeak ratio long windows; do
    printf '| %s | %s | %s | %s | %s | %s |\n' "${LABELS[$i]}" "$mpeak" "$ppeak" "$ratio" "$ma" "$pa"
    i=$((i + 1))
  done
} | tee "$OUT/memory_plan.md"
