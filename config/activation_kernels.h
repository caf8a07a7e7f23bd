#pragma once
// What the kernels of a training step keep for backward, for the memory plan's per-family activation formulas
// (FamilySpec::layer_activation_bytes, launcher/plan/memory_plan.h). Counted from the saved tensors of the ops the
// models call (trainer/models/), checked on CPU with the counting allocator (tests/unit/memory_plan_measured_test.cpp).
// Rules every family shares (config/families/activation_terms.h applies them):
//   - under bf16 autocast a Linear casts its fp32 input to bf16 on every call (autocast caches only parameter
//     casts), and keeps that cast for its weight gradient; with a frozen weight (LoRA's base) it keeps no input;
//   - LayerNorm and the residual adds run in fp32 (fp32 residual stream), LayerNorm keeps its input and two fp32
//     statistics per token;
//   - dropout with p > 0 keeps a mask: on CUDA 1 byte per element (native_dropout's bool mask), on CPU a noise
//     tensor of the input's dtype; dropout with p = 0 returns its input and keeps nothing;
//   - attention: CUDA's fused SDPA kernels (flash for bf16, memory-efficient for fp32; both with dropout) keep
//     q, k, v, the output and a fp32 log-sum-exp per row and head, nothing of size L^2; CPU's flash kernel does
//     the same without dropout, and with attention dropout > 0 CPU falls back to the math path, which keeps fp32
//     copies of the scaled q and k, v, the softmax output, the dropout noise and the dropped probabilities
//     (three fp32 tensors of heads x L^2).
// No torch here.
#include <cstdint>

namespace lnc::config {

struct ActivationKernels {
  std::int64_t tokens = 0;   // L: tokens per sequence
  bool bf16 = false;         // bf16 autocast (else fp32)
  bool cuda = true;          // CUDA kernels (else CPU)
  bool frozen_base = false;  // LoRA: the encoder's Linear weights are frozen
};

}  // namespace lnc::config
