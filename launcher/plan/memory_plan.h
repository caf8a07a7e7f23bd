#pragma once
// Per-rank GPU memory of one training run, by formula from ModelConfig (no torch: `lnctrain plan` runs anywhere).
//
// Parameters (HF *ForSequenceClassification, counted from the module shapes): each family's
// FamilySpec::parameter_count (config/families/<family>_family.cpp writes its formula out);
// tests/unit/model_families_test.cpp checks every family's against the numel of built models.
// LoRA trainable: for each adapted Linear(in, out) of adaptable_linears: r*(in + out); plus the head
// (FamilySpec::head_parameters, the "classifier" module PEFT saves) in full.
//
// Bytes (per rank), held to measurement by tests/unit/memory_plan_measured_test.cpp (within 10% on CPU with the
// counting allocator, trainer/bench/memory_meter.h; `lnctrain bench --measure-memory` prints both side by side):
//   weights     trainable params 4 B (fp32); frozen base 4 B, or 2 B with [lora] base_dtype = "bf16"
//               + with precision bf16 and an fp32 base, autocast's bf16 copies of the Linear weights: 2 B per
//               Linear weight (embeddings and LayerNorms are not cast)
//   master      an fp32 master copy (4 B) per trainable param only when trainable weights are held in bf16;
//               lnctrain keeps trainable params in fp32, so this is 0 here (reported for clarity)
//   gradients   4 B per trainable param
//   optimizer   AdamW: 2 fp32 moments = 8 B per trainable param
//   activations per sample (one row) of L tokens: layers x FamilySpec::layer_activation_bytes (each family lists
//               what its layer keeps; the kernels' rules, CPU and CUDA, in config/activation_kernels.h) + LoRA: per
//               adapted module its own dropout mask, the dropped input lora_A keeps and the rank-r product (all six
//               adapters of a layer keep their own, as PEFT's per-adapter dropout does) + outside the layers
//               2 x 4 L H + the transient gradients of one layer's backward (activation_terms::backward_transient).
//               With activation checkpointing: layers x 4 L H (each layer's fp32 input) + one layer (recomputed
//               in backward) + the rest as above. A row longer than the model's context ([data] long_sequences,
//               data/batching/long_rows.h) is forwarded as windows: "truncate" one window of the context,
//               "chunk" every window of the row in the same forward ([windows, context], padded to the longest,
//               trainer/components/row_forward.h), so a row costs windows_per_row sequences of L = the window's
//               tokens (plan_input.h: planned_row). activation_bytes = micro-batch x per sample (a micro-batch is
//               rows with all their windows).
//   total       overhead + weights + optimizer + max(activations (+ gradients when there are several
//               micro-batches: the earlier ones' gradients are resident), gradients x (2 on several ranks: the
//               gradient buckets' flat copies) + AdamW's temporaries (2 x 4 B x the largest trainable tensor)).
//               The gradients of a single pass are formed while its activations are freed, so they do not add
//               to the activation peak; the sum weights + gradients + optimizer + activations is an upper bound.
//   overhead    1 GiB fixed, outside the tensors counted above, in named parts with their sources
//               (launcher/plan/fixed_overhead.h): the CUDA context 512 MiB, two cuBLAS workspaces of 32 MiB
//               (sm90), the caching allocator's slack and NCCL's buffers 448 MiB. Documented figures, not measured
//               here (no GPU); on a device, `lnctrain bench --measure-memory --device cuda` prints the caching
//               allocator's reserved peak, and nvidia-smi's process memory minus it is the context.
// CUDA vs CPU (PlanInput::device): the formulas differ only where the kernels do (attention's math path on CPU
// with dropout, dropout masks); the CPU side is measured here, the CUDA side follows the same rules from the
// kernels' saved tensors and is to be checked on a device.
#include <cstdint>
#include <string>
#include <vector>

#include "config/lora_settings.h"
#include "config/model_config.h"
#include "config/model_families.h"

namespace lnc::launcher {

struct PlanInput {
  config::ModelConfig model;
  config::LoraSettings lora;
  std::int64_t sequence_tokens = 512;  // tokens per forwarded sequence (a row, or one window of it) incl. specials
  std::int64_t windows_per_row = 1;    // sequences one row is forwarded as ([data] long_sequences = "chunk")
  std::int64_t per_rank_batch = 32;    // global batch / ranks
  std::int64_t micro_batch = 0;        // 0 = per_rank_batch
  std::string precision = "fp32";      // "fp32" | "bf16" (autocast)
  bool activation_checkpointing = false;
  double device_memory_gib = 80.0;
  std::string device = "cuda";  // "cuda" | "cpu": which attention and dropout kernels run (see above)
  std::int64_t ranks = 1;       // data-parallel ranks: > 1 adds the gradient buckets' flat copies
};

struct PlanResult {
  std::int64_t parameters = 0, trainable = 0, adapted_modules = 0;
  std::int64_t weight_bytes = 0, master_bytes = 0, gradient_bytes = 0, optimizer_bytes = 0;
  std::int64_t activation_bytes_per_sample = 0, activation_bytes = 0, overhead_bytes = 0;
  std::int64_t micro_batch = 0;
  std::int64_t windows_per_row = 1;  // PlanInput's: activation_bytes_per_sample counts this many sequences
  std::int64_t total_bytes = 0;
  bool fits = false;
  std::int64_t recommended_micro_batch = 0;  // largest power of two <= per-rank batch that fits; 0 = none fits
};

// Linear layers of the family as (module-name suffix, in, out), one entry per layer instance: the encoder's, and
// with them those outside the layers (the pooler) that LoRA targets can also match.
using config::LinearShape;
std::vector<LinearShape> encoder_linears(const config::ModelConfig& model);
std::vector<LinearShape> adaptable_linears(const config::ModelConfig& model);

std::int64_t parameter_count(const config::ModelConfig& model);
PlanResult plan_memory(const PlanInput& input);

// Tokens of a row of `length_bp` for a tokenizer, special tokens included: nt ceil(L/6)+1 (CLS), kmer L-k+1+2
// (CLS, SEP), bpe L/4+2 (DNABERT-2's BPE averages about 4-5 bp per token: an upper estimate).
std::int64_t row_tokens(const std::string& tokenizer, std::int64_t length_bp, std::int64_t k);
// The same capped at max positions.
std::int64_t sequence_tokens(const std::string& tokenizer, std::int64_t length_bp, std::int64_t k,
                             std::int64_t max_positions);

}  // namespace lnc::launcher
