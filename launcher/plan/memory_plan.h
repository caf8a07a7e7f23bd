#pragma once
// Per-rank GPU memory of one training run, by formula from ModelConfig (no torch: `lnctrain plan` runs anywhere).
//
// Parameters (HF *ForSequenceClassification, counted from the module shapes): each family's
// FamilySpec::parameter_count (config/families/<family>_family.cpp writes its formula out);
// tests/unit/model_families_test.cpp checks every family's against the numel of built models.
// LoRA trainable: for each adapted Linear(in, out) of adaptable_linears: r*(in + out); plus the head
// (FamilySpec::head_parameters, the "classifier" module PEFT saves) in full.
//
// Bytes (per rank):
//   weights     trainable params 4 B (fp32); frozen base 4 B, or 2 B with [lora] base_dtype = "bf16"
//               + with precision bf16 and an fp32 base, autocast's bf16 weight copies: 2 B per base param
//   master      an fp32 master copy (4 B) per trainable param only when trainable weights are held in bf16;
//               lnctrain keeps trainable params in fp32, so this is 0 here (reported for clarity)
//   gradients   4 B per trainable param
//   optimizer   AdamW: 2 fp32 moments = 8 B per trainable param
//   activations per layer and sample, sequence L, hidden H, heads a, FFN F (Fi as above), element size e
//               (2 B under bf16 autocast, 4 B fp32), dropout masks 1 B:
//                 e * L * (10H + Fi + F) + e * 2 a L^2 + (a L^2 + 2 L H) masks
//               (10H: LN in/out x2, q, k, v, context, out-proj input, FFN input, FFN output input; Fi: FFN-in output
//               (FamilySpec::ffn_in_width: 2F where the FFN is gated),
//               F: activation output; 2aL^2: softmax output and dropped probabilities). DNABERT-2's ALiBi bias adds
//               nothing per sample; BERT and ESM share the formula.
//               LoRA adds per adapted module e32 * L * (in + r) (its dropout(x) input and the rank-r product, fp32).
//               With activation checkpointing: layers * e*L*H (each layer's input) + one layer's full activations
//               (recomputed in backward). Plus embeddings and head: 2 * e * L * H.
//   overhead    1 GiB (CUDA context, allocator slack, workspace)
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
  std::int64_t sequence_tokens = 512;  // tokens per sequence including special tokens
  std::int64_t per_rank_batch = 32;    // global batch / ranks
  std::int64_t micro_batch = 0;        // 0 = per_rank_batch
  std::string precision = "fp32";      // "fp32" | "bf16" (autocast)
  bool activation_checkpointing = false;
  double device_memory_gib = 80.0;
};

struct PlanResult {
  std::int64_t parameters = 0, trainable = 0, adapted_modules = 0;
  std::int64_t weight_bytes = 0, master_bytes = 0, gradient_bytes = 0, optimizer_bytes = 0;
  std::int64_t activation_bytes_per_sample = 0, activation_bytes = 0, overhead_bytes = 0;
  std::int64_t micro_batch = 0;
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

// Tokens per sequence of `length_bp` for a tokenizer: nt ceil(L/6)+1 (CLS), kmer L-k+1+2 (CLS, SEP),
// bpe L/4+2 (DNABERT-2's BPE averages about 4-5 bp per token: an upper estimate); capped at max positions.
std::int64_t sequence_tokens(const std::string& tokenizer, std::int64_t length_bp, std::int64_t k,
                             std::int64_t max_positions);

}  // namespace lnc::launcher
