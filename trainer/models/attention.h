#pragma once
// Scaled dot-product attention shared by every family. Without probabilities requested it goes through
// at::scaled_dot_product_attention (flash / memory-efficient kernels on GPU); the explicit path computes
// softmax(q k^T * scale + bias) and returns the probabilities. Both take the same additive bias.
// It is also the one place that chooses how a batch with padding is computed (choose_padding_path) and which
// kernel attends over packed rows (packed_self_attention).
#include <torch/torch.h>

#include "trainer/models/packed_rows.h"

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

// What a family that can drop padding (DNABERT-2) does with this batch. automatic: unpadded when the batch has
// padding and no attention probabilities are asked for (they are [B, heads, L, L] by definition), else padded;
// the packed attention kernel is per-row on CPU (no work on padding at all) and re-padded on CUDA (one fused
// SDPA call instead of a launch per row). Measured in docs/performance.md ("DNABERT-2: padded vs unpadded").
PaddingPath choose_padding_path(PaddingPath requested, const PackedRows& rows, bool attention_probabilities);

// Self-attention of packed rows (DNABERT-2's unpadded path). qkv: [T, 3, heads, d] for the real tokens of `rows`;
// position_bias: [heads, L, L] additive bias of an unpadded row of the batch's length L (ALiBi; it must depend only
// on positions, so a row of length l uses its top-left l x l block). Returns the context [T, heads * d].
//   unpadded_repadded_attention: as upstream bert_layers.py: qkv re-padded with zeros to [B, L, ...], attention with
//     position_bias + (1 - mask) * -10000, real rows gathered back.
//   unpadded_per_row_attention: one SDPA call per row on its own l x l block (needs right-padded rows; others fall
//     back to re-padding). Keys that the -10000 mask removes have exactly zero weight in float32 (exp underflows),
//     so both give the padded path's numbers up to rounding.
torch::Tensor packed_self_attention(const torch::Tensor& qkv, const PackedRows& rows, const torch::Tensor& position_bias,
                                    double scale, double dropout_p, bool training, PaddingPath path);

}  // namespace lnc::trainer
