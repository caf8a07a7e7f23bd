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

}  // namespace lnc::trainer
