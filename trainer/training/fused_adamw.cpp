#include "trainer/training/fused_adamw.h"

#include <map>
#include <stdexcept>
#include <tuple>

namespace lnc::trainer {

FusedAdamW::FusedAdamW(const std::vector<torch::optim::OptimizerParamGroup>& param_groups,
                       torch::optim::AdamWOptions defaults)
    : torch::optim::AdamW(param_groups, defaults) {
  for (const auto& group : this->param_groups())
    if (static_cast<const torch::optim::AdamWOptions&>(group.options()).amsgrad())
      throw std::invalid_argument("FusedAdamW: amsgrad is not supported");
}

torch::Tensor FusedAdamW::step(LossClosure closure) {
  torch::NoGradGuard no_grad;
  torch::Tensor loss;
  if (closure) {
    at::AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups()) {
    const auto& options = static_cast<const torch::optim::AdamWOptions&>(group.options());
    // The fused kernel takes tensors of one device and dtype per call.
    struct Lists {
      std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs, steps, new_steps;
    };
    std::map<std::tuple<int, int, int>, Lists> lists;
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;  // as the loop: a parameter without a gradient is not stepped
      auto& slot = state()[p.unsafeGetTensorImpl()];
      if (!slot) {
        auto fresh = std::make_unique<torch::optim::AdamWParamState>();
        fresh->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        fresh->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        slot = std::move(fresh);
      }
      auto& s = static_cast<torch::optim::AdamWParamState&>(*slot);
      auto& count = step_counts_[p.unsafeGetTensorImpl()];
      auto& l = lists[{static_cast<int>(p.device().type()), p.device().index(), static_cast<int>(p.scalar_type())}];
      if (!count.value.defined() || count.host != s.step() || count.value.device() != p.device()) {
        // A new parameter or a loaded state: the count starts from the state's, already incremented.
        count.value = torch::full({}, static_cast<double>(s.step() + 1), p.options().dtype(torch::kFloat32));
      } else {
        l.steps.push_back(count.value);
      }
      s.step(s.step() + 1);
      count.host = s.step();
      l.params.push_back(p);
      l.grads.push_back(p.grad());
      l.exp_avgs.push_back(s.exp_avg());
      l.exp_avg_sqs.push_back(s.exp_avg_sq());
      l.new_steps.push_back(count.value);
    }
    for (auto& [key, l] : lists) {
      (void)key;
      if (!l.steps.empty()) at::_foreach_add_(l.steps, 1.0);
      at::_fused_adamw_(l.params, l.grads, l.exp_avgs, l.exp_avg_sqs, /*max_exp_avg_sqs=*/{}, l.new_steps,
                        options.lr(), std::get<0>(options.betas()), std::get<1>(options.betas()),
                        options.weight_decay(), options.eps(), /*amsgrad=*/false, /*maximize=*/false);
    }
  }
  return loss;
}

}  // namespace lnc::trainer
