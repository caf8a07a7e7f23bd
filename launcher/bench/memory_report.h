#pragma once
// `lnctrain bench --measure-memory`: the measured bytes of two training steps (trainer/bench/memory_measurement.h)
// beside the memory plan's prediction for the same shape (launcher/plan/memory_plan.h), as a markdown table:
//   ## memory (<source>)
//   | component | measured bytes | planned bytes | planned / measured |
//   rows: parameters (plan: weights), gradients, optimizer state, activations (plan: activation bytes of the
//   micro-batch; measured: peak of forward+backward over the step's start), batch (measured only), after first
//   step, peak (plan: total without the fixed overhead), fixed overhead (plan only: CUDA context and workspace,
//   not seen by the allocator); on CUDA also the caching allocator's reserved peak; with chunked rows also the
//   plan's windows per row (a count, not bytes).
// Also one CSV line per run (header kMemoryCsvHeader) for tables built from several runs.
#include <string>

#include "launcher/plan/memory_plan.h"
#include "trainer/bench/memory_measurement.h"

namespace lnc::launcher {

// The plan's input for the bench's shape (one rank's batch; bench's LoRA recipe; device "cpu" or "cuda"; a row of
// `length` tokens windowed by the setup's long-row policy, launcher/plan/plan_input.h: planned_row).
PlanInput bench_plan_input(const trainer::MemorySetup& setup, const std::string& device);

std::string memory_table(const trainer::MemoryMeasurement& measured, const PlanResult& plan);

extern const char* const kMemoryCsvHeader;
// Columns: family,lora,precision,checkpointing,length,batch,micro_batch,padding_path,source, then measured and
// planned bytes of parameters, gradients, optimizer state, activations and the peak, planned/measured peak, and
// long_sequences (error | truncate | chunk) and the plan's windows_per_row (length = tokens of the longest row).
std::string memory_csv_row(const trainer::MemorySetup& setup, const trainer::MemoryMeasurement& measured,
                           const PlanResult& plan);

}  // namespace lnc::launcher
