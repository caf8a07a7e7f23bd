#pragma once
// Measured tensor memory of training steps, for `lnctrain bench --measure-memory` and the memory plan's test.
// The model, LoRA recipe and random batch are `lnctrain bench`'s (trainer/bench/training_throughput.h); the step
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
#include "trainer/bench/training_throughput.h"

namespace lnc::trainer {

struct MemorySetup {
  ThroughputSetup bench;  // model, length, min_length, batch, lora, padding_path, bf16 (steps/warmup unused)
  std::int64_t micro_batch = 0;  // 0 = the whole batch in one pass
  bool activation_checkpointing = false;
};

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
