#pragma once
// The building blocks every family's modules share, once: LayerNorm and Linear constructors as HF's modules
// configure them, dropout, the classifier dropout rule, and per-layer activation checkpointing.
//
// Activation checkpointing for LibTorch C++ (which has no torch.utils.checkpoint): y = fn(x) is computed under
// NoGradGuard, so none of fn's intermediate activations are kept; backward re-runs fn(x) with grad enabled and
// back-propagates through the recomputed graph (the reentrant variant of torch.utils.checkpoint). Parameter
// gradients inside fn accumulate into .grad during that inner backward, as in PyTorch's reentrant checkpoint.
// The CPU default generator state is restored before the recompute, so CPU dropout masks are identical; CUDA
// dropout masks are not replayed (use dropout 0 or accept a different mask on GPU).
// Only x is differentiable through the boundary; fn must capture any other inputs (masks) as constants, by value:
// a checkpointed layer is re-run in backward, after the forward's frame is gone.
#include <torch/torch.h>

#include <functional>

#include "trainer/lora/lora_linear.h"
#include "trainer/models/sequence_classifier.h"

namespace lnc::trainer {

torch::nn::LayerNorm layer_norm(int64_t width, double eps);
// A Linear that LoRA can adapt later (exactly nn::Linear without an adapter).
AdaptableLinear linear(int64_t in, int64_t out, bool bias = true);
torch::Tensor apply_dropout(const torch::Tensor& x, double p, bool training);
// HF's classifier_dropout, falling back to hidden_dropout when unset (< 0), as BertForSequenceClassification does.
double classifier_dropout(const ModelConfig& c);

using LayerFunction = std::function<torch::Tensor(const torch::Tensor&)>;

// fn(x) with only x kept for backward (see above).
torch::Tensor checkpointed(const LayerFunction& fn, const torch::Tensor& x);

// Whether a forward recomputes its layers: checkpointing on, training with grad, and no per-layer outputs asked for.
bool recompute_layers(bool checkpointing, bool training, const ForwardOptions& options);
// One encoder layer: checkpointed when `recompute`, else called directly.
torch::Tensor apply_layer(const LayerFunction& fn, const torch::Tensor& x, bool recompute);

}  // namespace lnc::trainer
