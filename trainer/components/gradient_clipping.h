#pragma once
// Clipping of the global L2 norm of a set of gradients to max_norm, computed and applied on the device without
// reading the norm on the host: the norms of all gradients in one _foreach_norm, their norm, the factor
// min(1, max_norm / (norm + 1e-6)) as a tensor, and one _foreach_mul_ (as torch.nn.utils.clip_grad_norm_ in
// Python; LibTorch's C++ version returns the norm as a double, a host synchronisation every step). A factor of
// exactly 1 leaves the gradients as they were. Parameters without a gradient are skipped; the returned tensor is
// the total norm before clipping (undefined when no parameter has a gradient).
#include <ATen/core/Tensor.h>

#include <vector>

namespace lnc::trainer {

at::Tensor clip_gradient_norm(const std::vector<at::Tensor>& parameters, double max_norm);
// The same total norm without clipping (undefined when no parameter has a gradient).
at::Tensor gradient_norm(const std::vector<at::Tensor>& parameters);

}  // namespace lnc::trainer
