#include "trainer/models/attention.h"

namespace lnc::trainer {

AttentionResult scaled_dot_product(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                   const torch::Tensor& bias, double scale, double dropout_p, bool training,
                                   bool return_probabilities) {
  AttentionResult out;
  const double p = training ? dropout_p : 0.0;
  if (!return_probabilities) {
    std::optional<torch::Tensor> mask;
    if (bias.defined()) mask = bias.to(q.scalar_type());
    out.context = at::scaled_dot_product_attention(q, k, v, mask, p, /*is_causal=*/false, scale);
    return out;
  }
  auto scores = torch::matmul(q, k.transpose(-1, -2)) * scale;
  if (bias.defined()) scores = scores + bias.to(scores.scalar_type());
  out.probabilities = torch::softmax(scores, -1);
  auto probs = p > 0 ? torch::dropout(out.probabilities, p, true) : out.probabilities;
  out.context = torch::matmul(probs, v);
  return out;
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
