#include "launcher/plan/memory_plan.h"

#include <algorithm>
#include <stdexcept>

#include "base/strings.h"
#include "config/activation_kernels.h"
#include "config/families/activation_terms.h"
#include "launcher/plan/fixed_overhead.h"

namespace lnc::launcher {

namespace {
bool matches(const std::string& name, const std::string& target) { return name == target || ends_with(name, "." + target); }

// The family's spec when it has a memory model; std::invalid_argument naming `what` otherwise.
const config::FamilySpec& planned(const config::ModelConfig& m, const char* what) {
  const config::FamilySpec* spec = config::find_family(m.family);
  if (!spec || !spec->parameter_count)
    throw std::invalid_argument(std::string("plan: no ") + what + " for family \"" + m.family + "\"");
  return *spec;
}
std::int64_t head_params(const config::ModelConfig& m) { return planned(m, "memory model").head_parameters(m); }
}  // namespace

std::vector<LinearShape> encoder_linears(const config::ModelConfig& m) {
  const auto one = planned(m, "memory model").layer_linears(m);
  std::vector<LinearShape> all;
  for (int l = 0; l < m.num_layers; ++l)
    for (const auto& s : one) all.push_back(s);
  return all;
}

std::vector<LinearShape> adaptable_linears(const config::ModelConfig& m) {
  auto all = encoder_linears(m);
  for (const auto& s : planned(m, "memory model").other_linears(m)) all.push_back(s);
  return all;
}

std::int64_t parameter_count(const config::ModelConfig& m) { return planned(m, "parameter formula").parameter_count(m); }

namespace {

// Bytes per sample one LoRA adapter keeps (lora_linear.cpp: lora_B(lora_A(dropout(x.to(fp32)))) * scaling): the
// dropout's mask (p > 0), the dropped input lora_A keeps (its bf16 cast under autocast), the rank-r product
// lora_B keeps. Each adapter keeps its own copies, also where q, k and v read the same input (PEFT's semantics: one
// dropout per adapter). With p = 0 lora_A keeps the input itself (fp32; counted per adapter, an upper bound where
// adapters share it) or its cast.
std::int64_t adapter_bytes(const config::ActivationKernels& k, std::int64_t tokens, std::int64_t in, std::int64_t r,
                           double dropout) {
  const std::int64_t mask = dropout > 0 ? (k.cuda ? 1 : 4) * tokens * in : 0;
  return mask + (k.bf16 ? 2 : 4) * tokens * in + (k.bf16 ? 2 : 4) * tokens * r;
}

// The peak of a step: the weights and optimizer state throughout, then the larger of the forward/backward peak
// (activations of one micro-batch; the gradients of earlier micro-batches when there are several) and the end of
// backward into the optimizer step (all gradients, their bucket copies on several ranks, AdamW's temporaries).
std::int64_t step_peak(const PlanResult& r, std::int64_t activation_bytes, std::int64_t passes, std::int64_t ranks,
                       std::int64_t step_temporaries) {
  const std::int64_t backward = activation_bytes + (passes > 1 ? r.gradient_bytes : 0);
  const std::int64_t step = r.gradient_bytes * (ranks > 1 ? 2 : 1) + step_temporaries;
  return r.weight_bytes + r.master_bytes + r.optimizer_bytes + std::max(backward, step);
}

}  // namespace

PlanResult plan_memory(const PlanInput& in) {
  const auto& m = in.model;
  const auto& spec = planned(m, "memory model");
  if (!spec.layer_activation_bytes)
    throw std::invalid_argument("plan: no activation formula for family \"" + m.family + "\"");
  PlanResult r;
  r.parameters = parameter_count(m);
  const std::int64_t L = in.sequence_tokens, H = m.hidden_size;
  config::ActivationKernels k;
  k.tokens = L;
  k.bf16 = in.precision == "bf16";
  k.cuda = in.device != "cpu";
  k.frozen_base = in.lora.enabled;

  std::int64_t lora_params = 0, lora_layer_act = 0, lora_other_act = 0, linear_weights = 0, largest = 0;
  const auto layer_shapes = spec.layer_linears(m);
  const auto all = adaptable_linears(m);
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& s = all[i];
    linear_weights += s.in * s.out;
    largest = std::max(largest, s.in * s.out);
    if (!in.lora.enabled) continue;
    for (const auto& t : in.lora.target_modules)
      if (matches(s.name, t)) {
        lora_params += in.lora.r * (s.in + s.out);
        // Encoder layers see every token; modules outside them (the pooler) see the first token only.
        const bool in_layer = i < layer_shapes.size() * std::size_t(m.num_layers);
        (in_layer ? lora_layer_act : lora_other_act) += adapter_bytes(k, in_layer ? L : 1, s.in, in.lora.r,
                                                                      in.lora.dropout);
        ++r.adapted_modules;
        break;
      }
  }
  linear_weights += head_params(m);
  if (in.lora.enabled) {
    r.trainable = lora_params + head_params(m);
  } else {
    r.trainable = r.parameters;
    largest = std::max(largest, std::int64_t(m.vocab_size) * H);  // the word embedding's AdamW temporaries
  }
  // frozen base: everything but the head under LoRA; nothing in full fine-tuning
  const std::int64_t base = in.lora.enabled ? r.parameters - head_params(m) : 0;
  const bool bf16_base = in.lora.enabled && in.lora.base_dtype == "bf16";
  r.weight_bytes = 4 * r.trainable + (bf16_base ? 2 : 4) * base;
  // Autocast's bf16 copies of the fp32 Linear weights it feeds to matmuls (cached for trainable weights, one per
  // call and kept for backward for frozen ones), alive until the step's autocast scope ends after backward.
  if (k.bf16 && !bf16_base) r.weight_bytes += 2 * linear_weights;
  r.master_bytes = 0;  // trainable params are held in fp32: no separate master copy
  r.gradient_bytes = 4 * r.trainable;
  r.optimizer_bytes = 8 * r.trainable;
  if (in.lora.enabled) r.parameters += lora_params;  // the total includes the adapters

