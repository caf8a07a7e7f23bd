#include "trainer/components/gradient_clipping.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

namespace lnc::trainer {

at::Tensor clip_gradient_norm(const std::vector<at::Tensor>& parameters, double max_norm) {
  at::AutoGradMode no_grad(false);  // the gradients are modified in place, outside autograd
  std::vector<at::Tensor> grads;
  grads.reserve(parameters.size());
  for (const auto& p : parameters)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return {};
  const auto norms = at::_foreach_norm(grads, 2);
  auto total = at::linalg_vector_norm(at::stack(norms), 2);
  auto factor = at::clamp_max(max_norm / (total + 1e-6), 1.0);
  at::_foreach_mul_(grads, factor);
  return total;
}

}  // namespace lnc::trainer
