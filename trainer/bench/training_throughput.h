#pragma once
// Training throughput for `lnctrain bench`: the training run's own steps (trainer/training/train_step.h: forward,
// cross-entropy, backward, gradient all-reduce, loss verdict, clipping at 1.0, fused AdamW lr 1e-4 wd 0.01) of a
// randomly initialised classifier on a fixed random batch of `batch` rows per rank, padded to `length` tokens, as train_and_evaluate runs them (with LoRA: the adapters and head only). Row lengths are
// drawn uniformly in [min_length, length] (min_length = length: no padding) and the longest row is set to
// `length`, so every step has the same padded shape. Every rank of the group calls this.
// Timing: `warmup` untimed steps, then `steps` timed ones; on CUDA the device is synchronised before the clock
// stops. No torch in this header.
#include <cstdint>
#include <string>

#include "cluster/device_choice.h"
#include "config/run_config.h"

namespace lnc::cluster {
class ProcessGroup;
}

namespace lnc::trainer {

struct ThroughputSetup {
  config::ModelSection model;
  std::int64_t length = 128, batch = 8;  // batch: rows per rank
  std::int64_t min_length = 0;           // 0 = length (no padding)
  std::int64_t steps = 10, warmup = 2;
  bool bf16 = false;
  bool overlap_allreduce = true;
  bool lora = false;  // the study's NT recipe (LoraSettings: r 8, alpha 16) on FamilySpec::lora_target_modules
  std::string padding_path = "auto";  // "auto" | "padded" | "unpadded" (per-row) | "unpadded-repadded" (families
                                      // that drop padding: DNABERT-2)
  int vocab_size = 69;  // DNABERT 3-mer vocabulary
};

struct ThroughputResult {
  std::int64_t parameters = 0, trainable_parameters = 0;
  std::int64_t global_samples = 0, global_tokens = 0;  // over the timed steps, all ranks; real (unpadded) tokens
  double seconds = 0;                                  // timed steps, wall clock (mean over ranks)
  double comm_wait_seconds = 0;                        // blocked in the gradient all-reduce (mean over ranks)
  double final_loss = 0;                              // rank 0's mean loss on its rows after the last step
  // Model FLOPs of the timed steps, all ranks (what MFU counts; padding and recomputation are not counted):
  // per real token 2 x (non-embedding parameters of the model) for the forward matmuls, plus 4 x layers x hidden x l
  // for the attention products of a row of l real tokens; times 3 for full fine-tuning (forward + gradients of
  // activations and weights), times 2 with LoRA (frozen weights get no weight gradients; adapters are counted in
  // the parameters).
  double model_flops = 0;
  // Per steady-state step, counted on 2 untimed steps after the timed ones (trainer/bench/op_counter.h): ATen
  // operators run (nested ones included) and host synchronisations the step asks for.
  double aten_ops_per_step = 0, host_syncs_per_step = 0;
};

ThroughputResult measure_training_throughput(const ThroughputSetup& setup, cluster::ProcessGroup& group,
                                             const cluster::DeviceChoice& device);

}  // namespace lnc::trainer