  const std::int64_t layer = spec.layer_activation_bytes(m, k) + (m.num_layers ? lora_layer_act / m.num_layers : 0);
  // Outside the layers: the embeddings' LayerNorm input and dropout mask (post-LN families) or the final
  // LayerNorm's input (ESM), bounded by two fp32 [L, H]; the head works on one token per sample.
  const std::int64_t outside = 2 * 4 * L * H + lora_other_act;
  const std::int64_t transient = config::activation_terms::backward_transient(m, k, spec.ffn_in_width(m));
  // With checkpointing each layer keeps only its fp32 input; backward recomputes one layer at a time.
  // A chunked row is windows_per_row sequences of L tokens, all in the same forward and backward.
  r.windows_per_row = std::max<std::int64_t>(1, in.windows_per_row);
  r.activation_bytes_per_sample =
      r.windows_per_row *
      ((in.activation_checkpointing ? m.num_layers * 4 * L * H + layer : m.num_layers * layer) + outside + transient);
  r.overhead_bytes = fixed_overhead::kTotal;
  const double budget = in.device_memory_gib * double(std::int64_t(1) << 30);
  r.micro_batch = in.micro_batch > 0 ? std::min(in.micro_batch, in.per_rank_batch) : in.per_rank_batch;
  r.activation_bytes = r.micro_batch * r.activation_bytes_per_sample;
  const std::int64_t temporaries = 2 * 4 * largest * (in.lora.enabled ? 0 : 1);
  auto passes = [&](std::int64_t micro) { return (in.per_rank_batch + micro - 1) / std::max<std::int64_t>(1, micro); };
  r.total_bytes = step_peak(r, r.activation_bytes, passes(r.micro_batch), in.ranks, temporaries) + r.overhead_bytes;
  r.fits = double(r.total_bytes) <= budget;
  for (std::int64_t b = 1; b <= in.per_rank_batch; b *= 2)
    if (double(step_peak(r, b * r.activation_bytes_per_sample, passes(b), in.ranks, temporaries) + r.overhead_bytes) <=
        budget)
      r.recommended_micro_batch = b;
  return r;
}

std::int64_t row_tokens(const std::string& tokenizer, std::int64_t length_bp, std::int64_t k) {
  if (tokenizer == "nt") return (length_bp + 5) / 6 + 1;
  if (tokenizer == "kmer") return length_bp - k + 1 + 2;
  return length_bp / 4 + 2;
}

std::int64_t sequence_tokens(const std::string& tokenizer, std::int64_t length_bp, std::int64_t k,
                             std::int64_t max_positions) {
  return std::min(row_tokens(tokenizer, length_bp, k), max_positions);
}

}  // namespace lnc::launcher
