#include "config/families/activation_terms.h"

#include <algorithm>

namespace lnc::config::activation_terms {

std::int64_t low(const ActivationKernels& k) { return k.bf16 ? 2 : 4; }

std::int64_t dropout(const ActivationKernels& k, std::int64_t n, std::int64_t element, double p) {
  if (p <= 0) return 0;
  return k.cuda ? n : n * element;
}

std::int64_t linear_inputs(const ActivationKernels& k, std::int64_t n, int readers, bool kept_anyway) {
  if (k.frozen_base) return 0;
  if (k.bf16) return 2 * n * readers;
  return kept_anyway ? 0 : 4 * n;
}

std::int64_t layer_norm(const ActivationKernels& k, std::int64_t n) { return 4 * n + 8 * k.tokens; }

namespace {
bool math_path(const ModelConfig& c, const ActivationKernels& k) { return !k.cuda && c.attention_dropout > 0; }
}  // namespace

std::int64_t attention(const ModelConfig& c, const ActivationKernels& k, bool packed_qkv) {
  const std::int64_t L = k.tokens, n = L * c.hidden_size, scores = std::int64_t(c.num_heads) * L * L;
  if (math_path(c, k)) {
    // fp32 (CPU autocast runs the math path in fp32): scaled q and k copies, v (a contiguous copy, or for packed
    // qkv in fp32 the fused tensor the view keeps alive, counted by the family), softmax output, dropout noise,
    // dropped probabilities; the context is re-laid out into a new tensor the output projection keeps.
    const std::int64_t v = packed_qkv && !k.bf16 ? 0 : 4 * n;
    const std::int64_t context = k.frozen_base ? 0 : (k.bf16 ? 2 : 4) * n;
    return 8 * n + v + 3 * 4 * scores + context;
  }
  // Fused kernels: q, k, v in the linear's dtype (for packed qkv: counted by the family), the output (whose
  // transpose-reshape is a view, the context) and the log-sum-exp.
  const std::int64_t s = low(k);
  return (packed_qkv ? 0 : 3 * n * s) + n * s + 4 * std::int64_t(c.num_heads) * L;
}

std::int64_t backward_transient(const ModelConfig& c, const ActivationKernels& k, std::int64_t ffn_in_width) {
  const std::int64_t L = k.tokens, n = L * c.hidden_size;
  const std::int64_t scores = math_path(c, k) ? 2 * 4 * std::int64_t(c.num_heads) * L * L : 0;
  return std::max(scores, 4 * L * ffn_in_width) + 2 * 4 * n;
}

}  // namespace lnc::config::activation_terms
