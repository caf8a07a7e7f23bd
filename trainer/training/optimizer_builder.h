#pragma once
// The AdamW optimizer of a training run, with the parameter groups of transformers' Trainer: every trainable
// parameter is weight-decayed except biases and LayerNorm weights (group 1, weight_decay 0). Frozen parameters
// (LoRA's base model) belong to no group.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "config/run_config.h"

namespace lnc::trainer {

// True for a parameter that is not decayed: its last path component is "bias" ("bias", "query.bias"), or its
// path names a layer norm ("LayerNorm", "layernorm" or "layer_norm" anywhere: "LayerNorm.weight",
// "encoder.layer_norm.weight"). Any other name, however short ("a.b", "abcd"), is decayed.
bool no_decay(const std::string& name);

struct ParameterGroups {
  std::vector<torch::Tensor> decayed, undecayed;            // AdamW groups 0 and 1
  std::vector<std::string> decayed_names, undecayed_names;  // their module paths, same order
  std::vector<torch::Tensor> trainable;  // both groups in named_parameters() order (gradient sync, clipping)
};

// Splits the parameters that require grad, in the order given (module->named_parameters()).
ParameterGroups parameter_groups(const torch::OrderedDict<std::string, torch::Tensor>& named_parameters);

// Group 0 (decayed) with the configured weight_decay, group 1 (undecayed) with 0; lr, betas and eps as configured
// in both (the lr is set again before every step by the schedule: set_learning_rate). The optimizer is a
// FusedAdamW (trainer/training/fused_adamw.h): one fused kernel per group, the loop version's updates and state.
std::unique_ptr<torch::optim::AdamW> make_adamw(const ParameterGroups& groups,
                                                const config::OptimizerConfig& optimizer);

// Every group's learning rate.
void set_learning_rate(torch::optim::AdamW& optimizer, double lr);

}  // namespace lnc::trainer
