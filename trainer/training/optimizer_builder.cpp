#include "trainer/training/optimizer_builder.h"

#include "trainer/training/fused_adamw.h"

namespace lnc::trainer {

bool no_decay(const std::string& name) {
  // The suffix is compared only where it fits (a name shorter than ".bias" is not a bias unless it is "bias").
  const std::string suffix = ".bias";
  const bool bias = name == "bias" || (name.size() >= suffix.size() &&
                                       name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0);
  return bias || name.find("LayerNorm") != std::string::npos || name.find("layernorm") != std::string::npos ||
         name.find("layer_norm") != std::string::npos;
}

ParameterGroups parameter_groups(const torch::OrderedDict<std::string, torch::Tensor>& named_parameters) {
  ParameterGroups out;
  for (const auto& item : named_parameters) {
    if (!item.value().requires_grad()) continue;
    out.trainable.push_back(item.value());
    const bool plain = no_decay(item.key());
    (plain ? out.undecayed : out.decayed).push_back(item.value());
    (plain ? out.undecayed_names : out.decayed_names).push_back(item.key());
  }
  return out;
}

std::unique_ptr<torch::optim::AdamW> make_adamw(const ParameterGroups& groups,
                                                const config::OptimizerConfig& optimizer) {
  auto options = [&](double weight_decay) {
    return std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(optimizer.lr)
                                                            .betas({optimizer.beta1, optimizer.beta2})
                                                            .eps(optimizer.eps)
                                                            .weight_decay(weight_decay));
  };
  std::vector<torch::optim::OptimizerParamGroup> param_groups;
  param_groups.emplace_back(groups.decayed, options(optimizer.weight_decay));
  param_groups.emplace_back(groups.undecayed, options(0.0));
  // The defaults only apply to groups without options of their own: every group here has them.
  return std::make_unique<FusedAdamW>(param_groups, torch::optim::AdamWOptions(optimizer.lr));
}

void set_learning_rate(torch::optim::AdamW& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

}  // namespace lnc::trainer
