#pragma once
// Turns a freshly built (or loaded) classifier into a LoRA model, PEFT-style:
//  1. every AdaptableLinear whose module name matches a target (see lora_settings.h) and that is NOT inside a
//     modules_to_save module gets an adapter (lora_A kaiming-uniform, lora_B zeros);
//  2. requires_grad is switched off for every parameter except the adapters and the modules_to_save parameters,
//     so only those get gradients, optimizer state and all-reduce traffic;
//  3. with base_dtype "bf16" the frozen parameters are cast to bf16 (trainable ones stay fp32).
// Returns what was adapted, for logging and the adapter_config.json.
#include <string>
#include <vector>

#include "config/lora_settings.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

using config::LoraSettings;

struct LoraApplied {
  std::vector<std::string> adapted_modules;  // full module names, e.g. "esm.encoder.layer.0.attention.self.query"
  std::vector<std::string> saved_modules;    // full module names trained in full, e.g. "classifier"
  std::int64_t trainable_parameters = 0;
  std::int64_t total_parameters = 0;
};

// PEFT's matching rules, exposed for tests.
bool lora_target_matches(const std::string& module_name, const std::string& target);
bool modules_to_save_matches(const std::string& module_name, const std::string& entry);

LoraApplied apply_lora(SequenceClassifier& model, const LoraSettings& settings);

// Parameters with requires_grad, in named_parameters() order (what the optimizer and GradientSync get).
std::vector<torch::Tensor> trainable_parameters(torch::nn::Module& model);


}  // namespace lnc::trainer
