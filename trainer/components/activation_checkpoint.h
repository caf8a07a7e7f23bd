#pragma once
// Activation checkpointing for LibTorch C++ (which has no torch.utils.checkpoint): y = fn(x) is computed under
// NoGradGuard, so none of fn's intermediate activations are kept; backward re-runs fn(x) with grad enabled and
// back-propagates through the recomputed graph (the reentrant variant of torch.utils.checkpoint). Parameter
// gradients inside fn accumulate into .grad during that inner backward, as in PyTorch's reentrant checkpoint.
// The CPU default generator state is restored before the recompute, so CPU dropout masks are identical; CUDA
// dropout masks are not replayed (use dropout 0 or accept a different mask on GPU).
// Only x is differentiable through the boundary; fn must capture any other inputs (masks) as constants.
#include <torch/torch.h>

#include <functional>

namespace lnc::trainer {

using LayerFunction = std::function<torch::Tensor(const torch::Tensor&)>;

torch::Tensor checkpointed(const LayerFunction& fn, const torch::Tensor& x);

}  // namespace lnc::trainer
