#pragma once
// The shared terms of the families' activation formulas (rules in config/activation_kernels.h). Bytes per sample.
#include <cstdint>

#include "config/activation_kernels.h"
#include "config/model_config.h"

namespace lnc::config::activation_terms {

// Bytes of an element a Linear or matmul writes: 2 under bf16 autocast, 4 in fp32.
std::int64_t low(const ActivationKernels& k);
// A dropout of n elements of `element` bytes with probability p.
std::int64_t dropout(const ActivationKernels& k, std::int64_t n, std::int64_t element, double p);
// What `readers` Linears reading one fp32 tensor of n elements keep of it for their weight gradients: nothing when
// frozen; one bf16 cast each under autocast; in fp32 the tensor itself, once (0 when already kept by another op).
std::int64_t linear_inputs(const ActivationKernels& k, std::int64_t n, int readers, bool kept_anyway = false);
// LayerNorm over n = L x H elements: its fp32 input and statistics.
std::int64_t layer_norm(const ActivationKernels& k, std::int64_t n);
// Self-attention from q, k, v to the context fed to the output projection, for one sample: what SDPA keeps and the
// context copy that projection keeps. `packed_qkv`: q, k, v are views of one fused [L, 3H] tensor (DNABERT-2's
// Wqkv), which the family counts itself (it stays alive whole while any view is kept).
std::int64_t attention(const ModelConfig& c, const ActivationKernels& k, bool packed_qkv);
// Transient buffers at the peak of one layer's backward (gradients of the largest saved tensors), per sample.
std::int64_t backward_transient(const ModelConfig& c, const ActivationKernels& k, std::int64_t ffn_in_width);

}  // namespace lnc::config::activation_terms
