#include "trainer/lora/apply_lora.h"

#include <stdexcept>

#include "base/strings.h"
#include "trainer/lora/lora_linear.h"

namespace lnc::trainer {

namespace {
bool inside(const std::string& name, const std::vector<std::string>& module_names) {
  for (const auto& m : module_names)
    if (name == m || starts_with(name, m + ".")) return true;
  return false;
}
}  // namespace

// PEFT check_target_module_exists with a list: key == target or key.endswith("." + target).
bool lora_target_matches(const std::string& module_name, const std::string& target) {
  return module_name == target || ends_with(module_name, "." + target);
}

// PEFT _set_trainable / modules_to_save: key.endswith(entry) (plain suffix, as PEFT writes it).
bool modules_to_save_matches(const std::string& module_name, const std::string& entry) {
  return ends_with(module_name, entry);
}

LoraApplied apply_lora(SequenceClassifier& model, const LoraSettings& settings) {
  if (settings.target_modules.empty()) throw std::invalid_argument("lora: target_modules is empty");
  if (settings.base_dtype != "fp32" && settings.base_dtype != "bf16")
    throw std::invalid_argument("lora: base_dtype must be \"fp32\" or \"bf16\", got \"" + settings.base_dtype + "\"");
  LoraApplied applied;
  auto saved = settings.modules_to_save;
  // PEFT adds the head for SEQ_CLS ("classifier", "score"); every family here calls its head "classifier".
  bool has_classifier = false;
  for (const auto& m : saved) has_classifier |= m == "classifier";
  if (!has_classifier) saved.push_back("classifier");

  auto named = model.named_modules(/*name_prefix=*/"", /*include_self=*/false);
  // Outermost matching modules only: "classifier" saves "classifier.dense" too.
  for (const auto& item : named) {
    const auto& name = item.key();
    if (inside(name, applied.saved_modules)) continue;
    for (const auto& entry : saved)
      if (modules_to_save_matches(name, entry)) {
        applied.saved_modules.push_back(name);
        break;
      }
  }
  LoraHyper hyper{settings.r, settings.alpha, settings.dropout};
  for (const auto& item : named) {
    const auto& name = item.key();
    if (inside(name, applied.saved_modules)) continue;  // PEFT injects no adapter inside modules_to_save
    auto* linear = item.value()->as<AdaptableLinearImpl>();
    if (!linear) continue;
    for (const auto& target : settings.target_modules)
      if (lora_target_matches(name, target)) {
        linear->attach_lora(hyper);
        applied.adapted_modules.push_back(name);
        break;
      }
  }
  if (applied.adapted_modules.empty())
    throw std::invalid_argument("lora: no linear module matches target_modules (first: \"" +
                                settings.target_modules.front() + "\")");

  for (auto& p : model.named_parameters(/*recurse=*/true)) {
    const auto& name = p.key();
    bool trainable = inside(name.substr(0, name.rfind('.')), applied.saved_modules) ||
                     name.find(".lora_A.") != std::string::npos || name.find(".lora_B.") != std::string::npos;
    auto& t = p.value();
    t.set_requires_grad(trainable);
    if (!trainable && settings.base_dtype == "bf16") {
      torch::NoGradGuard no_grad;
      t.set_data(t.to(torch::kBFloat16));
    }
    applied.total_parameters += t.numel();
    if (trainable) applied.trainable_parameters += t.numel();
  }
  return applied;
}

std::vector<torch::Tensor> trainable_parameters(torch::nn::Module& model) {
  std::vector<torch::Tensor> out;
  for (auto& p : model.parameters(/*recurse=*/true))
    if (p.requires_grad()) out.push_back(p);
  return out;
}

}  // namespace lnc::trainer
