#include "trainer/models/attention.h"

#include <ATen/autocast_mode.h>

#include <cmath>

#include "trainer/ops/dropout.h"

namespace lnc::trainer {
namespace {

// Attention without probabilities returned. On the CPU with dropout, ATen's SDPA takes its math path (its CPU
// flash kernel has no dropout), which draws the mask with bernoulli_. That math is repeated here, step for step
// (inputs in autocast's dtype as autocast would cast them for SDPA, then computed in float; the same saved tensors,
// so the memory plan holds), with the mask drawn by trainer/ops/dropout.h instead.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& bias,
                     double scale, double p) {
  if (p > 0 && q.device().is_cpu()) {
    torch::Tensor qc = q, kc = k, vc = v, bc = bias;
    if (at::autocast::is_autocast_enabled(at::kCPU)) {
      const auto dtype = at::autocast::get_autocast_dtype(at::kCPU);
      qc = q.to(dtype), kc = k.to(dtype), vc = v.to(dtype);
      if (bias.defined()) bc = bias.to(dtype);
    }
    c10::impl::ExcludeDispatchKeyGuard no_autocast(c10::DispatchKey::AutocastCPU);
    const auto origin = qc.scalar_type();
    auto accurate = [](const torch::Tensor& t) {
      return t.scalar_type() == torch::kBFloat16 || t.scalar_type() == torch::kHalf ? t.to(torch::kFloat32) : t;
    };
    const double root = std::sqrt(scale);
    auto scores = torch::matmul(accurate(qc) * root, accurate(kc).transpose(-2, -1) * root);
    if (bc.defined()) scores.add_(bc.to(origin));  // matmul's output is not kept for backward
    auto probabilities = at::_safe_softmax(scores, -1);
    return torch::matmul(inverted_dropout(probabilities, p, true), accurate(vc)).to(origin);
  }
  std::optional<torch::Tensor> mask;
  if (bias.defined()) mask = bias.to(q.scalar_type());
  return at::scaled_dot_product_attention(q, k, v, mask, p, /*is_causal=*/false, scale);
}

}  // namespace

AttentionResult scaled_dot_product(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   const torch::Tensor& bias, double scale, double dropout_p, bool training,
                                   bool return_probabilities) {
  AttentionResult out;
  const double p = training ? dropout_p : 0.0;
  if (!return_probabilities) {
    out.context = attend(q, k, v, bias, scale, p);
    return out;
  }
  auto scores = torch::matmul(q, k.transpose(-1, -2)) * scale;
  if (bias.defined()) scores = scores + bias.to(scores.scalar_type());
  out.probabilities = torch::softmax(scores, -1);
  auto probs = inverted_dropout(out.probabilities, p, true);
  out.context = torch::matmul(probs, v);
  return out;
}

PaddingPath choose_padding_path(PaddingPath requested, const PackedRows& rows, bool attention_probabilities) {
  if (attention_probabilities || !rows.has_padding()) return PaddingPath::padded;
  if (requested != PaddingPath::automatic) return requested;
  return rows.mask.is_cuda() ? PaddingPath::unpadded_repadded_attention : PaddingPath::unpadded_per_row_attention;
}

torch::Tensor packed_self_attention(const torch::Tensor& qkv, const PackedRows& rows, const torch::Tensor& position_bias,
                                    double scale, double dropout_p, bool training, PaddingPath path) {
  const int64_t heads = qkv.size(2), d = qkv.size(3);
  const double p = training ? dropout_p : 0.0;
  if (path == PaddingPath::unpadded_per_row_attention && rows.right_padded) {
    std::vector<torch::Tensor> contexts;
    int64_t start = 0;
    for (const int64_t l : rows.lengths) {
      if (l == 0) continue;
      auto row = qkv.narrow(0, start, l);  // [l, 3, heads, d]
      auto part = [&](int t) { return row.select(1, t).transpose(0, 1).unsqueeze(0); };  // [1, heads, l, d]
      auto bias = position_bias.narrow(1, 0, l).narrow(2, 0, l).unsqueeze(0).to(qkv.scalar_type());
      auto ctx = attend(part(0), part(1), part(2), bias, scale, p);
      contexts.push_back(ctx.squeeze(0).transpose(0, 1).reshape({l, heads * d}));
      start += l;
    }
    return contexts.empty() ? qkv.new_zeros({0, heads * d}) : torch::cat(contexts, 0);
  }
  auto padded = rows.pad(qkv);  // [B, L, 3, heads, d], zeros at padding as upstream's pad_input
  auto part = [&](int t) { return padded.select(2, t).permute({0, 2, 1, 3}); };
  auto bias = additive_padding_mask(rows.mask, qkv.scalar_type(), -10000.0) + position_bias.unsqueeze(0);
  auto ctx = attend(part(0), part(1), part(2), bias.to(qkv.scalar_type()), scale, p);
  return rows.unpad(ctx.transpose(1, 2).reshape({rows.batch, rows.length, heads * d}));
}

torch::Tensor additive_padding_mask(const torch::Tensor& attention_mask, torch::ScalarType dtype, double fill) {
  auto m = attention_mask.to(dtype).unsqueeze(1).unsqueeze(2);
  return (1.0 - m) * fill;
}

torch::Tensor apply_rotary(const torch::Tensor& x, const torch::Tensor& inv_freq) {
  const int64_t L = x.size(-2), half = x.size(-1) / 2;
  auto t = torch::arange(L, inv_freq.options());
  auto freqs = torch::outer(t, inv_freq);
  auto emb = torch::cat({freqs, freqs}, -1);
  auto cos = emb.cos().to(x.scalar_type()), sin = emb.sin().to(x.scalar_type());
  auto rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
  return x * cos + rotated * sin;
}

torch::Tensor rotary_inv_freq(int64_t head_dim, double base) {
  auto exponent = torch::arange(0, head_dim, 2, torch::kInt64).to(torch::kFloat32) / static_cast<double>(head_dim);
  return 1.0 / torch::pow(base, exponent);
}

}  // namespace lnc::trainer
