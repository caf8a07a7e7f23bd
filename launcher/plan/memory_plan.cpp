#include "launcher/plan/memory_plan.h"

#include <algorithm>
#include <stdexcept>

#include "base/strings.h"

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
std::int64_t layer_activation_bytes(const config::ModelConfig& m, std::int64_t L, std::int64_t e) {
  const std::int64_t H = m.hidden_size, F = m.intermediate_size, a = m.num_heads;
  const std::int64_t Fi = planned(m, "memory model").ffn_in_width(m);
  return e * L * (10 * H + Fi + F) + e * 2 * a * L * L + (a * L * L + 2 * L * H);
}
}  // namespace

PlanResult plan_memory(const PlanInput& in) {
  const auto& m = in.model;
  PlanResult r;
  r.parameters = parameter_count(m);
  std::int64_t lora_params = 0, lora_act = 0;
  const std::int64_t L = in.sequence_tokens;
  if (in.lora.enabled) {
    for (const auto& s : adaptable_linears(m))
      for (const auto& t : in.lora.target_modules)
        if (matches(s.name, t)) {
          lora_params += in.lora.r * (s.in + s.out);
          lora_act += 4 * L * (s.in + in.lora.r);
          ++r.adapted_modules;
          break;
        }
    r.trainable = lora_params + head_params(m);
  } else {
    r.trainable = r.parameters;
  }
  // frozen base: everything but the head under LoRA; nothing in full fine-tuning
  const std::int64_t base = in.lora.enabled ? r.parameters - head_params(m) : 0;
  const bool bf16_base = in.lora.enabled && in.lora.base_dtype == "bf16";
  r.weight_bytes = 4 * r.trainable + (bf16_base ? 2 : 4) * base;
  // autocast caches a bf16 copy of each fp32 weight it feeds to a matmul during the forward
  if (in.precision == "bf16" && !bf16_base) r.weight_bytes += 2 * (in.lora.enabled ? base : r.parameters);
  r.master_bytes = 0;  // trainable params are held in fp32: no separate master copy
  r.gradient_bytes = 4 * r.trainable;
  r.optimizer_bytes = 8 * r.trainable;
  if (in.lora.enabled) r.parameters += lora_params;  // the total includes the adapters

  const std::int64_t e = in.precision == "bf16" ? 2 : 4;
  const std::int64_t layer = layer_activation_bytes(m, L, e) + (m.num_layers ? lora_act / m.num_layers : 0);
  const std::int64_t H = m.hidden_size;
  r.activation_bytes_per_sample =
      (in.activation_checkpointing ? m.num_layers * e * L * H + layer : m.num_layers * layer) + 2 * e * L * H;
  r.overhead_bytes = std::int64_t(1) << 30;
  const std::int64_t fixed = r.weight_bytes + r.master_bytes + r.gradient_bytes + r.optimizer_bytes + r.overhead_bytes;
  const double budget = in.device_memory_gib * double(std::int64_t(1) << 30);
  r.micro_batch = in.micro_batch > 0 ? in.micro_batch : in.per_rank_batch;
  r.activation_bytes = r.micro_batch * r.activation_bytes_per_sample;
  r.total_bytes = fixed + r.activation_bytes;
  r.fits = double(r.total_bytes) <= budget;
  for (std::int64_t b = 1; b <= in.per_rank_batch; b *= 2)
    if (double(fixed + b * r.activation_bytes_per_sample) <= budget) r.recommended_micro_batch = b;
  return r;
}

std::int64_t sequence_tokens(const std::string& tokenizer, std::int64_t length_bp, std::int64_t k,
                             std::int64_t max_positions) {
  std::int64_t n = 0;
  if (tokenizer == "nt") n = (length_bp + 5) / 6 + 1;
  else if (tokenizer == "kmer") n = length_bp - k + 1 + 2;
  else n = length_bp / 4 + 2;
  return std::min(n, max_positions);
}

}  // namespace lnc::launcher
