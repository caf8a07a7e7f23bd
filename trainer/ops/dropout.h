#pragma once
// Inverted dropout, the one place every model draws its dropout masks (hidden states, attention probabilities,
// LoRA inputs): y = x * noise, noise = 1 / (1 - p) where an element is kept (probability 1 - p) and 0 where it is
// dropped; the identity when not training or p = 0. The same graph as torch::dropout (a product with a noise
// tensor of x's dtype, which autograd keeps for backward), so results, gradients and memory have the same form.
//
// Why not torch::dropout on the CPU: its noise comes from bernoulli_, one mt19937 draw per element on one thread
// (about 6 ns an element here: 12% of a BERT-small training step at 1 thread and 21% at 2, docs/performance.md).
// Here the CPU noise comes from a counter-based generator: one 64-bit seed per call, drawn from the default CPU
// generator (so torch::manual_seed fixes the masks, and activation checkpointing, which restores that generator's
// state before recomputing a layer, replays them), and element pair j gets splitmix64's output for the counter
// seed + (j + 1) * 0x9e3779b97f4a7c15; its low and high 32 bits, compared with floor((1 - p) * 2^32), keep or
// drop elements 2j and 2j + 1 (so the keep probability is exact to 2^-32). Pairs are filled in parallel
// (at::parallel_for); the mask depends on the seed and the element's index only, never on the thread count.
// Other devices: torch::dropout (CUDA's fused kernel draws Philox numbers on the device).
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace lnc::trainer {

at::Tensor inverted_dropout(const at::Tensor& x, double p, bool training);

// The CPU noise tensor dropout(x) multiplies by, for a given seed (tests; inverted_dropout() draws the seed itself).
at::Tensor cpu_dropout_noise(const at::Tensor& like, double p, std::uint64_t seed);

}  // namespace lnc::trainer
