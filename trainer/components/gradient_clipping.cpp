#include "trainer/components/gradient_clipping.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

namespace lnc::trainer {

namespace {

std::vector<at::Tensor> defined_gradients(const std::vector<at::Tensor>& parameters) {
  std::vector<at::Tensor> grads;
  grads.reserve(parameters.size());
  for (const auto& p : parameters)
    if (p.grad().defined()) grads.push_back(p.grad());
  return grads;
}

at::Tensor total_norm(const std::vector<at::Tensor>& grads) {
  return at::linalg_vector_norm(at::stack(at::_foreach_norm(grads, 2)), 2);
}

}  // namespace

at::Tensor gradient_norm(const std::vector<at::Tensor>& parameters) {
  at::AutoGradMode no_grad(false);
  const auto grads = defined_gradients(parameters);
  return grads.empty() ? at::Tensor() : total_norm(grads);
}

at::Tensor clip_gradient_norm(const std::vector<at::Tensor>& parameters, double max_norm) {
  at::AutoGradMode no_grad(false);  // the gradients are modified in place, outside autograd
  auto grads = defined_gradients(parameters);
  if (grads.empty()) return {};
  auto total = total_norm(grads);
  auto factor = at::clamp_max(max_norm / (total + 1e-6), 1.0);
  at::_foreach_mul_(grads, factor);
  return total;
}

}  // namespace lnc::trainer
