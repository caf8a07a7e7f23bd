#pragma once
// Measured tensor memory of training steps, for `lnctrain bench --measure-memory` and the memory plan's test.
// The model, LoRA recipe and random batch are `lnctrain bench`'s (trainer/bench/training_throughput.h); the batch
// reaches the model as a training batch does, through the long-row windows (data::window_batch,
// trainer/components/row_forward.h: windowed_device_batch, and forward_rows inside backward_in_micro_batches), so
// rows longer than the model's context are truncated or chunked exactly as in training; the step
// is train_step's sequence (trainer/training/train_step.h): zero_grad (gradients set to none), forward and
// backward in micro-batches under the run's autocast, the gradient sum, clipping to max_grad_norm 1, AdamW with
// transformers' parameter groups (trainer/training/optimizer_builder.h). Two steps: the first allocates the
// optimizer state, the second is a steady-state step.
// Bytes are measured by trainer/bench/memory_meter.h (the counting CPU allocator, or the CUDA caching allocator's
// statistics) as differences from the live bytes before the model was built:
//   parameters       live after the model is built and moved to the device (weights and buffers)
//   batch            the step's input tensors (ids, mask, labels)
//   gradients        bytes of every trainable parameter's .grad after the first backward and gradient sum
//   optimizer_state  live after the first optimizer step minus live before it (AdamW's two moments and step)
//   activations      peak of the second step's forward and backward minus live at its start (after zero_grad):
//                    what autograd saves, the backward's transient buffers and the gradients formed by then
//   after_first_step live after the first step (parameters, gradients, optimizer state, batch)
//   peak             highest live bytes over both steps: the number to compare with the plan
// No torch in this header.
#include <cstdint>
#include <string>

#include "cluster/device_choice.h"
#include "data/batching/long_rows.h"
#include "trainer/bench/training_throughput.h"

namespace lnc::trainer {

struct MemorySetup {
  ThroughputSetup bench;  // model, length, min_length, batch, lora, padding_path, bf16 (steps/warmup unused);
                          // length = tokens of the longest row, special tokens included (may exceed the context)
  std::int64_t micro_batch = 0;  // 0 = the whole batch in one pass; a micro-batch is rows with all their windows
  bool activation_checkpointing = false;
  // Rows longer than the model's context (FamilySpec::context_tokens of bench.model.architecture, pad id 0 as the
  // bench builds it): long_sequences, truncation_side, chunk_stride, chunk_pooling as [data] sets them (the other
  // fields are unused). "error" (the default) with rows that fit: one window per row, the batch as before.
  config::DataConfig long_rows;
};

// The special tokens around the bench's rows are the family's own tokenizer's: esm nt (<cls> ...), dnabert2 bpe and
// bert kmer ([CLS] ... [SEP]).
std::string bench_tokenizer(const std::string& family);
// The long-row policy the measurement applies (and the plan of the same shape reads, launcher/bench/memory_report.h).
// std::invalid_argument naming the key when it does not fit the model (data::long_row_policy_problem).
data::LongRowPolicy bench_row_policy(const MemorySetup& setup);

struct MemoryMeasurement {
  std::string source;  // MemoryMeter::source()
  std::int64_t parameters = 0, batch = 0, gradients = 0, optimizer_state = 0, activations = 0;
  std::int64_t after_first_step = 0, peak = 0;
  std::int64_t reserved_peak = 0;  // CUDA: the caching allocator's reserved peak; CPU: = peak
};

// One process: call it without other threads allocating (the CPU meter counts every CPU tensor of the process).
MemoryMeasurement measure_training_memory(const MemorySetup& setup, cluster::ProcessGroup& group,
                                          const cluster::DeviceChoice& device);

}  // namespace lnc::trainer
