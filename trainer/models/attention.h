#pragma once
// Scaled dot-product attention shared by every family. Without probabilities requested it goes through
// at::scaled_dot_product_attention (flash / memory-efficient kernels on GPU); the explicit path computes
// softmax(q k^T * scale + bias) and returns the probabilities. Both take the same additive bias.
#include <torch/torch.h>

namespace lnc::trainer {

struct AttentionResult {
  torch::Tensor context;        // [B, heads, L, head_dim]
  torch::Tensor probabilities;  // [B, heads, L, L] when requested, else undefined
};

// q, k, v: [B, heads, L, head_dim]; bias broadcastable to [B, heads, L, L] (undefined = none);
// scale multiplies q k^T. dropout_p applies to the probabilities when training.
AttentionResult scaled_dot_product(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   const torch::Tensor& bias, double scale, double dropout_p, bool training,
                                   bool return_probabilities);

// HF's extended mask: 0 where attention_mask is 1, `fill` (finfo(dtype).min for HF BERT/ESM) where 0; [B,1,1,L].
torch::Tensor additive_padding_mask(const torch::Tensor& attention_mask, torch::ScalarType dtype, double fill);

// HF ESM's RotaryEmbedding (NT v2): positions 0..L-1 (L = x.size(-2)) whatever the padding, angles
// outer(pos, inv_freq) duplicated to head_dim (cat(freqs, freqs)), x*cos + rotate_half(x)*sin with the half-split
// rotate_half(x) = cat(-x[..., d/2:], x[..., :d/2]). x: [B, heads, L, head_dim]; inv_freq: [head_dim/2].
torch::Tensor apply_rotary(const torch::Tensor& x, const torch::Tensor& inv_freq);
// inv_freq = 1 / base^(arange(0, head_dim, 2) / head_dim), float32 as HF builds it (base 10000 = rope_theta).
torch::Tensor rotary_inv_freq(int64_t head_dim, double base = 10000.0);

}  // namespace lnc::trainer
